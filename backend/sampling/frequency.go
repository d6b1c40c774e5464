package sampling

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// Frequency is how often a control operates: the control matrix's own
// frequencies (backend/scope), so a control's frequency sizes its sample
// as it stands.
type Frequency = scope.Frequency

// The frequencies that have a size; an as-needed control is sized from
// its population instead.
const (
	Annual        = scope.Annual
	Quarterly     = scope.Quarterly
	Monthly       = scope.Monthly
	Weekly        = scope.Weekly
	Daily         = scope.Daily
	MultipleDaily = scope.MultipleDaily
)

// Frequencies lists the frequencies from the rarest.
var Frequencies = slices.DeleteFunc(slices.Clone(scope.Frequencies), func(f Frequency) bool { return f == scope.AsNeeded })

// Risk is the risk the auditor assigns to a control: the higher, the larger
// the sample.
type Risk string

const (
	LowerRisk  Risk = "lower"
	HigherRisk Risk = "higher"
)

// perYear is how often a control of each frequency operates in a year. A
// daily control counts calendar days; one that operates several times a day
// is scaled by its days too.
var perYear = map[Frequency]int{Annual: 1, Quarterly: 4, Monthly: 12, Weekly: 52, Daily: 365, MultipleDaily: 365}

// SizeRange is a frequency's sample size at lower and at higher risk.
type SizeRange struct {
	Lower  int `json:"lower"`
	Higher int `json:"higher"`
}

// FrequencyTable gives the sample size for a period of a year or more by
// frequency. An engagement may replace the defaults with its firm's own.
type FrequencyTable map[Frequency]SizeRange

// DefaultFrequencyTable is the table common in SOC 2 practice (issue 6).
func DefaultFrequencyTable() FrequencyTable {
	return FrequencyTable{
		Annual:        {1, 1},
		Quarterly:     {2, 2},
		Monthly:       {2, 5},
		Weekly:        {5, 15},
		Daily:         {20, 40},
		MultipleDaily: {25, 60},
	}
}

// Validate checks that every frequency has sizes, at least 1, the higher
// no smaller than the lower.
func (t FrequencyTable) Validate() error {
	for f := range t {
		if _, ok := perYear[f]; !ok {
			return audit.Errorf(audit.EINVALID, "frequency table: unknown frequency %q (use %s)", f, frequencyNames())
		}
	}
	for _, f := range Frequencies {
		r, ok := t[f]
		switch {
		case !ok:
			return audit.Errorf(audit.EINVALID, "frequency table: no sizes for %s", f)
		case r.Lower < 1:
			return audit.Errorf(audit.EINVALID, "frequency table: %s lower-risk size %d must be at least 1", f, r.Lower)
		case r.Higher < r.Lower:
			return audit.Errorf(audit.EINVALID, "frequency table: %s higher-risk size %d is below the lower-risk size %d", f, r.Higher, r.Lower)
		}
	}
	return nil
}

func frequencyNames() string {
	s := make([]string, len(Frequencies))
	for i, f := range Frequencies {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// ParseFrequency reads a frequency name.
func ParseFrequency(s string) (Frequency, error) {
	f := Frequency(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := perYear[f]; !ok {
		return "", audit.Errorf(audit.EINVALID, "frequency %q is not one of %s", s, frequencyNames())
	}
	return f, nil
}

// ParseRisk reads lower or higher.
func ParseRisk(s string) (Risk, error) {
	r := Risk(strings.ToLower(strings.TrimSpace(s)))
	if r != LowerRisk && r != HigherRisk {
		return "", audit.Errorf(audit.EINVALID, "risk %q is not lower or higher", s)
	}
	return r, nil
}

// FrequencyInput asks for the sample size of a control by its frequency.
type FrequencyInput struct {
	Frequency Frequency
	Risk      Risk
	// PeriodStart and PeriodEnd (both or neither, inclusive) are the Type 2
	// period. ProRate asks for a period shorter than 12 months to pro-rate
	// the size: the auditor's choice, recorded with the plan, never a default.
	PeriodStart, PeriodEnd time.Time
	ProRate                bool
	Table                  FrequencyTable // nil for the defaults
}

// FrequencyPlan is a sample size by frequency and how it was reached.
type FrequencyPlan struct {
	SampleSize          int    `json:"sample_size"`
	Method              string `json:"method"` // "frequency"
	Frequency           string `json:"frequency"`
	Risk                string `json:"risk"`
	TableSize           int    `json:"table_size"` // the table's size for a year or more
	PeriodStart         string `json:"period_start,omitempty"`
	PeriodEnd           string `json:"period_end,omitempty"`
	PeriodDays          int    `json:"period_days,omitempty"`
	OccurrencesPerYear  int    `json:"occurrences_per_year"`
	OccurrencesInPeriod int    `json:"occurrences_in_period,omitempty"`
	ProRated            bool   `json:"pro_rated"`
	Explanation         string `json:"explanation"`
}

// FrequencySize returns the table's size for the frequency and risk. For a
// period shorter than 12 months it is pro-rated by the occurrences in the
// period (see occurrences): ⌈table size × occurrences in the period /
// occurrences a year⌉, never below 1 nor above the occurrences in the period.
func FrequencySize(in FrequencyInput) (FrequencyPlan, error) {
	t := in.Table
	if t == nil {
		t = DefaultFrequencyTable()
	}
	if err := t.Validate(); err != nil {
		return FrequencyPlan{}, err
	}
	if _, err := ParseFrequency(string(in.Frequency)); err != nil {
		return FrequencyPlan{}, err
	}
	if _, err := ParseRisk(string(in.Risk)); err != nil {
		return FrequencyPlan{}, err
	}
	base := t[in.Frequency].Lower
	if in.Risk == HigherRisk {
		base = t[in.Frequency].Higher
	}
	py := perYear[in.Frequency]
	p := FrequencyPlan{SampleSize: base, Method: "frequency", Frequency: string(in.Frequency), Risk: string(in.Risk),
		TableSize: base, OccurrencesPerYear: py}
	p.Explanation = fmt.Sprintf("%s %s control at %s risk: %d from the frequency table.", article(in.Frequency), in.Frequency, in.Risk, base)
	if in.PeriodStart.IsZero() != in.PeriodEnd.IsZero() {
		return p, audit.Errorf(audit.EINVALID, "give both the period start and the period end, or neither")
	}
	if in.PeriodStart.IsZero() {
		return p, nil
	}
	start, end := dateOnly(in.PeriodStart), dateOnly(in.PeriodEnd)
	if end.Before(start) {
		return p, audit.Errorf(audit.EINVALID, "period end %s is before period start %s", end.Format(audit.DateLayout), start.Format(audit.DateLayout))
	}
	p.PeriodStart, p.PeriodEnd = start.Format(audit.DateLayout), end.Format(audit.DateLayout)
	p.PeriodDays = int(end.Sub(start).Hours()/24) + 1
	period := fmt.Sprintf("The period %s to %s is %d days", p.PeriodStart, p.PeriodEnd, p.PeriodDays)
	if !end.Before(start.AddDate(1, 0, -1)) {
		p.Explanation += " " + period + ", 12 months or more: the table applies as it is."
		return p, nil
	}
	if !in.ProRate {
		p.Explanation += " " + period + ", shorter than 12 months; pro-rating was not chosen, so the table applies as it is."
		return p, nil
	}
	occ, how := occurrences(in.Frequency, start, end, p.PeriodDays)
	exact := ceilDiv(base*occ, py)
	n := max(1, exact)
	if in.Frequency != MultipleDaily {
		n = min(n, occ)
	}
	p.SampleSize, p.OccurrencesInPeriod, p.ProRated = n, occ, true
	p.Explanation += fmt.Sprintf(" %s, shorter than 12 months, so the size is pro-rated. %s %s control %s; %d × %d / %d = %s, rounded up to %d",
		period, article(in.Frequency), in.Frequency, how, base, occ, py, ratio(base*occ, py), exact)
	switch {
	case n > exact:
		p.Explanation += ", and never below 1: 1."
	case n < exact:
		p.Explanation += fmt.Sprintf(", and never more than the %d occurrences: %d.", occ, n)
	default:
		p.Explanation += "."
	}
	return p, nil
}

// occurrences counts a control's occurrences in a period shorter than a
// year, a part occurrence counting as one: annual 1; quarterly ⌈months / 3⌉;
// monthly the months; weekly ⌈days / 7⌉; daily the days; several times a
// day the days (the table's size is then scaled by days). Months are whole
// calendar months from the start, a part month counting as one. It also
// says how it counted, for the explanation.
func occurrences(f Frequency, start, end time.Time, days int) (int, string) {
	months := 0
	for !start.AddDate(0, months, 0).After(end) {
		months++
	}
	yearly := fmt.Sprintf("operates %s a year and", times(perYear[f]))
	switch f {
	case Annual:
		return 1, yearly + " once in the period"
	case Quarterly:
		q := ceilDiv(months, 3)
		return q, fmt.Sprintf("%s %s in the period's %d months (⌈%d / 3⌉)", yearly, times(q), months, months)
	case Monthly:
		return months, fmt.Sprintf("%s %s in the period's %d months", yearly, times(months), months)
	case Weekly:
		w := ceilDiv(days, 7)
		return w, fmt.Sprintf("%s %s in the period (⌈%d days / 7⌉)", yearly, times(w), days)
	case MultipleDaily:
		return days, fmt.Sprintf("operates several times on each of 365 days a year and on each of the period's %d days, so the size is scaled by days", days)
	}
	return days, fmt.Sprintf("%s %s in the period's %d days", yearly, times(days), days)
}

func article(f Frequency) string {
	if f == Annual {
		return "An"
	}
	return "A"
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// ratio formats a/b to two decimals, trimmed: "3.75", "0.5", "4".
func ratio(a, b int) string { return trimZeros(fmt.Sprintf("%.2f", float64(a)/float64(b))) }
