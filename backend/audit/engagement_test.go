package audit

import (
	"slices"
	"strings"
	"testing"
)

func valid() Engagement {
	return Engagement{Name: "Acme FY26", Client: "Acme Holdings", Type: Type2,
		PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"}
}

func TestEngagementValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Engagement)
		want string // substring of the error; empty for valid
	}{
		{"valid type 2", func(*Engagement) {}, ""},
		{"type 1 fills its end date", func(e *Engagement) { e.Type, e.PeriodEnd = Type1, "" }, ""},
		{"type 1 with a period", func(e *Engagement) { e.Type = Type1 }, "type 1 report is as of one date"},
		{"blank name", func(e *Engagement) { e.Name = "  " }, "name is required"},
		{"blank client", func(e *Engagement) { e.Client = "" }, "client is required"},
		{"control character", func(e *Engagement) { e.Name = "Acme\x00" }, "name contains control characters"},
		{"invalid utf-8", func(e *Engagement) { e.Client = "Acme \xff" }, "client is not valid UTF-8"},
		{"long name", func(e *Engagement) { e.Name = strings.Repeat("a", 201) }, "name is longer than 200"},
		{"bad type", func(e *Engagement) { e.Type = "type3" }, `type must be type1 or type2, not "type3"`},
		{"missing start", func(e *Engagement) { e.PeriodStart = "" }, "period start is required"},
		{"bad date", func(e *Engagement) { e.PeriodEnd = "31/12/2026" }, `period end "31/12/2026" is not a date`},
		{"end before start", func(e *Engagement) { e.PeriodEnd = "2025-12-31" }, "must be after period start"},
		{"too long", func(e *Engagement) { e.PeriodEnd = "2029-01-01" }, "longer than two years"},
		{"unknown category", func(e *Engagement) { e.Categories = []Category{"vibes"} }, `unknown trust services category "vibes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := valid()
			tc.edit(&e)
			e.Normalize()
			err := e.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Validate(%+v) = %v, want nil", e, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Validate(%+v) = %v, want an error containing %q", e, err, tc.want)
			case tc.want != "" && ErrorCode(err) != EINVALID:
				t.Errorf("Validate(%+v) code = %s, want %s", e, ErrorCode(err), EINVALID)
			}
		})
	}
}

func TestNormalizeCategories(t *testing.T) {
	in := []Category{" Privacy", "availability", "availability"}
	e := valid()
	e.Categories = in
	e.Normalize()
	want := []Category{Security, Availability, Privacy}
	if !slices.Equal(e.Categories, want) {
		t.Errorf("Normalize(%v) = %v, want %v", in, e.Categories, want)
	}
	if in[0] != " Privacy" {
		t.Errorf("Normalize changed the caller's slice: %v", in)
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	coded := Wrap(ENOTFOUND, errString("disk said no"), "no engagement %s", "eng_x")
	if ErrorCode(coded) != ENOTFOUND || ErrorMessage(coded) != "no engagement eng_x" {
		t.Errorf("coded: %q %q", ErrorCode(coded), ErrorMessage(coded))
	}
	if ErrorCode(errString("boom")) != EINTERNAL || ErrorMessage(errString("boom")) != "internal error" {
		t.Errorf("uncoded errors must read as internal")
	}
	if ErrorCode(nil) != "" || ErrorMessage(nil) != "" {
		t.Errorf("nil error has a code")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestAsOfIssue(t *testing.T) {
	t2 := Engagement{Type: Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"}
	t1 := Engagement{Type: Type1, PeriodStart: "2026-06-30", PeriodEnd: "2026-06-30"}
	for _, c := range []struct {
		e    Engagement
		asOf string
		want string
	}{
		{t2, "", "date unknown"},
		{t2, "2026-01-01", ""},
		{t2, "2026-12-31", ""},
		{t2, "2025-12-31", "before the period start 2026-01-01"},
		{t2, "2027-01-01", "after the period end 2026-12-31"},
		{t1, "2026-01-15", ""},
		{t1, "2026-07-01", "after the as-of date 2026-06-30"},
	} {
		if got := c.e.AsOfIssue(c.asOf); got != c.want {
			t.Errorf("%s %s–%s: AsOfIssue(%q) = %q, want %q", c.e.Type, c.e.PeriodStart, c.e.PeriodEnd, c.asOf, got, c.want)
		}
	}
}
