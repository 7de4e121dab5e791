package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
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

// pipelinePage is the board (one column per open stage) and, with v, a
// sortable table of the same deals.
type pipelinePage struct {
	env  *env
	req  uint64
	cols []boardColumn
	col  int // selected column
	left int // first column drawn when they do not all fit

	width, height int
	loaded        bool
	err           error

	filter filterBox

	table     dealTable
	showTable bool

	// focusDeal is the deal to keep selected across the next reload.
	focusDeal int64
	loads     latest

	// cards are the cards drawn in earlier frames: a keystroke moves the
	// selection, so only two cards change between frames.
	cards drawCache[cardKey, []string]
}

type cardKey struct {
	id       int64
	selected bool
	width    int
}

type boardColumn struct {
	sum store.StageSummary
	win window[model.Deal]
	// ids are the column's matching deals in order while a filter is on
	// (pages are read by id); nil for the whole board.
	ids []int64
}

func newPipelinePage(e *env) *pipelinePage {
	return &pipelinePage{env: e, filter: newFilterBox("filter by title, account, contact or source"), table: newDealTable(e)}
}

// Messages of the pipeline page.

type pipelineLoadedMsg struct {
	req   uint64
	cols  []boardColumn
	focus int64
	err   error
}

type columnPageMsg struct {
	req     uint64
	stageID int64
	offset  int
	deals   []model.Deal
	err     error
}

func (p *pipelinePage) load() tea.Cmd {
	p.req++
	if p.showTable {
		return tea.Batch(p.loadBoard(), p.table.load(p.filter.value()))
	}
	return p.loadBoard()
}

// loadBoard reads the column headers and the page of cards each column
// shows (around the focused deal, if any). With a filter, one pass finds
// every match and the pages are read by id.
func (p *pipelinePage) loadBoard() tea.Cmd {
	s, req, filter, focus := p.env.store, p.req, strings.TrimSpace(p.filter.value()), p.focusDeal
	selected := make(map[int64]int, len(p.cols))
	for _, c := range p.cols {
		selected[c.sum.Stage.ID] = c.win.cursor
	}
	ctx, cancel := p.loads.next()
	return func() tea.Msg {
		defer cancel()
		var sums []store.StageSummary
		var ids map[int64][]int64
		var err error
		if filter == "" {
			sums, err = s.Pipeline(ctx)
		} else {
			sums, ids, err = s.FilteredBoard(ctx, filter)
		}
		if err != nil {
			return pipelineLoadedMsg{req: req, err: err}
		}
		var focused model.Deal
		if focus != 0 {
			if focused, err = s.Deal(ctx, focus); err != nil || focused.Status != model.Open {
				focus = 0
			}
		}
		cols := make([]boardColumn, len(sums))
		for i, sum := range sums {
			c := boardColumn{sum: sum, win: newWindow[model.Deal](), ids: ids[sum.Stage.ID]}
			if filter != "" && c.ids == nil {
				c.ids = []int64{}
			}
			c.win.cursor = selected[sum.Stage.ID]
			if focus != 0 && focused.StageID == sum.Stage.ID {
				if pos, ok := c.position(ctx, s, focused); ok {
					c.win.cursor = pos
				}
			}
			c.win.cursor = min(c.win.cursor, max(0, sum.Count-1))
			offset := max(0, c.win.cursor-pageSize/2)
			deals, err := c.page(ctx, s, offset)
			if err != nil {
				return pipelineLoadedMsg{req: req, err: err}
			}
			c.win.set(offset, deals, sum.Count)
			cols[i] = c
		}
		return pipelineLoadedMsg{req: req, cols: cols, focus: focus}
	}
}

// position is where a deal sits in the column's order.
func (c *boardColumn) position(ctx context.Context, s *store.Store, d model.Deal) (int, bool) {
	if c.ids != nil {
		i := slices.Index(c.ids, d.ID)
		return i, i >= 0
	}
	pos, err := s.BoardPosition(ctx, d)
	return pos, err == nil
}

// page reads the column's cards from offset on.
func (c *boardColumn) page(ctx context.Context, s *store.Store, offset int) ([]model.Deal, error) {
	if c.ids != nil {
		return s.DealsByID(ctx, c.ids[min(offset, len(c.ids)):min(offset+pageSize, len(c.ids))])
	}
	return s.BoardCards(ctx, store.BoardQuery{StageID: c.sum.Stage.ID, Offset: offset, Limit: pageSize})
}

// loadColumnPage fetches another page of one column's cards.
func (p *pipelinePage) loadColumnPage(c *boardColumn, offset int) tea.Cmd {
	s, req, col := p.env.store, p.req, *c
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		deals, err := col.page(ctx, s, offset)
		return columnPageMsg{req: req, stageID: col.sum.Stage.ID, offset: offset, deals: deals, err: err}
	}
}

func (p *pipelinePage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pipelineLoadedMsg:
		if msg.req != p.req {
			return nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err != nil {
			return nil
		}
		p.cols = msg.cols
		p.cards.reset()
		if msg.focus != 0 {
			for i, c := range p.cols {
				if _, ok := c.win.find(func(d model.Deal) bool { return d.ID == msg.focus }); ok {
					p.col = i
				}
			}
		}
		p.focusDeal = 0
		p.col = min(p.col, max(0, len(p.cols)-1))
		return nil
	case columnPageMsg:
		if msg.req != p.req || msg.err != nil {
			return nil
		}
		for i := range p.cols {
			if c := &p.cols[i]; c.sum.Stage.ID == msg.stageID {
				c.win.set(msg.offset, msg.deals, c.win.total)
			}
		}
		p.cards.reset()
		return nil
	case dealTableMsg:
		return p.table.update(msg)
	case tea.PasteMsg:
		if p.filter.active {
			return p.filterKey(msg)
		}
	case tea.KeyPressMsg:
		if p.filter.active {
			return p.filterKey(msg)
		}
		if p.showTable {
			return p.tableKey(msg)
		}
		return p.boardKey(msg)
	}
	return nil
}

func (p *pipelinePage) filterKey(msg tea.Msg) tea.Cmd {
	cmd, changed := p.filter.handle(msg)
	if changed {
		for i := range p.cols {
			p.cols[i].win.cursor = 0
		}
		p.table.cursorTop()
		return tea.Batch(cmd, p.load())
	}
	return cmd
}

func (p *pipelinePage) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.env.keys
	if len(p.cols) == 0 {
		return nil
	}
	c := &p.cols[p.col]
	switch {
	case key.Matches(msg, k.Left):
		p.col = max(0, p.col-1)
	case key.Matches(msg, k.Right):
		p.col = min(len(p.cols)-1, p.col+1)
	case c.win.navigate(msg, k, p.cardsPerColumn()):
	case key.Matches(msg, k.Filter):
		return p.filter.start()
	case key.Matches(msg, k.ToggleView):
		p.showTable = true
		return p.table.load(p.filter.value())
	case key.Matches(msg, k.Back):
		if p.filter.clear() {
			return p.load()
		}
	default:
		if d, ok := c.win.selected(); ok {
			return p.dealKey(msg, d)
		}
	}
	return p.fetchIfNeeded()
}

// dealKey handles the keys that act on the selected deal, on the board
// or in the table.
func (p *pipelinePage) dealKey(msg tea.KeyPressMsg, d model.Deal) tea.Cmd {
	k := p.env.keys
	switch {
	case key.Matches(msg, k.MoveNext):
		return p.moveBy(d, 1)
	case key.Matches(msg, k.MovePrev):
		return p.moveBy(d, -1)
	case key.Matches(msg, k.Won):
		p.focusDeal = d.ID
		return closeDeal(p.env.store, d, model.Won, "")
	case key.Matches(msg, k.Lost):
		p.focusDeal = d.ID
		return newLostDialog(p.env, d)
	case key.Matches(msg, k.Open):
		return openDeal(d.ID)
	case key.Matches(msg, k.Edit):
		return editDealForm(p.env, d)
	case key.Matches(msg, k.Log), msg.String() == "a":
		p.focusDeal = d.ID
		return openModal(newLogDialog(p.env, d))
	case key.Matches(msg, k.New):
		return newDealForm(p.env, p.stageAt(p.col))
	}
	return nil
}

func (p *pipelinePage) stageAt(i int) model.Stage {
	if i < 0 || i >= len(p.cols) {
		return model.Stage{}
	}
	return p.cols[i].sum.Stage
}

// moveBy moves a deal dir stages along. The board changes at once (the
// card jumps to its new column and stays selected) and the write follows.
func (p *pipelinePage) moveBy(d model.Deal, dir int) tea.Cmd {
	from := -1
	for i, c := range p.cols {
		if c.sum.Stage.ID == d.StageID {
			from = i
		}
	}
	to := from + dir
	if from < 0 {
		return nil
	}
	if to < 0 {
		return statusCmd(model.Clean(d.Title)+" is already in the first stage", false)
	}
	if to >= len(p.cols) {
		return statusCmd(model.Clean(d.Title)+" is in the last stage: W marks it won, X lost", false)
	}
	p.moveLocally(d, from, to)
	p.cards.reset()
	p.focusDeal = d.ID
	target := p.cols[to].sum.Stage
	return moveDeal(p.env.store, d, target)
}

// moveLocally moves a card between columns in memory so the board answers
// the key at once; the reload after the write confirms it.
func (p *pipelinePage) moveLocally(d model.Deal, from, to int) {
	src, dst := &p.cols[from], &p.cols[to]
	if i, ok := src.win.find(func(x model.Deal) bool { return x.ID == d.ID }); ok {
		r := i - src.win.offset
		src.win.rows = append(src.win.rows[:r:r], src.win.rows[r+1:]...)
		src.win.total--
		src.win.clamp()
	}
	if src.ids != nil {
		src.ids = slices.DeleteFunc(slices.Clone(src.ids), func(id int64) bool { return id == d.ID })
	}
	adjustSummary(&src.sum, d, -1)
	d.StageID = dst.sum.Stage.ID
	adjustSummary(&dst.sum, d, +1)
	// Insert in the column's order: no next step first, then by due date.
	at := len(dst.win.rows)
	for i, x := range dst.win.rows {
		if cardBefore(d, x) {
			at = i
			break
		}
	}
	rows := make([]model.Deal, 0, len(dst.win.rows)+1)
	rows = append(rows, dst.win.rows[:at]...)
	rows = append(rows, d)
	dst.win.rows = append(rows, dst.win.rows[at:]...)
	dst.win.total++
	dst.win.jump(dst.win.offset + at)
	if dst.ids != nil {
		dst.ids = slices.Insert(slices.Clone(dst.ids), min(dst.win.offset+at, len(dst.ids)), d.ID)
	}
	p.col = to
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

func (p *pipelinePage) fetchIfNeeded() tea.Cmd {
	if len(p.cols) == 0 {
		return nil
	}
	c := &p.cols[p.col]
	if off, ok := c.win.needFetch(); ok {
		return p.loadColumnPage(c, off)
	}
	return nil
}

func (p *pipelinePage) tableKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.env.keys
	switch {
	case key.Matches(msg, k.ToggleView):
		p.showTable = false
		if d, ok := p.table.selected(); ok {
			p.focusDeal = d.ID
		}
		return p.load()
	case key.Matches(msg, k.Filter):
		return p.filter.start()
	case key.Matches(msg, k.Back):
		if p.filter.clear() {
			return p.load()
		}
		return nil
	}
	if cmd, handled := p.table.key(msg); handled {
		return cmd
	}
	if d, ok := p.table.selected(); ok {
		return p.tableDealKey(msg, d)
	}
	return nil
}

// tableDealKey acts on the deal selected in the table; stage moves need
// the stage order, which the board columns hold.
func (p *pipelinePage) tableDealKey(msg tea.KeyPressMsg, d model.Deal) tea.Cmd {
	k := p.env.keys
	if key.Matches(msg, k.MoveNext, k.MovePrev) {
		dir := 1
		if key.Matches(msg, k.MovePrev) {
			dir = -1
		}
		for i, c := range p.cols {
			if c.sum.Stage.ID == d.StageID {
				to := i + dir
				if to < 0 || to >= len(p.cols) {
					return statusCmd("no stage that way: W marks it won, X lost", false)
				}
				return moveDeal(p.env.store, d, p.cols[to].sum.Stage)
			}
		}
		return nil
	}
	return p.dealKey(msg, d)
}

func (p *pipelinePage) setSize(w, h int) {
	p.width, p.height = w, h
	p.table.setSize(w, h-p.filterHeight())
}

func (p *pipelinePage) filterHeight() int {
	if p.filter.shown() {
		return 1
	}
	return 0
}

func (p *pipelinePage) capturing() bool { return p.filter.active }

// keepDeal selects the deal on the board's next load (if it is open).
func (p *pipelinePage) keepDeal(id int64) { p.focusDeal = id }

func (p *pipelinePage) shortHelp() []key.Binding {
	k := p.env.keys
	if p.filter.active {
		return filterHelp
	}
	if p.showTable {
		return []key.Binding{listMove, k.Sort, stageMove, k.Won, k.Lost, k.Log, k.Open, k.ToggleView, k.Filter}
	}
	return []key.Binding{boardMove, stageMove, k.Won, k.Lost, logOnBoard, k.Open, k.New, k.Filter, k.ToggleView}
}

// Footer-only summaries of the board's movement keys.
var (
	boardMove = key.NewBinding(key.WithKeys("h", "j", "k", "l"), key.WithHelp("hjkl", "move"))
	listMove  = key.NewBinding(key.WithKeys("j", "k"), key.WithHelp("j/k", "move"))
	stageMove = key.NewBinding(key.WithKeys("L", "H"), key.WithHelp("L/H", "stage →/←"))
)

// logOnBoard is the log key as the board shows it: l moves between
// columns there, so a logs.
var logOnBoard = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "log"))

func (p *pipelinePage) fullHelp() [][]key.Binding {
	k := p.env.keys
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.MoveNext, k.MovePrev, k.Won, k.Lost, logOnBoard, k.Open, k.New, k.Edit},
		{k.ToggleView, k.Sort, k.Filter, k.Back},
	}
}

func (p *pipelinePage) cardsPerColumn() int {
	return max(1, (p.height-p.filterHeight()-columnHeader-1)/cardHeight)
}

func (p *pipelinePage) view() string {
	st := p.env.styles
	var top string
	if p.filter.shown() {
		top = p.filter.view(st, p.width) + "\n"
	}
	switch {
	case p.err != nil:
		return top + st.Danger.Render(p.err.Error())
	case !p.loaded:
		return top + st.Subtle.Render("Loading the pipeline…")
	case p.showTable:
		return top + p.table.view()
	}
	return top + p.boardView()
}

// boardView draws the columns that fit, keeping the selected one visible.
func (p *pipelinePage) boardView() string {
	st := p.env.styles
	if len(p.cols) == 0 {
		return st.Subtle.Render("No stages: add one with `rolo stages add NAME`.")
	}
	n := p.visibleColumns()
	if p.col < p.left {
		p.left = p.col
	}
	if p.col >= p.left+n {
		p.left = p.col - n + 1
	}
	p.left = min(p.left, len(p.cols)-n)
	colW := (p.width - (n - 1)) / n
	h := p.height - p.filterHeight()
	parts := make([]string, 0, 2*n)
	for i := p.left; i < p.left+n; i++ {
		if i > p.left {
			parts = append(parts, st.Rule.Render(strings.Repeat("│\n", max(0, h-1))+"│"))
		}
		parts = append(parts, p.columnView(i, colW, h))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, parts...)
}

// visibleColumns is how many columns fit side by side.
func (p *pipelinePage) visibleColumns() int {
	return min(max(1, (p.width+1)/(minColumnWidth+1)), len(p.cols))
}

// visibleEnd is one past the last column drawn.
func (p *pipelinePage) visibleEnd() int { return p.left + p.visibleColumns() }

func (p *pipelinePage) columnView(i, w, h int) string {
	st := p.env.styles
	c := &p.cols[i]
	active := i == p.col
	head := st.ColumnHead
	if active {
		head = st.ColumnHeadActive
	}
	name := strings.ToUpper(model.Clean(c.sum.Stage.Name))
	// Arrows on the outer columns say more stages are off-screen.
	if i == p.left && i > 0 {
		name = "‹ " + name
	}
	num := count(c.sum.Count)
	if i == p.visibleEnd()-1 && i < len(p.cols)-1 {
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
		lines = append(lines, st.Faint.Render(pad("no deals", w)))
		return strings.Join(lines, "\n")
	}
	rows := max(1, (h-len(lines)-1)/cardHeight)
	start, end := c.win.visible(rows)
	today, now := p.env.clock.Today(), p.env.clock.Now()
	for idx := start; idx < end; idx++ {
		d, ok := c.win.at(idx)
		if !ok {
			lines = append(lines, st.Faint.Render(pad("loading…", w)), "", "", "")
			continue
		}
		selected := active && idx == c.win.cursor
		lines = append(lines, p.cards.get(cardKey{id: d.ID, selected: selected, width: w}, st, p.width, func() []string {
			return p.cardView(d, c.sum.Stage, selected, w, today, now)
		})...)
	}
	if more := c.win.total - end; more > 0 {
		lines = append(lines, st.Faint.Render(pad(fmt.Sprintf("  ↓ %s more", count(more)), w)))
	} else if start > 0 {
		lines = append(lines, st.Faint.Render(pad(fmt.Sprintf("  ↑ %s above", count(start)), w)))
	}
	return strings.Join(lines, "\n")
}

// cardView draws one deal: title (and a stale badge), account and value,
// and the next step with its due date coloured by urgency.
func (p *pipelinePage) cardView(d model.Deal, stage model.Stage, selected bool, w int, today model.Date, now time.Time) []string {
	st := p.env.styles
	inner := w - 2
	var badge string
	if d.IsRotting(stage, now) {
		badge = st.Warning.Render(fmt.Sprintf("◷%dd", d.DaysIdle(now)))
	}
	title := spread(st.Bold.Render(shortTitle(d)), badge, inner)
	value := d.Value.Short()
	acct := spread(st.Subtle.Render(safe(d.AccountName, inner)), value, inner)
	next := cardNextStep(st, d, today, inner)
	bar, bg := st.CardBarDim.Render(" "), st.Card
	if selected {
		bar, bg = st.CardBar.Render("▌"), st.CardSelected
	}
	out := []string{
		bar + bg.Render(" "+pad(title, inner)),
		bar + bg.Render(" "+pad(acct, inner)),
		bar + bg.Render(" "+pad(next, inner)),
		"",
	}
	return out
}

// cardNextStep is the card's compact next-step line, so a narrow column
// still shows what the step is: "⚠3d Send proposal", "● Call back",
// "→Fri Demo", "∅ no next step".
func cardNextStep(st Styles, d model.Deal, today model.Date, w int) string {
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
	mark := "→" + compactDue(d.NextDue, today) + " "
	return st.Subtle.Render(mark) + safe(step, w-lipgloss.Width(mark))
}

// compactDue is "tmrw", "Fri", "12/4" — a due date in at most five cells.
func compactDue(d, today model.Date) string {
	days := today.DaysUntil(d)
	switch {
	case days == 1:
		return "tmrw"
	case days > 1 && days < 7:
		return d.Weekday().String()[:3]
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
