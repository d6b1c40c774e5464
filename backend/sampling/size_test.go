package sampling

import (
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func intp(i int) *int { return &i }

func TestAttributeSizeKnownCells(t *testing.T) {
	for _, tc := range []struct {
		name          string
		in            AttributeInput
		n, k          int
		method        string
		inExplanation string
	}{
		{"95% 5% none expected", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Expected: MustRate("0")}, 59, 0, Binomial, "P(X ≤ 0 | n = 59, p = 5%) = 4.849%"},
		{"95% 5% 1% expected", AttributeInput{Confidence: MustRate("0.95"), Tolerable: MustRate("0.05"), Expected: MustRate("0.01")}, 93, 1, Binomial, "k = ⌈n × 1%⌉ = 1, computed exactly"},
		{"90% 10% none expected", AttributeInput{Confidence: MustRate("90%"), Tolerable: MustRate("10%"), Expected: MustRate("0%")}, 22, 0, Binomial, "P(X ≤ 0 | n = 22, p = 10%)"},
		{"no expected rate is none", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%")}, 59, 0, Binomial, ""},
		// 400 × 0.035 is 14 exactly; in float64 it is 14.000000000000002, whose ceiling 15 gives 423.
		{"exact decimal", AttributeInput{Confidence: MustRate("90%"), Tolerable: MustRate("5%"), Expected: MustRate("3.5%")}, 400, 14, Binomial, "k = ⌈n × 3.5%⌉ = 14"},
		{"fixed deviations", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), ExpectedDeviations: intp(1)}, 93, 1, Binomial, "k = 1, the number you fixed"},
		{"fixed two deviations", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), ExpectedDeviations: intp(2)}, 124, 2, Binomial, ""},
		{"hypergeometric 100", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Population: 100}, 45, 0, Hypergeometric, "⌈5% × 100⌉ = 5 deviate"},
		// A large population's hypergeometric size is the binomial one.
		{"hypergeometric large", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Population: 1_000_000}, 59, 0, Hypergeometric, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := AttributeSize(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.SampleSize != tc.n || p.ExpectedDeviations != tc.k || p.Method != tc.method {
				t.Errorf("got n=%d k=%d %s, want n=%d k=%d %s", p.SampleSize, p.ExpectedDeviations, p.Method, tc.n, tc.k, tc.method)
			}
			if !strings.Contains(p.Explanation, tc.inExplanation) || !strings.Contains(p.Explanation, "AICPA Audit Guide: Audit Sampling") {
				t.Errorf("explanation %q lacks %q", p.Explanation, tc.inExplanation)
			}
			if p.AchievedRisk > p.RiskOfOverreliance {
				t.Errorf("achieved risk %v above the risk %v", p.AchievedRisk, p.RiskOfOverreliance)
			}
		})
	}
}

// The shortcut n0 / (1 + (n0 − 1)/N) gives 38 for N = 100 (from 59); the
// hypergeometric count needs 45. Check that 44 really fails.
func TestHypergeometricNotTheShortcut(t *testing.T) {
	risk := complement(MustRate("95%")).Rat()
	if hyperAtMost(0, 100, 5, 44, risk) || !hyperAtMost(0, 100, 5, 45, risk) {
		t.Errorf("P(no deviation | N=100, 5 deviate): n=44 → %.4f, n=45 → %.4f; want 45 the first at most 5%%",
			hyperCDF(0, 100, 5, 44), hyperCDF(0, 100, 5, 45))
	}
}

func TestAttributeSizeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   AttributeInput
		want string
	}{
		{"confidence 1", AttributeInput{Confidence: MustRate("1"), Tolerable: MustRate("5%")}, "confidence 100% is not between 0 and 1"},
		{"confidence missing", AttributeInput{Tolerable: MustRate("5%")}, "confidence (none) is not between 0 and 1"},
		{"tolerable 0", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("0")}, "tolerable rate 0% is not between 0 and 1"},
		{"expected = tolerable", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Expected: MustRate("5%")}, "expected rate 5% must be below the tolerable rate 5%"},
		{"both", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Expected: MustRate("1%"), ExpectedDeviations: intp(1)}, "not both"},
		{"negative k", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), ExpectedDeviations: intp(-1)}, "negative"},
		{"population", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Population: -3}, "population -3"},
		{"too near", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Expected: MustRate("4.9%")}, "no sample of 20000 items or fewer"},
		{"small population", AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("10%"), Expected: MustRate("9%"), Population: 50}, "even the whole population of 50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := AttributeSize(tc.in)
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
				t.Errorf("got %+v, %v; want EINVALID containing %q", p, err, tc.want)
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]string{"0.05": "5%", "5%": "5%", ".05": "5%", "3.25%": "3.25%", " 95% ": "95%", "0": "0%", "17.5%": "17.5%"} {
		r, err := ParseRate(in)
		if err != nil || r.Percent() != want {
			t.Errorf("ParseRate(%q) = %s, %v; want %s", in, r.Percent(), err, want)
		}
	}
	for _, in := range []string{"", "five", "-0.05", "1/20", "5e-2", "5%%", "%"} {
		if _, err := ParseRate(in); audit.ErrorCode(err) != audit.EINVALID {
			t.Errorf("ParseRate(%q) = %v, want EINVALID", in, err)
		}
	}
}

// Sample sizes fall as the tolerable rate or the risk rises, and never rise
// when the population is stated.
func TestAttributeSizeProperties(t *testing.T) {
	tolerable := []string{"2%", "3%", "4%", "5%", "6%", "8%", "10%", "15%", "20%"}
	for _, conf := range []string{"99%", "95%", "90%", "80%"} {
		for _, exp := range []string{"0", "0.5%", "1%", "1.75%"} {
			prev := 0
			for _, tol := range tolerable {
				in := AttributeInput{Confidence: MustRate(conf), Tolerable: MustRate(tol), Expected: MustRate(exp)}
				if in.Expected.Cmp(in.Tolerable) >= 0 {
					continue
				}
				p, err := AttributeSize(in)
				if err != nil {
					continue // beyond MaxSampleSize
				}
				if prev != 0 && p.SampleSize > prev {
					t.Errorf("%s expected %s: tolerable %s needs %d, more than %d at the rate below", conf, exp, tol, p.SampleSize, prev)
				}
				prev = p.SampleSize
				for _, N := range []int{60, 200, 1000, 100000} {
					in.Population = N
					h, err := AttributeSize(in)
					if err == nil && h.SampleSize > p.SampleSize {
						t.Errorf("%s tolerable %s expected %s: population %d needs %d, more than the binomial %d", conf, tol, exp, N, h.SampleSize, p.SampleSize)
					}
				}
			}
		}
	}
	for _, tol := range tolerable {
		prev := 0
		for _, conf := range []string{"80%", "90%", "95%", "99%"} { // risk falling
			p, err := AttributeSize(AttributeInput{Confidence: MustRate(conf), Tolerable: MustRate(tol), Expected: MustRate("0.25%")})
			if err != nil {
				continue
			}
			if p.SampleSize < prev {
				t.Errorf("tolerable %s: confidence %s needs %d, fewer than %d at lower confidence", tol, conf, p.SampleSize, prev)
			}
			prev = p.SampleSize
		}
	}
}
