package cli

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// The account manager's commands: the account list with health and
// check-ins, one account as a page of text, and account add, edit and
// archive. Check-ins, contacts, issues and surveys are in amwork.go.

// accountJSON is an account as the command line prints it, with what its
// health is computed from and the health itself (null for prospects and
// churned accounts).
type accountJSON struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Status        string        `json:"status"`
	Tier          string        `json:"tier,omitempty"`
	Industry      string        `json:"industry,omitempty"`
	Website       string        `json:"website,omitempty"`
	CustomerSince string        `json:"customer_since,omitempty"`
	OpenDeals     int           `json:"open_deals"`
	LastTouch     string        `json:"last_touch,omitempty"`
	CadenceDays   int           `json:"cadence_days"`
	NextCheckIn   string        `json:"next_checkin,omitempty"` // set by hand with the last check-in
	CheckInDue    string        `json:"checkin_due,omitempty"`
	ARR           []moneyJSON   `json:"arr"`
	OpenIssues    issueCounts   `json:"open_issues"`
	CSAT          *answerJSON   `json:"csat"`
	NPS           *answerJSON   `json:"nps"`
	Health        *model.Health `json:"health"`
}

type issueCounts struct {
	Count int    `json:"count"`
	Worst string `json:"worst,omitempty"`
}

type answerJSON struct {
	Score int    `json:"score"`
	At    string `json:"at"`
}

func toAccountJSON(r store.AccountRow, c model.Clock) accountJSON {
	j := accountJSON{ID: r.ID, Name: r.Name, Status: string(r.Status), Tier: r.Tier, Industry: r.Industry, Website: r.Website,
		CustomerSince: dateJSON(r.CustomerSince), OpenDeals: r.OpenDeals, LastTouch: timeJSON(r.LastTouchAt), CadenceDays: r.CadenceDays,
		NextCheckIn: dateJSON(r.NextCheckIn), CheckInDue: dateJSON(r.CheckInDue(c.Loc)), ARR: totalsJSON(r.ARR),
		OpenIssues: issueCounts{Count: r.Issues.Total()}, CSAT: toAnswerJSON(r.CSAT), NPS: toAnswerJSON(r.NPS)}
	if worst, ok := r.Issues.Worst(); ok {
		j.OpenIssues.Worst = string(worst)
	}
	if h, ok := model.HealthOf(r.Facts(), c); ok {
		j.Health = &h
	}
	return j
}

func toAnswerJSON(a model.Answer) *answerJSON {
	if a.At.IsZero() {
		return nil
	}
	return &answerJSON{Score: a.Score, At: timeJSON(a.At)}
}

// timeJSON is a moment in UTC RFC 3339, "" when unset.
func timeJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func (a *app) accountsCommand() *cobra.Command {
	var asJSON, due, reverse bool
	var filter, status, sortBy string
	var limit int
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List accounts with health, ARR, last touch and check-ins due",
		Long: `Lists accounts with what an account manager works from: status, tier, health (0–100)
and its main reason, ARR (the yearly value of the contracts in force today, per
currency), days since the last touch, when the next check-in is due (customers), open
issues and the latest CSAT and NPS answers.

--due lists only the customers whose check-in is due today or earlier, most late
first. --sort orders by name, status, tier, health, ARR, last touch, check-in due,
open issues or CSAT/NPS (or the unique start of one); --reverse turns it round.

` + model.HealthRules,
		Example: `  rolo accounts --due
  rolo accounts --status customer --sort health
  rolo accounts --json --limit 0`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if status != "" && status != "prospect" && status != "customer" && status != "churned" {
				return usagef("--status must be prospect, customer or churned")
			}
			if err := checkLimit(limit); err != nil {
				return err
			}
			if utf8.RuneCountInString(filter) > model.MaxNameLen {
				return usagef("--filter is %s characters long; names are at most %d", count(utf8.RuneCountInString(filter)), model.MaxNameLen)
			}
			q := store.AccountQuery{Filter: filter, Status: model.AccountStatus(status), Due: due, Reverse: reverse}
			if due && !cmd.Flags().Changed("sort") {
				q.Sort = store.AccountsByCheckIn
			}
			if sortBy != "" {
				sort, err := store.ParseAccountSort(sortBy)
				if err != nil {
					return usagef("--sort: %v", err)
				}
				q.Sort = sort
			}
			return a.withStore(ctx, reading, func(s *store.Store) error {
				l, err := s.ListAccounts(ctx, q)
				if err != nil {
					return err
				}
				n := l.Len()
				if limit > 0 {
					n = min(n, limit)
				}
				var out *jsonArray
				var t *table
				if asJSON {
					out = newJSONArray(a.out)
				} else {
					t = newTable(a.out, ">ID", "Account", "Status", "Tier", ">Health", "Main reason", ">ARR", ">Touch", "Check-in", "Issues",
						">CSAT", ">NPS")
				}
				// A page at a time, so "all" (--limit 0) stays small.
				const page = 1000
				for offset := 0; offset < n; offset += page {
					rows, err := s.AccountPage(ctx, l, offset, min(page, n-offset))
					if err != nil {
						return err
					}
					for _, r := range rows {
						if out != nil {
							err = out.add(toAccountJSON(r, s.Clock()))
						} else {
							err = t.add(accountCells(r, s.Clock())...)
						}
						if err != nil {
							return err
						}
					}
				}
				if asJSON {
					return out.finish()
				}
				if err := t.print(); err != nil {
					return err
				}
				if n < l.Len() {
					fmt.Fprintf(a.out, "\nShowing %s of %s accounts; --limit 0 shows all.\n", count(n), count(l.Len()))
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.StringVar(&filter, "filter", "", "only accounts whose name contains this")
	f.StringVar(&status, "status", "", "only prospect, customer or churned accounts")
	f.BoolVar(&due, "due", false, "only customers whose check-in is due today or earlier, most late first")
	f.StringVar(&sortBy, "sort", "", "name, status, tier, health, arr, touch, check-in, issues or csat")
	f.BoolVar(&reverse, "reverse", false, "reverse the sort")
	f.IntVar(&limit, "limit", 100, "show at most this many (0 = all)")
	return cmd
}

// accountCells is an account's row of the table.
func accountCells(r store.AccountRow, c model.Clock) []string {
	today := c.Today()
	var health *model.Health
	if h, ok := model.HealthOf(r.Facts(), c); ok {
		health = &h
	}
	score, reason := healthCells(health)
	touch := "never"
	if !r.LastTouchAt.IsZero() {
		touch = fmt.Sprintf("%dd", c.DateOf(r.LastTouchAt).DaysUntil(today))
	}
	checkIn := "—"
	if r.Status == model.Customer {
		checkIn = checkInText(r.CheckInDue(c.Loc), today)
	}
	issues := ""
	if worst, ok := r.Issues.Worst(); ok {
		issues = fmt.Sprintf("%d (%s)", r.Issues.Total(), worst)
	}
	arr := "—"
	if len(r.ARR) > 0 {
		arr = exact(r.ARR)
	}
	return []string{fmt.Sprint(r.ID), r.Name, string(r.Status), r.Tier, score, reason, arr, touch, checkIn, issues,
		answerCell(r.CSAT), answerCell(r.NPS)}
}

// healthCells are a health's cells in a table: the score ("—" for an
// account with none) and the reason that cost the most ("-25 last touch
// 41d ago, cadence 30d").
func healthCells(h *model.Health) (score, reason string) {
	if h == nil {
		return "—", ""
	}
	if m := h.Main(); m.Why != "" {
		reason = fmt.Sprintf("%d %s", m.Points, m.Why)
	}
	return fmt.Sprint(h.Score), reason
}

func answerCell(a model.Answer) string {
	if a.At.IsZero() {
		return "—"
	}
	return fmt.Sprint(a.Score)
}

// checkInText says when a check-in is due: "in 4d", "today", "5d late".
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

// accountPageJSON is one account in full: its row, current contract,
// contacts, deals, issues, survey answers, contracts and the newest
// entries of its timeline.
type accountPageJSON struct {
	Account   accountJSON     `json:"account"`
	Contract  *contractJSON   `json:"contract"`
	Contacts  []contactJSON   `json:"contacts"`
	Deals     []dealJSON      `json:"deals"`
	Issues    []issueJSON     `json:"issues"`
	Surveys   []surveyJSON    `json:"surveys"`
	Contracts []*contractJSON `json:"contracts"`
	Timeline  timelineJSON    `json:"timeline"`
}

type contactJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

func toContactJSON(c model.Contact) contactJSON {
	return contactJSON{ID: c.ID, Name: c.Name, Title: c.Title, Email: c.Email, Phone: c.Phone}
}

type timelineJSON struct {
	Total   int         `json:"total"`
	Entries []entryJSON `json:"entries"`
}

type entryJSON struct {
	Kind    string `json:"kind"`
	ID      int64  `json:"id"`
	At      string `json:"at,omitempty"`
	Due     string `json:"due,omitempty"`
	Label   string `json:"label"`
	Summary string `json:"summary"`
	Text    string `json:"text,omitempty"`
	Deal    int64  `json:"deal,omitempty"`
}

func toEntryJSON(e model.TimelineEntry) entryJSON {
	j := entryJSON{Kind: string(e.Kind), ID: e.ID, Label: e.Label(), Summary: e.Summary(), Text: e.Text, Deal: e.DealID}
	if e.Due() {
		j.Due = dateJSON(e.Day)
	} else {
		j.At = timeJSON(e.At)
	}
	return j
}

func (a *app) accountCommand() *cobra.Command {
	var asJSON bool
	var entries int
	cmd := &cobra.Command{
		Use:   "account NAME",
		Short: "Show an account in full; add, edit or archive one",
		Long: `Shows one account as its page in the app does: status, tier, ARR, the current contract,
the check-in cadence and when the next check-in is due, health with every reason, then
its contacts, deals, issues, survey answers, contracts and the newest entries of its
timeline. NAME is account:ID, an id, or an unambiguous part of the name.

` + model.HealthRules,
		Example: `  rolo account "Acme Corp"
  rolo account account:42 --json --timeline 0
  rolo account add "Acme Corp" --status customer --tier enterprise
  rolo account edit acme --cadence 14
  rolo account archive "Acme (duplicate)"`,
		Args: exactArgs(1, "an account (its name or account:ID)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLimit(entries); err != nil {
				return usagef("--timeline %d: give a number of entries, or 0 for all of them", entries)
			}
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				page, err := readAccountPage(cmd, s, acct.ID, entries)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(a.out, page)
				}
				return a.printAccountPage(page, s.Clock())
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().IntVar(&entries, "timeline", 20, "show this many of the newest timeline entries (0 = all)")
	cmd.AddCommand(a.newAccountCommand("add"), a.editAccountCommand(), a.archiveAccountCommand())
	return cmd
}

// readAccountPage reads everything the account page shows.
func readAccountPage(cmd *cobra.Command, s *store.Store, id int64, entries int) (accountPageJSON, error) {
	ctx := cmd.Context()
	c := s.Clock()
	var p accountPageJSON
	row, err := s.AccountRow(ctx, id)
	if err != nil {
		return p, err
	}
	p.Account = toAccountJSON(row, c)
	current, ok, err := s.CurrentContract(ctx, id)
	if err != nil {
		return p, err
	}
	if ok {
		p.Contract = toContractJSON(store.ContractRow{Contract: current, AccountName: row.Name})
	}
	contacts, err := s.Contacts(ctx, id)
	if err != nil {
		return p, err
	}
	p.Contacts = []contactJSON{}
	for _, ct := range contacts {
		p.Contacts = append(p.Contacts, toContactJSON(ct))
	}
	n, err := s.CountAccountDeals(ctx, id)
	if err != nil {
		return p, err
	}
	deals, err := s.AccountDealsPage(ctx, id, 0, n)
	if err != nil {
		return p, err
	}
	stages, err := s.StageNames(ctx)
	if err != nil {
		return p, err
	}
	p.Deals = []dealJSON{}
	for _, d := range deals {
		p.Deals = append(p.Deals, toDealJSON(d, stages[d.StageID]))
	}
	issues, err := s.Issues(ctx, store.IssueQuery{AccountID: id})
	if err != nil {
		return p, err
	}
	p.Issues = []issueJSON{}
	for _, i := range issues {
		p.Issues = append(p.Issues, toIssueJSON(i))
	}
	surveys, err := s.AccountSurveys(ctx, id)
	if err != nil {
		return p, err
	}
	p.Surveys = []surveyJSON{}
	for _, sv := range surveys {
		p.Surveys = append(p.Surveys, toSurveyJSON(sv))
	}
	contracts, err := s.AccountContracts(ctx, id)
	if err != nil {
		return p, err
	}
	p.Contracts = []*contractJSON{}
	for _, ct := range contracts {
		p.Contracts = append(p.Contracts, toContractJSON(store.ContractRow{Contract: ct, AccountName: row.Name}))
	}
	if p.Timeline.Total, err = s.CountTimeline(ctx, id); err != nil {
		return p, err
	}
	if entries == 0 {
		entries = p.Timeline.Total
	}
	list, err := s.Timeline(ctx, id, 0, entries)
	if err != nil {
		return p, err
	}
	p.Timeline.Entries = []entryJSON{}
	for _, e := range list {
		p.Timeline.Entries = append(p.Timeline.Entries, toEntryJSON(e))
	}
	return p, nil
}

// printAccountPage writes the page as text.
func (a *app) printAccountPage(p accountPageJSON, c model.Clock) error {
	acct := p.Account
	w := a.out
	facts := []string{acct.Status}
	for _, s := range []string{acct.Tier, acct.Industry, acct.Website} {
		if s != "" {
			facts = append(facts, s)
		}
	}
	if acct.CustomerSince != "" {
		facts = append(facts, "customer since "+acct.CustomerSince)
	}
	fmt.Fprintf(w, "%s (%s) · %s\n", screenText(acct.Name), model.TypedID(model.KindAccount, acct.ID), screenText(strings.Join(facts, " · ")))
	arr := "—"
	if len(acct.ARR) > 0 {
		parts := make([]string, len(acct.ARR))
		for i, m := range acct.ARR {
			parts[i] = m.Display
		}
		arr = strings.Join(parts, " + ")
	}
	fmt.Fprintf(w, "ARR:       %s\n", arr)
	if ct := p.Contract; ct != nil {
		auto := "no auto-renew"
		if ct.AutoRenew {
			auto = "auto-renews"
		}
		fmt.Fprintf(w, "Contract:  %s a year, %s → %s · notice %dd (by %s) · %s\n", ct.Value.Display, ct.Start, ct.End, ct.NoticeDays, ct.NoticeDeadline, auto)
	} else {
		fmt.Fprintln(w, "Contract:  none in force")
	}
	touch := "never"
	if acct.LastTouch != "" {
		touch = acct.LastTouch[:10]
	}
	checkIns := fmt.Sprintf("every %dd", acct.CadenceDays)
	if acct.CadenceDays == 0 {
		checkIns = "no cadence"
	}
	checkIns += " · last touch " + touch
	if acct.CheckInDue != "" && acct.Status == string(model.Customer) {
		due, _ := model.ParseISODate(acct.CheckInDue)
		checkIns += fmt.Sprintf(" · next due %s (%s)", acct.CheckInDue, checkInText(due, c.Today()))
		if acct.NextCheckIn != "" {
			checkIns += ", set by hand"
		}
	}
	fmt.Fprintf(w, "Check-ins: %s\n", checkIns)
	if h := acct.Health; h != nil {
		parts := []string{fmt.Sprintf("Health:    %d = 100", h.Score)}
		for _, r := range h.Reasons {
			parts = append(parts, fmt.Sprintf("%d %s", r.Points, screenText(r.Why)))
		}
		fmt.Fprintln(w, strings.Join(parts, " · "))
	} else {
		fmt.Fprintf(w, "Health:    — (for customers; this account is %s)\n", acct.Status)
	}
	section := func(title string, n int) { fmt.Fprintf(w, "\n%s (%s)\n", title, count(n)) }
	section("Contacts", len(p.Contacts))
	if len(p.Contacts) > 0 {
		t := newTable(w, ">ID", "Name", "Title", "Email", "Phone")
		for _, ct := range p.Contacts {
			t.add(fmt.Sprint(ct.ID), ct.Name, ct.Title, ct.Email, ct.Phone)
		}
		if err := t.print(); err != nil {
			return err
		}
	}
	section("Deals", len(p.Deals))
	if len(p.Deals) > 0 {
		t := newTable(w, ">ID", "Deal", "Kind", "Stage", "Status", ">Value", "Next step", "Due")
		for _, d := range p.Deals {
			t.add(fmt.Sprint(d.ID), d.Title, d.Kind, d.Stage, d.Status, d.Value.Display, d.NextStep, d.NextDue)
		}
		if err := t.print(); err != nil {
			return err
		}
	}
	section("Issues", len(p.Issues))
	if len(p.Issues) > 0 {
		if err := printIssues(w, p.Issues, false); err != nil {
			return err
		}
	}
	section("Surveys", len(p.Surveys))
	if len(p.Surveys) > 0 {
		if err := printSurveys(w, p.Surveys); err != nil {
			return err
		}
	}
	section("Contracts", len(p.Contracts))
	if len(p.Contracts) > 0 {
		t := newTable(w, ">ID", "Start", "End", ">Per year", "Status", ">Notice", "Auto-renew")
		for _, ct := range p.Contracts {
			t.add(fmt.Sprint(ct.ID), ct.Start, ct.End, ct.Value.Display, ct.Status, fmt.Sprintf("%dd", ct.NoticeDays), yesNo(ct.AutoRenew))
		}
		if err := t.print(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nTimeline (newest %s of %s; --timeline 0 shows all)\n", count(len(p.Timeline.Entries)), count(p.Timeline.Total))
	if len(p.Timeline.Entries) > 0 {
		t := newTable(w, "When", "What", "Entry")
		for _, e := range p.Timeline.Entries {
			when := e.Due
			if e.At != "" {
				at, _ := time.Parse(time.RFC3339, e.At)
				when = at.In(c.Now().Location()).Format("2006-01-02 15:04")
			} else {
				when = "due " + when
			}
			t.add(when, e.Label, e.Summary)
		}
		return t.print()
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// accountFlags are the fields account add and edit set.
type accountFlags struct {
	name, status, tier, industry, website, churnReason, notes string
	cadence                                                   int
}

func (f *accountFlags) register(cmd *cobra.Command, editing bool) {
	fs := cmd.Flags()
	if editing {
		fs.StringVar(&f.name, "name", "", "a new name")
		fs.StringVar(&f.status, "status", "", "prospect, customer or churned (churned needs --churn-reason)")
		fs.StringVar(&f.churnReason, "churn-reason", "", "why the customer left")
		fs.StringVar(&f.notes, "notes", "", "notes (replaces them)")
	} else {
		fs.StringVar(&f.status, "status", "prospect", "prospect or customer")
	}
	fs.StringVar(&f.tier, "tier", "", "e.g. enterprise, mid-market, smb")
	fs.StringVar(&f.industry, "industry", "", "industry")
	fs.StringVar(&f.website, "website", "", "website")
	fs.IntVar(&f.cadence, "cadence", 0, "days between check-ins, 0 for none (default: the tier's — enterprise 14, mid-market 30, smb 60, else 30)")
}

func (a *app) editAccountCommand() *cobra.Command {
	var f accountFlags
	cmd := &cobra.Command{
		Use:   "edit ACCOUNT",
		Short: "Change an account's name, status, tier, industry, website, cadence or notes",
		Long: `Changes only what the flags give. Making an account a customer sets its customer-since
date to today if it had none; churned needs --churn-reason.`,
		Example: `  rolo account edit acme --tier enterprise --cadence 14
  rolo account edit account:7 --status churned --churn-reason "went in-house"`,
		Args: exactArgs(1, "an account (its name or account:ID)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			changed := cmd.Flags().Changed
			if !anyChanged(cmd, "name", "status", "tier", "industry", "website", "cadence", "churn-reason", "notes") {
				return usagef("say what to change: --name, --status, --tier, --industry, --website, --cadence, --churn-reason or --notes")
			}
			if changed("cadence") && (f.cadence < 0 || f.cadence > 3650) {
				return usagef("--cadence %d: a number of days from 0 (no check-ins) to 3650", f.cadence)
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				seen, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				edited := seen
				for flag, set := range map[string]func(){
					"name": func() { edited.Name = f.name }, "status": func() { edited.Status = model.AccountStatus(f.status) },
					"tier": func() { edited.Tier = f.tier }, "industry": func() { edited.Industry = f.industry },
					"website": func() { edited.Website = f.website }, "cadence": func() { edited.CadenceDays = f.cadence },
					"churn-reason": func() { edited.ChurnReason = f.churnReason }, "notes": func() { edited.Notes = f.notes },
				} {
					if changed(flag) {
						set()
					}
				}
				if edited.Status == model.Customer && edited.CustomerSince.IsZero() {
					edited.CustomerSince = s.Clock().Today()
				}
				saved, err := s.UpdateAccount(ctx, seen, edited)
				if err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Saved account %s (%s).\n", model.Clean(saved.Name), model.TypedID(model.KindAccount, saved.ID))
				return nil
			})
		},
	}
	f.register(cmd, true)
	return cmd
}

func (a *app) archiveAccountCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "archive ACCOUNT",
		Short: "Take an account off every list (undo brings it back)",
		Long: `Archives an account: it leaves every list and search; nothing is deleted, and
'rolo undo' brings it back. An account with open deals, contracts in force, open
issues or tasks to do is refused: settle those first.`,
		Args: exactArgs(1, "an account (its name or account:ID)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				if _, err := s.ArchiveAccount(ctx, acct); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Archived account %s (%s); rolo undo brings it back.\n", model.Clean(acct.Name), model.TypedID(model.KindAccount, acct.ID))
				return nil
			})
		},
	}
}
