package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/scope"
)

var update = flag.Bool("update", false, "rewrite testdata/demo from the generator")

// demoDir is the committed copy of the demo's files, which main.go embeds.
const demoDir = "../../testdata/demo"

// TestDemoFilesUpToDate regenerates the demo's files and compares them with
// testdata/demo; with -update it rewrites them instead.
func TestDemoFilesUpToDate(t *testing.T) {
	want, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := Write(demoDir); err != nil {
			t.Fatal(err)
		}
	}
	var stale []string
	err = filepath.WalkDir(demoDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(demoDir, p)
		rel = filepath.ToSlash(rel)
		if _, ok := want[rel]; !ok {
			stale = append(stale, rel)
			if *update {
				return os.Remove(p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !*update && len(stale) > 0 {
		t.Errorf("testdata/demo holds files the generator no longer writes: %s", strings.Join(stale, ", "))
	}
	var total int
	for name, data := range want {
		total += len(data)
		got, err := os.ReadFile(filepath.Join(demoDir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("testdata/demo/%s is not what the generator writes (%v): run go test ./backend/demo -run TestDemoFilesUpToDate -update", name, err)
		}
	}
	// The files are committed and embedded in the binary: keep them small.
	if total > 3<<20 {
		t.Errorf("the demo's files take %d bytes, more than 3 MiB", total)
	}
}

// TestFilesAreStable renders the files twice: any map order or clock that
// leaked into them would show.
func TestFilesAreStable(t *testing.T) {
	a, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two renderings", name)
		}
	}
}

// TestScopeFilesImport checks the control matrix and PBC list against the
// engagement's categories: every row reads, nothing is out of scope.
func TestScopeFilesImport(t *testing.T) {
	var st scope.State
	for _, c := range engagement.Categories {
		st.Categories = append(st.Categories, audit.Category(c))
	}
	c, err := scope.Prepare(scope.ControlsImport, ControlsFile, controlsCSV(), scope.Options{}, st)
	if err != nil || !c.OK() || len(c.Warnings) > 0 || len(c.Controls) != len(controls) {
		t.Fatalf("controls: %d read, errors %v, warnings %v, %v", len(c.Controls), c.Errors, c.Warnings, err)
	}
	st.Controls = c.Controls
	r, err := scope.Prepare(scope.RequestsImport, RequestsFile, pbcCSV(), scope.Options{}, st)
	if err != nil || !r.OK() || len(r.Requests) != len(requests) {
		t.Fatalf("requests: %d read, errors %v, %v", len(r.Requests), r.Errors, err)
	}
	for _, k := range c.Controls {
		if k.Frequency == "" || k.Nature == "" || k.Kind == "" || len(k.Criteria) == 0 {
			t.Errorf("control %s lost a column: %+v", k.ID, k)
		}
	}
}

// TestPinsPointAtTheirText reads each pinned place of the generated files
// and finds the text the pin is about there.
func TestPinsPointAtTheirText(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pins() {
		data, ok := files[PackDir+"/"+p.Path]
		if !ok {
			t.Errorf("pin on %s: no such file in the pack", p.Path)
			continue
		}
		var at string
		switch {
		case p.Shows == "":
			if p.Locator != (audit.Locator{}) {
				t.Errorf("pin on %s has a place %v but no text to show there", p.Path, p.Locator)
			}
			continue
		case p.Page > 0:
			res := extract.Extract(context.Background(), p.Path, data, extract.Options{})
			for _, part := range res.Parts {
				if part.Page == p.Page {
					at += part.Text
				}
			}
		case p.Sheet != "":
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(p.Sheet)
			f.Close()
			if err == nil && p.Row >= 1 && p.Row <= len(rows) {
				at = strings.Join(rows[p.Row-1], "\t")
			}
		case p.Row > 0:
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err == nil && p.Row <= len(recs) {
				at = strings.Join(recs[p.Row-1], ",")
			}
		}
		if !strings.Contains(at, p.Shows) {
			t.Errorf("pin on %s at %s: want %q there, found %q", p.Path, p.Locator, p.Shows, at)
		}
	}
}

// TestStory checks the facts the demo's findings will rest on.
func TestStory(t *testing.T) {
	var blank, self, emergency int
	for _, tk := range tickets() {
		switch {
		case tk.ApprovedBy == "":
			blank++
		case tk.ApprovedBy == tk.RequestedBy:
			self++
		}
		if tk.Type == "emergency" {
			emergency++
		}
		if p := byName(tk.RequestedBy); !p.employedOn(tk.Approved) && tk.Approved != "" {
			t.Errorf("%s requested by %s, who did not work there on %s", tk.ID, p.Name, tk.Approved)
		}
	}
	if n := len(tickets()); n < 200 || n > 500 || blank != 5 || self != 1 || emergency != len(emergencies) {
		t.Errorf("%d tickets, %d unapproved, %d self-approved, %d emergency; want a few hundred, 5, 1, %d", n, blank, self, emergency, len(emergencies))
	}
	hale := neverRemoved()
	var kept []string
	for _, r := range reviews() {
		if r.User.ID == hale.ID && r.Reviewed > hale.Terminated && r.Decision == "Keep" {
			kept = append(kept, r.Quarter+" "+r.System)
		}
	}
	if !slices.Contains(kept, "Q3 2026 AWS Production") || !slices.Contains(kept, "Q4 2026 AWS Production") {
		t.Errorf("the leaver's accounts kept after he left: %v; want AWS Production in Q3 and Q4", kept)
	}
	var late int
	for _, p := range leavers() {
		if p.Removed != "" && p.Removed > addWorkdays(p.Terminated, 1) {
			late++
		}
	}
	if late != 2 {
		t.Errorf("%d leavers' access removed late, want 2", late)
	}
}
