package sampling

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func amount(s string) *big.Rat {
	r, err := ParseAmount("amount", s)
	if err != nil {
		panic(err)
	}
	return r
}

func TestMUSSize(t *testing.T) {
	for _, tc := range []struct {
		bv, tm, em, conf string
		n                int
		cf, ef, interval string
	}{
		// 3,460,000 × 3.00 / (63,460 − 13,000 × 1.6) = 10,380,000 / 42,660 = 243.32 → 244.
		{"3,460,000", "63460", "13000", "95%", 244, "3.00", "1.6", "14180.32"},
		// No expected misstatement: 1,000,000 × 2.31 / 50,000 = 46.2 → 47.
		{"1000000.00", "50000", "0", "90%", 47, "2.31", "1.5", "21276.59"},
		// Exactly whole: 500,000 × 3 / 25,000 = 60.
		{"500000", "25000", "", "0.95", 60, "3.00", "1.6", "8333.33"},
		// 2,500,000 × 1.00 / (100,000 − 20,000 × 1.15) = 32.47 → 33.
		{"2500000", "100000", "20000", "63%", 33, "1.00", "1.15", "75757.57"},
	} {
		in := MUSInput{BookValue: amount(tc.bv), TolerableMisstatement: amount(tc.tm), Confidence: MustRate(tc.conf)}
		if tc.em != "" {
			in.ExpectedMisstatement = amount(tc.em)
		}
		p, err := MUSSize(in)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		if p.SampleSize != tc.n || string(p.ConfidenceFactor) != tc.cf || string(p.ExpansionFactor) != tc.ef || string(p.SamplingInterval) != tc.interval {
			t.Errorf("%+v: got n=%d cf=%s ef=%s interval=%s", tc, p.SampleSize, p.ConfidenceFactor, p.ExpansionFactor, p.SamplingInterval)
		}
		if !strings.Contains(p.Explanation, "n = BV × CF / (TM − EM × EF)") {
			t.Errorf("explanation %q", p.Explanation)
		}
		b, _ := json.Marshal(p)
		if !strings.Contains(string(b), `"book_value":`) || strings.Contains(string(b), `"book_value":"`) {
			t.Errorf("amounts should be JSON numbers: %s", b)
		}
	}
}

func TestMUSErrors(t *testing.T) {
	for _, tc := range []struct {
		in   MUSInput
		want string
	}{
		{MUSInput{BookValue: amount("100"), TolerableMisstatement: amount("10"), Confidence: MustRate("97%")}, "confidence 97% has no AICPA monetary-unit factors: use one of 99%, 95%, 90%, 85%, 80%, 75%, 70%, 63%, 50%"},
		{MUSInput{BookValue: amount("100"), TolerableMisstatement: amount("10"), Confidence: MustRate("1.2")}, "confidence 120% is not between 0 and 1"},
		{MUSInput{BookValue: amount("0"), TolerableMisstatement: amount("10"), Confidence: MustRate("95%")}, "book value must be above zero"},
		{MUSInput{BookValue: amount("100"), TolerableMisstatement: amount("0"), Confidence: MustRate("95%")}, "tolerable misstatement must be above zero"},
		{MUSInput{BookValue: amount("100"), TolerableMisstatement: amount("200"), Confidence: MustRate("95%")}, "tolerable misstatement 200.00 exceeds the book value 100.00"},
		{MUSInput{BookValue: amount("100000"), TolerableMisstatement: amount("5000"), ExpectedMisstatement: amount("3125"), Confidence: MustRate("95%")}, "expected misstatement 3125.00 × expansion factor 1.6 = 5000.00 leaves nothing"},
		{MUSInput{BookValue: amount("100000000"), TolerableMisstatement: amount("1000"), Confidence: MustRate("95%")}, "the sample would be 300000 items"},
	} {
		if _, err := MUSSize(tc.in); audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("MUSSize: %v, want EINVALID containing %q", err, tc.want)
		}
	}
	for _, s := range []string{"-5", "1e6", "12.3.4", "$100", ""} {
		if _, err := ParseAmount("book value", s); audit.ErrorCode(err) != audit.EINVALID {
			t.Errorf("ParseAmount(%q) = %v, want EINVALID", s, err)
		}
	}
}
