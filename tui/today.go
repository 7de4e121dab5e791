package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// todayPage is the seller's morning queue: overdue follow-ups, follow-ups
// due today, open deals with no next step, and stale deals — most urgent
// first, each row saying why it is there.
type todayPage struct {
	env    *env
	req    uint64
	queue  store.TodayQueue
	win    window[store.TodayItem]
	loaded bool
	err    error
	width  int
	height int
	// focusDeal keeps the cursor on a deal across a reload (or on the
	// row after it, once it has left the queue).
	focusDeal int64
	drawn     drawCache[todayRowKey, string]
}

type todayRowKey struct {
	deal     int64
	selected bool
}

type todayLoadedMsg struct {
	req    uint64
	queue  store.TodayQueue
	offset int
	items  []store.TodayItem
	err    error
}

type todayPageMsg struct {
	req    uint64
	offset int
	items  []store.TodayItem
	err    error
}

func newTodayPage(e *env) *todayPage { return &todayPage{env: e, win: newWindow[store.TodayItem]()} }

func (p *todayPage) load() tea.Cmd {
	p.req++
	s, req, clock, cursor := p.env.store, p.req, p.env.clock, p.win.cursor
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		q, err := s.CountToday(ctx, clock.Today(), clock.Now())
		if err != nil {
			return todayLoadedMsg{req: req, err: err}
		}
		offset := max(0, min(cursor, q.Counts.Total()-1)-pageSize/2)
		items, err := s.TodayPage(ctx, q, offset, pageSize)
		return todayLoadedMsg{req: req, queue: q, offset: offset, items: items, err: err}
	}
}

func (p *todayPage) fetch(offset int) tea.Cmd {
	s, req, q := p.env.store, p.req, p.queue
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		items, err := s.TodayPage(ctx, q, offset, pageSize)
		return todayPageMsg{req: req, offset: offset, items: items, err: err}
	}
}

func (p *todayPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case todayLoadedMsg:
		if msg.req != p.req {
			return nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err != nil {
			return nil
		}
		p.queue = msg.queue
		p.drawn.reset()
		p.win.set(msg.offset, msg.items, msg.queue.Counts.Total())
		if p.focusDeal != 0 {
			if i, ok := p.win.find(func(it store.TodayItem) bool { return it.Deal.ID == p.focusDeal }); ok {
				p.win.jump(i)
			}
			p.focusDeal = 0
		}
	case todayPageMsg:
		if msg.req == p.req && msg.err == nil {
			p.win.set(msg.offset, msg.items, p.win.total)
			p.drawn.reset()
		}
	case tea.KeyPressMsg:
		return p.key(msg)
	}
	return nil
}

func (p *todayPage) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.env.keys
	switch {
	case p.win.navigate(msg, k, p.rows()):
	case key.Matches(msg, k.New):
		return newDealForm(p.env, model.Stage{})
	default:
		it, ok := p.win.selected()
		if !ok {
			return nil
		}
		d := it.Deal
		switch {
		case key.Matches(msg, k.Done):
			return openModal(newDoneDialog(p.env, d))
		case key.Matches(msg, k.Log):
			p.focusDeal = d.ID
			return openModal(newLogDialog(p.env, d))
		case key.Matches(msg, k.Snooze):
			return openModal(newSnoozeDialog(p.env, d))
		case key.Matches(msg, k.Open):
			return openDeal(d.ID)
		case key.Matches(msg, k.Edit):
			return editDealForm(p.env, d)
		}
		return nil
	}
	if off, ok := p.win.needFetch(); ok {
		return p.fetch(off)
	}
	return nil
}

func (p *todayPage) setSize(w, h int) { p.width, p.height = w, h }

// rows is how many queue rows fit: a summary line and a header line above
// them.
func (p *todayPage) rows() int { return max(1, p.height-3) }

func (p *todayPage) capturing() bool { return false }

// keepDeal keeps the cursor on the deal if it is still in the queue.
func (p *todayPage) keepDeal(id int64) { p.focusDeal = id }

func (p *todayPage) shortHelp() []key.Binding {
	k := p.env.keys
	return []key.Binding{listMove, k.Done, k.Log, k.Snooze, k.Open, k.Edit, k.New}
}

func (p *todayPage) fullHelp() [][]key.Binding {
	k := p.env.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Done, k.Log, k.Snooze, k.Open, k.Edit, k.New},
	}
}

func (p *todayPage) view() string {
	st := p.env.styles
	switch {
	case p.err != nil:
		return st.Danger.Render(p.err.Error())
	case !p.loaded:
		return st.Subtle.Render("Loading today's queue…")
	case p.win.total == 0:
		return "\n" + st.Success.Render("  ✓ Nothing waiting.") + " " +
			st.Subtle.Render("No overdue or due follow-ups, every open deal has a next step, none is going stale.") +
			"\n\n" + st.Faint.Render("  2 shows the pipeline · n adds a deal")
	}
	c := p.queue.Counts
	summary := fmt.Sprintf("%s  ·  %s  ·  %s  ·  %s",
		st.Danger.Render(fmt.Sprintf("%s overdue", count(c[store.ReasonOverdue]))),
		st.Accent.Render(fmt.Sprintf("%s due today", count(c[store.ReasonDueToday]))),
		st.Warning.Render(fmt.Sprintf("%s with no next step", count(c[store.ReasonNoNextStep]))),
		st.Warning.Render(fmt.Sprintf("%s stale", count(c[store.ReasonStale]))))
	cw := p.columns()
	head := pad("Why", cw.reason) + " " + pad("Deal", cw.deal) + " " + pad("Account", cw.account) + " " +
		padLeft("Value", cw.value) + " " + pad("Next step", cw.step)
	if cw.due > 0 {
		head += " " + pad("Due", cw.due)
	}
	lines := []string{" " + summary, st.TableHead.Render(pad(head, p.width))}
	start, end := p.win.visible(p.rows())
	today, now := p.env.clock.Today(), p.env.clock.Now()
	for i := start; i < end; i++ {
		it, ok := p.win.at(i)
		if !ok {
			lines = append(lines, st.Faint.Render("loading…"))
			continue
		}
		row := p.drawn.get(todayRowKey{it.Deal.ID, i == p.win.cursor}, st, p.width, func() string {
			return p.rowView(it, i == p.win.cursor, cw, today, now)
		})
		lines = append(lines, row)
	}
	if more := p.win.total - end; more > 0 {
		lines = append(lines, st.Faint.Render(fmt.Sprintf("  ↓ %s more", count(more))))
	}
	return strings.Join(lines, "\n")
}

// todayColumns are the queue's column widths; due is 0 (hidden) on
// narrow screens.
type todayColumns struct{ reason, deal, account, value, step, due int }

func (p *todayPage) columns() todayColumns {
	c := todayColumns{reason: 14, value: 8}
	flex := p.width - c.reason - c.value - 4
	c.deal = flex * 4 / 10
	c.account = flex * 25 / 100
	c.step = flex - c.deal - c.account
	if p.width >= 110 {
		c.due = 12
		c.step -= c.due + 1
	}
	return c
}

// rowView draws one queue row: why, deal, account, value, next step, due.
func (p *todayPage) rowView(it store.TodayItem, selected bool, cw todayColumns, today model.Date, now time.Time) string {
	st := p.env.styles
	d := it.Deal
	whyStyle := st.Warning
	switch it.Reason {
	case store.ReasonOverdue:
		whyStyle = st.Danger
	case store.ReasonDueToday:
		whyStyle = st.Accent
	}
	step := model.Clean(d.NextStep)
	if step == "" {
		step = "—"
	}
	cells := []styledCell{
		{pad(reasonText(it, today, now), cw.reason), whyStyle},
		{pad(shortTitle(d), cw.deal), st.App},
		{pad(safe(d.AccountName, cw.account), cw.account), st.Subtle},
		{padLeft(d.Value.Short(), cw.value), st.App},
		{pad(step, cw.step), st.App},
	}
	if cw.due > 0 {
		cells = append(cells, styledCell{pad(shortDate(d.NextDue, today), cw.due), st.Subtle})
	}
	return rowView(st, cells, selected, p.width)
}

// reasonText says why a row is in the queue: "⚠ 3d overdue",
// "● due today", "∅ no next step", "◷ stale 21d".
func reasonText(it store.TodayItem, today model.Date, now time.Time) string {
	switch it.Reason {
	case store.ReasonOverdue:
		return "⚠ " + dueText(it.Deal.NextDue, today)
	case store.ReasonDueToday:
		return "● due today"
	case store.ReasonNoNextStep:
		return "∅ no next step"
	}
	return fmt.Sprintf("◷ stale %dd", it.Deal.DaysIdle(now))
}
