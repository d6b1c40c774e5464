package cli_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEvidenceControlLinks builds an engagement from nothing (a control
// matrix, a PBC list, a folder of evidence) and links a file to a control
// by hand and back: evidence show, the control: filter and coverage follow.
func TestEvidenceControlLinks(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	matrix := writeFile(t, "matrix.csv", "Control ID,Control,Frequency,TSC\nCC8.1-01,Change approval,Daily,CC8.1\nCC6.1-01,Access review,Quarterly,CC6.1\n")
	if r := auditroom(t, env, "controls", "import", "--engagement", id, matrix); r.code != 0 {
		t.Fatalf("controls import: %q", r.stderr)
	}
	pbc := writeFile(t, "pbc.csv", "Request ID,Description,Controls,Due\nPBC-010,Access review evidence,CC6.1-01,2026-12-31\n")
	if r := auditroom(t, env, "requests", "import", "--engagement", id, pbc); r.code != 0 {
		t.Fatalf("requests import: %q", r.stderr)
	}
	tickets, review := "ticket,approved by\nCHG-1,ana\nCHG-2,bo\n", "quarterly access review signed off by the CISO\n"
	pack := filepath.Join(t.TempDir(), "acme-pack")
	if err := os.MkdirAll(pack, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"change tickets.csv": tickets, "access review.txt": review} {
		if err := os.WriteFile(filepath.Join(pack, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if r := auditroom(t, env, "import", "--engagement", id, pack); r.code != 0 {
		t.Fatalf("import: %q", r.stderr)
	}
	ticketsID, reviewID := evidenceID(tickets), evidenceID(review)

	type show struct {
		Controls []string `json:"controls"`
	}
	type coverage struct {
		Controls []struct {
			ID       string `json:"id"`
			Evidence int    `json:"evidence"`
		} `json:"controls"`
		Gaps struct {
			ControlsWithoutEvidence []string `json:"controls_without_evidence"`
		} `json:"gaps"`
	}
	var cv coverage
	mustJSON(t, auditroom(t, env, "coverage", "--engagement", id, "--json"), &cv)
	if !slices.Equal(cv.Gaps.ControlsWithoutEvidence, []string{"CC6.1-01", "CC8.1-01"}) {
		t.Fatalf("coverage before any link: %+v", cv.Gaps)
	}

	var link struct {
		Evidence string   `json:"evidence"`
		Control  string   `json:"control"`
		Controls []string `json:"controls"`
	}
	mustJSON(t, auditroom(t, env, "evidence", "link", "--engagement", id, "--evidence", ticketsID, "--control", "CC8.1-01", "--json"), &link)
	if link.Evidence != ticketsID || link.Control != "CC8.1-01" || !slices.Equal(link.Controls, []string{"CC8.1-01"}) {
		t.Fatalf("evidence link: %+v", link)
	}
	var s show
	mustJSON(t, auditroom(t, env, "evidence", "show", "--engagement", id, "--json", ticketsID), &s)
	if !slices.Equal(s.Controls, []string{"CC8.1-01"}) {
		t.Fatalf("evidence show after the link: controls %v", s.Controls)
	}
	var found searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "control:CC8.1-01"), &found)
	if found.Total != 1 || found.Hits[0].EvidenceID != ticketsID {
		t.Fatalf("search control:CC8.1-01 after the link: %+v", found)
	}
	// Evidence linked to a request counts for the request's controls.
	if r := auditroom(t, env, "requests", "link", "--engagement", id, "--request", "PBC-010", "--evidence", reviewID); r.code != 0 {
		t.Fatalf("requests link: %q", r.stderr)
	}
	mustJSON(t, auditroom(t, env, "coverage", "--engagement", id, "--json"), &cv)
	if len(cv.Controls) != 2 || cv.Controls[0].ID != "CC6.1-01" || cv.Controls[0].Evidence != 1 || cv.Controls[1].ID != "CC8.1-01" || cv.Controls[1].Evidence != 1 ||
		len(cv.Gaps.ControlsWithoutEvidence) != 0 {
		t.Fatalf("coverage after the links: %+v", cv)
	}

	if r := auditroom(t, env, "evidence", "unlink", "--engagement", id, "--evidence", ticketsID, "--control", "CC8.1-01"); r.code != 0 ||
		r.stdout != "unlinked "+ticketsID+" from CC8.1-01; controls none\n" {
		t.Fatalf("evidence unlink: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	mustJSON(t, auditroom(t, env, "evidence", "show", "--engagement", id, "--json", ticketsID), &s)
	if s.Controls == nil || len(s.Controls) != 0 {
		t.Fatalf("evidence show after the unlink: controls %v", s.Controls)
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "control:CC8.1-01"), &found)
	if found.Total != 0 {
		t.Fatalf("search control:CC8.1-01 after the unlink: %+v", found)
	}
	mustJSON(t, auditroom(t, env, "coverage", "--engagement", id, "--json"), &cv)
	if !slices.Equal(cv.Gaps.ControlsWithoutEvidence, []string{"CC8.1-01"}) {
		t.Fatalf("coverage after the unlink: %+v", cv.Gaps)
	}
	if r := auditroom(t, env, "verify", "--engagement", id); r.code != 0 {
		t.Fatalf("verify: %q", r.stderr)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"evidence", "unlink", "--engagement", id, "--evidence", ticketsID, "--control", "CC8.1-01"}, 1, "auditroom: evidence " + ticketsID + " is not linked to control CC8.1-01\n"},
		{[]string{"evidence", "link", "--engagement", id, "--evidence", ticketsID, "--control", "CC9.9"}, 1, "auditroom: no control CC9.9\n"},
		{[]string{"evidence", "link", "--engagement", id, "--evidence", ticketsID}, 2, "--engagement, --evidence and --control are required"},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
