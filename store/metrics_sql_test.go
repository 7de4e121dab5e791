package store

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"rolo/model"
)

// shellSQL writes the parameters ?1, ?2… into a statement as literals, as
// the sqlite3 shell must be given it.
func shellSQL(query string, args ...any) string {
	for i := len(args); i >= 1; i-- {
		var lit string
		switch v := args[i-1].(type) {
		case string:
			lit = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		default:
			lit = fmt.Sprint(v)
		}
		query = strings.ReplaceAll(query, fmt.Sprintf("?%d", i), lit)
	}
	return query
}

type statement struct {
	query string
	args  []any
}

// metricsStatements is every statement Metrics runs for period p.
func metricsStatements(t *testing.T, s *Store, p model.Period) []statement {
	t.Helper()
	stages, err := s.Stages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sp := s.span(p)
	instants, days := []any{sp.lo, sp.hi}, []any{sp.from, sp.to}
	return []statement{
		{`SELECT id, name, position, probability, rot_days FROM stages WHERE archived_at IS NULL ORDER BY position, id`, nil},
		{funnelSQL(stages), instants}, {closedSQL, instants}, {cycleSQL, instants}, {newCustomersSQL, instants},
		{spendSQL, days}, {surveysSQL, instants}, {retentionSQL, days}, {pipelineTotalsSQL, nil}, {archivedOpenSQL, nil},
	}
}

func allRows(t *testing.T, s *Store, query string, args ...any) [][]any {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		row := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	return out
}

// TestMetricsSQLForTheShell checks that the statements with their values
// written in (what the benchmark gives the sqlite3 shell) answer exactly
// as Metrics' own parametrised ones. With ROLO_METRICS_SQL and
// ROLO_METRICS_DB set it writes this quarter's statements for that
// database to the file ROLO_METRICS_SQL names (scripts/bench-metrics.sh
// does).
func TestMetricsSQLForTheShell(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	won := seedDeal(t, s, "Acme", "Acme fleet", 120_000)
	if _, err := s.CloseDeal(ctx, won, model.Won, ""); err != nil {
		t.Fatal(err)
	}
	seedDeal(t, s, "Bolt", "Bolt pilot", 50_000)
	if _, err := s.AddSpend(ctx, model.AcquisitionCost{Date: model.NewDate(2026, 11, 2), Amount: usd(9_000), Channel: model.ChannelAds}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: won.AccountID, Value: usd(120_000), Start: model.NewDate(2026, 1, 1),
		End: model.NewDate(2026, 12, 31), Status: model.ContractActive}); err != nil {
		t.Fatal(err)
	}
	p, err := model.PresetPeriod(model.ThisMonth, s.Clock().Today())
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, st := range metricsStatements(t, s, p) {
		want := allRows(t, s, st.query, st.args...)
		got := allRows(t, s, shellSQL(st.query, st.args...))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("with literals %v, with parameters %v:\n%s", got, want, st.query)
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 8 {
		t.Errorf("only %d statements returned rows; the book does not exercise them", nonEmpty)
	}

	out, db := os.Getenv("ROLO_METRICS_SQL"), os.Getenv("ROLO_METRICS_DB")
	if out == "" || db == "" {
		return
	}
	big, err := Open(ctx, db, Options{MustExist: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer big.Close()
	q, err := model.PresetPeriod(model.ThisQuarter, big.Clock().Today())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, st := range metricsStatements(t, big, q) {
		b.WriteString(shellSQL(st.query, st.args...) + ";\n")
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
