package interchange

import (
	"fmt"
	"slices"
	"strings"

	"rolo/model"
)

// parseDealKind reads a deal type: HubSpot's newbusiness/existingbusiness,
// Salesforce's "New Customer", "Existing Customer - Upgrade", or rolo's own.
func parseDealKind(s string) (model.DealKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch {
	case k == "":
		return model.NewBusiness, nil
	case strings.Contains(k, "renew"):
		return model.Renewal, nil
	case strings.Contains(k, "new"):
		return model.NewBusiness, nil
	case containsAny(k, "existing", "expansion", "upsell", "upgrade", "cross", "add-on", "addon", "downgrade", "replacement"):
		return model.Expansion, nil
	}
	return "", fmt.Errorf("%q is not new business, expansion or renewal", s)
}

// parseLeadSource reads where a deal came from; a source rolo has no word
// for is "other".
func parseLeadSource(s string) (model.Source, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch {
	case k == "":
		return "", nil
	case containsAny(k, "referr", "partner", "word of mouth"):
		return model.SourceReferral, nil
	case containsAny(k, "cold", "purchased list", "outbound", "prospecting"):
		return model.SourceColdCall, nil
	case containsAny(k, "email"):
		return model.SourceEmail, nil
	case containsAny(k, "social", "linkedin", "twitter", "facebook"):
		return model.SourceSocial, nil
	case containsAny(k, "seminar", "trade show", "event", "conference", "webinar"):
		return model.SourceEvent, nil
	case containsAny(k, "web", "inbound", "phone inquiry", "advertis", "search", "organic", "direct", "public relations"):
		return model.SourceInbound, nil
	}
	return model.SourceOther, nil
}

// parseActivityKind reads an activity type (Pipedrive's call, meeting,
// task, deadline, email, lunch; or rolo's own).
func parseActivityKind(s string) (model.ActivityKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch {
	case k == "call" || containsAny(k, "phone", "call"):
		return model.Call, nil
	case containsAny(k, "mail"):
		return model.Email, nil
	case containsAny(k, "meeting", "lunch", "demo", "visit", "video"):
		return model.Meeting, nil
	case containsAny(k, "check-in", "checkin", "check in"):
		return model.CheckIn, nil
	case containsAny(k, "task", "deadline", "to do", "todo", "follow"):
		return model.Task, nil
	case containsAny(k, "note", "comment"), k == "":
		return model.Note, nil
	}
	return "", fmt.Errorf("%q is not a call, email, meeting, note, check-in or task", s)
}

// parseSeverity reads a support issue's severity or priority.
func parseSeverity(s string) (model.Severity, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch k {
	case "":
		return model.SevNormal, nil
	case "low", "minor", "p4", "4":
		return model.SevLow, nil
	case "normal", "medium", "moderate", "p3", "3":
		return model.SevNormal, nil
	case "high", "major", "p2", "2":
		return model.SevHigh, nil
	case "urgent", "critical", "blocker", "p1", "1", "p0":
		return model.SevUrgent, nil
	}
	return "", fmt.Errorf("%q is not low, normal, high or urgent", s)
}

// parseChannel reads what acquisition money went on, onto rolo's spend
// channels: a channel's own name (any case, "referral-fees"), else the
// words survey and ad tools use for it ("LinkedIn ads" is ads, "Trade
// show" events, "Partner bonus" referral fees, "CRM licence" tools);
// anything else is other, as the metrics migration does for old rows.
func parseChannel(s string) model.SpendChannel {
	k := strings.Join(strings.FieldsFunc(strings.ToLower(s), isSeparator), " ")
	for _, c := range model.SpendChannels {
		if k == string(c) {
			return c
		}
	}
	switch {
	case containsAny(k, "referr", "partner", "affiliate", "commission", "finder"):
		return model.ChannelReferralFees
	case containsAny(k, "event", "conference", "trade show", "tradeshow", "seminar", "webinar", "booth", "expo", "meetup"):
		return model.ChannelEvents
	case containsAny(k, "tool", "software", "licen", "subscription", "saas", "crm", "data", "list", "email"):
		return model.ChannelTools
	case slices.Contains(strings.Fields(k), "ads") || slices.Contains(strings.Fields(k), "ad") ||
		containsAny(k, "advert", "paid", "ppc", "sponsor", "social", "linkedin", "facebook", "google", "search", "display"):
		return model.ChannelAds
	}
	return model.ChannelOther
}

// isSeparator is what may stand for the space in a channel's name.
func isSeparator(r rune) bool { return r == ' ' || r == '-' || r == '_' }
