package sampling

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"auditroom/backend/audit"
)

// MUSFactors are the AICPA's factors for a monetary-unit sample size at one
// risk of incorrect acceptance.
type MUSFactors struct {
	Risk       string // risk of incorrect acceptance, in percent
	Confidence string // reliability factor for no misstatements (Poisson, rounded up to 0.01)
	Expansion  string // expansion factor for expected misstatement
}

// MUSTable is the AICPA Audit Guide: Audit Sampling's monetary-unit sample
// size factors: "Reliability Factors for Misstatements of Overstatement"
// (the row for no misstatements, which is the one sample size uses) and
// "Expansion Factors for Expected Misstatements", by risk of incorrect
// acceptance. docs/methodology.md names where they were transcribed from.
var MUSTable = []MUSFactors{
	{"1", "4.61", "1.9"},
	{"5", "3.00", "1.6"},
	{"10", "2.31", "1.5"},
	{"15", "1.90", "1.4"},
	{"20", "1.61", "1.3"},
	{"25", "1.39", "1.25"},
	{"30", "1.21", "1.2"},
	{"37", "1.00", "1.15"},
	{"50", "0.70", "1.0"},
}

// MUSInput asks for a monetary-unit sample size.
type MUSInput struct {
	BookValue             *big.Rat // the population's recorded amount
	TolerableMisstatement *big.Rat
	ExpectedMisstatement  *big.Rat // may be zero
	Confidence            Rate     // 1 − the risk of incorrect acceptance; one of the table's
}

// MUSPlan is a monetary-unit sample size and how it was reached. Amounts
// are decimal numbers in JSON, exact to the cent.
type MUSPlan struct {
	SampleSize                int         `json:"sample_size"`
	Method                    string      `json:"method"` // "monetary-unit"
	BookValue                 json.Number `json:"book_value"`
	TolerableMisstatement     json.Number `json:"tolerable_misstatement"`
	ExpectedMisstatement      json.Number `json:"expected_misstatement"`
	Confidence                float64     `json:"confidence"`
	RiskOfIncorrectAcceptance float64     `json:"risk_of_incorrect_acceptance"`
	ConfidenceFactor          json.Number `json:"confidence_factor"`
	ExpansionFactor           json.Number `json:"expansion_factor"`
	// SamplingInterval is book value / sample size, rounded down to the
	// cent so that the interval fits the sample size times into the book
	// value.
	SamplingInterval json.Number `json:"sampling_interval"`
	Explanation      string      `json:"explanation"`
}

var amountPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// ParseAmount reads a money amount: digits, an optional decimal point, and
// thousands separated by commas or underscores if you like ("1,250,000.00").
func ParseAmount(name, s string) (*big.Rat, error) {
	clean := strings.NewReplacer(",", "", "_", "").Replace(strings.TrimSpace(s))
	if !amountPattern.MatchString(clean) {
		return nil, audit.Errorf(audit.EINVALID, "%s %q is not an amount: write digits with an optional decimal point, e.g. 1250000.00", name, s)
	}
	r, _ := new(big.Rat).SetString(clean)
	return r, nil
}

func musFactors(conf Rate) (MUSFactors, bool) {
	risk := complement(conf).Rat()
	for _, f := range MUSTable {
		r, _ := new(big.Rat).SetString(f.Risk)
		if r.Quo(r, big.NewRat(100, 1)).Cmp(risk) == 0 {
			return f, true
		}
	}
	return MUSFactors{}, false
}

func musConfidences() string {
	s := make([]string, len(MUSTable))
	for i, f := range MUSTable {
		r, _ := new(big.Rat).SetString(f.Risk)
		s[i] = complement(Rate{r.Quo(r, big.NewRat(100, 1))}).Percent()
	}
	return strings.Join(s, ", ")
}

// MUSSize is the AICPA Poisson sample size for monetary-unit sampling:
// n = ⌈BV × CF / (TM − EM × EF)⌉ with the confidence factor CF and the
// expansion factor EF for the risk of incorrect acceptance, in exact
// decimal arithmetic.
func MUSSize(in MUSInput) (MUSPlan, error) {
	if !inOpenUnit(in.Confidence) {
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "confidence %s is not between 0 and 1: write 0.95 or 95%%", show(in.Confidence))
	}
	f, ok := musFactors(in.Confidence)
	if !ok {
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "confidence %s has no AICPA monetary-unit factors: use one of %s", in.Confidence.Percent(), musConfidences())
	}
	switch {
	case in.BookValue == nil || in.BookValue.Sign() <= 0:
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "book value must be above zero")
	case in.TolerableMisstatement == nil || in.TolerableMisstatement.Sign() <= 0:
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "tolerable misstatement must be above zero")
	case in.TolerableMisstatement.Cmp(in.BookValue) > 0:
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "tolerable misstatement %s exceeds the book value %s", money(in.TolerableMisstatement), money(in.BookValue))
	case in.ExpectedMisstatement != nil && in.ExpectedMisstatement.Sign() < 0:
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "expected misstatement is negative")
	}
	em := new(big.Rat)
	if in.ExpectedMisstatement != nil {
		em.Set(in.ExpectedMisstatement)
	}
	cf, _ := new(big.Rat).SetString(f.Confidence)
	ef, _ := new(big.Rat).SetString(f.Expansion)
	emx := new(big.Rat).Mul(em, ef)
	denom := new(big.Rat).Sub(in.TolerableMisstatement, emx)
	if denom.Sign() <= 0 {
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "expected misstatement %s × expansion factor %s = %s leaves nothing of the tolerable misstatement %s: lower the expected misstatement",
			money(em), f.Expansion, money(emx), money(in.TolerableMisstatement))
	}
	exact := new(big.Rat).Mul(in.BookValue, cf)
	exact.Quo(exact, denom)
	nb := ceilRat(exact)
	if nb.Cmp(big.NewInt(MaxSampleSize)) > 0 {
		return MUSPlan{}, audit.Errorf(audit.EINVALID, "the sample would be %s items, more than %d: raise the tolerable misstatement or lower the expected misstatement", nb, MaxSampleSize)
	}
	n := nb.Int64()
	interval := new(big.Rat).Quo(in.BookValue, new(big.Rat).SetInt64(n))
	p := MUSPlan{
		SampleSize:                int(n),
		Method:                    "monetary-unit",
		BookValue:                 json.Number(money(in.BookValue)),
		TolerableMisstatement:     json.Number(money(in.TolerableMisstatement)),
		ExpectedMisstatement:      json.Number(money(em)),
		Confidence:                in.Confidence.Float64(),
		RiskOfIncorrectAcceptance: complement(in.Confidence).Float64(),
		ConfidenceFactor:          json.Number(f.Confidence),
		ExpansionFactor:           json.Number(f.Expansion),
		SamplingInterval:          json.Number(floorCents(interval)),
	}
	p.Explanation = fmt.Sprintf("Monetary-unit sample size by the AICPA Poisson method: n = BV × CF / (TM − EM × EF) = %s × %s / (%s − %s × %s) = %s / %s = %s, rounded up to %d. CF is the confidence factor for no misstatements and EF the expansion factor for expected misstatement at a %s risk of incorrect acceptance (AICPA Audit Guide: Audit Sampling). Sampling interval: %s / %d = %s.",
		money(in.BookValue), f.Confidence, money(in.TolerableMisstatement), money(em), f.Expansion,
		money(new(big.Rat).Mul(in.BookValue, cf)), money(denom), exact.FloatString(2), n,
		complement(in.Confidence).Percent(), money(in.BookValue), n, p.SamplingInterval)
	return p, nil
}

// money formats an amount exactly with two decimals (amounts are given to
// the cent at most; more decimals are rounded for display only).
func money(r *big.Rat) string { return r.FloatString(2) }

func floorCents(r *big.Rat) string {
	c := new(big.Rat).Mul(r, big.NewRat(100, 1))
	q := new(big.Int).Quo(c.Num(), c.Denom())
	return new(big.Rat).SetFrac(q, big.NewInt(100)).FloatString(2)
}

func ceilRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}
