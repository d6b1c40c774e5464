package table

import (
	"strings"
	"testing"
)

func TestReadDate(t *testing.T) {
	for _, tc := range []struct {
		in, order string
		serial    bool
		want      string // "" for not a date
		why       string // part of the reason
	}{
		{"2026-03-05", "", false, "2026-03-05", ""},
		{"2026-03-05T23:59:59Z", "", false, "2026-03-05", ""},
		{"2026-03-05T23:59:59.123+10:00", "", false, "2026-03-05", ""},
		{"2026-03-05 10:22", "", false, "2026-03-05", ""},
		{"2026/3/5", "", false, "2026-03-05", ""},
		{"2026.03.05", "", false, "2026-03-05", ""},
		{"13/02/2026", "", false, "2026-02-13", ""},
		{"02/13/2026", "", false, "2026-02-13", ""},
		{"03/04/2026", "", false, "", "day/month or month/day"},
		{"03/04/2026", OrderDMY, false, "2026-04-03", ""},
		{"03/04/2026", OrderMDY, false, "2026-03-04", ""},
		{"03/03/2026", "", false, "2026-03-03", ""},
		{"3/4/26 4:05 PM", OrderMDY, false, "2026-03-04", ""},
		{"31.12.2026", "", false, "2026-12-31", ""},
		{"5 Mar 2026", "", false, "2026-03-05", ""},
		{"5-Mar-26", "", false, "2026-03-05", ""},
		{"5th March 2026", "", false, "2026-03-05", ""},
		{"Mar 5, 2026", "", false, "2026-03-05", ""},
		{"September 30, 2026 11:00", "", false, "2026-09-30", ""},
		{"46086", "", true, "2026-03-05", ""},
		{"46086.75", "", true, "2026-03-05", ""},
		{"46086", "", false, "", "not a date"},
		{"123", "", true, "", "not a date"},
		{"2026-02-30", "", false, "", "no such day"},
		{"31/02/2026", "", false, "", "no such day"},
		{"", "", false, "", "blank"},
		{"soon", "", false, "", "not a date"},
		{"2026-03-05 banana", "", false, "", "not a date"},
		{"Foo 5, 2026", "", false, "", "not a date"},
	} {
		d := Dates{Order: tc.order, Serial: tc.serial}
		got, why := d.Parse(tc.in)
		if got != tc.want || !strings.Contains(why, tc.why) {
			t.Errorf("read(%q, order %q) = %q, %q; want %q, %q", tc.in, tc.order, got, why, tc.want, tc.why)
		}
	}
}

func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"2026-03-05", "03/04/2026", "5-Mar-26", "Mar 5, 2026 10:00 PM", "46086"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, serial bool) {
		d := Dates{Serial: serial}
		got, why := d.Parse(s)
		if (got == "") == (why == "") {
			t.Fatalf("read(%q) = %q, %q: want a date or a reason", s, got, why)
		}
		if got != "" {
			again, _ := d.Parse(got)
			if again != got {
				t.Errorf("read(%q) = %q, which reads back as %q", s, got, again)
			}
		}
	})
}
