package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// Drawing the Renewals tab: its columns, the header's window and figures.

func (v *renewalsView) columns() []column[store.RenewalRow] {
	st := func() Styles { return v.ctx.styles }
	today := func() model.Date { return v.ctx.clock.Today() }
	dim := func(r store.RenewalRow, s lipgloss.Style) lipgloss.Style {
		if r.Part != store.PartQueue {
			return st().Faint
		}
		return s
	}
	plain := func(r store.RenewalRow) lipgloss.Style { return dim(r, st().App) }
	subtle := func(r store.RenewalRow) lipgloss.Style { return dim(r, st().Subtle) }
	return []column[store.RenewalRow]{
		{title: "Account", min: 14, max: 30, flex: true, text: accountText, style: plain},
		{title: "Value", right: true, min: 5, text: func(r store.RenewalRow) string { return r.Contract.Value.Short() }, style: plain},
		{title: "Ends", min: 11, text: func(r store.RenewalRow) string { return endsText(r.Contract, today()) }, style: plain},
		{title: "Notice", min: 8, text: func(r store.RenewalRow) string { return noticeText(r.Contract, today(), v.thisWeek()) },
			style: func(r store.RenewalRow) lipgloss.Style {
				switch noticeState(r.Contract, today(), v.thisWeek()) {
				case noticePassed:
					return dim(r, st().Danger)
				case noticeThisWeek:
					return dim(r, st().Warning)
				}
				return plain(r)
			}},
		{title: "Auto", min: 4, text: func(r store.RenewalRow) string {
			switch {
			case r.Contract.AwaitingAutoRenewal(today()):
				return "auto-renewed?"
			case r.Contract.AutoRenew:
				return "↻"
			}
			return ""
		}, style: func(r store.RenewalRow) lipgloss.Style {
			if r.Contract.AwaitingAutoRenewal(today()) {
				return dim(r, st().Accent)
			}
			return subtle(r)
		}},
		{title: "Health", min: 14, max: 46, flex: true, text: func(r store.RenewalRow) string { return healthText(r, today()) },
			style: func(r store.RenewalRow) lipgloss.Style {
				if r.Part == store.PartQueue && r.Health != nil && r.Health.AtRisk() {
					return st().Danger
				}
				return subtle(r)
			}},
		{title: "Touch", right: true, min: 5, keep: 1, text: func(r store.RenewalRow) string { return ago(r.Account.LastTouchAt, v.ctx.clock.Now()) },
			style: subtle},
		{title: "Issues", min: 6, keep: 2, text: issuesText, style: func(r store.RenewalRow) lipgloss.Style {
			if r.WorstIssue == model.SevUrgent || r.WorstIssue == model.SevHigh {
				return dim(r, st().Warning)
			}
			return subtle(r)
		}},
		{title: "Deal", min: 7, max: 14, keep: 3, text: func(r store.RenewalRow) string {
			if r.Deal.ID == 0 {
				return "—"
			}
			return v.ctx.stageName(r.Deal.StageID)
		}, style: subtle},
		{title: "Snoozed", min: 7, keep: 4, hideEmpty: true, text: func(r store.RenewalRow) string {
			if r.Part != store.PartSnoozed {
				return ""
			}
			return "→ " + r.Contract.SnoozedUntil.Short(today())
		}, style: subtle},
	}
}

// thisWeek is the calendar week of today (for the notice deadline's
// amber), whatever window is shown.
func (v *renewalsView) thisWeek() model.RenewalWindow {
	return model.Window(model.WindowWeek, v.ctx.clock.Today(), v.ctx.settings.WeekStart)
}

// endsText is a contract's end and the days left: "Nov 28 · 1d",
// "Nov 20 · 7d ago".
func endsText(c model.Contract, today model.Date) string {
	left := c.DaysLeft(today)
	switch {
	case left < 0:
		return fmt.Sprintf("%s · %dd ago", c.End.Short(today), -left)
	case left == 0:
		return c.End.Short(today) + " · today"
	}
	return fmt.Sprintf("%s · %dd", c.End.Short(today), left)
}

type noticeStatus int

const (
	noticeAhead noticeStatus = iota
	noticeThisWeek
	noticePassed
)

func noticeState(c model.Contract, today model.Date, week model.RenewalWindow) noticeStatus {
	switch n := c.NoticeDate(); {
	case c.Status != model.ContractActive:
		return noticeAhead
	case n.Before(today):
		return noticePassed
	case week.Covers(n):
		return noticeThisWeek
	}
	return noticeAhead
}

// noticeText is the notice deadline, marked so it reads without colour:
// "⚠ Sep 29" passed, "● Nov 29" this week.
func noticeText(c model.Contract, today model.Date, week model.RenewalWindow) string {
	d := c.NoticeDate().Short(today)
	switch noticeState(c, today, week) {
	case noticePassed:
		return "⚠ " + d
	case noticeThisWeek:
		return "● " + d
	}
	return "  " + d
}

// healthText is the account's health as the Accounts list shows it —
// the score (with ! when at risk) and the reason that cost it most — or
// a decided contract's decision.
func healthText(r store.RenewalRow, today model.Date) string {
	c := r.Contract
	switch {
	case c.Status == model.ContractRenewed && r.Next.ID != 0:
		return fmt.Sprintf("✓ renewed → %s to %s", r.Next.Value.Short(), r.Next.End.Short(today))
	case c.Status == model.ContractRenewed:
		return "✓ renewed"
	case c.Status == model.ContractChurned:
		return "✗ churned: " + model.Clean(c.ChurnReason)
	case r.Health == nil:
		return "—" // a prospect or a churned account has no health
	case r.Health.AtRisk():
		// Marked so it reads without colour: "55! −20 1 urgent issue open 6d".
		return fmt.Sprintf("%d! %s", r.Health.Score, mainReason(*r.Health))
	}
	return fmt.Sprintf("%d %s", r.Health.Score, mainReason(*r.Health))
}

// accountText names a row's account, and says when the contract renews
// with others ending the same day: "Initech + add-on" on the contract the
// add-on joined, "Initech (add-on)" on the add-on.
func accountText(r store.RenewalRow) string {
	name := model.Clean(r.Account.Name)
	switch n := len(r.With); {
	case n == 0:
		return name
	case model.GroupBase(r.Contract, r.With).ID != r.Contract.ID:
		return name + " (add-on)"
	case n == 1:
		return name + " + add-on"
	default:
		return fmt.Sprintf("%s + %d add-ons", name, n)
	}
}

// issuesText is the open issues: "2 urgent", "1", "—".
func issuesText(r store.RenewalRow) string {
	switch {
	case r.OpenIssues == 0:
		return "—"
	case r.WorstIssue == model.SevUrgent || r.WorstIssue == model.SevHigh:
		return fmt.Sprintf("%d %s", r.OpenIssues, r.WorstIssue)
	}
	return fmt.Sprint(r.OpenIssues)
}

func (v *renewalsView) view() string {
	st := v.ctx.styles
	w := v.window()
	lines := []string{v.headerLine(w), v.figuresLine()}
	if v.filter.shown() {
		lines = append(lines, v.filter.view(st, v.width))
	}
	if s := v.list.state("renewals"); s != "" {
		return strings.Join(append(lines, " "+s), "\n")
	}
	if v.list.total == 0 {
		what := "this week"
		switch v.kind {
		case model.WindowNext30:
			what = "in the next 30 days"
		case model.WindowQuarter:
			what = "this quarter"
		case model.WindowAll:
			what = "at all"
		}
		if v.filter.value() != "" {
			return strings.Join(append(lines, "", st.Subtle.Render("  No contract of an account matching the filter is up for renewal "+what+".")), "\n")
		}
		return strings.Join(append(lines, "", st.Success.Render("  ✓ Nothing to decide "+what+"."),
			st.Subtle.Render("    No contract's notice deadline or end falls in it, and nothing is overdue."),
			"", st.Faint.Render("  m shows the next 30 days · q this quarter · a every contract still to decide")), "\n")
	}
	widths := tableWidths(&v.layout, v.cols, v.list, v.width-1)
	lines = append(lines, st.TableHead.Render(pad(" "+tableHeader(v.cols, widths, -1, false), v.width)))
	lines = append(lines, v.list.draw(v.rows(), v.width, func(r store.RenewalRow, selected bool) []string {
		return []string{tableRow(st, v.cols, widths, r, selected, v.width)}
	})...)
	return strings.Join(lines, "\n")
}

// headerLine names the window, with the keys that change it (the shown
// one in brackets, so it reads without colour).
func (v *renewalsView) headerLine(w model.RenewalWindow) string {
	st := v.ctx.styles
	k := v.ctx.keys.Renewals
	var keys []string
	for _, o := range []struct {
		b    key.Binding
		kind model.WindowKind
		name string
	}{{k.Week, model.WindowWeek, "week"}, {k.Month, model.WindowNext30, "30 days"}, {k.Quarter, model.WindowQuarter, "quarter"}, {k.All, model.WindowAll, "all"}} {
		label := o.b.Help().Key + " " + o.name
		if o.kind == v.kind {
			keys = append(keys, st.Accent.Render("["+label+"]"))
		} else {
			keys = append(keys, st.Faint.Render(" "+label+" "))
		}
	}
	label := w.Label() + " and everything overdue"
	if v.kind == model.WindowAll {
		label = "every contract still to decide"
	}
	right := strings.Join(keys, "")
	if v.width < 110 {
		// Narrow: the keys alone, the shown one in brackets.
		keys = keys[:0]
		for _, o := range []struct {
			b    key.Binding
			kind model.WindowKind
		}{{k.Week, model.WindowWeek}, {k.Month, model.WindowNext30}, {k.Quarter, model.WindowQuarter}, {k.All, model.WindowAll}} {
			if o.kind == v.kind {
				keys = append(keys, st.Accent.Render("["+o.b.Help().Key+"]"))
			} else {
				keys = append(keys, st.Faint.Render(" "+o.b.Help().Key+" "))
			}
		}
		right = strings.Join(keys, "")
		label = w.Label() + " + overdue"
	}
	return spread(" "+st.Title.Render("Renewals")+st.Subtle.Render(" · "+label), right, v.width)
}

// figuresLine is the header's figures: up for renewal, at risk, snoozed
// and decided, each a count and its value per year per currency (shorter
// words when the screen is narrow).
func (v *renewalsView) figuresLine() string {
	meta, ok := v.list.meta.(renewalsMeta)
	if !ok {
		return ""
	}
	line := v.figures(meta.sum, false)
	if lipgloss.Width(line) > v.width {
		line = v.figures(meta.sum, true)
	}
	return line
}

func (v *renewalsView) figures(sum store.RenewalSummary, short bool) string {
	st := v.ctx.styles
	word := func(long, brief string) string {
		if short {
			return brief
		}
		return long
	}
	var parts []string
	if sum.Up.Count == 0 {
		parts = append(parts, st.Subtle.Render(word("nothing up for renewal", "none up")))
	} else {
		parts = append(parts, st.Bold.Render(count(sum.Up.Count)+word(" up for renewal", " up"))+" "+sum.Up.Value.Short())
	}
	switch {
	case v.riskErr != nil:
		parts = append(parts, st.Danger.Render("at risk: "+v.riskErr.Error()))
	case v.risk == nil:
		parts = append(parts, st.Faint.Render("at risk …"))
	case v.risk.Count > 0:
		parts = append(parts, st.Danger.Render(count(v.risk.Count)+" at risk")+" "+v.risk.Value.Short())
	default:
		parts = append(parts, st.Subtle.Render(word("none at risk", "0 at risk")))
	}
	if sum.Snoozed.Count > 0 {
		parts = append(parts, st.Subtle.Render(count(sum.Snoozed.Count)+" snoozed"))
	}
	var decided []string
	if sum.Renewed.Count > 0 {
		decided = append(decided, st.Success.Render(count(sum.Renewed.Count)+" renewed")+" "+sum.Renewed.Value.Short())
	}
	if sum.Churned.Count > 0 {
		decided = append(decided, st.Danger.Render(count(sum.Churned.Count)+" churned")+" "+sum.Churned.Value.Short())
	}
	switch {
	case len(decided) == 0:
		parts = append(parts, st.Subtle.Render(word("nothing decided yet", "0 decided")))
	case short:
		parts = append(parts, decided...)
	default:
		parts = append(parts, st.Subtle.Render("decided: ")+strings.Join(decided, st.Subtle.Render(", ")))
	}
	return " " + strings.Join(parts, st.Faint.Render(" · "))
}
