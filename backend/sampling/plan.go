package sampling

import (
	"fmt"
	"slices"
	"time"

	"auditroom/backend/audit"
)

// Bases of a sampling plan: why a sample has its size.
const (
	ByFrequency   = "frequency"   // the frequency table, by frequency and risk
	ByStatistical = "statistical" // attribute sampling: confidence, tolerable and expected rates
)

// Plan is why a sample has its size, kept with the sample so that its test
// is evaluated at the rates the size was chosen for, and the workpapers
// and report can say why.
type Plan struct {
	Basis      string         `json:"basis"` // frequency or statistical
	SampleSize int            `json:"sample_size"`
	Frequency  *FrequencyPlan `json:"frequency,omitempty"`
	Attribute  *AttributePlan `json:"attribute,omitempty"`
	// AICPACell is the cell of AICPA Tables the statistical size
	// is, when the guide prints one for these rates; null otherwise.
	AICPACell *TableCell `json:"aicpa_cell,omitempty"`
	// Confidence and Tolerable are what a test of the sample is evaluated
	// at: the plan's own, or for a frequency size those the table's size
	// represents (FrequencyRates).
	Confidence string `json:"confidence"`
	Tolerable  string `json:"tolerable"`
	Rationale  string `json:"rationale"`
}

// TableCell names a cell of the AICPA sample size tables.
type TableCell struct {
	Table     string `json:"table"`     // "A-1" (5% risk of overreliance) or "A-2" (10%)
	Tolerable string `json:"tolerable"` // the column, e.g. "5%"
	Expected  string `json:"expected"`  // the row, e.g. "0.00%"
}

func (c TableCell) String() string {
	return fmt.Sprintf("AICPA Audit Guide: Audit Sampling, Table %s, tolerable rate %s, expected rate %s", c.Table, c.Tolerable, c.Expected)
}

// The columns and rows of Tables, in percent (testdata/aicpa).
var (
	tableTolerable = []string{"2", "3", "4", "5", "6", "7", "8", "9", "10", "15", "20"}
	tableExpected  = []string{"0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "1.75", "2.00", "2.25", "2.50", "2.75",
		"3.00", "3.25", "3.50", "3.75", "4.00", "5.00", "6.00", "7.00", "8.00", "9.00", "10.00", "12.50", "15.00", "17.50"}
)

// FrequencyRates are the confidence and tolerable rate a frequency-sized
// sample of n items represents: 90% confidence at lower risk, 95% at
// higher, and as tolerable rate the smallest whole percent that a sample
// of n without deviations bounds at that confidence (its upper deviation
// limit, rounded up). So a clean sample of the table's size supports the
// reliance it was sized for, and any deviation is weighed against the same
// rates (docs/methodology.md, "What a frequency size represents").
func FrequencyRates(n int, r Risk) (confidence, tolerable Rate) {
	confidence = MustRate("90%")
	if r == HigherRisk {
		confidence = MustRate("95%")
	}
	permille := UpperLimitPermille(0, n, complement(confidence).Rat())
	pct := min(99, (permille+9)/10)
	return confidence, RateOf(int64(pct), 100)
}

// FrequencyBasis makes the plan of a frequency size.
func FrequencyBasis(p FrequencyPlan) Plan {
	conf, tol := FrequencyRates(p.SampleSize, Risk(p.Risk))
	return Plan{Basis: ByFrequency, SampleSize: p.SampleSize, Frequency: &p, Confidence: conf.Percent(), Tolerable: tol.Percent(),
		Rationale: fmt.Sprintf("%s A test of it is evaluated at %s confidence and a %s tolerable rate, what a sample of %d without deviations supports at %s risk.",
			p.Explanation, conf.Percent(), tol.Percent(), p.SampleSize, p.Risk)}
}

// StatisticalBasis makes the plan of an attribute sample size.
func StatisticalBasis(in AttributeInput, p AttributePlan) Plan {
	pl := Plan{Basis: ByStatistical, SampleSize: p.SampleSize, Attribute: &p, Confidence: in.Confidence.Percent(),
		Tolerable: in.Tolerable.Percent(), Rationale: p.Explanation}
	if c, ok := aicpaCell(in); ok {
		pl.AICPACell = &c
		pl.Rationale += fmt.Sprintf(" It is the size the guide prints in %s.", c)
	}
	return pl
}

// aicpaCell finds the printed cell of a large-population plan at 95% or
// 90% confidence with an expected rate (not fixed deviations).
func aicpaCell(in AttributeInput) (TableCell, bool) {
	if in.Population > 0 || in.ExpectedDeviations != nil {
		return TableCell{}, false
	}
	var c TableCell
	switch {
	case in.Confidence.Cmp(MustRate("95%")) == 0:
		c.Table = "A-1"
	case in.Confidence.Cmp(MustRate("90%")) == 0:
		c.Table = "A-2"
	default:
		return c, false
	}
	tol := slices.IndexFunc(tableTolerable, func(s string) bool { return MustRate(s+"%").Cmp(in.Tolerable) == 0 })
	exp := slices.IndexFunc(tableExpected, func(s string) bool {
		return MustRate(s+"%").Rat().Cmp(in.Expected.Rat()) == 0
	})
	if tol < 0 || exp < 0 || in.Expected.Cmp(in.Tolerable) >= 0 {
		return c, false
	}
	c.Tolerable, c.Expected = tableTolerable[tol]+"%", tableExpected[exp]+"%"
	return c, true
}

// PlanInput asks for a plan: a frequency and risk, or a confidence and
// tolerable rate (with an optional expected rate). It is what a user gives
// when drawing a sample; the population and the engagement's period are
// filled in from the store.
type PlanInput struct {
	Frequency string `json:"frequency,omitempty"`
	Risk      string `json:"risk,omitempty"` // lower or higher; default higher
	// ProRate pro-rates a frequency size by the engagement's period when it
	// is shorter than 12 months: an explicit choice, kept in the plan.
	ProRate      bool   `json:"pro_rate,omitempty"`
	Confidence   string `json:"confidence,omitempty"`
	Tolerable    string `json:"tolerable,omitempty"`
	ExpectedRate string `json:"expected_rate,omitempty"`
	// FinitePopulation sizes by the population's row count (hypergeometric)
	// instead of as a large population (binomial, the AICPA tables).
	FinitePopulation bool `json:"finite_population,omitempty"`
}

// Make works out the plan for a population of rows over the period.
func (in PlanInput) Make(periodStart, periodEnd time.Time, rows int) (Plan, error) {
	statistical := in.Confidence != "" || in.Tolerable != "" || in.ExpectedRate != "" || in.FinitePopulation
	switch {
	case in.Frequency != "" && statistical:
		return Plan{}, audit.Errorf(audit.EINVALID, "a plan is by frequency or by confidence and tolerable rate, not both")
	case in.Frequency != "":
		f, err := ParseFrequency(in.Frequency)
		if err != nil {
			return Plan{}, err
		}
		r := HigherRisk
		if in.Risk != "" {
			if r, err = ParseRisk(in.Risk); err != nil {
				return Plan{}, err
			}
		}
		if in.ProRate && periodStart.IsZero() {
			return Plan{}, audit.Errorf(audit.EINVALID, "pro-rating needs the engagement's period")
		}
		fi := FrequencyInput{Frequency: f, Risk: r, ProRate: in.ProRate}
		if in.ProRate {
			fi.PeriodStart, fi.PeriodEnd = periodStart, periodEnd
		}
		p, err := FrequencySize(fi)
		if err != nil {
			return Plan{}, err
		}
		return FrequencyBasis(p), nil
	case in.Risk != "" || in.ProRate:
		return Plan{}, audit.Errorf(audit.EINVALID, "risk and pro-rating go with a frequency")
	}
	var a AttributeInput
	var err error
	if a.Confidence, err = ParseRate(in.Confidence); err != nil {
		return Plan{}, audit.Errorf(audit.EINVALID, "confidence: %s", audit.ErrorMessage(err))
	}
	if a.Tolerable, err = ParseRate(in.Tolerable); err != nil {
		return Plan{}, audit.Errorf(audit.EINVALID, "tolerable rate: %s", audit.ErrorMessage(err))
	}
	if in.ExpectedRate != "" {
		if a.Expected, err = ParseRate(in.ExpectedRate); err != nil {
			return Plan{}, audit.Errorf(audit.EINVALID, "expected rate: %s", audit.ErrorMessage(err))
		}
	}
	if in.FinitePopulation {
		a.Population = rows
	}
	p, err := AttributeSize(a)
	if err != nil {
		return Plan{}, err
	}
	return StatisticalBasis(a, p), nil
}
