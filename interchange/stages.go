package interchange

import (
	"fmt"
	"sort"
	"strings"

	"rolo/model"
)

// StagePresets map the default pipelines of HubSpot, Pipedrive and
// Salesforce onto rolo's default stages (the README shows them). "won" and
// "lost" are statuses, not stages.
var StagePresets = map[Source][][2]string{
	HubSpot: {
		{"appointmentscheduled", "Prospecting"}, {"Appointment Scheduled", "Prospecting"},
		{"qualifiedtobuy", "Qualifying"}, {"Qualified To Buy", "Qualifying"},
		{"presentationscheduled", "Presenting"}, {"Presentation Scheduled", "Presenting"},
		{"decisionmakerboughtin", "Closing"}, {"Decision Maker Bought-In", "Closing"},
		{"contractsent", "Closing"}, {"Contract Sent", "Closing"},
		{"closedwon", "won"}, {"Closed Won", "won"},
		{"closedlost", "lost"}, {"Closed Lost", "lost"},
	},
	Pipedrive: {
		{"Lead In", "Prospecting"},
		{"Qualified", "Qualifying"}, {"Contact Made", "Qualifying"}, {"Needs Defined", "Qualifying"},
		{"Demo Scheduled", "Presenting"}, {"Proposal Made", "Presenting"},
		{"Negotiations Started", "Closing"},
	},
	Salesforce: {
		{"Prospecting", "Prospecting"},
		{"Qualification", "Qualifying"}, {"Needs Analysis", "Qualifying"},
		{"Value Proposition", "Presenting"}, {"Id. Decision Makers", "Presenting"}, {"Perception Analysis", "Presenting"},
		{"Proposal/Price Quote", "Presenting"},
		{"Negotiation/Review", "Closing"},
		{"Closed Won", "won"}, {"Closed Lost", "lost"},
	},
}

// closedWords are stage names that mean a status in every source.
var closedWords = map[string]model.DealStatus{
	"won": model.Won, "closed won": model.Won, "closedwon": model.Won, "closed-won": model.Won,
	"lost": model.Lost, "closed lost": model.Lost, "closedlost": model.Lost, "closed-lost": model.Lost,
}

// StageMap turns the stage names a file uses into rolo stages, or into a
// won/lost status. Stages it cannot map are collected, never guessed: the
// import stops and StageError says which --stage-map lines fix it.
type StageMap struct {
	stages   []model.Stage
	byName   map[string]model.Stage
	rules    map[string]string // their stage (folded) → our stage name or won/lost
	user     map[string]bool   // rules that came from --stage-map
	unmapped map[string]*UnmappedStage
}

// UnmappedStage is a stage name found in the file that maps to nothing.
type UnmappedStage struct {
	Name  string
	Deals int
	Files map[string]bool
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// NewStageMap builds the map for a source from rolo's stages, that
// source's preset, and the user's --stage-map "Their stage=Our stage".
func NewStageMap(stages []model.Stage, source Source, userRules []string) (*StageMap, error) {
	m := &StageMap{stages: stages, byName: map[string]model.Stage{}, rules: map[string]string{}, user: map[string]bool{},
		unmapped: map[string]*UnmappedStage{}}
	for _, st := range stages {
		m.byName[fold(st.Name)] = st
	}
	for _, p := range StagePresets[source] {
		m.rules[fold(p[0])] = p[1]
	}
	for _, r := range userRules {
		their, ours, ok := strings.Cut(r, "=")
		if !ok || strings.TrimSpace(their) == "" || strings.TrimSpace(ours) == "" {
			return nil, fmt.Errorf("--stage-map %q: write it as \"Their stage=Our stage\"", r)
		}
		target := strings.TrimSpace(ours)
		if _, ok := closedWords[fold(target)]; !ok {
			st, err := matchStageName(stages, target)
			if err != nil {
				return nil, fmt.Errorf("--stage-map %q: %v", r, err)
			}
			target = st.Name
		}
		m.rules[fold(their)] = target
		m.user[fold(their)] = true
	}
	return m, nil
}

// matchStageName finds a rolo stage by name or unique prefix.
func matchStageName(stages []model.Stage, name string) (model.Stage, error) {
	want := fold(name)
	var prefix []model.Stage
	for _, st := range stages {
		if fold(st.Name) == want {
			return st, nil
		}
		if strings.HasPrefix(fold(st.Name), want) {
			prefix = append(prefix, st)
		}
	}
	if len(prefix) == 1 {
		return prefix[0], nil
	}
	return model.Stage{}, fmt.Errorf("%q is not a rolo stage (%s, or won / lost)", model.Clean(name), stageList(stages))
}

func stageList(stages []model.Stage) string {
	names := make([]string, len(stages))
	for i, st := range stages {
		names[i] = model.Clean(st.Name)
	}
	return strings.Join(names, ", ")
}

// Resolve maps a file's stage. A closed stage gives the status and the
// stage the deal is kept in (the last stage for won, the first for lost:
// the file does not say where it died). ok is false for an unmapped stage,
// which is remembered for StageError.
func (m *StageMap) Resolve(their, file string) (stageID int64, status model.DealStatus, ok bool) {
	key := fold(their)
	target, ruled := m.rules[key]
	if !ruled {
		if st, found := m.byName[key]; found {
			return st.ID, model.Open, true
		}
		if s, closed := closedWords[key]; closed {
			return m.closedStage(s), s, true
		}
		m.miss(their, file)
		return 0, "", false
	}
	if s, closed := closedWords[fold(target)]; closed {
		return m.closedStage(s), s, true
	}
	if st, found := m.byName[fold(target)]; found {
		return st.ID, model.Open, true
	}
	// A preset names a default stage this file's user has renamed.
	m.miss(their, file)
	return 0, "", false
}

// closedStage is the stage a won or lost deal with no stage is kept in.
func (m *StageMap) closedStage(s model.DealStatus) int64 {
	if len(m.stages) == 0 {
		return 0
	}
	if s == model.Won {
		return m.stages[len(m.stages)-1].ID
	}
	return m.stages[0].ID
}

// miss remembers a stage that maps to nothing.
func (m *StageMap) miss(their, file string) {
	key := fold(their)
	u := m.unmapped[key]
	if u == nil {
		u = &UnmappedStage{Name: strings.TrimSpace(their), Files: map[string]bool{}}
		m.unmapped[key] = u
	}
	u.Deals++
	u.Files[file] = true
}

// Unmapped lists the stages found that map to nothing, by name.
func (m *StageMap) Unmapped() []*UnmappedStage {
	out := make([]*UnmappedStage, 0, len(m.unmapped))
	for _, u := range m.unmapped {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// StageError is the message that stops an import with unmapped stages: the
// list, and the --stage-map arguments that would map them (a suggestion
// the user checks, never applied by itself).
func (m *StageMap) StageError() error {
	un := m.Unmapped()
	if len(un) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d deal stage(s) in the file are not rolo stages, so nothing was imported:\n", len(un))
	var fix []string
	for _, u := range un {
		fmt.Fprintf(&b, "  %q (%s)\n", model.Clean(u.Name), plural(u.Deals, "deal", "deals"))
		fix = append(fix, fmt.Sprintf("--stage-map %s", shellQuote(u.Name+"="+m.suggest(u.Name))))
	}
	fmt.Fprintf(&b, "Map each to one of %s (or won / lost). For example, check these and add them to the command:\n  %s",
		stageList(m.stages), strings.Join(fix, " \\\n  "))
	return fmt.Errorf("%s", b.String())
}

// suggest picks a plausible rolo stage for an unknown name from its words.
func (m *StageMap) suggest(name string) string {
	n := fold(name)
	var want string
	switch {
	case strings.Contains(n, "won") || strings.Contains(n, "signed"):
		return "won"
	case strings.Contains(n, "lost") || strings.Contains(n, "dead") || strings.Contains(n, "disqualif"):
		return "lost"
	case containsAny(n, "negotiat", "contract", "legal", "clos", "commit", "verbal", "procure"):
		want = "Closing"
	case containsAny(n, "demo", "present", "proposal", "quote", "pitch", "value", "evaluat", "trial"):
		want = "Presenting"
	case containsAny(n, "qualif", "discover", "need", "meeting", "contact"):
		want = "Qualifying"
	default:
		want = "Prospecting"
	}
	if st, ok := m.byName[fold(want)]; ok {
		return st.Name
	}
	if len(m.stages) > 0 {
		return m.stages[0].Name
	}
	return want
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// shellQuote quotes an argument for a POSIX shell: in double quotes, as
// people write it, unless it holds characters a shell would expand there.
func shellQuote(s string) string {
	if !strings.ContainsAny(s, "\"$`\\!") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
