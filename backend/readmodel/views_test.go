package readmodel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"auditroom/backend/export/exporttest"
	"auditroom/backend/readmodel"
	"auditroom/backend/scope"
)

// The list of tests reads each test with its sample's size, from one
// snapshot: AC-01 over 25 leavers with items 7 and 19 late, CM-03 over 10
// changes all passed.
func TestTestRows(t *testing.T) {
	h, x := build(t)
	rows, err := readmodel.TestRows(context.Background(), h, x.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %d items %d deviations complete=%v", r.Control, r.SampleSize, r.Deviations, r.Complete))
	}
	if want := "AC-01 25 items 2 deviations complete=true; CM-03 10 items 0 deviations complete=true"; strings.Join(got, "; ") != want {
		t.Errorf("test rows:\n%s\nwant\n%s", strings.Join(got, "; "), want)
	}
	one, err := readmodel.TestRows(context.Background(), h, x.ID, "CM-03")
	if err != nil || len(one) != 1 || one[0].ID != x.Change.ID {
		t.Errorf("CM-03's tests = %+v, %v; want %s only", one, err, x.Change.ID)
	}
}

// A test's grid has a row per sampled item, a cell per attribute, and the
// item's values in the population's default columns: key and date first.
func TestTestGrid(t *testing.T) {
	h, x := build(t)
	v, err := readmodel.Test(context.Background(), h, x.ID, x.Access.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Sample == nil || v.Sample.PopulationName != "Leavers 2026" || v.Sample.Seed != "acme-2026" || v.Sample.Size != 25 || len(v.Grid) != 25 {
		t.Fatalf("sample %+v with %d grid rows, want Leavers 2026 seeded acme-2026, 25 items", v.Sample, len(v.Grid))
	}
	first := v.Grid[0]
	l := exporttest.Leaver(x.AccessSample.Items[0].Index) // ID, name, department, date
	if want := []string{l[0], l[3], l[1], l[2]}; len(first.Cells) != 3 || strings.Join(first.Values, ",") != strings.Join(want, ",") {
		t.Errorf("first row: %d cells, values %q; want 3 cells and %q", len(first.Cells), first.Values, want)
	}
	if c := v.Grid[6].Cells[0]; c.Result != "exception" || c.Note != exporttest.LateNote {
		t.Errorf("item 7, attribute A = %+v, want the late removal", c)
	}
	if _, err := readmodel.Test(context.Background(), h, x.ID, "tst_aaaaaaaaaaaa"); err == nil || err.Error() != "no test tst_aaaaaaaaaaaa" {
		t.Errorf("unknown test: %v", err)
	}
}

// The control matrix page offers every owner for the filter, whichever
// page is shown.
func TestControlsPage(t *testing.T) {
	h, x := build(t)
	p, err := readmodel.Controls(context.Background(), h, x.ID, scope.ControlFilter{Owner: "Engineering"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || len(p.Controls) != 1 || p.Controls[0].ID != "CM-03" || strings.Join(p.Owners, ",") != "Engineering,IT operations" {
		t.Errorf("page = %d %+v owners %q; want CM-03 and owners Engineering,IT operations", p.Total, p.Controls, p.Owners)
	}
}

// Criteria carry the controls mapped to them; the uncovered filter keeps
// those without any.
func TestCriteriaRows(t *testing.T) {
	h, x := build(t)
	rows, err := readmodel.Criteria(context.Background(), h, x.ID, readmodel.CriteriaFilter{Query: "cc6.2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != "CC6.2" || strings.Join(rows[0].Controls, ",") != "AC-01,AC-09" {
		t.Errorf("cc6.2 = %+v, want CC6.2 mapped to AC-01 and AC-09", rows)
	}
	uncovered, err := readmodel.Criteria(context.Background(), h, x.ID, readmodel.CriteriaFilter{Uncovered: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range uncovered {
		if r.ID == "CC6.2" || r.ID == "CC6.3" || r.ID == "CC8.1" || len(r.Controls) != 0 {
			t.Errorf("uncovered lists %s mapped to %v", r.ID, r.Controls)
		}
	}
}
