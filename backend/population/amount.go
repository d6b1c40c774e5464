package population

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// Amount is money in hundredths of the currency unit (cents), exact. In
// JSON it is a decimal string, "-1234.56", so that no reader turns it into
// a float.
type Amount int64

// maxAmount keeps sums of a million amounts far from overflowing.
const maxAmount = 1e15 // hundredths, i.e. ten trillion units

func (a Amount) String() string {
	n := int64(a)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + strconv.FormatInt(n%100/10, 10) + strconv.FormatInt(n%10, 10)
}

// MarshalJSON writes the amount as a decimal string.
func (a Amount) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON reads a decimal string (or a bare number).
func (a *Amount) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		s = string(b)
	}
	v, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ParseAmount reads an amount as exports write them: "1234.56",
// "1,234.56", "1.234,56", "1 234,56", "$1,234", "USD 12", "(12.50)" and
// "12.50-" for negatives, "1.5E+3". The decimal separator is the last of
// "." and "," when both appear; a lone "," followed by other than three
// digits is a decimal comma ("12,5"), otherwise a thousands separator
// ("1,234"); "'" and spaces only group thousands. Groups after the first
// must have three digits. More than two decimals are rounded half away
// from zero to cents.
func ParseAmount(s string) (Amount, error) {
	orig := s
	bad := func(why string) (Amount, error) {
		return 0, audit.Errorf(audit.EINVALID, "%q is not an amount: %s", orig, why)
	}
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	s = trimCurrency(s)
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = !neg, s[1:]
	case strings.HasSuffix(s, "-"):
		neg, s = !neg, s[:len(s)-1]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s = trimCurrency(s)
	if s == "" {
		if strings.TrimSpace(orig) == "" {
			return bad("it is blank")
		}
		return bad("it has no digits")
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.Abs(f*100) >= maxAmount {
			return bad("it is not a number in range")
		}
		v := Amount(math.Round(f * 100))
		if neg {
			v = -v
		}
		return v, nil
	}
	intPart, frac, err := splitDecimal(s)
	if err != "" {
		return bad(err)
	}
	if len(intPart) > 13 {
		return bad("it is too large")
	}
	n, _ := strconv.ParseInt("0"+intPart, 10, 64)
	cents := n * 100
	for i := 0; i < 2; i++ {
		d := int64(0)
		if i < len(frac) {
			d = int64(frac[i] - '0')
		}
		cents += d * []int64{10, 1}[i]
	}
	if len(frac) > 2 && frac[2] >= '5' {
		cents++ // half away from zero: the sign is applied after
	}
	if neg {
		cents = -cents
	}
	return Amount(cents), nil
}

// splitDecimal separates the integer digits from the decimals, dropping
// thousands separators; it returns why not when s is not a number.
func splitDecimal(s string) (string, string, string) {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dec := -1
	switch {
	case dot >= 0 && comma >= 0:
		dec = max(dot, comma)
	case dot >= 0 && strings.Count(s, ".") == 1:
		dec = dot
	case comma >= 0 && strings.Count(s, ",") == 1 && len(s)-comma-1 != 3:
		dec = comma
	}
	intPart, frac := s, ""
	if dec >= 0 {
		intPart, frac = s[:dec], s[dec+1:]
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return "", "", "its decimals are not digits"
		}
	}
	// The integer part: digits, in groups of three after the first when
	// separators are used, one separator between groups.
	var digits strings.Builder
	group, groups := 0, 0
	for i, r := range intPart {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
			group++
		case isGroupSep(r) && group > 0 && i+utf8.RuneLen(r) < len(intPart):
			if groups > 0 && group != 3 || group > 3 {
				return "", "", "its thousands separators are out of place"
			}
			groups++
			group = 0
		default:
			return "", "", "it holds characters other than digits and separators"
		}
	}
	if groups > 0 && group != 3 {
		return "", "", "its thousands separators are out of place"
	}
	if digits.Len() == 0 && frac == "" {
		return "", "", "it has no digits"
	}
	return digits.String(), frac, ""
}

func isGroupSep(r rune) bool {
	return r == ',' || r == '.' || r == '\'' || r == ' ' || r == '\u00a0' || r == '\u202f'
}

// trimCurrency drops currency symbols and codes, and spaces, at both ends.
func trimCurrency(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.Is(unicode.Sc, r) || unicode.IsLetter(r)
	})
}
