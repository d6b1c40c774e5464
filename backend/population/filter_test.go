package population

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// changes is a change export of 2026 with an environment, a status and a type.
const changes = `Ticket,Environment,Status,Type,Approved On,Deployed On
CHG-1,production,done,standard,2026-01-05,2026-01-06
CHG-2,staging,done,standard,,2026-01-07
CHG-3,Production,cancelled,standard,,2026-02-01
CHG-4,production,done,emergency,,2026-07-15
CHG-5,production,done,normal,,2026-03-10
CHG-6,production,done,standard,,2026-06-30
`

func TestFiltersRestrictTheRowsAndTheHash(t *testing.T) {
	opt := Options{EvidenceID: "e", Key: "Ticket", Date: "Deployed On"}
	whole, _, err := read(t, "changes.csv", "csv", []byte(changes), opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Filters = []string{"environment=production", "status!=cancelled", "type in (standard,emergency)", "Deployed On between 2026-01-01..2026-06-30"}
	p, rows, err := read(t, "changes.csv", "csv", []byte(changes), opt)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range rows {
		keys = append(keys, fmt.Sprintf("%d:%s row %d", r.Index, r.Key, r.Row))
	}
	if p.Rows != 2 || p.Excluded != 4 || strings.Join(keys, ", ") != "0:CHG-1 row 2, 1:CHG-6 row 7" {
		t.Fatalf("filtered: %d rows, %d excluded, %v", p.Rows, p.Excluded, keys)
	}
	var canon []string
	for _, f := range p.Filters {
		canon = append(canon, f.String())
	}
	if got := strings.Join(canon, "; "); got != "Environment = production; Status != cancelled; Type in (standard, emergency); Deployed On between 2026-01-01..2026-06-30" {
		t.Errorf("filters recorded as %q", got)
	}
	// The hash covers the filters: the same two rows frozen without them hash otherwise.
	only := "Ticket,Environment,Status,Type,Approved On,Deployed On\nCHG-1,production,done,standard,2026-01-05,2026-01-06\nCHG-6,production,done,standard,,2026-06-30\n"
	same, _, err := read(t, "changes.csv", "csv", []byte(only), Options{EvidenceID: "e", Key: "Ticket", Date: "Deployed On"})
	if err != nil || same.Rows != 2 || same.Hash == p.Hash || whole.Hash == p.Hash {
		t.Errorf("hashes: filtered %s, the same rows unfiltered %s, whole %s (%v)", p.Hash, same.Hash, whole.Hash, err)
	}
	// A filter naming no column, or leaving nothing, says which file and why.
	opt.Filters = []string{"region=emea"}
	if _, _, err := read(t, "changes.csv", "csv", []byte(changes), opt); err == nil || !strings.Contains(err.Error(), `changes.csv has no column "region"`) {
		t.Errorf("unknown column: %v", err)
	}
	opt.Filters = []string{"environment=dev"}
	if _, _, err := read(t, "changes.csv", "csv", []byte(changes), opt); err == nil || !strings.Contains(err.Error(), "changes.csv: the filters leave none of its 6 rows") {
		t.Errorf("nothing left: %v", err)
	}
	for _, bad := range []string{"environment", "Deployed On between 2026-06-30..2026-01-01", "type in ()"} {
		if _, err := ParseFilter(bad); err == nil {
			t.Errorf("ParseFilter(%q) accepted", bad)
		}
	}
}

// weekdays is a CSV with one row on every weekday of 2026 except the days
// left out.
func weekdays(except ...string) []byte {
	var b strings.Builder
	b.WriteString("id,date\n")
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || strings.Contains(strings.Join(except, " "), day) {
			continue
		}
		fmt.Fprintf(&b, "R-%s,%s\n", day, day)
	}
	return []byte(b.String())
}

func TestGapsFollowTheFrequencyAndBusinessDays(t *testing.T) {
	// Every weekday has a row: a daily business-day control has no gap.
	opt := Options{EvidenceID: "e", Key: "id", Date: "date", Frequency: "daily", BusinessDays: true}
	p, _, err := read(t, "ops.csv", "csv", weekdays(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if g := check(p, CheckGaps); !g.OK || g.Message != "every business day of the period has at least one row" {
		t.Errorf("weekday series: %+v", g)
	}
	// Friday 2026-03-13 and Monday 2026-03-16 missing: one gap of two
	// business days over the weekend; Wednesday 2026-05-06 one of one.
	p, _, _ = read(t, "ops.csv", "csv", weekdays("2026-03-13", "2026-03-16", "2026-05-06"), opt)
	g := check(p, CheckGaps)
	if g.OK || g.Count != 2 || len(g.Examples) != 2 || g.Examples[0] != (Example{From: "2026-03-13", To: "2026-03-16", Days: 2}) ||
		g.Examples[1] != (Example{From: "2026-05-06", To: "2026-05-06", Days: 1}) ||
		g.Message != "3 of the 261 business days in the period have no rows, in 2 gaps; the longest runs from 2026-03-13 to 2026-03-16 (2 business days)" {
		t.Errorf("missing weekdays: %+v", g)
	}
	// Counted in calendar days, every weekend is a gap.
	p, _, _ = read(t, "ops.csv", "csv", weekdays(), Options{EvidenceID: "e", Key: "id", Date: "date"})
	if g := check(p, CheckGaps); g.OK || g.Count != 52 {
		t.Errorf("calendar days: %+v", g)
	}
	// A weekly control allows six days without rows, not seven.
	p, _, _ = read(t, "ops.csv", "csv", weekdays("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"), Options{EvidenceID: "e", Key: "id", Date: "date", Frequency: "weekly"})
	if g := check(p, CheckGaps); g.OK || g.Count != 1 || g.Examples[0] != (Example{From: "2026-03-07", To: "2026-03-15", Days: 9}) ||
		g.Message != "1 gap of 7 days or more without rows, longer than a weekly control allows; the longest runs from 2026-03-07 to 2026-03-15 (9 days)" {
		t.Errorf("weekly: %+v", g)
	}
}

func preview(t *testing.T, data string) Preview {
	t.Helper()
	p, err := ReadPreview(Source{Name: "c.csv", Type: "csv", Reader: strings.NewReader(data)}, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The date column is proposed from names and fill: "Deployed On" over a
// mostly blank "Approved On" that comes first; a filled "Created" over a
// mostly blank "Closed".
func TestPreviewProposesTheDateColumn(t *testing.T) {
	d := preview(t, changes).DateColumn
	if d == nil || d.Header != "Deployed On" || d.Letter != "F" || d.Dated != 6 || d.Rows != 6 || d.Reason != "Deployed On: 6 of the first 6 rows are dates" {
		t.Fatalf("proposed %+v", d)
	}
	d = preview(t, "id,Closed,Created\nA,,2026-01-02\nB,,2026-01-03\nC,2026-01-09,2026-01-04\n").DateColumn
	if d == nil || d.Header != "Created" || d.Reason != "Created: 3 of the first 3 rows are dates" {
		t.Errorf("proposed %+v", d)
	}
	if d := preview(t, "id,name\nA,x\n").DateColumn; d != nil {
		t.Errorf("no dates, proposed %+v", d)
	}
}
