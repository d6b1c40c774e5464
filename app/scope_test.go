package app

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"auditroom/backend/scope"
)

func TestScopeBindings(t *testing.T) {
	a, e := unlocked(t)
	csv := "Control ID,Title,Owner,Notes,TSC\nAC-2,Two,IT,CC1.1,CC6.1\nAC-10,Ten,HR,CC1.2,CC6.2\nAC-1,One,IT,,CC6.1\n"
	file := ImportFile{Kind: "controls", Name: "m.csv", Content: base64.StdEncoding.EncodeToString([]byte(csv))}
	p, err := a.Scope.PreviewImport(e.ID, file)
	if err != nil || p.Applied || len(p.Diff.Added) != 3 {
		t.Fatalf("preview %+v, %v", p, err)
	}
	file.Options.Mapping = map[string]int{"criteria": 3}
	p, err = a.Scope.ApplyImport(e.ID, file)
	if err != nil || !p.Applied {
		t.Fatalf("apply %+v, %v", p, err)
	}
	page, err := a.Scope.Controls(e.ID, scope.ControlFilter{})
	if err != nil || page.Total != 3 || page.Controls[0].ID != "AC-1" || page.Controls[2].ID != "AC-10" || strings.Join(page.Owners, ",") != "HR,IT" {
		t.Fatalf("controls %+v, %v", page, err)
	}
	if page.Controls[0].Criteria == nil || len(page.Controls[0].Criteria) != 0 {
		t.Errorf("AC-1 criteria %#v, want empty (its Notes cell is blank)", page.Controls[0].Criteria)
	}
	page, _ = a.Scope.Controls(e.ID, scope.ControlFilter{Owner: "it", Sort: "id", Desc: true, Limit: 1})
	if page.Total != 2 || len(page.Controls) != 1 || page.Controls[0].ID != "AC-2" {
		t.Errorf("filtered page %+v", page)
	}
	rows, err := a.Scope.Criteria(e.ID, CriteriaFilter{Uncovered: true})
	if err != nil || len(rows) != 31 || rows[0].ID != "CC1.3" {
		t.Errorf("uncovered criteria: %d rows, first %+v, %v", len(rows), rows[0], err)
	}
	_, err = a.Scope.ApplyImport(e.ID, ImportFile{Kind: "controls", Name: "x.csv", Content: "%%%"})
	if ue := shown(err); ue == nil || ue.Code != "invalid" || ue.Message != "the content of x.csv did not arrive intact" {
		t.Errorf("bad base64: %v", err)
	}
	pbc := "ID,Description,Controls,Due\nR1,Users,AC-1,2020-01-01\n"
	if _, err := a.Scope.ApplyImport(e.ID, ImportFile{Kind: "requests", Name: "pbc.csv", Content: base64.StdEncoding.EncodeToString([]byte(pbc))}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Scope.SetRequestStatus(e.ID, "R1", "received", "handed over on paper"); err != nil {
		t.Fatal(err)
	}
	r, err := a.Scope.SetRequestStatus(e.ID, "R1", "flagged", "wrong period")
	if err != nil || r.Status != scope.Flagged || r.History[len(r.History)-1].Actor != "tester" {
		t.Fatalf("flag %+v, %v", r, err)
	}
	rp, _ := a.Scope.Requests(e.ID, scope.RequestFilter{Overdue: true})
	if rp.Total != 1 {
		t.Errorf("overdue requests %+v", rp)
	}

	cv, err := a.Scope.Coverage(e.ID)
	if err != nil || len(cv.Gaps.FlaggedRequests) != 1 || len(cv.Gaps.OverdueRequests) != 1 {
		t.Errorf("coverage gaps %+v, %v", cv.Gaps, err)
	}
	// The request's linked evidence reads by its file name.
	ev := storeCSV(t, a, e.ID, "user-list.csv", "User,Role\nann,admin\n")
	h, _ := a.Session.open()
	if _, err := h.LinkEvidenceToRequest(context.Background(), e.ID, "R1", ev.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	rp, _ = a.Scope.Requests(e.ID, scope.RequestFilter{})
	if got := rp.Names["evidence/"+ev.ID]; got != "user-list.csv" {
		t.Errorf("request evidence named %q, want user-list.csv (%v)", got, rp.Names)
	}
}
