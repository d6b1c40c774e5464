package app

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"auditroom/backend/audit"
)

func TestReportsBinding(t *testing.T) {
	a, e := unlocked(t)
	_, err := a.Reports.Preview(e.ID, 1, 1)
	wantUIError(t, err, audit.ENOTFOUND, "no report made yet")
	_, err = a.Reports.Generate(e.ID, ReportInput{Path: "report.pdf"})
	wantUIError(t, err, audit.EINVALID, "not a full path")

	out := filepath.Join(t.TempDir(), "draft.pdf")
	job, err := a.Reports.Generate(e.ID, ReportInput{Path: out, PreparedBy: "Example LLP", Date: "2027-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if j := finished(t, a, job.ID); j.State != JobDone {
		t.Fatalf("report job: %+v", j)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 || info.Size() == 0 {
		t.Fatalf("report file %v, %v", info, err)
	}
	// Generating over the file waits for the user's confirmation.
	_, err = a.Reports.Generate(e.ID, ReportInput{Path: out, PreparedBy: "Example LLP"})
	wantUIError(t, err, audit.ECONFLICT, out+" already exists")
	job, err = a.Reports.Generate(e.ID, ReportInput{Path: out, PreparedBy: "Example LLP", Date: "2027-01-31", Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if j := finished(t, a, job.ID); j.State != JobDone {
		t.Fatalf("confirmed overwrite: %+v", j)
	}
	p, err := a.Reports.Preview(e.ID, 1, 0.5)
	if err != nil || p.Page != 1 || p.Pages < 3 || p.Width <= 0 {
		t.Fatalf("preview %+v, %v", p.Page, err)
	}
	png, err := base64.StdEncoding.DecodeString(p.PNG)
	if err != nil || len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Fatalf("preview is not a PNG: %v", err)
	}
}
