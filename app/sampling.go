package app

import (
	"fmt"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/sampling"
)

// Sampling serves the statistics of docs/methodology.md to the draw form
// and the test grid: sample sizes by frequency or by attribute sampling,
// and the evaluation of a sample's deviations. It stores nothing. Each
// answer carries the text `auditroom sample size|evaluate` prints, so the
// window and the command line explain a figure in the same words.
type Sampling struct{}

// AttributeSizeInput asks for a statistical attribute sample size. Rates
// are written as fractions ("0.05") or percents ("5%").
type AttributeSizeInput struct {
	Confidence   string `json:"confidence"`
	Tolerable    string `json:"tolerable"`
	ExpectedRate string `json:"expected_rate,omitempty"` // default 0
	// ExpectedDeviations fixes the deviations instead of an expected rate.
	ExpectedDeviations *int `json:"expected_deviations,omitempty"`
	Population         int  `json:"population,omitempty"` // 0 for a large population
}

// AttributeSize is the plan and the CLI's text of it.
type AttributeSize struct {
	sampling.AttributePlan
	Text string `json:"text"`
}

// FrequencySizeInput asks for a sample size by the control's frequency;
// with ProRate, a Type 2 period (both dates or neither) shorter than a year
// pro-rates it.
type FrequencySizeInput struct {
	Frequency   string `json:"frequency"`
	Risk        string `json:"risk"` // lower or higher
	PeriodStart string `json:"period_start,omitempty"`
	PeriodEnd   string `json:"period_end,omitempty"`
	ProRate     bool   `json:"pro_rate,omitempty"`
}

// FrequencySize is the plan and the CLI's text of it.
type FrequencySize struct {
	sampling.FrequencyPlan
	Text string `json:"text"`
}

// EvaluationInput is a sample's result and the rates to read it at.
type EvaluationInput struct {
	SampleSize int    `json:"sample_size"`
	Deviations int    `json:"deviations"`
	Confidence string `json:"confidence"`
	Tolerable  string `json:"tolerable,omitempty"` // without it, no conclusion on reliance
}

// Evaluation is the evaluation and the CLI's text of it.
type Evaluation struct {
	sampling.Evaluation
	Text string `json:"text"`
}

// rate reads a named rate, naming it in the error.
func rate(name, s string) (sampling.Rate, error) {
	r, err := sampling.ParseRate(s)
	if err != nil {
		return r, audit.Errorf(audit.EINVALID, "%s: %s", name, audit.ErrorMessage(err))
	}
	return r, nil
}

// AttributeSize sizes a sample by the AICPA attribute sampling rule.
func (s *Sampling) AttributeSize(in AttributeSizeInput) (AttributeSize, error) {
	var a sampling.AttributeInput
	var err error
	if a.Confidence, err = rate("confidence", in.Confidence); err != nil {
		return AttributeSize{}, ui(err)
	}
	if a.Tolerable, err = rate("tolerable rate", in.Tolerable); err != nil {
		return AttributeSize{}, ui(err)
	}
	if strings.TrimSpace(in.ExpectedRate) != "" {
		if in.ExpectedDeviations != nil {
			return AttributeSize{}, ui(audit.Errorf(audit.EINVALID, "give an expected rate or a number of expected deviations, not both"))
		}
		if a.Expected, err = rate("expected rate", in.ExpectedRate); err != nil {
			return AttributeSize{}, ui(err)
		}
	}
	if in.Population < 0 {
		return AttributeSize{}, ui(audit.Errorf(audit.EINVALID, "population %d must be at least 1 (or 0 for a large population)", in.Population))
	}
	a.ExpectedDeviations, a.Population = in.ExpectedDeviations, in.Population
	p, err := sampling.AttributeSize(a)
	if err != nil {
		return AttributeSize{}, ui(err)
	}
	return AttributeSize{p, AttributeSizeText(a, p)}, nil
}

// FrequencySize sizes a sample by the control's frequency and risk.
func (s *Sampling) FrequencySize(in FrequencySizeInput) (FrequencySize, error) {
	f, err := sampling.ParseFrequency(in.Frequency)
	if err != nil {
		return FrequencySize{}, ui(err)
	}
	r, err := sampling.ParseRisk(in.Risk)
	if err != nil {
		return FrequencySize{}, ui(err)
	}
	fi := sampling.FrequencyInput{Frequency: f, Risk: r, ProRate: in.ProRate}
	if (in.PeriodStart == "") != (in.PeriodEnd == "") {
		return FrequencySize{}, ui(audit.Errorf(audit.EINVALID, "give both the period start and end, or neither"))
	}
	if in.PeriodStart != "" {
		if fi.PeriodStart, err = audit.ParseDate("period start", in.PeriodStart); err != nil {
			return FrequencySize{}, ui(err)
		}
		if fi.PeriodEnd, err = audit.ParseDate("period end", in.PeriodEnd); err != nil {
			return FrequencySize{}, ui(err)
		}
	}
	p, err := sampling.FrequencySize(fi)
	if err != nil {
		return FrequencySize{}, ui(err)
	}
	return FrequencySize{p, FrequencySizeText(p)}, nil
}

// Evaluate reads a sample's deviations: the upper deviation limit and,
// with a tolerable rate, whether the sample supports the reliance.
func (s *Sampling) Evaluate(in EvaluationInput) (Evaluation, error) {
	e := sampling.EvaluationInput{SampleSize: in.SampleSize, Deviations: in.Deviations}
	var err error
	if e.Confidence, err = rate("confidence", in.Confidence); err != nil {
		return Evaluation{}, ui(err)
	}
	if strings.TrimSpace(in.Tolerable) != "" {
		if e.Tolerable, err = rate("tolerable rate", in.Tolerable); err != nil {
			return Evaluation{}, ui(err)
		}
	}
	ev, err := sampling.Evaluate(e)
	if err != nil {
		return Evaluation{}, ui(err)
	}
	return Evaluation{ev, EvaluationText(e, ev)}, nil
}

// AttributeSizeText is what `auditroom sample size` prints of a
// statistical plan.
func AttributeSizeText(in sampling.AttributeInput, p sampling.AttributePlan) string {
	var b strings.Builder
	star := ""
	if p.TooLarge {
		star = " *"
	}
	fmt.Fprintf(&b, "Sample size: %d%s (%s)\n", p.SampleSize, star, p.Method)
	exp := "none expected"
	if in.ExpectedDeviations != nil {
		exp = sampling.Deviations(*in.ExpectedDeviations) + " fixed"
	} else if in.Expected.IsSet() {
		exp = "expected rate " + in.Expected.Percent()
	}
	fmt.Fprintf(&b, "  confidence %s, tolerable rate %s, %s: supports reliance with at most %s\n",
		in.Confidence.Percent(), in.Tolerable.Percent(), exp, sampling.Deviations(p.ExpectedDeviations))
	if p.TooLarge {
		fmt.Fprintf(&b, "  * too large to be cost-effective for most audit applications (the AICPA tables print * above %d)\n", sampling.TooLargeAbove)
	}
	fmt.Fprintf(&b, "\n%s\n", p.Explanation)
	return b.String()
}

// FrequencySizeText is what `auditroom sample size --frequency` prints.
func FrequencySizeText(p sampling.FrequencyPlan) string {
	return fmt.Sprintf("Sample size: %d (%s control, %s risk)\n\n%s\n", p.SampleSize, p.Frequency, p.Risk, p.Explanation)
}

// EvaluationText is what `auditroom sample evaluate` prints.
func EvaluationText(in sampling.EvaluationInput, ev sampling.Evaluation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Upper deviation limit: %.1f%% at %s confidence (exact %.4f%%)\n", ev.UpperDeviationLimit*100, in.Confidence.Percent(), ev.UpperDeviationLimitExact*100)
	fmt.Fprintf(&b, "Sample deviation rate: %s (%d of %d)\n", trimPercent(ev.SampleDeviationRate), ev.Deviations, ev.SampleSize)
	if ev.SupportsReliance != nil {
		verdict := "supports the planned reliance"
		if !*ev.SupportsReliance {
			verdict = "does not support the planned reliance"
		}
		fmt.Fprintf(&b, "Tolerable rate: %s: the sample %s\n", in.Tolerable.Percent(), verdict)
		if ev.SizeNeeded == nil {
			fmt.Fprintf(&b, "Size needed: none (no extension can support reliance)\n")
		} else if *ev.SizeNeeded > ev.SampleSize {
			fmt.Fprintf(&b, "Size needed: %d (%d more, with no further deviations)\n", *ev.SizeNeeded, *ev.SizeNeeded-ev.SampleSize)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", ev.Conclusion)
	return b.String()
}

// trimPercent writes a fraction as a percent with at most two decimals and
// no trailing zeros: 0.04 → "4%".
func trimPercent(f float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", f*100), "0"), ".")
	return s + "%"
}
