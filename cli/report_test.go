package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"rolo/model"
)

// keysOf lists an object's keys, sorted.
func keysOf(t *testing.T, v any, what string) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, want an object", what, v)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func wantKeys(t *testing.T, v any, what string, keys ...string) map[string]any {
	t.Helper()
	slices.Sort(keys)
	if got := keysOf(t, v, what); !reflect.DeepEqual(got, keys) {
		t.Errorf("%s keys = %v, want %v", what, got, keys)
	}
	return v.(map[string]any)
}

// wantNumber checks a JSON value is a number, or null when allowed.
func wantNumber(t *testing.T, v any, what string, nullable bool) {
	t.Helper()
	if _, ok := v.(float64); ok {
		return
	}
	if v == nil && nullable {
		return
	}
	t.Errorf("%s = %#v, want a number", what, v)
}

func reportJSONOf(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errOut := run(t, append([]string{"report", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("report %v: exit %d %s", args, code, errOut)
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("report --json is not one JSON value: %v\n%s", err, out)
	}
	return wantKeys(t, v, "report", "from", "to", "period", "revenue", "win_rate", "stage_conversion", "sales_cycle_days",
		"new_customers", "cac", "csat", "nps", "retention", "logo_retention", "weighted_pipeline")
}

// TestReportJSONShapes checks every key and shape the issue lists, on the
// demo book.
func TestReportJSONShapes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errOut := run(t, "demo", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	r := reportJSONOf(t, "--db", db, "--period", "last-12m")
	if r["from"] != "2025-11-28" || r["to"] != "2026-11-27" || r["period"] != "last-12m" {
		t.Errorf("period = %v %v %v", r["from"], r["to"], r["period"])
	}
	rev := wantKeys(t, r["revenue"], "revenue", "new", "expansion", "renewal")
	for kind, byCur := range rev {
		for cur, v := range byCur.(map[string]any) {
			if !model.IsCurrency(cur) {
				t.Errorf("revenue %s has key %q", kind, cur)
			}
			if f, ok := v.(float64); !ok || f != float64(int64(f)) {
				t.Errorf("revenue %s %s = %v, want whole minor units", kind, cur, v)
			}
		}
	}
	wr := wantKeys(t, r["win_rate"], "win_rate", "won", "lost", "rate")
	wantNumber(t, wr["rate"], "win_rate.rate", true)
	if rate, ok := wr["rate"].(float64); ok && (rate < 0 || rate > 1) {
		t.Errorf("win rate %v is not a fraction", rate)
	}
	steps, ok := r["stage_conversion"].([]any)
	if !ok || len(steps) != 3 {
		t.Fatalf("stage_conversion = %#v, want 3 steps for 4 stages", r["stage_conversion"])
	}
	first := wantKeys(t, steps[0], "stage_conversion[0]", "from", "to", "reached_from", "reached_to", "rate")
	if first["from"] != "Prospecting" || first["to"] != "Qualifying" {
		t.Errorf("first step = %v", first)
	}
	wantNumber(t, r["sales_cycle_days"], "sales_cycle_days", true)
	wantNumber(t, r["new_customers"], "new_customers", false)
	for cur, v := range r["cac"].(map[string]any) {
		c := wantKeys(t, v, "cac."+cur, "spend_minor", "new_customers", "cac_minor")
		wantNumber(t, c["cac_minor"], "cac_minor", true)
	}
	csat := wantKeys(t, r["csat"], "csat", "responses", "satisfied", "score")
	wantNumber(t, csat["score"], "csat.score", true)
	nps := wantKeys(t, r["nps"], "nps", "responses", "promoters", "detractors", "score")
	wantNumber(t, nps["score"], "nps.score", true)
	ret := r["retention"].(map[string]any)
	if len(ret) == 0 {
		t.Error("the demo book has no retention")
	}
	for cur, v := range ret {
		x := wantKeys(t, v, "retention."+cur, "start_arr_minor", "churned_minor", "contraction_minor", "expansion_minor", "grr", "nrr")
		wantNumber(t, x["grr"], "grr", true)
		wantNumber(t, x["nrr"], "nrr", true)
	}
	logo := wantKeys(t, r["logo_retention"], "logo_retention", "start", "retained", "rate")
	wantNumber(t, logo["rate"], "logo rate", true)
	if wp := r["weighted_pipeline"].(map[string]any); len(wp) == 0 {
		t.Error("the demo book has no weighted pipeline")
	}

	// The table groups the two halves and gives inputs.
	code, out, _ := run(t, "report", "--db", db, "--period", "ytd")
	for _, want := range []string{"Selling", "Account management", "win rate", " won / ", "logo retention", "changes against 2025 to 27 Nov"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("report table lacks %q:\n%s", want, out)
		}
	}
}

// TestReportFiguresFromTheCommandLine builds a small book with rolo's own
// commands and checks the JSON figures worked out by hand, including
// fractional amounts and nulls.
func TestReportFiguresFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	steps := [][]string{
		{"init"},
		{"add", "deal", "--account", "Acme", "--title", "Acme pilot", "--value", "1,000", "--probability", "33"},
		{"add", "deal", "--account", "Bolt", "--title", "Bolt fleet", "--value", "333.33", "--stage", "closing"},
		{"add", "deal", "--account", "Core", "--title", "Core trial", "--value", "EUR 500"},
		{"move", "Acme pilot", "won"},
		{"move", "Core trial", "lost", "--reason", "budget"},
		{"spend", "add", "2026-11", "300", "--channel", "ads"},
		{"spend", "add", "2026-11-20", "EUR 10", "--channel", "ref"},
	}
	for _, s := range steps {
		if code, out, errOut := run(t, append(s, "--db", db)...); code != 0 {
			t.Fatalf("%v: %d %s %s", s, code, out, errOut)
		}
	}
	r := reportJSONOf(t, "--db", db)
	if r["period"] != "this-month" || r["from"] != "2026-11-01" || r["to"] != "2026-11-27" {
		t.Errorf("the default period is this month to today: %v", r)
	}
	if got := r["revenue"].(map[string]any)["new"]; !reflect.DeepEqual(got, map[string]any{"USD": 100000.0}) {
		t.Errorf("new revenue = %v", got)
	}
	if got := r["win_rate"]; !reflect.DeepEqual(got, map[string]any{"won": 1.0, "lost": 1.0, "rate": 0.5}) {
		t.Errorf("win rate = %v", got)
	}
	if r["sales_cycle_days"] != 0.0 || r["new_customers"] != 1.0 {
		t.Errorf("cycle %v, new customers %v", r["sales_cycle_days"], r["new_customers"])
	}
	wantCAC := map[string]any{
		"USD": map[string]any{"spend_minor": 30000.0, "new_customers": 1.0, "cac_minor": 30000.0},
		"EUR": map[string]any{"spend_minor": 1000.0, "new_customers": 1.0, "cac_minor": 1000.0},
	}
	if !reflect.DeepEqual(r["cac"], wantCAC) {
		t.Errorf("cac = %v", r["cac"])
	}
	// Open: Bolt fleet, 33,333 cents at Closing's 80%: 26,666.4 cents.
	if got := r["weighted_pipeline"]; !reflect.DeepEqual(got, map[string]any{"USD": 26666.4}) {
		t.Errorf("weighted pipeline = %v", got)
	}
	// No surveys, no contracts: scores and rates are null, not 0.
	if got := r["csat"]; !reflect.DeepEqual(got, map[string]any{"responses": 0.0, "satisfied": 0.0, "score": nil}) {
		t.Errorf("csat = %v", got)
	}
	if got := r["nps"].(map[string]any)["score"]; got != nil {
		t.Errorf("nps score = %v", got)
	}
	if got := r["logo_retention"]; !reflect.DeepEqual(got, map[string]any{"start": 0.0, "retained": 0.0, "rate": nil}) {
		t.Errorf("logo retention = %v", got)
	}
	if got := r["retention"]; !reflect.DeepEqual(got, map[string]any{}) {
		t.Errorf("retention = %v", got)
	}
	conv := r["stage_conversion"].([]any)
	// Cohort: Acme pilot (won: every stage), Bolt fleet (created in
	// Closing), Core trial (Prospecting, lost).
	wantReached := [][2]float64{{3, 2}, {2, 2}, {2, 2}}
	for i, st := range conv {
		m := st.(map[string]any)
		if m["reached_from"] != wantReached[i][0] || m["reached_to"] != wantReached[i][1] {
			t.Errorf("step %d = %v", i, m)
		}
	}

	// A period with nothing in it: every rate null.
	r = reportJSONOf(t, "--db", db, "--from", "2026-01-01", "--to", "2026-01-31")
	if r["win_rate"].(map[string]any)["rate"] != nil || r["sales_cycle_days"] != nil || r["stage_conversion"].([]any)[0].(map[string]any)["rate"] != nil {
		t.Errorf("an empty period has figures: %v", r)
	}
	if r["cac"].(map[string]any)["USD"] != nil {
		t.Errorf("spend outside the period counted: %v", r["cac"])
	}
}

func TestReportBadPeriods(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errOut := run(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"--from", "2026-11-10", "--to", "2026-11-01"}, "before it starts"},
		{[]string{"--from", "2026-02-30"}, "February has no day 30"},
		{[]string{"--from", "yesterdayish"}, "--from"},
		{[]string{"--to", "2026-11-01"}, "--to needs --from"},
		{[]string{"--period", "this-week"}, "last-12m"},
		{[]string{"--period", "ytd", "--from", "2026-01-01"}, "not both"},
		{[]string{"--from", "2026-13"}, "--from"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, append([]string{"report", "--db", db}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.says) || out != "" {
			t.Errorf("report %v: exit %d, stderr %q (want 2 and %q), stdout %q", c.args, code, errOut, c.says, out)
		}
	}
	// Months and relative dates are periods too; --from alone runs to today.
	r := reportJSONOf(t, "--db", db, "--from", "2026-07", "--to", "2026-09")
	if r["from"] != "2026-07-01" || r["to"] != "2026-09-30" || r["period"] != "custom" {
		t.Errorf("months: %v – %v", r["from"], r["to"])
	}
	r = reportJSONOf(t, "--db", db, "--from", "-6d")
	if r["from"] != "2026-11-21" || r["to"] != "2026-11-27" {
		t.Errorf("--from alone: %v – %v", r["from"], r["to"])
	}
	r = reportJSONOf(t, "--db", db, "--period", "LAST-QUARTER")
	if r["from"] != "2026-07-01" || r["to"] != "2026-09-30" {
		t.Errorf("last quarter: %v – %v", r["from"], r["to"])
	}
	if code, _, errOut := run(t, "report", "--db", filepath.Join(t.TempDir(), "none.db")); code != 1 || !strings.Contains(errOut, "no rolo database") {
		t.Errorf("missing file: %d %s", code, errOut)
	}
}

// normalise drops the indentation and padding fang adds to help text.
func normalise(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// TestDefinitionsAreOneText holds `rolo report --help` and the README to
// the words of model.MetricDefinitions.
func TestDefinitionsAreOneText(t *testing.T) {
	code, out, _ := run(t, "report", "--help")
	if code != 0 || !strings.Contains(normalise(out), normalise(model.MetricDefinitions)) {
		t.Errorf("rolo report --help does not carry the definitions word for word:\n%s", out)
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), model.MetricDefinitions) {
		t.Error("README.md does not hold model.MetricDefinitions word for word; copy the constant's text into its Metrics section")
	}
	if !strings.Contains(out, "this-month") || !strings.Contains(out, "(default this-month)") {
		t.Errorf("--help does not name the default period:\n%s", out)
	}
}
