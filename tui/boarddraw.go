package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"rolo/model"
)

// minColumnWidth is the narrowest a board column gets before the board
// scrolls sideways instead.
const minColumnWidth = 19

// cardHeight is the rows one card takes: title, account and value, next
// step, and a gap; columnHeader the rows above the cards: name and count,
// total, weighted total, and a rule.
const (
	cardHeight   = 4
	columnHeader = 4
)

func (v *boardView) view() string {
	st := v.ctx.styles
	var top string
	if v.filter.shown() {
		top = v.filter.view(st, v.width) + "\n"
	}
	switch {
	case v.err != nil:
		return top + st.Danger.Render(v.err.Error())
	case !v.loaded:
		return top + st.Subtle.Render("Loading the pipeline…")
	case v.showTable:
		return top + v.table.view()
	}
	return top + v.boardView()
}

// boardView draws the columns that fit, keeping the selected one visible.
func (v *boardView) boardView() string {
	st := v.ctx.styles
	if len(v.cols) == 0 {
		return st.Subtle.Render("No stages: add one with `rolo stages add NAME`.")
	}
	n := v.visibleColumns()
	if v.col < v.left {
		v.left = v.col
	}
	if v.col >= v.left+n {
		v.left = v.col - n + 1
	}
	v.left = max(0, min(v.left, len(v.cols)-n))
	colW := (v.width - (n - 1)) / n
	h := v.height - v.filterHeight()
	parts := make([]string, 0, 2*n)
	for i := v.left; i < v.left+n; i++ {
		if i > v.left {
			parts = append(parts, st.Rule.Render(strings.Repeat("│\n", max(0, h-1))+"│"))
		}
		parts = append(parts, v.columnView(i, colW, h))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, parts...)
}

// visibleColumns is how many columns fit side by side.
func (v *boardView) visibleColumns() int {
	return min(max(1, (v.width+1)/(minColumnWidth+1)), len(v.cols))
}

func (v *boardView) columnView(i, w, h int) string {
	st := v.ctx.styles
	c := v.cols[i]
	active := i == v.col
	head := st.ColumnHead
	if active {
		head = st.ColumnHeadActive
	}
	name := strings.ToUpper(model.Clean(c.sum.Stage.Name))
	// Arrows on the outer columns say more stages are off-screen.
	if i == v.left && i > 0 {
		name = "‹ " + name
	}
	num := count(c.sum.Count)
	if i == v.left+v.visibleColumns()-1 && i < len(v.cols)-1 {
		num += " ›"
	}
	weighted := "⚖ " + c.sum.Weighted.Short()
	if lipgloss.Width(weighted+" weighted") <= w {
		weighted += " weighted"
	}
	lines := []string{
		spread(head.Render(name), head.Render(num), w),
		pad(st.Bold.Render(c.sum.Total.Short()), w),
		pad(st.Subtle.Render(weighted), w),
		st.Rule.Render(strings.Repeat("─", w)),
	}
	if c.sum.Count == 0 {
		return strings.Join(append(lines, st.Faint.Render(pad("no deals", w))), "\n")
	}
	stage := c.sum.Stage
	today, now := v.ctx.clock.Today(), v.ctx.clock.Now()
	if c.drawnActive != active { // the selected card is highlighted only in the active column
		c.list.drawn.reset()
		c.drawnActive = active
	}
	lines = append(lines, c.list.draw(h-len(lines), w, func(d model.Deal, selected bool) []string {
		return v.cardView(d, stage, selected && active, w, today, now)
	})...)
	return strings.Join(lines, "\n")
}

// cardView draws one deal: title (and a stale badge), account and value,
// and the next step with its due date coloured by urgency.
func (v *boardView) cardView(d model.Deal, stage model.Stage, selected bool, w int, today model.Date, now time.Time) []string {
	st := v.ctx.styles
	inner := w - 2
	var badge string
	if d.IsRotting(stage, now) {
		badge = st.Warning.Render(fmt.Sprintf("◷%dd", d.DaysIdle(now)))
	}
	title := spread(st.Bold.Render(shortTitle(d)), badge, inner)
	acct := spread(st.Subtle.Render(safe(d.AccountName, inner)), d.Value.Short(), inner)
	next := cardNextStep(st, d, today, v.ctx.clock.DateOrder, inner)
	bar, bg := st.CardBarDim.Render(" "), st.Card
	if selected {
		bar, bg = st.CardBar.Render("▌"), st.CardSelected
	}
	return []string{
		bar + bg.Render(" "+pad(title, inner)),
		bar + bg.Render(" "+pad(acct, inner)),
		bar + bg.Render(" "+pad(next, inner)),
		"",
	}
}

// cardNextStep is the card's compact next-step line, so a narrow column
// still shows what the step is: "⚠3d Send proposal", "● Call back",
// "→Fri Demo", "∅ no next step".
func cardNextStep(st Styles, d model.Deal, today model.Date, order model.DateOrder, w int) string {
	step := model.Clean(d.NextStep)
	switch d.NextStepState(today) {
	case model.NextNone:
		return st.Warning.Render(pad("∅ no next step", w))
	case model.NextOverdue:
		mark := fmt.Sprintf("⚠%dd ", d.NextDue.DaysUntil(today))
		return st.Danger.Render(mark) + st.Subtle.Render(safe(step, w-lipgloss.Width(mark)))
	case model.NextToday:
		return st.Accent.Render("● ") + safe(step, w-2)
	}
	if d.NextDue.IsZero() {
		return st.Subtle.Render(safe(step, w))
	}
	mark := "→" + compactDue(d.NextDue, today, order) + " "
	return st.Subtle.Render(mark) + safe(step, w-lipgloss.Width(mark))
}

// compactDue is "tmrw", "Fri", "12/4" (in the user's date order) — a
// due date in at most five cells.
func compactDue(d, today model.Date, order model.DateOrder) string {
	days := today.DaysUntil(d)
	switch {
	case days == 1:
		return "tmrw"
	case days > 1 && days < 7:
		return d.Weekday().String()[:3]
	case order == model.DayFirst:
		return fmt.Sprintf("%d/%d", d.Day, d.Month)
	}
	return fmt.Sprintf("%d/%d", d.Month, d.Day)
}

// nextStepLine is "⚠ 3d overdue · Send proposal" (red), "● today · …",
// "→ Fri · …", or "∅ no next step" (amber).
func nextStepLine(st Styles, d model.Deal, today model.Date, w int) string {
	switch d.NextStepState(today) {
	case model.NextNone:
		return st.Warning.Render(pad("∅ no next step", w))
	case model.NextOverdue:
		return st.Danger.Render("⚠ "+dueText(d.NextDue, today)) + " " + st.Subtle.Render(safe(d.NextStep, w))
	case model.NextToday:
		return st.Accent.Render("● today") + " " + safe(d.NextStep, w)
	}
	due := dueText(d.NextDue, today)
	if due == "" {
		return st.Subtle.Render(safe(d.NextStep, w))
	}
	return st.Subtle.Render("→ "+due+" ") + safe(d.NextStep, w)
}
