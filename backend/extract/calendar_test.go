package extract

import (
	"context"
	"strings"
	"testing"
	"time"
)

const calendarFile = "BEGIN:VCALENDAR\r\n" +
	"VERSION:2.0\r\n" +
	"PRODID:-//Acme//Change board//EN\r\n" +
	"X-WR-CALNAME:Change advisory board\r\n" +
	"BEGIN:VEVENT\r\n" +
	"UID:cab-2026-03@acme.example\r\n" +
	"DTSTAMP:20260301T090000Z\r\n" +
	"SUMMARY:Quarterly access review\\, payroll\r\n" +
	"ORGANIZER;CN=\"Lee, Dana\":mailto:dana@acme.example\r\n" +
	"DESCRIPTION:Reviewers sign off the payroll ledger roles\\nand revoke leavers\r\n" +
	"  before the quarter closes.\r\n" +
	"END:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

func TestCalendarIsDetectedByContentAndByName(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"invite.ics", calendarFile, "ics"},
		{"invite.txt", calendarFile, "ics"}, // by content, whatever the name
		{"exported", calendarFile, "ics"},   // no name to go on
		{"cut.ics", "VERSION:2.0\n", "ics"}, // by name, when the head says nothing stronger
		{"notes.txt", "BEGIN: the plan\n", "text"},
	} {
		if got := Detect(tc.name, []byte(tc.body)); got != tc.want {
			t.Errorf("Detect(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCalendarCitesTheFileLine(t *testing.T) {
	res := Extract(context.Background(), "invite.ics", []byte(calendarFile), Options{})
	if res.Status != StatusExtracted || res.Type != "ics" || res.MIME != "text/calendar" {
		t.Fatalf("status %q type %q mime %q: %s", res.Status, res.Type, res.MIME, res.Reason)
	}
	if res.Title != "Quarterly access review, payroll" || res.Meta["events"] != "1" {
		t.Errorf("title %q, events %q", res.Title, res.Meta["events"])
	}
	if want := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC); !res.AsOf.Equal(want) || res.AsOfField != "ics DTSTAMP" {
		t.Errorf("as of %v from %q", res.AsOf, res.AsOfField)
	}
	if len(res.Parts) != 1 {
		t.Fatalf("parts: %+v", res.Parts)
	}
	p := res.Parts[0]
	for _, tc := range []struct {
		at   string
		line int
	}{
		{"ORGANIZER: mailto:dana@acme.example", 9},
		{"DESCRIPTION: Reviewers sign off the payroll ledger roles and revoke leavers", 10},
		{" before the quarter closes.", 11},
		{"END: VCALENDAR", 13},
	} {
		i := strings.Index(p.Text, tc.at)
		if i < 0 {
			t.Errorf("%q not in %q", tc.at, p.Text)
			continue
		}
		if loc := p.Locate(i); loc.Line != tc.line {
			t.Errorf("%q is cited at line %d, want %d", tc.at, loc.Line, tc.line)
		}
	}
}
