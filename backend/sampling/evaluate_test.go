package sampling

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func TestEvaluateKnownCells(t *testing.T) {
	for _, tc := range []struct {
		n, k      int
		conf, tol string
		udl       float64
		supports  *bool
		needed    *int
		conclude  string
	}{
		{25, 1, "95%", "", 0.177, nil, nil, "at most 17.7%"},
		{60, 1, "95%", "10%", 0.077, ptr(true), intp(60), "supports the planned reliance"},
		{100, 2, "95%", "5%", 0.062, ptr(false), intp(124), "Extending the sample to 124 items (24 more)"},
		{59, 0, "95%", "5%", 0.050, ptr(true), intp(59), "within the tolerable rate 5%"},
		{25, 3, "95%", "10%", 0.282, ptr(false), nil, "no extension of the sample can support it"},
		{10, 10, "90%", "20%", 1, ptr(false), nil, "at most 100.0%"},
	} {
		in := EvaluationInput{SampleSize: tc.n, Deviations: tc.k, Confidence: MustRate(tc.conf)}
		if tc.tol != "" {
			in.Tolerable = MustRate(tc.tol)
		}
		ev, err := Evaluate(in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		if ev.UpperDeviationLimit != tc.udl || !sameBool(ev.SupportsReliance, tc.supports) || !sameInt(ev.SizeNeeded, tc.needed) || !strings.Contains(ev.Conclusion, tc.conclude) {
			t.Errorf("n=%d k=%d %s tol %s: got limit %v supports %v needed %v %q; want %v %v %v containing %q",
				tc.n, tc.k, tc.conf, tc.tol, ev.UpperDeviationLimit, deref(ev.SupportsReliance), derefInt(ev.SizeNeeded), ev.Conclusion,
				tc.udl, deref(tc.supports), derefInt(tc.needed), tc.conclude)
		}
		if ev.SampleDeviationRate != float64(tc.k)/float64(tc.n) {
			t.Errorf("n=%d k=%d: sample rate %v", tc.n, tc.k, ev.SampleDeviationRate)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	for _, tc := range []struct {
		in   EvaluationInput
		want string
	}{
		{EvaluationInput{SampleSize: 0, Confidence: MustRate("95%")}, "sample size 0 must be at least 1"},
		{EvaluationInput{SampleSize: 10, Deviations: 11, Confidence: MustRate("95%")}, "deviations 11 exceed the sample size 10"},
		{EvaluationInput{SampleSize: 10, Deviations: -1, Confidence: MustRate("95%")}, "negative"},
		{EvaluationInput{SampleSize: 10, Confidence: MustRate("95")}, "confidence 9500% is not between 0 and 1"},
		{EvaluationInput{SampleSize: 10, Confidence: MustRate("95%"), Tolerable: MustRate("1.5")}, "tolerable rate 150%"},
	} {
		if _, err := Evaluate(tc.in); audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("Evaluate(%+v) = %v, want EINVALID containing %q", tc.in, err, tc.want)
		}
	}
}

// The limit is at least the sample's rate, the printed limit is the exact
// one rounded up, the exact limit solves the equation, and the size needed
// really is the first that supports reliance.
func TestEvaluateProperties(t *testing.T) {
	for _, conf := range []string{"90%", "95%", "99%"} {
		risk := complement(MustRate(conf)).Float64()
		for _, n := range []int{1, 2, 5, 20, 33, 60, 100, 250, 1000} {
			for k := 0; k <= n && k <= 12; k++ {
				ev, err := Evaluate(EvaluationInput{SampleSize: n, Deviations: k, Confidence: MustRate(conf), Tolerable: MustRate("8%")})
				if err != nil {
					t.Fatal(err)
				}
				name := func() string { return conf + " n=" + strconv.Itoa(n) + " k=" + strconv.Itoa(k) }
				if ev.UpperDeviationLimitExact < ev.SampleDeviationRate || ev.UpperDeviationLimit < ev.UpperDeviationLimitExact-1e-12 {
					t.Errorf("%s: rate %v, exact limit %v, printed %v out of order", name(), ev.SampleDeviationRate, ev.UpperDeviationLimitExact, ev.UpperDeviationLimit)
				}
				if k < n {
					if up := math.Ceil(ev.UpperDeviationLimitExact*1000-1e-9) / 1000; math.Abs(up-ev.UpperDeviationLimit) > 1e-12 {
						t.Errorf("%s: printed %v is not the exact %v rounded up", name(), ev.UpperDeviationLimit, ev.UpperDeviationLimitExact)
					}
					if c := binomCDF(k, n, ev.UpperDeviationLimitExact); math.Abs(c-risk) > 1e-9 {
						t.Errorf("%s: CDF at the exact limit is %v, want %v", name(), c, risk)
					}
				}
				if ev.SizeNeeded != nil && *ev.SizeNeeded > n {
					m := *ev.SizeNeeded
					before, _ := Evaluate(EvaluationInput{SampleSize: m - 1, Deviations: k, Confidence: MustRate(conf), Tolerable: MustRate("8%")})
					after, _ := Evaluate(EvaluationInput{SampleSize: m, Deviations: k, Confidence: MustRate(conf), Tolerable: MustRate("8%")})
					if *before.SupportsReliance || !*after.SupportsReliance {
						t.Errorf("%s: size needed %d, but %d supports %v and %d supports %v", name(), m, m-1, *before.SupportsReliance, m, *after.SupportsReliance)
					}
				}
			}
		}
	}
}

// A sample planned by AttributeSize and finding no more deviations than
// planned supports reliance when evaluated; one more deviation may not.
func TestPlanThenEvaluateAgree(t *testing.T) {
	for _, conf := range []string{"90%", "95%"} {
		for _, tol := range []string{"3%", "5%", "7%", "10%", "20%"} {
			for _, exp := range []string{"0", "0.5%", "1%", "2%"} {
				p, err := AttributeSize(AttributeInput{Confidence: MustRate(conf), Tolerable: MustRate(tol), Expected: MustRate(exp)})
				if err != nil {
					continue
				}
				ev, err := Evaluate(EvaluationInput{SampleSize: p.SampleSize, Deviations: p.ExpectedDeviations, Confidence: MustRate(conf), Tolerable: MustRate(tol)})
				if err != nil || !*ev.SupportsReliance || *ev.SizeNeeded != p.SampleSize || ev.UpperDeviationLimit > MustRate(tol).Float64() {
					t.Errorf("%s %s %s: planned %d with %d deviations, evaluation %+v, %v", conf, tol, exp, p.SampleSize, p.ExpectedDeviations, ev, err)
				}
			}
		}
	}
}

func ptr(b bool) *bool { return &b }
func sameBool(a, b *bool) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
func derefInt(i *int) any {
	if i == nil {
		return nil
	}
	return *i
}
