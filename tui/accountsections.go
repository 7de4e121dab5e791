package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// The account page's sections, each a table over its paged list.

// sectionView draws the section on top in rows lines (plus its column
// titles).
func (v *accountView) sectionView(rows int) []string {
	switch v.section {
	case secContacts:
		return drawSection(v, v.contacts, v.contactColumns(), rows, "No contacts yet — C adds one.")
	case secDeals:
		return drawSection(v, v.deals, v.dealColumns(), rows, "No deals yet — n starts one.")
	case secIssues:
		return drawSection(v, v.issues, v.issueColumns(), rows, "No support issues — i opens one.")
	case secSurveys:
		return drawSection(v, v.surveys, v.surveyColumns(), rows, "No answers yet — s records a CSAT or NPS answer.")
	case secContracts:
		return drawSection(v, v.contracts, v.contractColumns(), rows, "No contracts — T starts one.")
	}
	return drawSection(v, v.timeline, v.timelineColumns(), rows, "Nothing yet — c logs a check-in, l any touch.")
}

func drawSection[T any](v *accountView, l *pagedList[T], cols []column[T], rows int, empty string) []string {
	st := v.ctx.styles
	if s := l.state(strings.ToLower(sectionNames[v.section])); s != "" {
		return []string{s}
	}
	widths := tableWidths(&v.layouts[v.section], cols, l, v.width-1)
	lines := []string{st.TableHead.Render(pad(" "+tableHeader(cols, widths, -1, false), v.width))}
	if l.total == 0 {
		return append(lines, st.Subtle.Render(" "+empty))
	}
	return append(lines, l.draw(rows, v.width, func(r T, selected bool) []string {
		return []string{tableRow(st, cols, widths, r, selected, v.width)}
	})...)
}

func (v *accountView) timelineColumns() []column[model.TimelineEntry] {
	clock := v.ctx.clock
	st := v.ctx.styles
	return []column[model.TimelineEntry]{
		{title: "When", min: 10, text: func(e model.TimelineEntry) string {
			if e.Due() {
				return "due " + e.Day.Short(clock.Today())
			}
			return e.Date(clock).Short(clock.Today())
		}, style: func(e model.TimelineEntry) lipgloss.Style {
			if e.Due() && e.Day.Before(clock.Today()) {
				return st.Danger
			}
			return st.Subtle
		}},
		{title: "What", min: 8, text: func(e model.TimelineEntry) string { return e.Label() }},
		{title: "Entry (enter reads it in full)", min: 20, flex: true, text: func(e model.TimelineEntry) string { return model.Clean(e.Summary()) }},
	}
}

func (v *accountView) contactColumns() []column[model.Contact] {
	subtle := func(model.Contact) lipgloss.Style { return v.ctx.styles.Subtle }
	return []column[model.Contact]{
		{title: "Name", min: 12, max: 32, text: func(c model.Contact) string { return model.Clean(c.Name) }},
		{title: "Title", min: 8, max: 28, keep: 2, text: func(c model.Contact) string { return model.Clean(c.Title) }, style: subtle},
		{title: "Phone", min: 8, max: 20, keep: 4, text: func(c model.Contact) string { return model.Clean(c.Phone) }},
		{title: "Email", min: 10, flex: true, keep: 3, text: func(c model.Contact) string { return model.Clean(c.Email) }},
	}
}

func (v *accountView) dealColumns() []column[model.Deal] {
	today := v.ctx.clock.Today()
	st := v.ctx.styles
	return []column[model.Deal]{
		{title: "Deal", min: 16, max: 48, flex: true, text: shortTitle},
		{title: "Kind", min: 4, keep: 1, text: func(d model.Deal) string { return string(d.Kind) }, style: func(model.Deal) lipgloss.Style { return st.Subtle }},
		{title: "Stage", min: 8, text: func(d model.Deal) string {
			switch d.Status {
			case model.Won:
				return "won " + v.ctx.clock.DateOf(d.ClosedAt).Short(today)
			case model.Lost:
				return "lost " + v.ctx.clock.DateOf(d.ClosedAt).Short(today)
			}
			return v.ctx.stageName(d.StageID)
		}, style: func(d model.Deal) lipgloss.Style {
			switch d.Status {
			case model.Won:
				return st.Success
			case model.Lost:
				return st.Faint
			}
			return st.App
		}},
		{title: "Value", right: true, min: 6, text: func(d model.Deal) string { return d.Value.Short() }},
		{title: "Next step", min: 10, max: 40, flex: true, keep: 2, text: func(d model.Deal) string {
			switch {
			case d.Status == model.Lost:
				return model.Clean(d.LostReason)
			case d.Status == model.Won:
				return ""
			case d.NextStep == "":
				return "∅ none"
			}
			return model.Clean(d.NextStep) + " · " + dueText(d.NextDue, today)
		}, style: func(d model.Deal) lipgloss.Style {
			if d.NextStepState(today) == model.NextOverdue && d.Status == model.Open {
				return st.Danger
			}
			return st.Subtle
		}},
	}
}

func (v *accountView) issueColumns() []column[model.SupportIssue] {
	clock := v.ctx.clock
	st := v.ctx.styles
	return []column[model.SupportIssue]{
		{title: "Severity", min: 6, text: func(i model.SupportIssue) string { return string(i.Severity) },
			style: func(i model.SupportIssue) lipgloss.Style { return severityStyle(st, i) }},
		{title: "Issue", min: 16, max: 48, flex: true, text: func(i model.SupportIssue) string { return model.Clean(i.Title) }},
		{title: "Opened", min: 6, keep: 2, text: func(i model.SupportIssue) string { return clock.DateOf(i.OpenedAt).Short(clock.Today()) },
			style: func(model.SupportIssue) lipgloss.Style { return st.Subtle }},
		{title: "State", min: 8, text: func(i model.SupportIssue) string {
			if i.Open() {
				return "open " + ago(i.OpenedAt, clock.Now())
			}
			return "resolved " + clock.DateOf(i.ResolvedAt).Short(clock.Today())
		}, style: func(i model.SupportIssue) lipgloss.Style { return severityStyle(st, i) }},
		{title: "Resolution", min: 10, max: 48, flex: true, keep: 1, text: func(i model.SupportIssue) string { return model.Clean(i.Resolution) },
			style: func(model.SupportIssue) lipgloss.Style { return st.Subtle }},
	}
}

// severityStyle colours an open issue by severity; resolved ones are
// faint.
func severityStyle(st Styles, i model.SupportIssue) lipgloss.Style {
	switch {
	case !i.Open():
		return st.Faint
	case i.Severity == model.SevUrgent:
		return st.Danger
	case i.Severity == model.SevHigh:
		return st.Warning
	}
	return st.App
}

func (v *accountView) surveyColumns() []column[store.SurveyRow] {
	clock := v.ctx.clock
	st := v.ctx.styles
	return []column[store.SurveyRow]{
		{title: "Date", min: 6, text: func(s store.SurveyRow) string { return clock.DateOf(s.At).Short(clock.Today()) },
			style: func(store.SurveyRow) lipgloss.Style { return st.Subtle }},
		{title: "Answer", min: 9, text: func(s store.SurveyRow) string { return surveyTitle(s.Survey) },
			style: func(s store.SurveyRow) lipgloss.Style { return scoreStyle(st, s.Survey) }},
		{title: "From", min: 8, max: 24, keep: 2, text: func(s store.SurveyRow) string { return model.Clean(s.ContactName) }},
		{title: "Comment", min: 12, flex: true, text: func(s store.SurveyRow) string { return model.Clean(s.Comment) }},
	}
}

// scoreStyle colours an answer: detractors and low CSAT red, middling
// amber, good green.
func scoreStyle(st Styles, s model.Survey) lipgloss.Style {
	low, mid := 2, 3
	if s.Kind == model.NPS {
		low, mid = 6, 8
	}
	switch {
	case s.Score <= low:
		return st.Danger
	case s.Score <= mid:
		return st.Warning
	}
	return st.Success
}

func surveyTitle(s model.Survey) string {
	if s.Kind == model.NPS {
		return fmt.Sprintf("NPS %d/10", s.Score)
	}
	return fmt.Sprintf("CSAT %d/5", s.Score)
}

// surveyText is an answer in full, for reading.
func surveyText(s store.SurveyRow, clock model.Clock) string {
	lines := []string{clock.DateOf(s.At).Long(clock.Today()) + " · " + surveyTitle(s.Survey)}
	if s.ContactName != "" {
		lines = append(lines, "From: "+s.ContactName)
	}
	if s.Comment != "" {
		lines = append(lines, "", s.Comment)
	}
	return strings.Join(lines, "\n")
}

func (v *accountView) contractColumns() []column[model.Contract] {
	today := v.ctx.clock.Today()
	st := v.ctx.styles
	return []column[model.Contract]{
		{title: "Start", min: 6, text: func(c model.Contract) string { return c.Start.Short(today) }},
		{title: "End", min: 6, text: func(c model.Contract) string { return c.End.Short(today) }},
		{title: "Per year", right: true, min: 8, text: func(c model.Contract) string { return c.Value.Short() }},
		{title: "Status", min: 7, text: func(c model.Contract) string {
			if c.Status == model.ContractActive && !c.Start.After(today) && !c.End.Before(today) {
				return "in force"
			}
			return string(c.Status)
		}, style: func(c model.Contract) lipgloss.Style {
			if c.Status == model.ContractChurned {
				return st.Danger
			}
			return st.App
		}},
		{title: "Terms", min: 10, flex: true, keep: 2, text: func(c model.Contract) string { return contractTerms(c) },
			style: func(model.Contract) lipgloss.Style { return st.Subtle }},
	}
}

// contractTerms is "notice 30d · auto-renews · renews #12 · from deal 7".
func contractTerms(c model.Contract) string {
	parts := []string{fmt.Sprintf("notice %dd", c.NoticeDays)}
	if c.AutoRenew {
		parts = append(parts, "auto-renews")
	}
	if c.RenewsID != 0 {
		parts = append(parts, fmt.Sprintf("renews #%d", c.RenewsID))
	}
	if c.DealID != 0 {
		parts = append(parts, fmt.Sprintf("from deal %d", c.DealID))
	}
	return strings.Join(parts, " · ")
}

// capitalize upper-cases the first letter: "call" → "Call".
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// endsIn says when something ends: "ends today", "ends in 34d", "ended
// 3d ago".
func endsIn(days int) string {
	switch {
	case days == 0:
		return "ends today"
	case days < 0:
		return fmt.Sprintf("ended %dd ago", -days)
	}
	return fmt.Sprintf("ends in %dd", days)
}

// checkInText says when a check-in is due against today: "in 4d",
// "today", "5d late".
func checkInText(due, today model.Date) string {
	switch days := today.DaysUntil(due); {
	case due.IsZero():
		return "—"
	case days == 0:
		return "today"
	case days < 0:
		return fmt.Sprintf("%dd late", -days)
	default:
		return fmt.Sprintf("in %dd", days)
	}
}

// statusStyle colours an account's status.
func statusStyle(st Styles, s model.AccountStatus) lipgloss.Style {
	switch s {
	case model.Customer:
		return st.Success
	case model.Churned:
		return st.Faint
	}
	return st.Accent
}

// mainReason is the reason that cost a health score most, as every list
// shows it: "−25 last touch 41d ago, cadence 30d", or "✓ nothing wrong".
func mainReason(h model.Health) string {
	if len(h.Reasons) == 0 {
		return "✓ nothing wrong"
	}
	return signed(h.Main().Points) + " " + model.Clean(h.Main().Why)
}

// healthStyle colours a health score: under 50 red, at risk (under 75)
// amber.
func healthStyle(st Styles, score int) lipgloss.Style {
	switch {
	case score < 50:
		return st.Danger
	case score < model.AtRiskBelow:
		return st.Warning
	}
	return st.Success
}
