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

// dealTable is the pipeline's table view: the same open deals as the
// board in one sortable list (s cycles the sort).
type dealTable struct {
	env    *env
	req    uint64
	filter string
	sort   store.DealSort
	win    window[model.Deal]
	stages map[int64]model.Stage
	loaded bool
	err    error
	loads  latest
	width  int
	height int
}

type dealTableMsg struct {
	req    uint64
	offset int
	total  int
	deals  []model.Deal
	stages []model.Stage
	err    error
}

func newDealTable(e *env) dealTable { return dealTable{env: e, win: newWindow[model.Deal]()} }

func (t *dealTable) load(filter string) tea.Cmd {
	t.req++
	t.filter = filter
	return t.fetch(max(0, t.win.cursor-pageSize/2), true)
}

func (t *dealTable) fetch(offset int, withTotal bool) tea.Cmd {
	s, req, q := t.env.store, t.req, store.DealQuery{Filter: t.filter, Sort: t.sort, Offset: offset, Limit: pageSize}
	total := t.win.total
	ctx, cancel := ctxTimeout()
	if withTotal {
		ctx, cancel = t.loads.next()
	}
	return func() tea.Msg {
		defer cancel()
		msg := dealTableMsg{req: req, offset: offset, total: total}
		if withTotal {
			if msg.total, msg.err = s.CountOpenDeals(ctx, q.Filter); msg.err != nil {
				return msg
			}
			if msg.stages, msg.err = s.Stages(ctx); msg.err != nil {
				return msg
			}
		}
		msg.deals, msg.err = s.OpenDeals(ctx, q)
		return msg
	}
}

func (t *dealTable) update(msg dealTableMsg) tea.Cmd {
	if msg.req != t.req {
		return nil
	}
	t.loaded, t.err = true, msg.err
	if msg.err != nil {
		return nil
	}
	if msg.stages != nil {
		t.stages = make(map[int64]model.Stage, len(msg.stages))
		for _, st := range msg.stages {
			t.stages[st.ID] = st
		}
	}
	t.win.set(msg.offset, msg.deals, msg.total)
	return nil
}

func (t *dealTable) cursorTop() { t.win.jump(0) }

func (t *dealTable) selected() (model.Deal, bool) { return t.win.selected() }

// key handles navigation and sorting; other keys fall through.
func (t *dealTable) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := t.env.keys
	switch {
	case t.win.navigate(msg, k, t.rows()):
	case key.Matches(msg, k.Sort):
		t.sort = t.sort.Next()
		t.win.jump(0)
		return t.load(t.filter), true
	default:
		return nil, false
	}
	if off, ok := t.win.needFetch(); ok {
		return t.fetch(off, false), true
	}
	return nil, true
}

func (t *dealTable) setSize(w, h int) { t.width, t.height = w, h }

func (t *dealTable) rows() int { return max(1, t.height-2) }

// columns of the table; title and account share what is left.
type tableCol struct {
	title string
	width int
	right bool
}

func (t *dealTable) view() string {
	st := t.env.styles
	if t.err != nil {
		return st.Danger.Render(t.err.Error())
	}
	if !t.loaded {
		return st.Subtle.Render("Loading deals…")
	}
	fixed := []tableCol{{"Stage", 12, false}, {"Value", 9, true}, {"Close", 8, false}, {"Next step", 0, false}, {"Due", 11, false}, {"Age", 5, true}, {"Touch", 6, true}}
	if t.width < 100 {
		fixed = []tableCol{{"Stage", 11, false}, {"Value", 8, true}, {"Due", 11, false}, {"Touch", 6, true}}
	}
	used := 0
	for _, c := range fixed {
		used += c.width + 1
	}
	flex := max(20, t.width-used)
	titleW, acctW := flex*5/10, flex*3/10
	nextW := flex - titleW - acctW - 1
	if t.width < 100 {
		titleW, acctW, nextW = flex*6/10, flex-flex*6/10-1, 0
	}
	cols := append([]tableCol{{"Deal", titleW, false}, {"Account", acctW, false}}, fixed...)
	for i := range cols {
		if cols[i].title == "Next step" {
			cols[i].width = nextW
		}
	}
	var head []string
	for _, c := range cols {
		label := c.title
		if c.title == sortColumn[t.sort] {
			label += "▾"
		}
		head = append(head, cell(label, c))
	}
	lines := []string{st.TableHead.Render(strings.Join(head, " ")),
		st.Faint.Render(fmt.Sprintf("%s open · sorted by %s · s changes the sort", plural(t.win.total, "deal"), store.SortNames[t.sort]))}
	if t.win.total == 0 {
		return strings.Join(append(lines, st.Subtle.Render("No open deals match.")), "\n")
	}
	start, end := t.win.visible(t.rows())
	today, now := t.env.clock.Today(), t.env.clock.Now()
	for i := start; i < end; i++ {
		d, ok := t.win.at(i)
		if !ok {
			lines = append(lines, st.Faint.Render("loading…"))
			continue
		}
		stage := t.stages[d.StageID]
		var cells []string
		for _, c := range cols {
			cells = append(cells, cell(t.cellText(c.title, d, stage, today, now), c))
		}
		line := strings.Join(cells, " ")
		if i == t.win.cursor {
			line = st.RowSelected.Render(pad(line, t.width))
		} else if d.NextStepState(today) == model.NextOverdue {
			line = st.Danger.Render(line)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// sortColumn is the column each sort orders by.
var sortColumn = map[store.DealSort]string{
	store.SortNextDue: "Due", store.SortValue: "Value", store.SortClose: "Close", store.SortAge: "Age", store.SortLastTouch: "Touch",
}

func (t *dealTable) cellText(col string, d model.Deal, stage model.Stage, today model.Date, now time.Time) string {
	switch col {
	case "Deal":
		return shortTitle(d)
	case "Account":
		return model.Clean(d.AccountName)
	case "Stage":
		return model.Clean(stage.Name)
	case "Value":
		return d.Value.Short()
	case "Close":
		return shortDate(d.ExpectedClose, today)
	case "Next step":
		if d.NextStep == "" {
			return "∅ none"
		}
		return model.Clean(d.NextStep)
	case "Due":
		if d.NextDue.IsZero() {
			return "—"
		}
		return dueText(d.NextDue, today)
	case "Age":
		return ago(d.CreatedAt, now)
	case "Touch":
		s := ago(d.LastTouchAt, now)
		if d.IsRotting(stage, now) {
			s = "◷" + s
		}
		return s
	}
	return ""
}

func cell(s string, c tableCol) string {
	if c.right {
		return padLeft(s, c.width)
	}
	return pad(s, c.width)
}
