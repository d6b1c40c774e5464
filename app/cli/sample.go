package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/sampling"
)

// sampleCmd is `auditroom sample size|evaluate|mus-size`: the statistics of
// docs/methodology.md. Nothing is stored, so no store is opened.
func sampleCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "sample", args,
		subcommand{"size", withoutContext(sampleSize)},
		subcommand{"evaluate", withoutContext(sampleEvaluate)},
		subcommand{"mus-size", withoutContext(sampleMUSSize)},
		subcommand{"draw", sampleDraw},
	)
}

// badValue turns the sampling package's complaint about a value into bad
// usage (exit 2): the command line is what was wrong.
func badValue(cmd string, err error) error {
	if audit.ErrorCode(err) == audit.EINVALID {
		return usagef("%s: %s", cmd, audit.ErrorMessage(err))
	}
	return err
}

// given lists the flags set on the command line.
func given(set *flag.FlagSet) map[string]bool {
	m := map[string]bool{}
	set.Visit(func(f *flag.Flag) { m[f.Name] = true })
	return m
}

func rateFlag(cmd, name, value string) (sampling.Rate, error) {
	r, err := sampling.ParseRate(value)
	if err != nil {
		return r, usagef("%s: --%s: %s", cmd, name, audit.ErrorMessage(err))
	}
	return r, nil
}

func sampleSize(g *globals, args []string) error {
	const cmd = "sample size"
	set := g.flags(cmd)
	confidence := set.String("confidence", "", "confidence, e.g. 0.95 or 95%")
	tolerable := set.String("tolerable", "", "tolerable deviation rate, e.g. 0.05 or 5%")
	expected := set.String("expected-rate", "", "expected population deviation rate (default 0)")
	deviations := set.Int("expected-deviations", 0, "fix the number of deviations instead of an expected rate")
	population := set.Int("population", 0, "population size: hypergeometric instead of binomial")
	frequency := set.String("frequency", "", "annual|quarterly|monthly|weekly|daily|multiple-daily")
	risk := set.String("risk", string(sampling.HigherRisk), "lower|higher")
	start := set.String("period-start", "", "Type 2 period start, YYYY-MM-DD (pro-rates a short period)")
	end := set.String("period-end", "", "Type 2 period end, YYYY-MM-DD")
	proRate := set.Bool("pro-rate", false, "pro-rate the size when the period is shorter than 12 months")
	if err := parse(set, args, false); err != nil {
		return err
	}
	on := given(set)
	if on["frequency"] {
		for _, f := range []string{"confidence", "tolerable", "expected-rate", "expected-deviations", "population"} {
			if on[f] {
				return usagef("%s: --frequency sizes by the frequency table; --%s is for a statistical size", cmd, f)
			}
		}
		return frequencySize(g, *frequency, *risk, *start, *end, *proRate)
	}
	for _, f := range []string{"risk", "period-start", "period-end", "pro-rate"} {
		if on[f] {
			return usagef("%s: --%s goes with --frequency", cmd, f)
		}
	}
	if !on["confidence"] || !on["tolerable"] {
		return usagef("%s: give --confidence and --tolerable (statistical) or --frequency (by the frequency table)", cmd)
	}
	if on["expected-rate"] && on["expected-deviations"] {
		return usagef("%s: give --expected-rate or --expected-deviations, not both", cmd)
	}
	var in sampling.AttributeInput
	var err error
	if in.Confidence, err = rateFlag(cmd, "confidence", *confidence); err != nil {
		return err
	}
	if in.Tolerable, err = rateFlag(cmd, "tolerable", *tolerable); err != nil {
		return err
	}
	if on["expected-rate"] {
		if in.Expected, err = rateFlag(cmd, "expected-rate", *expected); err != nil {
			return err
		}
	}
	if on["expected-deviations"] {
		in.ExpectedDeviations = deviations
	}
	if on["population"] && *population < 1 {
		return usagef("%s: --population %d must be at least 1 (leave it out for a large population)", cmd, *population)
	}
	in.Population = *population
	plan, err := sampling.AttributeSize(in)
	if err != nil {
		return badValue(cmd, err)
	}
	return g.print(plan, sampling.AttributeSizeText(in, plan))
}

func frequencySize(g *globals, frequency, risk, start, end string, proRate bool) error {
	const cmd = "sample size"
	f, err := sampling.ParseFrequency(frequency)
	if err != nil {
		return badValue(cmd, err)
	}
	r, err := sampling.ParseRisk(risk)
	if err != nil {
		return badValue(cmd, err)
	}
	in := sampling.FrequencyInput{Frequency: f, Risk: r, ProRate: proRate}
	if (start == "") != (end == "") {
		return usagef("%s: give both --period-start and --period-end, or neither", cmd)
	}
	if start != "" {
		if in.PeriodStart, err = dateFlag(cmd, "period-start", start); err != nil {
			return err
		}
		if in.PeriodEnd, err = dateFlag(cmd, "period-end", end); err != nil {
			return err
		}
	}
	p, err := sampling.FrequencySize(in)
	if err != nil {
		return badValue(cmd, err)
	}
	return g.print(p, sampling.FrequencySizeText(p))
}

func dateFlag(cmd, name, v string) (time.Time, error) {
	t, err := time.Parse(audit.DateLayout, v)
	if err != nil {
		return t, usagef("%s: --%s %q is not a date (YYYY-MM-DD)", cmd, name, v)
	}
	return t, nil
}

func sampleEvaluate(g *globals, args []string) error {
	const cmd = "sample evaluate"
	set := g.flags(cmd)
	size := set.Int("size", 0, "items in the sample")
	deviations := set.Int("deviations", 0, "deviations found")
	confidence := set.String("confidence", "", "confidence, e.g. 0.95 or 95%")
	tolerable := set.String("tolerable", "", "tolerable deviation rate, to conclude on reliance")
	if err := parse(set, args, false); err != nil {
		return err
	}
	on := given(set)
	for _, f := range []string{"size", "deviations", "confidence"} {
		if !on[f] {
			return usagef("%s: --%s is required", cmd, f)
		}
	}
	in := sampling.EvaluationInput{SampleSize: *size, Deviations: *deviations}
	var err error
	if in.Confidence, err = rateFlag(cmd, "confidence", *confidence); err != nil {
		return err
	}
	if on["tolerable"] {
		if in.Tolerable, err = rateFlag(cmd, "tolerable", *tolerable); err != nil {
			return err
		}
	}
	ev, err := sampling.Evaluate(in)
	if err != nil {
		return badValue(cmd, err)
	}
	return g.print(ev, sampling.EvaluationText(in, ev))
}

func sampleMUSSize(g *globals, args []string) error {
	const cmd = "sample mus-size"
	set := g.flags(cmd)
	bv := set.String("book-value", "", "the population's recorded amount")
	tm := set.String("tolerable-misstatement", "", "tolerable misstatement, an amount")
	em := set.String("expected-misstatement", "0", "expected misstatement, an amount")
	confidence := set.String("confidence", "", "confidence: 99%, 95%, 90%, 85%, 80%, 75%, 70%, 63% or 50%")
	if err := parse(set, args, false); err != nil {
		return err
	}
	on := given(set)
	for _, f := range []string{"book-value", "tolerable-misstatement", "confidence"} {
		if !on[f] {
			return usagef("%s: --%s is required", cmd, f)
		}
	}
	var in sampling.MUSInput
	var err error
	if in.BookValue, err = sampling.ParseAmount("--book-value", *bv); err != nil {
		return badValue(cmd, err)
	}
	if in.TolerableMisstatement, err = sampling.ParseAmount("--tolerable-misstatement", *tm); err != nil {
		return badValue(cmd, err)
	}
	if in.ExpectedMisstatement, err = sampling.ParseAmount("--expected-misstatement", *em); err != nil {
		return badValue(cmd, err)
	}
	if in.Confidence, err = rateFlag(cmd, "confidence", *confidence); err != nil {
		return err
	}
	p, err := sampling.MUSSize(in)
	if err != nil {
		return badValue(cmd, err)
	}
	return g.print(p, fmt.Sprintf("Sample size: %d (monetary-unit), sampling interval %s\n\n%s\n", p.SampleSize, p.SamplingInterval, p.Explanation))
}
