package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// contractView is one contract in full (opened with i from Renewals or
// Today, with enter from the account page's Contracts): its terms, where
// it stands (notice deadline, days left, auto-renewal), the contracts
// ending with it, the renewal deal working it, the account's health with
// every point taken, and the chain of terms it belongs to. The contract
// keys decide it from here; enter opens the account.
type contractView struct {
	ctx    *appContext
	id     int64
	req    uint64
	row    store.RenewalRow
	terms  []model.Contract // the account's contracts, newest first
	loaded bool
	err    error
	width  int
	height int
}

type contractViewMsg struct {
	view  *contractView
	req   uint64
	row   store.RenewalRow
	terms []model.Contract
	err   error
}

func newContractView(c *appContext, id int64) *contractView { return &contractView{ctx: c, id: id} }

func (v *contractView) title() string {
	if v.loaded && v.err == nil {
		return "Contract — " + model.Clean(v.row.Account.Name)
	}
	return "Contract"
}

func (v *contractView) load() tea.Cmd {
	v.req++
	s, req, id, self := v.ctx.store, v.req, v.id, v
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		msg := contractViewMsg{view: self, req: req}
		if msg.row, msg.err = s.RenewalRowOf(ctx, id); msg.err != nil {
			return msg
		}
		msg.terms, msg.err = s.AccountContracts(ctx, msg.row.Contract.AccountID)
		return msg
	}
}

func (v *contractView) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(contractViewMsg)
	if !ok || m.view != v || m.req != v.req {
		return nil
	}
	v.loaded, v.err = true, m.err
	if m.err == nil {
		v.row, v.terms = m.row, m.terms
	}
	return nil
}

func (v *contractView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if !v.loaded || v.err != nil {
		return nil, false
	}
	if key.Matches(msg, k.List.Open) {
		return openAccount(v.ctx, v.row.Contract.AccountID), true
	}
	if key.Matches(msg, k.Contract.Details) {
		return nil, true // already here
	}
	return contractAction(v.ctx, k.Contract, msg, v.row)
}

func (v *contractView) setSize(w, h int) { v.width, v.height = w, h }
func (v *contractView) capturing() bool  { return false }

func (v *contractView) help() helpSet {
	k := v.ctx.keys
	acts := contractHelp(k.Contract, v.row)
	acts = acts[:len(acts)-1] // i: this is it
	account := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "open account"))
	return helpSet{
		short: append(append([]key.Binding{k.Global.Back}, acts...), account),
		full:  [][]key.Binding{{k.Global.Back, account}, acts},
		notes: renewalsHelp,
	}
}

func (v *contractView) view() string {
	st := v.ctx.styles
	if v.err != nil {
		return st.Danger.Render(v.err.Error()) + "\n\n" + st.Faint.Render("esc goes back")
	}
	if !v.loaded {
		return st.Subtle.Render("Loading the contract…")
	}
	r := v.row
	c := r.Contract
	w := v.width
	today := v.ctx.clock.Today()
	var badge string
	switch {
	case c.Status == model.ContractRenewed:
		badge = st.Success.Render("renewed")
	case c.Status == model.ContractChurned:
		badge = st.Danger.Render(safe("churned: "+c.ChurnReason, w/2))
	case c.AwaitingAutoRenewal(today):
		badge = st.Accent.Render("auto-renewed? confirm with r")
	case c.SnoozedUntil.After(today):
		badge = st.Subtle.Render("snoozed until " + c.SnoozedUntil.Short(today))
	case !c.NoticeDate().After(today):
		badge = st.Warning.Render("up for renewal")
	default:
		badge = st.Subtle.Render(fmt.Sprintf("up for renewal from %s", c.NoticeDate().Short(today)))
	}
	label := func(s string) string { return st.Subtle.Render(pad(s, 10)) }
	auto := "does not renew by itself"
	if c.AutoRenew {
		auto = "renews by itself unless notice is given"
	}
	months := c.TermMonths()
	lines := []string{
		spread(st.Title.Render(safe(fmt.Sprintf("%s — contract %d", r.Account.Name, c.ID), w-30)), badge, w),
		st.Subtle.Render(safe(strings.Join(nonEmpty(string(r.Account.Status), r.Account.Tier), " · "), w)),
		"",
		label("Value") + st.Bold.Render(c.Value.String()) + " a year",
		label("Term") + fmt.Sprintf("%s – %s (%s) · %s", c.Start.Short(today), c.End.Short(today), model.FormatTerm(months), daysLeftText(c, today)),
		label("Notice") + fmt.Sprintf("%d days: by %s", c.NoticeDays, noticeText(c, today, model.Window(model.WindowWeek, today, v.ctx.settings.WeekStart))) +
			st.Subtle.Render(" · "+auto),
	}
	if len(r.With) > 0 {
		lines = append(lines, label("With")+safe(withText(r), w-10))
	}
	if r.Deal.ID != 0 {
		d := r.Deal
		next := "no next step"
		if d.NextStep != "" {
			next = "next: " + model.Clean(d.NextStep) + " " + d.NextDue.Short(today)
		}
		lines = append(lines, label("Deal")+safe(fmt.Sprintf("%s · %s · %s · %s", d.Title, v.ctx.stageName(d.StageID), d.Value.Short(), next), w-10))
	} else if c.Status == model.ContractActive {
		lines = append(lines, label("Deal")+st.Faint.Render("no renewal deal open — o opens one to work it through the board"))
	}
	if r.Next.ID != 0 {
		lines = append(lines, label("Renewed")+fmt.Sprintf("by contract %d: %s – %s at %s", r.Next.ID, r.Next.Start.Short(today), r.Next.End.Short(today), r.Next.Value))
	}
	issues := "no open issues"
	if r.OpenIssues > 0 {
		issues = fmt.Sprintf("%s open issues", issuesText(r))
	}
	touch := st.Subtle.Render(fmt.Sprintf("last touch %s · %s", agoLong(r.Account.LastTouchAt, v.ctx.clock.Now()), issues))
	switch h := r.Health; {
	case h == nil:
		lines = append(lines, "", label("Health")+st.Faint.Render("— (for customers; this account is "+string(r.Account.Status)+")")+
			st.Subtle.Render(" · ")+touch)
	default:
		score := healthStyle(st, h.Score).Render(fmt.Sprint(h.Score))
		if h.AtRisk() {
			score = st.Danger.Render(fmt.Sprintf("%d at risk", h.Score))
		}
		lines = append(lines, "", label("Health")+score+st.Subtle.Render(" · ")+touch)
		for _, why := range h.Reasons {
			lines = append(lines, strings.Repeat(" ", 10)+st.Subtle.Render(safe(signed(why.Points)+" "+why.Why, w-10)))
		}
		if len(h.Reasons) == 0 {
			lines = append(lines, strings.Repeat(" ", 10)+st.Faint.Render("✓ nothing wrong"))
		}
	}
	lines = append(lines, "", st.ColumnHead.Render("Terms (newest first)"))
	for _, t := range v.terms {
		mark := "  "
		if t.ID == c.ID {
			mark = "▸ "
		}
		status := string(t.Status)
		if t.Status == model.ContractChurned {
			status += ": " + model.Clean(t.ChurnReason)
		}
		lines = append(lines, safe(fmt.Sprintf("%s%-24s %12s  %s", mark, t.Start.Short(today)+" – "+t.End.Short(today), t.Value.Short(), status), w))
	}
	return strings.Join(lines, "\n")
}

// withText names the contracts ending with r's, decided with it: "its
// add-on, contract 14 ($10k/yr): they renew as one".
func withText(r store.RenewalRow) string {
	var parts []string
	for _, o := range r.With {
		parts = append(parts, fmt.Sprintf("contract %d (%s/yr)", o.ID, o.Value.Short()))
	}
	what := "its add-on"
	switch {
	case model.GroupBase(r.Contract, r.With).ID != r.Contract.ID:
		what = "the contract it adds to"
	case len(r.With) > 1:
		what = "its add-ons"
	}
	return fmt.Sprintf("%s, %s, ending the same day: they renew as one (%s/yr together)", what, strings.Join(parts, ", "),
		r.Renewing().Short())
}

// daysLeftText says how long the contract runs: "1 day left", "ends
// today", "ended 7 days ago".
func daysLeftText(c model.Contract, today model.Date) string {
	switch left := c.DaysLeft(today); {
	case left == 0:
		return "ends today"
	case left == 1:
		return "1 day left"
	case left > 1:
		return fmt.Sprintf("%d days left", left)
	case left == -1:
		return "ended yesterday"
	default:
		return fmt.Sprintf("ended %d days ago", -left)
	}
}

// nonEmpty keeps the non-blank strings, cleaned.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, model.Clean(s))
		}
	}
	return out
}
