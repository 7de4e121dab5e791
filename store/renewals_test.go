package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// The clock is pinned to Friday 27 Nov 2026 (testNow); this week is
// Mon 23 – Sun 29 Nov.

func day(y int, m time.Month, d int) model.Date { return model.NewDate(y, m, d) }

func euros(units int64) model.Money   { return model.Money{Minor: units * 100, Currency: "EUR"} }
func dollars(units int64) model.Money { return model.Money{Minor: units * 100, Currency: "USD"} }

// customerWithContract adds a customer account with one active contract.
func customerWithContract(t testing.TB, s *Store, name string, value model.Money, start, end model.Date, notice int) (model.Account, model.Contract) {
	t.Helper()
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, model.Account{Name: name, Status: model.Customer})
	if err != nil {
		t.Fatalf("account %s: %v", name, err)
	}
	c, err := s.CreateContract(ctx, model.Contract{AccountID: a.ID, Value: value, Start: start, End: end, NoticeDays: notice})
	if err != nil {
		t.Fatalf("contract of %s: %v", name, err)
	}
	return a, c
}

func contractNow(t *testing.T, s *Store, id int64) model.Contract {
	t.Helper()
	c, err := s.Contract(context.Background(), id)
	if err != nil {
		t.Fatalf("read contract %d: %v", id, err)
	}
	return c
}

// renewalDeal opens a renewal deal on the account, in stage st.
func renewalDeal(t *testing.T, s *Store, a model.Account, value model.Money, close model.Date, st int) model.Deal {
	t.Helper()
	ctx := context.Background()
	stages, _ := s.Stages(ctx)
	d, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: a.Name + " — 2027 renewal", Kind: model.Renewal,
		StageID: stages[st].ID, Value: value, ExpectedClose: close})
	if err != nil {
		t.Fatalf("renewal deal: %v", err)
	}
	return d
}

func historyOf(t *testing.T, s *Store, dealID int64) []string {
	t.Helper()
	evs, err := s.DealEvents(context.Background(), dealID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		switch e.Kind {
		case model.EventStatus:
			out = append(out, "status "+e.OldText+"→"+e.NewText)
		case model.EventValue:
			out = append(out, "value "+model.Money{Minor: e.OldMinor, Currency: e.OldText}.String()+"→"+model.Money{Minor: e.NewMinor, Currency: e.NewText}.String())
		default:
			out = append(out, string(e.Kind))
		}
	}
	return out
}

func TestRenewWithUpliftWinsTheRenewalDeal(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Falconcrest Power", euros(88000), day(2025, 11, 29), day(2026, 11, 28), 60)
	deal := renewalDeal(t, s, acct, euros(90000), day(2026, 11, 28), 3)
	value, err := model.ParseRenewalValue("+5%", c.Value)
	if err != nil {
		t.Fatal(err)
	}
	terms := SameTerms(c, nil)
	terms.Value = value
	res, err := s.RenewContract(ctx, c, terms)
	if err != nil {
		t.Fatal(err)
	}
	if res.DealCreated || res.Deal.ID != deal.ID {
		t.Fatalf("the open renewal deal was not the one won: %+v", res.Deal)
	}
	next := res.New
	if next.Start != day(2026, 11, 29) || next.End != day(2027, 11, 28) || next.Value != euros(92400) || next.RenewsID != c.ID ||
		next.Status != model.ContractActive || next.NoticeDays != 60 || next.DealID != deal.ID {
		t.Fatalf("next term = %+v", next)
	}
	if old := contractNow(t, s, c.ID); old.Status != model.ContractRenewed || old.End != c.End || old.Value != c.Value {
		t.Fatalf("old contract = %+v", old)
	}
	won := dealNow(t, s, deal.ID)
	if won.Status != model.Won || won.Value != euros(92400) || won.ClosedAt.IsZero() {
		t.Fatalf("renewal deal = %s %s", won.Status, won.Value)
	}
	if got := strings.Join(historyOf(t, s, deal.ID), ", "); got != "created, status open→won, value €90,000.00→€92,400.00" {
		t.Errorf("deal history = %s", got)
	}

	undone, err := s.Undo(ctx, s.Session())
	if err != nil {
		t.Fatal(err)
	}
	if undone.ContractID != c.ID || undone.DealID != deal.ID || undone.Label != "renew contract of Falconcrest Power" {
		t.Errorf("undone = %+v", undone)
	}
	if back := contractNow(t, s, c.ID); back.Status != model.ContractActive {
		t.Errorf("undo left the old contract %s", back.Status)
	}
	if gone := contractNow(t, s, next.ID); !gone.Archived {
		t.Error("undo left the new term live")
	}
	reopened := dealNow(t, s, deal.ID)
	if reopened.Status != model.Open || reopened.Value != euros(90000) || !reopened.ClosedAt.IsZero() {
		t.Errorf("undo left the deal %s at %s", reopened.Status, reopened.Value)
	}
	if got := historyOf(t, s, deal.ID); len(got) != 5 || got[3] != "status won→open" || got[4] != "value €92,400.00→€90,000.00" {
		t.Errorf("the history gains the reverse events: %v", got)
	}
}

func TestRenewWithNoDealRecordsAWonRenewal(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Greenshore", dollars(17500), day(2025, 11, 29), day(2026, 11, 28), 60)
	terms := RenewTerms{Value: dollars(20000), Months: 24, NoticeDays: 90, AutoRenew: true}
	res, err := s.RenewContract(ctx, c, terms)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Deal
	stages, _ := s.Stages(ctx)
	if !res.DealCreated || d.Kind != model.Renewal || d.Status != model.Won || d.Value != dollars(20000) || d.AccountID != acct.ID ||
		d.StageID != stages[len(stages)-1].ID || d.Title != "Greenshore — 2026 renewal" || d.ClosedAt.IsZero() {
		t.Fatalf("recorded deal = %+v", d)
	}
	if res.New.End != day(2028, 11, 28) || res.New.NoticeDays != 90 || !res.New.AutoRenew || res.New.DealID != d.ID {
		t.Fatalf("next term = %+v", res.New)
	}
	// A second renewal of the same contract is refused: it is decided.
	if _, err := s.RenewContract(ctx, contractNow(t, s, c.ID), terms); !errors.Is(err, ErrConflict) {
		t.Errorf("renewing twice: %v", err)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	if !dealNow(t, s, d.ID).Archived || !contractNow(t, s, res.New.ID).Archived || contractNow(t, s, c.ID).Status != model.ContractActive {
		t.Error("undo must archive the recorded deal and the new term, and reactivate the old one")
	}
}

func TestChurnMarksContractDealAndAccount(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Stormgrove", dollars(16100), day(2025, 12, 12), day(2026, 12, 11), 30)
	deal := renewalDeal(t, s, acct, dollars(16500), day(2026, 12, 11), 1)
	res, err := s.ChurnContract(ctx, c, ChurnTerms{Reason: "switched to a competitor"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contract.Status != model.ContractChurned || res.Contract.ChurnReason != "switched to a competitor" || res.Contract.End != c.End {
		t.Fatalf("churned contract = %+v", res.Contract)
	}
	if res.Deal.ID != deal.ID || res.Deal.Status != model.Lost || res.Deal.LostReason != "switched to a competitor" {
		t.Fatalf("renewal deal = %+v", res.Deal)
	}
	a := accountNow(t, s, acct.ID)
	if !res.AccountChurned || a.Status != model.Churned || a.ChurnReason != "switched to a competitor" {
		t.Fatalf("account = %s (%q)", a.Status, a.ChurnReason)
	}
	if got := strings.Join(historyOf(t, s, deal.ID), ", "); got != "created, status open→lost" {
		t.Errorf("deal history = %s", got)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	if contractNow(t, s, c.ID).Status != model.ContractActive || dealNow(t, s, deal.ID).Status != model.Open ||
		accountNow(t, s, acct.ID).Status != model.Customer {
		t.Error("undo must restore contract, deal and account")
	}

	// Effective now: the contract ends today. An account with another
	// active contract stays a customer.
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(3000), Start: day(2026, 6, 1), End: day(2027, 5, 31)}); err != nil {
		t.Fatal(err)
	}
	res, err = s.ChurnContract(ctx, contractNow(t, s, c.ID), ChurnTerms{Reason: "budget cut", Now: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contract.End != day(2026, 11, 27) || res.AccountChurned || accountNow(t, s, acct.ID).Status != model.Customer {
		t.Errorf("churn now: end %s, account churned %v", res.Contract.End, res.AccountChurned)
	}
	// A reason is required.
	if _, err := s.ChurnContract(ctx, contractNow(t, s, c.ID), ChurnTerms{Reason: "  "}); model.FieldOf(err) != "reason" {
		t.Errorf("churn without a reason: %v", err)
	}
}

func TestChurnNowOfATermNotStarted(t *testing.T) {
	s := openTemp(t)
	_, c := customerWithContract(t, s, "Later Ltd", dollars(5000), day(2026, 11, 27), day(2027, 11, 26), 30)
	if _, err := s.ChurnContract(context.Background(), c, ChurnTerms{Reason: "project cancelled", Now: true}); model.FieldOf(err) != "effective" {
		t.Errorf("churning now a term that starts today: %v", err)
	}
}

func TestDecisionsRefuseStaleContracts(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, c := customerWithContract(t, s, "Wildford", dollars(6400), day(2025, 12, 19), day(2026, 12, 18), 60)
	// Another window snoozes it: renewing what was seen still applies.
	if _, err := s.SnoozeContract(ctx, c, day(2026, 12, 1), false); err != nil {
		t.Fatal(err)
	}
	// Another window churns it: renewing, snoozing or churning what was
	// seen is refused and says so.
	if _, err := s.ChurnContract(ctx, contractNow(t, s, c.ID), ChurnTerms{Reason: "budget cut"}); err != nil {
		t.Fatal(err)
	}
	_, err := s.RenewContract(ctx, c, SameTerms(c, nil))
	var stale *StaleError
	if !errors.As(err, &stale) || !strings.Contains(err.Error(), "Contract") || !strings.Contains(err.Error(), "was churned elsewhere") {
		t.Fatalf("renewing a contract churned elsewhere: %v", err)
	}
	if cur, ok := stale.CurrentContract(); !ok || cur.Status != model.ContractChurned {
		t.Errorf("the refusal carries the stored contract: %+v", stale.Current)
	}
	if _, err := s.SnoozeContract(ctx, c, day(2026, 12, 5), false); !errors.Is(err, ErrStale) {
		t.Errorf("snoozing: %v", err)
	}
	// A version the store never gave is a bug, said as such.
	if _, err := s.RenewContract(ctx, model.Contract{ID: c.ID}, SameTerms(c, nil)); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("no version: %v", err)
	}
}

func TestSnoozeHidesUntilItsDay(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, c := customerWithContract(t, s, "Mapleford", dollars(52000), day(2026, 1, 5), day(2027, 1, 4), 30)
	if _, err := s.SnoozeContract(ctx, c, day(2026, 11, 27), false); model.FieldOf(err) != "until" {
		t.Errorf("snooze to today: %v", err)
	}
	if _, err := s.SnoozeContract(ctx, c, day(2027, 1, 10), false); model.FieldOf(err) != "until" || !strings.Contains(err.Error(), "after the contract ends") {
		t.Errorf("snooze past the end without a warning: %v", err)
	}
	snoozed, err := s.SnoozeContract(ctx, c, day(2026, 12, 3), false)
	if err != nil || snoozed.SnoozedUntil != day(2026, 12, 3) {
		t.Fatalf("snooze: %+v %v", snoozed, err)
	}
	// In the next 30 days it is snoozed, not in the queue.
	sum, err := s.CountRenewals(ctx, RenewalQuery{Window: model.Window(model.WindowNext30, day(2026, 11, 27), time.Monday)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Parts[PartQueue] != 0 || sum.Parts[PartSnoozed] != 1 || sum.Up.Count != 1 || sum.Snoozed.Count != 1 {
		t.Errorf("snoozed counts: %+v", sum)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	if !contractNow(t, s, c.ID).SnoozedUntil.IsZero() {
		t.Error("undo must wake it")
	}
	// Past its end, when the user confirmed.
	if _, err := s.SnoozeContract(ctx, contractNow(t, s, c.ID), day(2027, 1, 10), true); err != nil {
		t.Errorf("snooze past the end, confirmed: %v", err)
	}
}

func TestOpenRenewalDeal(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Sagegate Engineering", dollars(116000), day(2025, 1, 7), day(2027, 1, 6), 90)
	d, err := s.OpenRenewalDeal(ctx, c, "Book the renewal call", day(2026, 12, 2))
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := s.Stages(ctx)
	if d.Kind != model.Renewal || d.Status != model.Open || d.StageID != stages[0].ID || d.Value != c.Value ||
		d.ExpectedClose != c.End || d.NextStep != "Book the renewal call" || d.NextDue != day(2026, 12, 2) ||
		d.AccountID != acct.ID || d.Title != "Sagegate Engineering — 2027 renewal" {
		t.Fatalf("deal = %+v", d)
	}
	if _, err := s.OpenRenewalDeal(ctx, contractNow(t, s, c.ID), "again", day(2026, 12, 2)); !errors.Is(err, ErrConflict) ||
		!strings.Contains(err.Error(), "Sagegate Engineering — 2027 renewal") {
		t.Errorf("a second renewal deal: %v", err)
	}
	row, err := s.RenewalRowOf(ctx, c.ID)
	if err != nil || row.Deal.ID != d.ID {
		t.Errorf("the row shows its deal: %+v %v", row.Deal, err)
	}
	if got, ok, err := s.ContractOfRenewalDeal(ctx, d); err != nil || !ok || got.ID != c.ID {
		t.Errorf("the deal works contract %d (%v, %v)", got.ID, ok, err)
	}
}

// TestClosingARenewalDealDecidesTheRenewal: W and X on a renewal deal
// (and rolo move X won|lost) renew or churn its contract.
func TestClosingARenewalDealDecidesTheRenewal(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Copperwave", euros(9000), day(2026, 1, 17), day(2027, 1, 16), 30)
	d := renewalDeal(t, s, acct, euros(9500), day(2027, 1, 16), 2)
	res, err := s.CloseDeal(ctx, d, model.Won, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Renewed == nil || res.Renewed.New.Value != euros(9500) || res.Renewed.New.Start != day(2027, 1, 17) ||
		res.Renewed.New.End != day(2028, 1, 16) || res.Deal.Status != model.Won {
		t.Fatalf("won renewal deal: %+v", res.Renewed)
	}
	if contractNow(t, s, c.ID).Status != model.ContractRenewed {
		t.Error("winning the renewal deal leaves the contract as it was")
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	res, err = s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Lost, "price")
	if err != nil {
		t.Fatal(err)
	}
	if res.Churned == nil || res.Churned.Contract.ChurnReason != "price" || !res.Churned.AccountChurned {
		t.Fatalf("lost renewal deal: %+v", res.Churned)
	}
	// A renewal deal on an account with no contract closes as any deal.
	other := seedDeal(t, s, "No Contract Co", "No Contract renewal", 100)
	other.Kind = model.Renewal
	other, err = s.UpdateDeal(ctx, other, other)
	if err != nil {
		t.Fatal(err)
	}
	res, err = s.CloseDeal(ctx, other, model.Won, "")
	if err != nil || res.Renewed != nil || res.Deal.Status != model.Won {
		t.Errorf("renewal deal with no contract: %+v %v", res, err)
	}
}

// TestRenewalWindow seeds a week of renewals and reads the review as the
// tab shows it: the week and everything overdue, most urgent first, then
// the snoozed, then the decided; totals per currency.
func TestRenewalWindow(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, falcon := customerWithContract(t, s, "Falconcrest Power", euros(88000), day(2025, 11, 29), day(2026, 11, 28), 60) // ends tomorrow
	_, sunday := customerWithContract(t, s, "Sunday Notice", dollars(20000), day(2026, 1, 1), day(2026, 12, 29), 30)     // notice Sun
	autoAcct, err := s.CreateAccount(ctx, model.Account{Name: "Auto Renewer", Status: model.Customer})
	if err != nil {
		t.Fatal(err)
	}
	auto, err := s.CreateContract(ctx, model.Contract{AccountID: autoAcct.ID, Value: dollars(5000), Start: day(2025, 11, 21),
		End: day(2026, 11, 20), NoticeDays: 30, AutoRenew: true}) // ended a week ago
	if err != nil {
		t.Fatal(err)
	}
	_, overdue := customerWithContract(t, s, "Notice Passed", dollars(40000), day(2026, 1, 15), day(2027, 1, 14), 90)  // notice Oct 16
	_, _ = customerWithContract(t, s, "Next Week", dollars(7000), day(2026, 1, 1), day(2026, 12, 3), 0)                // out: Dec 3
	_, _ = customerWithContract(t, s, "Far Away", dollars(9000), day(2026, 6, 1), day(2027, 5, 31), 30)                // out
	_, snoozed := customerWithContract(t, s, "Snoozed Co", dollars(1000), day(2025, 11, 30), day(2026, 11, 29), 0)     // snoozed
	_, renewed := customerWithContract(t, s, "Renewed Early", dollars(3000), day(2025, 11, 26), day(2026, 11, 25), 30) // decided
	if _, err := s.SnoozeContract(ctx, snoozed, day(2026, 11, 29), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenewContract(ctx, renewed, SameTerms(renewed, nil)); err != nil {
		t.Fatal(err)
	}
	week := model.Window(model.WindowWeek, day(2026, 11, 27), time.Monday)
	sum, err := s.CountRenewals(ctx, RenewalQuery{Window: week})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Parts != [partCount]int{4, 1, 1} {
		t.Fatalf("parts = %v", sum.Parts)
	}
	if sum.Up.Count != 5 || sum.Up.Value["EUR"] != 8_800_000 || sum.Up.Value["USD"] != (20000+5000+40000+1000)*100 {
		t.Errorf("up for renewal = %+v", sum.Up)
	}
	if sum.Renewed.Count != 1 || sum.Renewed.Value["USD"] != 300_000 || sum.Churned.Count != 0 {
		t.Errorf("decided = %+v / %+v", sum.Renewed, sum.Churned)
	}
	// Each undecided contract ends within 60 days with no renewal in
	// progress (−15), or has ended (no contract in force, −15): 85, not
	// at risk. Two urgent issues (−40) put Notice Passed at 45, at risk;
	// a high issue (−10) and a CSAT of 2 (−10) put Falconcrest at 65.
	risk, err := s.RenewalsAtRisk(ctx, sum)
	if err != nil || risk.Count != 0 {
		t.Errorf("at risk = %+v, %v", risk, err)
	}
	for _, sev := range []string{"urgent", "urgent"} {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO support_issues(account_id, title, severity, opened_at) VALUES (?, 'Outage', ?, ?)`,
			overdue.AccountID, sev, timestamp(testNow.Add(-48*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO support_issues(account_id, title, severity, opened_at) VALUES (?, 'Slow exports', 'high', ?)`,
		falcon.AccountID, timestamp(testNow.Add(-72*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO surveys(account_id, kind, score, at) VALUES (?, 'csat', 2, ?)`,
		falcon.AccountID, timestamp(testNow.Add(-24*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if risk, err = s.RenewalsAtRisk(ctx, sum); err != nil || risk.Count != 2 || risk.Value["USD"] != 4_000_000 || risk.Value["EUR"] != 8_800_000 {
		t.Errorf("at risk = %+v, %v", risk, err)
	}
	rows, err := s.RenewalPage(ctx, sum, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, r := range rows {
		got = append(got, r.Contract.ID)
	}
	// Auto Renewer ended Nov 20, Falconcrest ends Nov 28, Sunday Notice's
	// deadline is Nov 29, Notice Passed ends Jan 14; then the snoozed,
	// then the decided.
	want := []int64{auto.ID, falcon.ID, sunday.ID, overdue.ID, snoozed.ID, renewed.ID}
	if len(got) != len(want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows = %v, want %v", got, want)
		}
	}
	if rows[4].Part != PartSnoozed || rows[5].Part != PartDecided || rows[5].Next.ID == 0 || rows[5].Next.Start != day(2026, 11, 26) {
		t.Errorf("parts: %+v / %+v", rows[4].Part, rows[5])
	}
	// A row's health is its account's, as the Accounts list shows it.
	if r := rows[1]; r.Account.Name != "Falconcrest Power" || r.Health == nil || r.Health.Score != 65 ||
		r.Health.Main() != (model.HealthReason{Points: -15, Why: "contract ends in 1d, no renewal in progress"}) {
		t.Errorf("falconcrest row: %+v", r)
	}
	for _, r := range rows {
		acct, err := s.AccountRow(ctx, r.Contract.AccountID)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := model.HealthOf(acct.Facts(), s.Clock())
		if !ok || r.Health == nil || r.Health.Score != want.Score || r.Health.Main() != want.Main() || r.Account.Version != acct.Version {
			t.Errorf("%s: the row's health %+v, the account's %+v", r.Account.Name, r.Health, want)
		}
	}
	rows, _ = s.RenewalPage(ctx, sum, 3, 1)
	if r := rows[0]; r.OpenIssues != 2 || r.WorstIssue != model.SevUrgent || r.Health.Score != 45 ||
		r.Health.Main() != (model.HealthReason{Points: -40, Why: "2 urgent issues open, oldest 2d"}) {
		t.Errorf("notice passed row: %d issues (%s), health %+v", r.OpenIssues, r.WorstIssue, r.Health)
	}
	// The filter narrows by account name; a page from the middle starts
	// in the right place.
	fsum, _ := s.CountRenewals(ctx, RenewalQuery{Window: week, Filter: "notice"})
	if fsum.Total() != 2 {
		t.Errorf("filtered total = %d", fsum.Total())
	}
	if mid, _ := s.RenewalPage(ctx, sum, 3, 2); len(mid) != 2 || mid[0].Contract.ID != overdue.ID {
		t.Errorf("page at 3 = %+v", mid)
	}
	// All upcoming holds everything undecided.
	all, _ := s.CountRenewals(ctx, RenewalQuery{Window: model.Window(model.WindowAll, day(2026, 11, 27), time.Monday)})
	if all.Up.Count != 8 {
		t.Errorf("all upcoming = %d undecided", all.Up.Count)
	}

	// Today: within 7 days (and the ended one), not snoozed.
	q, err := s.CountToday(ctx, day(2026, 11, 27), testNow)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.TodayPage(ctx, q, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var today []string
	for _, it := range items {
		if it.Reason == ReasonRenewal {
			today = append(today, it.Account.Name)
		}
	}
	if strings.Join(today, ", ") != "Auto Renewer, Falconcrest Power, Sunday Notice, Next Week" || q.Counts[ReasonRenewal] != 4 {
		t.Errorf("Today's renewals = %v (%d)", today, q.Counts[ReasonRenewal])
	}
}

func fmtID(prefix string, id int64) string { return prefix + strconv.FormatInt(id, 10) }

func TestFindContract(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Acme", dollars(1000), day(2026, 1, 1), day(2026, 12, 31), 30)
	for _, name := range []string{"Acme", "acme", fmtID("contract:", c.ID), fmtID("", c.ID), fmtID("account:", acct.ID)} {
		if got, err := s.FindContract(ctx, name); err != nil || got.ID != c.ID {
			t.Errorf("FindContract(%q) = %d, %v", name, got.ID, err)
		}
	}
	// An add-on ending with it is one renewal: the account names the
	// contract the add-on joined.
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(500), Start: day(2026, 3, 1), End: day(2026, 12, 31)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindContract(ctx, "Acme"); err != nil || got.ID != c.ID {
		t.Errorf("a contract and its add-on: %d, %v", got.ID, err)
	}
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(700), Start: day(2026, 6, 1), End: day(2027, 5, 31)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindContract(ctx, "Acme"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("two renewals on different days: %v", err)
	}
	if _, err := s.FindContract(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such account: %v", err)
	}
}

// TestAddOnDecidedWithItsContract: an add-on co-terminating with the
// contract it joined (a won expansion's) is one renewal with it: both
// rows show the renewal deal; renewing either renews both into one next
// term on the contract's own term at their value together (the uplift
// applies to the sum) and wins the deal at it; a churn and a snooze take
// both; undo puts everything back.
func TestAddOnDecidedWithItsContract(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, base := customerWithContract(t, s, "Initech", dollars(30000), day(2026, 1, 1), day(2026, 12, 31), 30)
	addOn, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(10000), Start: day(2026, 11, 27),
		End: day(2026, 12, 31), NoticeDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	later, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(5000), Start: day(2026, 7, 1),
		End: day(2027, 6, 30), NoticeDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	deal := renewalDeal(t, s, acct, dollars(40000), day(2026, 12, 31), 1)

	sum, err := s.CountRenewals(ctx, RenewalQuery{Window: model.Window(model.WindowAll, day(2026, 11, 27), time.Monday)})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.RenewalPage(ctx, sum, 0, 10)
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows = %+v, %v", rows, err)
	}
	for _, r := range rows[:2] {
		if len(r.With) != 1 || r.Deal.ID != deal.ID || r.Renewing() != dollars(40000) {
			t.Errorf("contract %d: with %+v, deal %d, renewing %s", r.Contract.ID, r.With, r.Deal.ID, r.Renewing())
		}
	}
	if r := rows[2]; r.Contract.ID != later.ID || len(r.With) != 0 || r.Deal.ID != 0 {
		t.Errorf("the contract ending later renews on its own: %+v", r)
	}
	if _, err := s.OpenRenewalDeal(ctx, addOn, "call", day(2026, 12, 1)); !errors.Is(err, ErrConflict) {
		t.Errorf("a second renewal deal for the add-on: %v", err)
	}

	// Renewing the add-on's row renews both, +5% on $40k.
	with, err := s.RenewalGroup(ctx, addOn)
	if err != nil || len(with) != 1 || with[0].ID != base.ID {
		t.Fatalf("the add-on's group: %+v, %v", with, err)
	}
	terms := SameTerms(addOn, with)
	if terms.Months != 12 || terms.Value != dollars(40000) {
		t.Fatalf("same terms: %+v", terms)
	}
	if terms.Value, err = model.ParseRenewalValue("+5%", terms.Value); err != nil {
		t.Fatal(err)
	}
	res, err := s.RenewContract(ctx, addOn, terms)
	if err != nil {
		t.Fatal(err)
	}
	next := res.New
	if next.RenewsID != base.ID || next.Value != dollars(42000) || next.Start != day(2027, 1, 1) || next.End != day(2027, 12, 31) {
		t.Errorf("the next term: %+v", next)
	}
	if len(res.With) != 1 || res.With[0].Status != model.ContractRenewed || contractNow(t, s, base.ID).Status != model.ContractRenewed ||
		contractNow(t, s, addOn.ID).Status != model.ContractRenewed || contractNow(t, s, later.ID).Status != model.ContractActive {
		t.Errorf("after renewing: %+v", res)
	}
	if d := dealNow(t, s, deal.ID); d.Status != model.Won || d.Value != dollars(42000) || res.DealCreated {
		t.Errorf("the renewal deal: %+v", d)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if contractNow(t, s, base.ID).Status != model.ContractActive || contractNow(t, s, addOn.ID).Status != model.ContractActive ||
		!contractNow(t, s, next.ID).Archived || dealNow(t, s, deal.ID).Status != model.Open {
		t.Fatal("undo did not put the renewal back")
	}

	// A churn of the contract takes its add-on; the account stays a
	// customer while the later contract is active.
	cres, err := s.ChurnContract(ctx, contractNow(t, s, base.ID), ChurnTerms{Reason: "budget cut"})
	if err != nil {
		t.Fatal(err)
	}
	if a := contractNow(t, s, addOn.ID); len(cres.With) != 1 || a.Status != model.ContractChurned || a.ChurnReason != "budget cut" ||
		cres.AccountChurned || dealNow(t, s, deal.ID).Status != model.Lost {
		t.Errorf("after churning: %+v, add-on %+v", cres, a)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}

	// A snooze of the add-on snoozes its contract too.
	if _, err := s.SnoozeContract(ctx, contractNow(t, s, addOn.ID), day(2026, 12, 4), false); err != nil {
		t.Fatal(err)
	}
	if b := contractNow(t, s, base.ID); b.SnoozedUntil != day(2026, 12, 4) || contractNow(t, s, later.ID).SnoozedUntil != (model.Date{}) {
		t.Errorf("after snoozing the add-on, its contract: %+v", b)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if b := contractNow(t, s, base.ID); b.Status != model.ContractActive || !b.SnoozedUntil.IsZero() {
		t.Errorf("after undoing the snooze: %+v", b)
	}
}

// A renewal deal whose win cannot renew its contract (here the next term
// would start past the last year rolo keeps) is refused with the reason,
// and nothing changes: the deal stays open, the contract active, and
// undo has nothing new to take back.
func TestWinningARenewalDealThatCannotRenewChangesNothing(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, c := customerWithContract(t, s, "Farfuture", dollars(5000), day(model.MaxYear, 1, 1), day(model.MaxYear, 12, 31), 30)
	d := renewalDeal(t, s, acct, dollars(5200), day(model.MaxYear, 12, 31), 1)
	undoEntries := func() int {
		t.Helper()
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM undo_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := undoEntries()
	res, err := s.CloseDeal(ctx, d, model.Won, "")
	var fe *model.FieldError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "year") {
		t.Fatalf("win that cannot renew: err = %v, result %+v", err, res)
	}
	if got := dealNow(t, s, d.ID); got.Status != model.Open {
		t.Errorf("the deal is %s after a refused win", got.Status)
	}
	if got := contractNow(t, s, c.ID); got.Status != model.ContractActive {
		t.Errorf("the contract is %s after a refused win", got.Status)
	}
	if after := undoEntries(); after != before {
		t.Errorf("a refused win left an undo entry: %d → %d", before, after)
	}
}

// An open renewal deal works the contract that ends on its expected close
// date, so with two contracts on an account winning it renews that one
// (and renewing the other records a renewal of its own); without a match
// it works the contract that ends first.
func TestARenewalDealWorksTheContractEndingOnItsCloseDate(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	acct, first := customerWithContract(t, s, "Twofold", dollars(70000), day(2026, 4, 1), day(2027, 3, 31), 30)
	second, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(5000), Start: day(2026, 6, 1),
		End: day(2027, 5, 31), NoticeDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	d := renewalDeal(t, s, acct, dollars(5200), day(2027, 5, 31), 1)
	if c, ok, err := s.ContractOfRenewalDeal(ctx, d); err != nil || !ok || c.ID != second.ID {
		t.Fatalf("the deal closing May 31 works contract %d (%v %v), want %d", c.ID, ok, err, second.ID)
	}
	res, err := s.CloseDeal(ctx, d, model.Won, "")
	if err != nil || res.Renewed == nil || res.Renewed.Old.ID != second.ID || res.Renewed.New.Value != dollars(5200) {
		t.Fatalf("win: %+v %v", res.Renewed, err)
	}
	if contractNow(t, s, first.ID).Status != model.ContractActive {
		t.Error("winning the deal for the $5k contract decided the $70k one")
	}
	// A deal with no close date works the contract that ends first.
	other := renewalDeal(t, s, acct, dollars(70000), model.Date{}, 1)
	if c, ok, err := s.ContractOfRenewalDeal(ctx, other); err != nil || !ok || c.ID != first.ID {
		t.Fatalf("a deal with no close date works contract %d (%v %v), want %d", c.ID, ok, err, first.ID)
	}
}
