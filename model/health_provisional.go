package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// ProvisionalHealth is a stand-in until the account manager's health
// score (issue 8) lands: the Renewals review needs a health and its main
// reason per row, and the lead keeps one implementation at merge. It is
// explainable the same way — 100 minus documented points, each with the
// reason it was taken — so the review's "at risk" figure can move to the
// real score by swapping this one call (store/renewals.go, healthOf).
//
// Points (README, "Definitions"):
//   - last touch older than the account's cadence: −15; older than twice
//     the cadence, or never touched: −25 (no cadence: no points);
//   - open support issues: −20 each urgent, −10 each high, −3 each other,
//     at most −40 together;
//   - latest CSAT 1–2: −15, 3: −5; latest NPS 0–6: −10, 7–8: −5;
//   - the contract ends within 30 days (or has ended) with no renewal in
//     progress (no open renewal deal): −15.
//
// The score is 100 plus the points, between 0 and 100.
func ProvisionalHealth(f HealthFacts, now time.Time, today Date) Health {
	h := Health{Score: 100}
	take := func(points int, why string, args ...any) {
		h.Reasons = append(h.Reasons, HealthReason{Points: points, Why: fmt.Sprintf(why, args...)})
		h.Score += points
	}
	if f.CadenceDays > 0 {
		switch {
		case f.LastTouch.IsZero():
			take(-25, "never touched, cadence %dd", f.CadenceDays)
		default:
			days := int(now.Sub(f.LastTouch) / (24 * time.Hour))
			switch {
			case days > 2*f.CadenceDays:
				take(-25, "last touch %dd ago, cadence %dd", days, f.CadenceDays)
			case days > f.CadenceDays:
				take(-15, "last touch %dd ago, cadence %dd", days, f.CadenceDays)
			}
		}
	}
	if n := f.UrgentIssues + f.HighIssues + f.OtherIssues; n > 0 {
		points := max(-40, -20*f.UrgentIssues-10*f.HighIssues-3*f.OtherIssues)
		var parts []string
		for _, p := range []struct {
			n    int
			what string
		}{{f.UrgentIssues, "urgent"}, {f.HighIssues, "high"}, {f.OtherIssues, "other"}} {
			if p.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
			}
		}
		noun := "issues"
		if n == 1 {
			noun = "issue"
		}
		take(points, "%s %s open", strings.Join(parts, ", "), noun)
	}
	switch {
	case f.CSAT >= 1 && f.CSAT <= 2:
		take(-15, "CSAT %d/5 on %s", f.CSAT, f.CSATOn.Short(today))
	case f.CSAT == 3:
		take(-5, "CSAT 3/5 on %s", f.CSATOn.Short(today))
	}
	switch {
	case f.HasNPS && f.NPS <= 6:
		take(-10, "NPS %d (detractor) on %s", f.NPS, f.NPSOn.Short(today))
	case f.HasNPS && f.NPS <= 8:
		take(-5, "NPS %d (passive) on %s", f.NPS, f.NPSOn.Short(today))
	}
	if !f.ContractEnd.IsZero() && !f.RenewalInProgress {
		switch left := today.DaysUntil(f.ContractEnd); {
		case left < 0:
			take(-15, "contract ended %dd ago, no renewal in progress", -left)
		case left <= 30:
			take(-15, "contract ends in %dd, no renewal in progress", left)
		}
	}
	h.Score = max(0, min(100, h.Score))
	sort.SliceStable(h.Reasons, func(i, j int) bool { return h.Reasons[i].Points < h.Reasons[j].Points })
	return h
}

// AtRiskBelow is the health score under which a renewal is at risk (the
// Renewals header's "at risk").
const AtRiskBelow = 70

// HealthFacts are what a health score is computed from.
type HealthFacts struct {
	LastTouch   time.Time // latest done activity on the account; zero if never
	CadenceDays int       // days between check-ins the customer expects; 0 = none
	// Open support issues by severity.
	UrgentIssues, HighIssues, OtherIssues int
	CSAT                                  int // latest CSAT answer 1–5, 0 if none
	CSATOn                                Date
	NPS                                   int // latest NPS answer 0–10 when HasNPS
	HasNPS                                bool
	NPSOn                                 Date
	ContractEnd                           Date // the contract up for renewal; zero if none
	RenewalInProgress                     bool // an open renewal deal is working it
}

// HealthReason is one component of a score: the points it took and why.
type HealthReason struct {
	Points int
	Why    string
}

// Health is a score from 0 to 100 and the reasons for every point taken,
// largest first.
type Health struct {
	Score   int
	Reasons []HealthReason
}

// AtRisk reports a score below AtRiskBelow.
func (h Health) AtRisk() bool { return h.Score < AtRiskBelow }

// Main is the reason that took the most points, or "healthy".
func (h Health) Main() string {
	if len(h.Reasons) == 0 {
		return "healthy"
	}
	return h.Reasons[0].Why
}
