package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// table prints rows under a header with aligned columns. Every cell is
// sanitised (names can come from imported files) and cut to maxCell. Rows
// stream: the columns are sized by the first sampleRows rows, which are
// held back until then; later rows are written as they come (a later text
// cell wider than its column is cut to fit, a number never is), so a
// listing of any length runs in constant memory.
type table struct {
	w      *bufio.Writer
	header []string
	right  []bool // right-align this column (numbers)
	rows   [][]string
	widths []int // set once the sample is printed
}

const (
	maxCell    = 48
	sampleRows = 500
)

func newTable(w io.Writer, header ...string) *table {
	t := &table{w: bufio.NewWriterSize(w, 64<<10), header: header, right: make([]bool, len(header))}
	for i, h := range header {
		t.right[i] = strings.HasPrefix(h, ">")
		t.header[i] = strings.TrimPrefix(h, ">")
	}
	return t
}

func (t *table) add(cells ...string) error {
	for i, c := range cells {
		cells[i] = ansi.Truncate(model.Clean(c), maxCell, "…")
	}
	if t.widths != nil {
		t.line(cells)
		return t.flushIfFull()
	}
	t.rows = append(t.rows, cells)
	if len(t.rows) == sampleRows {
		t.start()
	}
	return nil
}

// start sizes the columns by the rows so far and prints them.
func (t *table) start() {
	t.widths = make([]int, len(t.header))
	for i, h := range t.header {
		t.widths[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			t.widths[i] = max(t.widths[i], ansi.StringWidth(c))
		}
	}
	t.line(t.header)
	for _, r := range t.rows {
		t.line(r)
	}
	t.rows = nil
}

func (t *table) line(cells []string) {
	last := len(cells) - 1
	for i, c := range cells {
		width := ansi.StringWidth(c)
		if i < last && !t.right[i] && width > t.widths[i] {
			c = ansi.Truncate(c, t.widths[i], "…")
			width = ansi.StringWidth(c)
		}
		gap := strings.Repeat(" ", max(0, t.widths[i]-width))
		switch {
		case t.right[i]:
			t.w.WriteString(gap + c)
		case i < last:
			t.w.WriteString(c + gap)
		default:
			t.w.WriteString(c)
		}
		if i < last {
			t.w.WriteString("  ")
		}
	}
	t.w.WriteByte('\n')
}

func (t *table) flushIfFull() error {
	if t.w.Buffered() > 32<<10 {
		return t.w.Flush()
	}
	return nil
}

// print writes whatever is still held back and flushes.
func (t *table) print() error {
	if t.widths == nil {
		t.start()
	}
	return t.w.Flush()
}

// JSON for scripts: text goes out verbatim, but every character a
// terminal would act on or hide — C0 and C1 controls, DEL, bidi and
// zero-width characters — is written as a \u escape, so `rolo … --json`
// printed to a terminal is as inert as rolo's tables, and decoding gives
// back exactly the stored text.

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	b, err := marshalJSON(v, "")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

func marshalJSON(v any, prefix string) ([]byte, error) {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return nil, fmt.Errorf("writing JSON: %w", err)
	}
	return escapeTerminal(b), nil
}

// escapeTerminal rewrites terminal controls in encoded JSON as \u
// escapes. Outside strings JSON is plain ASCII, so only string contents
// change, and only in how they are spelled.
func escapeTerminal(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && model.IsTerminalControl(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if r < 0x7f || !model.IsTerminalControl(r) {
			out.WriteRune(r)
			continue
		}
		if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, hi, lo)
		} else {
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.Bytes()
}

// jsonArray streams a JSON array: each item is written as it comes, so a
// listing of any length runs in constant memory.
type jsonArray struct {
	w      *bufio.Writer
	indent string // of the array's items
	n      int
	close  string // what ends the array (and any object around it)
}

// newJSONArray starts a top-level array on w.
func newJSONArray(w io.Writer) *jsonArray {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("[")
	return &jsonArray{w: bw, indent: "  ", close: "]"}
}

// add writes one item.
func (a *jsonArray) add(v any) error {
	b, err := marshalJSON(v, a.indent)
	if err != nil {
		return err
	}
	a.sep()
	a.w.Write(b)
	if a.w.Buffered() > 32<<10 {
		return a.w.Flush()
	}
	return nil
}

func (a *jsonArray) sep() {
	if a.n > 0 {
		a.w.WriteString(",")
	}
	a.n++
	a.w.WriteString("\n" + a.indent)
}

// addWithArray writes v, an object, with one more field: an array that
// the returned jsonArray streams. End it with end before the next add.
func (a *jsonArray) addWithArray(v any, field string) (*jsonArray, error) {
	b, err := marshalJSON(v, a.indent)
	if err != nil {
		return nil, err
	}
	closing := "\n" + a.indent + "}"
	if !bytes.HasSuffix(b, []byte(closing)) {
		return nil, fmt.Errorf("writing JSON: %T is not an object with fields", v)
	}
	a.sep()
	a.w.Write(b[:len(b)-len(closing)])
	inner := a.indent + "  "
	fmt.Fprintf(a.w, ",\n%s%q: [", inner, field)
	return &jsonArray{w: a.w, indent: inner + "  ", close: "]" + closing}, nil
}

// end closes the array.
func (a *jsonArray) end() error {
	if a.n > 0 {
		a.w.WriteString("\n" + strings.TrimSuffix(a.indent, "  "))
	}
	a.w.WriteString(a.close)
	return nil
}

// finish closes a top-level array and flushes it.
func (a *jsonArray) finish() error {
	a.end()
	a.w.WriteString("\n")
	if err := a.w.Flush(); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// moneyJSON is how amounts appear in JSON: exact minor units, the
// currency, and a display string.
type moneyJSON struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
	Display  string `json:"display"`
}

func toMoneyJSON(m model.Money) moneyJSON {
	return moneyJSON{Minor: m.Minor, Currency: m.Currency, Display: m.String()}
}

func totalsJSON(t model.Totals) []moneyJSON {
	out := []moneyJSON{}
	for _, m := range t.Amounts() {
		out = append(out, toMoneyJSON(m))
	}
	return out
}

// exact prints totals in full, e.g. "$120,000.00 + €3,000.00".
func exact(t model.Totals) string {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return "—"
	}
	parts := make([]string, len(amounts))
	for i, a := range amounts {
		parts[i] = a.String()
	}
	return strings.Join(parts, " + ")
}

// dateJSON is "" for an unset date.
func dateJSON(d model.Date) string { return d.String() }
