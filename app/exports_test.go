package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
	"auditroom/backend/population"
	"auditroom/backend/scope"
)

func TestExportsBinding(t *testing.T) {
	a, _ := unlocked(t)
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fx, err := exporttest.Build(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		start func() (Job, error)
		title string
		files []string
	}{
		{func() (Job, error) { return a.Exports.Export(fx.ID, "xlsx", filepath.Join(dir, "acme.xlsx"), false) }, "Export the workbook of Acme FY26", []string{"acme.xlsx"}},
		{func() (Job, error) { return a.Exports.Export(fx.ID, "csv", filepath.Join(dir, "csv"), false) }, "Export the CSV files of Acme FY26", []string{"csv/findings.csv", "csv/exceptions.csv"}},
		{func() (Job, error) { return a.Exports.Export(fx.ID, "oscal", filepath.Join(dir, "oscal"), false) }, "Export the OSCAL documents of Acme FY26", []string{"oscal/assessment-results.json", "oscal/poam.json"}},
	} {
		job, err := tc.start()
		if err != nil || job.Kind != "export" || job.Title != tc.title {
			t.Fatalf("job %+v, %v", job, err)
		}
		j := finished(t, a, job.ID)
		res, ok := j.Result.(export.Result)
		if j.State != JobDone || !ok || len(res.Files) != len(tc.files) || j.Stage != "done" {
			t.Fatalf("%s ended %s with %+v (%v)", tc.title, j.State, j.Result, j.Error)
		}
		for i, name := range tc.files {
			if res.Files[i].Path != filepath.Join(dir, name) {
				t.Errorf("file %d: %s, want %s", i, res.Files[i].Path, name)
			}
			if info, err := os.Stat(res.Files[i].Path); err != nil || info.Mode().Perm() != 0o600 || info.Size() != res.Files[i].Bytes {
				t.Errorf("%s: %v, %v", name, info, err)
			}
		}
	}

	// Each export is in the trail, with the hashes of what left.
	events, _, err := h.Trail(ctx, fx.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	for _, e := range events {
		if e.Actor == "tester" && len(e.Action) > 7 && e.Action[:7] == "export." {
			exported = append(exported, e.Action)
			if !bytes.Contains(e.Change, []byte(`"sha256"`)) {
				t.Errorf("event %s does not record the files' hashes: %s", e.Action, e.Change)
			}
		}
	}
	if len(exported) != 3 {
		t.Errorf("export events %v, want xlsx, csv and oscal", exported)
	}

	// Writing over a file needs the user's confirmation, asked before the job.
	_, err = a.Exports.Export(fx.ID, "csv", filepath.Join(dir, "csv"), false)
	wantUIError(t, err, audit.ECONFLICT, filepath.Join(dir, "csv", "findings.csv")+" already exists")
	if job, err := a.Exports.Export(fx.ID, "xlsx", filepath.Join(dir, "acme.xlsx"), true); err != nil || finished(t, a, job.ID).State != JobDone {
		t.Errorf("confirmed overwrite: %+v, %v", job, err)
	}

	_, err = a.Exports.Export(fx.ID, "xlsx", "acme.xlsx", false)
	wantUIError(t, err, audit.EINVALID, `"acme.xlsx" is not a full path: choose where to save the workbook`)
	_, err = a.Exports.Export("eng_nope", "csv", dir, false)
	wantUIError(t, err, audit.ENOTFOUND, "eng_nope")
	// A failure inside the job is the job's error.
	job, err := a.Exports.Export(fx.ID, "xlsx", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if j := finished(t, a, job.ID); j.State != JobFailed || j.Error.Code != audit.EINVALID || j.Error.Message != dir+" is a folder: name a file to export to" {
		t.Errorf("export onto a folder: %+v", j)
	}

	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	_, err = a.Exports.Export(fx.ID, "oscal", dir, false)
	wantUIError(t, err, audit.ELOCKED, "locked")
}

// A test sheet shows, beside each sampled item's row and key, the columns
// the tester chose for the test's grid, headed by their names; without a
// choice, the grid's defaults.
func TestWorkbookShowsGridColumns(t *testing.T) {
	a, e := unlocked(t)
	ev := importFiles(t, a, e.ID, map[string][]byte{"changes.csv": []byte(changesCSV(30))})["changes.csv"]
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "CM-01", Title: "Changes approved"}, true); err != nil {
		t.Fatal(err)
	}
	_, s, v := sampledTest(t, a, e.ID, population.Options{EvidenceID: ev.ID, Key: "Ticket", Date: "Opened"}, SampleInput{Size: 4, Seed: "cols"},
		controltest.Input{Control: "CM-01", Attributes: []controltest.Attribute{{Description: "Approved before deployment"}}})
	if _, err := a.Testing.SetCell(e.ID, v.Test.ID, 2, "A", controltest.Pass, ""); err != nil {
		t.Fatal(err)
	}
	// Item 2 is the file's row of user i, CHG-(1000+i), …; the grid shows Approver and Requester.
	item := s.Items[1]
	i := item.Index
	if _, err := a.Testing.SetTestColumns(e.ID, v.Test.ID, []int{4, 0}); err != nil {
		t.Fatal(err)
	}
	rows := exportedSheet(t, a, e.ID, "CM-01")
	if got, want := strings.Join(rows[4], "|"), "Item|Row|Key|Approver|Requester|A: Approved before deployment|Notes|Evidence"; got != want {
		t.Errorf("grid header %q, want %q", got, want)
	}
	if got, want := strings.Join(rows[6][:6], "|"), fmt.Sprintf("2|%d|CHG-%04d|mgr%02d|user%02d|✓", item.Row, 1000+i, i%5, i); got != want {
		t.Errorf("item 2 reads %q, want %q", got, want)
	}
	// Back to the defaults: the date and two more beside the key.
	if _, err := a.Testing.SetTestColumns(e.ID, v.Test.ID, nil); err != nil {
		t.Fatal(err)
	}
	rows = exportedSheet(t, a, e.ID, "CM-01")
	if got, want := strings.Join(rows[4][:6], "|"), "Item|Row|Key|Opened|Requester|Team"; got != want {
		t.Errorf("default grid header %q, want %q", got, want)
	}
	if got, want := strings.Join(rows[6][:6], "|"), fmt.Sprintf("2|%d|CHG-%04d|2026-03-%02d|user%02d|%s", item.Row, 1000+i, i%28+1, i, []string{"eng", "ops"}[i%2]); got != want {
		t.Errorf("item 2 with the defaults reads %q, want %q", got, want)
	}
}

// exportedSheet exports the engagement's workbook, as the Reports screen
// does, and reads one sheet's rows back.
func exportedSheet(t *testing.T, a *App, engID, sheet string) [][]string {
	t.Helper()
	book := filepath.Join(t.TempDir(), "book.xlsx")
	job, err := a.Exports.Export(engID, "xlsx", book, false)
	if err != nil || finished(t, a, job.ID).State != JobDone {
		t.Fatalf("export: %+v, %v", job, err)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
