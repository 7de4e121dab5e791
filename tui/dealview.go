package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
)

// dealView is one deal in full: its fields, its stage history (when it
// entered each stage and how long it stayed) and its timeline (notes and
// activities), each entry readable in full with enter. It is pushed over
// the view it was opened from; esc goes back.
type dealView struct {
	ctx        *appContext
	id         int64
	req        uint64
	deal       model.Deal
	events     []model.DealEvent
	activities []model.Activity
	loaded     bool
	err        error
	cursor     int // the selected timeline entry
	width      int
	height     int
}

type dealViewMsg struct {
	view       *dealView
	req        uint64
	deal       model.Deal
	events     []model.DealEvent
	activities []model.Activity
	err        error
}

// dealTimelineLimit is how much of a deal's activity the page reads.
const dealTimelineLimit = 500

func newDealView(c *appContext, id int64) *dealView { return &dealView{ctx: c, id: id} }

func (v *dealView) title() string {
	if v.loaded && v.err == nil {
		return "Deal — " + model.Clean(v.deal.Title)
	}
	return "Deal"
}

func (v *dealView) load() tea.Cmd {
	v.req++
	s, req, id, self := v.ctx.store, v.req, v.id, v
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		msg := dealViewMsg{view: self, req: req}
		if msg.deal, msg.err = s.Deal(ctx, id); msg.err != nil {
			return msg
		}
		if msg.events, msg.err = s.DealEvents(ctx, id); msg.err != nil {
			return msg
		}
		msg.activities, msg.err = s.DealActivities(ctx, id, dealTimelineLimit)
		return msg
	}
}

func (v *dealView) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(dealViewMsg)
	if !ok || m.view != v || m.req != v.req {
		return nil
	}
	v.loaded, v.err = true, m.err
	if m.err == nil {
		v.deal, v.events, v.activities = m.deal, m.events, m.activities
		v.cursor = min(v.cursor, max(0, len(v.entries())-1))
	}
	return nil
}

// entry is one line of the timeline that opens in full.
type entry struct {
	when  string
	kind  string
	text  string
	title string
}

// entries are the deal's notes, then its activities, newest first.
func (v *dealView) entries() []entry {
	today := v.ctx.clock.Today()
	var out []entry
	if strings.TrimSpace(v.deal.Notes) != "" {
		out = append(out, entry{when: "", kind: "notes", text: v.deal.Notes, title: "Notes — " + model.Clean(v.deal.Title)})
	}
	for _, a := range v.activities {
		when := "due " + a.Due.Short(today)
		if a.Done() {
			when = v.ctx.clock.DateOf(a.At).Short(today)
		}
		out = append(out, entry{when: when, kind: string(a.Kind), text: a.Text,
			title: fmt.Sprintf("%s %s — %s", strings.ToUpper(string(a.Kind[:1]))+string(a.Kind[1:]), when, model.Clean(v.deal.Title))})
	}
	return out
}

func (v *dealView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if !v.loaded || v.err != nil {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.List.Down):
		v.cursor = min(v.cursor+1, max(0, len(v.entries())-1))
		return nil, true
	case key.Matches(msg, k.List.Up):
		v.cursor = max(0, v.cursor-1)
		return nil, true
	case key.Matches(msg, k.List.Open):
		if es := v.entries(); v.cursor < len(es) {
			return openDialog(newTextDialog(v.ctx, es[v.cursor].title, es[v.cursor].text)), true
		}
		return nil, true
	}
	return dealAction(v.ctx, k.Deal, msg, v.deal)
}

func (v *dealView) setSize(w, h int) { v.width, v.height = w, h }
func (v *dealView) capturing() bool  { return false }

func (v *dealView) help() helpSet {
	k := v.ctx.keys
	read := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "read in full"))
	return helpSet{
		short: append([]key.Binding{k.Global.Back, summary("j/k", "entries"), read}, dealHelp(k.Deal, v.deal)...),
		full:  [][]key.Binding{{k.List.Down, k.List.Up, read}, dealHelp(k.Deal, v.deal)},
	}
}

func (v *dealView) view() string {
	st := v.ctx.styles
	if v.err != nil {
		return st.Danger.Render(v.err.Error()) + "\n\n" + st.Faint.Render("esc goes back")
	}
	if !v.loaded {
		return st.Subtle.Render("Loading the deal…")
	}
	d := v.deal
	w := v.width
	today, now := v.ctx.clock.Today(), v.ctx.clock.Now()
	stage, _ := v.ctx.stage(d.StageID)
	var badge string
	switch d.Status {
	case model.Won:
		badge = st.Success.Render("won in " + v.ctx.stageName(d.StageID))
	case model.Lost:
		badge = st.Danger.Render(safe("lost in "+v.ctx.stageName(d.StageID)+": "+d.LostReason, w/2))
	default:
		badge = st.Accent.Render("open · " + v.ctx.stageName(d.StageID))
	}
	who := model.Clean(d.AccountName)
	if d.ContactName != "" {
		who += " · " + model.Clean(d.ContactName)
	}
	who += " · " + kindName(d.Kind)
	if d.Source != "" {
		who += " · from " + string(d.Source)
	}
	lines := []string{
		spread(st.Title.Render(safe(d.Title, w-30)), badge, w),
		st.Subtle.Render(safe(who, w)),
		"",
	}
	if d.Status == model.Open {
		prob := fmt.Sprintf("%d%% (stage default)", stage.Probability)
		if d.Probability != nil {
			prob = fmt.Sprintf("%d%%", *d.Probability)
		}
		lines = append(lines, fmt.Sprintf("%s %s · probability %s · weighted %s", st.Subtle.Render("Value  "), st.Bold.Render(d.Value.String()),
			prob, d.Weighted(stage.Probability).Short()))
		closeText := "close " + d.ExpectedClose.Short(today)
		if !d.ExpectedClose.IsZero() && d.ExpectedClose.Before(today) {
			closeText = st.Danger.Render(closeText + " (passed)")
		}
		lines = append(lines, fmt.Sprintf("%s %s · in stage %s · last touch %s · created %s", st.Subtle.Render("Dates  "),
			closeText, ago(d.StageEntered, now), agoLong(d.LastTouchAt, now), v.ctx.clock.DateOf(d.CreatedAt).Short(today)),
			st.Subtle.Render("Next    ")+nextStepLine(st, d, today, w-10))
	} else {
		lines = append(lines, fmt.Sprintf("%s %s", st.Subtle.Render("Value  "), st.Bold.Render(d.Value.String())),
			st.Subtle.Render("Closed  ")+v.ctx.clock.DateOf(d.ClosedAt).Short(today)+
				st.Subtle.Render(fmt.Sprintf(" · after %dd · created %s", int(d.ClosedAt.Sub(d.CreatedAt).Hours()/24),
					v.ctx.clock.DateOf(d.CreatedAt).Short(today))))
	}
	if d.IsRotting(stage, now) {
		lines = append(lines, st.Warning.Render(fmt.Sprintf("        ◷ stale: untouched for %dd (this stage rots after %dd)", d.DaysIdle(now), stage.RotDays)))
	}
	history := v.historyLines(today, now)
	timeline := v.timelineLines(today)
	if w < 90 {
		body := append(append(lines, "", st.ColumnHead.Render("Timeline")), timeline...)
		body = append(append(body, "", st.ColumnHead.Render("Stage history")), history...)
		return strings.Join(v.scrolled(body, len(lines)+2), "\n")
	}
	colW := (w - 3) / 2
	for i := range history {
		history[i] = pad(history[i], colW)
	}
	for i := range timeline {
		timeline[i] = pad(timeline[i], colW)
	}
	room := max(1, v.height-len(lines)-2)
	timeline = v.scrolled(timeline, 0)
	if len(timeline) > room {
		timeline = timeline[:room]
	}
	cols := lipgloss.JoinHorizontal(lipgloss.Top,
		strings.Join(append([]string{st.ColumnHead.Render(pad(fmt.Sprintf("Timeline (%d)", len(v.entries())), colW))}, timeline...), "\n"), "   ",
		strings.Join(append([]string{st.ColumnHead.Render(pad("Stage history", colW))}, history...), "\n"))
	return strings.Join(append(append(lines, ""), strings.Split(cols, "\n")...), "\n")
}

// scrolled cuts the lines so the selected timeline entry (at offset
// first) stays on screen.
func (v *dealView) scrolled(lines []string, first int) []string {
	room := max(1, v.height-first)
	if len(v.entries()) == 0 || v.cursor < room-1 {
		return lines
	}
	skip := min(v.cursor-room+2, len(lines)-1)
	return append(append([]string{}, lines[:first]...), lines[first+skip:]...)
}

// timelineLines are the entries, the selected one marked.
func (v *dealView) timelineLines(today model.Date) []string {
	st := v.ctx.styles
	es := v.entries()
	if len(es) == 0 {
		return []string{st.Faint.Render("nothing logged yet — l logs a call, email or meeting")}
	}
	out := make([]string, len(es))
	w := max(20, (v.width-3)/2)
	if v.width < 90 {
		w = v.width
	}
	for i, e := range es {
		line := pad(e.when, 10) + " " + pad(e.kind, 8) + " " + safe(strings.ReplaceAll(e.text, "\n", " "), w-22)
		if i == v.cursor {
			out[i] = st.RowSelected.Render(pad("▸"+line, w))
		} else {
			out[i] = " " + st.Subtle.Render(pad(e.when, 10)) + " " + pad(e.kind, 8) + " " + safe(strings.ReplaceAll(e.text, "\n", " "), w-22)
		}
	}
	return out
}

// historyLines replays the deal's events: time in each stage, then each
// change with its date.
func (v *dealView) historyLines(today model.Date, now time.Time) []string {
	st := v.ctx.styles
	type spell struct {
		stage    int64
		from, to time.Time
	}
	var spells []spell
	var changes []string
	end := now
	if !v.deal.ClosedAt.IsZero() {
		end = v.deal.ClosedAt
	}
	for _, e := range v.events {
		day := v.ctx.clock.DateOf(e.At).Short(today)
		switch e.Kind {
		case model.EventCreated:
			spells = append(spells, spell{stage: e.ToStageID, from: e.At})
			changes = append(changes, day+"  created in "+v.ctx.stageName(e.ToStageID))
		case model.EventStage:
			if n := len(spells); n > 0 {
				spells[n-1].to = e.At
			}
			spells = append(spells, spell{stage: e.ToStageID, from: e.At})
			changes = append(changes, day+"  "+v.ctx.stageName(e.FromStageID)+" → "+v.ctx.stageName(e.ToStageID))
		case model.EventStatus:
			changes = append(changes, day+"  "+e.OldText+" → "+e.NewText)
		case model.EventValue:
			changes = append(changes, day+"  value "+model.Money{Minor: e.OldMinor, Currency: e.OldText}.Short()+" → "+
				model.Money{Minor: e.NewMinor, Currency: e.NewText}.Short())
		case model.EventCloseDate:
			changes = append(changes, day+"  close date "+orDash(e.OldText)+" → "+orDash(e.NewText))
		}
	}
	var out []string
	for i, s := range spells {
		to := s.to
		if i == len(spells)-1 {
			to = end
		}
		label := fmt.Sprintf("%-12s %s → ", v.ctx.stageName(s.stage), v.ctx.clock.DateOf(s.from).Short(today))
		if i == len(spells)-1 && v.deal.Status == model.Open {
			label += "now"
		} else {
			label += v.ctx.clock.DateOf(to).Short(today)
		}
		out = append(out, label+st.Subtle.Render(fmt.Sprintf("  %dd", int(to.Sub(s.from).Hours()/24))))
	}
	if len(changes) > 0 {
		out = append(out, "")
		for i := len(changes) - 1; i >= 0; i-- {
			out = append(out, st.Subtle.Render(changes[i]))
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func kindName(k model.DealKind) string {
	switch k {
	case model.NewBusiness:
		return "new business"
	case model.Expansion:
		return "expansion"
	}
	return "renewal"
}
