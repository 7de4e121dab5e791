package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// dealTable is the pipeline's table view: the same open deals as the
// board in one sortable list (s cycles the sort, S reverses it).
type dealTable struct {
	ctx     *appContext
	list    *pagedList[model.Deal]
	cols    []column[model.Deal]
	layout  layoutCache
	sort    store.DealSort
	reverse bool
	filter  string
	width   int
	height  int
}

func newDealTable(c *appContext) *dealTable {
	t := &dealTable{ctx: c, list: newPagedList(c, func(d model.Deal) int64 { return d.ID }, 1)}
	t.cols = t.columns()
	return t
}

func (t *dealTable) load(filter string) tea.Cmd {
	t.filter = filter
	s, q := t.ctx.store, store.DealQuery{Filter: filter, Sort: t.sort, Reverse: t.reverse}
	return t.list.reload(func(ctx context.Context) (listLoad[model.Deal], error) {
		total, err := s.CountOpenDeals(ctx, q.Filter)
		return listLoad[model.Deal]{total: total, pages: func(ctx context.Context, offset, limit int) ([]model.Deal, error) {
			page := q
			page.Offset, page.Limit = offset, limit
			return s.OpenDeals(ctx, page)
		}}, err
	})
}

func (t *dealTable) update(msg tea.Msg) tea.Cmd { return t.list.update(msg) }

// key handles moving and sorting; other keys fall through to the board.
func (t *dealTable) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := t.ctx.keys.List
	if cmd, ok := t.list.navigate(msg, k, t.rows()); ok {
		return cmd, true
	}
	switch {
	case key.Matches(msg, k.Sort):
		t.sort, t.reverse = t.sort.Next(), false
	case key.Matches(msg, k.Reverse):
		t.reverse = !t.reverse
	default:
		return nil, false
	}
	t.list.restart()
	return t.load(t.filter), true
}

func (t *dealTable) setSize(w, h int) { t.width, t.height = w, h }

// rows is how many deals fit under the header and the summary line.
func (t *dealTable) rows() int { return max(1, t.height-2) }

// sortColumn is the column each sort orders by.
var sortColumn = map[store.DealSort]string{
	store.SortNextDue: "Due", store.SortValue: "Value", store.SortClose: "Close", store.SortAge: "Age", store.SortLastTouch: "Touch",
}

func (t *dealTable) columns() []column[model.Deal] {
	st := func() Styles { return t.ctx.styles }
	today := func() model.Date { return t.ctx.clock.Today() }
	subtle := func(model.Deal) lipgloss.Style { return st().Subtle }
	return []column[model.Deal]{
		{title: "Deal", min: 18, max: 48, flex: true, text: shortTitle},
		{title: "Account", min: 12, max: 32, flex: true, keep: 5, text: func(d model.Deal) string { return model.Clean(d.AccountName) }, style: subtle},
		{title: "Stage", min: 6, max: 14, keep: 6, text: func(d model.Deal) string { return t.ctx.stageName(d.StageID) }},
		{title: "Value", right: true, min: 6, text: func(d model.Deal) string { return d.Value.Short() }},
		{title: "Close", min: 6, keep: 3, text: func(d model.Deal) string {
			if !d.ExpectedClose.IsZero() && d.ExpectedClose.Before(today()) {
				return d.ExpectedClose.Short(today()) + " ⚠"
			}
			return d.ExpectedClose.Short(today())
		}, style: func(d model.Deal) lipgloss.Style {
			if !d.ExpectedClose.IsZero() && d.ExpectedClose.Before(today()) {
				return st().Danger
			}
			return st().Subtle
		}},
		{title: "Next step", min: 10, max: 40, flex: true, keep: 4, text: func(d model.Deal) string {
			if d.NextStep == "" {
				return "∅ none"
			}
			return model.Clean(d.NextStep)
		}},
		{title: "Due", min: 6, text: func(d model.Deal) string {
			if d.NextDue.IsZero() {
				return "—"
			}
			return dueText(d.NextDue, today())
		}, style: func(d model.Deal) lipgloss.Style {
			if d.NextStepState(today()) == model.NextOverdue {
				return st().Danger
			}
			return st().App
		}},
		{title: "Age", right: true, min: 4, keep: 1, text: func(d model.Deal) string { return ago(d.CreatedAt, t.ctx.clock.Now()) }, style: subtle},
		{title: "Touch", right: true, min: 5, keep: 2, text: func(d model.Deal) string {
			s := ago(d.LastTouchAt, t.ctx.clock.Now())
			if st, ok := t.ctx.stage(d.StageID); ok && d.IsRotting(st, t.ctx.clock.Now()) {
				s = "◷" + s
			}
			return s
		}, style: subtle},
	}
}

func (t *dealTable) view() string {
	st := t.ctx.styles
	if s := t.list.state("deals"); s != "" {
		return s
	}
	sorted := -1
	for i, c := range t.cols {
		if c.title == sortColumn[t.sort] {
			sorted = i
		}
	}
	widths := tableWidths(&t.layout, t.cols, t.list, t.width-1)
	// Value sorts largest first; the other sorts earliest first.
	desc := (t.sort == store.SortValue) != t.reverse
	order := store.SortNames[t.sort]
	if t.reverse {
		order += ", reversed"
	}
	lines := []string{st.Faint.Render(fmt.Sprintf(" %s open · sorted by %s%s · s changes the sort, S reverses it", plural(t.list.total, "deal"), order,
		t.list.updating())),
		st.TableHead.Render(pad(" "+tableHeader(t.cols, widths, sorted, desc), t.width))}
	if t.list.total == 0 {
		return strings.Join(append(lines, st.Subtle.Render(" No open deals match.")), "\n")
	}
	lines = append(lines, t.list.draw(t.rows(), t.width, func(d model.Deal, selected bool) []string {
		return []string{tableRow(st, t.cols, widths, d, selected, t.width)}
	})...)
	return strings.Join(lines, "\n")
}
