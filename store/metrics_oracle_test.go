package store_test

// The oracle: every metric computed a second way, straight from all the
// rows of the file with plain loops, and compared with store.Metrics
// exactly. It shares no code with the store's queries or model's
// formulas: local dates come from time.In and Format, periods are
// compared as "YYYY-MM-DD" strings, histories are replayed event by event.

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the machine's zoneinfo

	"rolo/model"
	"rolo/store"
)

type oDeal struct {
	id, account, stage     int64
	kind, status, currency string
	value                  int64
	prob                   sql.NullInt64
	created, closed        time.Time
	archived               bool
}

type oEvent struct {
	id      int64
	at      time.Time
	kind    string
	toStage sql.NullInt64
	newText sql.NullString
}

type oContract struct {
	account              int64
	currency, start, end string
	value                int64
}

type oSurvey struct {
	account int64
	kind    string
	score   int
	at      time.Time
}

type oCost struct {
	date, currency string
	amount         int64
}

// oBook is every row of a rolo file that the metrics could read, with
// archived rows and rows of archived accounts already dropped (except
// deals, which keep their flag: an archived deal still has history).
type oBook struct {
	loc       *time.Location
	active    []int64         // stages on the board, in order
	stageProb map[int64]int64 // every stage
	deals     []oDeal
	events    map[int64][]oEvent
	contracts []oContract
	surveys   []oSurvey
	costs     []oCost
}

func mustTime(t *testing.T, s sql.NullString) time.Time {
	t.Helper()
	if !s.Valid {
		return time.Time{}
	}
	v, err := time.Parse(time.RFC3339, s.String)
	if err != nil {
		t.Fatalf("bad time %q: %v", s.String, err)
	}
	return v
}

// readBook reads the file through its own read-only connection.
func readBook(t *testing.T, path string, loc *time.Location) *oBook {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := func(query string, scan func(*sql.Rows)) {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		for rows.Next() {
			scan(rows)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	b := &oBook{loc: loc, stageProb: map[int64]int64{}, events: map[int64][]oEvent{}}
	archivedAccount := map[int64]bool{}
	q(`SELECT id, archived_at IS NOT NULL FROM accounts`, func(r *sql.Rows) {
		var id int64
		var archived bool
		must(t, r.Scan(&id, &archived))
		archivedAccount[id] = archived
	})
	type st struct{ id, pos, prob int64 }
	var board []st
	q(`SELECT id, position, probability, archived_at IS NOT NULL FROM stages`, func(r *sql.Rows) {
		var s st
		var archived bool
		must(t, r.Scan(&s.id, &s.pos, &s.prob, &archived))
		b.stageProb[s.id] = s.prob
		if !archived {
			board = append(board, s)
		}
	})
	slices.SortFunc(board, func(a, c st) int { return cmp.Or(cmp.Compare(a.pos, c.pos), cmp.Compare(a.id, c.id)) })
	for _, s := range board {
		b.active = append(b.active, s.id)
	}
	q(`SELECT id, account_id, stage_id, kind, status, currency, value_minor, probability, created_at, closed_at,
		archived_at IS NOT NULL FROM deals`, func(r *sql.Rows) {
		var d oDeal
		var created, closed sql.NullString
		must(t, r.Scan(&d.id, &d.account, &d.stage, &d.kind, &d.status, &d.currency, &d.value, &d.prob, &created, &closed, &d.archived))
		d.created, d.closed = mustTime(t, created), mustTime(t, closed)
		if !archivedAccount[d.account] {
			b.deals = append(b.deals, d)
		}
	})
	q(`SELECT id, deal_id, at, kind, to_stage_id, new_text FROM deal_events`, func(r *sql.Rows) {
		var e oEvent
		var deal int64
		var at sql.NullString
		must(t, r.Scan(&e.id, &deal, &at, &e.kind, &e.toStage, &e.newText))
		e.at = mustTime(t, at)
		b.events[deal] = append(b.events[deal], e)
	})
	for id := range b.events {
		slices.SortFunc(b.events[id], func(a, c oEvent) int { return cmp.Or(a.at.Compare(c.at), cmp.Compare(a.id, c.id)) })
	}
	q(`SELECT account_id, currency, value_minor, start_date, end_date, archived_at IS NOT NULL FROM contracts`, func(r *sql.Rows) {
		var c oContract
		var archived bool
		must(t, r.Scan(&c.account, &c.currency, &c.value, &c.start, &c.end, &archived))
		if !archived && !archivedAccount[c.account] {
			b.contracts = append(b.contracts, c)
		}
	})
	q(`SELECT account_id, kind, score, at, archived_at IS NOT NULL FROM surveys`, func(r *sql.Rows) {
		var s oSurvey
		var at sql.NullString
		var archived bool
		must(t, r.Scan(&s.account, &s.kind, &s.score, &at, &archived))
		s.at = mustTime(t, at)
		if !archived && !archivedAccount[s.account] {
			b.surveys = append(b.surveys, s)
		}
	})
	q(`SELECT date, currency, amount_minor, archived_at IS NOT NULL FROM acquisition_costs`, func(r *sql.Rows) {
		var c oCost
		var archived bool
		must(t, r.Scan(&c.date, &c.currency, &c.amount, &archived))
		if !archived {
			b.costs = append(b.costs, c)
		}
	})
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// day is a moment's local date as text.
func (b *oBook) day(t time.Time) string { return t.In(b.loc).Format("2006-01-02") }

func within(day, from, to string) bool { return day >= from && day <= to }

func (b *oBook) position(stage int64) int {
	for i, id := range b.active {
		if id == stage {
			return i + 1
		}
	}
	return 0
}

// oFigures is what the oracle computes for a period.
type oFigures struct {
	revenue                     map[string]map[string]int64 // kind → currency → minor
	won, lost                   int
	reached                     []int // per board position
	cycle                       []int
	newCustomers                int
	spend                       map[string]int64
	csatN, csatOK               int
	npsN, npsPro, npsDet        int
	start, churned, contraction map[string]int64
	expansion                   map[string]int64
	logos, retained             int
	weighted                    map[string]int64 // hundredths of a minor unit
}

func (b *oBook) figures(from, to string) oFigures {
	f := oFigures{revenue: map[string]map[string]int64{}, reached: make([]int, len(b.active)), spend: map[string]int64{},
		start: map[string]int64{}, churned: map[string]int64{}, contraction: map[string]int64{}, expansion: map[string]int64{},
		weighted: map[string]int64{}}
	firstWin := map[int64]time.Time{}
	for _, d := range b.deals {
		if d.archived {
			continue
		}
		closedIn := !d.closed.IsZero() && within(b.day(d.closed), from, to)
		if d.status == "won" && closedIn {
			if f.revenue[d.kind] == nil {
				f.revenue[d.kind] = map[string]int64{}
			}
			f.revenue[d.kind][d.currency] += d.value
		}
		if d.kind == "new" && closedIn && d.status == "won" {
			f.won++
			c, _ := time.Parse("2006-01-02", b.day(d.created))
			w, _ := time.Parse("2006-01-02", b.day(d.closed))
			f.cycle = append(f.cycle, int(w.Sub(c).Hours()/24))
		}
		if d.kind == "new" && closedIn && d.status == "lost" {
			f.lost++
		}
		if d.kind == "new" && d.status == "won" {
			if first, ok := firstWin[d.account]; !ok || d.closed.Before(first) {
				firstWin[d.account] = d.closed
			}
		}
		if d.kind == "new" && within(b.day(d.created), from, to) {
			pos, won := b.reachBy(d, to)
			for k := 1; k <= len(b.active); k++ {
				if won || pos >= k {
					f.reached[k-1]++
				}
			}
		}
		if d.status == "open" && b.position(d.stage) > 0 {
			p := b.stageProb[d.stage]
			if d.prob.Valid {
				p = d.prob.Int64
			}
			f.weighted[d.currency] += d.value * p
		}
	}
	for _, first := range firstWin {
		if within(b.day(first), from, to) {
			f.newCustomers++
		}
	}
	for _, c := range b.costs {
		if within(c.date, from, to) {
			f.spend[c.currency] += c.amount
		}
	}
	for _, s := range b.surveys {
		if !within(b.day(s.at), from, to) {
			continue
		}
		if s.kind == "csat" {
			f.csatN++
			if s.score >= 4 {
				f.csatOK++
			}
		} else {
			f.npsN++
			if s.score >= 9 {
				f.npsPro++
			}
			if s.score <= 6 {
				f.npsDet++
			}
		}
	}
	type pair struct {
		account  int64
		currency string
	}
	arr := func(day string) map[pair]int64 {
		out := map[pair]int64{}
		for _, c := range b.contracts {
			if c.start <= day && day <= c.end {
				out[pair{c.account, c.currency}] += c.value
			}
		}
		return out
	}
	startARR, endARR := arr(from), arr(to)
	logoStart, logoEnd := map[int64]bool{}, map[int64]bool{}
	for p, s := range startARR {
		if s <= 0 {
			continue
		}
		logoStart[p.account] = true
		e := endARR[p]
		f.start[p.currency] += s
		switch {
		case e == 0:
			f.churned[p.currency] += s
		case e < s:
			f.contraction[p.currency] += s - e
		case e > s:
			f.expansion[p.currency] += e - s
		}
	}
	for p, e := range endARR {
		if e > 0 {
			logoEnd[p.account] = true
		}
	}
	for a := range logoStart {
		f.logos++
		if logoEnd[a] {
			f.retained++
		}
	}
	return f
}

// reachBy replays a deal's history up to the end of day to: the furthest
// board position it was in, and whether its latest status then was won.
func (b *oBook) reachBy(d oDeal, to string) (int, bool) {
	pos, sawStage, status := 0, false, ""
	for _, e := range b.events[d.id] {
		if b.day(e.at) > to {
			break
		}
		if e.kind == "created" || e.kind == "stage" {
			sawStage = true
			if e.toStage.Valid {
				pos = max(pos, b.position(e.toStage.Int64))
			}
		}
		if e.kind == "created" || e.kind == "status" {
			status = e.newText.String
			if !e.newText.Valid {
				status = "?"
			}
		}
	}
	if !sawStage {
		pos = b.position(d.stage)
	}
	if status == "" {
		return pos, d.status == "won" && b.day(d.closed) <= to
	}
	return pos, status == "won"
}

// measured is the oracle's honest forecast: per board position, the
// closed deals that first reached it in [from, to] and those won.
func (b *oBook) measured(from, to string) (closed, won []int) {
	closed, won = make([]int, len(b.active)), make([]int, len(b.active))
	for _, d := range b.deals {
		if d.archived || (d.status != "won" && d.status != "lost") {
			continue
		}
		for k := 1; k <= len(b.active); k++ {
			var first time.Time
			sawStage := false
			for _, e := range b.events[d.id] {
				if e.kind != "created" && e.kind != "stage" {
					continue
				}
				sawStage = true
				if e.toStage.Valid && b.position(e.toStage.Int64) >= k && (first.IsZero() || e.at.Before(first)) {
					first = e.at
				}
			}
			if !sawStage && b.position(d.stage) >= k {
				first = d.created
			}
			if d.status == "won" && (first.IsZero() || d.closed.Before(first)) {
				first = d.closed
			}
			if !first.IsZero() && within(b.day(first), from, to) {
				closed[k-1]++
				if d.status == "won" {
					won[k-1]++
				}
			}
		}
	}
	return closed, won
}

// ratioIs compares a figure with num ÷ den exactly (den 0: no figure).
func ratioIs(r model.Ratio, num, den int64) bool {
	if den == 0 || r.Den == 0 {
		return den == 0 && r.Den == 0
	}
	return new(big.Rat).SetFrac64(r.Num, r.Den).Cmp(new(big.Rat).SetFrac64(num, den)) == 0
}

func medianOf(days []int) (num, den int64) {
	if len(days) == 0 {
		return 0, 0
	}
	d := slices.Clone(days)
	sort.Ints(d)
	n := len(d)
	if n%2 == 1 {
		return int64(d[n/2]), 1
	}
	return int64(d[n/2-1] + d[n/2]), 2
}

// compare reports every figure of r that differs from the oracle's.
func compare(r model.Report, f oFigures) []string {
	var bad []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	for _, k := range model.DealKinds {
		want := f.revenue[string(k)]
		got := r.Revenue[k]
		check(len(got) == len(want), "revenue %s: %v, oracle %v", k, got, want)
		for c, v := range want {
			check(got[c] == v, "revenue %s %s: %d, oracle %d", k, c, got[c], v)
		}
	}
	check(r.WinRate.Won == f.won && r.WinRate.Lost == f.lost, "win rate %+v, oracle %d/%d", r.WinRate, f.won, f.lost)
	check(ratioIs(r.WinRate.Rate(), int64(f.won), int64(f.won+f.lost)), "win rate value %v", r.WinRate.Rate())
	check(len(r.Funnel.Stages) == len(f.reached), "funnel has %d stages, oracle %d", len(r.Funnel.Stages), len(f.reached))
	for i := range min(len(r.Funnel.Stages), len(f.reached)) {
		check(r.Funnel.Stages[i].Reached == f.reached[i], "reached stage %d: %d, oracle %d", i+1, r.Funnel.Stages[i].Reached, f.reached[i])
	}
	for i, st := range r.Funnel.Steps() {
		check(ratioIs(st.Rate(), int64(f.reached[i+1]), int64(f.reached[i])), "conversion %d: %v", i+1, st.Rate())
	}
	num, den := medianOf(f.cycle)
	check(ratioIs(r.SalesCycle.Median(), num, den), "sales cycle %v, oracle %d/%d (%d deals)", r.SalesCycle.Median(), num, den, len(f.cycle))
	check(r.NewCustomers == f.newCustomers, "new customers %d, oracle %d", r.NewCustomers, f.newCustomers)
	check(len(r.CAC) == len(f.spend), "CAC currencies %v, oracle spend %v", r.CAC, f.spend)
	for c, spend := range f.spend {
		got := r.CAC[c]
		check(got.Spend == spend && ratioIs(got.Value(), spend, int64(f.newCustomers)), "CAC %s %+v, oracle %d / %d", c, got, spend, f.newCustomers)
	}
	check(r.CSAT.Responses == f.csatN && r.CSAT.Satisfied == f.csatOK, "CSAT %+v, oracle %d/%d", r.CSAT, f.csatOK, f.csatN)
	check(ratioIs(r.CSAT.Score(), 100*int64(f.csatOK), int64(f.csatN)), "CSAT score %v", r.CSAT.Score())
	check(r.NPS.Responses == f.npsN && r.NPS.Promoters == f.npsPro && r.NPS.Detractors == f.npsDet, "NPS %+v, oracle %d %d %d", r.NPS, f.npsN, f.npsPro, f.npsDet)
	check(ratioIs(r.NPS.Score(), 100*int64(f.npsPro-f.npsDet), int64(f.npsN)), "NPS score %v", r.NPS.Score())
	check(len(r.Retention) == len(f.start), "retention currencies %v, oracle %v", r.Retention, f.start)
	for c, s := range f.start {
		got := r.Retention[c]
		check(got.Start == s && got.Churned == f.churned[c] && got.Contraction == f.contraction[c] && got.Expansion == f.expansion[c],
			"retention %s %+v, oracle start %d churned %d contraction %d expansion %d", c, got, s, f.churned[c], f.contraction[c], f.expansion[c])
		check(ratioIs(got.GRR(), s-f.churned[c]-f.contraction[c], s), "GRR %s %v", c, got.GRR())
		check(ratioIs(got.NRR(), s+f.expansion[c]-f.contraction[c]-f.churned[c], s), "NRR %s %v", c, got.NRR())
	}
	check(r.Logos.Start == f.logos && r.Logos.Retained == f.retained, "logos %+v, oracle %d/%d", r.Logos, f.retained, f.logos)
	check(len(r.WeightedPipeline) == len(f.weighted), "weighted pipeline %v, oracle %v", r.WeightedPipeline, f.weighted)
	for c, w := range f.weighted {
		check(ratioIs(r.WeightedPipeline[c], w, 100), "weighted pipeline %s %v, oracle %d/100", c, r.WeightedPipeline[c], w)
	}
	return bad
}

// checkAgainstOracle runs Metrics for each period and compares it with
// the oracle, then the trends and the forecast.
func checkAgainstOracle(t *testing.T, s *store.Store, periods []model.Period) {
	t.Helper()
	ctx := context.Background()
	b := readBook(t, s.Path(), s.Clock().Loc)
	for _, p := range periods {
		r, err := s.Metrics(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, msg := range compare(r, b.figures(p.From.String(), p.To.String())) {
			t.Errorf("%s %s (%s): %s", s.Clock().Loc, p.Name(), p, msg)
		}
	}
	today := s.Clock().Today()
	tr, err := s.MetricsTrends(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range tr.Months {
		f := b.figures(m.Month.From.String(), m.Month.To.String())
		for _, k := range model.DealKinds {
			for c, v := range f.revenue[string(k)] {
				if m.Revenue[k][c] != v {
					t.Errorf("trend %s revenue %s %s: %d, oracle %d", m.Month, k, c, m.Revenue[k][c], v)
				}
			}
			if len(m.Revenue[k]) != len(f.revenue[string(k)]) {
				t.Errorf("trend %s revenue %s: %v, oracle %v", m.Month, k, m.Revenue[k], f.revenue[string(k)])
			}
		}
	}
	for _, q := range tr.Quarters {
		f := b.figures(q.Quarter.From.String(), q.Quarter.To.String())
		r := model.Report{WinRate: q.WinRate, Retention: q.Retention, Logos: q.Logos}
		for _, msg := range compare(r, f) {
			if strings.HasPrefix(msg, "win rate") || strings.HasPrefix(msg, "retention") || strings.HasPrefix(msg, "GRR") ||
				strings.HasPrefix(msg, "NRR") || strings.HasPrefix(msg, "logos") {
				t.Errorf("trend %s: %s", q.Quarter, msg)
			}
		}
	}
	fc, err := s.Forecast(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	closed, won := b.measured(fc.Window.From.String(), fc.Window.To.String())
	for i, st := range fc.Stages {
		if st.Closed != closed[i] || st.Won != won[i] {
			t.Errorf("forecast %s: %d won of %d, oracle %d of %d", st.Stage.Name, st.Won, st.Closed, won[i], closed[i])
		}
	}
	w := b.figures(today.String(), today.String()).weighted
	for c, v := range w {
		if !ratioIs(fc.Configured[c], v, 100) {
			t.Errorf("forecast configured %s: %v, oracle %d/100", c, fc.Configured[c], v)
		}
	}
}
