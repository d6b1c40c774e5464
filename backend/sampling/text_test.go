package sampling

import "testing"

// The text `auditroom sample evaluate` prints, and the window shows beside
// the figures: one deviation in 25 items at 95% against a 10% tolerable rate.
func TestEvaluationText(t *testing.T) {
	in := EvaluationInput{SampleSize: 25, Deviations: 1, Confidence: MustRate("95%"), Tolerable: MustRate("10%")}
	ev, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	want := "Upper deviation limit: 17.7% at 95% confidence (exact 17.6121%)\n" +
		"Sample deviation rate: 4% (1 of 25)\n" +
		"Tolerable rate: 10%: the sample does not support the planned reliance\n" +
		"Size needed: 46 (21 more, with no further deviations)\n\n" + ev.Conclusion + "\n"
	if got := EvaluationText(in, ev); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}
