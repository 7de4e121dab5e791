package tui

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// boardView is the Pipeline tab: the board (one column per open stage)
// and, with v, a sortable table of the same deals (dealtable.go). Its
// drawing is in boarddraw.go.
type boardView struct {
	ctx  *appContext
	req  uint64
	cols []*boardColumn
	col  int // selected column
	left int // first column drawn when they do not all fit

	width, height int
	loaded        bool
	err           error
	loads         latest

	filter    filterBox
	table     *dealTable
	showTable bool

	// focusDeal is the deal to select when the board next loads.
	focusDeal int64
}

// boardColumn is one stage's header figures and its cards.
type boardColumn struct {
	sum  store.StageSummary
	list *pagedList[model.Deal]
	// ids are the column's matching deals in order while a filter is on
	// (pages are read by id); nil for the whole board.
	ids []int64
	// drawnActive is whether the cached cards were drawn for the active
	// column (only there is the selected card highlighted).
	drawnActive bool
}

// columnLoad is what a load read for one column.
type columnLoad struct {
	sum    store.StageSummary
	ids    []int64
	cursor int
	offset int
	deals  []model.Deal
}

type boardLoadedMsg struct {
	view  *boardView
	req   uint64
	cols  []columnLoad
	focus int64
	err   error
}

func newBoardView(c *appContext) *boardView {
	return &boardView{ctx: c, filter: newFilterBox(c, "filter by title, account, contact or source"), table: newDealTable(c)}
}

func (v *boardView) title() string { return "Pipeline" }

func (v *boardView) load() tea.Cmd {
	if v.showTable {
		return tea.Batch(v.loadBoard(), v.table.load(v.filter.value()))
	}
	return v.loadBoard()
}

func (v *boardView) focus(r recordRef) {
	if r.kind == dealRecord {
		v.focusDeal = r.id
		v.table.list.focus(r.id)
	}
}

// loadBoard reads the column headers and the page of cards each column
// shows (around the selected or focused deal). With a filter, one pass
// finds every match and the pages are read by id.
func (v *boardView) loadBoard() tea.Cmd {
	v.req++
	s, req, filter, focus, self := v.ctx.store, v.req, strings.TrimSpace(v.filter.value()), v.focusDeal, v
	cursors := make(map[int64]int, len(v.cols))
	for _, c := range v.cols {
		cursors[c.sum.Stage.ID] = c.list.cursor
	}
	ctx, cancel := v.loads.next()
	return func() tea.Msg {
		defer cancel()
		msg := boardLoadedMsg{view: self, req: req}
		var sums []store.StageSummary
		var ids map[int64][]int64
		if filter == "" {
			sums, msg.err = s.Pipeline(ctx)
		} else {
			sums, ids, msg.err = s.FilteredBoard(ctx, filter)
		}
		if msg.err != nil {
			return msg
		}
		var focused model.Deal
		if focus != 0 {
			if f, err := s.Deal(ctx, focus); err == nil && f.Status == model.Open && !f.Archived {
				focused, msg.focus = f, focus
			}
		}
		for _, sum := range sums {
			c := columnLoad{sum: sum, ids: ids[sum.Stage.ID], cursor: cursors[sum.Stage.ID]}
			if filter != "" && c.ids == nil {
				c.ids = []int64{}
			}
			if msg.focus != 0 && focused.StageID == sum.Stage.ID {
				if pos, ok := position(ctx, s, c.ids, focused); ok {
					c.cursor = pos
				}
			}
			c.cursor = min(c.cursor, max(0, sum.Count-1))
			c.offset = max(0, c.cursor-pageSize/2)
			var err error
			if c.deals, err = columnPages(s, sum.Stage.ID, c.ids)(ctx, c.offset, pageSize); err != nil {
				msg.err = err
				return msg
			}
			msg.cols = append(msg.cols, c)
		}
		return msg
	}
}

// position is where a deal sits in its column's order.
func position(ctx context.Context, s *store.Store, ids []int64, d model.Deal) (int, bool) {
	if ids != nil {
		i := slices.Index(ids, d.ID)
		return i, i >= 0
	}
	pos, err := s.BoardPosition(ctx, d)
	return pos, err == nil
}

// columnPages reads a column's cards: by id while filtered, else by stage.
func columnPages(s *store.Store, stageID int64, ids []int64) pageFunc[model.Deal] {
	return func(ctx context.Context, offset, limit int) ([]model.Deal, error) {
		if ids != nil {
			return s.DealsByID(ctx, ids[min(offset, len(ids)):min(offset+limit, len(ids))])
		}
		return s.BoardCards(ctx, store.BoardQuery{StageID: stageID, Offset: offset, Limit: limit})
	}
}

func (v *boardView) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case boardLoadedMsg:
		if msg.view != v || msg.req != v.req {
			return nil
		}
		v.loaded, v.err = true, msg.err
		if msg.err != nil {
			return nil
		}
		v.apply(msg)
		return nil
	case tea.PasteMsg:
		return v.paste(msg)
	case listMsg:
		var cmds []tea.Cmd
		for _, c := range v.cols {
			cmds = append(cmds, c.list.update(msg))
		}
		return tea.Batch(append(cmds, v.table.update(msg))...)
	}
	return nil
}

// apply puts a load on the board, keeping each column's list (and so its
// scroll) and selecting the focused deal.
func (v *boardView) apply(msg boardLoadedMsg) {
	old := make(map[int64]*boardColumn, len(v.cols))
	for _, c := range v.cols {
		old[c.sum.Stage.ID] = c
	}
	s := v.ctx.store
	v.cols = v.cols[:0]
	for i, cl := range msg.cols {
		c, ok := old[cl.sum.Stage.ID]
		if !ok {
			c = &boardColumn{list: newPagedList(v.ctx, func(d model.Deal) int64 { return d.ID }, cardHeight)}
		}
		c.sum, c.ids = cl.sum, cl.ids
		c.list.cursor = cl.cursor
		c.list.setData(cl.sum.Count, cl.offset, cl.deals, columnPages(s, cl.sum.Stage.ID, cl.ids))
		if msg.focus != 0 {
			if j, ok := c.list.find(msg.focus); ok {
				c.list.cursor, v.col = j, i
			}
		}
		v.cols = append(v.cols, c)
	}
	v.focusDeal = 0
	v.col = min(v.col, max(0, len(v.cols)-1))
}

func (v *boardView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.filter.active {
		return v.filterKey(msg), true
	}
	k := v.ctx.keys
	switch {
	case key.Matches(msg, k.List.Filter):
		return v.filter.start(), true
	case key.Matches(msg, k.Board.ToggleView):
		v.showTable = !v.showTable
		if v.showTable {
			if c := v.current(); c != nil {
				if d, ok := c.list.selected(); ok {
					v.table.list.focus(d.ID)
				}
			}
			return v.table.load(v.filter.value()), true
		}
		if d, ok := v.table.list.selected(); ok {
			v.focusDeal = d.ID
		}
		return v.loadBoard(), true
	case key.Matches(msg, k.Global.Back) && v.filter.clear():
		return v.load(), true
	}
	if v.showTable {
		return v.tableKey(msg)
	}
	return v.boardKey(msg)
}

// paste types into the filter while it has the keyboard.
func (v *boardView) paste(msg tea.PasteMsg) tea.Cmd {
	if v.filter.active {
		return v.filterKey(msg)
	}
	return nil
}

func (v *boardView) filterKey(msg tea.Msg) tea.Cmd {
	cmd, changed := v.filter.handle(msg)
	if !changed {
		return cmd
	}
	for _, c := range v.cols {
		c.list.jump(0)
	}
	v.table.list.restart()
	return tea.Batch(cmd, v.load())
}

func (v *boardView) current() *boardColumn {
	if v.col < 0 || v.col >= len(v.cols) {
		return nil
	}
	return v.cols[v.col]
}

// boardDealKeys are the deal keys as the board answers them: l moves
// between columns, so only a logs.
func (v *boardView) boardDealKeys() DealKeys {
	keys := v.ctx.keys.Deal
	keys.Log = only(keys.Log, "a")
	return keys
}

func (v *boardView) boardKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	c := v.current()
	if c == nil {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Board.Left):
		v.col = max(0, v.col-1)
		return nil, true
	case key.Matches(msg, k.Board.Right):
		v.col = min(len(v.cols)-1, v.col+1)
		return nil, true
	case key.Matches(msg, k.Deal.New):
		return openDealForm(v.ctx, newDealDraft(v.ctx, c.sum.Stage, model.Account{}), nil), true
	}
	if cmd, ok := c.list.navigate(msg, k.List, v.cardsPerColumn()); ok {
		return cmd, true
	}
	d, ok := c.list.selected()
	if !ok {
		return nil, false
	}
	keys := v.boardDealKeys()
	switch {
	case key.Matches(msg, k.List.Open):
		return push(newDealView(v.ctx, d.ID)), true
	case key.Matches(msg, keys.MoveNext, keys.MovePrev):
		dir := 1
		if key.Matches(msg, keys.MovePrev) {
			dir = -1
		}
		if to, ok := v.ctx.stageAfter(d.StageID, dir); ok {
			v.moveLocally(d, to)
		}
	}
	v.focusDeal = d.ID
	return dealAction(v.ctx, keys, msg, d)
}

func (v *boardView) tableKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if cmd, ok := v.table.key(msg); ok {
		return cmd, true
	}
	if key.Matches(msg, k.Deal.New) {
		return openDealForm(v.ctx, newDealDraft(v.ctx, model.Stage{}, model.Account{}), nil), true
	}
	d, ok := v.table.list.selected()
	if !ok {
		return nil, false
	}
	if key.Matches(msg, k.List.Open) {
		return push(newDealView(v.ctx, d.ID)), true
	}
	return dealAction(v.ctx, k.Deal, msg, d)
}

// moveLocally moves a card to stage to in memory so the board answers
// the key at once; the reload after the write confirms it (or, if the
// write fails, puts it back).
func (v *boardView) moveLocally(d model.Deal, to model.Stage) {
	var src, dst *boardColumn
	dstIndex := 0
	for i, c := range v.cols {
		switch c.sum.Stage.ID {
		case d.StageID:
			src = c
		case to.ID:
			dst, dstIndex = c, i
		}
	}
	if src == nil || dst == nil {
		return
	}
	if i, ok := src.list.find(d.ID); ok {
		r := i - src.list.offset
		src.list.setData(src.list.total-1, src.list.offset, slices.Delete(slices.Clone(src.list.rows), r, r+1), src.list.pages)
	}
	if src.ids != nil {
		src.ids = slices.DeleteFunc(slices.Clone(src.ids), func(id int64) bool { return id == d.ID })
	}
	adjustSummary(&src.sum, d, -1)
	d.StageID = to.ID
	adjustSummary(&dst.sum, d, +1)
	// Insert in the column's order: no next step first, then by due date.
	at := len(dst.list.rows)
	for i, x := range dst.list.rows {
		if cardBefore(d, x) {
			at = i
			break
		}
	}
	rows := slices.Insert(slices.Clone(dst.list.rows), at, d)
	if dst.ids != nil {
		dst.ids = slices.Insert(slices.Clone(dst.ids), min(dst.list.offset+at, len(dst.ids)), d.ID)
	}
	dst.list.setData(dst.list.total+1, dst.list.offset, rows, dst.list.pages)
	dst.list.jump(dst.list.offset + at)
	v.col = dstIndex
}

// cardBefore is the board's card order (BoardCards' ORDER BY).
func cardBefore(a, b model.Deal) bool {
	switch {
	case a.NextDue.IsZero() != b.NextDue.IsZero():
		return a.NextDue.IsZero()
	case a.NextDue != b.NextDue:
		return a.NextDue.Before(b.NextDue)
	}
	return a.ID < b.ID
}

func adjustSummary(s *store.StageSummary, d model.Deal, sign int) {
	s.Count += sign
	s.Total[d.Value.Currency] += int64(sign) * d.Value.Minor
	s.Weighted[d.Value.Currency] += int64(sign) * d.Weighted(s.Stage.Probability).Minor
	for _, t := range []model.Totals{s.Total, s.Weighted} {
		if t[d.Value.Currency] <= 0 {
			delete(t, d.Value.Currency)
		}
	}
}

func (v *boardView) setSize(w, h int) {
	v.width, v.height = w, h
	v.table.setSize(w, h-v.filterHeight())
}

func (v *boardView) filterHeight() int { return b2i(v.filter.shown()) }

func (v *boardView) capturing() bool { return v.filter.active }

func (v *boardView) cardsPerColumn() int {
	return max(1, (v.height-v.filterHeight()-columnHeader-1)/cardHeight)
}

func (v *boardView) help() helpSet {
	k := v.ctx.keys
	if v.filter.active {
		return v.filter.help()
	}
	if v.showTable {
		d := k.Deal
		return helpSet{
			short: []key.Binding{summary("j/k", "move"), k.List.Sort, k.List.Reverse, summary("L/H", "stage →/←"), d.Won, d.Lost, d.Log,
				k.List.Open, k.Board.ToggleView, k.List.Filter},
			full: [][]key.Binding{
				{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, k.List.Open},
				{k.List.Sort, k.List.Reverse, k.List.Filter, k.Board.ToggleView},
				{d.Done, d.Log, d.Snooze, d.Edit, d.MoveNext, d.MovePrev, d.Won, d.Lost, d.Reopen, d.Account, d.New},
			},
			notes: boardHelp,
		}
	}
	d := v.boardDealKeys()
	return helpSet{
		short: []key.Binding{summary("hjkl", "move"), summary("L/H", "stage →/←"), d.Won, d.Lost, d.Log, k.List.Open, d.New,
			k.List.Filter, k.Board.ToggleView},
		full: [][]key.Binding{
			{k.Board.Left, k.Board.Right, k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp},
			{d.MoveNext, d.MovePrev, d.Won, d.Lost, d.Log, d.Done, d.Snooze, d.Edit, d.Account, k.List.Open, d.New},
			{k.Board.ToggleView, k.List.Filter},
		},
		notes: boardHelp,
	}
}

// boardHelp defines the figures on the board.
const boardHelp = "count = open deals in the stage · total = Σ value · weighted = Σ value × probability ÷ 100 " +
	"(the deal's own probability if set, else the stage default). Currencies are never added together. " +
	"A deal is stale (◷) when untouched — no activity logged, no move — for longer than its stage's rot days."
