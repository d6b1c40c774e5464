package sampling

import (
	"fmt"
	"strings"
)

// AttributeSizeText is what `auditroom sample size` prints of a
// statistical plan.
func AttributeSizeText(in AttributeInput, p AttributePlan) string {
	var b strings.Builder
	star := ""
	if p.TooLarge {
		star = " *"
	}
	fmt.Fprintf(&b, "Sample size: %d%s (%s)\n", p.SampleSize, star, p.Method)
	exp := "none expected"
	if in.ExpectedDeviations != nil {
		exp = Deviations(*in.ExpectedDeviations) + " fixed"
	} else if in.Expected.IsSet() {
		exp = "expected rate " + in.Expected.Percent()
	}
	fmt.Fprintf(&b, "  confidence %s, tolerable rate %s, %s: supports reliance with at most %s\n",
		in.Confidence.Percent(), in.Tolerable.Percent(), exp, Deviations(p.ExpectedDeviations))
	if p.TooLarge {
		fmt.Fprintf(&b, "  * too large to be cost-effective for most audit applications (the AICPA tables print * above %d)\n", TooLargeAbove)
	}
	fmt.Fprintf(&b, "\n%s\n", p.Explanation)
	return b.String()
}

// FrequencySizeText is what `auditroom sample size --frequency` prints.
func FrequencySizeText(p FrequencyPlan) string {
	return fmt.Sprintf("Sample size: %d (%s control, %s risk)\n\n%s\n", p.SampleSize, p.Frequency, p.Risk, p.Explanation)
}

// EvaluationText is what `auditroom sample evaluate` prints.
func EvaluationText(in EvaluationInput, ev Evaluation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Upper deviation limit: %.1f%% at %s confidence (exact %.4f%%)\n", ev.UpperDeviationLimit*100, in.Confidence.Percent(), ev.UpperDeviationLimitExact*100)
	fmt.Fprintf(&b, "Sample deviation rate: %s (%d of %d)\n", trimZeros(fmt.Sprintf("%.2f", ev.SampleDeviationRate*100))+"%", ev.Deviations, ev.SampleSize)
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
