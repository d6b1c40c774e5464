package sampling

import (
	"fmt"
	"math/big"

	"auditroom/backend/audit"
)

// EvaluationInput is a sample's result and the confidence to read it at.
type EvaluationInput struct {
	SampleSize int
	Deviations int
	Confidence Rate
	Tolerable  Rate // optional: without it there is no conclusion on reliance
}

// Evaluation is what a sample's deviations say about the population.
type Evaluation struct {
	SampleSize int     `json:"sample_size"`
	Deviations int     `json:"deviations"`
	Confidence float64 `json:"confidence"`
	// SampleDeviationRate is deviations / sample size.
	SampleDeviationRate float64 `json:"sample_deviation_rate"`
	// UpperDeviationLimit is the one-sided Clopper–Pearson upper bound
	// rounded up to 0.1%, as the AICPA evaluation tables print it.
	UpperDeviationLimit float64 `json:"upper_deviation_limit"`
	// UpperDeviationLimitExact is the same bound before rounding.
	UpperDeviationLimitExact float64  `json:"upper_deviation_limit_exact"`
	TolerableRate            *float64 `json:"tolerable_rate"`
	// SupportsReliance is whether the limit is within the tolerable rate;
	// null without a tolerable rate.
	SupportsReliance *bool `json:"supports_reliance"`
	// SizeNeeded is the sample size at which the deviations found would
	// give a limit within the tolerable rate, if no more were found: the
	// sample size itself when it already does, null when no extension can
	// (the sample's own rate is at or above the tolerable rate) or without
	// a tolerable rate.
	SizeNeeded *int   `json:"size_needed"`
	Conclusion string `json:"conclusion"`
}

// Exceeds reports whether the upper deviation limit is above the tolerable
// rate, so that the sample does not support reliance on the control; false
// without a tolerable rate.
func (e Evaluation) Exceeds() bool { return e.SupportsReliance != nil && !*e.SupportsReliance }

// Validate checks the input and names the first thing wrong with it.
func (in EvaluationInput) Validate() error {
	switch {
	case in.SampleSize < 1:
		return audit.Errorf(audit.EINVALID, "sample size %d must be at least 1", in.SampleSize)
	case in.SampleSize > MaxSampleSize*10:
		return audit.Errorf(audit.EINVALID, "sample size %d is larger than %d", in.SampleSize, MaxSampleSize*10)
	case in.Deviations < 0:
		return audit.Errorf(audit.EINVALID, "deviations %d is negative", in.Deviations)
	case in.Deviations > in.SampleSize:
		return audit.Errorf(audit.EINVALID, "deviations %d exceed the sample size %d", in.Deviations, in.SampleSize)
	case !inOpenUnit(in.Confidence):
		return audit.Errorf(audit.EINVALID, "confidence %s is not between 0 and 1: write 0.95 or 95%%", show(in.Confidence))
	case in.Tolerable.IsSet() && !inOpenUnit(in.Tolerable):
		return audit.Errorf(audit.EINVALID, "tolerable rate %s is not between 0 and 1: write 0.05 or 5%%", show(in.Tolerable))
	}
	return nil
}

// Evaluate computes the upper deviation limit of a sample, and with a
// tolerable rate, whether the sample supports the planned reliance and the
// size it would need to.
func Evaluate(in EvaluationInput) (Evaluation, error) {
	if err := in.Validate(); err != nil {
		return Evaluation{}, err
	}
	n, k := in.SampleSize, in.Deviations
	risk := complement(in.Confidence).Rat()
	ev := Evaluation{
		SampleSize:               n,
		Deviations:               k,
		Confidence:               in.Confidence.Float64(),
		SampleDeviationRate:      float64(k) / float64(n),
		UpperDeviationLimit:      float64(UpperLimitPermille(k, n, risk)) / 1000,
		UpperDeviationLimitExact: upperLimit(k, n, complement(in.Confidence).Float64()),
	}
	udl := fmt.Sprintf("%.1f%%", ev.UpperDeviationLimit*100)
	ev.Conclusion = fmt.Sprintf("%s in %d items (%s): at %s confidence the population deviation rate is at most %s.",
		Deviations(k), n, trimZeros(fmt.Sprintf("%.2f", ev.SampleDeviationRate*100))+"%", in.Confidence.Percent(), udl)
	if !in.Tolerable.IsSet() {
		return ev, nil
	}
	tdr := in.Tolerable.Rat()
	t := in.Tolerable.Float64()
	ev.TolerableRate = &t
	// The same test as planning: P(X ≤ k | n, tolerable) ≤ risk. For a
	// tolerable rate in whole tenths of a percent it is the printed limit
	// ≤ the tolerable rate.
	supports := binomAtMost(k, n, tdr, risk)
	ev.SupportsReliance = &supports
	if supports {
		ev.SizeNeeded = &n
		ev.Conclusion += fmt.Sprintf(" That is within the tolerable rate %s: the sample supports the planned reliance on the control.", in.Tolerable.Percent())
		return ev, nil
	}
	ev.Conclusion += fmt.Sprintf(" That exceeds the tolerable rate %s: the sample does not support the planned reliance on the control.", in.Tolerable.Percent())
	if new(big.Rat).SetFrac64(int64(k), int64(n)).Cmp(tdr) >= 0 {
		ev.Conclusion += " The sample's own deviation rate is at or above the tolerable rate, so no extension of the sample can support it: reduce the reliance or test other controls."
		return ev, nil
	}
	if need, ok := extendedSize(k, n, tdr, risk); ok {
		ev.SizeNeeded = &need
		ev.Conclusion += fmt.Sprintf(" Extending the sample to %d items (%d more) with no further deviations would support it; otherwise reduce the reliance or test other controls.", need, need-n)
	} else {
		ev.Conclusion += fmt.Sprintf(" No sample of up to %d items would support it with %s: reduce the reliance or test other controls.", MaxSampleSize*10, Deviations(k))
	}
	return ev, nil
}

// extendedSize is the smallest n' > n with P(X ≤ k | n', tolerable) ≤ risk:
// the sample extended with no further deviations. The condition only gets
// easier as n' grows, so a doubling search then bisection finds it.
func extendedSize(k, n int, tdr, risk *big.Rat) (int, bool) {
	limit := MaxSampleSize * 10
	hi := n
	for {
		if hi >= limit {
			return 0, false
		}
		hi = min(2*hi, limit)
		if binomAtMost(k, hi, tdr, risk) {
			break
		}
	}
	lo := n // fails
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if binomAtMost(k, mid, tdr, risk) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// UpperLimitPermille is the one-sided Clopper–Pearson upper limit for k
// deviations in n at the given risk, rounded up to a tenth of a percent and
// returned in tenths of a percent: the smallest j with
// P(X ≤ k | n, j/1000) ≤ risk, decided exactly.
func UpperLimitPermille(k, n int, risk *big.Rat) int {
	if k >= n {
		return 1000
	}
	lo, hi := 0, 1000 // P(X ≤ k | p = 0) = 1 > risk; at p = 1 it is 0
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if binomAtMost(k, n, big.NewRat(int64(mid), 1000), risk) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// upperLimit solves P(X ≤ k | n, p) = risk for p by bisection, to the
// precision of float64: the unrounded Clopper–Pearson bound.
func upperLimit(k, n int, risk float64) float64 {
	if k >= n {
		return 1
	}
	lo, hi := 0.0, 1.0
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break // adjacent floats
		}
		if binomCDF(k, n, mid) > risk {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi // the side where the probability is at most the risk
}
