package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

func TestParseAmountAsExportsWriteThem(t *testing.T) {
	for _, c := range []struct {
		in, currency, def string
		comma             bool
		minor             int64
		code              string
	}{
		{"12000", "", "USD", false, 1_200_000, "USD"},
		{"$1,250.50", "", "EUR", false, 125_050, "USD"},
		{"$ 48,000.00", "", "USD", false, 4_800_000, "USD"},
		{"€7,500.00", "EUR", "USD", false, 750_000, "EUR"},
		{"75,000", "", "USD", false, 7_500_000, "USD"},
		{"USD 9,500", "", "EUR", false, 950_000, "USD"},
		{"1.234,56 €", "", "USD", true, 123_456, "EUR"},
		{"1.234", "", "EUR", true, 123_400, "EUR"},
		{"12,50", "", "EUR", false, 1_250, "EUR"},
		{"2500.5", "EUR", "USD", false, 250_050, "EUR"},
		{"1 060 000", "", "USD", false, 106_000_000, "USD"},
		{"5000", "JPY", "USD", false, 5_000, "JPY"},
	} {
		m, err := parseAmount(c.in, c.currency, c.def, c.comma)
		if err != nil || m.Minor != c.minor || m.Currency != c.code {
			t.Errorf("parseAmount(%q, %q) = %v, %v; want %d %s", c.in, c.currency, m, err, c.minor, c.code)
		}
	}
	for _, c := range []struct{ in, currency, want string }{
		{"twelve", "", `"twelve" is not an amount`},
		{"-50", "", "cannot be negative"},
		{"(50)", "", "cannot be negative"},
		{"5000", "XYZ", `currency "XYZ" is not one rolo knows`},
		{"¥5000", "", "names several currencies"},
		{"$10", "EUR", "is in USD but its currency column says EUR"},
		{"1,23,456", "", "three digits"},
		{"12.345", "USD", "exactly"},
	} {
		if _, err := parseAmount(c.in, c.currency, "USD", false); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseAmount(%q, %q) = %v, want an error with %q", c.in, c.currency, err, c.want)
		}
	}
}

func TestParseDatesAndMoments(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"2026-03-04", DateAuto, "2026-03-04"},
		{"2026-03-04 10:22", DateAuto, "2026-03-04"},
		{"3/4/2026", DateMDY, "2026-03-04"},
		{"3/4/2026", DateDMY, "2026-04-03"},
		{"13/4/2026", DateAuto, "2026-04-13"},
		{"4/13/2026", DateAuto, "2026-04-13"},
		{"04.03.2026", DateAuto, "2026-03-04"},
		{"2026/3/4", DateAuto, "2026-03-04"},
	} {
		d, err := parseDay(c.in, c.order)
		if err != nil || d.String() != c.want {
			t.Errorf("parseDay(%q) = %s, %v; want %s", c.in, d, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"2026-02-30", "February has no day 30"},
		{"2/30/2026", `"2/30/2026": February has no day 30`},
		{"03/04/2026", "could be day/month or month/day"},
		{"next week", "is not a date"},
	} {
		order := DateAuto
		if strings.HasPrefix(c.in, "2/30") {
			order = DateMDY
		}
		if _, err := parseDay(c.in, order); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseDay(%q) = %v, want %q", c.in, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"2026-03-04", "2026-03-04T12:00:00+01:00"},
		{"2026-03-04 10:22", "2026-03-04T10:22:00+01:00"},
		{"2026-03-04 10:22:31", "2026-03-04T10:22:31+01:00"},
		{"3/4/2026 3:45 PM", "2026-03-04T15:45:00+01:00"},
		{"2026-03-04T10:22:31Z", "2026-03-04T10:22:31Z"},
	} {
		m, err := parseMoment(c.in, DateMDY, loc)
		if err != nil || m.Format(time.RFC3339) != c.want {
			t.Errorf("parseMoment(%q) = %v, %v; want %s", c.in, m, err, c.want)
		}
	}
}

func TestDelimiterAndSourceDetection(t *testing.T) {
	for head, want := range map[string]rune{
		"a,b,c\n1,2,3":                 ',',
		"a;b;c\n1;2;3":                 ';',
		"a\tb\tc\n":                    '\t',
		`"x, y";b;c` + "\n":            ';',
		"Name,Notes\nAcme,\"a;b;c;d\"": ',',
	} {
		if got := detectDelimiter([]byte(head)); got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", head, got, want)
		}
	}
	for head, want := range map[string]Source{
		`"Record ID","Deal Name","Deal Stage"`:                  HubSpot,
		"Deal - ID,Deal - Title,Deal - Value":                   Pipedrive,
		`"Opportunity Owner","Account Name","Opportunity Name"`: Salesforce,
		"name,industry":              CSV,
		"BEGIN:VCARD\r\nVERSION:3.0": VCard,
		`{"format":"rolo"`:           JSON,
	} {
		if got := sniff("file.txt", []byte(head)); got != want {
			t.Errorf("sniff(%q) = %s, want %s", head, got, want)
		}
	}
}

func TestStageMapPresetsAndTheStopMessage(t *testing.T) {
	stages := model.DefaultStages()
	for i := range stages {
		stages[i].ID = int64(i + 1)
	}
	m, err := NewStageMap(stages, HubSpot, []string{"Legal review=closing", "Dead=lost"})
	if err != nil {
		t.Fatal(err)
	}
	for their, want := range map[string]string{
		"appointmentscheduled": "1 open", "Qualified To Buy": "2 open", "presentationscheduled": "3 open",
		"decisionmakerboughtin": "4 open", "contractsent": "4 open", "closedwon": "4 won", "Closed Lost": "1 lost",
		"Legal Review": "4 open", "dead": "1 lost", "Presenting": "3 open",
	} {
		id, status, ok := m.Resolve(their, "deals.csv")
		if got := model.Count(int(id)) + " " + string(status); !ok || got != want {
			t.Errorf("Resolve(%q) = %s (%v), want %s", their, got, ok, want)
		}
	}
	if m.StageError() != nil {
		t.Fatal("no unmapped stage yet, but an error")
	}
	m.Resolve("Discovery", "deals.csv")
	m.Resolve("Discovery", "deals.csv")
	m.Resolve("Sam's \"pilot\" $tage", "deals.csv")
	err = m.StageError()
	if err == nil {
		t.Fatal("unmapped stages did not stop the import")
	}
	for _, want := range []string{`"Discovery" (2 deals)`, `--stage-map "Discovery=Qualifying"`,
		`--stage-map 'Sam'\''s "pilot" $tage=Prospecting'`, "Prospecting, Qualifying, Presenting, Closing (or won / lost)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("stage error lacks %q:\n%s", want, err)
		}
	}
	if _, err := NewStageMap(stages, CSV, []string{"Discovery"}); err == nil {
		t.Error("a --stage-map without = was accepted")
	}
	if _, err := NewStageMap(stages, CSV, []string{"Discovery=Nowhere"}); err == nil || !strings.Contains(err.Error(), `"Nowhere" is not a rolo stage`) {
		t.Errorf("a --stage-map onto no stage: %v", err)
	}
}

func TestCSVWriterGuardsFormulaCells(t *testing.T) {
	var buf bytes.Buffer
	err := WriteAccountsCSV(&buf, func(fn func(model.Account) error) error {
		for _, name := range []string{"=HYPERLINK(\"http://x\",\"y\")", "+1 555", "-dash", "@handle", "\tTab", "\rCR", "\nLF", "Plain"} {
			if err := fn(model.Account{ID: 1, Name: name, Status: model.Prospect}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[1])
	}
	// (encoding/csv reads a lone CR inside a quoted field back as nothing.)
	want := []string{"'=HYPERLINK(\"http://x\",\"y\")", "'+1 555", "'-dash", "'@handle", "'\tTab", "'CR", "'\nLF", "Plain"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("names = %q, want %q", names, want)
	}
	if Major(model.Money{Minor: 5, Currency: "USD"}) != "0.05" || Major(model.Money{Minor: 1500, Currency: "JPY"}) != "1500" ||
		Major(model.Money{Minor: 1234, Currency: "KWD"}) != "1.234" {
		t.Error("Major prints amounts wrongly")
	}
}

func TestFoldingWriterFoldsOnCharacterBoundaries(t *testing.T) {
	var buf bytes.Buffer
	fw := &foldingWriter{w: bufioWriter(&buf)}
	line := "SUMMARY:" + strings.Repeat("é", 60) + "\r\n"
	fw.WriteString(line)
	fw.Flush()
	out := buf.String()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	if strings.ReplaceAll(out, "\r\n ", "") != line {
		t.Errorf("unfolding does not give the line back: %q", out)
	}
}

func bufioWriter(w *bytes.Buffer) *bufio.Writer { return bufio.NewWriter(w) }

func TestSpendChannelsFromTheWordsToolsUse(t *testing.T) {
	for in, want := range map[string]model.SpendChannel{
		"ads": model.ChannelAds, "Referral-Fees": model.ChannelReferralFees, "referral_fees": model.ChannelReferralFees,
		"TOOLS": model.ChannelTools, " other ": model.ChannelOther, "events": model.ChannelEvents,
		"LinkedIn ads": model.ChannelAds, "Google Ads": model.ChannelAds, "Podcast sponsorship": model.ChannelAds,
		"Trade show": model.ChannelEvents, "Webinar": model.ChannelEvents,
		"Partner bonus": model.ChannelReferralFees, "Referral": model.ChannelReferralFees,
		"CRM licence": model.ChannelTools, "Email tool": model.ChannelTools, "Data list": model.ChannelTools,
		"Swag": model.ChannelOther, "Bought leads": model.ChannelOther, "": model.ChannelOther,
	} {
		if got := parseChannel(in); got != want {
			t.Errorf("parseChannel(%q) = %q, want %q", in, got, want)
		}
	}
}
