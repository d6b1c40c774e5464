package sampling

import (
	"testing"

	"auditroom/backend/audit"
)

// ParseRate reads command-line input: it never panics, refuses with
// EINVALID, and what it accepts prints back as the same rate.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"0.05", "5%", ".5", "95%", "3.25%", "", "%", "1e3", "0.0000001%", "12345678901234567890%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			if audit.ErrorCode(err) != audit.EINVALID {
				t.Fatalf("ParseRate(%q): uncoded error %v", s, err)
			}
			return
		}
		if r.Rat().Sign() < 0 {
			t.Fatalf("ParseRate(%q) = %s, negative", s, r.Percent())
		}
		back, err := ParseRate(r.Percent())
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("ParseRate(%q) = %s, which reads back as %s, %v", s, r.Percent(), back.Percent(), err)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,250,000.00", "0", "12.5", "1_000", "-3", "$5", "1e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseAmount("amount", s)
		if err != nil {
			if audit.ErrorCode(err) != audit.EINVALID {
				t.Fatalf("ParseAmount(%q): uncoded error %v", s, err)
			}
			return
		}
		if r.Sign() < 0 {
			t.Fatalf("ParseAmount(%q) = %s, negative", s, r.FloatString(2))
		}
	})
}
