package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// The Metrics tab's charts, drawn with Lip Gloss (no chart library
// supports Bubble Tea v2). Every part reads without colour: the stacked
// kinds have their own glyphs and a legend, sparklines their range in
// words.

// Glyphs of the stacked revenue bars, one per kind of deal.
const (
	glyphNew       = "█"
	glyphExpansion = "▓"
	glyphRenewal   = "░"
)

// revenueLegend names the glyphs.
func revenueLegend(st Styles) string {
	return st.BarNew.Render(glyphNew) + " new  " + st.BarExpansion.Render(glyphExpansion) + " expansion  " +
		st.BarRenewal.Render(glyphRenewal) + " renewal"
}

// revenueCurrencies are the currencies with revenue in the months,
// largest twelve-month total first: each gets its own chart.
func revenueCurrencies(months []model.MonthRevenue) []string {
	totals := model.Totals{}
	for _, m := range months {
		for _, t := range m.Revenue {
			for cur, v := range t {
				totals[cur] += v
			}
		}
	}
	var out []string
	for _, a := range totals.Amounts() {
		if a.Minor > 0 {
			out = append(out, a.Currency)
		}
	}
	return out
}

// revenueChartWidth is the narrowest a month chart is drawn: room for
// bars two cells wide.
const revenueChartWidth = 46

// revenueChart draws one currency's won revenue by month as bars of h
// rows, each stacked new / expansion / renewal, in w cells.
func revenueChart(st Styles, months []model.MonthRevenue, cur string, w, h int) []string {
	type month struct{ parts [3]int64 }
	data := make([]month, len(months))
	var top int64
	for i, m := range months {
		for k, kind := range model.DealKinds {
			data[i].parts[k] = m.Revenue[kind][cur]
		}
		top = max(top, data[i].parts[0]+data[i].parts[1]+data[i].parts[2])
	}
	topLabel := model.Money{Minor: top, Currency: cur}.Short()
	lw := lipgloss.Width(topLabel)
	plot := w - lw - 2
	n := max(1, len(months))
	bw := max(1, min(3, plot/n-1))
	gap := 1
	if plot < n*2 {
		gap = 0
	}
	glyphs := []string{st.BarNew.Render(glyphNew), st.BarExpansion.Render(glyphExpansion), st.BarRenewal.Render(glyphRenewal)}
	slivers := []string{st.BarNew.Render("▁"), st.BarExpansion.Render("▁"), st.BarRenewal.Render("▁")}
	// rows[i] is how many rows month i's stack reaches after each part:
	// rounding the running totals keeps the stack as tall as the total.
	reach := make([][3]int, len(data))
	for i, m := range data {
		var sum int64
		for k, v := range m.parts {
			sum += v
			if top > 0 {
				reach[i][k] = int(math.Round(float64(sum) * float64(h) / float64(top)))
			}
		}
	}
	var total int64
	for _, m := range data {
		total += m.parts[0] + m.parts[1] + m.parts[2]
	}
	lines := []string{st.Bold.Render(cur) + st.Subtle.Render(" · "+model.Money{Minor: total, Currency: cur}.String()+" in the 12 months")}
	for y := h - 1; y >= 0; y-- {
		axis := strings.Repeat(" ", lw) + " │"
		if y == h-1 {
			axis = padLeft(topLabel, lw) + " ┤"
		}
		var b strings.Builder
		b.WriteString(st.Faint.Render(axis))
		for i, m := range data {
			cell := " "
			for k := range 3 {
				if y < reach[i][k] {
					cell = glyphs[k]
					break
				}
			}
			if y == 0 && reach[i][2] == 0 && m.parts[0]+m.parts[1]+m.parts[2] > 0 {
				// Too small for a row: a sliver in the colour of its
				// largest part says it is not nothing.
				big := 0
				for k := range 3 {
					if m.parts[k] > m.parts[big] {
						big = k
					}
				}
				cell = slivers[big]
			}
			b.WriteString(strings.Repeat(" ", gap) + strings.Repeat(cell, bw))
		}
		lines = append(lines, b.String())
	}
	lines = append(lines, st.Faint.Render(padLeft("0", lw)+" └"+strings.Repeat("─", n*(bw+gap))))
	var labels strings.Builder
	labels.WriteString(strings.Repeat(" ", lw+2))
	for _, m := range months {
		name := m.Month.From.Month.String()
		label := name[:1]
		if bw >= 3 {
			label = name[:3]
		}
		labels.WriteString(strings.Repeat(" ", gap) + pad(label, bw))
	}
	lines = append(lines, st.Faint.Render(labels.String()))
	for i, l := range lines {
		lines[i] = pad(l, w)
	}
	return lines
}

// sparkLevels are the glyphs of a sparkline, lowest first.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// sparkline draws ratios as one glyph per value (repeated per times),
// scaled from the lowest to the highest valid value; a value that has no
// figure is "·". It returns the range it was scaled to.
func sparkline(vals []model.Ratio, per int) (line string, lo, hi model.Ratio, ok bool) {
	for _, v := range vals {
		if !v.Valid() {
			continue
		}
		if !ok || v.Cmp(lo) < 0 {
			lo = v
		}
		if !ok || v.Cmp(hi) > 0 {
			hi = v
		}
		ok = true
	}
	var b strings.Builder
	for _, v := range vals {
		g := "·"
		if v.Valid() {
			level := 3
			if span := hi.Float() - lo.Float(); span > 0 {
				level = int(math.Round((v.Float() - lo.Float()) / span * float64(len(sparkLevels)-1)))
			}
			g = string(sparkLevels[level])
		}
		b.WriteString(strings.Repeat(g, per))
	}
	return b.String(), lo, hi, ok
}

// quarterLines draws win rate, GRR and NRR per currency over the
// quarters as sparklines, each with its latest value and its range.
func quarterLines(st Styles, quarters []model.QuarterTrend, w int) []string {
	if len(quarters) == 0 {
		return nil
	}
	type series struct {
		label string
		vals  []model.Ratio
		dec   int
	}
	all := []series{{label: "Win rate", dec: 0}}
	for _, q := range quarters {
		all[0].vals = append(all[0].vals, q.WinRate.Rate())
	}
	currencies := map[string]bool{}
	for _, q := range quarters {
		for cur := range q.Retention {
			currencies[cur] = true
		}
	}
	for _, cur := range sortedKeys(currencies) {
		grr, nrr := series{label: "GRR " + cur, dec: 1}, series{label: "NRR " + cur, dec: 1}
		for _, q := range quarters {
			r := q.Retention[cur]
			grr.vals, nrr.vals = append(grr.vals, r.GRR()), append(nrr.vals, r.NRR())
		}
		all = append(all, grr, nrr)
	}
	per := 2
	if w < 60 {
		per = 1
	}
	var lines []string
	for _, s := range all {
		spark, lo, hi, ok := sparkline(s.vals, per)
		latest := s.vals[len(s.vals)-1]
		rng := "no figure yet"
		if ok {
			rng = "range " + lo.Percent(s.dec) + " – " + hi.Percent(s.dec)
		}
		line := pad(s.label, 10) + " " + st.Accent.Render(spark) + "  " + st.Figure.Render(padLeft(latest.Percent(s.dec), 6)) +
			"  " + st.Faint.Render(rng)
		lines = append(lines, pad(line, w))
	}
	return lines
}

// monthSpan names the months of the revenue chart: "Dec 2025 – Nov 2026".
func monthSpan(months []model.MonthRevenue) string {
	if len(months) == 0 {
		return ""
	}
	f, l := months[0].Month.From, months[len(months)-1].Month.From
	return fmt.Sprintf("%s %d – %s %d", f.Month.String()[:3], f.Year, l.Month.String()[:3], l.Year)
}

// quarterSpan names the quarters a sparkline covers: "Q1 2025 – Q4 2026".
func quarterSpan(quarters []model.QuarterTrend) string {
	if len(quarters) == 0 {
		return ""
	}
	q := func(p model.Period) string { return fmt.Sprintf("Q%d %d", (int(p.From.Month)-1)/3+1, p.From.Year) }
	return q(quarters[0].Quarter) + " – " + q(quarters[len(quarters)-1].Quarter) + " (to date)"
}

// eighths are the partial blocks of a horizontal bar.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// hbar is a horizontal bar of v/top of w cells, to an eighth of a cell.
func hbar(v, top, w int) string {
	if top <= 0 || v <= 0 || w <= 0 {
		return ""
	}
	e := int(math.Round(float64(v) * float64(w*8) / float64(top)))
	e = max(1, min(e, w*8))
	return strings.Repeat("█", e/8) + eighths[e%8]
}

// funnelLines draws the conversion cohort as bars of the deals that
// reached each stage, then those won, each with its count and the step's
// conversion.
func funnelLines(st Styles, f model.Funnel, w int) []string {
	names := make([]string, 0, len(f.Stages)+1)
	for _, s := range f.Stages {
		names = append(names, model.Clean(s.Stage.Name))
	}
	names = append(names, "Won")
	lw := 4
	for _, n := range names {
		lw = max(lw, min(16, lipgloss.Width(n)))
	}
	top := max(f.Cohort, 1)
	countW := max(5, len(count(f.Cohort)))
	barW := max(4, w-lw-countW-10)
	var lines []string
	prev := -1
	for i, n := range names {
		v := f.Won
		if i < len(f.Stages) {
			v = f.Stages[i].Reached
		}
		rate := ""
		if prev >= 0 && i < len(f.Stages) {
			rate = model.Ratio{Num: int64(v), Den: int64(prev)}.Percent(0)
		}
		style := st.BarNew
		if i == len(f.Stages) {
			style = st.Success
		}
		line := pad(ansi.Truncate(n, lw, "…"), lw) + " " + style.Render(pad(hbar(v, top, barW), barW)) + " " +
			padLeft(count(v), countW) + " " + st.Subtle.Render(padLeft(rate, 4))
		lines = append(lines, pad(line, w))
		prev = v
	}
	return lines
}

// trustDeals is how many closed deals a measured probability needs
// before it is worth trusting; below it the forecast marks it "⚠ few".
// Thirty is the usual rule of thumb for a proportion: with fewer, the
// margin of error passes ±15 points.
const (
	trustDeals     = 30
	trustDealsText = "30"
)

// forecastLines draws the honest forecast: each stage's configured and
// measured probability with the deals behind the measure, then the open
// pipeline weighed both ways in each currency.
func forecastLines(st Styles, f model.Forecast, w int, today model.Date) []string {
	lines := []string{st.Subtle.Render(safe(fmt.Sprintf("Measured = share won of closed deals that reached the stage since %s",
		f.Window.From.Short(today)), w))}
	if len(f.Stages) == 0 {
		return append(lines, st.Subtle.Render("The board has no stages."))
	}
	lw := 5
	for _, s := range f.Stages {
		lw = max(lw, min(16, lipgloss.Width(model.Clean(s.Stage.Name))))
	}
	head := pad("Stage", lw) + " " + padLeft("Configured", 10) + " " + padLeft("Measured", 8) + "  " + pad("behind it", 16) +
		" " + padLeft("Open", 6) + "  Open value"
	lines = append(lines, st.TableHead.Render(pad(head, w)))
	for _, s := range f.Stages {
		measured, behind := s.Measured().Percent(0), "of "+count(s.Closed)+" closed"
		style := st.App
		switch {
		case s.Closed == 0:
			behind = "none closed yet"
			style = st.Faint
		case s.Closed < trustDeals:
			behind = "of " + count(s.Closed) + " ⚠ few"
			style = st.Warning
		}
		line := pad(ansi.Truncate(model.Clean(s.Stage.Name), lw, "…"), lw) + " " + padLeft(fmt.Sprintf("%d%%", s.Stage.Probability), 10) + " " +
			st.Figure.Render(padLeft(measured, 8)) + "  " + style.Render(pad(behind, 16)) + " " + padLeft(count(s.OpenDeals), 6) + "  " +
			st.Subtle.Render(totalsShort(s.Open))
		lines = append(lines, pad(line, w))
	}
	lines = append(lines, "", st.TableHead.Render(pad(pad("Weighted pipeline", 18)+" "+padLeft("as configured", 18)+" "+
		padLeft("as measured", 18)+"  change", w)))
	currencies := map[string]bool{}
	for cur := range f.Configured {
		currencies[cur] = true
	}
	for cur := range f.Measured {
		currencies[cur] = true
	}
	order := sortedKeys(currencies)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Compare(f.Configured[b].Money(b).Minor, f.Configured[a].Money(a).Minor)
	})
	if len(order) == 0 {
		lines = append(lines, st.Subtle.Render("No open deals."))
	}
	for _, cur := range order {
		conf := f.Configured[cur].Money(cur)
		meas := model.Money{Minor: f.Measured[cur], Currency: cur}
		change := model.MoneyDelta(meas.Minor, conf.Minor)
		line := pad(cur, 18) + " " + padLeft(conf.String(), 18) + " " + st.Figure.Render(padLeft(meas.String(), 18)) + "  " +
			st.Subtle.Render(change)
		lines = append(lines, pad(line, w))
	}
	return lines
}
