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

// palette (ctrl+k) jumps to any account, deal or contact by name. Names
// that start with what is typed come first, then names with a word
// starting with it, then names that contain it (all from the store's
// search index, at once); names that merely hold its letters in order
// follow when a second, slower search answers.
type palette struct {
	ctx     *appContext
	input   textinput.Model
	seq     int
	hits    []store.Hit
	looking bool // the looser search is still running
	loose   latest
	cursor  int
	err     error
	width   int
	height  int
}

type paletteHitsMsg struct {
	p     *palette
	seq   int
	loose bool
	hits  []store.Hit
	err   error
}

func newPalette(c *appContext) *palette {
	p := &palette{ctx: c, input: textinput.New(), width: c.width, height: c.height}
	p.input.Prompt = "› "
	p.input.Placeholder = "an account, deal or contact name"
	p.input.CharLimit = 100
	p.input.SetStyles(inputStyles(c.styles))
	p.input.SetWidth(p.dialogWidth() - 6)
	return p
}

// start focuses the input (of the palette itself, not a copy).
func (p *palette) start() tea.Cmd { return p.input.Focus() }

func (p *palette) dialogWidth() int { return min(max(40, p.width-10), 70) }

func (p *palette) setSize(w, h int) {
	p.width, p.height = w, h
	p.input.SetWidth(p.dialogWidth() - 6)
}

// paletteRows is how many hits the palette keeps.
const paletteRows = 40

func (p *palette) search() tea.Cmd {
	p.seq++
	s, seq, q, self := p.ctx.store, p.seq, p.input.Value(), p
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		hits, err := s.Search(ctx, q, paletteRows)
		return paletteHitsMsg{p: self, seq: seq, hits: hits, err: err}
	}
}

// searchLoose looks for names holding the typed letters in order; a
// newer query cancels it.
func (p *palette) searchLoose() tea.Cmd {
	s, seq, q, self := p.ctx.store, p.seq, p.input.Value(), p
	ctx, cancel := p.loose.next()
	p.looking = true
	return func() tea.Msg {
		defer cancel()
		hits, err := s.SearchLoose(ctx, q, paletteRows)
		return paletteHitsMsg{p: self, seq: seq, loose: true, hits: rankLoose(q, hits), err: err}
	}
}

// rankLoose orders scattered-letter matches by fuzzy score.
func rankLoose(q string, hits []store.Hit) []store.Hit {
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = h.Name
	}
	matches := fuzzy.Find(strings.ReplaceAll(strings.TrimSpace(q), " ", ""), names)
	sort.SliceStable(matches, func(i, j int) bool { return matches[i].Score > matches[j].Score })
	out := make([]store.Hit, 0, len(matches))
	for _, mt := range matches {
		out = append(out, hits[mt.Index])
	}
	return out
}

func (p *palette) update(msg tea.Msg) (tea.Cmd, bool) {
	k := p.ctx.keys.Palette
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.setSize(msg.Width, msg.Height)
	case paletteHitsMsg:
		if msg.p != p || msg.seq != p.seq {
			return nil, false
		}
		p.err = msg.err
		if !msg.loose {
			p.hits, p.cursor = msg.hits, 0
			if msg.err == nil && len(p.hits) < paletteRows && strings.TrimSpace(p.input.Value()) != "" {
				return p.searchLoose(), false
			}
			return nil, false
		}
		p.looking = false
		p.hits = append(p.hits, msg.hits...)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Close):
			return nil, true
		case key.Matches(msg, k.Down):
			p.cursor = min(p.cursor+1, max(0, len(p.hits)-1))
			return nil, false
		case key.Matches(msg, k.Up):
			p.cursor = max(0, p.cursor-1)
			return nil, false
		case key.Matches(msg, k.Open):
			if p.cursor < len(p.hits) {
				return jumpTo(p.ctx, p.hits[p.cursor]), true
			}
			return nil, false
		}
		return p.typeInto(msg), false
	case tea.PasteMsg:
		return p.typeInto(msg), false
	}
	return nil, false
}

func (p *palette) typeInto(msg tea.Msg) tea.Cmd {
	cmd, changed := editInput(&p.input, msg)
	if changed {
		return tea.Batch(cmd, p.search())
	}
	return cmd
}

// jumpTo opens what a hit names: a deal's page, or its account (a
// contact's account).
func jumpTo(c *appContext, h store.Hit) tea.Cmd {
	if h.Kind == store.HitDeal {
		return push(newDealView(c, h.ID))
	}
	return openAccount(c, h.AccountID)
}

func (p *palette) help() helpSet {
	k := p.ctx.keys.Palette
	return helpSet{short: []key.Binding{summary("↑/↓", "choose"), k.Open, k.Close}}
}

func (p *palette) view(width, height int) string {
	st := p.ctx.styles
	w := p.dialogWidth()
	lines := []string{st.Title.Render("Jump to…"), p.input.View(), ""}
	switch {
	case p.err != nil:
		lines = append(lines, st.Danger.Render(safe(p.err.Error(), w-4)))
	case strings.TrimSpace(p.input.Value()) == "":
		lines = append(lines, st.Faint.Render("type part of a name"))
	case len(p.hits) == 0 && p.looking:
		lines = append(lines, st.Faint.Render("searching…"))
	case len(p.hits) == 0:
		lines = append(lines, st.Faint.Render("no match"))
	}
	rows := max(3, min(12, height-10))
	start := max(0, p.cursor-rows+1)
	kinds := map[store.HitKind]string{store.HitAccount: "account", store.HitDeal: "deal", store.HitContact: "contact"}
	for i := start; i < len(p.hits) && i < start+rows; i++ {
		h := p.hits[i]
		// Inside the border and padding the row has w-4 cells: a two-cell
		// marker, the kind, a space and the name with its note.
		line := pad(kinds[h.Kind], 8) + " " + spread(model.Clean(h.Name), st.Subtle.Render(safe(h.Note, 24)), w-15)
		if i == p.cursor {
			line = st.RowSelected.Render("▸ " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return st.Modal.Width(w).Render(strings.Join(lines, "\n"))
}
