package sampling

import (
	"fmt"

	"auditroom/backend/audit"
)

// Methods of a statistical attribute sample size.
const (
	Binomial       = "binomial"       // a large population: sampling with replacement
	Hypergeometric = "hypergeometric" // a stated population size: without replacement
)

const (
	// MaxSampleSize bounds the search. No test of controls samples more;
	// a plan that would is a sign the expected rate is too near the
	// tolerable rate.
	MaxSampleSize = 20000
	// MaxPopulation bounds a stated population. Beyond it the binomial and
	// hypergeometric sizes are the same to the item.
	MaxPopulation = 10_000_000
	// TooLargeAbove is the size above which the AICPA tables print "*":
	// "sample size is too large to be cost-effective for most audit
	// applications". The guide states no number; 2,000 is the least that
	// separates every size its Tables print from every size they
	// star (see testdata/aicpa and docs/methodology.md).
	TooLargeAbove = 2000
)

// AttributeInput is what a statistical attribute sample size needs.
type AttributeInput struct {
	Confidence Rate // 1 − the risk of overreliance, e.g. 95%
	Tolerable  Rate // the tolerable deviation rate
	// Expected is the expected population deviation rate; the planned
	// number of deviations is then ⌈n × Expected⌉, computed exactly.
	Expected Rate
	// ExpectedDeviations, when not nil, fixes the number of deviations the
	// sample may hold instead of Expected.
	ExpectedDeviations *int
	Population         int // items in the population; 0 for a large one (binomial)
}

// AttributePlan is a statistical attribute sample size and how it was found.
type AttributePlan struct {
	SampleSize         int      `json:"sample_size"`
	ExpectedDeviations int      `json:"expected_deviations"` // deviations the sample may hold and still support reliance
	Method             string   `json:"method"`              // binomial or hypergeometric
	Confidence         float64  `json:"confidence"`
	RiskOfOverreliance float64  `json:"risk_of_overreliance"`
	TolerableRate      float64  `json:"tolerable_rate"`
	ExpectedRate       *float64 `json:"expected_rate"`   // null when the deviations were fixed
	Population         *int     `json:"population"`      // null for a large population
	DeviatingItems     *int     `json:"deviating_items"` // ⌈tolerable × population⌉; null for binomial
	AchievedRisk       float64  `json:"achieved_risk"`   // P(X ≤ k) at the tolerable rate, ≤ the risk
	TooLarge           bool     `json:"too_large"`       // the AICPA tables would print "*"
	Explanation        string   `json:"explanation"`
}

// Validate checks the input and names the first thing wrong with it.
func (in AttributeInput) Validate() error {
	if !inOpenUnit(in.Confidence) {
		return audit.Errorf(audit.EINVALID, "confidence %s is not between 0 and 1: write 0.95 or 95%%", show(in.Confidence))
	}
	if !inOpenUnit(in.Tolerable) {
		return audit.Errorf(audit.EINVALID, "tolerable rate %s is not between 0 and 1: write 0.05 or 5%%", show(in.Tolerable))
	}
	if in.ExpectedDeviations != nil {
		if in.Expected.IsSet() {
			return audit.Errorf(audit.EINVALID, "give the expected rate or the expected deviations, not both")
		}
		if *in.ExpectedDeviations < 0 {
			return audit.Errorf(audit.EINVALID, "expected deviations %d is negative", *in.ExpectedDeviations)
		}
	} else if in.Expected.IsSet() {
		if in.Expected.Rat().Sign() < 0 {
			return audit.Errorf(audit.EINVALID, "expected rate %s is negative", in.Expected.Percent())
		}
		if in.Expected.Cmp(in.Tolerable) >= 0 {
			return audit.Errorf(audit.EINVALID, "expected rate %s must be below the tolerable rate %s: no sample can show a rate below one it expects to meet",
				in.Expected.Percent(), in.Tolerable.Percent())
		}
	}
	if in.Population < 0 || in.Population > MaxPopulation {
		return audit.Errorf(audit.EINVALID, "population %d is not between 1 and %d (leave it out for a large population)", in.Population, MaxPopulation)
	}
	return nil
}

func show(r Rate) string {
	if !r.IsSet() {
		return "(none)"
	}
	return r.Percent()
}

// AttributeSize returns the smallest n, counting up from 1, for which the
// probability of finding at most k deviations when the population deviates
// at the tolerable rate is no more than the risk of overreliance. k is the
// fixed ExpectedDeviations or ⌈n × Expected⌉. With a population the count is
// hypergeometric, with ⌈tolerable × N⌉ deviating items; else binomial. This
// is the rule of the AICPA Audit Guide: Audit Sampling, Appendix A.
func AttributeSize(in AttributeInput) (AttributePlan, error) {
	if err := in.Validate(); err != nil {
		return AttributePlan{}, err
	}
	risk := complement(in.Confidence).Rat()
	tdr := in.Tolerable.Rat()
	expected := in.Expected.Rat() // 0 when unset
	plan := AttributePlan{
		Method:             Binomial,
		Confidence:         in.Confidence.Float64(),
		RiskOfOverreliance: complement(in.Confidence).Float64(),
		TolerableRate:      in.Tolerable.Float64(),
	}
	if in.ExpectedDeviations == nil {
		e := in.Expected.Float64()
		plan.ExpectedRate = &e
	}
	N, m := in.Population, 0
	if N > 0 {
		m = ceilMul(N, tdr)
		plan.Method, plan.Population, plan.DeviatingItems = Hypergeometric, &N, &m
	}
	limit := MaxSampleSize
	if N > 0 {
		limit = min(limit, N)
	}
	for n := 1; n <= limit; n++ {
		k := ceilMul(n, expected)
		if in.ExpectedDeviations != nil {
			k = *in.ExpectedDeviations
		}
		if k >= n || (N > 0 && k >= m) {
			continue // certain to hold no more than k deviations
		}
		var ok bool
		if N > 0 {
			ok = hyperAtMost(k, N, m, n, risk)
		} else {
			ok = binomAtMost(k, n, tdr, risk)
		}
		if ok {
			plan.SampleSize, plan.ExpectedDeviations = n, k
			plan.TooLarge = n > TooLargeAbove
			if N > 0 {
				plan.AchievedRisk = hyperCDF(k, N, m, n)
			} else {
				plan.AchievedRisk = binomCDF(k, n, in.Tolerable.Float64())
			}
			plan.Explanation = attributeExplanation(in, plan)
			return plan, nil
		}
	}
	if N > 0 && limit == N {
		return plan, audit.Errorf(audit.EINVALID, "even the whole population of %d cannot give %s confidence that the deviation rate is below %s with the deviations expected: lower the expected rate or raise the tolerable rate",
			N, in.Confidence.Percent(), in.Tolerable.Percent())
	}
	return plan, audit.Errorf(audit.EINVALID, "no sample of %d items or fewer gives %s confidence that the deviation rate is below %s with the deviations expected: lower the expected rate or raise the tolerable rate",
		MaxSampleSize, in.Confidence.Percent(), in.Tolerable.Percent())
}

func attributeExplanation(in AttributeInput, p AttributePlan) string {
	k := fmt.Sprintf("k = %d, the number you fixed", p.ExpectedDeviations)
	if in.ExpectedDeviations == nil {
		k = fmt.Sprintf("k = ⌈n × %s⌉ = %d, computed exactly", in.Expected.Percent(), p.ExpectedDeviations)
	}
	model := fmt.Sprintf("binomial, for a large population: P(X ≤ %d | n = %d, p = %s) = %s",
		p.ExpectedDeviations, p.SampleSize, in.Tolerable.Percent(), pct(p.AchievedRisk))
	if p.Method == Hypergeometric {
		model = fmt.Sprintf("hypergeometric, for a population of %d of which ⌈%s × %d⌉ = %d deviate: P(X ≤ %d | n = %d) = %s",
			*p.Population, in.Tolerable.Percent(), *p.Population, *p.DeviatingItems, p.ExpectedDeviations, p.SampleSize, pct(p.AchievedRisk))
	}
	s := fmt.Sprintf("%d is the smallest sample size n for which finding at most k deviations (%s) has a probability of no more than %s when the population deviates at the tolerable rate %s (%s). A sample of %d with at most %s supports reliance at %s confidence. Rule of the AICPA Audit Guide: Audit Sampling, Appendix A.",
		p.SampleSize, k, complement(in.Confidence).Percent(), in.Tolerable.Percent(), model,
		p.SampleSize, Deviations(p.ExpectedDeviations), in.Confidence.Percent())
	if p.TooLarge {
		s += fmt.Sprintf(" The AICPA tables print * for samples above %d: too large to be cost-effective for most audit applications.", TooLargeAbove)
	}
	return s
}

// Deviations says "1 deviation", "2 deviations".
func Deviations(k int) string {
	if k == 1 {
		return "1 deviation"
	}
	return fmt.Sprintf("%d deviations", k)
}

// pct formats a probability as a percent to four significant digits, so
// that 4.9975% does not read as the 5% risk it is below.
func pct(f float64) string { return fmt.Sprintf("%.4g%%", f*100) }
