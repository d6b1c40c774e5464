package app

import (
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func TestSamplingBinding(t *testing.T) {
	s := New(Options{DataDir: t.TempDir()}).Sampling

	size, err := s.AttributeSize(AttributeSizeInput{Confidence: "95%", Tolerable: "5%", ExpectedRate: "1%"})
	if err != nil || size.SampleSize != 93 || size.ExpectedDeviations != 1 || size.Method != "binomial" ||
		!strings.HasPrefix(size.Text, "Sample size: 93 (binomial)\n") || !strings.Contains(size.Text, size.Explanation) {
		t.Errorf("attribute size: %+v, %v", size, err)
	}
	size, err = s.AttributeSize(AttributeSizeInput{Confidence: "0.95", Tolerable: "0.05", Population: 100})
	if err != nil || size.SampleSize != 45 || size.Method != "hypergeometric" {
		t.Errorf("finite population: %+v, %v", size, err)
	}

	freq, err := s.FrequencySize(FrequencySizeInput{Frequency: "weekly", Risk: "higher", PeriodStart: "2026-01-01", PeriodEnd: "2026-03-31", ProRate: true})
	if err != nil || freq.SampleSize != 4 || !freq.ProRated || !strings.HasPrefix(freq.Text, "Sample size: 4 (weekly control, higher risk)\n\n") {
		t.Errorf("frequency size: %+v, %v", freq, err)
	}

	ev, err := s.Evaluate(EvaluationInput{SampleSize: 25, Deviations: 1, Confidence: "95%", Tolerable: "10%"})
	if err != nil || ev.UpperDeviationLimit != 0.177 || ev.SupportsReliance == nil || *ev.SupportsReliance ||
		!strings.HasPrefix(ev.Text, "Upper deviation limit: 17.7% at 95% confidence") || !strings.Contains(ev.Text, "Tolerable rate: 10%: the sample does not support the planned reliance") {
		t.Errorf("evaluate: %+v, %v", ev, err)
	}
	ev, err = s.Evaluate(EvaluationInput{SampleSize: 60, Deviations: 1, Confidence: "95%"})
	if err != nil || ev.UpperDeviationLimit != 0.077 || ev.SupportsReliance != nil {
		t.Errorf("evaluate without a tolerable rate: %+v, %v", ev, err)
	}

	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"confidence", second(s.AttributeSize(AttributeSizeInput{Confidence: "high", Tolerable: "5%"})), `confidence: "high" is not a rate`},
		{"both expectations", second(s.AttributeSize(AttributeSizeInput{Confidence: "95%", Tolerable: "5%", ExpectedRate: "1%", ExpectedDeviations: new(int)})), "not both"},
		{"population", second(s.AttributeSize(AttributeSizeInput{Confidence: "95%", Tolerable: "5%", Population: -3})), "population -3"},
		{"frequency", second(s.FrequencySize(FrequencySizeInput{Frequency: "hourly", Risk: "lower"})), `frequency "hourly"`},
		{"half a period", second(s.FrequencySize(FrequencySizeInput{Frequency: "daily", Risk: "lower", PeriodStart: "2026-01-01"})), "both the period start and end"},
		{"deviations", second(s.Evaluate(EvaluationInput{SampleSize: 5, Deviations: 6, Confidence: "95%"})), "exceed the sample size"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantUIError(t, tc.err, audit.EINVALID, tc.want) })
	}
}

func second[T any](_ T, err error) error { return err }
