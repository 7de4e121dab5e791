package demo

// The word lists the demo book is made from. Every company and person is
// invented from these parts; websites and emails use the reserved
// .example top-level domain so nothing points at a real site.

// industry is a line of business with the words that make its company
// names and the products sold to it.
type industry struct {
	name     string
	words    []string // last word of a company name: "Bluepeak Freight"
	products []string // what we sell them: "Fleet tracking"
}

var industries = []industry{
	{"SaaS", []string{"Software", "Labs", "Cloud", "Analytics", "Systems", "Digital"},
		[]string{"Usage analytics", "Customer portal", "API gateway", "Billing engine"}},
	{"logistics", []string{"Logistics", "Freight", "Shipping", "Transport", "Cargo", "Haulage"},
		[]string{"Fleet tracking", "Route planning", "Warehouse scanning", "Proof of delivery"}},
	{"healthcare", []string{"Health", "Clinics", "Care", "Medical", "Diagnostics", "Therapeutics"},
		[]string{"Patient scheduling", "Clinical forms", "Staff rostering", "Referral tracking"}},
	{"manufacturing", []string{"Manufacturing", "Industries", "Components", "Fabrication", "Machining", "Plastics"},
		[]string{"Shop-floor MES", "Predictive maintenance", "Quality inspection", "Supplier portal"}},
	{"retail", []string{"Retail", "Outfitters", "Goods", "Markets", "Stores", "Trading"},
		[]string{"POS integration", "Inventory sync", "Loyalty app", "Store workforce"}},
	{"fintech", []string{"Payments", "Capital", "Finance", "Lending", "Ledger", "Pay"},
		[]string{"KYC automation", "Payments reconciliation", "Fraud scoring", "Audit trail"}},
	{"education", []string{"Learning", "Academy", "Education", "Schools", "Tutoring", "Institute"},
		[]string{"Learning portal", "Timetabling", "Student records", "Parent app"}},
	{"media", []string{"Media", "Studios", "Publishing", "Broadcast", "Pictures", "Press"},
		[]string{"Asset library", "Ad scheduling", "Rights management", "Editorial planner"}},
	{"construction", []string{"Construction", "Builders", "Contracting", "Structures", "Engineering", "Homes"},
		[]string{"Site diary", "Project costing", "Equipment tracking", "Subcontractor portal"}},
	{"energy", []string{"Energy", "Power", "Solar", "Utilities", "Renewables", "Grid"},
		[]string{"Meter data platform", "Field service app", "Asset monitoring", "Outage reporting"}},
	{"hospitality", []string{"Hotels", "Hospitality", "Resorts", "Dining", "Inns", "Venues"},
		[]string{"Booking engine", "Housekeeping app", "Guest messaging", "Revenue dashboard"}},
	{"professional services", []string{"Consulting", "Partners", "Advisory", "Associates", "Group", "Accounting"},
		[]string{"Time tracking", "Client portal", "Resource planning", "Document automation"}},
}

// Company names are a made-up stem (prefix + suffix, "Blue" + "peak")
// and an industry word.
var namePrefixes = []string{
	"Blue", "Iron", "Silver", "North", "Cedar", "Oak", "Red", "Granite", "Bright", "Clear",
	"Swift", "Amber", "Copper", "Falcon", "Harbor", "Maple", "Pine", "River", "Stone", "Sun",
	"Timber", "Violet", "West", "Willow", "Aspen", "Birch", "Coral", "Crystal", "East", "Elm",
	"Fern", "Frost", "Gold", "Green", "High", "Jade", "Lake", "Moss", "Opal", "Quartz",
	"Rain", "Sage", "Sky", "Snow", "Storm", "Wild", "Wind", "Zephyr",
}

var nameSuffixes = []string{
	"peak", "leaf", "stone", "field", "brook", "wave", "line", "gate", "point", "ridge",
	"wood", "bridge", "crest", "haven", "light", "path", "port", "rock", "side", "spring",
	"vale", "view", "water", "forge", "grove", "mark", "mount", "shore", "star", "fall",
	"loop", "beam", "hollow", "ford", "moor", "well",
}

// places disambiguate a name that is already taken.
var places = []string{
	"Austin", "Leeds", "Denver", "Bristol", "Lyon", "Porto", "Tampa", "Oslo", "Dublin", "Boise",
	"Turin", "Ghent", "Raleigh", "Tucson", "Utrecht", "Malmo", "Omaha", "Graz", "Cork", "Reno",
	"Quebec", "Perth", "Nantes", "Bergen", "Fresno", "Aarhus", "Bilbao", "Dayton", "Lille", "Salem",
}

var firstNames = []string{
	"Maria", "James", "Aisha", "Tom", "Priya", "Lukas", "Sofia", "Daniel", "Mei", "Carlos",
	"Hannah", "Omar", "Elena", "Kwame", "Laura", "Ravi", "Chloe", "Mateo", "Yuki", "Grace",
	"Noah", "Fatima", "Ben", "Ingrid", "Diego", "Sara", "Felix", "Amara", "Leo", "Nina",
	"Arjun", "Claire", "Jonas", "Zara", "Marcus", "Lena", "Samuel", "Hana", "Victor", "Rosa",
	"Ethan", "Leila", "Oscar", "Maya", "Isaac", "Alice", "Tariq", "Julia", "Kenji", "Emma",
	"Pablo", "Freya", "Adam", "Nadia", "Hugo", "Olivia", "Sean", "Anya", "Ryan", "Chiara",
}

var lastNames = []string{
	"Okafor", "Lindqvist", "Moreau", "Brennan", "Castillo", "Nakamura", "Patel", "Schneider", "Kowalski", "Haddad",
	"Fischer", "Romero", "Andersen", "Mensah", "Rossi", "Dubois", "Novak", "Walsh", "Tanaka", "Costa",
	"Bauer", "Iyer", "Larsen", "Murphy", "Silva", "Kaur", "Weber", "Nguyen", "Horvat", "Ferreira",
	"Holm", "Reyes", "Kim", "Ortiz", "Sato", "Byrne", "Jansen", "Petrov", "Osei", "Marino",
	"Keller", "Chen", "Varga", "Lopez", "Berg", "Doyle", "Rahman", "Vogel", "Ito", "Santos",
	"Hughes", "Nilsen", "Abara", "Conti", "Park", "Quinn", "Meyer", "Das", "Ward", "Engel",
}

// contactTitles by tier (smb, mid-market, enterprise): the first one drawn
// is the likeliest buyer.
var contactTitles = [3][]string{
	{"Founder & CEO", "Owner", "Operations Manager", "Office Manager", "Head of Finance", "IT Lead", "Sales Manager"},
	{"VP Sales", "Head of Ops", "CFO", "COO", "IT Director", "Head of Customer Success", "Finance Manager", "Product Manager"},
	{"VP Operations", "CIO", "Procurement Manager", "IT Director", "Head of Ops", "CFO", "Director of Digital", "Program Manager", "Security Lead"},
}

var churnReasons = []string{
	"switched to a competitor", "budget cut", "product did not fit their process", "acquired by a group on another tool",
	"champion left the company", "too expensive for their usage", "project cancelled",
}

// lostFor maps a churn reason (by index) to the renewal deal's lost reason.
var lostFor = []string{"competitor", "no budget", "no decision", "no decision", "went silent", "price", "timing"}

var lostReasons = []string{"price", "competitor", "no budget", "timing", "no decision", "went silent"}

var lostWeights = []int{26, 22, 16, 14, 12, 10}

var accountNotes = []string{
	"Fiscal year starts in April; budget is set in February.",
	"Prefers email; no calls before 10am.",
	"Parent company signs anything above 100k.",
	"Uses a competitor for the warehouse side.",
	"Met at the regional trade show; warm intro from a partner.",
	"Security review required for every new vendor.",
	"Decision by committee; the CFO has the final word.",
	"Seasonal business: avoid contacting them in December.",
}

// Next steps by how far along the deal is (early … late).
var nextSteps = [4][]string{
	{"Call back after intro email", "Send case study", "Book discovery call", "Find the right contact in ops", "Follow up on LinkedIn"},
	{"Book demo with CFO", "Confirm budget and timeline", "Send discovery notes", "Map the decision makers", "Get IT security questionnaire"},
	{"Send revised proposal", "Run demo for the ops team", "Share ROI model", "Answer security review questions", "Schedule pilot kickoff"},
	{"Chase signed order form", "Send contract redlines", "Confirm PO number", "Agree start date", "Get legal sign-off"},
}

var renewalSteps = []string{"Send renewal quote", "Book renewal call", "Confirm seat count for renewal", "Chase renewal signature", "Agree price uplift"}

// Activity lines. "{name}" is replaced by a contact's first name.
var (
	dealCalls = []string{
		"Left voicemail re: pricing", "Intro call with {name}, interested in a pilot", "Call with {name}: budget confirmed",
		"No answer, will try again Thursday", "Quick call: waiting on legal", "Discussed rollout timeline with {name}",
		"Call: they are comparing us with two vendors", "Pricing call, asked for a multi-year discount",
		"{name} confirmed the project is a priority this quarter", "Call with procurement about payment terms",
	}
	dealEmails = []string{
		"Sent proposal v2", "Emailed case study", "Followed up on the order form", "Sent meeting recap and next steps",
		"Replied to security questionnaire", "Shared pricing sheet with {name}", "Sent intro email",
		"Chased {name} for feedback", "Sent revised quote with volume tiers", "Shared reference customer contacts",
	}
	dealMeetings = []string{
		"Demo went well, CFO wants ROI numbers", "Discovery meeting: three pain points captured", "Onsite workshop with the ops team",
		"Pilot review: good adoption so far", "Negotiation meeting, agreed scope", "Kickoff meeting with {name}",
		"Technical deep-dive with their IT team", "Demo to {name} and two team leads",
	}
	dealNotes = []string{
		"Champion is {name}; procurement joins above 50k", "Budget cycle starts in April", "Competitor is the incumbent, contract ends soon",
		"{name} prefers email over calls", "Legal needs two weeks for redlines", "They want to go live before peak season",
		"Decision moved to next month's board meeting",
	}
	// Lines for renewal and expansion deals, by kind: call, email, meeting, note.
	renewalLines = [][]string{
		{"Renewal call: wants the uplift capped at 3%", "{name} confirmed renewal is in the budget", "Renewal call: asked about multi-year pricing"},
		{"Sent renewal quote", "Sent renewal terms to procurement", "Chased {name} for the renewal PO"},
		{"Renewal meeting: asked for a two-year term", "Renewal review with {name}: usage and pricing"},
		{"Procurement wants updated security docs before renewal", "Renewal needs sign-off from the new CFO"},
	}
	expansionLines = [][]string{
		{"Expansion call: 20 more seats for the new team", "{name} asked for a quote for the second site"},
		{"Sent expansion quote", "Emailed {name} the seat usage report"},
		{"Demoed the analytics module to {name}", "Workshop with the second site's managers"},
		{"Usage review shows they are over their seat count", "New team starts in January, needs licences"},
	}
	checkIns = []string{
		"Quarterly check-in: happy, asked about SSO", "Check-in with {name}: usage up 20%", "Check-in: some frustration with reporting",
		"Monthly check-in, no issues", "QBR with {name}: shared adoption numbers", "Check-in: new team lead needs onboarding",
		"Check-in: asked about the roadmap", "Check-in: renewal looks likely", "Check-in with {name}: wants a training session",
		"Check-in: open ticket is blocking one team",
	}
	// General touches with a customer (no deal).
	accountCalls = []string{
		"Call with {name} about their plans for next year", "Left voicemail for {name}", "Call: confirmed the new billing contact",
		"Reference call for another prospect, {name} agreed", "Call with {name}: new hires need accounts",
	}
	accountEmails = []string{
		"Sent product update newsletter", "Invited {name} to the customer webinar", "Sent training session recording",
		"Shared the release notes with {name}", "Sent intro email to the new IT lead", "Emailed usage report",
	}
	accountMeetings = []string{
		"Lunch with {name}", "Onsite visit: met the wider team", "Executive sponsor meeting", "Training session for new users",
	}
	accountNoteLines = []string{
		"Org change: {name} now reports to the COO", "They opened a new office", "Budget freeze until next quarter",
		"{name} is our day-to-day contact", "Heard they are evaluating tools for the finance team",
	}
	// General touches with a prospect (no deal yet, or between deals).
	prospectCalls = []string{
		"Cold call: {name} open to a chat next month", "Left voicemail for {name}", "Intro call: not ready yet, call back next quarter",
		"Gatekeeper call, got {name}'s direct line", "Call with {name}: happy with current vendor for now",
	}
	prospectEmails = []string{
		"Sent intro email", "Sent case study from a similar company", "Invited {name} to our webinar",
		"Follow-up email after the trade show", "Shared a short product video with {name}",
	}
	prospectMeetings = []string{"Coffee with {name} at the trade show", "Intro meeting: reviewed their current tools"}
	prospectNotes    = []string{
		"Using spreadsheets today", "Contract with their current vendor ends in spring", "{name} is the likely champion",
		"Heard they are expanding to a second site",
	}
	tasks = []string{
		"Send QBR deck", "Prepare renewal quote", "Follow up on open support ticket", "Book onsite visit", "Update account plan",
		"Send thank-you note to {name}", "Review usage report before the call", "Introduce {name} to support lead",
	}
)

var issueTitles = []string{
	"SSO login fails for some users", "Invoice shows the wrong VAT rate", "CSV export times out", "Dashboard slow to load",
	"Mobile app crashes on photo upload", "Cannot add new users", "Webhook deliveries delayed", "Report totals do not match",
	"Password reset email not arriving", "Data sync stuck since Monday", "API rate limit too low for nightly job",
	"Wrong time zone on scheduled reports", "Duplicate records after import", "Managers get a permission error",
	"Label printing misaligned", "Notifications sent twice", "Search misses recent records", "Billing contact cannot see invoices",
}

var (
	csatGood = []string{"Quick fix, thanks", "Very helpful support", "Solved on the first call", "Clear explanation"}
	csatBad  = []string{"Took too long", "Had to explain it three times", "Workaround only, not a fix", "Nobody followed up"}
	npsGood  = []string{"Great support team", "Saves us hours every week", "Easy to roll out", "Pricey but worth it"}
	npsBad   = []string{"Reporting is clunky", "Too expensive for what we use", "Missing integrations we need", "Support is slow"}
)

// costBase is each spend channel's typical monthly spend in the default
// book, in dollars, and costNotes what it pays for. Indexed like
// model.SpendChannels: ads, events, referral fees, tools, other.
var costBase = []int64{3600, 2600, 600, 900, 3500}

var costNotes = []string{"LinkedIn and search ads", "Trade show booth", "Referral bonuses",
	"Email tooling and lists", "SDR time (share) and misc. marketing"}
