// Package tui is rolo's interactive front-end (Bubble Tea v2): the tabs,
// their keys, forms and styles. It reads and writes only through store
// calls wrapped in tea.Cmds, never in Update, and sanitises every user
// string it draws.
package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
	"rolo/store"
)

// Options configure the app.
type Options struct {
	Store *store.Store
	Clock model.Clock
	// Dark forces the dark (true) or light (false) theme; nil asks the
	// terminal and assumes dark until it answers.
	Dark *bool
}

// env is what every page shares: the store, the clock, the theme, the
// keys and the screen size. Only the root model changes it, in Update.
type env struct {
	store  *store.Store
	clock  model.Clock
	styles Styles
	keys   KeyMap
	width  int
	height int
}

// page is one tab.
type page interface {
	// load (re)reads the page's data; called when the page is shown and
	// after any change to the data.
	load() tea.Cmd
	update(tea.Msg) tea.Cmd
	view() string
	setSize(w, h int)
	// shortHelp and fullHelp are the keys that work on the page now.
	shortHelp() []key.Binding
	fullHelp() [][]key.Binding
	// capturing is true while a text field on the page has the keyboard,
	// so global single-letter keys must not fire.
	capturing() bool
	// keepDeal asks the page to select a deal when it next loads (after a
	// write that created or changed it).
	keepDeal(id int64)
}

// modal is a dialog drawn over the page that gets the keys first.
type modal interface {
	update(tea.Msg) (modal, tea.Cmd) // nil modal closes it
	view(width, height int) string
	shortHelp() []key.Binding
}

const (
	tabToday = iota
	tabPipeline
	tabAccounts
	tabRenewals
	tabMetrics
	tabCount
)

var tabNames = [tabCount]string{"Today", "Pipeline", "Accounts", "Renewals", "Metrics"}

// Model is the root of the app.
type Model struct {
	env      *env
	pages    [tabCount]page
	stale    [tabCount]bool
	active   int
	modal    modal
	detail   *dealDetail // a deal opened full-screen over the tab
	help     help.Model
	showHelp bool

	status    string
	statusErr bool
	statusSeq int

	empty    bool // the database holds nothing yet: first-run screen
	checked  bool // the emptiness check has answered
	askBg    bool
	quitting bool
}

// New builds the app on an open store.
func New(opts Options) *Model {
	dark := true
	if opts.Dark != nil {
		dark = *opts.Dark
	}
	e := &env{store: opts.Store, clock: opts.Clock, styles: NewStyles(dark), keys: DefaultKeyMap(), width: 80, height: 24}
	m := &Model{env: e, help: help.New(), askBg: opts.Dark == nil}
	m.help.Styles = e.styles.Help
	m.pages[tabToday] = newTodayPage(e)
	m.pages[tabPipeline] = newPipelinePage(e)
	m.pages[tabAccounts] = newAccountsPage(e)
	m.pages[tabRenewals] = newSoonPage(e, "Renewals", "the contracts ending this week and in their notice window, each with renew, churn, snooze and check-in")
	m.pages[tabMetrics] = newSoonPage(e, "Metrics", "win rate, stage conversion, sales cycle, weighted pipeline, CAC, CSAT, NPS, GRR, NRR and logo retention")
	for i := range m.stale {
		m.stale[i] = true
	}
	return m
}

// Init checks for a first run, loads the opening tab, and asks the
// terminal for its background colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{checkEmpty(m.env.store), m.activate(m.active)}
	if m.askBg {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// activate shows tab i, loading it if its data is stale.
func (m *Model) activate(i int) tea.Cmd {
	m.active = i
	if !m.stale[i] {
		return nil
	}
	m.stale[i] = false
	return m.pages[i].load()
}

// Update routes a message: sizes and theme to everyone, keys to the
// dialog, else the page, else the global keys; data messages to all pages.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.env.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.env.styles.Help
		return m, nil
	case emptyCheckedMsg:
		m.checked = true
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.empty = msg.empty
		return m, nil
	case statusMsg:
		return m, m.setStatus(msg.text, msg.isErr)
	case clearStatusMsg:
		if msg.seq == m.statusSeq {
			m.status = ""
		}
		return m, nil
	case changedMsg:
		return m, m.changed(msg)
	case openModalMsg:
		m.modal = msg.modal
		if f, ok := msg.modal.(*form); ok {
			return m, tea.Batch(msg.cmd, f.start())
		}
		return m, msg.cmd
	case switchTabMsg:
		m.detail = nil
		cmd := m.activate(msg.tab)
		return m, tea.Batch(cmd, m.pages[msg.tab].update(msg.then))
	case openDealMsg:
		m.detail = newDealDetail(m.env, msg.id)
		m.detail.setSize(m.env.width, m.bodyHeight())
		return m, m.detail.load()
	case offerContractMsg:
		f := newContractDialog(m.env, msg.deal)
		m.modal = f
		return m, f.start()
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	var cmds []tea.Cmd
	if m.modal != nil {
		var cmd tea.Cmd
		m.modal, cmd = m.modal.update(msg)
		cmds = append(cmds, cmd)
	}
	if m.detail != nil {
		cmds = append(cmds, m.detail.update(msg))
	}
	for _, p := range m.pages {
		cmds = append(cmds, p.update(msg))
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	if msg.String() == "ctrl+c" {
		m.quitting = true
		return tea.Quit
	}
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	if m.modal != nil {
		var cmd tea.Cmd
		m.modal, cmd = m.modal.update(msg)
		return cmd
	}
	if m.empty {
		return m.firstRunKey(msg)
	}
	if m.detail != nil {
		return m.detailKey(msg)
	}
	p := m.pages[m.active]
	if p.capturing() {
		return p.update(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5):
		return m.activate(int(msg.Text[0] - '1'))
	case key.Matches(msg, k.NextTab):
		return m.activate((m.active + 1) % tabCount)
	case key.Matches(msg, k.PrevTab):
		return m.activate((m.active + tabCount - 1) % tabCount)
	case key.Matches(msg, k.Undo):
		return undo(m.env.store)
	case key.Matches(msg, k.Palette):
		return m.openPalette()
	}
	return p.update(msg)
}

// detailKey handles keys while a deal is open: esc goes back, the global
// keys still work, the rest act on the deal.
func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	switch {
	case key.Matches(msg, k.Back):
		m.detail = nil
		return nil
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5):
		m.detail = nil
		return m.activate(int(msg.Text[0] - '1'))
	case key.Matches(msg, k.Undo):
		return undo(m.env.store)
	case key.Matches(msg, k.Palette):
		return m.openPalette()
	}
	return m.detail.key(msg)
}

// firstRunKey handles keys on the first-run screen.
func (m *Model) firstRunKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.env.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, k.New):
		return newDealForm(m.env, model.Stage{})
	case key.Matches(msg, k.Help):
		m.showHelp = true
	}
	return nil
}

// changed reacts to a write: every page's data is stale; the visible page
// reloads now (keeping its place), the others when next shown.
func (m *Model) changed(msg changedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.err != nil {
		cmds = append(cmds, m.setStatus(msg.err.Error(), true))
	} else if msg.status != "" {
		cmds = append(cmds, m.setStatus(msg.status, false))
	}
	if msg.focus != 0 {
		for _, p := range m.pages {
			p.keepDeal(msg.focus)
		}
	}
	if msg.err == nil || msg.reload {
		m.empty = false
		for i := range m.stale {
			m.stale[i] = true
		}
		m.stale[m.active] = false
		cmds = append(cmds, m.pages[m.active].load())
		if m.detail != nil {
			cmds = append(cmds, m.detail.load())
		}
	}
	if msg.then != nil {
		cmds = append(cmds, msg.then)
	}
	return tea.Batch(cmds...)
}

func (m *Model) setStatus(text string, isErr bool) tea.Cmd {
	m.status, m.statusErr = text, isErr
	m.statusSeq++
	seq := m.statusSeq
	wait := 4 * time.Second
	if isErr {
		wait = 10 * time.Second
	}
	return tea.Tick(wait, func(time.Time) tea.Msg { return clearStatusMsg{seq: seq} })
}

// setSize lays out header, body and footer and tells every page its size.
func (m *Model) setSize(w, h int) {
	m.env.width, m.env.height = w, h
	m.help.SetWidth(w)
	for _, p := range m.pages {
		p.setSize(w, m.bodyHeight())
	}
	if m.detail != nil {
		m.detail.setSize(w, m.bodyHeight())
	}
}

// bodyHeight is the screen minus the header (tabs and a rule) and footer.
func (m *Model) bodyHeight() int { return max(0, m.env.height-3) }

// View draws the whole screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "rolo — " + tabNames[m.active]
	if m.quitting {
		return v
	}
	w, h := m.env.width, m.env.height
	var body string
	switch {
	case !m.checked:
		body = ""
	case m.empty:
		body = m.firstRunView()
	case m.detail != nil:
		body = m.detail.view()
	default:
		body = m.pages[m.active].view()
	}
	body = fit(body, w, m.bodyHeight())
	screen := lipgloss.JoinVertical(lipgloss.Left, m.headerView(), body, m.footerView())
	switch {
	case m.showHelp:
		screen = overlay(screen, m.helpView(), w, h)
	case m.modal != nil:
		screen = overlay(screen, m.modal.view(w, h), w, h)
	}
	v.SetContent(screen)
	return v
}

// headerView is the tab bar, with the date and file on the right.
func (m *Model) headerView() string {
	st := m.env.styles
	parts := []string{st.Brand.Render("rolo")}
	for i, name := range tabNames {
		label := string(rune('1'+i)) + " " + name
		if i == m.active {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.Tab.Render(label))
		}
	}
	left := strings.Join(parts, "")
	right := st.HeaderInfo.Render(m.env.clock.Today().Weekday().String()[:3] + " " + m.env.clock.Today().String() + " ")
	gap := m.env.width - lipgloss.Width(left) - lipgloss.Width(right)
	line := left
	if gap > 0 {
		line += strings.Repeat(" ", gap) + right
	}
	rule := st.Rule.Render(strings.Repeat("─", max(0, m.env.width)))
	return ansi.Truncate(line, m.env.width, "") + "\n" + rule
}

// footerView shows the status message, else the keys that work here.
func (m *Model) footerView() string {
	st := m.env.styles
	if m.status != "" {
		style := st.StatusOK
		if m.statusErr {
			style = st.StatusErr
		}
		return ansi.Truncate(style.Render(model.Clean(m.status)), m.env.width, "…")
	}
	// "? help" and "q quit" always show at the right; the page's keys get
	// the rest (bubbles' help can overrun its width, so cut it ourselves).
	k := m.env.keys
	keys := m.shortHelp()
	var tail []key.Binding
	if n := len(keys); n >= 2 && keys[n-2].Help() == k.Help.Help() && keys[n-1].Help() == k.Quit.Help() {
		keys, tail = keys[:n-2], keys[n-2:]
	}
	right := ""
	if len(tail) > 0 {
		right = m.help.ShortHelpView(tail)
	}
	room := m.env.width - lipgloss.Width(right)
	if right != "" {
		room -= 3
	}
	left := ansi.Truncate(m.help.ShortHelpView(keys), max(0, room), "…")
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", max(1, room-lipgloss.Width(left)+3)) + right
}

func (m *Model) shortHelp() []key.Binding {
	k := m.env.keys
	if m.modal != nil {
		return m.modal.shortHelp()
	}
	if m.empty {
		return []key.Binding{k.New, k.Quit}
	}
	if m.detail != nil {
		return append(m.detail.shortHelp(), k.Help)
	}
	p := m.pages[m.active]
	out := p.shortHelp()
	if p.capturing() {
		return out
	}
	return append(out, k.Help, k.Quit)
}

// helpView is the full list of keys for this tab and the global ones.
func (m *Model) helpView() string {
	k := m.env.keys
	st := m.env.styles
	groups := m.pages[m.active].fullHelp()
	groups = append(groups, []key.Binding{k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5, k.NextTab, k.PrevTab},
		[]key.Binding{k.Palette, k.Undo, k.Help, k.Quit})
	inner := max(20, min(m.env.width-6, 96))
	h := m.help
	h.ShowAll = true
	h.SetWidth(inner)
	title := st.Title.Render("Keys — " + tabNames[m.active])
	body := packHelp(h, groups, inner)
	extra := ""
	if m.active == tabPipeline && m.detail == nil {
		extra = "\n\n" + st.Subtle.Width(inner).Render(metricHelp)
		// On a short screen the definitions give way to the keys.
		if lipgloss.Height(title+body+extra)+6 > m.env.height {
			extra = "\n\n" + st.Subtle.Width(inner).Render("Column figures are defined in the README and in `rolo pipeline --help`.")
		}
	}
	return st.Modal.Render(title + "\n\n" + body + extra + "\n\n" + st.Faint.Render("any key closes"))
}

// packHelp lays key groups side by side, starting a new row of groups
// when the next would not fit (bubbles' help would cut it off instead).
func packHelp(h help.Model, groups [][]key.Binding, width int) string {
	var rows []string
	var row []string
	used := 0
	for _, g := range groups {
		block := h.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(block) + 4
		if len(row) > 0 && used+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(block))
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// metricHelp defines the figures on the board.
const metricHelp = "count = open deals in the stage · total = Σ value · weighted = Σ value × probability " +
	"(the deal's own probability if set, else the stage default). Currencies are never added together. " +
	"A deal is stale (◷) when untouched — no activity logged, no move — for longer than its stage's rot days."

// firstRunView welcomes a new user on an empty database.
func (m *Model) firstRunView() string {
	st := m.env.styles
	path := m.env.store.Path()
	lines := []string{
		st.Title.Render("Welcome to rolo"),
		"",
		"Your book of business is empty. This database lives at",
		"  " + st.Accent.Render(model.Clean(path)),
		"",
		st.Bold.Render("Add your first deal") + ": press " + st.Accent.Render("n") + " here, or from a shell:",
		"  rolo add deal --account \"Acme Corp\" --title \"Pilot\" --value 12k",
		"",
		st.Bold.Render("Look around first") + ": quit and load realistic sample data:",
		"  rolo demo --db " + shellQuote(path) + "   (fills this file)",
		"  rolo --demo               (a throwaway demo database)",
		"",
		st.Subtle.Render("Press ? for keys, q to quit."),
	}
	block := strings.Join(lines, "\n")
	return lipgloss.Place(m.env.width, m.bodyHeight(), lipgloss.Center, lipgloss.Center, block)
}

// shellQuote quotes a path for a copy-pasteable command.
func shellQuote(s string) string {
	s = model.Clean(s)
	if strings.ContainsAny(s, " '\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// fit pads or cuts s to exactly w×h cells so the footer never moves.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// overlay draws a dialog centred over the screen.
func overlay(base, dialog string, w, h int) string {
	x := max(0, (w-lipgloss.Width(dialog))/2)
	y := max(0, (h-lipgloss.Height(dialog))/2)
	return lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(dialog).X(x).Y(y).Z(1)).Render()
}

// ctxTimeout bounds every store call a command makes.
func ctxTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

// latest cancels a view's superseded loads: typing a filter starts a load
// per key and only the last one matters, so the earlier ones stop rather
// than scan on (and hold memory) in parallel. Call next in Update and give
// the context to the command.
type latest struct{ cancel context.CancelFunc }

func (l *latest) next() (context.Context, context.CancelFunc) {
	if l.cancel != nil {
		l.cancel()
	}
	ctx, cancel := ctxTimeout()
	l.cancel = cancel
	return ctx, cancel
}
