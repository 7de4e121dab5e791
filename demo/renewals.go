package demo

import (
	"time"

	"rolo/model"
	"rolo/store"
)

// writeRenewalAtRisk gives the first customer whose contract ends this
// week an urgent support issue opened three days ago and a poor CSAT
// answer yesterday, so the renewal review has a renewal at risk to show.
// It draws no random numbers: the rest of the book is as it would be.
func (g *gen) writeRenewalAtRisk(b *store.Bulk, p *acctPlan) error {
	if p.status != model.Customer || p.bucket != endsThisWeek || g.riskShown {
		return nil
	}
	g.riskShown = true
	opened := g.today.AddDays(-3).Start(g.loc).Add(10 * time.Hour).UTC()
	issue := model.SupportIssue{AccountID: g.a.id, Title: "Nightly exports fail since the upgrade", Severity: model.SevUrgent, OpenedAt: opened}
	if err := issue.Validate(); err != nil {
		return invalid("support issue", err)
	}
	if _, err := b.Issue(issue); err != nil {
		return err
	}
	g.sum.Issues++
	answered := earlierOf(g.now.Add(-26*time.Hour), opened.Add(26*time.Hour))
	sv := model.Survey{AccountID: g.a.id, Kind: model.CSAT, Score: 2,
		Comment: "Still waiting on a fix for the exports; we are reviewing our options.", At: answered}
	if len(g.contacts) > 0 {
		sv.ContactID = g.contactID(0)
	}
	if err := sv.Validate(); err != nil {
		return invalid("survey response", err)
	}
	if _, err := b.Survey(sv); err != nil {
		return err
	}
	g.sum.Surveys++
	g.a.serviceTouch = laterOf(g.a.serviceTouch, answered) // an answer touches the account
	return nil
}
