package sampling_test

import (
	"fmt"

	"auditroom/backend/sampling"
)

func ExampleAttributeSize() {
	p, err := sampling.AttributeSize(sampling.AttributeInput{
		Confidence: sampling.MustRate("95%"),
		Tolerable:  sampling.MustRate("5%"),
		Expected:   sampling.MustRate("1%"),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.SampleSize, p.ExpectedDeviations, p.Method)
	// Output: 93 1 binomial
}

func ExampleEvaluate() {
	ev, err := sampling.Evaluate(sampling.EvaluationInput{
		SampleSize: 100,
		Deviations: 2,
		Confidence: sampling.MustRate("95%"),
		Tolerable:  sampling.MustRate("5%"),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.UpperDeviationLimit, *ev.SupportsReliance, *ev.SizeNeeded)
	// Output: 0.062 false 124
}
