package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An iCalendar invite imported into an engagement made from nothing is
// found by a word of its description, cited at its own line of the file.
func TestSearchFindsACalendarLine(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	dir := t.TempDir()
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTAMP:20260301T090000Z\r\n" +
		"SUMMARY:Quarterly access review\r\nDESCRIPTION:Reviewers sign off the payroll ledger\\,\r\n" +
		" then revoke leavers\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if err := os.WriteFile(filepath.Join(dir, "cab-march.ics"), []byte(ics), 0o644); err != nil {
		t.Fatal(err)
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", dir), &sum)
	if sum.Imported != 1 {
		t.Fatalf("import: %+v", sum)
	}
	var r searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "leavers"), &r)
	if len(r.Hits) != 1 {
		t.Fatalf("leavers: %+v", r)
	}
	h := r.Hits[0]
	if h.Name != "cab-march.ics" || h.Type != "ics" || h.Line != 7 || h.AsOf != "2026-03-01" {
		t.Errorf("hit %s, type %s, line %d, as of %s; want cab-march.ics, ics, line 7, 2026-03-01", h.Name, h.Type, h.Line, h.AsOf)
	}
	// The fragment reads the properties as words, the escaped comma undone.
	if f := h.Fragments; len(f) != 1 || len(f[0].Highlights) != 1 || !strings.Contains(f[0].Text, "payroll ledger, then revoke leavers END: VEVENT") ||
		string([]rune(f[0].Text)[f[0].Highlights[0][0]:f[0].Highlights[0][1]]) != "leavers" {
		t.Errorf("fragments %+v", f)
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "payroll", "type:ics"), &r)
	if len(r.Hits) != 1 || r.Hits[0].Line != 6 {
		t.Errorf("payroll type:ics: %+v", r)
	}
}
