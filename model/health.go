package model

import (
	"fmt"
	"slices"
	"time"
)

// Health is a customer's score from 0 to 100 and every component that
// took points off it: 100 plus the points of the reasons, kept within
// 0–100, so anyone can recompute it from what the account page shows.
type Health struct {
	Score   int            `json:"score"`
	Reasons []HealthReason `json:"reasons"`
}

// HealthReason is one component's contribution: "−25 last touch 41d
// ago, cadence 30d".
type HealthReason struct {
	Points int    `json:"points"`
	Why    string `json:"why"`
}

// Main is the reason that cost the most points (the first on a tie), or
// a zero reason when nothing took points off.
func (h Health) Main() HealthReason {
	if len(h.Reasons) == 0 {
		return HealthReason{}
	}
	return h.Reasons[0]
}

// AtRiskBelow is the score under which a customer's health is not good:
// the score shows amber (red under 50) and a renewal of the customer is
// at risk (the Renewals header's "at risk"). A check-in past due by no
// more than a cadence alone leaves 75; later, or with anything more, the
// score falls below it.
const AtRiskBelow = 75

// AtRisk reports a score below AtRiskBelow.
func (h Health) AtRisk() bool { return h.Score < AtRiskBelow }

// The weights of health's components (README "Health" and ? on the
// Accounts tab say the same).
const (
	// Check-in: the check-in is past due; more than a whole cadence late
	// (or 30 days late for a date set by hand) costs more.
	HealthCheckInLate     = -25
	HealthCheckInVeryLate = -35
	// Support: every open issue, by severity.
	HealthUrgentIssue = -20
	HealthHighIssue   = -10
	HealthNormalIssue = -5
	// Satisfaction: the latest answer of the last 365 days.
	HealthLowCSAT      = -10 // CSAT 1–2
	HealthMiddlingCSAT = -5  // CSAT 3
	HealthDetractor    = -10 // NPS 0–6
	// Contract: the current contract ends within HealthRenewalWindow days
	// and nothing renews it, or no contract is in force at all.
	HealthRenewalAtRisk = -15
	HealthNoContract    = -15
	HealthRenewalWindow = 60
	// surveyWindow is how long a survey answer counts.
	surveyWindow = 365
)

// HealthRules says how health is computed, for help screens.
const HealthRules = "Health (customers only) starts at 100 and loses points for each of: a check-in past due (−25; −35 " +
	"when late by more than a whole cadence); every open support issue (urgent −20, high −10, normal −5, low 0); the latest " +
	"CSAT of the last year at 1–2 (−10) or 3 (−5); the latest NPS of the last year at 0–6 (−10); the current contract ending " +
	"within 60 days with no renewal in progress — no renewal deal open, no auto-renew, no later contract signed (−15); no " +
	"contract in force (−15). The score is 100 plus those points, kept within 0–100."

// Answer is a survey score and when it was given (zero At: none).
type Answer struct {
	Score int
	At    time.Time
}

// OpenIssues counts an account's open support issues per severity
// (indexed by Severity.Rank) with the oldest of each.
type OpenIssues struct {
	Count  [4]int
	Oldest [4]time.Time
}

// Add counts one open issue.
func (o *OpenIssues) Add(sev Severity, opened time.Time) {
	r := sev.Rank()
	if r < 0 {
		return
	}
	o.Count[r]++
	if o.Oldest[r].IsZero() || opened.Before(o.Oldest[r]) {
		o.Oldest[r] = opened
	}
}

// Total is how many issues are open.
func (o OpenIssues) Total() int {
	n := 0
	for _, c := range o.Count {
		n += c
	}
	return n
}

// Worst is the most severe open issue's severity; ok is false when none
// is open.
func (o OpenIssues) Worst() (sev Severity, ok bool) {
	for r := len(o.Count) - 1; r >= 0; r-- {
		if o.Count[r] > 0 {
			return Severities[r], true
		}
	}
	return "", false
}

// ContractState is what health needs of an account's contracts today.
type ContractState struct {
	InForce bool // a contract covers today (start ≤ today ≤ end)
	End     Date // the end of the current contract (of those in force, the one ending last)
	// Renewing: a renewal is in progress — the current contract
	// auto-renews, a renewal deal is open, or a contract starting after
	// today is already signed.
	Renewing bool
}

// HealthFacts are the facts health is computed from, all shown on the
// account page.
type HealthFacts struct {
	Account  Account
	Issues   OpenIssues
	CSAT     Answer
	NPS      Answer
	Contract ContractState
}

// HealthOf scores a customer as of the clock's now; ok is false for
// prospects and churned accounts, which have no health.
func HealthOf(f HealthFacts, clock Clock) (h Health, ok bool) {
	if f.Account.Status != Customer {
		return Health{}, false
	}
	today, now := clock.Today(), clock.Now()
	var reasons []HealthReason
	add := func(points int, format string, args ...any) {
		if points != 0 {
			reasons = append(reasons, HealthReason{Points: points, Why: fmt.Sprintf(format, args...)})
		}
	}
	checkInReason(f.Account, clock, add)
	issueReasons(f.Issues, now, add)
	if !f.CSAT.At.IsZero() && recent(f.CSAT.At, clock) {
		on := clock.DateOf(f.CSAT.At).Short(today)
		switch {
		case f.CSAT.Score <= 2:
			add(HealthLowCSAT, "CSAT %d/5 on %s", f.CSAT.Score, on)
		case f.CSAT.Score == 3:
			add(HealthMiddlingCSAT, "CSAT %d/5 on %s", f.CSAT.Score, on)
		}
	}
	if !f.NPS.At.IsZero() && recent(f.NPS.At, clock) && f.NPS.Score <= 6 {
		add(HealthDetractor, "NPS %d/10 on %s (detractor)", f.NPS.Score, clock.DateOf(f.NPS.At).Short(today))
	}
	switch c := f.Contract; {
	case !c.InForce:
		add(HealthNoContract, "no contract in force")
	case !c.Renewing && today.DaysUntil(c.End) <= HealthRenewalWindow:
		add(HealthRenewalAtRisk, "contract ends %s, no renewal in progress", inDays(today.DaysUntil(c.End)))
	}
	// Most costly first; the order above breaks ties.
	slices.SortStableFunc(reasons, func(a, b HealthReason) int { return a.Points - b.Points })
	score := 100
	for _, r := range reasons {
		score += r.Points
	}
	if reasons == nil {
		reasons = []HealthReason{}
	}
	return Health{Score: max(0, min(100, score)), Reasons: reasons}, true
}

// checkInReason takes points off for a check-in past due.
func checkInReason(a Account, clock Clock, add func(int, string, ...any)) {
	today := clock.Today()
	due := a.CheckInDue(clock.Loc)
	if due.IsZero() {
		return
	}
	late := due.DaysUntil(today)
	if late <= 0 {
		return
	}
	limit := a.CadenceDays
	if !a.NextCheckIn.IsZero() || limit <= 0 {
		limit = 30
	}
	points := HealthCheckInLate
	if late > limit {
		points = HealthCheckInVeryLate
	}
	switch {
	case !a.NextCheckIn.IsZero():
		add(points, "check-in set for %s is %dd late", due.Short(today), late)
	case a.LastTouchAt.IsZero():
		add(points, "never touched, cadence %dd (due %s)", a.CadenceDays, due.Short(today))
	default:
		add(points, "last touch %dd ago, cadence %dd", a.cadenceStart(clock.Loc).DaysUntil(today), a.CadenceDays)
	}
}

// issueReasons takes points off for every open issue, one reason per
// severity.
func issueReasons(o OpenIssues, now time.Time, add func(int, string, ...any)) {
	weights := [4]int{0, HealthNormalIssue, HealthHighIssue, HealthUrgentIssue}
	for r := len(o.Count) - 1; r >= 0; r-- {
		n := o.Count[r]
		if n == 0 || weights[r] == 0 {
			continue
		}
		age := int(now.Sub(o.Oldest[r]) / (24 * time.Hour))
		if n == 1 {
			add(n*weights[r], "1 %s issue open %dd", Severities[r], age)
		} else {
			add(n*weights[r], "%d %s issues open, oldest %dd", n, Severities[r], age)
		}
	}
}

// recent reports whether a survey answer is within the window that
// counts.
func recent(at time.Time, clock Clock) bool {
	return clock.DateOf(at).DaysUntil(clock.Today()) <= surveyWindow
}

// inDays says a number of days ahead: "today", "in 1d", "in 12d".
func inDays(n int) string {
	if n == 0 {
		return "today"
	}
	return fmt.Sprintf("in %dd", n)
}
