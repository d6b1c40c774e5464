package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAsOfDatesAndCoverage creates an engagement whose evidence names put
// the month first, imports a folder, and reads each file's as-of date and
// the coverage's out-of-period list back from the command line.
func TestAsOfDatesAndCoverage(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	var e struct {
		ID        string `json:"id"`
		DateOrder string `json:"date_order"`
	}
	mustJSON(t, auditroom(t, env, "engagement", "create", "--name", "Acme FY26", "--client", "Acme Holdings", "--type", "type2",
		"--period-start", "2026-01-01", "--period-end", "2026-06-30", "--date-order", "mdy", "--json"), &e)
	if e.DateOrder != "mdy" {
		t.Fatalf("engagement date order %q, want mdy", e.DateOrder)
	}
	pack := filepath.Join(t.TempDir(), "acme-pbc")
	inPeriod := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	for name, mod := range map[string]time.Time{
		"hr/terminations 04-03-2026.txt": inPeriod,
		"it/scan 2026-09-30.txt":         inPeriod,
		"it/notes.txt":                   inPeriod,
	} {
		p := filepath.Join(pack, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mod, mod)
	}
	if r := auditroom(t, env, "import", "--engagement", e.ID, pack); r.code != 0 {
		t.Fatalf("import: exit %d, stderr %q", r.code, r.stderr)
	}

	var cv struct {
		Gaps struct {
			EvidenceOutOfPeriod []struct {
				Path       string `json:"path"`
				AsOf       string `json:"as_of"`
				AsOfSource string `json:"as_of_source"`
				Reason     string `json:"reason"`
			} `json:"evidence_out_of_period"`
		} `json:"gaps"`
		Summary struct {
			OutOfPeriod int `json:"evidence_out_of_period"`
			Undated     int `json:"evidence_undated"`
		} `json:"summary"`
	}
	mustJSON(t, auditroom(t, env, "coverage", "--engagement", e.ID, "--json"), &cv)
	g := cv.Gaps.EvidenceOutOfPeriod
	if len(g) != 1 || g[0].Path != "it/scan 2026-09-30.txt" || g[0].AsOf != "2026-09-30" || g[0].AsOfSource != "file name" ||
		g[0].Reason != "after the period end 2026-06-30" || cv.Summary.OutOfPeriod != 1 || cv.Summary.Undated != 0 {
		t.Errorf("coverage dates %+v, summary %+v; want only it/scan 2026-09-30.txt, after the period end", g, cv.Summary)
	}
	r := auditroom(t, env, "coverage", "--engagement", e.ID)
	for _, want := range []string{"evidence dated outside the period: 1 (0 undated)\n",
		"EVIDENCE DATED OUTSIDE THE PERIOD\nit/scan 2026-09-30.txt  2026-09-30  after the period end 2026-06-30\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("coverage text lacks %q:\n%s", want, r.stdout)
		}
	}

	// The month-first name and the file time date the other two.
	var page struct {
		Hits []struct {
			Path string `json:"path"`
			AsOf string `json:"as_of"`
		} `json:"hits"`
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", e.ID, "--json", "txt"), &page)
	got := map[string]string{}
	for _, h := range page.Hits {
		got[h.Path] = h.AsOf
	}
	if got["hr/terminations 04-03-2026.txt"] != "2026-04-03" || got["it/notes.txt"] != "2026-03-02" {
		t.Errorf("as-of dates from search: %v; want terminations 2026-04-03 (month first), notes 2026-03-02 (file time)", got)
	}
}
