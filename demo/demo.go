// Package demo writes a realistic, invented book of business into a rolo
// database: the data behind `rolo demo` and `rolo --demo`.
//
// The book is deterministic: the same Seed and the same Now (and Clock
// zone) give byte-identical rows. Everything is relative to Now, so a
// demo made today always has follow-ups overdue and due today, deals
// going stale, and contracts ending this week.
//
// Generation streams: accounts are planned up front (a few dozen bytes
// each), then each account's contacts, deals, deal history and
// activities are planned in memory, written, and forgotten, all inside
// one store.BulkLoad transaction. Memory stays flat however many
// activities are asked for.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"time"

	"rolo/model"
	"rolo/store"
)

// Config says how much demo data to make and from which seed.
type Config struct {
	Seed int64 // same seed + same Now → byte-identical data

	// Accounts, Deals and Activities set the size of the book. Accounts 0
	// is the default small book (80); Deals and Activities 0 scale with
	// the accounts (2.25 deals and 18.75 activities per account, as in the
	// default book). Contacts, contracts, issues and surveys always scale
	// with the accounts.
	Accounts   int
	Deals      int
	Activities int

	// Now is "today" (usually the store's clock); zero means Clock.Now().
	Now time.Time
	// Clock gives the user's zone and week start for dates; the zero
	// Clock means the store's clock.
	Clock model.Clock

	// Force adds the demo to a database that already holds accounts;
	// without it Generate refuses (ErrNotEmpty).
	Force bool
}

// Progress reports how far one table has got, e.g. {"activities", 350000,
// 1000000}. It is sent at most about twenty times per table. Rows are
// written account by account, so "accounts", "deals" and "activities"
// reports interleave (each starts at 0/total); "costs" follows, and last
// "indexes" (rebuilding indexes, committing, checkpointing) is sent as
// 0/1 before that work and 1/1 after it.
type Progress struct {
	Stage       string
	Done, Total int
}

// Summary counts what Generate wrote.
type Summary struct {
	Accounts, Contacts, Deals, Activities, Contracts, Issues, Surveys, Costs int
	Events                                                                   int // deal history entries
	Elapsed                                                                  time.Duration
}

// Rows is the number of rows written across all tables.
func (s Summary) Rows() int {
	return s.Accounts + s.Contacts + s.Deals + s.Events + s.Activities + s.Contracts + s.Issues + s.Surveys + s.Costs
}

// ErrNotEmpty is returned when the database already holds accounts and
// Config.Force is not set.
var ErrNotEmpty = errors.New("the database already holds data; use --force to add demo data anyway")

// Limits that keep a typo from filling the disk.
const (
	MaxAccounts   = 1_000_000
	MaxDeals      = 10_000_000
	MaxActivities = 100_000_000
)

const (
	defaultSeed       = 1
	defaultAccounts   = 80
	defaultDeals      = 180
	defaultActivities = 1500
)

// Default is the small realistic book: 80 accounts, 180 deals, 1,500
// activities.
func Default() Config {
	return Config{Seed: defaultSeed, Accounts: defaultAccounts, Deals: defaultDeals, Activities: defaultActivities}
}

// sizes resolves the zero counts.
func (c Config) sizes() (accounts, deals, activities int, err error) {
	if c.Accounts < 0 || c.Deals < 0 || c.Activities < 0 {
		return 0, 0, 0, errors.New("demo sizes cannot be negative")
	}
	accounts, deals, activities = c.Accounts, c.Deals, c.Activities
	if accounts == 0 {
		accounts = defaultAccounts
	}
	if deals == 0 {
		deals = accounts * defaultDeals / defaultAccounts
	}
	if activities == 0 {
		activities = accounts * defaultActivities / defaultAccounts
	}
	switch {
	case accounts > MaxAccounts:
		return 0, 0, 0, fmt.Errorf("at most %d demo accounts", MaxAccounts)
	case deals > MaxDeals:
		return 0, 0, 0, fmt.Errorf("at most %d demo deals", MaxDeals)
	case activities > MaxActivities:
		return 0, 0, 0, fmt.Errorf("at most %d demo activities", MaxActivities)
	}
	return accounts, deals, activities, nil
}

// Generate writes a demo book into st in one transaction: either all of
// it lands or none. progress may be nil.
func Generate(ctx context.Context, st *store.Store, cfg Config, progress func(Progress)) (Summary, error) {
	began := time.Now()
	if cfg.Clock.Loc == nil {
		cfg.Clock = st.Clock()
	}
	if cfg.Now.IsZero() {
		cfg.Now = cfg.Clock.Now()
	}
	accounts, deals, activities, err := cfg.sizes()
	if err != nil {
		return Summary{}, err
	}
	if !cfg.Force {
		empty, err := st.IsEmpty(ctx)
		if err != nil {
			return Summary{}, err
		}
		if !empty {
			return Summary{}, ErrNotEmpty
		}
	}
	stages, err := st.Stages(ctx)
	if err != nil {
		return Summary{}, err
	}
	if len(stages) == 0 {
		return Summary{}, errors.New("the database has no stages; add one before generating demo deals")
	}
	g := newGen(cfg, stages, progress)
	g.plan(accounts, deals, activities)
	if err := st.BulkLoad(ctx, func(b *store.Bulk) error { return g.load(ctx, b) }); err != nil {
		return Summary{}, fmt.Errorf("writing the demo data: %w", err)
	}
	g.report("indexes", 1, 1)
	g.sum.Elapsed = time.Since(began)
	return g.sum, nil
}

// meter reports one table's progress about twenty times.
type meter struct {
	stage             string
	done, total, step int
}

func (g *gen) start(m *meter, stage string, total int) {
	*m = meter{stage: stage, total: total, step: max(1, (total+19)/20)}
	g.report(stage, 0, total)
}

func (g *gen) tick(m *meter) {
	m.done++
	if m.done%m.step == 0 || m.done == m.total {
		g.report(m.stage, m.done, m.total)
	}
}

func (g *gen) report(stage string, done, total int) {
	if g.progress != nil {
		g.progress(Progress{Stage: stage, Done: done, Total: total})
	}
}

// gen holds the generator's state: the plan of every account, and scratch
// space for the account being written (reused, so memory stays flat).
type gen struct {
	rng      *rand.Rand
	now      time.Time // UTC, whole seconds
	today    model.Date
	loc      *time.Location
	weekEnd  model.Date // last day of this week
	stages   []model.Stage
	progress func(Progress)
	accounts []acctPlan
	sum      Summary

	accountsM, dealsM, activitiesM meter

	openSeen   int // open deals so far: the first few are the showcase
	issuesSeen int
	riskShown  bool // a renewal at risk was written (renewals.go)
	// customersLeft counts the customers still to plan, lateSeen those
	// written past their check-in (see lateShowcase).
	customersLeft, lateSeen int

	// per-account scratch
	a        acctScratch
	contacts []contactPlan
	deals    []dealPlan
	acts     []actPlan
	order    []actKey
	chain    []link
	events   []model.DealEvent
	weights  []int64
	shares   []int
}

func newGen(cfg Config, stages []model.Stage, progress func(Progress)) *gen {
	loc := cfg.Clock.Loc
	if loc == nil {
		loc = time.Local
	}
	now := cfg.Now.UTC().Truncate(time.Second)
	today := model.DateOf(now.In(loc))
	return &gen{
		rng:      rand.New(rand.NewPCG(uint64(cfg.Seed), 0x726f6c6f64656d6f)), // "rolodemo"
		now:      now,
		today:    today,
		loc:      loc,
		weekEnd:  model.WeekStart(today, cfg.Clock.WeekStart).AddDays(6),
		stages:   stages,
		progress: progress,
	}
}

// acctPlan is what is decided about every account before writing starts.
type acctPlan struct {
	name, domain string
	status       model.AccountStatus
	tier         int // smb, mid, ent
	industry     int
	currency     string
	deals        int
	activities   int
	bucket       int // customers: when the current contract ends
}

const (
	smb = iota
	mid
	ent
)

var tierNames = [3]string{"smb", "mid-market", "enterprise"}

// Contract end buckets for customers.
const (
	endsLater = iota
	endsThisWeek
	endsSoon       // within 90 days
	endsNextDays   // after this week, within 7 days of today
	endedUndecided // ended in the last three weeks, still active: auto-renewed, never confirmed
)

// plan decides every account's name, status, tier and share of the deals
// and activities.
func (g *gen) plan(nAccounts, nDeals, nActivities int) {
	g.accounts = make([]acctPlan, nAccounts)
	statuses := quota(nAccounts, []int64{35, 55, 10})
	g.rng.Shuffle(len(statuses), func(i, j int) { statuses[i], statuses[j] = statuses[j], statuses[i] })
	used := make(map[string]struct{}, nAccounts)
	weights := make([]int64, nAccounts)
	customers := 0
	for i := range g.accounts {
		p := &g.accounts[i]
		p.status = []model.AccountStatus{model.Customer, model.Prospect, model.Churned}[statuses[i]]
		p.tier = g.weighted(50, 35, 15)
		p.industry = g.rng.IntN(len(industries))
		p.name, p.domain = g.uniqueName(used, p.industry)
		p.currency = []string{"USD", "EUR", "GBP"}[g.weighted(90, 6, 4)]
		w := []int64{16, 10, 10}[statuses[i]] // customers have renewals and expansions too
		weights[i] = w * []int64{9, 11, 14}[p.tier] * int64(50+g.rng.IntN(101))
		if p.status == model.Customer {
			customers++
		}
	}
	shares := make([]int, nAccounts)
	split(nDeals, weights, shares)
	for i := range g.accounts {
		p := &g.accounts[i]
		p.deals = shares[i]
		w := int64(2 + 3*p.deals)
		switch p.status {
		case model.Customer:
			w = w*13/10 + 2
		case model.Churned:
			w = w * 7 / 10
		}
		weights[i] = w * int64(50+g.rng.IntN(101))
	}
	g.busiest(weights, nActivities)
	split(nActivities, weights, shares)
	for i := range g.accounts {
		g.accounts[i].activities = shares[i]
	}
	// A few customers' contracts end this week and a few more within
	// seven days (at least four in all), one or two ended lately without
	// the auto-renewal being confirmed, a quarter end within 90 days, the
	// rest later.
	week := min(customers, max(2, (customers*3+50)/100))
	next := min(customers-week, max(2, (customers*2+50)/100))
	ended := min(customers-week-next, max(1, (customers+50)/100))
	soon := min(customers-week-next-ended, (customers*25+50)/100)
	buckets := make([]int, customers)
	for i := range buckets {
		switch {
		case i < week:
			buckets[i] = endsThisWeek
		case i < week+next:
			buckets[i] = endsNextDays
		case i < week+next+ended:
			buckets[i] = endedUndecided
		case i < week+next+ended+soon:
			buckets[i] = endsSoon
		}
	}
	g.customersLeft = customers
	g.rng.Shuffle(len(buckets), func(i, j int) { buckets[i], buckets[j] = buckets[j], buckets[i] })
	for i := range g.accounts {
		if g.accounts[i].status == model.Customer {
			g.accounts[i].bucket, buckets = buckets[0], buckets[1:]
		}
	}
}

// busiestShare is how many activities the book's busiest account gets in
// a large book: a customer with years of history, whose page must still
// open at once (the account page's speed target is measured on it).
const busiestShare = 2500

// busiest gives the first enterprise customer busiestShare of the
// activities when the book has a few hundred thousand (no random draw, so
// the rest of the book is as it would be).
func (g *gen) busiest(weights []int64, nActivities int) {
	if nActivities < 100*busiestShare {
		return
	}
	for i, p := range g.accounts {
		if p.status != model.Customer || p.tier != ent {
			continue
		}
		var others int64
		for j, w := range weights {
			if j != i {
				others += w
			}
		}
		weights[i] = others * busiestShare / int64(nActivities-busiestShare)
		return
	}
}

// quota returns n labels (indexes into weights) in exact proportion.
func quota(n int, weights []int64) []int {
	counts := make([]int, len(weights))
	split(n, weights, counts)
	out := make([]int, 0, n)
	for label, c := range counts {
		for range c {
			out = append(out, label)
		}
	}
	return out
}

// split shares total among weights in proportion, exactly: the shares
// add up to total (cumulative rounding).
func split(total int, weights []int64, out []int) {
	var sum uint64
	for _, w := range weights {
		sum += uint64(w)
	}
	if sum == 0 {
		for i := range out {
			out[i] = 0
		}
		if len(out) > 0 {
			out[0] = total
		}
		return
	}
	var cum uint64
	prev := 0
	for i, w := range weights {
		cum += uint64(w)
		hi, lo := bits.Mul64(uint64(total), cum)
		q, _ := bits.Div64(hi, lo, sum)
		out[i] = int(q) - prev
		prev = int(q)
	}
}

// uniqueName invents a company name not used yet in this book, and its
// web domain: "Bluepeak Freight", bluepeak-freight.example. A place, then
// a numeral, is added only when the plain names run short.
func (g *gen) uniqueName(used map[string]struct{}, ind int) (name, domain string) {
	for try := 0; ; try++ {
		prefix := namePrefixes[g.rng.IntN(len(namePrefixes))]
		suffix := nameSuffixes[g.rng.IntN(len(nameSuffixes))]
		word := industries[ind].words[g.rng.IntN(len(industries[ind].words))]
		name = prefix + suffix + " " + word
		domain = lower(prefix+suffix) + "-" + lower(word)
		if try >= 8 {
			place := places[g.rng.IntN(len(places))]
			name += " " + place
			domain += "-" + lower(place)
		}
		if try >= 16 {
			n := fmt.Sprint(try - 14)
			name += " " + n
			domain += "-" + n
		}
		if _, taken := used[name]; !taken {
			used[name] = struct{}{}
			return name, domain + ".example"
		}
	}
}

// lower lowercases ASCII (the word lists are ASCII).
func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// load writes the planned book; it runs inside the bulk transaction.
func (g *gen) load(ctx context.Context, b *store.Bulk) error {
	nDeals, nActs := 0, 0
	for _, p := range g.accounts {
		nDeals += p.deals
		nActs += p.activities
	}
	g.start(&g.accountsM, "accounts", len(g.accounts))
	g.start(&g.dealsM, "deals", nDeals)
	g.start(&g.activitiesM, "activities", nActs)
	for i := range g.accounts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := g.account(b, &g.accounts[i]); err != nil {
			return err
		}
	}
	if err := g.costs(b); err != nil {
		return err
	}
	g.report("indexes", 0, 1)
	return nil
}

// costs writes 18 months of acquisition spend per channel, scaled to the
// size of the book; trade shows do not happen every month.
func (g *gen) costs(b *store.Bulk) error {
	n := 0
	month := model.Date{Year: g.today.Year, Month: g.today.Month, Day: 1}
	for m := 17; m >= 0; m-- {
		date := month.AddMonths(-m)
		for c, channel := range model.SpendChannels {
			if channel == model.ChannelEvents && g.chance(0.4) {
				continue
			}
			dollars := costBase[c] * int64(len(g.accounts)) * int64(70+g.rng.IntN(61)) / (defaultAccounts * 100)
			dollars = max(50, dollars)
			cost := model.AcquisitionCost{Date: date, Amount: model.Money{Minor: dollars * 100, Currency: "USD"},
				Channel: channel, Note: costNotes[c]}
			if err := cost.Validate(); err != nil {
				return invalid("acquisition cost", err)
			}
			if _, err := b.Cost(cost); err != nil {
				return err
			}
			n++
		}
	}
	g.sum.Costs += n
	g.report("costs", n, n)
	return nil
}

// invalid wraps a validation failure of a generated row: a bug here, not
// a user error.
func invalid(what string, err error) error {
	return fmt.Errorf("demo generated an invalid %s (a bug in rolo): %w", what, err)
}

// Random helpers.

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// intIn is a uniform integer in [lo, hi].
func (g *gen) intIn(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// weighted picks an index with the given relative weights.
func (g *gen) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := g.rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

const (
	hour = int64(time.Hour / time.Second)
	day  = 24 * hour
)

// secs is n seconds.
func secs(n int64) time.Duration { return time.Duration(n) * time.Second }

// between is a uniform instant in [lo, hi], in whole seconds.
func (g *gen) between(lo, hi time.Time) time.Time {
	span := int64(hi.Sub(lo) / time.Second)
	if span <= 0 {
		return lo
	}
	return lo.Add(secs(g.rng.Int64N(span + 1)))
}

// workTime is a random instant in [lo, hi] during working hours on a
// weekday in the user's zone, or (when a few tries find none in range)
// any instant in the range.
func (g *gen) workTime(lo, hi time.Time) time.Time {
	var t time.Time
	for range 4 {
		t = g.between(lo, hi)
		local := t.In(g.loc)
		y, m, d := local.Date()
		switch local.Weekday() {
		case time.Saturday:
			d--
		case time.Sunday:
			d -= 2
		}
		w := time.Date(y, m, d, 8, 0, 0, 0, g.loc).Add(secs(g.rng.Int64N(10 * hour))).UTC()
		if !w.Before(lo) && !w.After(hi) {
			return w
		}
	}
	return t
}

// workBefore is a working-hours instant up to three and a half days before t
// (and not before floor), else t.
func (g *gen) workBefore(t, floor time.Time) time.Time {
	return g.workTime(earlierOf(t, laterOf(floor, t.Add(-secs(84*hour)))), t)
}

// at is a working-hours moment on date d, no later than now.
func (g *gen) at(d model.Date) time.Time {
	t := d.Start(g.loc).Add(secs(9*hour + g.rng.Int64N(8*hour))).UTC()
	if t.After(g.now) {
		t = g.now.Add(-secs(g.rng.Int64N(hour)))
	}
	return t
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
