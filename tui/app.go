// Package tui is rolo's interactive front-end (Bubble Tea v2). The root
// model routes messages through a stack of views per tab and a stack of
// dialogs; views read and write only through store calls wrapped in
// tea.Cmds, never in Update, and sanitise every user string they draw.
// tui/RULES.md says how to add a view.
package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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

// The tabs, in order (keys 1–5).
const (
	todayTab = iota
	pipelineTab
	accountsTab
	renewalsTab
	metricsTab
)

// tab is one of the top-level pages and the views opened over it.
type tab struct {
	name  string
	key   key.Binding
	stack []stacked
}

// stacked is a view and the data generation it last loaded.
type stacked struct {
	v   view
	gen uint64
}

// Model is the root of the app: it routes messages, keeps the stacks and
// draws the chrome around the view on top.
type Model struct {
	ctx     *appContext
	tabs    []tab
	active  int
	dialogs []dialog
	welcome *welcomeView // shown instead of the tabs while the book is empty
	help    help.Model

	// gen counts changes to the data; a view whose gen is older reloads
	// when it is next shown.
	gen uint64
	// dataVersion is the file's change counter as last seen, and day the
	// date then: the idle poll reloads when either moves (another process
	// wrote, or midnight passed).
	dataVersion int64
	day         model.Date

	status    string
	statusErr bool
	statusSeq int

	ready    bool // the book (emptiness, stages, settings) has loaded
	empty    bool
	askBg    bool
	quitting bool

	// base is the screen under the dialogs, drawn once while keys go to a
	// dialog (typing in a form must not redraw the board under it).
	base      string
	baseValid bool
}

// New builds the app on an open store.
func New(opts Options) *Model {
	dark := true
	if opts.Dark != nil {
		dark = *opts.Dark
	}
	c := &appContext{store: opts.Store, clock: opts.Clock, styles: NewStyles(dark), keys: DefaultKeyMap(), width: 80, height: 24}
	m := &Model{ctx: c, help: help.New(), askBg: opts.Dark == nil}
	m.help.Styles = c.styles.Help
	pages := []view{newTodayView(c), newBoardView(c), newAccountsView(c), newRenewalsView(c), newMetricsView(c)}
	for i, p := range pages {
		m.tabs = append(m.tabs, tab{name: p.title(), key: tabKey(i, p.title()), stack: []stacked{{v: p}}})
	}
	m.welcome = newWelcomeView(c)
	return m
}

// Init loads the book, starts watching the file for other writers and
// asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd {
	m.day = m.ctx.clock.Today()
	// The file's change counter is read before the first load, so a write
	// by anyone after that load is noticed; its answer starts the polls.
	cmds := []tea.Cmd{tea.Sequence(readDataVersion(m.ctx.store), loadBook(m.ctx.store))}
	if m.askBg {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// top is the view on top of the active tab (the welcome while empty).
func (m *Model) top() view {
	if m.empty {
		return m.welcome
	}
	s := m.tabs[m.active].stack
	return s[len(s)-1].v
}

// show loads the view on top of the active tab if the data changed since
// it last loaded.
func (m *Model) show() tea.Cmd {
	if !m.ready || m.empty {
		return nil
	}
	s := m.tabs[m.active].stack
	e := &s[len(s)-1]
	if e.gen == m.gen && e.gen != 0 {
		return nil
	}
	e.gen = m.gen
	return e.v.load()
}

// Update routes a message: size and theme to everyone; keys to the top
// dialog, else the global keys, else the view on top; root messages here;
// everything else (data for views and dialogs) to every view and dialog,
// each dropping what is not its own.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return m, m.handleKey(k)
	}
	m.baseValid = false
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.ctx.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.ctx.styles.Help
		return m, nil
	case bookMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.empty, m.ctx.stages, m.ctx.settings = msg.empty, msg.stages, msg.settings
		if !m.ready {
			m.ready, m.gen = true, 1
		}
		return m, m.show()
	case statusMsg:
		return m, m.setStatus(msg.text, msg.isErr)
	case clearStatusMsg:
		if msg.seq == m.statusSeq {
			m.status = ""
		}
		return m, nil
	case changedMsg:
		return m, m.changed(msg)
	case pollMsg:
		return m, readDataVersion(m.ctx.store)
	case dataVersionMsg:
		return m, tea.Batch(m.noticeOthers(msg), pollSoon())
	case pushMsg:
		return m, m.push(msg.v)
	case dialogMsg:
		m.dialogs = append(m.dialogs, msg.d)
		return m, nil
	case startContractMsg:
		return m, contractForm(m.ctx, msg.deal).open()
	case addOnMsg:
		return m, addOnForm(m.ctx, msg.deal, msg.contract).open()
	case decisionMsg:
		return m, msg.open(m.ctx)
	case tea.PasteMsg:
		// A paste goes where the keys go.
		if n := len(m.dialogs); n > 0 {
			cmd, _ := m.dialogs[n-1].update(msg)
			return m, cmd
		}
		if m.ready {
			return m, m.top().update(msg)
		}
		return m, nil
	case switchTabMsg:
		m.active = msg.tab
		cmd := m.show()
		if msg.then == nil {
			return m, cmd
		}
		return m, tea.Batch(cmd, m.top().update(msg.then))
	}
	return m, m.broadcast(msg)
}

// broadcast hands a data message to every dialog and every view.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i := len(m.dialogs) - 1; i >= 0; i-- {
		cmd, done := m.dialogs[i].update(msg)
		cmds = append(cmds, cmd)
		if done {
			m.dialogs = append(m.dialogs[:i], m.dialogs[i+1:]...)
		}
	}
	for _, t := range m.tabs {
		for _, e := range t.stack {
			cmds = append(cmds, e.v.update(msg))
		}
	}
	cmds = append(cmds, m.welcome.update(msg))
	return tea.Batch(cmds...)
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := m.ctx.keys.Global
	if key.Matches(msg, g.ForceQuit) {
		m.quitting = true
		return tea.Quit
	}
	if n := len(m.dialogs); n > 0 {
		// Keys typed into a dialog leave the screen under it as it was.
		cmd, done := m.dialogs[n-1].update(msg)
		if done {
			m.dialogs = m.dialogs[:n-1]
			m.baseValid = false
		}
		return cmd
	}
	m.baseValid = false
	if !m.ready {
		return nil
	}
	top := m.top()
	if top.capturing() || claims(top, msg) {
		cmd, _ := top.key(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, g.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, g.Help):
		m.dialogs = append(m.dialogs, newHelpDialog(m.ctx, top, m.globalHelp()))
		return nil
	case key.Matches(msg, g.Palette):
		p := newPalette(m.ctx)
		m.dialogs = append(m.dialogs, p)
		return p.start()
	case m.empty:
		cmd, _ := top.key(msg)
		return cmd
	case key.Matches(msg, g.NextTab, g.PrevTab) && hasSections(top):
		cmd, _ := top.key(msg)
		return cmd
	case key.Matches(msg, g.NextTab):
		return m.switchTab((m.active + 1) % len(m.tabs))
	case key.Matches(msg, g.PrevTab):
		return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(msg, g.Undo):
		return undo(m.ctx.store)
	case key.Matches(msg, g.Reload):
		return m.changed(changedMsg{status: "Reloaded"})
	}
	for i, t := range m.tabs {
		if key.Matches(msg, t.key) {
			return m.switchTab(i)
		}
	}
	cmd, handled := top.key(msg)
	if !handled && key.Matches(msg, g.Back) {
		return m.pop()
	}
	return cmd
}

func (m *Model) switchTab(i int) tea.Cmd {
	m.active = i
	return m.show()
}

// push opens v over the active tab's view.
func (m *Model) push(v view) tea.Cmd {
	t := &m.tabs[m.active]
	v.setSize(m.ctx.width, m.ctx.bodyHeight())
	t.stack = append(t.stack, stacked{v: v, gen: m.gen})
	return v.load()
}

// pop closes the view on top and shows the one under it as it was
// (reloading it only if the data changed meanwhile).
func (m *Model) pop() tea.Cmd {
	t := &m.tabs[m.active]
	if len(t.stack) == 1 {
		return nil
	}
	t.stack = t.stack[:len(t.stack)-1]
	return m.show()
}

// changed reacts to a write: the status (or error) shows, every view's
// data is stale, the view on top reloads now (keeping its place) and the
// others when they are next shown.
func (m *Model) changed(msg changedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.err != nil {
		cmds = append(cmds, m.setStatus(msg.err.Error(), true))
	} else if msg.status != "" {
		cmds = append(cmds, m.setStatus(msg.status, false))
	}
	if msg.focus.id != 0 {
		for _, t := range m.tabs {
			for _, e := range t.stack {
				if f, ok := e.v.(focuser); ok {
					f.focus(msg.focus)
				}
			}
		}
	}
	m.gen++
	// The book reloads first (stages may have changed; the first deal ends
	// the welcome), then the view on top.
	cmds = append(cmds, loadBook(m.ctx.store))
	if msg.then != nil {
		cmds = append(cmds, msg.then)
	}
	return tea.Batch(cmds...)
}

// pollInterval is how often the app looks for other writers: within a
// second, as the issue asks; a poll reads one counter and costs
// microseconds at any scale.
const pollInterval = time.Second

type pollMsg struct{}

type dataVersionMsg struct {
	version int64
	err     error
}

func pollSoon() tea.Cmd {
	return tea.Tick(pollInterval, func(time.Time) tea.Msg { return pollMsg{} })
}

func readDataVersion(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		v, err := s.DataVersion(ctx)
		return dataVersionMsg{version: v, err: err}
	}
}

// noticeOthers reloads what is on screen when the file changed (another
// rolo, or a script, wrote to it) or the day rolled over at midnight.
func (m *Model) noticeOthers(msg dataVersionMsg) tea.Cmd {
	if msg.err != nil {
		return nil // the next poll tries again; a real problem shows on the next load
	}
	moved := m.dataVersion != 0 && msg.version != m.dataVersion
	m.dataVersion = msg.version
	if today := m.ctx.clock.Today(); today != m.day {
		m.day, moved = today, true
	}
	if !moved || !m.ready {
		return nil
	}
	m.gen++
	return loadBook(m.ctx.store)
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

// setSize tells every view, hidden ones included, the size of the body.
func (m *Model) setSize(w, h int) {
	m.ctx.width, m.ctx.height = w, h
	m.help.SetWidth(w)
	for _, t := range m.tabs {
		for _, e := range t.stack {
			e.v.setSize(w, m.ctx.bodyHeight())
		}
	}
	m.welcome.setSize(w, m.ctx.bodyHeight())
}

// View draws the header, the view on top, the footer and the dialogs.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	if m.quitting {
		return v
	}
	v.WindowTitle = "rolo — " + m.top().title()
	if !m.baseValid || len(m.dialogs) == 0 {
		m.base = m.headerView() + "\n" + m.bodyView()
		m.baseValid = len(m.dialogs) > 0
	}
	screen := m.base + "\n" + m.footerView()
	for _, d := range m.dialogs {
		screen = overlay(screen, d.view(m.ctx.width, m.ctx.height), m.ctx.width, m.ctx.height)
	}
	v.SetContent(screen)
	return v
}
