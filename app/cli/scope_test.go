package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type preview struct {
	Applied bool `json:"applied"`
	Total   int  `json:"total"`
	Errors  []struct {
		Row     int    `json:"row"`
		Message string `json:"message"`
	} `json:"errors"`
	Diff struct {
		Added   []string `json:"added"`
		Changed []struct {
			ID     string `json:"id"`
			Fields []struct{ Field, From, To string }
		} `json:"changed"`
		Unchanged []string `json:"unchanged"`
	} `json:"diff"`
}

func TestScopeCommands(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)

	// Latin-1 with a BOM-less semicolon layout and a title row above the header.
	matrix := writeFile(t, "matrix.csv", "Acme control matrix\n\nRef;Name;Owner;Frequency;TSC\n"+
		"AC-01;Access reviews;S\xe9curit\xe9;Quarterly;\"CC6.1, CC6.2; CC6.3\"\nCM-01;Change approval;Eng;As needed;CC8.1\n")
	var p preview
	mustJSON(t, auditroom(t, env, "controls", "import", "--engagement", id, "--dry-run", "--json", matrix), &p)
	if p.Applied || len(p.Diff.Added) != 2 {
		t.Fatalf("dry run = %+v", p)
	}
	r := auditroom(t, env, "controls", "import", "--engagement", id, matrix)
	if r.code != 0 || !strings.Contains(r.stdout, "added 2, changed 0, unchanged 0") || !strings.Contains(r.stdout, `Criteria         column E "TSC"`) {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// Re-import with a change names it field by field.
	changed := writeFile(t, "matrix.csv", "Ref,Name,Owner,Frequency,TSC\nAC-01,Access reviews,GRC,Monthly,CC6.1\nCM-01,Change approval,Eng,As needed,CC8.1\n")
	p = preview{}
	mustJSON(t, auditroom(t, env, "controls", "import", "--engagement", id, "--json", changed), &p)
	if len(p.Diff.Changed) != 1 || p.Diff.Changed[0].ID != "AC-01" || len(p.Diff.Changed[0].Fields) != 3 || len(p.Diff.Unchanged) != 1 {
		t.Errorf("re-import diff %+v", p.Diff)
	}

	// A bad file is refused whole: exit 1, one line on stderr, the rows on stdout.
	bad := writeFile(t, "bad.csv", "Control ID,TSC,Frequency\nAC-09,CC6.1,Daily\n,CC6.1,Daily\nAC-10,CC42.1,Daily\nAC-11,CC6.1,Fortnightly\n")
	r = auditroom(t, env, "controls", "import", "--engagement", id, bad)
	if r.code != 1 || r.stderr != "auditroom: bad.csv has 3 errors; nothing was imported\n" ||
		!strings.Contains(r.stdout, "row 3: the control ID is blank") || !strings.Contains(r.stdout, `unknown criterion "CC42.1"`) {
		t.Errorf("bad file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// --map picks another column.
	remap := writeFile(t, "remap.csv", "Control ID,Old TSC,New TSC\nAC-01,CC1.1,CC6.1\n")
	p = preview{}
	mustJSON(t, auditroom(t, env, "controls", "import", "--engagement", id, "--dry-run", "--json", "--map", "criteria=B", remap), &p)
	if len(p.Diff.Changed) != 1 || p.Diff.Changed[0].Fields[len(p.Diff.Changed[0].Fields)-1].To != "CC1.1" {
		t.Errorf("--map criteria=B: %+v", p.Diff)
	}

	pbc := writeFile(t, "pbc.csv", "PBC #,Request,Control,Owner,Due date\nPBC-1,User list,AC-01,Jane,2026-01-15\nPBC-2,Tickets,CM-01,Raj,2099-12-31\n")
	p = preview{}
	mustJSON(t, auditroom(t, env, "requests", "import", "--engagement", id, "--json", pbc), &p)
	if !p.Applied || len(p.Diff.Added) != 2 {
		t.Fatalf("requests import %+v", p)
	}

	yml := writeFile(t, "tsc.yaml", "- id: CC6.1\n  text: our copy\n  points_of_focus: [a, b]\n")
	p = preview{}
	mustJSON(t, auditroom(t, env, "criteria", "import", "--engagement", id, "--json", yml), &p)
	if !p.Applied || len(p.Diff.Added) != 1 {
		t.Fatalf("criteria import %+v", p)
	}

	var cv struct {
		Today string `json:"today"`
		Gaps  struct {
			CriteriaWithoutControl []struct{ ID string } `json:"criteria_without_control"`
			ControlsWithout        []string              `json:"controls_without_evidence"`
			Overdue                []struct{ ID string } `json:"overdue_requests"`
		} `json:"gaps"`
		Summary struct {
			Criteria        int `json:"criteria"`
			CriteriaCovered int `json:"criteria_covered"`
		} `json:"summary"`
	}
	mustJSON(t, auditroom(t, env, "coverage", "--engagement", id, "--today", "2026-02-01", "--json"), &cv)
	if cv.Today != "2026-02-01" || cv.Summary.Criteria != 33 || cv.Summary.CriteriaCovered != 2 ||
		len(cv.Gaps.CriteriaWithoutControl) != 31 || cv.Gaps.CriteriaWithoutControl[0].ID != "CC1.1" ||
		len(cv.Gaps.ControlsWithout) != 2 || len(cv.Gaps.Overdue) != 1 || cv.Gaps.Overdue[0].ID != "PBC-1" {
		t.Errorf("coverage %+v", cv)
	}
	r = auditroom(t, env, "coverage", "--engagement", id, "--today", "2026-02-01")
	if r.code != 0 || !strings.Contains(r.stdout, "criteria covered: 2 of 33") || !strings.Contains(r.stdout, "CC1.1  Integrity and ethical values") ||
		!strings.Contains(r.stdout, "PBC-1  due 2026-01-15  open") {
		t.Errorf("coverage text: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// The trail holds every import, and the chain is intact.
	var v struct{ Intact bool }
	mustJSON(t, auditroom(t, env, "verify", "--engagement", id, "--json"), &v)
	if !v.Intact {
		t.Error("trail broken after imports")
	}
}

func TestScopeUsage(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"controls"}, 2, "controls needs a subcommand: import"},
		{[]string{"controls", "import", "x.csv"}, 2, "--engagement is required"},
		{[]string{"controls", "import", "--engagement", "eng_x"}, 2, "name one CSV, XLSX or YAML file"},
		{[]string{"controls", "import", "--engagement", "eng_x", "--map", "colour=B", "x.csv"}, 2, `no field "colour"`},
		{[]string{"controls", "import", "--engagement", "eng_x", "--map", "criteria=1", "x.csv"}, 2, "not a column letter"},
		{[]string{"coverage"}, 2, "--engagement is required"},
		{[]string{"requests", "import", "--engagement", "eng_x", "/no/such/file.csv"}, 1, "cannot read /no/such/file.csv"},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("auditroom %v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
