package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// table prints rows under a header with aligned columns. Every cell is
// sanitised (names can come from imported files) and cut to maxCell.
type table struct {
	header []string
	right  []bool // right-align this column (numbers)
	rows   [][]string
}

const maxCell = 48

func newTable(header ...string) *table {
	t := &table{header: header, right: make([]bool, len(header))}
	for i, h := range header {
		t.right[i] = strings.HasPrefix(h, ">")
		t.header[i] = strings.TrimPrefix(h, ">")
	}
	return t
}

func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = ansi.Truncate(model.Clean(c), maxCell, "…")
	}
	t.rows = append(t.rows, cells)
}

func (t *table) print(w io.Writer) error {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			gap := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if t.right[i] {
				b.WriteString(gap + c)
			} else if i < len(cells)-1 {
				b.WriteString(c + gap)
			} else {
				b.WriteString(c)
			}
			if i < len(cells)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	line(t.header)
	for _, r := range t.rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printJSON writes v as indented JSON. JSON escapes control characters
// itself, so text goes out verbatim.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
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
