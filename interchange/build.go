package interchange

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"rolo/model"
)

// hashID is the id of a row whose file gives none: a stable hash of the
// fields that identify it, so the same row imported again is recognised.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strings.ToLower(strings.TrimSpace(p))))
		h.Write([]byte{0x1f})
	}
	return "h:" + hex.EncodeToString(h.Sum(nil)[:8])
}

// firstID takes the first of a list of ids ("123;456").
func firstID(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ";,"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// build turns the current row into records on the queue.
func (c *csvReader) build(row []string, line int) {
	rec := &model.Record{Kind: c.kind, Origin: model.Origin{File: c.file, Line: line, RecordID: c.get(kID)}, Raw: row}
	rec.Ref = model.Ref{System: string(c.source), ExternalID: strings.TrimSpace(c.get(kID))}
	switch c.kind {
	case model.KindAccount:
		c.buildAccount(rec)
	case model.KindContact:
		c.buildContact(rec)
	case model.KindDeal:
		c.buildDeal(rec)
	case model.KindActivity:
		c.buildActivity(rec)
	case model.KindContract:
		c.buildContract(rec)
	case model.KindIssue:
		c.buildIssue(rec)
	case model.KindSurvey:
		c.buildSurvey(rec)
	case model.KindSpend:
		c.buildSpend(rec)
	}
	c.queue = append(c.queue, rec)
}

// provides lists the rolo fields the file's columns give: field if any of
// keys is a column.
func (c *csvReader) provides(rec *model.Record, pairs ...string) {
	if rec.Fields != nil {
		return
	}
	rec.Fields = []string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		for _, k := range strings.Split(pairs[i+1], ",") {
			if c.has(k) {
				rec.Fields = append(rec.Fields, pairs[i])
				break
			}
		}
	}
}

func (c *csvReader) moment(rec *model.Record, key, label string) time.Time {
	v := strings.TrimSpace(c.get(key))
	if v == "" {
		return time.Time{}
	}
	t, err := parseMoment(v, c.opts.Dates, c.opts.Loc)
	if err != nil {
		rec.Problem("%s: %v", label, err)
	}
	return t
}

func (c *csvReader) day(rec *model.Record, key, label string) model.Date {
	v := strings.TrimSpace(c.get(key))
	if v == "" {
		return model.Date{}
	}
	d, err := parseDay(v, c.opts.Dates)
	if err != nil {
		rec.Problem("%s: %v", label, err)
	}
	return d
}

func (c *csvReader) amount(rec *model.Record, label string) model.Money {
	v := strings.TrimSpace(c.get(kValue))
	cur := strings.TrimSpace(c.get(kCurrency))
	if v == "" {
		code := strings.ToUpper(cur)
		if code == "" {
			code = c.opts.Currency
		}
		if !model.IsCurrency(code) {
			rec.Problem("currency %q is not one rolo knows (an ISO 4217 code such as USD, EUR, GBP)", cur)
		}
		return model.Money{Currency: code}
	}
	m, err := parseAmount(v, cur, c.opts.Currency, c.comma == ';')
	if err != nil {
		rec.Problem("%s: %v", label, err)
	}
	return m
}

func (c *csvReader) integer(rec *model.Record, key, label string) int {
	v := strings.TrimSpace(c.get(key))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, " days"), "d"))
	if err != nil {
		rec.Problem("%s: %q is not a whole number", label, v)
	}
	return n
}

// accountLink is how a row names its company: by the source's id when the
// file has one, and by name.
func (c *csvReader) accountLink(rec *model.Record) model.Link {
	l := model.Link{Name: strings.TrimSpace(c.get(kAccount))}
	if id := firstID(c.get(kAccountID)); id != "" {
		l.Ref = model.Ref{System: string(c.source), ExternalID: id}
	}
	return l
}

func (c *csvReader) buildAccount(rec *model.Record) {
	c.provides(rec, model.ImportName, kName, model.ImportStatus, kStatus+","+kLifecycle, model.ImportTier, kTier,
		model.ImportIndustry, kIndustry, model.ImportWebsite, kWebsite, model.ImportCadence, kCadence,
		model.ImportChurnReason, kChurnReason, model.ImportNotes, kNotes, model.ImportCustomerSince, kSince, model.ImportCreated, kCreated)
	a := &model.Account{Name: strings.TrimSpace(c.get(kName)), Tier: c.get(kTier), Industry: c.get(kIndustry),
		Website: c.get(kWebsite), ChurnReason: c.get(kChurnReason), Notes: c.get(kNotes), CadenceDays: model.DefaultCadenceDays}
	if a.Name == "" {
		rec.Problem("no name")
	}
	switch st := strings.ToLower(strings.TrimSpace(c.get(kStatus))); {
	case st != "":
		a.Status = model.AccountStatus(st)
		if st == "lead" || st == "opportunity" {
			a.Status = model.Prospect
		}
	default:
		a.Status = lifecycleStatus(c.get(kLifecycle))
	}
	if c.has(kCadence) && strings.TrimSpace(c.get(kCadence)) != "" {
		a.CadenceDays = c.integer(rec, kCadence, "cadence")
	}
	a.CustomerSince = c.day(rec, kSince, "customer since")
	a.CreatedAt = c.moment(rec, kCreated, "created")
	a.LastTouchAt = c.moment(rec, kLastTouch, "last activity")
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(a.Name)
	}
	rec.Account = a
}

// lifecycleStatus reads a CRM's lifecycle stage or account type.
func lifecycleStatus(s string) model.AccountStatus {
	s = strings.ToLower(s)
	if strings.Contains(s, "customer") || strings.Contains(s, "evangelist") {
		if strings.Contains(s, "former") {
			return model.Churned
		}
		return model.Customer
	}
	return model.Prospect
}

func (c *csvReader) buildContact(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kAccountID, model.ImportName, kName+","+kFirstName+","+kLastName,
		model.ImportTitle, kTitle, model.ImportEmail, kEmail, model.ImportPhone, kPhone, model.ImportNotes, kNotes, model.ImportCreated, kCreated)
	name := strings.TrimSpace(c.get(kName))
	if name == "" {
		name = strings.TrimSpace(strings.TrimSpace(c.get(kFirstName)) + " " + strings.TrimSpace(c.get(kLastName)))
	}
	ct := &model.Contact{Name: name, Title: c.get(kTitle), Email: strings.TrimSpace(c.get(kEmail)), Phone: c.get(kPhone), Notes: c.get(kNotes)}
	if name == "" {
		rec.Problem("no name")
	}
	ct.CreatedAt = c.moment(rec, kCreated, "created")
	rec.AccountLink = c.accountLink(rec)
	if c.source == Pipedrive && rec.AccountLink.Ref.ExternalID == "" {
		rec.AccountLink.Create = true // the person's organization is in the export only by name
	}
	if rec.Ref.ExternalID == "" {
		if ct.Email != "" {
			rec.Ref.ExternalID = hashID(ct.Email)
		} else {
			rec.Ref.ExternalID = hashID(rec.AccountLink.Name, name)
		}
	}
	rec.Contact = ct
}

func (c *csvReader) buildDeal(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kAccountID, model.ImportContact, kContact+","+kContactEmail+","+kContactID,
		model.ImportTitle, kTitle, model.ImportKind, kKind, model.ImportStage, kStage+","+kStatus, model.ImportStatus, kStage+","+kStatus,
		model.ImportValue, kValue+","+kCurrency, model.ImportProbability, kProbability, model.ImportExpectedClose, kClose,
		model.ImportSource, kSource, model.ImportNextStep, kNextStep, model.ImportNextDue, kNextDue,
		model.ImportLostReason, kLostReason+","+kStatus+","+kStage, model.ImportNotes, kNotes, model.ImportCreated, kCreated,
		model.ImportClosed, kClosed+","+kWonTime+","+kLostTime+","+kStatus+","+kStage)
	d := &model.Deal{Title: strings.TrimSpace(c.get(kTitle)), NextStep: c.get(kNextStep), LostReason: c.get(kLostReason), Notes: c.get(kNotes)}
	if d.Title == "" {
		rec.Problem("no deal name")
	}
	rec.AccountLink = c.accountLink(rec)
	if rec.AccountLink.IsZero() {
		rec.Problem("no company: the deal names no account")
	}
	if name, email := strings.TrimSpace(c.get(kContact)), strings.TrimSpace(c.get(kContactEmail)); name != "" || email != "" {
		rec.ContactLink = model.Link{Name: name, Email: email}
	}
	if c.source == Pipedrive {
		c.pipedriveParties(rec)
	}
	var err error
	if d.Kind, err = parseDealKind(c.get(kKind)); err != nil {
		rec.Problem("type: %v", err)
	}
	if d.Source, err = parseLeadSource(c.get(kSource)); err != nil {
		rec.Problem("source: %v", err)
	}
	c.dealStage(rec, d)
	d.Value = c.amount(rec, "amount")
	if p := strings.TrimSpace(c.get(kProbability)); p != "" {
		n, err := parsePercent(p)
		if err != nil {
			rec.Problem("probability: %v", err)
		}
		d.Probability = &n
	}
	d.ExpectedClose = c.day(rec, kClose, "close date")
	d.NextDue = c.day(rec, kNextDue, "next step due")
	d.CreatedAt = c.moment(rec, kCreated, "created")
	d.LastTouchAt = c.moment(rec, kLastTouch, "last activity")
	if d.Status != model.Open {
		for _, k := range []string{kClosed, kWonTime, kLostTime} {
			if t := c.moment(rec, k, "closed"); !t.IsZero() && d.ClosedAt.IsZero() {
				d.ClosedAt = t
			}
		}
		if d.ClosedAt.IsZero() && !d.ExpectedClose.IsZero() {
			// A closed deal's close date is the day it closed.
			d.ClosedAt = time.Date(d.ExpectedClose.Year, d.ExpectedClose.Month, d.ExpectedClose.Day, 12, 0, 0, 0, c.opts.Loc)
		}
	}
	if d.Status == model.Lost && strings.TrimSpace(d.LostReason) == "" {
		d.LostReason = "no reason given in the " + c.source.Name() + " export"
	}
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(rec.AccountLink.Name, d.Title, c.get(kCreated))
	}
	rec.Deal = d
}

// dealStage sets the stage and status from the stage and status columns.
func (c *csvReader) dealStage(rec *model.Record, d *model.Deal) {
	d.Status = model.Open
	statusText := strings.ToLower(strings.TrimSpace(c.get(kStatus)))
	switch statusText {
	case "", "open", "active", "in progress":
	case "won", "closed won", "closedwon":
		d.Status = model.Won
	case "lost", "closed lost", "closedlost":
		d.Status = model.Lost
	case "deleted":
		rec.Problem("status %q: the deal was deleted in %s", c.get(kStatus), c.source.Name())
	default:
		rec.Problem("status %q is not open, won or lost", c.get(kStatus))
	}
	stageText := strings.TrimSpace(c.get(kStage))
	if c.stages == nil {
		rec.Problem("no stage map (internal)")
		return
	}
	if stageText == "" {
		d.StageID = c.stages.closedStage(model.Lost) // no stage given: the first stage
		if d.Status == model.Won {
			d.StageID = c.stages.closedStage(model.Won)
		}
		return
	}
	id, st, ok := c.stages.Resolve(stageText, c.file)
	if !ok {
		rec.Problem("stage %q is not mapped to a rolo stage (see the --stage-map lines below)", stageText)
		return
	}
	d.StageID = id
	if st != model.Open && statusText == "" {
		d.Status = st
	}
}

// pipedriveParties queues the organization and person a Pipedrive deals
// row describes (once per file), or marks them to be created by name.
func (c *csvReader) pipedriveParties(rec *model.Record) {
	if id := firstID(c.get(kAccountID)); id != "" && rec.AccountLink.Name != "" && !c.seen["org:"+id] {
		c.seen["org:"+id] = true
		c.queue = append(c.queue, &model.Record{Kind: model.KindAccount, Origin: rec.Origin, Raw: rec.Raw,
			Ref: model.Ref{System: string(Pipedrive), ExternalID: id}, Fields: []string{model.ImportName},
			Account: &model.Account{Name: rec.AccountLink.Name, Status: model.Prospect, CadenceDays: model.DefaultCadenceDays}})
	}
	if rec.AccountLink.Ref.ExternalID == "" {
		rec.AccountLink.Create = true
	}
	if rec.ContactLink.IsZero() {
		return
	}
	if id := firstID(c.get(kContactID)); id != "" {
		rec.ContactLink.Ref = model.Ref{System: string(Pipedrive), ExternalID: id}
		if !c.seen["person:"+id] && rec.ContactLink.Name != "" {
			c.seen["person:"+id] = true
			fields := []string{model.ImportName, model.ImportAccount}
			if c.has(kContactEmail) {
				fields = append(fields, model.ImportEmail)
			}
			if c.has(kContactPhone) {
				fields = append(fields, model.ImportPhone)
			}
			c.queue = append(c.queue, &model.Record{Kind: model.KindContact, Origin: rec.Origin, Raw: rec.Raw,
				Ref:         model.Ref{System: string(Pipedrive), ExternalID: id},
				Fields:      fields,
				Contact:     &model.Contact{Name: rec.ContactLink.Name, Email: rec.ContactLink.Email, Phone: c.get(kContactPhone)},
				AccountLink: rec.AccountLink})
		}
	}
	rec.ContactLink.Create = true
}

func (c *csvReader) buildActivity(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kAccountID+","+kDeal+","+kDealID, model.ImportDeal, kDeal+","+kDealID,
		model.ImportContact, kContact+","+kContactEmail, model.ImportKind, kKind, model.ImportText, kText+","+kNotes,
		model.ImportAt, kAt+","+kDone, model.ImportDue, kDue)
	a := &model.Activity{Text: strings.TrimSpace(c.get(kText))}
	if n := strings.TrimSpace(c.get(kNotes)); n != "" {
		if a.Text != "" {
			a.Text += "\n"
		}
		a.Text += n
	}
	var err error
	if a.Kind, err = parseActivityKind(c.get(kKind)); err != nil {
		rec.Problem("type: %v", err)
	}
	a.At = c.moment(rec, kAt, "date")
	a.Due = c.day(rec, kDue, "due date")
	if c.has(kDone) {
		done, err := parseBool(c.get(kDone))
		if err != nil {
			rec.Problem("done: %v", err)
		}
		switch {
		case done && a.At.IsZero() && !a.Due.IsZero():
			// Done on its due day, at its due time if the file has one.
			a.At = time.Date(a.Due.Year, a.Due.Month, a.Due.Day, 12, 0, 0, 0, c.opts.Loc)
			if hm := strings.TrimSpace(c.get(kDueTime)); hm != "" {
				if t, err := parseMoment(a.Due.String()+" "+hm, c.opts.Dates, c.opts.Loc); err == nil {
					a.At = t
				}
			}
			a.Due = model.Date{}
		case done:
			a.Due = model.Date{}
		case !a.Due.IsZero():
			a.At = time.Time{}
		}
	}
	if a.At.IsZero() && a.Due.IsZero() {
		rec.Problem("no date: an activity needs the date it happened (or, for a task, when it is due)")
	}
	rec.AccountLink = c.accountLink(rec)
	if title := strings.TrimSpace(c.get(kDeal)); title != "" || c.get(kDealID) != "" {
		rec.DealLink = model.Link{Name: title}
		if id := firstID(c.get(kDealID)); id != "" {
			rec.DealLink.Ref = model.Ref{System: string(c.source), ExternalID: id}
		}
	}
	if rec.AccountLink.IsZero() && rec.DealLink.IsZero() {
		rec.Problem("no company: the activity names no account or deal")
	}
	if name, email := strings.TrimSpace(c.get(kContact)), strings.TrimSpace(c.get(kContactEmail)); name != "" || email != "" {
		rec.ContactLink = model.Link{Name: name, Email: email}
	}
	if rec.Ref.ExternalID == "" {
		when := c.get(kAt)
		if when == "" {
			when = c.get(kDue)
		}
		rec.Ref.ExternalID = hashID(rec.AccountLink.Name, c.get(kDeal), string(a.Kind), when, a.Text)
	}
	rec.Activity = a
}

func (c *csvReader) buildContract(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kAccountID, model.ImportDeal, kDeal, model.ImportValue, kValue+","+kCurrency,
		model.ImportStart, kStart, model.ImportEnd, kEnd, model.ImportAutoRenew, kAutoRenew, model.ImportNoticeDays, kNoticeDays,
		model.ImportStatus, kStatus, model.ImportChurnReason, kChurnReason)
	k := &model.Contract{Status: model.ContractStatus(strings.ToLower(strings.TrimSpace(c.get(kStatus)))), ChurnReason: c.get(kChurnReason),
		NoticeDays: 30}
	if k.Status == "" {
		k.Status = model.ContractActive
	}
	k.Value = c.amount(rec, "value")
	k.Start = c.day(rec, kStart, "start")
	k.End = c.day(rec, kEnd, "end")
	if k.Start.IsZero() || k.End.IsZero() {
		rec.Problem("a contract needs a start and an end date")
	}
	if c.has(kAutoRenew) {
		var err error
		if k.AutoRenew, err = parseBool(c.get(kAutoRenew)); err != nil {
			rec.Problem("auto renew: %v", err)
		}
	}
	if strings.TrimSpace(c.get(kNoticeDays)) != "" {
		k.NoticeDays = c.integer(rec, kNoticeDays, "notice days")
	}
	rec.AccountLink = c.accountLink(rec)
	if rec.AccountLink.IsZero() {
		rec.Problem("no company: the contract names no account")
	}
	if t := strings.TrimSpace(c.get(kDeal)); t != "" {
		rec.DealLink = model.Link{Name: t}
	}
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(rec.AccountLink.Name, c.get(kStart), c.get(kEnd))
	}
	rec.Contract = k
}

func (c *csvReader) buildIssue(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kAccountID, model.ImportTitle, kTitle, model.ImportSeverity, kSeverity,
		model.ImportOpened, kOpened, model.ImportResolved, kResolved+","+kStatus)
	i := &model.SupportIssue{Title: strings.TrimSpace(c.get(kTitle))}
	if i.Title == "" {
		rec.Problem("no title")
	}
	var err error
	if i.Severity, err = parseSeverity(c.get(kSeverity)); err != nil {
		rec.Problem("severity: %v", err)
	}
	i.OpenedAt = c.moment(rec, kOpened, "opened")
	if i.OpenedAt.IsZero() {
		rec.Problem("no date the issue was opened")
	}
	i.ResolvedAt = c.moment(rec, kResolved, "resolved")
	switch st := strings.ToLower(strings.TrimSpace(c.get(kStatus))); st {
	case "", "open", "new", "pending", "in progress", "on hold":
	case "resolved", "closed", "solved", "done":
		if i.ResolvedAt.IsZero() {
			rec.Problem("status %q but no date it was resolved", c.get(kStatus))
		}
	default:
		rec.Problem("status %q is not open or resolved", c.get(kStatus))
	}
	rec.AccountLink = c.accountLink(rec)
	if rec.AccountLink.IsZero() {
		rec.Problem("no company: the issue names no account")
	}
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(rec.AccountLink.Name, i.Title, c.get(kOpened))
	}
	rec.Issue = i
}

func (c *csvReader) buildSurvey(rec *model.Record) {
	c.provides(rec, model.ImportAccount, kAccount+","+kContactEmail, model.ImportContact, kContactEmail,
		model.ImportKind, kKind+","+kScore+","+kNPS+","+kCSAT, model.ImportScore, kScore+","+kNPS+","+kCSAT,
		model.ImportComment, kComment, model.ImportAt, kAt)
	v := &model.Survey{Comment: c.get(kComment)}
	score := strings.TrimSpace(c.get(kScore))
	switch k := strings.ToLower(strings.TrimSpace(c.get(kKind))); {
	case strings.TrimSpace(c.get(kNPS)) != "":
		v.Kind, score = model.NPS, strings.TrimSpace(c.get(kNPS))
	case strings.TrimSpace(c.get(kCSAT)) != "":
		v.Kind, score = model.CSAT, strings.TrimSpace(c.get(kCSAT))
	case strings.Contains(k, "nps") || strings.Contains(k, "promoter") || strings.Contains(k, "recommend"):
		v.Kind = model.NPS
	case strings.Contains(k, "csat") || strings.Contains(k, "satisf"):
		v.Kind = model.CSAT
	default:
		rec.Problem("say whether the score is CSAT (1–5) or NPS (0–10): add a kind column, or --map \"COLUMN=nps\" (or csat) on the score column")
	}
	n, err := strconv.Atoi(strings.TrimSuffix(score, ".0"))
	switch {
	case score == "":
		rec.Problem("no score")
	case err != nil:
		rec.Problem("score %q is not a whole number", score)
	}
	v.Score = n
	v.At = c.moment(rec, kAt, "date")
	if v.At.IsZero() {
		rec.Problem("no date the answer was given")
	}
	if email := strings.TrimSpace(c.get(kContactEmail)); email != "" {
		rec.ContactLink = model.Link{Email: email}
	}
	if name := strings.TrimSpace(c.get(kAccount)); name != "" {
		rec.AccountLink = model.Link{Name: name}
	}
	if rec.ContactLink.IsZero() && rec.AccountLink.IsZero() {
		rec.Problem("no email or company: say who answered")
	}
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(c.get(kContactEmail), c.get(kAccount), string(v.Kind), c.get(kAt))
	}
	rec.Survey = v
}

func (c *csvReader) buildSpend(rec *model.Record) {
	c.provides(rec, model.ImportDate, kDate, model.ImportValue, kValue+","+kCurrency, model.ImportChannel, kChannel, model.ImportNotes, kNotes)
	s := &model.AcquisitionCost{Note: c.get(kNotes)}
	d := strings.TrimSpace(c.get(kDate))
	if len(d) == 7 && d[4] == '-' { // a month: its first day
		d += "-01"
	}
	if d == "" {
		rec.Problem("no date")
	} else if day, err := parseDay(d, c.opts.Dates); err != nil {
		rec.Problem("date: %v", err)
	} else {
		s.Date = day
	}
	s.Amount = c.amount(rec, "amount")
	s.Channel = parseChannel(c.get(kChannel))
	if rec.Ref.ExternalID == "" {
		rec.Ref.ExternalID = hashID(c.get(kDate), c.get(kChannel), s.Note)
	}
	rec.Spend = s
}
