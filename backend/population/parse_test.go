package population

import (
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" for an error
	}{
		{"1234.56", "1234.56"},
		{"1,234.56", "1234.56"},
		{"1.234,56", "1234.56"},
		{"1 234,56", "1234.56"},
		{"1\u00a0234,56", "1234.56"},
		{"1'234.50", "1234.50"},
		{"$1,234", "1234.00"},
		{"USD 12", "12.00"},
		{"€ 12,5", "12.50"},
		{"(12.50)", "-12.50"},
		{"12.50-", "-12.50"},
		{"-$3", "-3.00"},
		{"$-3", "-3.00"},
		{"+7", "7.00"},
		{".5", "0.50"},
		{"0", "0.00"},
		{"1,234,567.891", "1234567.89"},
		{"0.005", "0.01"},
		{"-0.005", "-0.01"},
		{"0.0049", "0.00"},
		{"1234.5600000000001", "1234.56"},
		{"1.5E+3", "1500.00"},
		{"1,234", "1234.00"},
		{"1.234.567", "1234567.00"},
		{"", ""},
		{"N/A", ""},
		{"12abc34", ""},
		{"12,34,567", ""},
		{"1,,234", ""},
		{"1234,567", ""},
		{",5,", ""},
		{"99999999999999", ""},
	} {
		got, err := ParseAmount(tc.in)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("ParseAmount(%q) = %s, want an error", tc.in, got)
		case tc.want != "" && err != nil:
			t.Errorf("ParseAmount(%q): %v, want %s", tc.in, err, tc.want)
		case tc.want != "" && got.String() != tc.want:
			t.Errorf("ParseAmount(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	for _, a := range []Amount{0, 5, -5, 123456, -100, maxAmount - 1, -(maxAmount - 1)} {
		b, err := a.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Amount
		if err := back.UnmarshalJSON(b); err != nil || back != a {
			t.Errorf("%d → %s → %d, %v", a, b, back, err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.56", "(12.50)", "1.5E+3", "$-3", "1 234,56", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		if a > maxAmount*10 || a < -maxAmount*10 {
			t.Errorf("ParseAmount(%q) = %s, out of range", s, a)
		}
		// What it writes, it reads back the same.
		if back, err := ParseAmount(a.String()); err != nil || back != a {
			t.Errorf("ParseAmount(%q) = %s, which reads back as %s, %v", s, a, back, err)
		}
	})
}
