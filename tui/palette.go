package tui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"rolo/model"
	"rolo/store"
)

// palette (ctrl+k) jumps to any account, deal or contact by fuzzy name.
// SQL narrows the candidates to names holding the typed letters in order;
// sahilm/fuzzy ranks them.
type palette struct {
	env    *env
	input  textinput.Model
	seq    int
	hits   []store.Hit
	cursor int
	err    error
}

type paletteHitsMsg struct {
	p    *palette
	seq  int
	hits []store.Hit
	err  error
}

func (m *Model) openPalette() tea.Cmd {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "account, deal or contact name"
	in.CharLimit = 100
	st := textinput.DefaultStyles(m.env.styles.isDark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	p := &palette{env: m.env, input: in}
	m.modal = p
	return p.input.Focus()
}

func (p *palette) search() tea.Cmd {
	p.seq++
	s, seq, q, self := p.env.store, p.seq, p.input.Value(), p
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		hits, err := s.Search(ctx, q, 40)
		return paletteHitsMsg{p: self, seq: seq, hits: rank(q, hits), err: err}
	}
}

// rank orders hits by fuzzy score, best first (ties keep SQL's order).
func rank(q string, hits []store.Hit) []store.Hit {
	if len(hits) == 0 {
		return hits
	}
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = h.Name
	}
	matches := fuzzy.Find(strings.ReplaceAll(q, " ", ""), names)
	sort.SliceStable(matches, func(i, j int) bool { return matches[i].Score > matches[j].Score })
	out := make([]store.Hit, 0, len(matches))
	for _, mt := range matches {
		out = append(out, hits[mt.Index])
	}
	return out
}

func (p *palette) update(msg tea.Msg) (modal, tea.Cmd) {
	switch msg := msg.(type) {
	case paletteHitsMsg:
		if msg.p == p && msg.seq == p.seq {
			p.hits, p.err, p.cursor = msg.hits, msg.err, 0
		}
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			return nil, nil
		case "down", "ctrl+n":
			p.cursor = min(p.cursor+1, max(0, len(p.hits)-1))
			return p, nil
		case "up", "ctrl+p":
			p.cursor = max(0, p.cursor-1)
			return p, nil
		case "enter":
			if p.cursor < len(p.hits) {
				return nil, jumpTo(p.hits[p.cursor])
			}
			return p, nil
		}
		return p, p.typeInto(msg)
	case tea.PasteMsg:
		return p, p.typeInto(msg)
	}
	return p, nil
}

func (p *palette) typeInto(msg tea.Msg) tea.Cmd {
	cmd, changed := editInput(&p.input, msg)
	if changed {
		return tea.Batch(cmd, p.search())
	}
	return cmd
}

// jumpTo opens what a hit names: a deal's detail, or the account (a
// contact's account) on the Accounts tab.
func jumpTo(h store.Hit) tea.Cmd {
	if h.Kind == store.HitDeal {
		return openDeal(h.ID)
	}
	return func() tea.Msg { return switchTabMsg{tab: tabAccounts, then: selectAccountMsg{id: h.AccountID}} }
}

func (p *palette) shortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choose")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

func (p *palette) view(width, height int) string {
	st := p.env.styles
	w := min(max(40, width-10), 70)
	p.input.SetWidth(w - 6)
	lines := []string{st.Title.Render("Jump to…"), p.input.View(), ""}
	switch {
	case p.err != nil:
		lines = append(lines, st.Danger.Render(safe(p.err.Error(), w-4)))
	case strings.TrimSpace(p.input.Value()) == "":
		lines = append(lines, st.Faint.Render("type part of a name"))
	case len(p.hits) == 0:
		lines = append(lines, st.Faint.Render("no match"))
	}
	rows := max(3, min(12, height-10))
	start := max(0, p.cursor-rows+1)
	for i := start; i < len(p.hits) && i < start+rows; i++ {
		h := p.hits[i]
		kind := map[store.HitKind]string{store.HitAccount: "account", store.HitDeal: "deal", store.HitContact: "contact"}[h.Kind]
		// The row fits inside the border and padding: w - 4, less the
		// two-cell marker.
		line := pad(kind, 8) + " " + spread(model.Clean(h.Name), st.Subtle.Render(safe(h.Note, 24)), w-15)
		if i == p.cursor {
			line = st.RowSelected.Render("▸ " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return st.Modal.Width(w).Render(strings.Join(lines, "\n"))
}
