package app

import (
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
)

func TestFindingsBindings(t *testing.T) {
	a, e := unlocked(t)
	// The screen names who is at the keyboard, to explain the reviewer rule.
	if st, _ := a.Session.Status(); st.Actor != "tester" {
		t.Errorf("session status names %q at the keyboard, want tester", st.Actor)
	}
	f := issuedFinding(t, a, e.ID)
	if f.Status != findings.Issued || f.Preparer.Actor != "tester" || f.Reviewer.Actor != "rita" {
		t.Fatalf("issued finding %+v", f)
	}

	// A compensating control without criteria addresses those of the matrix.
	in := deficiency.Input{Deficiency: deficiency.Deficiency{Ref: "F-002", Control: "AC-01", Criteria: []string{"CC6.2"},
		Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}}
	res, err := a.Findings.Evaluate(e.ID, in)
	if err != nil || res.Classification != deficiency.MaterialWeakness || !slices.Equal(res.Criteria[0].With, []string{"F-001"}) {
		t.Fatalf("Evaluate beside F-001 = %+v, %v: want a material weakness with F-001", res, err)
	}
	in.Compensating = []deficiency.Compensating{{Control: "AC-09", Effective: true}}
	in.Related = []deficiency.Deficiency{}
	res, err = a.Findings.Evaluate(e.ID, in)
	if err != nil || res.Classification != deficiency.ControlDeficiency {
		t.Fatalf("Evaluate alone with AC-09 compensating = %+v, %v", res, err)
	}
	in.Compensating = []deficiency.Compensating{{Control: "ZZ-9", Effective: true}}
	_, err = a.Findings.Evaluate(e.ID, in)
	wantUIError(t, err, audit.ENOTFOUND, "no control ZZ-9")
	in.Likelihood = "often"
	in.Compensating = nil
	_, err = a.Findings.Evaluate(e.ID, in)
	wantUIError(t, err, audit.EINVALID, `likelihood "often"`)

	// An overruled second finding, in draft.
	draft := accessInput()
	draft.Title = "Termination tickets closed late"
	draft.Evaluation.Compensating = nil
	draft.Override = &findings.Override{Classification: deficiency.SignificantDeficiency, Rationale: "Both leavers had no remote access."}
	g, err := a.Findings.Save(e.ID, "", draft)
	if err != nil || g.ID != "F-002" || g.Classification != deficiency.SignificantDeficiency || g.Evaluation.Proposed.Classification != deficiency.MaterialWeakness ||
		g.Evaluation.Override.By != "tester" {
		t.Fatalf("overruled save = %+v, %v", g, err)
	}
	draft.Override.Rationale = ""
	_, err = a.Findings.Save(e.ID, g.ID, draft)
	wantUIError(t, err, audit.EINVALID, "an override needs a written rationale")

	page, err := a.Findings.List(e.ID, FindingFilter{})
	if err != nil || page.Total != 2 || page.ByStatus[findings.Issued] != 1 || page.ByStatus[findings.Draft] != 1 ||
		page.Opinion != deficiency.Unmodified || page.Findings[1].Opinion != deficiency.Unmodified {
		t.Fatalf("List = %+v, %v", page, err)
	}
	page, _ = a.Findings.List(e.ID, FindingFilter{Status: "draft", Query: "tickets"})
	if page.Total != 1 || page.Findings[0].ID != "F-002" {
		t.Errorf("filtered list %+v", page)
	}

	// The workflow through the binding: the preparer cannot sign off.
	if _, err := a.Findings.SetStatus(e.ID, g.ID, "in_review", ""); err != nil {
		t.Fatal(err)
	}
	_, err = a.Findings.SignOff(e.ID, g.ID)
	wantUIError(t, err, audit.EINVALID, "tester prepared finding F-002: the reviewer must be someone else")
	_, err = a.Findings.SetStatus(e.ID, g.ID, "draft", "")
	wantUIError(t, err, audit.EINVALID, "say what to rework when returning finding F-002 to draft")

	d, err := a.Findings.Get(e.ID, f.ID)
	if err != nil || d.Finding.ID != f.ID || d.Response != nil || d.Evidence == nil {
		t.Fatalf("Get = %+v, %v", d, err)
	}
	_, err = a.Findings.Get(e.ID, "F-404")
	wantUIError(t, err, audit.ENOTFOUND, "no finding F-404")

	tpls, err := a.Findings.Templates(e.ID)
	if err != nil || len(tpls) != 6 {
		t.Fatalf("Templates = %d, %v", len(tpls), err)
	}
	for _, tpl := range tpls {
		if tpl.ID == "backup-testing" && strings.Join(tpl.Criteria, ",") != "CC7.5" {
			t.Errorf("backup template in a security-only engagement names %v", tpl.Criteria)
		}
	}
	packets, err := a.Findings.Packets(e.ID)
	if err != nil || packets == nil || len(packets) != 0 {
		t.Errorf("Packets = %#v, %v", packets, err)
	}
}
