package asof

import (
	"testing"
	"time"
)

func TestFromName(t *testing.T) {
	june := Options{FYEndMonth: time.June}
	for _, c := range []struct {
		name     string
		o        Options
		date     string
		fragment string
	}{
		{"user-listing-2026-06-30", Options{}, "2026-06-30", "2026-06-30"},
		{"backup_2026_03_31_final", Options{}, "2026-03-31", "2026_03_31"},
		{"scan20260630", Options{}, "2026-06-30", "20260630"},
		{"terminations 30-06-2026", Options{}, "2026-06-30", "30-06-2026"},
		{"report 03-04-2026", Options{}, "2026-04-03", "03-04-2026"},
		{"report 03-04-2026", Options{MDY: true}, "2026-03-04", "03-04-2026"},
		{"report 06-30-2026", Options{MDY: true}, "2026-06-30", "06-30-2026"},
		{"report 06-30-2026", Options{}, "", ""}, // no 30th month: no date
		{"access-review-2026-Q2", Options{}, "2026-06-30", "2026-Q2"},
		{"Q4 2025 review", Options{}, "2025-12-31", "Q4 2025"},
		{"vuln scan June 2026", Options{}, "2026-06-30", "June 2026"},
		{"payroll-feb2028", Options{}, "2028-02-29", "feb2028"},
		{"budget FY26", Options{}, "2026-12-31", "FY26"},
		{"budget FY26", june, "2026-06-30", "FY26"},
		{"fy2025-plan", Options{}, "2025-12-31", "fy2025"},
		{"2026-02-30 note", Options{}, "", ""}, // not a day
		{"invoice 123456789", Options{}, "", ""},
		{"Janitor schedule", Options{}, "", ""},
		{"policy v2", Options{}, "", ""},
		{"2026-06-30 or June 2025", Options{}, "2026-06-30", "2026-06-30"},
	} {
		d, f, ok := FromName(c.name, c.o)
		if d != c.date || f != c.fragment || ok != (c.date != "") {
			t.Errorf("FromName(%q, %+v) = %q %q %v, want %q %q", c.name, c.o, d, f, ok, c.date, c.fragment)
		}
	}
}

func TestFromPath(t *testing.T) {
	for _, c := range []struct{ path, date, source, fragment string }{
		{"hr/user-listing-2026-06-30.xlsx", "2026-06-30", FileName, "2026-06-30"},
		{"2026-Q1/access/review.pdf", "2026-03-31", FolderName, "2026-Q1"},
		{"March 2026/q/FY25/a.txt", "2025-12-31", FolderName, "FY25"},
		{"policies/policy.md", "", "", ""},
		{"20260115.csv", "2026-01-15", FileName, "20260115"},
	} {
		d, s, f, ok := FromPath(c.path, Options{})
		if d != c.date || s != c.source || f != c.fragment || ok != (c.date != "") {
			t.Errorf("FromPath(%q) = %q %q %q, want %q %q %q", c.path, d, s, f, c.date, c.source, c.fragment)
		}
	}
}

func TestRealTime(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    time.Time
		want bool
	}{
		{time.Time{}, false},
		{time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC), true},
		{now, true},
	} {
		if got := RealTime(c.t, now); got != c.want {
			t.Errorf("RealTime(%v) = %v, want %v", c.t, got, c.want)
		}
	}
}
