package cli_test

import (
	"os"
	"strings"
	"testing"
)

func TestSampleSize(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data}
	type plan struct {
		SampleSize         int      `json:"sample_size"`
		ExpectedDeviations int      `json:"expected_deviations"`
		Method             string   `json:"method"`
		Confidence         float64  `json:"confidence"`
		TolerableRate      float64  `json:"tolerable_rate"`
		ExpectedRate       *float64 `json:"expected_rate"`
		Population         *int     `json:"population"`
		TooLarge           bool     `json:"too_large"`
		Explanation        string   `json:"explanation"`
	}
	for _, tc := range []struct {
		args          []string
		n, k          int
		method        string
		expected      *float64
		population    *int
		tooLarge      bool
		inExplanation string
		conf, tolRate float64
	}{
		{[]string{"--confidence", "95%", "--tolerable", "5%", "--expected-rate", "1%"}, 93, 1, "binomial", f64(0.01), nil, false, "P(X ≤ 1 | n = 93, p = 5%)", 0.95, 0.05},
		{[]string{"--confidence", "0.95", "--tolerable", "0.05", "--expected-rate", "0.01"}, 93, 1, "binomial", f64(0.01), nil, false, "AICPA Audit Guide: Audit Sampling", 0.95, 0.05},
		{[]string{"--confidence", "90%", "--tolerable", "5%", "--expected-rate", "3.5%"}, 400, 14, "binomial", f64(0.035), nil, false, "k = ⌈n × 3.5%⌉ = 14, computed exactly", 0.9, 0.05},
		{[]string{"--confidence", "90%", "--tolerable", "10%"}, 22, 0, "binomial", f64(0), nil, false, "", 0.9, 0.1},
		{[]string{"--confidence", "95%", "--tolerable", "5%", "--population", "100"}, 45, 0, "hypergeometric", f64(0), i64(100), false, "⌈5% × 100⌉ = 5 deviate", 0.95, 0.05},
		{[]string{"--confidence", "95%", "--tolerable", "5%", "--expected-deviations", "1"}, 93, 1, "binomial", nil, nil, false, "k = 1, the number you fixed", 0.95, 0.05},
		{[]string{"--confidence", "95%", "--tolerable", "2%", "--expected-rate", "1.5%"}, 2258, 34, "binomial", f64(0.015), nil, true, "The AICPA tables print *", 0.95, 0.02},
	} {
		var p plan
		mustJSON(t, auditroom(t, env, append([]string{"sample", "size", "--json"}, tc.args...)...), &p)
		if p.SampleSize != tc.n || p.ExpectedDeviations != tc.k || p.Method != tc.method || p.TooLarge != tc.tooLarge ||
			p.Confidence != tc.conf || p.TolerableRate != tc.tolRate || !sameF(p.ExpectedRate, tc.expected) || !sameI(p.Population, tc.population) ||
			!strings.Contains(p.Explanation, tc.inExplanation) {
			t.Errorf("sample size %v: got %+v", tc.args, p)
		}
	}

	// Text: the size, the inputs, the explanation.
	r := auditroom(t, env, "sample", "size", "--confidence", "95%", "--tolerable", "5%", "--expected-rate", "1%")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Sample size: 93 (binomial)\n") || !strings.Contains(r.stdout, "at most 1 deviation\n") {
		t.Errorf("text output: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}

	// By frequency, pro-rated for a quarter.
	var fp struct {
		SampleSize          int    `json:"sample_size"`
		Method              string `json:"method"`
		TableSize           int    `json:"table_size"`
		OccurrencesInPeriod int    `json:"occurrences_in_period"`
		ProRated            bool   `json:"pro_rated"`
		Explanation         string `json:"explanation"`
	}
	mustJSON(t, auditroom(t, env, "sample", "size", "--frequency", "weekly", "--period-start", "2026-01-01", "--period-end", "2026-03-31", "--pro-rate", "--json"), &fp)
	if fp.SampleSize != 4 || fp.Method != "frequency" || fp.TableSize != 15 || fp.OccurrencesInPeriod != 13 || !fp.ProRated ||
		!strings.Contains(fp.Explanation, "15 × 13 / 52 = 3.75, rounded up to 4") {
		t.Errorf("weekly for a quarter: %+v", fp)
	}
	r = auditroom(t, env, "sample", "size", "--frequency", "daily", "--risk", "lower")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Sample size: 20 (daily control, lower risk)") {
		t.Errorf("daily lower: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}

	// Nothing is stored: the data folder stays empty.
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("sample size wrote %d entries in the data folder", len(entries))
	}
}

func TestSampleEvaluate(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir()}
	type evaluation struct {
		UpperDeviationLimit float64  `json:"upper_deviation_limit"`
		SampleDeviationRate float64  `json:"sample_deviation_rate"`
		TolerableRate       *float64 `json:"tolerable_rate"`
		SupportsReliance    *bool    `json:"supports_reliance"`
		SizeNeeded          *int     `json:"size_needed"`
		Conclusion          string   `json:"conclusion"`
	}
	for _, tc := range []struct {
		args       []string
		udl, rate  float64
		tolerable  *float64
		supports   *bool
		needed     *int
		conclusion string
	}{
		{[]string{"--size", "25", "--deviations", "1", "--confidence", "95%"}, 0.177, 0.04, nil, nil, nil, "at most 17.7%."},
		{[]string{"--size", "60", "--deviations", "1", "--confidence", "0.95", "--tolerable", "10%"}, 0.077, 1.0 / 60, f64(0.1), b(true), i64(60), "supports the planned reliance"},
		{[]string{"--size", "100", "--deviations", "2", "--confidence", "95%", "--tolerable", "0.05"}, 0.062, 0.02, f64(0.05), b(false), i64(124), "Extending the sample to 124 items"},
		{[]string{"--size", "20", "--deviations", "2", "--confidence", "90%", "--tolerable", "10%"}, 0.245, 0.1, f64(0.1), b(false), nil, "no extension of the sample can support it"},
	} {
		var ev evaluation
		mustJSON(t, auditroom(t, env, append([]string{"sample", "evaluate", "--json"}, tc.args...)...), &ev)
		if ev.UpperDeviationLimit != tc.udl || ev.SampleDeviationRate != tc.rate || !sameF(ev.TolerableRate, tc.tolerable) ||
			!sameB(ev.SupportsReliance, tc.supports) || !sameI(ev.SizeNeeded, tc.needed) || !strings.Contains(ev.Conclusion, tc.conclusion) {
			t.Errorf("sample evaluate %v: got %+v", tc.args, ev)
		}
	}
	r := auditroom(t, env, "sample", "evaluate", "--size", "100", "--deviations", "2", "--confidence", "95%", "--tolerable", "5%")
	for _, want := range []string{"Upper deviation limit: 6.2% at 95% confidence", "Sample deviation rate: 2% (2 of 100)", "Size needed: 124 (24 more, with no further deviations)"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("evaluate text: exit %d, stdout %q lacks %q", r.code, r.stdout, want)
		}
	}
}

func TestSampleMUSSize(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir()}
	var p struct {
		SampleSize       int     `json:"sample_size"`
		BookValue        float64 `json:"book_value"`
		ConfidenceFactor float64 `json:"confidence_factor"`
		ExpansionFactor  float64 `json:"expansion_factor"`
		SamplingInterval float64 `json:"sampling_interval"`
	}
	mustJSON(t, auditroom(t, env, "sample", "mus-size", "--book-value", "3,460,000", "--tolerable-misstatement", "63460",
		"--expected-misstatement", "13000", "--confidence", "95%", "--json"), &p)
	if p.SampleSize != 244 || p.BookValue != 3460000 || p.ConfidenceFactor != 3 || p.ExpansionFactor != 1.6 || p.SamplingInterval != 14180.32 {
		t.Errorf("mus-size: %+v", p)
	}
}

func TestSampleBadValues(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir()}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sample"}, "sample needs a subcommand"},
		{[]string{"sample", "redraw"}, `unknown sample subcommand "redraw"`},
		{[]string{"sample", "size"}, "give --confidence and --tolerable (statistical) or --frequency"},
		{[]string{"sample", "size", "--confidence", "95", "--tolerable", "5%"}, "confidence 9500% is not between 0 and 1: write 0.95 or 95%"},
		{[]string{"sample", "size", "--confidence", "95%", "--tolerable", "five"}, `--tolerable: "five" is not a rate`},
		{[]string{"sample", "size", "--confidence", "95%", "--tolerable", "5%", "--expected-rate", "5%"}, "expected rate 5% must be below the tolerable rate 5%"},
		{[]string{"sample", "size", "--confidence", "95%", "--tolerable", "5%", "--expected-rate", "1%", "--expected-deviations", "1"}, "not both"},
		{[]string{"sample", "size", "--confidence", "95%", "--tolerable", "5%", "--population", "0"}, "--population 0 must be at least 1"},
		{[]string{"sample", "size", "--frequency", "daily", "--confidence", "95%"}, "--confidence is for a statistical size"},
		{[]string{"sample", "size", "--frequency", "hourly"}, `frequency "hourly" is not one of`},
		{[]string{"sample", "size", "--frequency", "daily", "--risk", "medium"}, `risk "medium" is not lower or higher`},
		{[]string{"sample", "size", "--frequency", "daily", "--period-start", "2026-01-01"}, "both --period-start and --period-end"},
		{[]string{"sample", "size", "--frequency", "daily", "--period-start", "2026-01-01", "--period-end", "2026-02-30"}, `--period-end "2026-02-30" is not a date`},
		{[]string{"sample", "size", "--frequency", "daily", "--period-start", "2026-06-01", "--period-end", "2026-01-01"}, "period end 2026-01-01 is before period start 2026-06-01"},
		{[]string{"sample", "size", "--confidence", "95%", "--tolerable", "5%", "--risk", "lower"}, "--risk goes with --frequency"},
		{[]string{"sample", "evaluate", "--deviations", "1", "--confidence", "95%"}, "--size is required"},
		{[]string{"sample", "evaluate", "--size", "10", "--deviations", "11", "--confidence", "95%"}, "deviations 11 exceed the sample size 10"},
		{[]string{"sample", "evaluate", "--size", "10", "--deviations", "1", "--confidence", "1.5"}, "confidence 150% is not between 0 and 1"},
		{[]string{"sample", "mus-size", "--book-value", "100000", "--tolerable-misstatement", "5000", "--confidence", "97%"}, "confidence 97% has no AICPA monetary-unit factors"},
		{[]string{"sample", "mus-size", "--book-value", "$100", "--tolerable-misstatement", "5", "--confidence", "95%"}, `--book-value "$100" is not an amount`},
		{[]string{"sample", "mus-size", "--tolerable-misstatement", "5", "--confidence", "95%"}, "--book-value is required"},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("auditroom %v: exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", tc.args, r.code, r.stdout, r.stderr, tc.want)
		}
	}
}

func f64(f float64) *float64 { return &f }
func i64(i int) *int         { return &i }
func b(v bool) *bool         { return &v }
func sameF(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
func sameI(a, b *int) bool  { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func sameB(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
