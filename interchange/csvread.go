package interchange

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"rolo/model"
)

// csvReader reads a CSV export of any of the known tools, or of none.
type csvReader struct {
	file   string
	f      *os.File
	cr     *countingReader
	r      *csv.Reader
	source Source
	kind   model.RecordKind
	opts   Options
	header []string
	cols   []int // column → key index, -1 for an ignored column
	keys   []string
	keyIdx map[string]int
	vals   []string
	comma  rune
	queue  []*model.Record
	notes  []string
	footer int
	seen   map[string]bool // parties a Pipedrive deals file already gave
	stages *StageMap
}

func newCSVReader(path string, f *os.File, br *bufio.Reader, cr *countingReader, src Source, opts Options) (*csvReader, error) {
	head, _ := br.Peek(64 << 10)
	comma := detectDelimiter(head)
	if src == "" {
		src = CSV
	}
	r := csv.NewReader(br)
	r.Comma = comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s is empty", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the header line: %w", path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	c := &csvReader{file: path, f: f, cr: cr, r: r, source: src, opts: opts, header: header, comma: comma,
		keyIdx: map[string]int{}, seen: map[string]bool{}}
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = normHeader(h)
	}
	c.kind = opts.What
	if c.kind == "" {
		if c.kind = detectKind(src, folded); c.kind == "" {
			return nil, fmt.Errorf("%s: cannot tell what the rows are from the header (%s); say it with --what accounts|contacts|deals|activities|contracts|issues|surveys|spend",
				path, model.Clean(strings.Join(header, ", ")))
		}
	}
	if err := c.mapColumns(folded); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if src == Salesforce && opts.Dates == DateAuto {
		c.opts.Dates = DateMDY // Salesforce reports write M/D/YYYY
	}
	if opts.StageMap != nil {
		c.stages = opts.StageMap(src)
	}
	return c, nil
}

// detectDelimiter picks the one of , ; tab that the header line uses most
// (outside quotes).
func detectDelimiter(head []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, b := range string(head) {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && b == '\n' {
			break
		}
		if !quoted && (b == ',' || b == ';' || b == '\t') {
			counts[b]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

// detectKind reads the header like a person would: which tool's columns,
// and which kind of record they describe.
func detectKind(src Source, h []string) model.RecordKind {
	has := func(names ...string) bool {
		for _, n := range names {
			if slices.Contains(h, n) {
				return true
			}
		}
		return false
	}
	prefixed := func(p string) bool {
		return slices.ContainsFunc(h, func(x string) bool { return strings.HasPrefix(x, p) })
	}
	switch src {
	case HubSpot:
		switch {
		case has("deal name", "deal stage"):
			return model.KindDeal
		case has("first name", "last name", "email"):
			return model.KindContact
		case has("company name", "name", "company domain name"):
			return model.KindAccount
		}
	case Pipedrive:
		switch {
		case prefixed("activity - "):
			return model.KindActivity
		case prefixed("deal - "):
			return model.KindDeal
		case prefixed("person - "):
			return model.KindContact
		case prefixed("organization - "), prefixed("organisation - "):
			return model.KindAccount
		}
	case Salesforce:
		switch {
		case has("opportunity name", "stage"):
			return model.KindDeal
		case has("first name", "last name", "contact owner"):
			return model.KindContact
		case has("account name"):
			return model.KindAccount
		}
	}
	// Any other file: the most specific columns decide.
	g := func(k model.RecordKind, key string) bool {
		for _, x := range h {
			if aliases()[k][x] == key {
				return true
			}
		}
		return false
	}
	switch {
	case g(model.KindSurvey, kScore) && !g(model.KindDeal, kStage), g(model.KindSurvey, kNPS), g(model.KindSurvey, kCSAT):
		return model.KindSurvey
	case g(model.KindSpend, kChannel) && g(model.KindSpend, kValue) && !g(model.KindDeal, kStage):
		return model.KindSpend
	case has("severity", "priority") && g(model.KindIssue, kTitle):
		return model.KindIssue
	case g(model.KindContract, kStart) && g(model.KindContract, kEnd):
		return model.KindContract
	case g(model.KindDeal, kStage) || (g(model.KindDeal, kValue) && g(model.KindDeal, kTitle)) || g(model.KindDeal, kProbability):
		return model.KindDeal
	case g(model.KindActivity, kKind) && (g(model.KindActivity, kAt) || g(model.KindActivity, kDue)):
		return model.KindActivity
	case g(model.KindContact, kAccount) && (has("full name", "person name", "contact name") || g(model.KindContact, kEmail) ||
		g(model.KindContact, kFirstName) || g(model.KindContact, kLastName) || g(model.KindContact, kPhone) || g(model.KindContact, kTitle)):
		// People at a company: a person's name, email, phone or job title.
		return model.KindContact
	case g(model.KindAccount, kName):
		return model.KindAccount
	}
	return ""
}

// mapColumns decides which key each column feeds: --map first, then the
// tool's own column names, then common names. Unknown columns are listed
// in the report, never silently dropped.
func (c *csvReader) mapColumns(folded []string) error {
	overrides := map[string]string{}
	valid := keysFor(c.kind)
	for _, m := range c.opts.Map {
		col, key, ok := strings.Cut(m, "=")
		if !ok {
			return fmt.Errorf("--map %q: write it as COLUMN=FIELD", m)
		}
		col, key = normHeader(col), strings.ToLower(strings.TrimSpace(key))
		if !slices.Contains(folded, col) {
			return fmt.Errorf("--map %q: there is no column %q (the columns are %s)", m, model.Clean(col), model.Clean(strings.Join(c.header, ", ")))
		}
		if key != "-" && key != "ignore" && !slices.Contains(valid, key) {
			slices.Sort(valid)
			return fmt.Errorf("--map %q: %q is not a field of %s; use one of %s, or - to ignore the column", m, model.Clean(key), c.kind.Plural(), strings.Join(valid, ", "))
		}
		overrides[col] = key
	}
	c.cols = make([]int, len(folded))
	var ignored []string
	for i, h := range folded {
		key, ok := overrides[h]
		if !ok {
			if key, ok = sourceAliases()[c.source][c.kind][h]; !ok {
				key, ok = aliases()[c.kind][h]
			}
		}
		if !ok || key == "-" || key == "ignore" {
			c.cols[i] = -1
			if !ok && h != "" {
				ignored = append(ignored, c.header[i])
			}
			continue
		}
		idx, known := c.keyIdx[key]
		if !known {
			idx = len(c.keys)
			c.keyIdx[key] = idx
			c.keys = append(c.keys, key)
		}
		c.cols[i] = idx
	}
	c.vals = make([]string, len(c.keys))
	if len(ignored) > 0 {
		c.notes = append(c.notes, fmt.Sprintf("%s: columns rolo does not keep were skipped: %s", c.file, strings.Join(ignored, ", ")))
	}
	need := map[model.RecordKind][][]string{
		model.KindAccount:  {{kName}},
		model.KindContact:  {{kName, kFirstName, kLastName}},
		model.KindDeal:     {{kTitle}},
		model.KindActivity: {{kKind, kText}},
		model.KindContract: {{kStart}, {kEnd}, {kValue}},
		model.KindIssue:    {{kTitle}},
		model.KindSurvey:   {{kScore, kNPS, kCSAT}},
		model.KindSpend:    {{kDate}, {kValue}, {kChannel}},
	}
	for _, anyOf := range need[c.kind] {
		if !slices.ContainsFunc(anyOf, func(k string) bool { _, ok := c.keyIdx[k]; return ok }) {
			return fmt.Errorf("no column gives the %s of the %s; name one with --map \"COLUMN=%s\"", anyOf[0], c.kind.Plural(), anyOf[0])
		}
	}
	return nil
}

func (c *csvReader) File() string           { return c.file }
func (c *csvReader) Source() Source         { return c.source }
func (c *csvReader) Kind() model.RecordKind { return c.kind }
func (c *csvReader) Header() []string       { return c.header }
func (c *csvReader) Close() error           { return c.f.Close() }
func (c *csvReader) Progress() (int64, int64) {
	return c.cr.n, c.cr.size
}

func (c *csvReader) Notes() []string {
	if c.footer > 0 {
		return append(slices.Clone(c.notes), fmt.Sprintf("%s: skipped %d report footer line(s) (title, copyright, confidentiality, \"Generated By\")", c.file, c.footer))
	}
	return c.notes
}

// get is a row's value for key ("" when absent).
func (c *csvReader) get(key string) string {
	if i, ok := c.keyIdx[key]; ok {
		return c.vals[i]
	}
	return ""
}

func (c *csvReader) has(key string) bool {
	_, ok := c.keyIdx[key]
	return ok
}

// Next reads the next row and turns it into records (a Pipedrive deals
// row can also give its organization and person).
func (c *csvReader) Next() (*model.Record, error) {
	for {
		if len(c.queue) > 0 {
			rec := c.queue[0]
			c.queue = c.queue[1:]
			return rec, nil
		}
		row, err := c.r.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("reading %s: %w", c.file, err)
			}
			rec := &model.Record{Kind: c.kind, Origin: model.Origin{File: c.file, Line: pe.StartLine}, Raw: row}
			rec.Problem("the line is not valid CSV: %v", pe.Err)
			return rec, nil
		}
		// Only after a row was read: FieldPos panics when Read failed
		// before it had a field (a stray quote in a generic CSV).
		line, _ := c.r.FieldPos(0)
		filled := 0
		for _, cell := range row {
			if strings.TrimSpace(cell) != "" {
				filled++
			}
		}
		if filled == 0 {
			continue
		}
		if c.source == Salesforce && filled == 1 && len(row) < len(c.header) && len(c.header) > 2 {
			c.footer++ // a report's title, copyright, "Generated By" line
			continue
		}
		if len(row) != len(c.header) {
			rec := &model.Record{Kind: c.kind, Origin: model.Origin{File: c.file, Line: line}, Raw: row}
			rec.Problem("the line has %d fields but the header has %d", len(row), len(c.header))
			return rec, nil
		}
		clear(c.vals)
		for i, cell := range row {
			if k := c.cols[i]; k >= 0 && c.vals[k] == "" {
				c.vals[k] = cell
			}
		}
		c.build(row, line)
	}
}
