package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// rolo's forms are built on bubbles' textinput rather than huh: the deal
// form's account field must search 20,000 accounts in SQL as you type and
// create a new one inline, ctrl+s must save from any field with every
// error shown beside its field, and a failed save must keep the form open
// with what was typed (see README, "Libraries").

type fieldKind int

const (
	textField   fieldKind = iota
	choiceField           // one of a fixed list, cycled with ←/→
	pickField             // free text with live suggestions (accounts)
)

// field is one labelled input of a form.
type field struct {
	key      string // matches model.FieldError.Field
	label    string
	kind     fieldKind
	input    textinput.Model
	choices  []string
	choice   int
	hint     string
	check    func(string) error // inline validation; nil = anything goes
	err      error
	raw      string // the stored value the field started from (uncleaned)
	initial  string // what the input showed for raw (cleaned, as the input keeps it)
	suggest  func(string) tea.Cmd
	sugg     []pick
	suggIdx  int
	picked   *pick  // the suggestion accepted, if any
	pickedAs string // the text the input showed for it
	suggSeq  int
	required bool
}

// pick is one suggestion of a pick field.
type pick struct {
	id    int64
	owner int64 // a contact's account
	label string
	note  string
}

// suggestionsMsg carries a pick field's suggestions for one query.
type suggestionsMsg struct {
	form  *form
	field string
	seq   int
	picks []pick
}

// form is a modal dialog of fields. tab/shift+tab (or ↓/↑) move between
// fields, ctrl+s saves from anywhere (enter on the last field too), esc
// cancels and asks first if anything was typed.
type form struct {
	env        *env
	title      string
	fields     []*field
	focus      int
	confirming bool // "discard changes?" is showing
	saving     bool
	formErr    string
	// save turns the values into a write command. It returns field errors
	// (model.FieldError) for bad input; the form stays open either way
	// until the write answers with a formSavedMsg.
	save func(f *form) (tea.Cmd, error)
}

// formSavedMsg is the answer of a form's write: an error keeps the form
// open (with the error by its field), success closes it and passes the
// change on.
type formSavedMsg struct {
	form    *form
	err     error
	changed changedMsg
}

func newForm(e *env, title string) *form {
	return &form{env: e, title: title}
}

func (f *form) newInput(value, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = model.MaxNameLen
	st := textinput.DefaultStyles(f.env.styles.isDark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	// The width must be known before the value, or a long value never
	// scrolls and wraps the dialog.
	in.SetWidth(f.inputWidth(f.env.width))
	in.SetValue(model.Clean(value))
	return in
}

// dialogWidth is the form's outer width on a screen w wide; inputWidth
// the room left for a field's input.
func dialogWidth(w int) int { return min(max(40, w-8), 76) }

func (f *form) inputWidth(w int) int { return dialogWidth(w) - labelWidth - 4 }

// text adds a free-text field.
func (f *form) text(key, label, value, placeholder string, check func(string) error) *field {
	fl := &field{key: key, label: label, kind: textField, input: f.newInput(value, placeholder), check: check, raw: value}
	fl.initial = fl.input.Value()
	f.fields = append(f.fields, fl)
	return fl
}

// choose adds a field that takes one of choices.
func (f *form) choose(key, label string, choices []string, value string) *field {
	fl := &field{key: key, label: label, kind: choiceField, choices: choices, input: f.newInput("", "")}
	for i, c := range choices {
		if c == value {
			fl.choice = i
		}
	}
	fl.raw = fl.value()
	f.fields = append(f.fields, fl)
	return fl
}

// pickOne adds a text field with live suggestions from suggest.
func (f *form) pickOne(key, label, value, placeholder string, suggest func(string) tea.Cmd) *field {
	fl := f.text(key, label, value, placeholder, nil)
	fl.kind, fl.suggest = pickField, suggest
	return fl
}

// value is the field's current text (the choice's name for a choice).
func (fl *field) value() string {
	if fl.kind == choiceField {
		if len(fl.choices) == 0 {
			return ""
		}
		return fl.choices[fl.choice]
	}
	// An unchanged field keeps the stored text exactly, even if it held
	// characters the screen had to clean.
	if v := fl.input.Value(); v != fl.initial {
		return v
	}
	return fl.raw
}

// get returns a field's value by key.
func (f *form) get(key string) string {
	if fl := f.field(key); fl != nil {
		return strings.TrimSpace(fl.value())
	}
	return ""
}

func (f *form) field(key string) *field {
	for _, fl := range f.fields {
		if fl.key == key {
			return fl
		}
	}
	return nil
}

// dirty reports whether anything was changed.
func (f *form) dirty() bool {
	for _, fl := range f.fields {
		if fl.value() != fl.raw {
			return true
		}
	}
	return false
}

// start focuses the first field.
func (f *form) start() tea.Cmd {
	return f.focusField(0)
}

func (f *form) focusField(i int) tea.Cmd {
	i = max(0, min(i, len(f.fields)-1))
	if cur := f.current(); cur != nil && i != f.focus {
		// Leaving a field checks it, so mistakes show as you go.
		cur.input.Blur()
		cur.sugg = nil
		f.validateField(cur)
	}
	f.focus = i
	fl := f.current()
	if fl == nil || fl.kind == choiceField {
		return nil
	}
	fl.input.CursorEnd()
	cmd := fl.input.Focus()
	if fl.kind == pickField && fl.picked == nil {
		return tea.Batch(cmd, f.requestSuggestions(fl))
	}
	return cmd
}

func (f *form) current() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

func (f *form) validateField(fl *field) {
	fl.err = nil
	if fl.required && strings.TrimSpace(fl.value()) == "" {
		fl.err = errors.New("required")
		return
	}
	if fl.check != nil && strings.TrimSpace(fl.value()) != "" {
		fl.err = fl.check(strings.TrimSpace(fl.value()))
	}
}

// setErrors shows err beside its field (or at the top) and focuses it.
func (f *form) setErrors(err error) tea.Cmd {
	name := model.FieldOf(err)
	problem := err
	var fe *model.FieldError
	if errors.As(err, &fe) {
		problem = errors.New(fe.Problem)
	}
	for i, fl := range f.fields {
		if name != "" && (fl.key == name || strings.EqualFold(fl.label, name)) {
			cmd := f.focusField(i)
			fl.err = problem // after focusField, whose validation would clear it
			return cmd
		}
	}
	f.formErr = err.Error()
	return nil
}

// trySave validates every field and, if all pass, starts the write.
func (f *form) trySave() tea.Cmd {
	f.formErr = ""
	first := -1
	for i, fl := range f.fields {
		f.validateField(fl)
		if fl.err != nil && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		return f.focusField(first)
	}
	cmd, err := f.save(f)
	if err != nil {
		return f.setErrors(err)
	}
	f.saving = true
	return cmd
}

func (f *form) update(msg tea.Msg) (modal, tea.Cmd) {
	switch msg := msg.(type) {
	case formSavedMsg:
		if msg.form != f {
			return f, nil
		}
		f.saving = false
		if msg.err != nil {
			return f, f.setErrors(msg.err)
		}
		c := msg.changed
		return nil, func() tea.Msg { return c }
	case suggestionsMsg:
		if msg.form != f {
			return f, nil
		}
		if fl := f.field(msg.field); fl != nil && msg.seq == fl.suggSeq && fl.input.Focused() {
			fl.sugg, fl.suggIdx = msg.picks, 0
		}
		return f, nil
	case tea.PasteMsg:
		return f, f.typeInto(msg)
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	return f, nil
}

func (f *form) key(msg tea.KeyPressMsg) (modal, tea.Cmd) {
	if f.saving {
		return f, nil
	}
	if f.confirming {
		switch msg.String() {
		case "y", "Y", "enter":
			return nil, nil
		case "n", "N", "esc":
			f.confirming = false
		}
		return f, nil
	}
	fl := f.current()
	switch msg.String() {
	case "ctrl+s":
		return f, f.trySave()
	case "esc":
		if fl != nil && fl.kind == pickField && len(fl.sugg) > 0 {
			fl.sugg = nil
			return f, nil
		}
		if f.dirty() {
			f.confirming = true
			return f, nil
		}
		return nil, nil
	case "tab":
		// tab keeps what was typed (an exact name still finds the existing
		// account); enter takes the highlighted suggestion.
		return f, f.focusField(f.focus + 1)
	case "shift+tab":
		return f, f.focusField(f.focus - 1)
	case "enter":
		if fl != nil && fl.kind == pickField && len(fl.sugg) > 0 {
			f.accept(fl)
		}
		if f.focus == len(f.fields)-1 {
			return f, f.trySave()
		}
		return f, f.focusField(f.focus + 1)
	case "down":
		if fl != nil && fl.kind == pickField && len(fl.sugg) > 0 {
			fl.suggIdx = min(fl.suggIdx+1, f.shownSuggestions(fl)-1)
			return f, nil
		}
		return f, f.focusField(f.focus + 1)
	case "up":
		if fl != nil && fl.kind == pickField && len(fl.sugg) > 0 && fl.suggIdx > 0 {
			fl.suggIdx--
			return f, nil
		}
		return f, f.focusField(f.focus - 1)
	}
	if fl == nil {
		return f, nil
	}
	if fl.kind == choiceField {
		f.chooseKey(fl, msg)
		return f, nil
	}
	return f, f.typeInto(msg)
}

// typeInto passes a key or paste to the focused text field.
func (f *form) typeInto(msg tea.Msg) tea.Cmd {
	fl := f.current()
	if fl == nil || fl.kind == choiceField {
		return nil
	}
	cmd, changed := editInput(&fl.input, msg)
	if !changed {
		return cmd
	}
	fl.err = nil
	if fl.kind == pickField {
		fl.picked = nil
		return tea.Batch(cmd, f.requestSuggestions(fl))
	}
	return cmd
}

func (f *form) requestSuggestions(fl *field) tea.Cmd {
	fl.suggSeq++
	seq, q, name, form := fl.suggSeq, fl.input.Value(), fl.key, f
	inner := fl.suggest(q)
	return func() tea.Msg {
		res := inner()
		picks, _ := res.([]pick)
		return suggestionsMsg{form: form, field: name, seq: seq, picks: picks}
	}
}

// shortScreen is true when the screen leaves little room under the
// dialog for suggestions.
func (f *form) shortScreen() bool { return f.env.height < 30 }

// shownSuggestions is how many suggestions the dialog shows.
func (f *form) shownSuggestions(fl *field) int {
	if f.shortScreen() {
		return min(len(fl.sugg), 3)
	}
	return len(fl.sugg)
}

// accept takes the highlighted suggestion.
func (f *form) accept(fl *field) {
	p := fl.sugg[fl.suggIdx]
	fl.setPicked(p)
	fl.sugg = nil
}

// setPicked shows a chosen suggestion (or the record an edit starts from)
// in the field.
func (fl *field) setPicked(p pick) {
	fl.picked = &p
	fl.input.SetValue(model.Clean(p.label))
	fl.input.CursorEnd()
	fl.pickedAs = fl.input.Value()
}

// pickedStill returns the chosen suggestion if the text still shows it.
func (fl *field) pickedStill() (pick, bool) {
	if fl.picked == nil || fl.input.Value() != fl.pickedAs {
		return pick{}, false
	}
	return *fl.picked, true
}

// chooseKey cycles a choice field with ←/→ (h/l, space), or jumps to the
// choice starting with the typed letter.
func (f *form) chooseKey(fl *field, msg tea.KeyPressMsg) {
	n := len(fl.choices)
	if n == 0 {
		return
	}
	switch msg.String() {
	case "right", "l", "space":
		fl.choice = (fl.choice + 1) % n
		return
	case "left", "h":
		fl.choice = (fl.choice + n - 1) % n
		return
	}
	if t := strings.ToLower(msg.Text); t != "" {
		for i := 1; i <= n; i++ {
			c := (fl.choice + i) % n
			if strings.HasPrefix(strings.ToLower(fl.choices[c]), t) {
				fl.choice = c
				return
			}
		}
	}
}

func (f *form) shortHelp() []key.Binding {
	if f.confirming {
		return []key.Binding{
			key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "discard")),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "keep editing")),
		}
	}
	if fl := f.current(); fl != nil && fl.kind == pickField && len(fl.sugg) > 0 {
		return []key.Binding{
			key.NewBinding(key.WithKeys("down"), key.WithHelp("↓/↑", "choose")),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
			key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "keep typed text")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close list")),
		}
	}
	bs := []key.Binding{
		key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/↓", "next field")),
		key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab/↑", "previous")),
	}
	if fl := f.current(); fl != nil && fl.kind == choiceField {
		bs = append(bs, key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "choose")))
	}
	return append(bs,
		key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")))
}

// labelWidth is the column the inputs start at.
const labelWidth = 18

func (f *form) view(width, height int) string {
	st := f.env.styles
	w := dialogWidth(width)
	inputW := f.inputWidth(width)
	var b strings.Builder
	b.WriteString(st.Title.Render(ansi.Truncate(f.title, w-4, "…")) + "\n\n")
	for i, fl := range f.fields {
		focused := i == f.focus
		label := "  " + st.FieldLabel.Render(pad(fl.label, labelWidth-3)) + " "
		if focused {
			label = st.Accent.Render(pad("› "+fl.label, labelWidth-1)) + " "
		}
		var input string
		switch fl.kind {
		case choiceField:
			input = choiceView(st, fl, focused, inputW)
		default:
			if fl.input.Width() != inputW {
				fl.input.SetWidth(inputW)
			}
			input = fl.input.View()
		}
		b.WriteString(label + input + "\n")
		switch {
		case fl.err != nil:
			msg := lipgloss.NewStyle().Width(inputW).Render("✗ " + model.Clean(fl.err.Error()))
			for _, line := range strings.Split(msg, "\n") {
				b.WriteString(strings.Repeat(" ", labelWidth) + st.FieldError.Render(line) + "\n")
			}
		case focused && len(fl.sugg) > 0:
			// On a short screen the list stays small and the how-to line
			// goes (the footer says it too).
			shown := fl.sugg
			if f.shortScreen() {
				shown = shown[:f.shownSuggestions(fl)]
			} else {
				b.WriteString(strings.Repeat(" ", labelWidth) + st.Faint.Render("↓↑ choose · enter picks · tab keeps what you typed") + "\n")
			}
			for j, s := range shown {
				line := safe(s.label, inputW-12) + " " + st.Faint.Render(safe(s.note, 12))
				if j == fl.suggIdx {
					line = st.RowSelected.Render("▸ " + line)
				} else {
					line = "  " + line
				}
				b.WriteString(strings.Repeat(" ", labelWidth) + line + "\n")
			}
		case focused && fl.kind == pickField && fl.picked == nil && strings.TrimSpace(fl.input.Value()) != "" && len(fl.sugg) == 0:
			b.WriteString(strings.Repeat(" ", labelWidth) + st.Faint.Render("new — will be created") + "\n")
		case focused && fl.hint != "":
			b.WriteString(strings.Repeat(" ", labelWidth) + st.Faint.Render(safe(fl.hint, inputW)) + "\n")
		}
	}
	if f.formErr != "" {
		b.WriteString("\n" + st.FieldError.Render(lipgloss.NewStyle().Width(w-4).Render(model.Clean(f.formErr))) + "\n")
	}
	switch {
	case f.confirming:
		b.WriteString("\n" + st.Warning.Render("Discard your changes? y discards · n keeps editing"))
	case f.saving:
		b.WriteString("\n" + st.Subtle.Render("Saving…"))
	default:
		b.WriteString("\n" + st.Faint.Render("ctrl+s saves · esc cancels"))
	}
	return st.Modal.Width(w).Render(b.String())
}

func choiceView(st Styles, fl *field, focused bool, w int) string {
	parts := make([]string, len(fl.choices))
	for i, c := range fl.choices {
		switch {
		case i == fl.choice && focused:
			parts[i] = st.RowSelected.Render(" " + c + " ")
		case i == fl.choice:
			parts[i] = st.Bold.Render(" " + c + " ")
		default:
			parts[i] = st.Faint.Render(" " + c + " ")
		}
	}
	out := strings.Join(parts, "")
	if lipgloss.Width(out) > w {
		// Too many to show: just the chosen one with arrows.
		out = st.Faint.Render("‹ ") + st.Bold.Render(fl.choices[fl.choice]) + st.Faint.Render(" ›")
	}
	return out
}
