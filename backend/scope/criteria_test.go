package scope

import (
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func TestCatalogue(t *testing.T) {
	cat := Catalogue()
	want := map[audit.Category]int{audit.Security: 33, audit.Availability: 3, audit.Confidentiality: 2, audit.ProcessingIntegrity: 5, audit.Privacy: 18}
	got := map[audit.Category]int{}
	for _, c := range cat {
		got[c.Category]++
		if c.Title == "" || len(c.Title) > 80 {
			t.Errorf("criterion %s has title %q, want a short one", c.ID, c.Title)
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("category %s has %d criteria, want %d", k, got[k], n)
		}
	}
	if cat[0].ID != "CC1.1" || cat[len(cat)-1].ID != "P8.1" {
		t.Errorf("catalogue runs %s … %s, want CC1.1 … P8.1", cat[0].ID, cat[len(cat)-1].ID)
	}
	if n := len(InScope(nil)); n != 33 {
		t.Errorf("InScope(nil) has %d criteria, want the 33 common criteria", n)
	}
	if n := len(InScope([]audit.Category{audit.Availability, audit.Privacy})); n != 33+3+18 {
		t.Errorf("InScope(availability, privacy) has %d criteria, want %d", n, 33+3+18)
	}
}

func TestParseCriteria(t *testing.T) {
	tests := []struct {
		cell    string
		ids     string
		unknown string
	}{
		{"CC6.1, CC6.2; CC6.3", "CC6.1,CC6.2,CC6.3", ""},
		{"CC6.1\nCC6.2\r\nCC7.1", "CC6.1,CC6.2,CC7.1", ""},
		{"cc 6.1 / CC06.02 and A1.2", "CC6.1,CC6.2,A1.2", ""},
		{"CC1.1-CC1.3", "CC1.1,CC1.2,CC1.3", ""},
		{"CC1.1 – CC1.3, PI1.1", "CC1.1,CC1.2,CC1.3,PI1.1", ""},
		{"CC6.2, CC6.1, CC6.1", "CC6.1,CC6.2", ""},
		{"CC9.9", "", "CC9.9"},
		{"CC6.1, A.5.1", "CC6.1", "A.5.1"},
		{"CC6.1 logical access", "CC6.1", "logical access"},
		{"", "", ""},
		{"CC2.1-A1.1", "CC2.1", "CC2.1-A1.1"},
	}
	for _, tt := range tests {
		ids, unknown := ParseCriteria(tt.cell)
		if strings.Join(ids, ",") != tt.ids || strings.Join(unknown, "|") != tt.unknown {
			t.Errorf("ParseCriteria(%q) = %v, unknown %v; want %s, unknown %q", tt.cell, ids, unknown, tt.ids, tt.unknown)
		}
	}
}

func TestControlValidate(t *testing.T) {
	good := Control{ID: "AC-01", Title: "Access reviews", Frequency: Quarterly, Nature: Manual, Kind: Detective, Criteria: []string{"cc6.2", "CC6.1"}}
	good.Normalize()
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(%+v) = %v", good, err)
	}
	if !slices.Equal(good.Criteria, []string{"CC6.1", "CC6.2"}) {
		t.Errorf("normalised criteria %v, want CC6.1, CC6.2", good.Criteria)
	}
	for _, tt := range []struct {
		name string
		edit func(*Control)
		want string
	}{
		{"blank id", func(c *Control) { c.ID = "" }, "control id is required"},
		{"bad frequency", func(c *Control) { c.Frequency = "fortnightly" }, "frequency"},
		{"bad nature", func(c *Control) { c.Nature = "magic" }, "nature"},
		{"unknown criterion", func(c *Control) { c.Criteria = []string{"CC9.9"} }, "unknown criterion"},
		{"id with newline", func(c *Control) { c.ID = "A\nB" }, "line breaks"},
	} {
		c := good
		tt.edit(&c)
		err := c.Validate()
		if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tt.want) {
			t.Errorf("%s: Validate(%+v) = %v, want EINVALID naming %q", tt.name, c, err, tt.want)
		}
	}
}

func TestParseFrequencyAndKey(t *testing.T) {
	for in, want := range map[string]Frequency{"Annually": Annual, "QUARTERLY": Quarterly, "multiple times a day": MultipleDaily,
		"Ad-hoc": AsNeeded, "as needed": AsNeeded, "": "", "Continuous": MultipleDaily, "weekly": Weekly} {
		if got, ok := ParseFrequency(in); !ok || got != want {
			t.Errorf("ParseFrequency(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseFrequency("fortnightly"); ok {
		t.Error("ParseFrequency(fortnightly) accepted")
	}
	for in, want := range map[string]bool{"Yes": true, "x": true, "N": false, "": false} {
		if got, ok := ParseKey(in); !ok || got != want {
			t.Errorf("ParseKey(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	n, k, ok := ParseNatureKind("Automated / Preventive")
	if n != Automated || k != Preventive || !ok {
		t.Errorf("ParseNatureKind = %q %q %v", n, k, ok)
	}
}

func TestRequestMove(t *testing.T) {
	r := Request{ID: "PBC-1", Description: "User list"}
	r.Normalize()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		to      Status
		comment string
		ok      bool
	}{
		{Accepted, "", false},
		{Received, "", true},
		{Flagged, "", false},
		{Flagged, "missing Q3", true},
		{Accepted, "", false},
		{Resubmitted, "", true},
		{Accepted, "looks complete", true},
	}
	for _, s := range steps {
		from := r.Status
		err := r.Move(s.to, "rita", s.comment, testNow)
		if (err == nil) != s.ok {
			t.Fatalf("Move %s → %s (comment %q) = %v, want ok %v", from, s.to, s.comment, err, s.ok)
		}
	}
	if len(r.History) != 4 || r.History[1].Comment != "missing Q3" || r.History[3].Actor != "rita" {
		t.Errorf("history %+v", r.History)
	}
	r2 := Request{ID: "X", Due: "2026-01-31", Status: Received}
	if !r2.Overdue("2026-02-01") || r2.Overdue("2026-01-31") {
		t.Error("Overdue wrong at the boundary")
	}
	r2.Status = Accepted
	if r2.Overdue("2027-01-01") {
		t.Error("an accepted request is never overdue")
	}
}

func TestParseDue(t *testing.T) {
	for in, want := range map[string]string{"2026-03-31": "2026-03-31", "31/03/2026": "2026-03-31", "03/31/2026": "2026-03-31",
		"31 Mar 2026": "2026-03-31", "Mar 31, 2026": "2026-03-31", "46112": "2026-03-31", "31.03.2026": "2026-03-31"} {
		if got, err := ParseDue(in); err != nil || got != want {
			t.Errorf("ParseDue(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"03/04/2026", "soon", "2026-02-30"} {
		if got, err := ParseDue(in); err == nil {
			t.Errorf("ParseDue(%q) = %q, want an error", in, got)
		}
	}
}
