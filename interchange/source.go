// Package interchange reads and writes the files people move their book
// of business in: exports of HubSpot, Pipedrive and Salesforce, CSV of any
// shape, vCards, and rolo's own JSON; and writes CSV, JSON and iCalendar.
// It turns files into model records and model values into files; the
// store does the writing and reading of the database.
package interchange

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rolo/model"
)

// Source is the tool a file was exported from.
type Source string

const (
	HubSpot    Source = "hubspot"
	Pipedrive  Source = "pipedrive"
	Salesforce Source = "salesforce"
	CSV        Source = "csv"
	VCard      Source = "vcard"
	JSON       Source = "json"
)

// Sources lists what --from accepts.
var Sources = []Source{HubSpot, Pipedrive, Salesforce, CSV, VCard, JSON}

// ParseSource reads --from.
func ParseSource(s string) (Source, error) {
	src := Source(strings.ToLower(strings.TrimSpace(s)))
	if src == "" || slices.Contains(Sources, src) {
		return src, nil
	}
	return "", fmt.Errorf("--from %q: choose one of hubspot, pipedrive, salesforce, csv, vcard or json", s)
}

// Name is how messages call the source.
func (s Source) Name() string {
	switch s {
	case HubSpot:
		return "HubSpot"
	case Pipedrive:
		return "Pipedrive"
	case Salesforce:
		return "Salesforce"
	case VCard:
		return "vCard"
	case JSON:
		return "rolo JSON"
	}
	return "CSV"
}

// ParseKind reads --what.
func ParseKind(s string) (model.RecordKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "account", "accounts", "companies", "company", "organizations", "organisations":
		return model.KindAccount, nil
	case "contact", "contacts", "people", "persons":
		return model.KindContact, nil
	case "deal", "deals", "opportunities":
		return model.KindDeal, nil
	case "activity", "activities":
		return model.KindActivity, nil
	case "contract", "contracts":
		return model.KindContract, nil
	case "issue", "issues", "support-issues", "support issues", "tickets":
		return model.KindIssue, nil
	case "survey", "surveys", "nps", "csat":
		return model.KindSurvey, nil
	case "spend", "costs", "acquisition-costs":
		return model.KindSpend, nil
	}
	return "", fmt.Errorf("--what %q: choose accounts, contacts, deals, activities, contracts, issues, surveys or spend", s)
}

// Options say how to read import files.
type Options struct {
	From     Source           // "" detects it from the file
	What     model.RecordKind // "" detects it from the header (CSV)
	Map      []string         // COLUMN=KEY, for CSV
	Currency string           // for amounts that name no currency
	Dates    DateOrder
	Loc      *time.Location // the zone times without one are in
	// StageMap gives the stage map for a source (one per source for the
	// whole import, so unmapped stages of several files are listed once).
	StageMap func(Source) *StageMap
}

// Reader streams the records of one file.
type Reader interface {
	// Next returns the next record, or io.EOF.
	Next() (*model.Record, error)
	// File is the path the reader was opened on.
	File() string
	// Source and Kind say what the file was read as.
	Source() Source
	Kind() model.RecordKind
	// Header is the file's columns (CSV), for the rejects file.
	Header() []string
	// Notes are remarks for the report (ignored columns, footer lines).
	Notes() []string
	// Progress is how far through the file reading is: bytes read, size.
	Progress() (int64, int64)
	Close() error
}

// Open opens an import file and works out what it holds.
func Open(path string, opts Options) (Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a folder; give the export files themselves", path)
	}
	if opts.Loc == nil {
		opts.Loc = time.Local
	}
	if opts.Currency == "" {
		opts.Currency = "USD"
	}
	cr := &countingReader{r: f, size: fi.Size()}
	br := bufio.NewReaderSize(cr, 64<<10)
	head, _ := br.Peek(4096)
	if bytes.HasPrefix(head, []byte("\ufeff")) {
		br.Discard(3) // the UTF-8 byte order mark HubSpot writes
		head = head[3:]
	}
	src := opts.From
	if src == "" {
		src = sniff(path, head)
	}
	var r Reader
	switch src {
	case VCard:
		r, err = newVCardReader(path, f, br, cr, opts)
	case JSON:
		err = fmt.Errorf("%s is a rolo JSON export; it is imported on its own (rolo import %s)", path, filepath.Base(path))
	default:
		r, err = newCSVReader(path, f, br, cr, src, opts)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// Sniff says what a file looks like from its name and first bytes.
func Sniff(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return sniff(path, bytes.TrimPrefix(head[:n], []byte("\ufeff"))), nil
}

func sniff(path string, head []byte) Source {
	trimmed := bytes.TrimSpace(head)
	switch {
	case strings.EqualFold(filepath.Ext(path), ".vcf") || bytes.HasPrefix(bytes.ToUpper(trimmed), []byte("BEGIN:VCARD")):
		return VCard
	case strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(trimmed, []byte("{")):
		return JSON
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	header := strings.ToLower(string(line))
	switch {
	case strings.HasPrefix(strings.TrimLeft(header, `"`), "record id"):
		return HubSpot
	case strings.Contains(header, "deal - ") || strings.Contains(header, "organization - ") ||
		strings.Contains(header, "organisation - ") || strings.Contains(header, "person - ") || strings.Contains(header, "activity - "):
		return Pipedrive
	case strings.Contains(header, "opportunity name") || strings.Contains(header, "opportunity owner") ||
		strings.Contains(header, "account owner") || strings.Contains(header, "contact owner"):
		return Salesforce
	}
	return CSV
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r    io.Reader
	n    int64
	size int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
