package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Stage is one step of the sales process. Stages are data: the user can
// rename, add and reorder them.
type Stage struct {
	ID          int64
	Name        string
	Position    int // order on the board, smallest first
	Probability int // default win probability in percent, 0–100
	RotDays     int // a deal untouched for this long in this stage is rotting; 0 = never
	Archived    bool
	Version     int64 // bumped by every change to the stored row
}

// Validate checks a stage before it is saved.
func (s Stage) Validate() error {
	if err := checkName("name", s.Name); err != nil {
		return err
	}
	if len([]rune(s.Name)) > 40 {
		return fieldErr("name", "keep stage names short (at most 40 characters)")
	}
	if err := checkPercent("probability", s.Probability); err != nil {
		return err
	}
	if s.RotDays < 0 || s.RotDays > 3650 {
		return fieldErr("rot days", "must be between 0 (never) and 3650")
	}
	return nil
}

// DefaultStages is the sales process a new database starts with.
func DefaultStages() []Stage {
	return []Stage{
		{Name: "Prospecting", Position: 1, Probability: 10, RotDays: 14},
		{Name: "Qualifying", Position: 2, Probability: 25, RotDays: 14},
		{Name: "Presenting", Position: 3, Probability: 50, RotDays: 21},
		{Name: "Closing", Position: 4, Probability: 80, RotDays: 10},
	}
}

// DealKind says whether a deal wins a new customer or grows or keeps one.
type DealKind string

const (
	NewBusiness DealKind = "new"
	Expansion   DealKind = "expansion"
	Renewal     DealKind = "renewal"
)

// DealKinds lists the kinds.
var DealKinds = []DealKind{NewBusiness, Expansion, Renewal}

// DealStatus is kept apart from the stage: a lost deal remembers the stage
// it died in.
type DealStatus string

const (
	Open DealStatus = "open"
	Won  DealStatus = "won"
	Lost DealStatus = "lost"
)

// DealStatuses lists the statuses.
var DealStatuses = []DealStatus{Open, Won, Lost}

// Source is where a deal (or an acquisition cost) came from.
type Source string

const (
	SourceColdCall Source = "cold call"
	SourceEmail    Source = "email"
	SourceSocial   Source = "social"
	SourceReferral Source = "referral"
	SourceInbound  Source = "inbound"
	SourceEvent    Source = "event"
	SourceOther    Source = "other"
)

// Sources lists the sources in display order.
var Sources = []Source{SourceColdCall, SourceEmail, SourceSocial, SourceReferral, SourceInbound, SourceEvent, SourceOther}

// Deal is an opportunity to sell: new business, an expansion or a renewal.
type Deal struct {
	ID            int64
	AccountID     int64
	AccountName   string // filled by queries for display
	ContactID     int64  // 0 if none
	ContactName   string // filled by queries for display
	Title         string
	Kind          DealKind
	StageID       int64
	Status        DealStatus
	Value         Money
	Probability   *int // override of the stage default, percent; nil = use the stage's
	ExpectedClose Date
	Source        Source
	NextStep      string
	NextDue       Date
	SnoozedUntil  Date // hidden from the Today queue until this day
	LostReason    string
	Notes         string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	ClosedAt      time.Time // when won or lost
	StageEntered  time.Time // when it entered its current stage
	LastTouchAt   time.Time // latest activity or move; drives rotting
	Archived      bool
	Ref           Ref
	// Version is bumped by every change to the stored row. A write based
	// on this copy passes it back so the store can tell whether the row
	// changed since it was read (store.ErrStale).
	Version int64
}

// Validate checks a deal before it is saved.
func (d Deal) Validate() error {
	if d.AccountID == 0 {
		return fieldErr("account", "a deal needs an account; pick one or create it")
	}
	if err := checkName("title", d.Title); err != nil {
		return err
	}
	if err := oneOf("kind", d.Kind, DealKinds); err != nil {
		return err
	}
	if d.StageID == 0 {
		return fieldErr("stage", "pick a stage")
	}
	if err := oneOf("status", d.Status, DealStatuses); err != nil {
		return err
	}
	if err := checkMoney("value", d.Value); err != nil {
		return err
	}
	if d.Probability != nil {
		if err := checkPercent("probability", *d.Probability); err != nil {
			return err
		}
	}
	if d.Source != "" {
		if err := oneOf("source", d.Source, Sources); err != nil {
			return err
		}
	}
	if err := checkDate("expected close", d.ExpectedClose); err != nil {
		return err
	}
	if err := checkDate("next step due", d.NextDue); err != nil {
		return err
	}
	if utf8.RuneCountInString(d.NextStep) > MaxNameLen {
		return fieldErr("next step", "keep it to one line (at most %d characters)", MaxNameLen)
	}
	if d.Status == Lost && strings.TrimSpace(d.LostReason) == "" {
		return fieldErr("lost reason", "say why the deal was lost")
	}
	return checkText("notes", d.Notes)
}

// EffectiveProbability is the deal's override, else the stage default.
func (d Deal) EffectiveProbability(stageDefault int) int {
	if d.Probability != nil {
		return *d.Probability
	}
	return stageDefault
}

// Weighted is value × probability, rounded down to a whole minor unit.
func (d Deal) Weighted(stageDefault int) Money {
	return Money{Minor: d.Value.Minor * int64(d.EffectiveProbability(stageDefault)) / 100, Currency: d.Value.Currency}
}

// IsRotting reports whether an open deal has gone untouched for longer
// than its stage's rot days.
func (d Deal) IsRotting(stage Stage, now time.Time) bool {
	if d.Status != Open || stage.RotDays <= 0 {
		return false
	}
	touched := d.LastTouchAt
	if touched.IsZero() {
		touched = d.CreatedAt
	}
	return now.Sub(touched) > time.Duration(stage.RotDays)*24*time.Hour
}

// DaysIdle is how many whole days since the deal was last touched.
func (d Deal) DaysIdle(now time.Time) int {
	touched := d.LastTouchAt
	if touched.IsZero() {
		touched = d.CreatedAt
	}
	return int(now.Sub(touched) / (24 * time.Hour))
}

// NextStepState classifies a deal's next step against today, as the
// board's signal: overdue, today, later, or none.
type NextStepState int

const (
	NextNone NextStepState = iota
	NextOverdue
	NextToday
	NextLater
)

// NextStepState is the deal's follow-up state for today.
func (d Deal) NextStepState(today Date) NextStepState {
	switch {
	case d.NextDue.IsZero() && d.NextStep == "":
		return NextNone
	case d.NextDue.IsZero():
		return NextLater
	case d.NextDue.Before(today):
		return NextOverdue
	case d.NextDue == today:
		return NextToday
	}
	return NextLater
}

// DealEventKind names what changed on a deal.
type DealEventKind string

const (
	EventCreated   DealEventKind = "created"
	EventStage     DealEventKind = "stage"
	EventStatus    DealEventKind = "status"
	EventValue     DealEventKind = "value"
	EventCloseDate DealEventKind = "close_date"
)

// DealEvent is one append-only entry of a deal's history: the single
// source for stage conversion, velocity and slippage.
type DealEvent struct {
	ID          int64
	DealID      int64
	At          time.Time
	Kind        DealEventKind
	FromStageID int64 // stage events (and created: the first stage)
	ToStageID   int64
	OldText     string // status: old/new status; close_date: old/new date; value: currency
	NewText     string
	OldMinor    int64 // value events
	NewMinor    int64
}
