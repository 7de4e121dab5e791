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

// dealDetail is one deal in full: its fields, its stage history (when it
// entered each stage and how long it stayed) and its activity timeline.
// It is drawn over the tab it was opened from; esc goes back.
type dealDetail struct {
	env        *env
	id         int64
	req        uint64
	deal       model.Deal
	stages     []model.Stage
	events     []model.DealEvent
	activities []model.Activity
	loaded     bool
	err        error
	scroll     int
	width      int
	height     int
}

type dealDetailMsg struct {
	req        uint64
	deal       model.Deal
	stages     []model.Stage
	events     []model.DealEvent
	activities []model.Activity
	err        error
}

func newDealDetail(e *env, id int64) *dealDetail { return &dealDetail{env: e, id: id} }

func (v *dealDetail) load() tea.Cmd {
	v.req++
	s, req, id := v.env.store, v.req, v.id
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		msg := dealDetailMsg{req: req}
		if msg.deal, msg.err = s.Deal(ctx, id); msg.err != nil {
			return msg
		}
		if msg.stages, msg.err = s.Stages(ctx); msg.err != nil {
			return msg
		}
		if msg.events, msg.err = s.DealEvents(ctx, id); msg.err != nil {
			return msg
		}
		msg.activities, msg.err = s.DealActivities(ctx, id, 100)
		return msg
	}
}

func (v *dealDetail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dealDetailMsg:
		if msg.req != v.req {
			return nil
		}
		v.loaded, v.err = true, msg.err
		if msg.err == nil {
			v.deal, v.stages, v.events, v.activities = msg.deal, msg.stages, msg.events, msg.activities
		}
	case tea.KeyPressMsg:
		return v.key(msg)
	}
	return nil
}

func (v *dealDetail) key(msg tea.KeyPressMsg) tea.Cmd {
	k := v.env.keys
	if !v.loaded || v.err != nil {
		return nil
	}
	d := v.deal
	switch {
	case key.Matches(msg, k.Down):
		v.scroll++
	case key.Matches(msg, k.Up):
		v.scroll = max(0, v.scroll-1)
	case key.Matches(msg, k.Edit):
		return editDealForm(v.env, d)
	case key.Matches(msg, k.Log):
		return openModal(newLogDialog(v.env, d))
	case d.Status != model.Open:
		return nil
	case key.Matches(msg, k.Done):
		return openModal(newDoneDialog(v.env, d))
	case key.Matches(msg, k.Snooze):
		return openModal(newSnoozeDialog(v.env, d))
	case key.Matches(msg, k.MoveNext, k.MovePrev):
		dir := 1
		if key.Matches(msg, k.MovePrev) {
			dir = -1
		}
		for i, st := range v.stages {
			if st.ID == d.StageID {
				if to := i + dir; to >= 0 && to < len(v.stages) {
					return moveDeal(v.env.store, d, v.stages[to])
				}
				return statusCmd("no stage that way: W marks it won, X lost", false)
			}
		}
	case key.Matches(msg, k.Won):
		return closeDeal(v.env.store, d, model.Won, "")
	case key.Matches(msg, k.Lost):
		return newLostDialog(v.env, d)
	}
	return nil
}

func (v *dealDetail) setSize(w, h int) { v.width, v.height = w, h }

func (v *dealDetail) shortHelp() []key.Binding {
	k := v.env.keys
	if v.deal.Status != model.Open {
		return []key.Binding{k.Back, k.Edit, k.Log, k.Down}
	}
	return []key.Binding{k.Back, k.Edit, k.Log, k.Done, k.Snooze, k.MoveNext, k.MovePrev, k.Won, k.Lost}
}

func (v *dealDetail) stageName(id int64) string {
	for _, st := range v.stages {
		if st.ID == id {
			return model.Clean(st.Name)
		}
	}
	return "(removed stage)"
}

func (v *dealDetail) stage(id int64) model.Stage {
	for _, st := range v.stages {
		if st.ID == id {
			return st
		}
	}
	return model.Stage{}
}

func (v *dealDetail) view() string {
	st := v.env.styles
	if v.err != nil {
		return st.Danger.Render(v.err.Error()) + "\n\n" + st.Faint.Render("esc goes back")
	}
	if !v.loaded {
		return st.Subtle.Render("Loading the deal…")
	}
	d := v.deal
	w := v.width
	today, now := v.env.clock.Today(), v.env.clock.Now()
	stage := v.stage(d.StageID)
	badge := fmt.Sprintf("%s · %s", d.Status, v.stageName(d.StageID))
	switch d.Status {
	case model.Won:
		badge = st.Success.Render("won in " + v.stageName(d.StageID))
	case model.Lost:
		badge = st.Danger.Render("lost in " + v.stageName(d.StageID) + ": " + model.Clean(d.LostReason))
	default:
		badge = st.Accent.Render(badge)
	}
	who := model.Clean(d.AccountName)
	if d.ContactName != "" {
		who += " · " + model.Clean(d.ContactName)
	}
	who += " · " + kindName(d.Kind)
	if d.Source != "" {
		who += " · from " + string(d.Source)
	}
	prob := fmt.Sprintf("%d%% (stage default)", stage.Probability)
	if d.Probability != nil {
		prob = fmt.Sprintf("%d%%", *d.Probability)
	}
	lines := []string{
		spread(st.Title.Render(safe(d.Title, w-30)), badge, w),
		st.Subtle.Render(safe(who, w)),
		"",
		fmt.Sprintf("%s  %s · probability %s · weighted %s", st.Subtle.Render("Value "), st.Bold.Render(d.Value.String()), prob, d.Weighted(stage.Probability).Short()),
		fmt.Sprintf("%s  %s · in stage %s · last touch %s · created %s", st.Subtle.Render("Dates "),
			"close "+shortDate(d.ExpectedClose, today), ago(d.StageEntered, now), agoLong(d.LastTouchAt, now), shortDate(v.env.clock.DateOf(d.CreatedAt), today)),
	}
	if d.Status == model.Open {
		lines = append(lines, st.Subtle.Render("Next   ")+" "+nextStepLine(st, d, today, w-10))
	} else {
		lines = append(lines, st.Subtle.Render("Closed ")+" "+shortDate(v.env.clock.DateOf(d.ClosedAt), today)+
			st.Subtle.Render(fmt.Sprintf(" · after %dd", int(d.ClosedAt.Sub(d.CreatedAt).Hours()/24))))
	}
	if d.IsRotting(stage, now) {
		lines = append(lines, st.Warning.Render(fmt.Sprintf("        ◷ stale: untouched for %dd (this stage rots after %dd)", d.DaysIdle(now), stage.RotDays)))
	}
	if strings.TrimSpace(d.Notes) != "" {
		lines = append(lines, st.Subtle.Render("Notes  ")+" "+safe(d.Notes, w-9))
	}
	left := v.historyLines(today, now)
	right := v.activityLines(today)
	colW := (w - 3) / 2
	if w < 90 {
		body := append(append(lines, "", st.ColumnHead.Render("Stage history")), left...)
		body = append(append(body, "", st.ColumnHead.Render(fmt.Sprintf("Activity (%d)", len(v.activities)))), right...)
		return v.scrolled(body)
	}
	for i := range left {
		left[i] = pad(left[i], colW)
	}
	for i := range right {
		right[i] = pad(right[i], colW)
	}
	cols := lipgloss.JoinHorizontal(lipgloss.Top,
		strings.Join(append([]string{st.ColumnHead.Render(pad("Stage history", colW))}, left...), "\n"), "   ",
		strings.Join(append([]string{st.ColumnHead.Render(pad(fmt.Sprintf("Activity (%d)", len(v.activities)), colW))}, right...), "\n"))
	return v.scrolled(append(append(lines, ""), strings.Split(cols, "\n")...))
}

func (v *dealDetail) scrolled(lines []string) string {
	v.scroll = min(v.scroll, max(0, len(lines)-v.height))
	return strings.Join(lines[v.scroll:], "\n")
}

// historyLines replays the deal's events: time in each stage, then each
// change with its date.
func (v *dealDetail) historyLines(today model.Date, now time.Time) []string {
	st := v.env.styles
	type spell struct {
		stage   int64
		from    time.Time
		to      time.Time
		current bool
	}
	var spells []spell
	var changes []string
	end := now
	if !v.deal.ClosedAt.IsZero() {
		end = v.deal.ClosedAt
	}
	for _, e := range v.events {
		day := shortDate(v.env.clock.DateOf(e.At), today)
		switch e.Kind {
		case model.EventCreated:
			spells = append(spells, spell{stage: e.ToStageID, from: e.At})
			changes = append(changes, day+"  created in "+v.stageName(e.ToStageID))
		case model.EventStage:
			if n := len(spells); n > 0 {
				spells[n-1].to = e.At
			}
			spells = append(spells, spell{stage: e.ToStageID, from: e.At})
			changes = append(changes, day+"  "+v.stageName(e.FromStageID)+" → "+v.stageName(e.ToStageID))
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
		days := int(to.Sub(s.from).Hours() / 24)
		label := fmt.Sprintf("%-12s %s → ", v.stageName(s.stage), shortDate(v.env.clock.DateOf(s.from), today))
		if i == len(spells)-1 && v.deal.Status == model.Open {
			label += "now"
		} else {
			label += shortDate(v.env.clock.DateOf(to), today)
		}
		out = append(out, label+st.Subtle.Render(fmt.Sprintf("  %dd", days)))
	}
	if len(changes) > 0 {
		out = append(out, "")
		for i := len(changes) - 1; i >= 0; i-- {
			out = append(out, st.Subtle.Render(changes[i]))
		}
	}
	return out
}

func (v *dealDetail) activityLines(today model.Date) []string {
	st := v.env.styles
	if len(v.activities) == 0 {
		return []string{st.Faint.Render("nothing logged yet — l logs a call, email or meeting")}
	}
	out := make([]string, 0, len(v.activities))
	for _, a := range v.activities {
		when := "due " + shortDate(a.Due, today)
		if a.Done() {
			when = shortDate(v.env.clock.DateOf(a.At), today)
		}
		out = append(out, st.Subtle.Render(pad(when, 11))+pad(string(a.Kind), 9)+model.Clean(a.Text))
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
