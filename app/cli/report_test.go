package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand writes the demo engagement's findings report, as a
// reviewer would from the command line, and reads the PDF back with
// poppler's pdftotext.
func TestReportCommand(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=demo-passphrase"}
	var demo struct {
		Engagement struct{ ID string } `json:"engagement"`
	}
	mustJSON(t, auditroom(t, env, "demo", "--json"), &demo)
	id := demo.Engagement.ID

	out := filepath.Join(t.TempDir(), "draft report.pdf")
	r := auditroom(t, env, "report", "--engagement", id, "--out", out, "--prepared-by", "Example LLP", "--date", "2027-01-31")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wrote "+out) {
		t.Fatalf("report: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("report file: %v, %v; want mode 0600", info, err)
	}
	text, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{"Acme Holdings", "DRAFT", "Example LLP", "F-001", "F-002", "F-003",
		"Significant deficiency", "Material weakness", "Control deficiency", "Partially agrees", "Management response pending"} {
		if !strings.Contains(s, want) {
			t.Errorf("the draft report lacks %q", want)
		}
	}

	// The final report waits for every finding to be issued: F-003 is a draft.
	r = auditroom(t, env, "report", "--engagement", id, "--out", filepath.Join(t.TempDir(), "final.pdf"), "--final")
	if r.code != 1 || !strings.Contains(r.stderr, "a final report needs every finding issued: F-003 is draft") {
		t.Errorf("final report: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := auditroom(t, env, "report", "--engagement", id); r.code != 2 {
		t.Errorf("report without --out: exit %d", r.code)
	}
}
