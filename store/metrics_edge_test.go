package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/model"
	"rolo/store"
)

// edgeBook builds, through the store's own writes at the moments they
// happen, a book holding every case of the "Truth" list, in
// Auckland (UTC+13 in November: a local date is often the UTC date + 1).
type edgeBook struct {
	t    *testing.T
	path string
	loc  *time.Location
	ids  map[string]int64
}

func newEdgeBook(t *testing.T) *edgeBook {
	loc, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	return &edgeBook{t: t, path: filepath.Join(t.TempDir(), "rolo.db"), loc: loc, ids: map[string]int64{}}
}

// at opens the store with the clock at a local time "2026-11-02 10:00".
func (e *edgeBook) at(local string, do func(s *store.Store)) {
	e.t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", local, e.loc)
	if err != nil {
		e.t.Fatal(err)
	}
	s, err := store.Open(context.Background(), e.path, store.Options{Clock: model.FixedClock(tm)})
	if err != nil {
		e.t.Fatal(err)
	}
	defer s.Close()
	do(s)
}

func (e *edgeBook) ok(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *edgeBook) stage(s *store.Store, name string) int64 {
	e.t.Helper()
	st, err := s.StageByName(context.Background(), name)
	e.ok(err)
	return st.ID
}

// deal adds a deal on the named account (created if new) in a stage.
func (e *edgeBook) deal(s *store.Store, key, account string, kind model.DealKind, stage string, value model.Money, prob *int) {
	e.t.Helper()
	d := model.Deal{AccountID: e.ids[account], AccountName: account, Title: key, Kind: kind, StageID: e.stage(s, stage), Value: value, Probability: prob}
	saved, err := s.CreateDeal(context.Background(), d)
	e.ok(err)
	e.ids[key], e.ids[account] = saved.ID, saved.AccountID
}

// dealNow reads a deal as it is stored, to write on it as a user would.
func (e *edgeBook) dealNow(s *store.Store, key string) model.Deal {
	e.t.Helper()
	d, err := s.Deal(context.Background(), e.ids[key])
	e.ok(err)
	return d
}

func (e *edgeBook) move(s *store.Store, key, stage string) {
	e.t.Helper()
	_, err := s.MoveDeal(context.Background(), e.dealNow(s, key), e.stage(s, stage))
	e.ok(err)
}

func (e *edgeBook) close(s *store.Store, key string, status model.DealStatus) {
	e.t.Helper()
	_, err := s.CloseDeal(context.Background(), e.dealNow(s, key), status, "price")
	e.ok(err)
}

func (e *edgeBook) contract(s *store.Store, account string, value model.Money, start, end string) {
	e.t.Helper()
	c := model.Contract{AccountID: e.ids[account], Value: value, Start: day(e.t, start), End: day(e.t, end), NoticeDays: 30}
	_, err := s.CreateContract(context.Background(), c)
	e.ok(err)
}

// raw runs SQL on the closed file, for what no command does yet.
func (e *edgeBook) raw(query string, args ...any) {
	e.t.Helper()
	db, err := sql.Open("sqlite", "file:"+e.path)
	e.ok(err)
	defer db.Close()
	_, err = db.Exec(query, args...)
	e.ok(err)
}

func day(t *testing.T, s string) model.Date {
	t.Helper()
	d, err := model.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func usd(minor int64) model.Money { return model.Money{Minor: minor, Currency: "USD"} }
func eur(minor int64) model.Money { return model.Money{Minor: minor, Currency: "EUR"} }

// build writes the book. The report period is November 2026.
func (e *edgeBook) build() {
	ctx := context.Background()
	pct60 := 60
	e.at("2025-06-01 10:00", func(s *store.Store) {
		e.deal(s, "cobalt first", "Cobalt", model.NewBusiness, "Prospecting", usd(2_000_000), nil)
		e.close(s, "cobalt first", model.Won)
		e.contract(s, "Cobalt", usd(2_000_000), "2025-06-01", "2027-05-31")
	})
	e.at("2025-11-10 10:00", func(s *store.Store) {
		for _, a := range []string{"Aroha", "Eel", "Gannet", "Dune"} {
			acct, err := s.CreateAccount(ctx, model.Account{Name: a, Status: model.Customer})
			e.ok(err)
			e.ids[a] = acct.ID
		}
		// Two currencies on one account; the EUR contract is renewed the
		// day after it ends, at a higher price (winning its renewal deal
		// on 10 November adds the next term, 15 Nov 2026 – 14 Nov 2027).
		e.contract(s, "Aroha", usd(1_200_000), "2026-01-01", "2026-12-31")
		e.contract(s, "Aroha", eur(500_000), "2025-11-15", "2026-11-14")
		// Churned mid-period: the contract ends on 15 November.
		e.contract(s, "Eel", usd(800_000), "2025-12-01", "2026-11-15")
		// Contraction: one of two contracts ends in the period.
		e.contract(s, "Gannet", usd(1_000_000), "2026-06-01", "2027-05-31")
		e.contract(s, "Gannet", usd(300_000), "2026-06-01", "2026-11-20")
		e.contract(s, "Dune", usd(5_000_000), "2025-06-01", "2027-05-31")
		// An archived contract (started, then undone).
		e.contract(s, "Aroha", usd(99_900), "2025-01-01", "2027-12-31")
		_, err := s.Undo(ctx, store.AnySession)
		e.ok(err)
	})
	// 31 Oct 12:00 UTC is 1 Nov 01:00 in Auckland: created in November.
	e.at("2026-11-01 01:00", func(s *store.Store) {
		e.deal(s, "utc differs", "Ibis", model.NewBusiness, "Prospecting", usd(400_000), nil)
		e.deal(s, "cobalt again", "Cobalt", model.NewBusiness, "Prospecting", usd(700_000), nil)
	})
	e.at("2026-11-02 10:00", func(s *store.Store) {
		// Created straight in Presenting: it skipped two stages.
		e.deal(s, "skipper", "Bellbird", model.NewBusiness, "Presenting", usd(900_000), nil)
	})
	e.at("2026-11-03 10:00", func(s *store.Store) {
		e.deal(s, "undone win", "Fantail", model.NewBusiness, "Prospecting", usd(1_000_000), nil)
		_, err := s.AddStage(ctx, model.Stage{Name: "Demo", Position: 3, Probability: 40})
		e.ok(err)
		e.deal(s, "demoed", "Huia", model.NewBusiness, "Prospecting", usd(250_000), nil)
	})
	e.at("2026-11-04 10:00", func(s *store.Store) {
		e.move(s, "undone win", "Qualifying")
		e.move(s, "demoed", "Demo")
	})
	e.at("2026-11-05 10:00", func(s *store.Store) {
		e.close(s, "undone win", model.Won)
		_, err := s.Undo(ctx, store.AnySession) // the win is undone: open again, in Qualifying
		e.ok(err)
		e.close(s, "demoed", model.Lost)
		demo, err := s.StageByName(ctx, "Demo")
		e.ok(err)
		e.ok(s.ArchiveStage(ctx, demo))
	})
	e.at("2026-11-06 10:00", func(s *store.Store) {
		e.deal(s, "archived win", "Fantail", model.NewBusiness, "Prospecting", usd(5_000_000), nil)
		e.deal(s, "dune deal", "Dune", model.NewBusiness, "Prospecting", usd(3_000_000), nil)
		e.deal(s, "dune open", "Dune", model.Expansion, "Qualifying", usd(4_000_000), nil)
	})
	e.at("2026-11-07 10:00", func(s *store.Store) {
		e.close(s, "archived win", model.Won)
		e.close(s, "dune deal", model.Won)
	})
	e.at("2026-11-08 10:00", func(s *store.Store) {
		e.deal(s, "loser", "Gannet", model.NewBusiness, "Prospecting", usd(600_000), nil)
		e.move(s, "loser", "Qualifying")
	})
	e.at("2026-11-10 10:00", func(s *store.Store) {
		e.deal(s, "aroha more", "Aroha", model.Expansion, "Prospecting", eur(150_000), nil)
		e.close(s, "aroha more", model.Won)
		e.deal(s, "aroha renew", "Aroha", model.Renewal, "Closing", eur(600_000), nil)
		e.close(s, "aroha renew", model.Won)
	})
	e.at("2026-11-12 10:00", func(s *store.Store) { e.close(s, "loser", model.Lost) })
	e.at("2026-11-15 09:00", func(s *store.Store) {
		e.move(s, "utc differs", "Qualifying")
		e.close(s, "cobalt again", model.Won)
	})
	e.at("2026-11-20 10:00", func(s *store.Store) {
		e.close(s, "skipper", model.Won)
		e.deal(s, "own odds", "Jacana", model.NewBusiness, "Qualifying", eur(123_457), &pct60)
		e.contract(s, "Bellbird", usd(900_000), "2026-11-21", "2027-11-20")
	})
	e.at("2026-11-25 10:00", func(s *store.Store) {
		e.deal(s, "moved later", "Kea", model.NewBusiness, "Prospecting", usd(333_333), nil)
	})
	// 30 Nov 12:00 UTC is 1 Dec 01:00 in Auckland: won in December.
	e.at("2026-12-01 01:00", func(s *store.Store) { e.close(s, "utc differs", model.Won) })
	e.at("2026-12-02 10:00", func(s *store.Store) { e.move(s, "moved later", "Closing") })
	e.at("2026-12-10 10:00", func(s *store.Store) {
		costs := []model.AcquisitionCost{
			{Date: day(e.t, "2026-11-01"), Amount: usd(300_000), Channel: model.ChannelAds},
			{Date: day(e.t, "2026-11-30"), Amount: usd(50_000), Channel: model.ChannelTools},
			{Date: day(e.t, "2026-12-01"), Amount: usd(70_000), Channel: model.ChannelTools},
			{Date: day(e.t, "2026-11-15"), Amount: eur(40_000), Channel: model.ChannelEvents},
			{Date: day(e.t, "2026-11-10"), Amount: usd(1_000_000), Channel: model.ChannelOther},
		}
		for _, c := range costs {
			saved, err := s.AddSpend(ctx, c)
			e.ok(err)
			if c.Channel == model.ChannelOther {
				_, err := s.ArchiveSpend(ctx, saved)
				e.ok(err)
			}
		}
		// Survey answers: on the period's first and last local day (whose
		// UTC dates are the day before), and just outside it.
		answers := []struct {
			kind  model.SurveyKind
			score int
			local string
		}{
			{model.CSAT, 5, "2026-11-01 00:30"}, {model.CSAT, 3, "2026-11-30 23:30"},
			{model.CSAT, 1, "2026-10-31 23:30"}, {model.CSAT, 2, "2026-12-01 00:10"},
			{model.NPS, 10, "2026-11-03 10:00"}, {model.NPS, 9, "2026-11-04 10:00"}, {model.NPS, 7, "2026-11-05 10:00"},
			{model.NPS, 6, "2026-11-06 10:00"}, {model.NPS, 0, "2026-11-30 23:59"},
			{model.CSAT, 1, "2026-11-15 10:00"}, // archived below
			{model.NPS, 0, "2026-11-15 10:00"},  // on the archived account
		}
		e.ok(s.BulkLoad(ctx, func(b *store.Bulk) error {
			for i, a := range answers {
				at, err := time.ParseInLocation("2006-01-02 15:04", a.local, e.loc)
				if err != nil {
					return err
				}
				acct := e.ids["Aroha"]
				if i == len(answers)-1 {
					acct = e.ids["Dune"]
				}
				if _, err := b.Survey(model.Survey{AccountID: acct, Kind: a.kind, Score: a.score, At: at}); err != nil {
					return err
				}
			}
			return nil
		}))
	})
	// What no command does yet: archive a won deal, an account, a survey.
	e.raw(`UPDATE deals SET archived_at = '2026-12-09T00:00:00Z' WHERE id = ?`, e.ids["archived win"])
	e.raw(`UPDATE accounts SET archived_at = '2026-12-09T00:00:00Z' WHERE id = ?`, e.ids["Dune"])
	e.raw(`UPDATE surveys SET archived_at = '2026-12-09T00:00:00Z' WHERE score = 1 AND kind = 'csat' AND at LIKE '2026-11-14%'`)
}

func (e *edgeBook) open() *store.Store {
	tm := time.Date(2026, 12, 10, 10, 0, 0, 0, e.loc)
	s, err := store.Open(context.Background(), e.path, store.Options{Clock: model.FixedClock(tm)})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { s.Close() })
	return s
}

func period(t *testing.T, from, to string) model.Period {
	t.Helper()
	p, err := model.NewPeriod(day(t, from), day(t, to))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantRatio(t *testing.T, what string, got model.Ratio, num, den int64) {
	t.Helper()
	if !ratioIs(got, num, den) {
		t.Errorf("%s = %d/%d, want %d/%d", what, got.Num, got.Den, num, den)
	}
}

// TestMetricsEdgeCases checks November 2026 on the edge book against
// figures worked out by hand, then against the oracle.
func TestMetricsEdgeCases(t *testing.T) {
	e := newEdgeBook(t)
	e.build()
	s := e.open()
	ctx := context.Background()
	nov := period(t, "2026-11-01", "2026-11-30")
	r, err := s.Metrics(ctx, nov)
	if err != nil {
		t.Fatal(err)
	}
	// Winning Aroha's renewal deal renewed its EUR contract: one next
	// term, from the day after it ended, at the deal's value.
	var terms []string
	cs, err := s.AccountContracts(ctx, e.ids["Aroha"])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Value.Currency == "EUR" {
			terms = append(terms, fmt.Sprintf("%s–%s %d %s", c.Start, c.End, c.Value.Minor, c.Status))
		}
	}
	if got := strings.Join(terms, ", "); got != "2026-11-15–2027-11-14 600000 active, 2025-11-15–2026-11-14 500000 renewed" {
		t.Errorf("Aroha's EUR terms: %s", got)
	}

	// Revenue: "cobalt again" and "skipper" (new); not the undone win, the
	// archived win, the archived account's win, nor "utc differs" (won on
	// 1 December local time).
	if got := r.Revenue[model.NewBusiness]; len(got) != 1 || got["USD"] != 1_600_000 {
		t.Errorf("new revenue = %v, want USD 1,600,000", got)
	}
	if got := r.Revenue[model.Expansion]; len(got) != 1 || got["EUR"] != 150_000 {
		t.Errorf("expansion revenue = %v", got)
	}
	if got := r.Revenue[model.Renewal]; len(got) != 1 || got["EUR"] != 600_000 {
		t.Errorf("renewal revenue = %v", got)
	}
	// Win rate: won skipper, cobalt again; lost loser, demoed.
	if r.WinRate != (model.WinRate{Won: 2, Lost: 2}) {
		t.Errorf("win rate = %+v, want 2 won / 2 lost", r.WinRate)
	}
	// Sales cycle: skipper 2 → 20 Nov (18 days), cobalt again 1 → 15 Nov
	// (14 days): the mean of the two middle values is 16.
	wantRatio(t, "sales cycle", r.SalesCycle.Median(), 32, 2)
	// Conversion cohort (new business created in November, local dates):
	// utc differs 1→2 (won only in December), cobalt again won, skipper
	// created in Presenting and won, undone win 1→2, demoed 1→Demo (a
	// stage archived since), loser 1→2 and lost, own odds created in
	// Qualifying, moved later 1 (→4 only in December). Not the archived
	// win nor the archived account's deal.
	wantReached := []int{8, 6, 2, 2}
	if len(r.Funnel.Stages) != 4 || r.Funnel.Cohort != 8 || r.Funnel.Won != 2 {
		t.Fatalf("funnel = %+v", r.Funnel)
	}
	for i, w := range wantReached {
		if got := r.Funnel.Stages[i].Reached; got != w {
			t.Errorf("reached %s = %d, want %d", r.Funnel.Stages[i].Stage.Name, got, w)
		}
	}
	// New customers: Bellbird (skipper). Cobalt's first win was in 2025;
	// Dune is archived; "archived win" is archived.
	if r.NewCustomers != 1 {
		t.Errorf("new customers = %d, want 1", r.NewCustomers)
	}
	if c := r.CAC["USD"]; c.Spend != 350_000 || c.NewCustomers != 1 {
		t.Errorf("CAC USD = %+v, want 350,000 over 1", c)
	}
	if c := r.CAC["EUR"]; c.Spend != 40_000 || len(r.CAC) != 2 {
		t.Errorf("CAC = %+v", r.CAC)
	}
	if r.CSAT != (model.CSATScore{Responses: 2, Satisfied: 1}) {
		t.Errorf("CSAT = %+v, want the answers of 1 and 30 November only", r.CSAT)
	}
	wantRatio(t, "CSAT score", r.CSAT.Score(), 100, 2)
	if r.NPS != (model.NPSScore{Responses: 5, Promoters: 2, Detractors: 2}) {
		t.Errorf("NPS = %+v", r.NPS)
	}
	wantRatio(t, "NPS score", r.NPS.Score(), 0, 5)
	if got := r.Retention["USD"]; got != (model.Retention{Start: 5_300_000, Churned: 800_000, Contraction: 300_000, Pairs: 4}) {
		t.Errorf("USD retention = %+v", got)
	}
	wantRatio(t, "USD GRR", r.Retention["USD"].GRR(), 4_200_000, 5_300_000)
	wantRatio(t, "USD NRR", r.Retention["USD"].NRR(), 4_200_000, 5_300_000)
	if got := r.Retention["EUR"]; got != (model.Retention{Start: 500_000, Expansion: 100_000, Pairs: 1}) {
		t.Errorf("EUR retention = %+v", got)
	}
	wantRatio(t, "EUR NRR", r.Retention["EUR"].NRR(), 600_000, 500_000)
	if r.Logos != (model.LogoRetention{Start: 4, Retained: 3}) {
		t.Errorf("logos = %+v, want 3 of Aroha, Cobalt, Eel, Gannet", r.Logos)
	}
	// Open now: undone win (Qualifying 25%), moved later (Closing 80%),
	// own odds (60%); not the archived account's open deal.
	wantRatio(t, "USD weighted", r.WeightedPipeline["USD"], 1_000_000*25+333_333*80, 100)
	wantRatio(t, "EUR weighted", r.WeightedPipeline["EUR"], 123_457*60, 100)
	if r.OpenDeals != 3 || len(r.WeightedPipeline) != 2 {
		t.Errorf("open deals = %d, weighted = %v", r.OpenDeals, r.WeightedPipeline)
	}

	// A period with nothing closed: every rate is "no figure", not 0.
	quiet, err := s.Metrics(ctx, period(t, "2026-09-01", "2026-09-30"))
	if err != nil {
		t.Fatal(err)
	}
	if quiet.WinRate.Rate().Valid() || quiet.SalesCycle.Median().Valid() || quiet.CSAT.Score().Valid() || quiet.NPS.Score().Valid() {
		t.Errorf("a quiet month has figures: %+v", quiet)
	}
	for _, st := range quiet.Funnel.Steps() {
		if st.Rate().Valid() {
			t.Errorf("conversion with an empty cohort: %+v", st)
		}
	}

	checkAgainstOracle(t, s, []model.Period{nov, period(t, "2026-09-01", "2026-09-30"), period(t, "2026-11-15", "2026-11-15"),
		period(t, "2026-11-14", "2026-11-21"), period(t, "2025-01-01", "2026-12-31")})
}
