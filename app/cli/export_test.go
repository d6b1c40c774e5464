package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/export/exporttest"
	"auditroom/backend/store"
)

type exportResult struct {
	EngagementID string `json:"engagement_id"`
	Format       string `json:"format"`
	Files        []struct {
		Kind, Path, SHA256 string
		Bytes              int64
	} `json:"files"`
	Skipped []struct{ File, Reason string } `json:"skipped"`
}

// builtEngagement builds the exports' realistic engagement in a fresh data
// folder, through the store, and closes it for the binary to open.
func builtEngagement(t *testing.T) (env []string, fx exporttest.Engagement) {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	h, err := store.Create(ctx, data, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	fx, err = exporttest.Build(ctx, h)
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}, fx
}

func TestExportCommands(t *testing.T) {
	env, fx := builtEngagement(t)
	out := t.TempDir()

	// The workbook.
	book := filepath.Join(out, "acme workpapers.xlsx")
	var res exportResult
	mustJSON(t, auditroom(t, env, "export", "xlsx", "--engagement", fx.ID, "--out", book, "--json"), &res)
	if res.EngagementID != fx.ID || res.Format != "xlsx" || len(res.Files) != 1 || res.Files[0].Path != book {
		t.Fatalf("export xlsx = %+v", res)
	}
	checkFile(t, book, res.Files[0].Bytes, res.Files[0].SHA256)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Summary", "AC-01", "CM-03", "Exceptions", "Findings"}) {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetCellValue("AC-01", "G12"); v != "X" {
		t.Errorf("AC-01!G12 = %q, want the exception of item 7, after its date, name and department", v)
	}
	f.Close()

	// CSV into a folder, then one table into a file.
	r := auditroom(t, env, "export", "csv", "--engagement", fx.ID, "--out", filepath.Join(out, "csv"))
	if r.code != 0 || strings.Count(r.stdout, "wrote ") != 2 || !strings.Contains(r.stdout, filepath.Join(out, "csv", "findings.csv")) {
		t.Fatalf("export csv: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, name := range []string{"findings.csv", "exceptions.csv"} {
		b, err := os.ReadFile(filepath.Join(out, "csv", name))
		if err != nil || !bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Fatalf("%s: %v, starts %q", name, err, b[:min(len(b), 8)])
		}
		rec, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil || len(rec) != 3 {
			t.Errorf("%s: %d records, %v", name, len(rec), err)
		}
	}
	one := filepath.Join(out, "exceptions-only.csv")
	res = exportResult{}
	mustJSON(t, auditroom(t, env, "export", "csv", "--engagement", fx.ID, "--kind", "exceptions", "--out", one, "--json"), &res)
	if len(res.Files) != 1 || res.Files[0].Kind != "exceptions" {
		t.Errorf("export csv --kind exceptions = %+v", res)
	}
	checkFile(t, one, res.Files[0].Bytes, res.Files[0].SHA256)

	// OSCAL into a folder, twice (the second over the first, so --force):
	// the same bytes.
	var first, second exportResult
	mustJSON(t, auditroom(t, env, "export", "oscal", "--engagement", fx.ID, "--out", filepath.Join(out, "oscal"), "--json"), &first)
	mustJSON(t, auditroom(t, env, "export", "oscal", "--engagement", fx.ID, "--out", filepath.Join(out, "oscal"), "--force", "--json"), &second)
	if len(first.Files) != 2 || first.Files[0].Kind != "assessment-results" || first.Files[1].Kind != "poam" {
		t.Fatalf("export oscal = %+v", first)
	}
	for i := range first.Files {
		if first.Files[i].SHA256 != second.Files[i].SHA256 {
			t.Errorf("%s differs between two exports of the same engagement", first.Files[i].Path)
		}
		checkFile(t, first.Files[i].Path, first.Files[i].Bytes, first.Files[i].SHA256)
	}
	var ar struct {
		AR struct {
			Results []struct {
				Observations []json.RawMessage `json:"observations"`
			} `json:"results"`
		} `json:"assessment-results"`
	}
	b, _ := os.ReadFile(first.Files[0].Path)
	if err := json.Unmarshal(b, &ar); err != nil || len(ar.AR.Results) != 1 || len(ar.AR.Results[0].Observations) != 2 {
		t.Errorf("assessment-results.json: %v, %+v", err, ar)
	}
	if !bytes.Contains(b, []byte(fx.Leavers.SHA256)) {
		t.Error("assessment-results.json does not cite the leavers file by its hash")
	}

	// Nothing was left half-written.
	left, _ := filepath.Glob(filepath.Join(out, "*", "*.partial"))
	more, _ := filepath.Glob(filepath.Join(out, "*.partial"))
	if len(left)+len(more) > 0 {
		t.Errorf("partial files left: %v %v", left, more)
	}
}

func checkFile(t *testing.T, path string, size int64, sha string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if int64(len(b)) != size || hex.EncodeToString(sum[:]) != sha {
		t.Errorf("%s: reported %d bytes and %s, holds %d bytes", path, size, sha, len(b))
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("%s is %v, want 0600", path, info.Mode().Perm())
	}
}

func TestExportErrors(t *testing.T) {
	env, fx := builtEngagement(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no format", []string{"export"}, 2, "export needs a format: xlsx, csv, oscal or jsonl"},
		{"unknown format", []string{"export", "pdf", "--engagement", fx.ID, "--out", dir}, 2, `unknown export format "pdf"`},
		{"no out", []string{"export", "csv", "--engagement", fx.ID}, 2, "export csv: --out is required"},
		{"kind on xlsx", []string{"export", "xlsx", "--engagement", fx.ID, "--kind", "findings", "--out", "x.xlsx"}, 2, "flag provided but not defined: -kind"},
		{"unknown kind", []string{"export", "oscal", "--engagement", fx.ID, "--kind", "ssp", "--out", "x.json"}, 2, `oscal kind "ssp" must be assessment-results or poam`},
		{"bad rate", []string{"export", "xlsx", "--engagement", fx.ID, "--out", "x.xlsx", "--tolerable", "150%"}, 2, "tolerable rate 150% is not between 0 and 1"},
		{"unknown engagement", []string{"export", "xlsx", "--engagement", "eng_nope", "--out", filepath.Join(dir, "x.xlsx")}, 1, "eng_nope"},
		{"a folder for a file", []string{"export", "xlsx", "--engagement", fx.ID, "--out", dir}, 1, dir + " is a folder: name a file to export to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := auditroom(t, env, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("auditroom %v: exit %d, stderr %q; want exit %d and one line containing %q", tc.args, r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed exports left %d files in %s", len(entries), dir)
	}
}
