package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"rolo/model"
	"rolo/store"
)

// acctScratch is what is decided about the account being written.
type acctScratch struct {
	id        int64
	created   time.Time
	base      time.Time // created at the latest (earlier if its deals need it)
	sinceAt   time.Time // customers and churned: when the first deal was won
	since     model.Date
	churnAt   time.Time // churned: when they left
	churn     int       // index into churnReasons
	autoRenew bool
	notice    int
	acctActs  int // activities not about a deal
	tasks     int // due tasks

	// touched is the latest activity done; serviceTouch the latest issue
	// opened or resolved, or answer given (a touch too).
	touched, serviceTouch time.Time
}

type contactPlan struct {
	first, name, title, email, phone string
	id                               int64
}

// dealPlan is one deal of the account being written.
type dealPlan struct {
	kind       model.DealKind
	status     model.DealStatus
	stage      int // index into gen.stages
	value      int64
	title      string
	source     model.Source
	contact    int // index into gen.contacts, -1 for none
	showcase   int // 0–3 for the book's first open deals (see openTiming), else -1
	lo         time.Time
	closedAt   time.Time
	lastTouch  time.Time
	entries    []time.Time // created, then the entry into each later stage up to stage
	actTouch   bool        // the last touch is an activity, not the stage move
	nActs      int
	nextStep   string
	nextDue    model.Date
	expected   model.Date
	prob       int // override when hasProb
	hasProb    bool
	lostReason string
	slipFrom   model.Date // a close-date change from slipFrom to expected …
	slipAt     time.Time  // … at slipAt (zero: none)
	id         int64
}

// link is one contract in the account's chain of renewals.
type link struct {
	start, end model.Date
	value      int64
	status     model.ContractStatus
	deal       int // index of the deal that won it, -1
	created    time.Time
	id         int64
}

type actPlan struct {
	kind    model.ActivityKind
	text    string
	at      time.Time // zero for a due task
	due     model.Date
	created time.Time
	deal    int // -1 for none
	contact int // -1 for none
}

func (a *actPlan) key() time.Time {
	if a.at.IsZero() {
		return a.created
	}
	return a.at
}

var tierRanges = [3]struct{ lo, hi, step int64 }{
	{2_000, 20_000, 100},
	{15_000, 90_000, 500},
	{60_000, 400_000, 1_000},
}

// amount is a deal or yearly contract value for the tier, in minor
// units, skewed towards the low end and rounded to a plausible step.
func (g *gen) amount(tier int) int64 {
	r := tierRanges[tier]
	u := g.rng.Int64N(1 << 20)
	v := r.lo + (r.hi-r.lo)*u/(1<<20)*u/(1<<20)
	return roundTo(v, r.step) * 100
}

// roundTo rounds n to a multiple of step, at least step.
func roundTo(n, step int64) int64 { return max(step, (n+step/2)/step*step) }

// account plans one account with everything that hangs off it, then
// writes it.
func (g *gen) account(b *store.Bulk, p *acctPlan) error {
	g.a = acctScratch{}
	g.chain, g.contacts, g.deals, g.acts = g.chain[:0], g.contacts[:0], g.deals[:0], g.acts[:0]
	g.planLife(p)
	g.planContacts(p)
	g.planDeals(p)
	g.shareActivities(p)
	for i := range g.deals {
		d := &g.deals[i]
		if d.status == model.Open {
			g.openTiming(p, d)
		} else {
			g.closedTiming(p, d)
		}
	}
	created := g.a.base
	for i := range g.deals {
		t := g.deals[i].entries[0].Add(-secs(day + g.rng.Int64N(20*day)))
		created = earlierOf(created, t)
	}
	g.a.created = g.workBefore(earlierOf(created, g.now.Add(-secs(day))), time.Time{})
	g.planActivities(p)
	return g.write(b, p)
}

// planLife decides a customer's or churned account's contracts and when
// it became (and stopped being) a customer.
func (g *gen) planLife(p *acctPlan) {
	if p.status == model.Prospect {
		g.a.base = g.now.Add(-secs(int64(g.intIn(30, 1080))*day + g.rng.Int64N(day)))
		return
	}
	g.planChain(p)
	first := g.chain[0].start.Start(g.loc)
	g.a.sinceAt = g.workTime(first.Add(-secs(14*day)), first.Add(-secs(hour)))
	g.a.since = model.DateOf(g.a.sinceAt.In(g.loc))
	g.a.base = g.a.sinceAt.Add(-secs(int64(g.intIn(20, 150)) * day))
	if p.status == model.Churned {
		g.a.churnAt = g.at(g.chain[len(g.chain)-1].end)
		g.a.churn = g.rng.IntN(len(churnReasons))
	}
}

// planChain lays out the contracts: the current one (active, or churned
// for a churned account) and up to two 12-month terms it renewed, the
// first starting no more than three years ago.
func (g *gen) planChain(p *acctPlan) {
	term := 12
	if p.tier == ent {
		term = []int{12, 24, 36}[g.weighted(60, 25, 15)]
	}
	var end model.Date
	if p.status == model.Churned {
		end = g.today.AddDays(-g.intIn(14, 365))
	} else {
		toWeekEnd := g.today.DaysUntil(g.weekEnd)
		switch p.bucket {
		case endsThisWeek:
			end = g.today.AddDays(g.intIn(0, toWeekEnd))
		case endsSoon:
			end = g.today.AddDays(g.intIn(toWeekEnd+1, 90))
		case endsNextDays:
			end = g.today.AddDays(g.intIn(min(toWeekEnd+1, 7), 7))
		case endedUndecided:
			end = g.today.AddDays(-g.intIn(1, 20))
		default:
			end = g.today.AddDays(g.intIn(91, 364))
		}
	}
	start := end.AddDays(1).AddMonths(-term)
	limit := g.today.AddMonths(-36)
	earlier := 0
	for s := start; earlier < 2; earlier++ {
		if s = s.AddMonths(-12); s.Before(limit) {
			break
		}
	}
	n := 1 + g.rng.IntN(earlier+1)
	for range n {
		g.chain = append(g.chain, link{deal: -1, status: model.ContractRenewed})
	}
	last := &g.chain[n-1]
	last.start, last.end, last.value = start, end, g.amount(p.tier)
	last.status = model.ContractActive
	if p.status == model.Churned {
		last.status = model.ContractChurned
	}
	step := tierRanges[p.tier].step * 100
	for i := n - 2; i >= 0; i-- {
		e := g.chain[i+1].start.AddDays(-1)
		g.chain[i].end, g.chain[i].start = e, e.AddDays(1).AddMonths(-12)
		g.chain[i].value = roundTo(g.chain[i+1].value*100/int64(100+g.intIn(0, 12)), step)
	}
	g.a.autoRenew = g.chance(0.35) || p.bucket == endedUndecided
	switch p.tier {
	case ent:
		g.a.notice = []int{30, 60, 90}[g.weighted(15, 35, 50)]
	case mid:
		g.a.notice = []int{30, 60, 90}[g.weighted(45, 40, 15)]
	default:
		g.a.notice = []int{30, 60, 90}[g.weighted(75, 20, 5)]
	}
}

func (g *gen) planContacts(p *acctPlan) {
	n := [3][2]int{{1, 2}, {1, 3}, {2, 4}}[p.tier]
	count := g.intIn(n[0], n[1])
	titles := contactTitles[p.tier]
	order := g.rng.Perm(len(titles))
	for i := range count {
		first, last := g.pick(firstNames), g.pick(lastNames)
		local := lower(first) + "." + lower(last)
		for _, c := range g.contacts {
			if strings.HasPrefix(c.email, local+"@") {
				local += strconv.Itoa(i + 1)
				break
			}
		}
		g.contacts = append(g.contacts, contactPlan{
			first: first,
			name:  first + " " + last,
			title: titles[order[i%len(order)]],
			email: local + "@" + p.domain,
			phone: fmt.Sprintf("+1 %03d-555-01%02d", g.intIn(201, 989), g.rng.IntN(100)),
		})
	}
}

// someContact is a random contact index, or -1 with probability 1−p.
func (g *gen) someContact(p float64) int {
	if len(g.contacts) == 0 || !g.chance(p) {
		return -1
	}
	return g.rng.IntN(len(g.contacts))
}

// addDeal appends a deal, reusing the scratch slice's time buffers.
func (g *gen) addDeal(d dealPlan) *dealPlan {
	if n := len(g.deals); n < cap(g.deals) {
		g.deals = g.deals[:n+1]
		d.entries = g.deals[n].entries[:0]
		g.deals[n] = d
	} else {
		g.deals = append(g.deals, d)
	}
	return &g.deals[len(g.deals)-1]
}

// newDeal starts a deal of the account: kind, status, stage, contact,
// source and value. The caller sets its bounds (and closedAt when closed).
func (g *gen) newDeal(p *acctPlan, kind model.DealKind, status model.DealStatus, value int64) *dealPlan {
	d := g.addDeal(dealPlan{kind: kind, status: status, value: value, contact: g.someContact(0.85), showcase: -1})
	n := len(g.stages)
	switch status {
	case model.Open:
		if j := g.openSeen; j < 4 {
			d.showcase, d.stage = j, j%n
		} else {
			d.stage = g.openStage()
		}
		g.openSeen++
	case model.Won:
		d.stage = n - 1
		if n > 1 && g.chance(0.15) {
			d.stage = n - 2
		}
	case model.Lost:
		d.stage = g.openStage()
		d.lostReason = lostReasons[g.weighted(lostWeights...)]
	}
	switch kind {
	case model.NewBusiness:
		d.source = model.Sources[g.weighted(22, 20, 10, 14, 20, 10, 4)]
	case model.Expansion:
		d.source = []model.Source{model.SourceInbound, model.SourceReferral, model.SourceEmail, model.SourceOther}[g.weighted(35, 10, 25, 30)]
	}
	return d
}

// openStage picks a stage for an open (or lost) deal, early ones likelier.
func (g *gen) openStage() int {
	n := len(g.stages)
	total := n * (n + 1) / 2
	r := g.rng.IntN(total)
	for i := range n {
		if r < n-i {
			return i
		}
		r -= n - i
	}
	return 0
}

// titleFor names a deal "<Account> — <offer>".
func (g *gen) titleFor(p *acctPlan, d *dealPlan, year int) string {
	product := g.pick(industries[p.industry].products)
	seats := max(5, (d.value/100/int64([]int{120, 150, 180, 240, 300}[g.rng.IntN(5)])+2)/5*5)
	var offer string
	switch d.kind {
	case model.Renewal:
		offer = fmt.Sprintf("%d renewal", year)
	case model.Expansion:
		switch g.rng.IntN(5) {
		case 0:
			offer = fmt.Sprintf("%s expansion (+%d seats)", product, seats)
		case 1:
			offer = "Add SSO and audit log"
		case 2:
			offer = "Premium support add-on"
		case 3:
			offer = product + " for a second site"
		default:
			offer = "Analytics module"
		}
	default:
		switch g.rng.IntN(4) {
		case 0:
			offer = fmt.Sprintf("%s rollout (%d seats)", product, seats)
		case 1:
			offer = product + " pilot"
		case 2:
			offer = product + " subscription"
		default:
			offer = fmt.Sprintf("%s implementation (%d seats)", product, seats)
		}
	}
	return p.name + " — " + offer
}

// planDeals gives the account its p.deals deals. Prospects have new
// business, open or lost. Customers first have the won deal that made
// them customers, an open renewal when their contract ends within 120
// days and the won renewals behind their contract chain; the rest are
// expansions. Churned accounts lost their last renewal.
func (g *gen) planDeals(p *acctPlan) {
	n := p.deals
	ago18 := g.now.Add(-secs(540 * day))
	if p.status == model.Prospect {
		for range n {
			if g.chance(0.55) {
				d := g.newDeal(p, model.NewBusiness, model.Open, g.amount(p.tier))
				d.lo = ago18
				d.title = g.titleFor(p, d, 0)
			} else {
				d := g.newDeal(p, model.NewBusiness, model.Lost, g.amount(p.tier))
				d.closedAt = g.workTime(ago18, g.now.Add(-secs(day)))
				d.lo = d.closedAt.Add(-secs(400 * day))
				d.title = g.titleFor(p, d, 0)
			}
		}
		return
	}
	last := len(g.chain) - 1
	active := &g.chain[last]
	if n > 0 {
		d := g.newDeal(p, model.NewBusiness, model.Won, g.chain[0].value)
		d.closedAt, d.lo = g.a.sinceAt, g.a.sinceAt.Add(-secs(400*day))
		d.title = g.titleFor(p, d, 0)
		g.chain[0].deal = len(g.deals) - 1
	}
	if len(g.deals) < n && p.status == model.Customer && g.today.DaysUntil(active.end) <= 120 {
		d := g.newDeal(p, model.Renewal, model.Open, roundTo(active.value*int64(g.intIn(103, 108))/100, 10000))
		d.lo = laterOf(g.a.sinceAt.Add(secs(day)), active.end.Start(g.loc).Add(-secs(150*day)))
		d.expected = active.end
		if left := g.today.DaysUntil(active.end); d.showcase < 0 && left <= 45 {
			d.stage = min(len(g.stages)-1, max(d.stage, len(g.stages)-1-left/20)) // a renewal due soon is being negotiated
		}
		d.title = g.titleFor(p, d, active.end.AddDays(1).Year)
	}
	if len(g.deals) < n && p.status == model.Churned {
		d := g.newDeal(p, model.Renewal, model.Lost, roundTo(active.value*int64(g.intIn(100, 105))/100, 10000))
		d.closedAt = g.workTime(g.a.churnAt.Add(-secs(45*day)), g.a.churnAt.Add(-secs(5*day)))
		d.lo = laterOf(g.a.sinceAt.Add(secs(day)), active.end.Start(g.loc).Add(-secs(150*day)))
		if !d.lo.Before(d.closedAt.Add(-secs(day))) {
			d.lo = g.a.sinceAt
		}
		d.lostReason = lostFor[g.a.churn]
		d.title = g.titleFor(p, d, active.end.AddDays(1).Year)
	}
	for i := last; i >= 1 && len(g.deals) < n; i-- {
		l := &g.chain[i]
		start := l.start.Start(g.loc)
		d := g.newDeal(p, model.Renewal, model.Won, l.value)
		d.closedAt = g.workTime(start.Add(-secs(30*day)), start.Add(-secs(3*day)))
		d.lo = g.chain[i-1].start.Start(g.loc).Add(secs(30 * day))
		d.title = g.titleFor(p, d, l.start.Year)
		l.deal = len(g.deals) - 1
	}
	end := g.now.Add(-secs(hour))
	if p.status == model.Churned {
		end = g.a.churnAt.Add(-secs(day))
	}
	for len(g.deals) < n {
		value := max(100_000, roundTo(g.amount(p.tier)*int64(g.intIn(15, 50))/100, 10000))
		lo := g.a.sinceAt.Add(secs(14 * day))
		winLo := laterOf(ago18, lo.Add(secs(21*day)))
		if p.status == model.Churned && !winLo.Before(end) {
			winLo = g.a.sinceAt.Add(secs(day))
		}
		status := []model.DealStatus{model.Open, model.Won, model.Lost}[g.weighted(45, 35, 20)]
		if p.status == model.Churned {
			status = []model.DealStatus{model.Won, model.Lost}[g.weighted(60, 40)]
		} else if !winLo.Before(end) {
			status = model.Open // too new a customer to have closed an expansion
		}
		d := g.newDeal(p, model.Expansion, status, value)
		d.lo = lo
		if status != model.Open {
			d.closedAt = g.workTime(winLo, end)
			d.lo = earlierOf(lo, d.closedAt.Add(-secs(day)))
		}
		d.title = g.titleFor(p, d, 0)
	}
}

// shareActivities splits the account's activities into due tasks,
// activities about its deals and general ones.
func (g *gen) shareActivities(p *acctPlan) {
	total := p.activities
	tasks := 0
	if p.status != model.Churned && total > 0 {
		tasks = total / 50
		if g.rng.IntN(50) < total%50 {
			tasks++
		}
	}
	rest := total - tasks
	share := 0
	if len(g.deals) > 0 {
		switch p.status {
		case model.Prospect:
			share = 80
		case model.Customer:
			share = 45
		default:
			share = 50
		}
	}
	onDeals := (rest*share + g.rng.IntN(100)) / 100
	g.a.tasks, g.a.acctActs = tasks, rest-onDeals
	g.weights = g.weights[:0]
	ago18 := g.now.Add(-secs(540 * day))
	for i := range g.deals {
		d := &g.deals[i]
		var w int64
		switch {
		case d.status == model.Open:
			w = 10 + 5*int64(d.stage)
		case d.closedAt.Before(ago18):
			w = 3
		case d.status == model.Won:
			w = 15
		default:
			w = 10
		}
		g.weights = append(g.weights, w)
	}
	g.shares = append(g.shares[:0], make([]int, len(g.deals))...)
	split(onDeals, g.weights, g.shares)
	for i := range g.deals {
		g.deals[i].nActs = g.shares[i]
	}
}

// openTiming places an open deal in time. Its last touch (an activity or
// the move into its stage) is recent, or, for about one deal in five,
// older than its stage's rot days. It gets a next step: about a fifth
// overdue, a tenth due today, a tenth none, the rest later. The first
// four open deals of the book show each case for certain.
func (g *gen) openTiming(p *acctPlan, d *dealPlan) {
	st := g.stages[d.stage]
	rot := int64(st.RotDays)
	if rot <= 0 {
		rot = 21 // never rots; just a plausible pace
	}
	stale := st.RotDays > 0 && g.chance(0.2)
	if d.showcase >= 0 {
		stale = d.showcase == 3 && st.RotDays > 0
	}
	// The last touch, in working hours: more than rot days ago when
	// stale, else within them.
	var last time.Time
	if stale {
		last = g.workBefore(g.now.Add(-secs(rot*day+hour+g.rng.Int64N(2*rot*day))), time.Time{})
	} else {
		ago := g.now.Add(-secs(hour/2 + g.rng.Int64N(rot*day-2*hour)))
		last = g.workBefore(earlierOf(ago.Add(secs(12*hour)), g.now), g.now.Add(-secs(rot*day-hour)))
	}
	entered := last
	if d.nActs > 0 && (d.stage == 0 || g.chance(0.75)) {
		d.actTouch = true
		entered = g.workBefore(last.Add(-secs(hour+g.rng.Int64N(30*day))), time.Time{})
	}
	lo := earlierOf(d.lo, g.now.Add(-secs(2*hour)))
	if entered.Before(lo) {
		if last.Before(lo) {
			last = g.between(lo, g.now)
		}
		entered = last
		if d.actTouch {
			entered = g.between(lo, last)
		}
	}
	d.lastTouch = last
	g.path(p, d, entered, lo)

	category := g.weighted(10, 22, 10, 58) // none, overdue, today, later
	if d.showcase >= 0 {
		category = []int{1, 2, 0, 3}[d.showcase]
	}
	steps := nextSteps[d.stage*len(nextSteps)/len(g.stages)]
	if d.kind == model.Renewal {
		steps = renewalSteps
	}
	switch category {
	case 1:
		d.nextStep, d.nextDue = g.pick(steps), g.today.AddDays(-g.intIn(1, 14))
	case 2:
		d.nextStep, d.nextDue = g.pick(steps), g.today
	case 3:
		d.nextStep, d.nextDue = g.pick(steps), g.today.AddDays(g.intIn(1, 21))
	}
	if d.expected.IsZero() {
		ahead := [4][2]int{{45, 120}, {30, 90}, {14, 60}, {3, 30}}[d.stage*4/len(g.stages)]
		d.expected = g.today.AddDays(g.intIn(ahead[0], ahead[1]))
		if g.chance(0.08) {
			d.expected = g.today.AddDays(-g.intIn(1, 20)) // slipped past its date
		}
	}
	if g.chance(0.12) {
		d.hasProb = true
		d.prob = min(95, max(5, st.Probability+g.intIn(-20, 20)/5*5))
	}
	g.maybeSlip(d, d.lastTouch)
}

// closedTiming places a won or lost deal: created, moved through its
// stages, and closed at closedAt.
func (g *gen) closedTiming(p *acctPlan, d *dealPlan) {
	lo := d.lo
	if !lo.Before(d.closedAt) {
		lo = d.closedAt.Add(-secs(30 * day))
	}
	entered := g.workBefore(d.closedAt.Add(-secs(hour+g.rng.Int64N(14*day))), lo)
	if entered.Before(lo) {
		entered = g.between(lo, d.closedAt)
	}
	d.lastTouch = d.closedAt
	g.path(p, d, entered, lo)
	closed := model.DateOf(d.closedAt.In(g.loc))
	if g.chance(0.4) {
		created := model.DateOf(d.entries[0].In(g.loc))
		d.expected = closed.AddDays(-g.intIn(1, 30)) // closed late
		if d.expected.Before(created) {
			d.expected = created
		}
	} else {
		d.expected = closed.AddDays(g.intIn(0, 14))
	}
	g.maybeSlip(d, d.closedAt)
}

// maybeSlip gives some deals a close-date change in their history.
func (g *gen) maybeSlip(d *dealPlan, end time.Time) {
	created := d.entries[0]
	if d.expected.IsZero() || end.Sub(created) < 2*24*time.Hour || !g.chance(0.15) {
		return
	}
	d.slipFrom = d.expected.AddDays(-g.intIn(14, 45))
	d.slipAt = g.between(created.Add(time.Hour), end)
}

// path fills d.entries backwards from final (the entry into the deal's
// stage): a few days to a few weeks per earlier stage, squeezed to start
// no earlier than lo.
func (g *gen) path(p *acctPlan, d *dealPlan, final, lo time.Time) {
	k := d.stage
	e := d.entries[:0]
	for range k + 1 {
		e = append(e, time.Time{})
	}
	e[k] = final
	slow := []int64{2, 3, 5}[p.tier] // enterprise deals move slower
	for i := k - 1; i >= 0; i-- {
		e[i] = e[i+1].Add(-secs((int64(g.intIn(2, 12))*day + g.rng.Int64N(day)) * slow / 2))
	}
	if k > 0 && e[0].Before(lo) && final.After(lo) {
		span := int64(final.Sub(lo) / time.Second)
		orig := int64(final.Sub(e[0]) / time.Second)
		for i := range k {
			back := int64(final.Sub(e[i]) / time.Second)
			e[i] = final.Add(-secs(back * span / orig))
		}
	}
	floor := lo
	for i := range k {
		e[i] = g.workBefore(e[i], floor)
		floor = e[i]
	}
	d.entries = e
}

// planActivities makes the account's activities: on its deals (the last
// one exactly at the deal's last touch), general ones (for customers,
// mostly check-ins, the latest a cadence-dependent while ago) and a few
// tasks still due.
func (g *gen) planActivities(p *acctPlan) {
	for i := range g.deals {
		d := &g.deals[i]
		if d.nActs == 0 {
			continue
		}
		lo := d.entries[0]
		hi := d.entries[len(d.entries)-1]
		k := 0
		switch {
		case d.status != model.Open:
			hi = d.closedAt
		case d.actTouch:
			hi = d.lastTouch
			g.dealAct(d, i, d.lastTouch)
			k = 1
		}
		for ; k < d.nActs; k++ {
			g.dealAct(d, i, g.workTime(lo, hi))
		}
	}
	var dealTouch time.Time // the latest activity on the account's deals
	for i := range g.acts {
		dealTouch = laterOf(dealTouch, g.acts[i].at)
	}
	if p.status == model.Customer {
		g.customersLeft--
	}
	if n := g.a.acctActs; n > 0 {
		lo, hi := g.a.created, g.now
		switch p.status {
		case model.Customer:
			cadence := int64(cadenceOf(p))
			quiet := g.rng.Int64N(cadence * day)
			switch {
			case g.chance(0.3):
				quiet = cadence*day + hour + g.rng.Int64N(cadence*day) // overdue for a check-in
			case g.lateShort(p, dealTouch):
				quiet += cadence*day + 2*day // the same draws: the rest of the book is as it would be
			}
			lo, hi = laterOf(g.a.sinceAt, g.now.Add(-secs(540*day))), g.now.Add(-secs(quiet))
		case model.Churned:
			lo, hi = laterOf(g.a.sinceAt, g.now.Add(-secs(540*day))), g.a.churnAt
		}
		if !lo.Before(hi) {
			lo, hi = g.a.created, g.now
		}
		hi = g.workBefore(hi, lo) // the latest one, in working hours
		for k := range n {
			t := hi
			if k > 0 || p.status != model.Customer {
				t = g.workTime(lo, hi)
			}
			g.accountAct(p, t, k == 0 && p.status == model.Customer)
		}
	}
	for range g.a.tasks {
		deal := -1
		if g.chance(0.5) {
			for i := range g.deals {
				if g.deals[i].status == model.Open {
					deal = i
					break
				}
			}
		}
		created := g.between(laterOf(g.a.created, g.now.Add(-secs(21*day))), g.now)
		g.addAct(model.Task, g.pick(tasks), time.Time{}, g.today.AddDays(g.intIn(-5, 14)), created, deal, g.someContact(0.5))
	}
	// Write them in time order (ids then follow time within the account).
	g.order = g.order[:0]
	for i := range g.acts {
		g.order = append(g.order, actKey{at: g.acts[i].key().Unix(), i: int32(i)})
	}
	slices.SortFunc(g.order, func(a, b actKey) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.i, b.i)
	})
}

// lateShowcase is how many customers the book has past their check-in
// at least (when it has that many customers), so Today's check-ins due
// and rolo accounts --due always show some: 3 of the default book's 28.
const lateShowcase = 3

// lateShort reports whether a customer whose quiet stretch was drawn
// short should be overdue for a check-in after all: the book's last nine
// customers make up for too few overdue ones, when nothing else touches
// them lately (their deals, the showcase issues, the renewal at risk).
func (g *gen) lateShort(p *acctPlan, dealTouch time.Time) bool {
	cadence := time.Duration(cadenceOf(p)) * 24 * time.Hour
	return g.lateSeen < lateShowcase && g.customersLeft < 3*lateShowcase && cadence > 0 &&
		dealTouch.Before(g.now.Add(-cadence-48*time.Hour)) && g.issuesSeen >= 2 && (p.bucket != endsThisWeek || g.riskShown)
}

type actKey struct {
	at int64
	i  int32
}

func cadenceOf(p *acctPlan) int {
	switch {
	case p.status == model.Churned:
		return 0
	case p.tier == ent:
		return 14
	case p.tier == mid:
		return 30
	case len(p.name)%3 == 0: // stable per account, no extra draw
		return 90
	}
	return 60
}

func (g *gen) dealAct(d *dealPlan, i int, at time.Time) {
	kind := []model.ActivityKind{model.Call, model.Email, model.Meeting, model.Note}[g.weighted(32, 36, 20, 12)]
	lines := [][]string{dealCalls, dealEmails, dealMeetings, dealNotes}
	switch {
	case d.kind == model.Renewal && g.chance(0.5):
		lines = renewalLines
	case d.kind == model.Expansion && g.chance(0.5):
		lines = expansionLines
	}
	text := g.pick(lines[kindIndex(kind)])
	contact := d.contact
	if contact < 0 || g.chance(0.3) {
		contact = g.someContact(0.6)
	}
	g.addAct(kind, text, at, model.Date{}, at, i, contact)
}

func kindIndex(k model.ActivityKind) int {
	switch k {
	case model.Call:
		return 0
	case model.Email:
		return 1
	case model.Meeting:
		return 2
	}
	return 3
}

func (g *gen) accountAct(p *acctPlan, at time.Time, checkIn bool) {
	var kind model.ActivityKind
	switch {
	case checkIn:
		kind = model.CheckIn
	case p.status == model.Prospect:
		kind = []model.ActivityKind{model.Call, model.Email, model.Meeting, model.Note}[g.weighted(40, 40, 5, 15)]
	default:
		kind = []model.ActivityKind{model.CheckIn, model.Email, model.Call, model.Meeting, model.Note}[g.weighted(45, 20, 20, 7, 8)]
	}
	lines := [][]string{accountCalls, accountEmails, accountMeetings, accountNoteLines}
	if p.status == model.Prospect {
		lines = [][]string{prospectCalls, prospectEmails, prospectMeetings, prospectNotes}
	}
	var text string
	if kind == model.CheckIn {
		text = g.pick(checkIns)
	} else {
		text = g.pick(lines[kindIndex(kind)])
	}
	g.addAct(kind, text, at, model.Date{}, at, -1, g.someContact(0.7))
}

// addAct records an activity, naming a contact when the line mentions one.
func (g *gen) addAct(kind model.ActivityKind, text string, at time.Time, due model.Date, created time.Time, deal, contact int) {
	if strings.Contains(text, "{name}") {
		if contact < 0 {
			contact = g.rng.IntN(len(g.contacts))
		}
		text = strings.Replace(text, "{name}", g.contacts[contact].first, 1)
	}
	g.acts = append(g.acts, actPlan{kind: kind, text: text, at: at, due: due, created: created, deal: deal, contact: contact})
}

// write inserts the planned account and everything hanging off it.
func (g *gen) write(b *store.Bulk, p *acctPlan) error {
	var touched time.Time
	for i := range g.acts {
		if g.acts[i].at.After(touched) {
			touched = g.acts[i].at
		}
	}
	g.a.touched = touched
	acct := model.Account{
		Name:          p.name,
		Status:        p.status,
		Tier:          tierNames[p.tier],
		Industry:      industries[p.industry].name,
		Website:       p.domain,
		CadenceDays:   cadenceOf(p),
		CustomerSince: g.a.since,
		LastTouchAt:   touched,
		CreatedAt:     g.a.created,
		UpdatedAt:     laterOf(g.a.created, touched),
	}
	if p.status == model.Churned {
		acct.ChurnReason = churnReasons[g.a.churn]
		acct.UpdatedAt = laterOf(acct.UpdatedAt, g.a.churnAt)
	}
	if g.chance(0.15) {
		acct.Notes = g.pick(accountNotes)
	}
	if err := acct.Validate(); err != nil {
		return invalid("account", err)
	}
	id, err := b.Account(acct)
	if err != nil {
		return err
	}
	g.a.id = id
	g.sum.Accounts++
	g.tick(&g.accountsM)

	for i := range g.contacts {
		c := &g.contacts[i]
		mc := model.Contact{AccountID: id, Name: c.name, Title: c.title, Email: c.email, Phone: c.phone,
			CreatedAt: g.a.created, UpdatedAt: g.a.created}
		if err := mc.Validate(); err != nil {
			return invalid("contact", err)
		}
		if c.id, err = b.Contact(mc); err != nil {
			return err
		}
		g.sum.Contacts++
	}
	for i := range g.deals {
		if err := g.writeDeal(b, p, &g.deals[i]); err != nil {
			return err
		}
	}
	for _, k := range g.order {
		a := &g.acts[k.i]
		ma := model.Activity{AccountID: id, Kind: a.kind, Text: a.text, At: a.at, Due: a.due, CreatedAt: a.created}
		if a.deal >= 0 {
			ma.DealID = g.deals[a.deal].id
		}
		if a.contact >= 0 {
			ma.ContactID = g.contacts[a.contact].id
		}
		if err := ma.Validate(); err != nil {
			return invalid("activity", err)
		}
		if _, err := b.Activity(ma); err != nil {
			return err
		}
		g.sum.Activities++
		g.tick(&g.activitiesM)
	}
	if err := g.writeContracts(b, p); err != nil {
		return err
	}
	if err := g.writeService(b, p); err != nil {
		return err
	}
	if err := g.writeRenewalAtRisk(b, p); err != nil {
		return err
	}
	if p.status == model.Customer && acct.CheckInDue(g.loc).Before(g.today) && !g.a.serviceTouch.After(acct.LastTouchAt) {
		g.lateSeen++
	}
	if g.a.serviceTouch.After(acct.LastTouchAt) {
		acct.ID, acct.LastTouchAt = id, g.a.serviceTouch
		if acct.CheckInDue(g.loc).Before(g.today) && p.status == model.Customer {
			g.lateSeen++
		}
		return b.UpdateTouch(acct)
	}
	return nil
}

func (g *gen) contactID(i int) int64 {
	if i < 0 {
		return 0
	}
	return g.contacts[i].id
}

func (g *gen) writeDeal(b *store.Bulk, p *acctPlan, d *dealPlan) error {
	k := len(d.entries) - 1
	md := model.Deal{
		AccountID:     g.a.id,
		ContactID:     g.contactID(d.contact),
		Title:         d.title,
		Kind:          d.kind,
		StageID:       g.stages[d.stage].ID,
		Status:        d.status,
		Value:         model.Money{Minor: d.value, Currency: p.currency},
		ExpectedClose: d.expected,
		Source:        d.source,
		NextStep:      d.nextStep,
		NextDue:       d.nextDue,
		LostReason:    d.lostReason,
		CreatedAt:     d.entries[0],
		UpdatedAt:     d.lastTouch,
		ClosedAt:      d.closedAt,
		StageEntered:  d.entries[k],
		LastTouchAt:   d.lastTouch,
	}
	if d.hasProb {
		prob := d.prob
		md.Probability = &prob
	}
	if err := md.Validate(); err != nil {
		return invalid("deal", err)
	}
	id, err := b.Deal(md)
	if err != nil {
		return err
	}
	d.id = id
	g.sum.Deals++
	g.tick(&g.dealsM)

	g.events = append(g.events[:0], model.DealEvent{DealID: id, At: d.entries[0], Kind: model.EventCreated,
		ToStageID: g.stages[0].ID, NewText: string(model.Open), NewMinor: d.value})
	for i := 1; i <= k; i++ {
		g.events = append(g.events, model.DealEvent{DealID: id, At: d.entries[i], Kind: model.EventStage,
			FromStageID: g.stages[i-1].ID, ToStageID: g.stages[i].ID})
	}
	if !d.slipAt.IsZero() {
		g.events = append(g.events, model.DealEvent{DealID: id, At: d.slipAt, Kind: model.EventCloseDate,
			OldText: d.slipFrom.String(), NewText: d.expected.String()})
	}
	if d.status != model.Open {
		g.events = append(g.events, model.DealEvent{DealID: id, At: d.closedAt, Kind: model.EventStatus,
			OldText: string(model.Open), NewText: string(d.status)})
	}
	slices.SortStableFunc(g.events, func(a, b model.DealEvent) int { return a.At.Compare(b.At) })
	for _, e := range g.events {
		if err := b.Event(e); err != nil {
			return err
		}
		g.sum.Events++
	}
	return nil
}

func (g *gen) writeContracts(b *store.Bulk, p *acctPlan) error {
	for i := range g.chain {
		l := &g.chain[i]
		if l.deal >= 0 {
			l.created = g.deals[l.deal].closedAt
		} else {
			l.created = laterOf(g.a.created, g.at(l.start.AddDays(-g.intIn(1, 10))))
		}
	}
	var prev int64
	for i := range g.chain {
		l := &g.chain[i]
		c := model.Contract{
			AccountID:  g.a.id,
			RenewsID:   prev,
			Value:      model.Money{Minor: l.value, Currency: p.currency},
			Start:      l.start,
			End:        l.end,
			AutoRenew:  g.a.autoRenew,
			NoticeDays: g.a.notice,
			Status:     l.status,
			CreatedAt:  l.created,
			UpdatedAt:  l.created,
		}
		if l.deal >= 0 {
			c.DealID = g.deals[l.deal].id
		}
		switch l.status {
		case model.ContractRenewed:
			c.UpdatedAt = laterOf(l.created, g.chain[i+1].created)
		case model.ContractChurned:
			c.ChurnReason = churnReasons[g.a.churn]
			c.UpdatedAt = laterOf(l.created, g.a.churnAt)
		}
		if err := c.Validate(); err != nil {
			return invalid("contract", err)
		}
		id, err := b.Contract(c)
		if err != nil {
			return err
		}
		l.id, prev = id, id
		g.sum.Contracts++
	}
	return nil
}

// writeService writes a customer's (or former customer's) support issues,
// the CSAT answers after some of them, and a few NPS answers. They are
// touches, so a customer's come before its last activity (a customer
// overdue for a check-in has heard nothing since), except the book's
// first two open issues, urgent and high, raised in the last ten days.
func (g *gen) writeService(b *store.Bulk, p *acctPlan) error {
	if p.status == model.Prospect {
		return nil
	}
	churned := p.status == model.Churned
	end := g.now
	switch {
	case churned:
		end = g.a.churnAt
	case !g.a.touched.IsZero() && g.a.touched.Before(end):
		end = g.a.touched
	}
	lo := laterOf(g.a.sinceAt, g.now.Add(-secs(540*day)))
	if !lo.Before(end) {
		lo = g.a.sinceAt
	}
	n := g.rng.IntN([]int{3, 4, 5}[p.tier]) + p.tier/2
	for range n {
		level := g.weighted(25, 45, 20, 10)
		sev := model.Severities[level]
		opened := g.workTime(lo, end)
		forceOpen := !churned && g.issuesSeen < 2
		if forceOpen {
			opened = g.between(laterOf(lo, g.now.Add(-secs(10*day))), g.now.Add(-secs(day+hour)))
			sev = []model.Severity{model.SevUrgent, model.SevHigh}[g.issuesSeen]
			level = sev.Rank()
			g.issuesSeen++
		}
		span := [][2]int64{{day, 21 * day}, {8 * hour, 7 * day}, {4 * hour, 3 * day}, {hour, day}}[level]
		took := span[0] + g.rng.Int64N(span[1]-span[0])
		resolved := opened.Add(secs(took))
		switch {
		case churned:
			resolved = earlierOf(resolved, end)
		case forceOpen, resolved.After(g.now),
			g.now.Sub(opened) < 30*24*time.Hour && g.chance(0.5), g.chance(0.03):
			resolved = time.Time{}
		}
		issue := model.SupportIssue{AccountID: g.a.id, Title: g.pick(issueTitles), Severity: sev, OpenedAt: opened, ResolvedAt: resolved}
		if err := issue.Validate(); err != nil {
			return invalid("support issue", err)
		}
		if _, err := b.Issue(issue); err != nil {
			return err
		}
		g.sum.Issues++
		g.a.serviceTouch = laterOf(g.a.serviceTouch, laterOf(opened, resolved))
		if resolved.IsZero() || !g.chance(0.65) {
			continue
		}
		at := resolved.Add(secs(hour + g.rng.Int64N(47*hour)))
		if at.After(end) {
			continue
		}
		score := 1 + g.weighted(5, 7, 12, 30, 46)
		if churned {
			score = 1 + g.weighted(10, 15, 25, 30, 20)
		}
		if (took > 5*day || sev == model.SevUrgent) && g.chance(0.4) {
			score = max(1, score-1)
		}
		comment := ""
		if g.chance(0.3) {
			comment = g.pick(csatGood)
			if score <= 2 || (score == 3 && g.chance(0.5)) {
				comment = g.pick(csatBad)
			}
		}
		if err := g.writeSurvey(b, model.CSAT, score, comment, at); err != nil {
			return err
		}
	}
	months := int(end.Sub(lo) / (30 * 24 * time.Hour))
	for range g.intIn(1, min(3, 1+months/6)) {
		score := g.weighted(1, 1, 1, 2, 2, 4, 6, 12, 18, 25, 28)
		if churned {
			score = g.weighted(6, 6, 8, 10, 12, 14, 14, 12, 8, 6, 4)
		}
		comment := ""
		if g.chance(0.3) {
			comment = g.pick(npsGood)
			if score <= 6 || (score <= 8 && g.chance(0.5)) {
				comment = g.pick(npsBad)
			}
		}
		if err := g.writeSurvey(b, model.NPS, score, comment, g.workTime(lo, end)); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) writeSurvey(b *store.Bulk, kind model.SurveyKind, score int, comment string, at time.Time) error {
	sv := model.Survey{AccountID: g.a.id, ContactID: g.contactID(g.someContact(0.9)), Kind: kind, Score: score,
		Comment: comment, At: at}
	if err := sv.Validate(); err != nil {
		return invalid("survey response", err)
	}
	if _, err := b.Survey(sv); err != nil {
		return err
	}
	g.sum.Surveys++
	g.a.serviceTouch = laterOf(g.a.serviceTouch, at)
	return nil
}
