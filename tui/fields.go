package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

type fieldKind int

const (
	textField   fieldKind = iota
	choiceField           // one of a fixed list, cycled with ←/→
	pickField             // free text with live suggestions (accounts, reasons)
	notesField            // several lines
)

// field is one labelled input of a form.
type field struct {
	key      string // matches model.FieldError.Field
	label    string
	kind     fieldKind
	input    textinput.Model
	area     textarea.Model
	choices  []string
	choice   int
	hint     string
	required bool
	check    func(string) error // inline validation of a non-blank value
	// preview says what a typed value will be saved as ("fri" → "Fri
	// Dec 4", "12k" → "$12,000.00"); nil for plain text.
	preview func(string) (string, error)
	err     error
	// replaceOnType makes the first character typed replace the prefilled
	// value (an amount the user usually retypes, or types as +5%).
	replaceOnType bool
	// stored is the value saved elsewhere since the form opened, shown
	// beside what was typed when a save is refused for it.
	stored string
	// raw is the stored value the field started from (uncleaned);
	// initial what the input showed for it.
	raw, initial string

	suggest    func(string) tea.Cmd
	createsNew bool // a name matching no suggestion creates a record
	sugg       []pick
	suggIdx    int
	picked     *pick  // the suggestion accepted, if any
	pickedAs   string // the text the input showed for it
	suggSeq    int

	// submits makes enter save the form from this field (a check-in is
	// one line: type it, enter; a renewal comes prefilled, so r, enter
	// confirms it from any field).
	submits bool
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

// newInput is a one-line input w cells wide showing value; its
// placeholder reads as an example ("e.g. …", in italics), never as a
// value. The width is set before the value, or a long value would not
// scroll inside the input.
func newInput(st Styles, w int, value, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	if placeholder != "" {
		in.Placeholder = "e.g. " + placeholder
	}
	in.CharLimit = model.MaxNameLen
	in.SetStyles(inputStyles(st))
	in.SetWidth(max(4, w))
	in.SetValue(model.Clean(value))
	return in
}

func inputStyles(st Styles) textinput.Styles {
	s := textinput.DefaultStyles(st.isDark)
	s.Cursor.Blink = false
	s.Focused.Placeholder, s.Blurred.Placeholder = st.Placeholder, st.Placeholder
	return s
}

// text adds a free-text field.
func (f *form) text(key, label, value, placeholder string) *field {
	return f.textWith(key, label, value, placeholder, nil)
}

// textWith adds a text field whose value previews as preview says.
func (f *form) textWith(key, label, value, placeholder string, preview func(string) (string, error)) *field {
	fl := &field{key: key, label: label, kind: textField, raw: value, preview: preview}
	fl.input = newInput(f.ctx.styles, fl.inputWidth(f.inputWidth()), value, placeholder)
	fl.initial = fl.input.Value()
	return f.add(fl)
}

// date adds a date field that shows the day it will save as you type.
// past reads bare weekdays as the last one ("when did it happen").
func (f *form) date(key, label string, value model.Date, placeholder string, past bool) *field {
	clock := f.ctx.clock
	parse := clock.Parse
	if past {
		parse = clock.ParsePast
	}
	fl := f.textWith(key, label, value.String(), placeholder, func(s string) (string, error) {
		d, err := parse(s)
		if err != nil {
			return "", err
		}
		return d.Long(clock.Today()), nil
	})
	fl.check = func(s string) error { _, err := parse(s); return err }
	return fl
}

// money adds an amount field that shows the exact amount as you type.
func (f *form) money(key, label, value, placeholder, currency string) *field {
	fl := f.textWith(key, label, value, placeholder, func(s string) (string, error) {
		m, err := model.ParseMoney(s, currency)
		if err != nil {
			return "", err
		}
		return m.String(), nil
	})
	fl.check = func(s string) error { _, err := model.ParseMoney(s, currency); return err }
	return fl
}

// choose adds a field that takes one of choices.
func (f *form) choose(key, label string, choices []string, value string) *field {
	fl := &field{key: key, label: label, kind: choiceField, choices: choices}
	for i, c := range choices {
		if c == value {
			fl.choice = i
		}
	}
	fl.raw = fl.value()
	return f.add(fl)
}

// pickOne adds a text field with live suggestions from suggest.
func (f *form) pickOne(key, label, value, placeholder string, suggest func(string) tea.Cmd) *field {
	fl := f.text(key, label, value, placeholder)
	fl.kind, fl.suggest = pickField, suggest
	return fl
}

// notes adds a multi-line text field.
func (f *form) notes(key, label, value, placeholder string) *field {
	st := f.ctx.styles
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.CharLimit = model.MaxTextLen
	ta.Placeholder = "e.g. " + placeholder
	s := textarea.DefaultStyles(st.isDark)
	s.Cursor.Blink = false
	s.Focused.Placeholder, s.Blurred.Placeholder = st.Placeholder, st.Placeholder
	s.Focused.CursorLine = s.Focused.Text
	ta.SetStyles(s)
	ta.SetHeight(3)
	ta.SetValue(cleanText(value))
	fl := &field{key: key, label: label, kind: notesField, area: ta, raw: value}
	fl.initial = fl.area.Value()
	return f.add(fl)
}

// cleanText cleans multi-line text for an editor: each line as Clean does,
// the line breaks kept.
func cleanText(s string) string { return strings.Join(model.CleanLines(s), "\n") }

// value is the field's current text (the choice's name for a choice).
// An unchanged field keeps the stored text exactly, even if it held
// characters the screen had to clean.
func (fl *field) value() string {
	switch fl.kind {
	case choiceField:
		if len(fl.choices) == 0 {
			return ""
		}
		return fl.choices[fl.choice]
	case notesField:
		if v := fl.area.Value(); v != fl.initial {
			return v
		}
		return fl.raw
	}
	if v := fl.input.Value(); v != fl.initial {
		return v
	}
	return fl.raw
}

func (fl *field) setWidth(w int) {
	switch fl.kind {
	case notesField:
		fl.area.SetWidth(w)
	case choiceField:
	default:
		fl.input.SetWidth(fl.inputWidth(w))
	}
}

// inputWidth is the input's share of a field w cells wide: a preview
// takes room beside it.
func (fl *field) inputWidth(w int) int {
	if fl.preview != nil {
		w -= previewWidth + 1
	}
	return max(4, w)
}

// previewWidth is the room beside a date or money field for what it will
// save as.
const previewWidth = 20

func (fl *field) focused() bool {
	if fl.kind == notesField {
		return fl.area.Focused()
	}
	return fl.input.Focused()
}

func (fl *field) focus() tea.Cmd {
	switch fl.kind {
	case choiceField:
		return nil
	case notesField:
		return fl.area.Focus()
	}
	fl.input.CursorEnd()
	return fl.input.Focus()
}

func (fl *field) blur() {
	fl.input.Blur()
	fl.area.Blur()
	fl.sugg = nil
}

func (fl *field) validate() {
	fl.err = nil
	v := strings.TrimSpace(fl.value())
	if fl.required && v == "" {
		fl.err = errors.New("required")
		return
	}
	if fl.check != nil && v != "" {
		fl.err = fl.check(v)
	}
}

// edit passes a key or paste to the input and reports whether the text
// changed. Typed or pasted text goes through the sanitiser, so a pasted
// bidi override or zero-width character never reaches the screen.
func (fl *field) edit(msg tea.Msg) (tea.Cmd, bool) {
	if fl.kind == notesField {
		before := fl.area.Value()
		var cmd tea.Cmd
		fl.area, cmd = fl.area.Update(msg)
		if v := fl.area.Value(); v != cleanText(v) {
			fl.area.SetValue(cleanText(v))
		}
		return cmd, fl.area.Value() != before
	}
	return editInput(&fl.input, msg)
}

// previewView is what the typed value will be saved as.
func (fl *field) previewView(st Styles) string {
	v := strings.TrimSpace(fl.input.Value())
	if v == "" {
		return pad("", previewWidth)
	}
	out, err := fl.preview(v)
	if err != nil {
		return st.Faint.Render(pad("→ ?", previewWidth))
	}
	return st.Accent.Render(pad("→ "+out, previewWidth))
}

// accept takes the highlighted suggestion.
func (fl *field) accept() {
	fl.setPicked(fl.sugg[fl.suggIdx])
	fl.sugg = nil
	fl.err = nil
}

// setPicked shows a chosen suggestion (or the record an edit starts from)
// in the field.
func (fl *field) setPicked(p pick) {
	fl.picked = &p
	fl.input.SetValue(model.Clean(p.label))
	fl.input.CursorEnd()
	fl.pickedAs = fl.input.Value()
}

// reset makes the field show value as if the form had opened on it.
func (fl *field) reset(value string) {
	switch fl.kind {
	case choiceField:
		for i, c := range fl.choices {
			if c == value {
				fl.choice = i
			}
		}
		fl.raw = fl.value()
	case notesField:
		fl.area.SetValue(cleanText(value))
		fl.raw, fl.initial = value, fl.area.Value()
	default:
		fl.input.SetValue(model.Clean(value))
		fl.raw, fl.initial = value, fl.input.Value()
	}
}

// startPicked makes the field start on an existing record (an edit): it
// is not dirty and keeps pointing at that record while untouched.
func (fl *field) startPicked(p pick) {
	fl.setPicked(p)
	fl.raw, fl.initial = p.label, fl.input.Value()
}

// pickedStill returns the chosen suggestion if the text still shows it.
func (fl *field) pickedStill() (pick, bool) {
	if fl.picked == nil || fl.input.Value() != fl.pickedAs {
		return pick{}, false
	}
	return *fl.picked, true
}

// chooseKey cycles a choice field (←/→, h/l, space), or jumps to the
// choice starting with the typed letter.
func (fl *field) chooseKey(msg tea.KeyPressMsg, k FormKeys) {
	n := len(fl.choices)
	if n == 0 {
		return
	}
	switch {
	case key.Matches(msg, k.ChoosePrev):
		fl.choice = (fl.choice + n - 1) % n
		return
	case key.Matches(msg, k.ChooseNext):
		fl.choice = (fl.choice + 1) % n
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

// requestSuggestions asks the field's source for suggestions for what is
// typed now; older answers are dropped by sequence number.
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

// editInput passes a key or paste to a text input and reports whether its
// text changed; the text is cleaned as it is typed.
func editInput(in *textinput.Model, msg tea.Msg) (tea.Cmd, bool) {
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if v := in.Value(); v != model.Clean(v) {
		in.SetValue(model.Clean(v))
	}
	return cmd, in.Value() != before
}
