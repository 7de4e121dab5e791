package model

// The records behind each figure, as the drill-down lists show them: their
// count and sum always equal the figure.

// MetricDeal is a deal as a drill-down lists it. Which fields are filled
// depends on the list: Created and Closed are local dates; CycleDays is
// set for the sales cycle; Reached and WonAtEnd for a conversion cohort;
// Probability for the weighted pipeline.
type MetricDeal struct {
	ID          int64
	AccountID   int64
	AccountName string
	Title       string
	Kind        DealKind
	Status      DealStatus
	StageID     int64
	StageName   string
	Value       Money
	Created     Date
	Closed      Date
	CycleDays   int

	// Conversion cohort: the furthest board position the deal had been in
	// by the end of the period (0 if none of today's stages), and whether
	// it stood won then.
	Reached  int
	WonAtEnd bool

	// Weighted pipeline: the probability used (the deal's own, else its
	// stage's) and whether it is the deal's own.
	Probability int
	OwnProb     bool
}

// ReachedStage reports whether a cohort deal reached the stage at 1-based
// board position k.
func (d MetricDeal) ReachedStage(k int) bool {
	return Reach{Position: d.Reached, Won: d.WonAtEnd}.Reached(k)
}

// Weighted is the deal's value × probability ÷ 100, exactly.
func (d MetricDeal) Weighted() Ratio { return WeightedValue(d.Value.Minor, d.Probability) }

// NewCustomer is an account won in the period: its first won
// new-business deal closed then.
type NewCustomer struct {
	AccountID   int64
	AccountName string
	DealID      int64
	DealTitle   string
	Won         Date // local date the deal closed
	Value       Money
}

// SurveyAnswer is one answer behind CSAT or NPS.
type SurveyAnswer struct {
	Survey
	AccountName string
	Date        Date // local date answered
}
