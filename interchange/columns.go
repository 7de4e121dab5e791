package interchange

import (
	"strings"
	"sync"

	"rolo/model"
)

// The keys a column can feed. --map COLUMN=KEY names them; most are a
// rolo field, a few help build one (first_name + last_name → name).
const (
	kID           = "id"
	kName         = "name"
	kFirstName    = "first_name"
	kLastName     = "last_name"
	kAccount      = "account"
	kAccountID    = "account_id"
	kContact      = "contact"
	kContactID    = "contact_id"
	kContactEmail = "contact_email"
	kContactPhone = "contact_phone"
	kDeal         = "deal"
	kDealID       = "deal_id"
	kTitle        = "title"
	kEmail        = "email"
	kPhone        = "phone"
	kStatus       = "status"
	kLifecycle    = "lifecycle"
	kTier         = "tier"
	kIndustry     = "industry"
	kWebsite      = "website"
	kCadence      = "cadence"
	kNotes        = "notes"
	kSince        = "customer_since"
	kCreated      = "created"
	kStage        = "stage"
	kValue        = "value"
	kCurrency     = "currency"
	kProbability  = "probability"
	kClose        = "close"
	kClosed       = "closed"
	kWonTime      = "won_time"
	kLostTime     = "lost_time"
	kKind         = "kind"
	kSource       = "source"
	kNextStep     = "next_step"
	kNextDue      = "next_due"
	kLostReason   = "lost_reason"
	kLastTouch    = "last_touch"
	kText         = "text"
	kAt           = "at"
	kDue          = "due"
	kDone         = "done"
	kDueTime      = "due_time"
	kStart        = "start"
	kEnd          = "end"
	kAutoRenew    = "auto_renew"
	kNoticeDays   = "notice_days"
	kChurnReason  = "churn_reason"
	kSeverity     = "severity"
	kOpened       = "opened"
	kResolved     = "resolved"
	kScore        = "score"
	kNPS          = "nps"
	kCSAT         = "csat"
	kComment      = "comment"
	kDate         = "date"
	kChannel      = "channel"
)

// normHeader folds a header for matching: case, spacing, _ and -, a
// trailing required-marker "*".
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	h = strings.TrimRight(strings.TrimSpace(h), "*?:")
	h = strings.NewReplacer("_", " ", "–", "-").Replace(strings.ToLower(h))
	return strings.Join(strings.Fields(h), " ")
}

// aliases maps folded header names to keys, per kind, for files in no
// particular shape (and as the fallback for the known tools). Built on
// first use so that commands other than import do not pay for it at start.
var aliases = sync.OnceValue(func() map[model.RecordKind]map[string]string {
	return map[model.RecordKind]map[string]string{
		model.KindAccount: words(map[string][]string{
			kID:     {"id", "record id", "external id", "account id", "company id"},
			kName:   {"name", "account", "account name", "company", "company name", "organization", "organisation", "organization name"},
			kStatus: {"status", "account status"}, kTier: {"tier", "segment"}, kIndustry: {"industry", "sector"},
			kWebsite:   {"website", "web", "url", "domain", "company domain name", "website url", "web site"},
			kCadence:   {"cadence", "cadence days", "check-in every", "check in days"},
			kNotes:     {"notes", "note", "description"},
			kSince:     {"customer since", "became a customer date"},
			kCreated:   {"created", "created at", "create date", "created date", "created on"},
			kLifecycle: {"lifecycle stage", "lifecycle"}, kChurnReason: {"churn reason"},
			kLastTouch: {"last activity date", "last touch", "last activity"},
		}),
		model.KindContact: words(map[string][]string{
			kID:        {"id", "record id", "external id", "contact id"},
			kName:      {"name", "full name", "contact", "contact name", "person", "person name"},
			kFirstName: {"first name", "given name", "firstname"}, kLastName: {"last name", "surname", "family name", "lastname"},
			kAccount:   {"account", "account name", "company", "company name", "organization", "organisation", "associated company"},
			kAccountID: {"account id", "company id", "primary associated company id", "associated company ids (primary)", "associated company ids"},
			kTitle:     {"title", "job title", "position", "role"},
			kEmail:     {"email", "email address", "e-mail", "e-mail address", "work email"},
			kPhone:     {"phone", "phone number", "mobile", "mobile phone number", "telephone", "tel", "work phone"},
			kNotes:     {"notes", "note", "description"},
			kCreated:   {"created", "created at", "create date", "created date"},
		}),
		model.KindDeal: words(map[string][]string{
			kID:           {"id", "record id", "external id", "deal id", "opportunity id"},
			kTitle:        {"title", "deal", "deal name", "deal title", "name", "opportunity", "opportunity name"},
			kAccount:      {"account", "account name", "company", "company name", "organization", "organisation", "associated company", "associated company (primary)"},
			kAccountID:    {"account id", "company id", "associated company ids (primary)", "associated company ids", "associated company id"},
			kContact:      {"contact", "contact name", "person", "associated contact", "contact person"},
			kContactEmail: {"contact email", "email"},
			kStage:        {"stage", "deal stage", "pipeline stage", "stage name"},
			kStatus:       {"status", "deal status", "outcome", "state"},
			kValue:        {"value", "amount", "deal value", "deal amount", "size"},
			kCurrency:     {"currency", "currency code", "deal currency code", "amount currency", "opportunity currency"},
			kProbability:  {"probability", "probability (%)", "probability %", "win probability"},
			kClose:        {"close date", "expected close", "expected close date", "close", "closing date"},
			kClosed:       {"closed", "closed at", "closed on", "closed date", "date closed"},
			kWonTime:      {"won date", "won time", "won at"}, kLostTime: {"lost date", "lost time", "lost at"},
			kCreated:  {"created", "created at", "create date", "created date", "deal created"},
			kKind:     {"kind", "type", "deal type", "opportunity type"},
			kSource:   {"source", "lead source", "deal source"},
			kNextStep: {"next step"}, kNextDue: {"next step due", "next due", "next activity date", "follow up"},
			kLostReason: {"lost reason", "loss reason", "closed lost reason", "reason lost"},
			kNotes:      {"notes", "note", "description", "deal description"},
			kLastTouch:  {"last activity date", "last activity", "last touch"},
		}),
		model.KindActivity: words(map[string][]string{
			kID:           {"id", "record id", "external id", "activity id"},
			kAccount:      {"account", "account name", "company", "company name", "organization", "organisation"},
			kAccountID:    {"account id", "company id"},
			kDeal:         {"deal", "deal title", "deal name", "opportunity", "opportunity name"},
			kDealID:       {"deal id", "opportunity id"},
			kContact:      {"contact", "contact name", "person"},
			kContactEmail: {"contact email", "email"},
			kKind:         {"kind", "type", "activity type", "activity"},
			kText:         {"text", "subject", "summary", "description", "details", "body"},
			kNotes:        {"note", "notes"},
			kAt:           {"at", "date", "when", "done at", "completed at", "completed on", "time", "timestamp", "activity date"},
			kDue:          {"due", "due date", "due on"},
			kDueTime:      {"due time"},
			kDone:         {"done", "completed", "is done"},
		}),
		model.KindContract: words(map[string][]string{
			kID:          {"id", "record id", "external id", "contract id"},
			kAccount:     {"account", "account name", "company", "company name", "customer", "organization"},
			kAccountID:   {"account id", "company id"},
			kDeal:        {"deal", "deal title"},
			kValue:       {"value", "amount", "value per year", "arr", "annual value", "yearly value", "acv", "annual contract value"},
			kCurrency:    {"currency", "currency code"},
			kStart:       {"start", "start date", "starts", "begins", "contract start date"},
			kEnd:         {"end", "end date", "ends", "expires", "expiry", "expiry date", "contract end date"},
			kAutoRenew:   {"auto renew", "auto-renew", "auto renewal", "autorenew", "renews automatically"},
			kNoticeDays:  {"notice", "notice days", "notice period", "notice period days"},
			kStatus:      {"status", "contract status"},
			kChurnReason: {"churn reason"},
		}),
		model.KindIssue: words(map[string][]string{
			kID:        {"id", "record id", "external id", "ticket id", "issue id", "ticket"},
			kAccount:   {"account", "account name", "company", "company name", "customer", "organization"},
			kAccountID: {"account id", "company id"},
			kTitle:     {"title", "subject", "summary", "issue"},
			kSeverity:  {"severity", "priority"},
			kOpened:    {"opened", "opened at", "created", "created at", "create date", "date opened"},
			kResolved:  {"resolved", "resolved at", "closed at", "date resolved", "solved at"},
			kStatus:    {"status", "state"},
		}),
		model.KindSurvey: words(map[string][]string{
			kID:           {"id", "record id", "external id", "response id"},
			kKind:         {"kind", "survey", "survey type", "type", "question"},
			kScore:        {"score", "rating", "answer", "response"},
			kNPS:          {"nps", "nps score", "likelihood to recommend", "how likely are you to recommend us"},
			kCSAT:         {"csat", "csat score", "satisfaction", "satisfaction score"},
			kAt:           {"date", "at", "submitted", "submitted at", "responded at", "response date", "created", "created at", "timestamp"},
			kContactEmail: {"email", "respondent email", "customer email", "email address", "contact email"},
			kAccount:      {"account", "account name", "company", "company name", "organization", "customer"},
			kComment:      {"comment", "comments", "feedback", "reason", "verbatim"},
		}),
		model.KindSpend: words(map[string][]string{
			kID:       {"id", "record id", "external id"},
			kDate:     {"date", "month", "day", "spent on"},
			kValue:    {"amount", "spend", "cost", "value", "total"},
			kCurrency: {"currency", "currency code"},
			kChannel:  {"channel", "source", "category"},
			kNotes:    {"note", "notes", "description", "memo"},
		}),
	}
})

// words turns key → header names into folded header → key.
func words(m map[string][]string) map[string]string {
	out := map[string]string{}
	for key, hs := range m {
		for _, h := range hs {
			out[normHeader(h)] = key
		}
	}
	return out
}

// sourceAliases are the headers of the known tools' exports, checked
// before the generic names; see the README for where they come from.
var sourceAliases = sync.OnceValue(func() map[Source]map[model.RecordKind]map[string]string {
	return map[Source]map[model.RecordKind]map[string]string{
		HubSpot: {
			model.KindAccount: words(map[string][]string{kID: {"record id"}, kName: {"company name", "name"},
				kWebsite: {"company domain name", "website url"}, kLifecycle: {"lifecycle stage"}, kCreated: {"create date"},
				kLastTouch: {"last activity date"}}),
			model.KindContact: words(map[string][]string{kID: {"record id"}, kFirstName: {"first name"}, kLastName: {"last name"},
				kEmail: {"email"}, kPhone: {"phone number", "mobile phone number"}, kTitle: {"job title"},
				kAccount: {"associated company", "company name"}, kCreated: {"create date"},
				kAccountID: {"primary associated company id", "associated company ids (primary)", "associated company ids"}}),
			model.KindDeal: words(map[string][]string{kID: {"record id"}, kTitle: {"deal name"}, kStage: {"deal stage"},
				kClose: {"close date"}, kValue: {"amount"}, kCurrency: {"deal currency code", "currency"}, kCreated: {"create date"},
				kAccount:   {"associated company", "associated company (primary)"},
				kAccountID: {"associated company ids (primary)", "associated company ids", "associated company id"},
				kContact:   {"associated contact"}, kKind: {"deal type"}, kLostReason: {"closed lost reason"},
				kNotes: {"deal description"}, kNextStep: {"next step"}, kLastTouch: {"last activity date"}}),
		},
		Pipedrive: {
			model.KindAccount: words(map[string][]string{kID: {"organization - id", "organisation - id"},
				kName: {"organization - name", "organisation - name"}, kWebsite: {"organization - website"},
				kIndustry: {"organization - industry"}, kCreated: {"organization - add time", "organization - organization created"},
				kLastTouch: {"organization - last activity date"}}),
			model.KindContact: words(map[string][]string{kID: {"person - id"}, kName: {"person - name"},
				kFirstName: {"person - first name"}, kLastName: {"person - last name"},
				kAccount:   {"person - organization", "person - organisation", "organization - name", "organisation - name"},
				kAccountID: {"organization - id", "organisation - id"},
				kEmail:     {"person - email", "person - email - work", "person - email - home", "person - email - other"},
				kPhone:     {"person - phone", "person - phone - work", "person - phone - mobile", "person - phone - home", "person - phone - other"},
				kTitle:     {"person - job title", "person - position"}, kCreated: {"person - add time", "person - person created"}}),
			model.KindDeal: words(map[string][]string{kID: {"deal - id"}, kTitle: {"deal - title"}, kValue: {"deal - value"},
				kCurrency: {"deal - currency", "deal - currency of value"}, kStage: {"deal - stage"}, kStatus: {"deal - status"},
				kClose: {"deal - expected close date"}, kProbability: {"deal - probability"},
				kCreated: {"deal - deal created", "deal - add time", "deal - creation date", "deal - deal created on"},
				kWonTime: {"deal - won time"}, kLostTime: {"deal - lost time"},
				kClosed:     {"deal - deal closed on", "deal - closed on", "deal - close time"},
				kLostReason: {"deal - lost reason"}, kNextDue: {"deal - next activity date"}, kSource: {"deal - source", "deal - source origin"},
				kAccount:   {"organization - name", "organisation - name", "deal - organization", "deal - organisation", "organization"},
				kAccountID: {"organization - id", "organisation - id"},
				kContact:   {"person - name", "deal - contact person", "contact person"}, kContactID: {"person - id"},
				kContactEmail: {"person - email", "person - email - work", "person - email - home", "person - email - other"},
				kContactPhone: {"person - phone", "person - phone - work", "person - phone - mobile"},
				kLastTouch:    {"deal - last activity date"}, kNotes: {"deal - notes"}}),
			model.KindActivity: words(map[string][]string{kID: {"activity - id"}, kText: {"activity - subject"},
				kKind: {"activity - type"}, kDue: {"activity - due date"}, kDueTime: {"activity - due time"}, kDone: {"activity - done"},
				kAt: {"activity - marked as done time", "activity - done time"}, kNotes: {"activity - note"},
				kDealID: {"deal - id"}, kDeal: {"deal - title", "activity - deal"},
				kAccount:   {"organization - name", "organisation - name", "activity - organization", "activity - organisation"},
				kAccountID: {"organization - id", "organisation - id"},
				kContact:   {"person - name", "activity - contact person"}, kContactEmail: {"person - email"}}),
		},
		Salesforce: {
			model.KindAccount: words(map[string][]string{kID: {"account id"}, kName: {"account name"}, kLifecycle: {"type", "account type"},
				kIndustry: {"industry"}, kWebsite: {"website"}, kCreated: {"created date"}, kNotes: {"description"},
				kLastTouch: {"last activity"}}),
			model.KindContact: words(map[string][]string{kID: {"contact id"}, kFirstName: {"first name"}, kLastName: {"last name"},
				kAccount: {"account name"}, kAccountID: {"account id"}, kTitle: {"title"}, kEmail: {"email"},
				kPhone: {"phone", "mobile"}, kCreated: {"created date"}}),
			model.KindDeal: words(map[string][]string{kID: {"opportunity id"}, kTitle: {"opportunity name"}, kAccount: {"account name"},
				kAccountID: {"account id"}, kStage: {"stage"}, kValue: {"amount"},
				kCurrency: {"opportunity currency", "amount currency"}, kProbability: {"probability (%)"}, kClose: {"close date"},
				kCreated: {"created date"}, kKind: {"type"}, kSource: {"lead source"}, kNextStep: {"next step"},
				kLastTouch: {"last activity"}, kNotes: {"description"},
				// The report's Closed and Won checkboxes say what the stage
				// says already; "closed" is otherwise a close time.
				"-": {"closed", "won"}}),
		},
	}
})

// keysFor lists the keys a kind takes, for --map and its help.
func keysFor(k model.RecordKind) []string {
	seen := map[string]bool{}
	var out []string
	for _, key := range aliases()[k] {
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}
