package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
	"rolo/store"
)

// rolo's forms are built on bubbles' textinput and textarea rather than
// huh: the deal form's account field must search 20,000 accounts in SQL
// as you type and create a new one inline, ctrl+s must save from any
// field with every error shown beside its field, and a failed save must
// keep the form open with what was typed (see README, "Libraries").

// form is a dialog of fields. tab/shift+tab move between fields, ctrl+s
// saves from anywhere (enter on the last field too), esc cancels and asks
// first if anything was typed. It is built in Update and never touched by
// a command.
type form struct {
	ctx    *appContext
	title  string
	fields []*field
	focus  int
	width  int
	height int

	// question is a yes/no asked inside the form ("discard your
	// changes?", "no next step?"); yes runs onYes.
	question string
	onYes    func() tea.Cmd
	asked    map[string]bool // questions answered yes, asked only once

	saving  bool
	formErr string
	// note is a line under the title (e.g. what changed elsewhere).
	note string
	// save turns the values into a write command. It returns field
	// errors (model.FieldError) for bad input; the form stays open either
	// way until the write answers with a formSavedMsg.
	save func(f *form) (tea.Cmd, error)
	// rebase, when a save was refused because the record changed
	// elsewhere, makes the form build on the stored record from now on
	// and adopts its values (f.adopt) field by field.
	rebase func(current any)
}

// formSavedMsg is the answer of a form's write: an error keeps the form
// open (with the error by its field); success closes it and passes the
// change on. current, for a write refused because the record changed
// elsewhere, holds the stored values to show beside the typed ones.
type formSavedMsg struct {
	form    *form
	err     error
	changed changedMsg
	current any
}

// savedErr answers a form's write that failed, carrying the stored
// record when the write was refused because it changed elsewhere.
func savedErr(f *form, err error) formSavedMsg {
	msg := formSavedMsg{form: f, err: err}
	var stale *store.StaleError
	if errors.As(err, &stale) {
		msg.current = stale.Current
	}
	return msg
}

// saveRecord is the command behind a form that creates or edits one
// record: off the UI goroutine it creates the record when it is new and
// otherwise updates it (checked against the row the form was opened on),
// then done turns the saved row and its verb ("Added", "Saved") into the
// change to pass on.
func saveRecord[T any](f *form, isNew bool, create, update func(context.Context) (T, error), done func(saved T, verb string) changedMsg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		write, verb := update, "Saved"
		if isNew {
			write, verb = create, "Added"
		}
		saved, err := write(ctx)
		if err != nil {
			return savedErr(f, err)
		}
		return formSavedMsg{form: f, changed: done(saved, verb)}
	}
}

func newForm(c *appContext, title string) *form {
	return &form{ctx: c, title: title, width: c.width, height: c.height, asked: map[string]bool{}}
}

// open shows the form, focusing its first field.
func (f *form) open() tea.Cmd {
	return tea.Batch(openDialog(f), f.focusField(0))
}

// dialogWidth is a form's outer width on a screen w wide; inputWidth the
// room left for a field's input.
func dialogWidth(w int) int { return min(max(40, w-8), 76) }

// labelWidth is the column the inputs start at.
const labelWidth = 18

func (f *form) inputWidth() int { return dialogWidth(f.width) - labelWidth - 4 }

func (f *form) setSize(w, h int) {
	f.width, f.height = w, h
	for _, fl := range f.fields {
		fl.setWidth(f.inputWidth())
	}
}

func (f *form) add(fl *field) *field {
	fl.setWidth(f.inputWidth())
	f.fields = append(f.fields, fl)
	return fl
}

// get returns a field's value by key, trimmed.
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

func (f *form) current() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

// enterSaves is true when enter saves from the focused field (a field
// that submits: a check-in's line, each field of a prefilled renewal),
// so the footer says so.
func (f *form) enterSaves() bool {
	fl := f.current()
	return fl != nil && fl.submits
}

func (f *form) focusField(i int) tea.Cmd {
	i = max(0, min(i, len(f.fields)-1))
	if cur := f.current(); cur != nil && i != f.focus {
		// Leaving a field checks it, so mistakes show as you go.
		cur.blur()
		cur.validate()
	}
	f.focus = i
	fl := f.current()
	if fl == nil {
		return nil
	}
	cmd := fl.focus()
	if fl.kind == pickField && fl.picked == nil {
		return tea.Batch(cmd, f.requestSuggestions(fl))
	}
	return cmd
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

// ask puts a yes/no question to the user; yes runs onYes (nil closes the
// form).
func (f *form) ask(question string, onYes func() tea.Cmd) {
	f.question, f.onYes = question, onYes
}

// askOnce asks like ask unless the question was answered yes before in
// this form; it reports whether it asked.
func (f *form) askOnce(question string, onYes func() tea.Cmd) bool {
	if f.asked[question] {
		return false
	}
	f.ask(question, onYes)
	return true
}

// trySave validates every field and, if all pass, starts the write.
func (f *form) trySave() tea.Cmd {
	f.formErr = ""
	first := -1
	for i, fl := range f.fields {
		fl.validate()
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
	if cmd == nil { // save asked a question first
		return nil
	}
	f.saving = true
	return cmd
}

func (f *form) help() helpSet {
	k := f.ctx.keys
	if f.question != "" {
		return helpSet{short: []key.Binding{k.Confirm.Yes, k.Confirm.No}}
	}
	fl := f.current()
	if fl != nil && fl.kind == pickField && len(fl.sugg) > 0 {
		return helpSet{short: []key.Binding{
			summary("↓/↑", "choose"), key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "take it")),
			key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "keep typed text")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close list"))}}
	}
	enterSaves := f.enterSaves()
	bs := []key.Binding{k.Form.Next, k.Form.Prev}
	if enterSaves {
		bs = append([]key.Binding{key.NewBinding(key.WithKeys(k.Form.Accept.Keys()...), key.WithHelp(k.Form.Accept.Help().Key, "save"))}, bs...)
	}
	if fl != nil && fl.kind == choiceField {
		// One footer entry for both ways ("←/→ choose").
		bs = append(bs, summary(k.Form.ChoosePrev.Help().Key+"/"+k.Form.ChooseNext.Help().Key, "choose"))
	}
	if fl != nil && fl.kind == notesField {
		bs = []key.Binding{only(k.Form.Next, "tab"), only(k.Form.Prev, "shift+tab"),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line"))}
	}
	if enterSaves {
		return helpSet{short: append(bs, k.Form.Cancel)} // enter saves (ctrl+s too)
	}
	return helpSet{short: append(bs, k.Form.Save, k.Form.Cancel)}
}

func (f *form) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.setSize(msg.Width, msg.Height)
	case formSavedMsg:
		if msg.form != f {
			return nil, false
		}
		f.saving = false
		if errors.Is(msg.err, store.ErrStale) && f.rebase != nil {
			// What was typed stays, with what is stored now beside it;
			// untouched fields take the stored values; the views behind
			// reload.
			f.rebase(msg.current)
			f.note = msg.err.Error() + " — your changes are kept, with what is stored now beside them; ctrl+s saves them"
			return func() tea.Msg { return changedMsg{} }, false
		}
		if msg.err != nil {
			return f.setErrors(msg.err), false
		}
		c := msg.changed
		return func() tea.Msg { return c }, true
	case suggestionsMsg:
		if msg.form != f {
			return nil, false
		}
		if fl := f.field(msg.field); fl != nil && msg.seq == fl.suggSeq && fl.focused() {
			fl.sugg, fl.suggIdx = msg.picks, 0
		}
	case tea.PasteMsg:
		return f.typeInto(msg), false
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	return nil, false
}

// adopt takes a value stored elsewhere since the form opened: a field the
// user has not touched simply shows it (so saving does not write the old
// value back over it); a field they changed keeps what they typed and
// shows the stored value beside it.
func (f *form) adopt(key, stored string) {
	fl := f.field(key)
	if fl == nil {
		return
	}
	fl.stored = ""
	if fl.value() != fl.raw {
		if strings.TrimSpace(fl.value()) != strings.TrimSpace(stored) {
			fl.stored = stored
		}
		return
	}
	fl.reset(stored)
}

// adoptPick is adopt for a field that points at a record.
func (f *form) adoptPick(key string, p pick) {
	fl := f.field(key)
	if fl == nil {
		return
	}
	fl.stored = ""
	if fl.value() != fl.raw {
		if strings.TrimSpace(fl.value()) != strings.TrimSpace(p.label) {
			fl.stored = p.label
		}
		return
	}
	if p.id == 0 {
		fl.reset(p.label)
		fl.picked = nil
		return
	}
	fl.startPicked(p)
}

func (f *form) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := f.ctx.keys
	if f.saving {
		return nil, false
	}
	if f.question != "" {
		switch {
		case key.Matches(msg, k.Confirm.Yes):
			f.asked[f.question] = true
			yes := f.onYes
			f.question, f.onYes = "", nil
			if yes == nil {
				return nil, true // "discard?" answered yes closes
			}
			return yes(), false
		case key.Matches(msg, k.Confirm.No):
			f.question, f.onYes = "", nil
		}
		return nil, false
	}
	fl := f.current()
	listOpen := fl != nil && fl.kind == pickField && len(fl.sugg) > 0
	switch {
	case key.Matches(msg, k.Form.Save):
		return f.trySave(), false
	case key.Matches(msg, k.Form.Cancel):
		if listOpen {
			fl.sugg = nil
			return nil, false
		}
		if f.dirty() {
			f.ask("Discard your changes?", nil)
			return nil, false
		}
		return nil, true
	case listOpen && key.Matches(msg, k.Form.SuggestDown):
		fl.suggIdx = min(fl.suggIdx+1, f.shownSuggestions(fl)-1)
		return nil, false
	case listOpen && key.Matches(msg, k.Form.SuggestUp) && fl.suggIdx > 0:
		fl.suggIdx--
		return nil, false
	case listOpen && key.Matches(msg, k.Form.Accept):
		// enter takes the highlighted suggestion into the field; the next
		// enter moves on (or saves).
		fl.accept()
		return nil, false
	case fl != nil && fl.kind == notesField && !key.Matches(msg, only(k.Form.Next, "tab"), only(k.Form.Prev, "shift+tab")):
		return f.typeInto(msg), false
	case key.Matches(msg, k.Form.Accept):
		if f.focus == len(f.fields)-1 || (fl != nil && fl.submits) {
			return f.trySave(), false
		}
		return f.focusField(f.focus + 1), false
	case key.Matches(msg, k.Form.Next):
		// tab keeps what was typed (an exact name still finds the
		// existing account); enter takes the highlighted suggestion.
		return f.focusField(f.focus + 1), false
	case key.Matches(msg, k.Form.Prev):
		return f.focusField(f.focus - 1), false
	case fl != nil && fl.kind == choiceField:
		fl.chooseKey(msg, k.Form)
		return nil, false
	}
	return f.typeInto(msg), false
}

// typeInto passes a key or paste to the focused text field.
func (f *form) typeInto(msg tea.Msg) tea.Cmd {
	fl := f.current()
	if fl == nil || fl.kind == choiceField {
		return nil
	}
	if fl.replaceOnType && fl.value() == fl.raw {
		// The first key typed over a prefilled value replaces it.
		if k, ok := msg.(tea.KeyPressMsg); ok && k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			fl.input.SetValue("")
		}
	}
	cmd, changed := fl.edit(msg)
	if !changed {
		return cmd
	}
	fl.err, fl.stored = nil, ""
	if fl.kind == pickField {
		fl.picked = nil
		return tea.Batch(cmd, f.requestSuggestions(fl))
	}
	return cmd
}

// shortScreen is true when the screen leaves little room for suggestions.
func (f *form) shortScreen() bool { return f.height < 30 }

// shownSuggestions is how many suggestions the dialog shows.
func (f *form) shownSuggestions(fl *field) int {
	if f.shortScreen() {
		return min(len(fl.sugg), 3)
	}
	return len(fl.sugg)
}

func (f *form) view(width, height int) string {
	st := f.ctx.styles
	w := dialogWidth(width)
	inputW := f.inputWidth()
	head := []string{st.Title.Render(ansi.Truncate(f.title, w-4, "…"))}
	if f.note != "" {
		head = append(head, st.Warning.Render(lipgloss.NewStyle().Width(w-4).Render(model.Clean(f.note))))
	}
	head = append(head, "")
	var body []string
	focusAt, focusEnd := 0, 0
	for i, fl := range f.fields {
		if i == f.focus {
			focusAt = len(body)
		}
		body = append(body, f.fieldLines(fl, i == f.focus, inputW)...)
		if i == f.focus {
			focusEnd = len(body)
		}
	}
	var tail []string
	if f.formErr != "" {
		tail = append(tail, "", st.FieldError.Render(lipgloss.NewStyle().Width(w-4).Render(model.Clean(f.formErr))))
	}
	switch {
	case f.question != "":
		tail = append(tail, "", st.Warning.Render(lipgloss.NewStyle().Width(w-4).Render(f.question)), st.Faint.Render("enter/y yes · esc/n no"))
	case f.saving:
		tail = append(tail, "", st.Subtle.Render("Saving…"))
	case f.enterSaves():
		tail = append(tail, "", st.Faint.Render("enter saves · esc cancels"))
	default:
		tail = append(tail, "", st.Faint.Render("ctrl+s saves · esc cancels"))
	}
	// A form taller than the screen shows the fields around the focused
	// one, with a mark where fields are out of sight.
	room := height - 2 - len(head) - len(tail)
	if len(body) > room && room > 2 {
		start := max(0, min(focusAt-(room-(focusEnd-focusAt))/2, len(body)-room))
		if focusEnd > start+room {
			start = focusEnd - room
		}
		shown := append([]string{}, body[start:start+room]...)
		if start > 0 {
			shown[0] = st.Faint.Render("  ↑ more fields")
		}
		if start+room < len(body) {
			shown[len(shown)-1] = st.Faint.Render("  ↓ more fields")
		}
		body = shown
	}
	return st.Modal.Width(w).Render(strings.Join(append(append(head, body...), tail...), "\n"))
}

// fieldLines draws one field: label and input, then its error, stored
// value, suggestions or hint.
func (f *form) fieldLines(fl *field, focused bool, inputW int) []string {
	st := f.ctx.styles
	indent := strings.Repeat(" ", labelWidth)
	label := "  " + st.FieldLabel.Render(pad(fl.label, labelWidth-3)) + " "
	if focused {
		label = st.Accent.Render(pad("› "+fl.label, labelWidth-1)) + " "
	}
	var lines []string
	switch fl.kind {
	case choiceField:
		lines = append(lines, label+choiceView(st, fl, focused, inputW))
	case notesField:
		for i, l := range strings.Split(fl.area.View(), "\n") {
			if i == 0 {
				lines = append(lines, label+l)
			} else {
				lines = append(lines, indent+l)
			}
		}
	default:
		line := label + fl.input.View()
		if fl.preview != nil {
			line += " " + fl.previewView(st)
		}
		lines = append(lines, line)
	}
	switch {
	case fl.err != nil:
		msg := lipgloss.NewStyle().Width(inputW).Render("✗ " + model.Clean(fl.err.Error()))
		for _, l := range strings.Split(msg, "\n") {
			lines = append(lines, indent+st.FieldError.Render(l))
		}
	case fl.stored != "":
		lines = append(lines, indent+st.Warning.Render(safe("stored now: "+fl.stored, inputW)))
	case focused && len(fl.sugg) > 0:
		shown := fl.sugg
		if f.shortScreen() {
			shown = shown[:f.shownSuggestions(fl)]
		} else {
			lines = append(lines, indent+st.Faint.Render("↓↑ choose · enter takes it · tab keeps what you typed"))
		}
		for j, s := range shown {
			line := safe(s.label, inputW-14) + " " + st.Faint.Render(safe(s.note, 12))
			if j == fl.suggIdx {
				line = st.RowSelected.Render("▸ " + line)
			} else {
				line = "  " + line
			}
			lines = append(lines, indent+line)
		}
	case focused && fl.kind == pickField && fl.createsNew && fl.picked == nil && strings.TrimSpace(fl.input.Value()) != "":
		lines = append(lines, indent+st.Faint.Render("new — will be created"))
	case focused && fl.hint != "":
		lines = append(lines, indent+st.Faint.Render(safe(fl.hint, inputW)))
	}
	return lines
}

// choiceView draws a choice field's options, the chosen one in brackets
// (so it shows without colour too).
func choiceView(st Styles, fl *field, focused bool, w int) string {
	parts := make([]string, len(fl.choices))
	for i, c := range fl.choices {
		switch {
		case i == fl.choice && focused:
			parts[i] = st.RowSelected.Render("[" + c + "]")
		case i == fl.choice:
			parts[i] = st.Bold.Render("[" + c + "]")
		default:
			parts[i] = st.Faint.Render(" " + c + " ")
		}
	}
	out := strings.Join(parts, "")
	if lipgloss.Width(out) > w {
		// Too many to show: just the chosen one with arrows.
		out = st.Faint.Render("‹ ") + st.Bold.Render("["+fl.choices[fl.choice]+"]") + st.Faint.Render(" ›")
	}
	return out
}
