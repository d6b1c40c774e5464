// Package sampling holds the statistics of audit sampling: sample sizes by
// control frequency, statistical attribute sample sizes reproducing the AICPA
// Audit Sampling guide's Appendix A, monetary-unit sample sizes, and the
// evaluation of a sample's deviations. It stores nothing. docs/methodology.md
// gives every formula and table with its source.
package sampling

import (
	"math/big"
	"regexp"
	"strings"

	"auditroom/backend/audit"
)

// Rate is a rate or a confidence level held as an exact decimal fraction, so
// that n × rate is computed without the rounding of binary floating point
// (400 × 0.035 is 14.000000000000002 in float64, and ceil makes it 15).
type Rate struct{ r *big.Rat }

var decimalRate = regexp.MustCompile(`^([0-9]+\.?[0-9]*|\.[0-9]+)(%?)$`)

// ParseRate reads a fraction ("0.05") or a percent ("5%"). It does not
// check the range: each caller knows its own.
func ParseRate(s string) (Rate, error) {
	m := decimalRate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Rate{}, audit.Errorf(audit.EINVALID, "%q is not a rate: write a fraction such as 0.05 or a percent such as 5%%", s)
	}
	r, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return Rate{}, audit.Errorf(audit.EINVALID, "%q is not a rate", s)
	}
	if m[2] == "%" {
		r.Quo(r, big.NewRat(100, 1))
	}
	return Rate{r}, nil
}

// MustRate is ParseRate for constants and tests.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// RateOf returns num/den.
func RateOf(num, den int64) Rate { return Rate{big.NewRat(num, den)} }

// IsSet reports whether the rate was given at all.
func (r Rate) IsSet() bool { return r.r != nil }

// Rat returns a copy of the exact value (0 for an unset rate).
func (r Rate) Rat() *big.Rat {
	if r.r == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Set(r.r)
}

// Float64 is the nearest float64, for JSON and display.
func (r Rate) Float64() float64 {
	f, _ := r.Rat().Float64()
	return f
}

// Cmp compares two rates exactly.
func (r Rate) Cmp(o Rate) int { return r.Rat().Cmp(o.Rat()) }

// Percent formats the rate as a percent with no trailing zeros: "5%",
// "3.25%", "17.7%". A rate read from a decimal is shown exactly.
func (r Rate) Percent() string {
	p := new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1))
	digits, ten := 0, big.NewInt(1)
	for new(big.Int).Rem(ten, p.Denom()).Sign() != 0 && digits < 40 {
		digits++
		ten.Mul(ten, big.NewInt(10))
	}
	return trimZeros(p.FloatString(digits)) + "%"
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// inOpenUnit reports whether 0 < r < 1.
func inOpenUnit(r Rate) bool {
	return r.IsSet() && r.r.Sign() > 0 && r.r.Cmp(big.NewRat(1, 1)) < 0
}

// complement returns 1 − r: the risk for a confidence level.
func complement(r Rate) Rate {
	return Rate{new(big.Rat).Sub(big.NewRat(1, 1), r.Rat())}
}

// ceilMul returns ⌈n × r⌉ exactly.
func ceilMul(n int, r *big.Rat) int {
	num := new(big.Int).Mul(big.NewInt(int64(n)), r.Num())
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return int(q.Int64())
}
