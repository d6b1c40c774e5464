package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
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
