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

// customer adds a customer account with one active contract.
func customer(t testing.TB, s *Store, name string, value model.Money, start, end model.Date, notice int) (model.Account, model.Contract) {
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
	acct, c := customer(t, s, "Falconcrest Power", euros(88000), day(2025, 11, 29), day(2026, 11, 28), 60)
	deal := renewalDeal(t, s, acct, euros(90000), day(2026, 11, 28), 3)
	value, err := model.ParseRenewalValue("+5%", c.Value)
	if err != nil {
		t.Fatal(err)
	}
	terms := SameTerms(c)
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
	acct, c := customer(t, s, "Greenshore", dollars(17500), day(2025, 11, 29), day(2026, 11, 28), 60)
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
	acct, c := customer(t, s, "Stormgrove", dollars(16100), day(2025, 12, 12), day(2026, 12, 11), 30)
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
	_, c := customer(t, s, "Later Ltd", dollars(5000), day(2026, 11, 27), day(2027, 11, 26), 30)
	if _, err := s.ChurnContract(context.Background(), c, ChurnTerms{Reason: "project cancelled", Now: true}); model.FieldOf(err) != "effective" {
		t.Errorf("churning now a term that starts today: %v", err)
	}
}

func TestDecisionsRefuseStaleContracts(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, c := customer(t, s, "Wildford", dollars(6400), day(2025, 12, 19), day(2026, 12, 18), 60)
	// Another window snoozes it: renewing what was seen still applies.
	if _, err := s.SnoozeContract(ctx, c, day(2026, 12, 1), false); err != nil {
		t.Fatal(err)
	}
	// Another window churns it: renewing, snoozing or churning what was
	// seen is refused and says so.
	if _, err := s.ChurnContract(ctx, contractNow(t, s, c.ID), ChurnTerms{Reason: "budget cut"}); err != nil {
		t.Fatal(err)
	}
	_, err := s.RenewContract(ctx, c, SameTerms(c))
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
	if _, err := s.RenewContract(ctx, model.Contract{ID: c.ID}, SameTerms(c)); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("no version: %v", err)
	}
}

func TestSnoozeHidesUntilItsDay(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, c := customer(t, s, "Mapleford", dollars(52000), day(2026, 1, 5), day(2027, 1, 4), 30)
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
	acct, c := customer(t, s, "Sagegate Engineering", dollars(116000), day(2025, 1, 7), day(2027, 1, 6), 90)
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
	acct, c := customer(t, s, "Copperwave", euros(9000), day(2026, 1, 17), day(2027, 1, 16), 30)
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
	_, falcon := customer(t, s, "Falconcrest Power", euros(88000), day(2025, 11, 29), day(2026, 11, 28), 60) // ends tomorrow
	_, sunday := customer(t, s, "Sunday Notice", dollars(20000), day(2026, 1, 1), day(2026, 12, 29), 30)     // notice Sun
	autoAcct, err := s.CreateAccount(ctx, model.Account{Name: "Auto Renewer", Status: model.Customer})
	if err != nil {
		t.Fatal(err)
	}
	auto, err := s.CreateContract(ctx, model.Contract{AccountID: autoAcct.ID, Value: dollars(5000), Start: day(2025, 11, 21),
		End: day(2026, 11, 20), NoticeDays: 30, AutoRenew: true}) // ended a week ago
	if err != nil {
		t.Fatal(err)
	}
	_, overdue := customer(t, s, "Notice Passed", dollars(40000), day(2026, 1, 15), day(2027, 1, 14), 90)  // notice Oct 16
	_, _ = customer(t, s, "Next Week", dollars(7000), day(2026, 1, 1), day(2026, 12, 3), 0)                // out: Dec 3
	_, _ = customer(t, s, "Far Away", dollars(9000), day(2026, 6, 1), day(2027, 5, 31), 30)                // out
	_, snoozed := customer(t, s, "Snoozed Co", dollars(1000), day(2025, 11, 30), day(2026, 11, 29), 0)     // snoozed
	_, renewed := customer(t, s, "Renewed Early", dollars(3000), day(2025, 11, 26), day(2026, 11, 25), 30) // decided
	if _, err := s.SnoozeContract(ctx, snoozed, day(2026, 11, 29), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenewContract(ctx, renewed, SameTerms(renewed)); err != nil {
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
	// Nobody was ever touched (−25), and those ending within 30 days
	// have no renewal deal (−15): 60, at risk (under 70) — Auto Renewer,
	// Falconcrest and Snoozed Co. Two urgent issues (−40) put Notice
	// Passed at 35, at risk too.
	risk, err := s.RenewalsAtRisk(ctx, sum)
	if err != nil || risk.Count != 3 || risk.Value["USD"] != 600_000 || risk.Value["EUR"] != 8_800_000 {
		t.Errorf("at risk = %+v, %v", risk, err)
	}
	for range 2 {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO support_issues(account_id, title, severity, opened_at) VALUES (?, 'Outage', 'urgent', ?)`,
			overdue.AccountID, timestamp(testNow.Add(-48*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	if risk, err = s.RenewalsAtRisk(ctx, sum); err != nil || risk.Count != 4 || risk.Value["USD"] != 4_600_000 {
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
	if r := rows[1]; r.Account.Name != "Falconcrest Power" || r.Health.Score != 60 || r.Health.Main() != "never touched, cadence 30d" {
		t.Errorf("falconcrest row: %+v", r)
	}
	rows, _ = s.RenewalPage(ctx, sum, 3, 1)
	if r := rows[0]; r.OpenIssues != 2 || r.WorstIssue != model.SevUrgent || r.Health.Score != 35 || r.Health.Main() != "2 urgent issues open" {
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
	acct, c := customer(t, s, "Acme", dollars(1000), day(2026, 1, 1), day(2026, 12, 31), 30)
	for _, name := range []string{"Acme", "acme", fmtID("contract:", c.ID), fmtID("", c.ID), fmtID("account:", acct.ID)} {
		if got, err := s.FindContract(ctx, name); err != nil || got.ID != c.ID {
			t.Errorf("FindContract(%q) = %d, %v", name, got.ID, err)
		}
	}
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: dollars(500), Start: day(2026, 3, 1), End: day(2026, 12, 31)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindContract(ctx, "Acme"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("two active contracts: %v", err)
	}
	if _, err := s.FindContract(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such account: %v", err)
	}
}
