package interchange

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/emersion/go-vcard"

	"rolo/model"
)

// vcardReader reads a .vcf file of one or many cards (vCard 3.0 and 4.0):
// each card is a contact, its ORG the account (created if new), and its
// TITLE, EMAIL, TEL and NOTE kept.
type vcardReader struct {
	file  string
	f     *os.File
	cr    *countingReader
	sc    *bufio.Scanner
	line  int
	notes []string
}

func newVCardReader(path string, f *os.File, br *bufio.Reader, cr *countingReader, _ Options) (*vcardReader, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	return &vcardReader{file: path, f: f, cr: cr, sc: sc}, nil
}

func (v *vcardReader) File() string           { return v.file }
func (v *vcardReader) Source() Source         { return VCard }
func (v *vcardReader) Kind() model.RecordKind { return model.KindContact }
func (v *vcardReader) Notes() []string        { return v.notes }
func (v *vcardReader) Close() error           { return v.f.Close() }
func (v *vcardReader) Progress() (int64, int64) {
	return v.cr.n, v.cr.size
}

// Header is the columns of the rejects file: a contacts CSV rolo reads.
func (v *vcardReader) Header() []string {
	return []string{"name", "account", "title", "email", "phone", "notes"}
}

// Next reads the next card. Lines are gathered here (so a card's line
// number is known) and parsed by go-vcard.
func (v *vcardReader) Next() (*model.Record, error) {
	var card strings.Builder
	start := 0
	for v.sc.Scan() {
		v.line++
		text := strings.TrimPrefix(v.sc.Text(), "\ufeff")
		if start == 0 {
			if strings.EqualFold(strings.TrimSpace(text), "BEGIN:VCARD") {
				start = v.line
				card.WriteString(text + "\r\n")
			}
			continue
		}
		card.WriteString(text + "\r\n")
		if strings.EqualFold(strings.TrimSpace(text), "END:VCARD") {
			return v.record(card.String(), start), nil
		}
	}
	if err := v.sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", v.file, err)
	}
	if start != 0 {
		rec := &model.Record{Kind: model.KindContact, Origin: model.Origin{File: v.file, Line: start}}
		rec.Problem("the card starting here has no END:VCARD")
		return rec, nil
	}
	return nil, io.EOF
}

func (v *vcardReader) record(text string, line int) *model.Record {
	rec := &model.Record{Kind: model.KindContact, Origin: model.Origin{File: v.file, Line: line}}
	c, err := vcard.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		rec.Problem("the card cannot be read: %v", err)
		return rec
	}
	name := strings.TrimSpace(c.PreferredValue(vcard.FieldFormattedName))
	if name == "" {
		if n := c.Name(); n != nil {
			name = strings.TrimSpace(strings.Join(strings.Fields(n.GivenName+" "+n.AdditionalName+" "+n.FamilyName), " "))
		}
	}
	org := firstComponent(c.PreferredValue(vcard.FieldOrganization))
	ct := &model.Contact{Name: name, Title: unescape(c.PreferredValue(vcard.FieldTitle)),
		Email: strings.TrimSpace(c.PreferredValue(vcard.FieldEmail)), Phone: strings.TrimPrefix(strings.TrimSpace(c.PreferredValue(vcard.FieldTelephone)), "tel:"),
		Notes: unescape(c.PreferredValue(vcard.FieldNote))}
	if ct.Title == "" {
		ct.Title = unescape(c.PreferredValue(vcard.FieldRole))
	}
	rec.Raw = []string{ct.Name, org, ct.Title, ct.Email, ct.Phone, ct.Notes}
	rec.Fields = []string{model.ImportName, model.ImportAccount, model.ImportTitle, model.ImportEmail, model.ImportPhone, model.ImportNotes}
	if name == "" {
		rec.Problem("no name (FN or N)")
	}
	if org == "" {
		rec.Problem("no ORG: rolo keeps every contact under an account; add the company to the card")
	}
	rec.Origin.RecordID = c.Value(vcard.FieldUID)
	rec.Ref = model.Ref{System: string(VCard), ExternalID: strings.TrimSpace(rec.Origin.RecordID)}
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(name, ct.Email, org)
	}
	rec.AccountLink = model.Link{Name: org, Create: true}
	rec.Contact = ct
	return rec
}

// firstComponent is the organization name of an ORG value
// ("Acme Corp;Sales" → "Acme Corp"), with vCard escapes undone.
func firstComponent(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == ';' {
			return unescape(s[:i])
		}
	}
	return unescape(s)
}

func unescape(s string) string {
	return strings.TrimSpace(strings.NewReplacer(`\;`, ";", `\,`, ",", `\N`, "\n").Replace(s))
}
