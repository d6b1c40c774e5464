package app

import (
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
	a, err := in.parse()
	if err != nil {
		return AttributeSize{}, err
	}
	p, err := sampling.AttributeSize(a)
	if err != nil {
		return AttributeSize{}, err
	}
	return AttributeSize{p, sampling.AttributeSizeText(a, p)}, nil
}

// FrequencySize sizes a sample by the control's frequency and risk.
func (s *Sampling) FrequencySize(in FrequencySizeInput) (FrequencySize, error) {
	f, err := in.parse()
	if err != nil {
		return FrequencySize{}, err
	}
	p, err := sampling.FrequencySize(f)
	if err != nil {
		return FrequencySize{}, err
	}
	return FrequencySize{p, sampling.FrequencySizeText(p)}, nil
}

// Evaluate reads a sample's deviations: the upper deviation limit and,
// with a tolerable rate, whether the sample supports the reliance.
func (s *Sampling) Evaluate(in EvaluationInput) (Evaluation, error) {
	e, err := in.parse()
	if err != nil {
		return Evaluation{}, err
	}
	ev, err := sampling.Evaluate(e)
	if err != nil {
		return Evaluation{}, err
	}
	return Evaluation{ev, sampling.EvaluationText(e, ev)}, nil
}

// parse reads the form as sampling.AttributeSize takes it.
func (in AttributeSizeInput) parse() (sampling.AttributeInput, error) {
	var a sampling.AttributeInput
	var err error
	if a.Confidence, err = rate("confidence", in.Confidence); err != nil {
		return a, err
	}
	if a.Tolerable, err = rate("tolerable rate", in.Tolerable); err != nil {
		return a, err
	}
	if strings.TrimSpace(in.ExpectedRate) != "" {
		if in.ExpectedDeviations != nil {
			return a, audit.Errorf(audit.EINVALID, "give an expected rate or a number of expected deviations, not both")
		}
		if a.Expected, err = rate("expected rate", in.ExpectedRate); err != nil {
			return a, err
		}
	}
	if in.Population < 0 {
		return a, audit.Errorf(audit.EINVALID, "population %d must be at least 1 (or 0 for a large population)", in.Population)
	}
	a.ExpectedDeviations, a.Population = in.ExpectedDeviations, in.Population
	return a, nil
}

// parse reads the form as sampling.FrequencySize takes it.
func (in FrequencySizeInput) parse() (sampling.FrequencyInput, error) {
	f, err := sampling.ParseFrequency(in.Frequency)
	if err != nil {
		return sampling.FrequencyInput{}, err
	}
	r, err := sampling.ParseRisk(in.Risk)
	if err != nil {
		return sampling.FrequencyInput{}, err
	}
	fi := sampling.FrequencyInput{Frequency: f, Risk: r, ProRate: in.ProRate}
	if (in.PeriodStart == "") != (in.PeriodEnd == "") {
		return fi, audit.Errorf(audit.EINVALID, "give both the period start and end, or neither")
	}
	if in.PeriodStart != "" {
		if fi.PeriodStart, err = audit.ParseDate("period start", in.PeriodStart); err != nil {
			return fi, err
		}
		if fi.PeriodEnd, err = audit.ParseDate("period end", in.PeriodEnd); err != nil {
			return fi, err
		}
	}
	return fi, nil
}

// parse reads the form as sampling.Evaluate takes it.
func (in EvaluationInput) parse() (sampling.EvaluationInput, error) {
	e := sampling.EvaluationInput{SampleSize: in.SampleSize, Deviations: in.Deviations}
	var err error
	if e.Confidence, err = rate("confidence", in.Confidence); err != nil {
		return e, err
	}
	if strings.TrimSpace(in.Tolerable) != "" {
		if e.Tolerable, err = rate("tolerable rate", in.Tolerable); err != nil {
			return e, err
		}
	}
	return e, nil
}
