package findings

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/scope"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func input() Input {
	return Input{
		Title:          "Access not removed on termination",
		Condition:      "2 of 25 leavers kept access.",
		Criteria:       []string{"cc6.3", "CC6.2"},
		Recommendation: "Remove access on the day.",
		Controls:       []string{"AC-10", "AC-2", "AC-2"},
		Evidence:       []EvidenceRef{{EvidenceID: "b", Locator: audit.Locator{Row: 3}}, {EvidenceID: "a"}},
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-2", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}},
	}
}

// sealed is a new, evaluated and sealed finding as the store makes one.
func sealed(t *testing.T, in Input) Finding {
	t.Helper()
	f, err := New("F-001", in, "ana", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Evaluate(nil); err != nil {
		t.Fatal(err)
	}
	f.Seal(nil, "ana", t0)
	return f
}

func TestNewNormalizesAndHashes(t *testing.T) {
	f := sealed(t, input())
	if strings.Join(f.Criteria, ",") != "CC6.2,CC6.3" || strings.Join(f.Controls, ",") != "AC-2,AC-10" ||
		f.Evidence[0].EvidenceID != "a" || f.Status != Draft || len(f.History) != 1 {
		t.Errorf("new finding %+v", f)
	}
	if f.Classification != deficiency.SignificantDeficiency || !strings.HasPrefix(f.Rationale, "F-001 is an operating deficiency") {
		t.Errorf("classification %s, rationale %q", f.Classification, f.Rationale)
	}
	if len(f.Version) != 64 || f.Version != f.Hash() {
		t.Errorf("version %q", f.Version)
	}
	// The same content in another order and spacing is the same version.
	in := input()
	in.Title = "  " + in.Title + "\n"
	in.Criteria = []string{"CC6.2", "CC6.3"}
	in.Controls = []string{"AC-2", "AC-10"}
	if g := sealed(t, in); g.Version != f.Version {
		t.Errorf("equal content, versions %s and %s", g.Version, f.Version)
	}
	// Workflow fields are not content.
	g := f
	g.Status, g.Owner = Issued, f.Owner
	if g.Hash() != f.Version {
		t.Error("the status changed the version")
	}
	g.Owner = "CISO"
	if g.Hash() == f.Version {
		t.Error("the owner did not change the version")
	}
}

// The criterion in the finding's own words is content; a finding without
// one keeps the version it had before the field existed.
func TestCriterionTextVersion(t *testing.T) {
	f := sealed(t, input())
	b, _ := json.Marshal(f.content())
	if strings.Contains(string(b), "criterion_text") {
		t.Errorf("a finding without a criterion text hashes it: %s", b)
	}
	in := input()
	in.CriterionText = "  Access is removed on the day of leaving (policy 5.1).\n"
	g := sealed(t, in)
	if g.CriterionText != "Access is removed on the day of leaving (policy 5.1)." || g.Version == f.Version {
		t.Errorf("criterion text %q, versions %s and %s", g.CriterionText, g.Version, f.Version)
	}
}

func TestInputValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Input)
		want string
	}{
		{"no title", func(in *Input) { in.Title = " " }, "a finding needs a title"},
		{"title with a newline", func(in *Input) { in.Title = "a\nb" }, "title contains control characters"},
		{"unknown criterion", func(in *Input) { in.Criteria = []string{"CC99.1"} }, `unknown criterion "CC99.1"`},
		{"bad exception", func(in *Input) { in.Exceptions = []ExceptionRef{{TestID: "T-1", Attribute: "A"}} }, "item number from 1"},
		{"negative page", func(in *Input) { in.Evidence = []EvidenceRef{{EvidenceID: "a", Locator: audit.Locator{Page: -1}}} }, "1 or more"},
		{"bad evaluation", func(in *Input) { in.Evaluation.Likelihood = "often" }, `likelihood "often"`},
		{"override without rationale", func(in *Input) {
			in.Override = &Override{Classification: deficiency.MaterialWeakness, Rationale: "  "}
		}, "an override needs a written rationale"},
		{"override without evaluation", func(in *Input) {
			in.Evaluation = nil
			in.Override = &Override{Classification: deficiency.MaterialWeakness, Rationale: "x"}
		}, "evaluate the deficiency before overruling"},
		{"override to nothing", func(in *Input) { in.Override = &Override{Classification: "severe", Rationale: "x"} }, `override classification "severe"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input()
			tc.edit(&in)
			_, err := New("F-001", in, "ana", t0)
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%+v) = %v, want EINVALID containing %q", in, err, tc.want)
			}
		})
	}
}

func TestOverride(t *testing.T) {
	in := input()
	in.Override = &Override{Classification: deficiency.MaterialWeakness, Opinion: deficiency.Qualified, Rationale: "Leavers kept admin rights."}
	f := sealed(t, in)
	if f.Classification != deficiency.MaterialWeakness || f.Rationale != "Overruled (proposed: significant deficiency): Leavers kept admin rights." ||
		f.Evaluation.Override.By != "ana" || f.Evaluation.Opinion() != deficiency.Qualified {
		t.Fatalf("overruled finding: %s, %q, %+v", f.Classification, f.Rationale, f.Evaluation.Override)
	}
	f.Evaluation.Override.Opinion = ""
	if got := f.Evaluation.Opinion(); got != deficiency.Qualified {
		t.Errorf("overruled to a material weakness without an opinion: %s, want qualified", got)
	}
	f.Evaluation.Override.Classification = deficiency.ControlDeficiency
	if got := f.Evaluation.Opinion(); got != deficiency.Unmodified {
		t.Errorf("overruled to a control deficiency without an opinion: %s, want unmodified", got)
	}
	f.Evaluation.Override.Classification, f.Evaluation.Override.Opinion = deficiency.MaterialWeakness, deficiency.Qualified
	// Saving the same override again keeps who made it.
	old := f
	if err := f.Edit(in, "ben", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if f.Evaluation.Override.By != "ana" || !f.Evaluation.Override.At.Equal(t0) {
		t.Errorf("unchanged override now by %s at %s", f.Evaluation.Override.By, f.Evaluation.Override.At)
	}
	if err := f.Evaluate(nil); err != nil {
		t.Fatal(err)
	}
	if changed, _ := f.Seal(&old, "ben", t0.Add(time.Hour)); changed != nil || f.UpdatedBy != "ana" {
		t.Errorf("saving the same content changed %v, updated by %s", changed, f.UpdatedBy)
	}
}

// The workflow from draft to final, with the rules of each step.
func TestWorkflow(t *testing.T) {
	f := sealed(t, input())
	at := t0
	next := func() time.Time { at = at.Add(time.Minute); return at }
	mustFail := func(err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("got %v, want an error containing %q", err, want)
		}
	}
	_, err := f.Move(Issued, "ana", "", next())
	mustFail(err, "cannot move from draft to issued")
	_, err = f.Move(ResponseReceived, "ana", "", next())
	mustFail(err, "when management's response is imported")

	incomplete := sealed(t, Input{Title: "Thin"})
	_, err = incomplete.Move(InReview, "ana", "", next())
	mustFail(err, "without its condition, criteria, recommendation, classification (evaluate the deficiency)")

	if _, err := f.Move(InReview, "ana", "", next()); err != nil {
		t.Fatal(err)
	}
	_, err = f.SignOff("ana", next())
	mustFail(err, "ana prepared finding F-001: the reviewer must be someone else")
	_, err = f.Move(Issued, "ben", "", next())
	mustFail(err, "needs the reviewer's sign-off")
	if _, err := f.SignOff("ben", next()); err != nil {
		t.Fatal(err)
	}
	_, err = f.SignOff("ben", next())
	mustFail(err, "ben already signed off")

	// An edit after the sign-off clears it.
	old := f
	in := input()
	in.Condition = "3 of 25 leavers kept access."
	if err := f.Edit(in, "ana", next()); err != nil {
		t.Fatal(err)
	}
	f.Evaluate(nil)
	changed, cleared := f.Seal(&old, "ana", at)
	if strings.Join(changed, ",") != "condition" || cleared != "cleared the reviewer sign-off of ben by editing condition" || f.Reviewer != nil {
		t.Fatalf("edit in review: changed %v, cleared %q, reviewer %+v", changed, cleared, f.Reviewer)
	}
	_, err = f.Move(Draft, "ben", "", next())
	mustFail(err, "say what to rework")
	if _, err := f.SignOff("ben", next()); err != nil {
		t.Fatal(err)
	}
	s, err := f.Move(Issued, "carl", "", next())
	if err != nil || s.Action != "issued" || f.IssuedVersion != f.Version || f.IssuedAt == nil || !f.IssuedAt.Equal(at) {
		t.Fatalf("issue: %+v, %v; finding %+v", s, err, f)
	}

	// Edited after issue: the version differs from the one issued.
	old = f
	in.Owner = "CISO"
	f.Edit(in, "ana", next())
	f.Evaluate(nil)
	f.Seal(&old, "ana", at)
	if !f.ChangedSinceIssue || f.Status != Issued {
		t.Errorf("edited after issue: changed %v, status %s", f.ChangedSinceIssue, f.Status)
	}
	if _, ok, err := f.Received("ana", "rsp_1", next()); !ok || err != nil || f.Status != ResponseReceived {
		t.Fatalf("received: %v, %v, %s", ok, err, f.Status)
	}
	if _, ok, err := f.Received("ana", "rsp_2", next()); ok || err != nil {
		t.Errorf("a second response moved it again: %v, %v", ok, err)
	}
	s, err = f.Move(Final, "ana", "", next())
	if err != nil || s.Action != "finalised" {
		t.Fatalf("final: %+v, %v", s, err)
	}
	mustFail(f.Edit(in, "ana", next()), "F-001 is final and cannot change")
	var actions []string
	for _, s := range f.History {
		actions = append(actions, s.Action)
	}
	want := "created,submitted for review,signed off by the reviewer,signed off by the reviewer,issued,response received,finalised"
	if strings.Join(actions, ",") != want {
		t.Errorf("history %s, want %s", strings.Join(actions, ","), want)
	}
}

func TestReopenAndFinaliseNeedReasons(t *testing.T) {
	f := sealed(t, input())
	f.Move(InReview, "ana", "", t0)
	f.SignOff("ben", t0)
	f.Move(Issued, "ben", "", t0)
	if _, err := f.Move(Final, "ana", " ", t0); err == nil || !strings.Contains(err.Error(), "final without a management response") {
		t.Errorf("final without response or reason: %v", err)
	}
	if _, err := f.Move(InReview, "ana", "", t0); err == nil || !strings.Contains(err.Error(), "reopened after it was issued") {
		t.Errorf("reopen without reason: %v", err)
	}
	s, err := f.Move(InReview, "ana", "management showed a compensating review", t0)
	if err != nil || s.Action != "reopened" || f.Reviewer != nil || f.Preparer.Actor != "ana" {
		t.Errorf("reopen: %+v, %v, reviewer %+v", s, err, f.Reviewer)
	}
}

func TestAnswerValidate(t *testing.T) {
	ok := Answer{FindingID: "F-001", FindingVersion: strings.Repeat("a", 64), Position: Agree, Text: "We agree.",
		CorrectiveAction: "Automate removal.", Owner: "IT lead", TargetDate: "2026-06-30", Responder: "Dana Ruiz"}
	for _, tc := range []struct {
		name string
		edit func(*Answer)
		want string
	}{
		{"valid", func(*Answer) {}, ""},
		{"disagree without a plan", func(a *Answer) { a.Position, a.CorrectiveAction, a.Owner, a.TargetDate = Disagree, "", "", "" }, ""},
		{"bad finding id", func(a *Answer) { a.FindingID = "X" }, `"X" is not a finding ID`},
		{"bad position", func(a *Answer) { a.Position = "maybe" }, `position "maybe"`},
		{"no text", func(a *Answer) { a.Text = "" }, "write the response text"},
		{"no responder", func(a *Answer) { a.Responder = "" }, "name the person responding"},
		{"agree without a plan", func(a *Answer) { a.TargetDate = "" }, "agreeing commits to a corrective action"},
		{"bad date", func(a *Answer) { a.TargetDate = "next year" }, `target date "next year"`},
		{"no version", func(a *Answer) { a.FindingVersion = "" }, "version of the finding it answers is missing"},
		{"evidence not by hash", func(a *Answer) { a.Evidence = []ResponseEvidence{{EvidenceID: "x", Name: "x.pdf"}} }, `evidence "x.pdf"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := ok
			tc.edit(&a)
			a.Normalize()
			err := a.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate(%+v) = %v, want %q", a, err, tc.want)
			}
		})
	}
	b := ok
	if !ok.Same(b) {
		t.Error("equal answers are not the same")
	}
	b.Text += " Fully."
	if ok.Same(b) {
		t.Error("different answers are the same")
	}
}

func TestFromTemplate(t *testing.T) {
	if len(Templates()) != 6 {
		t.Fatalf("%d templates, want 6", len(Templates()))
	}
	for _, tpl := range Templates() {
		in, err := FromTemplate(tpl.ID, []audit.Category{audit.Availability})
		if err != nil {
			t.Fatal(err)
		}
		in.Normalize()
		if err := in.Validate(); err != nil || in.Template != tpl.ID || len(in.Criteria) == 0 {
			t.Errorf("template %s: %+v, %v", tpl.ID, in, err)
		}
	}
	in, _ := FromTemplate("backup-testing", nil)
	if strings.Join(in.Criteria, ",") != "CC7.5" {
		t.Errorf("backup template without availability in scope: criteria %v, want CC7.5", in.Criteria)
	}
	if _, err := FromTemplate("nope", nil); err == nil || !strings.Contains(err.Error(), `no template "nope"`) {
		t.Errorf("unknown template: %v", err)
	}
}

func TestRelated(t *testing.T) {
	a := sealed(t, input())
	in := input()
	in.Evaluation.Criteria = []string{"CC6.2", "CC7.1"}
	b, _ := New("F-002", in, "ana", t0)
	b.Evaluate([]Finding{a})
	in.Evaluation.Criteria = []string{"CC8.1"}
	c, _ := New("F-003", in, "ana", t0)
	rel := Related("F-001", a.Evaluation.Input.Deficiency, []Finding{a, b, c})
	if len(rel) != 1 || rel[0].Ref != "F-002" {
		t.Errorf("related to F-001: %+v, want F-002 alone", rel)
	}
	if len(b.Evaluation.Input.Related) != 1 || b.Evaluation.Proposed.Classification != deficiency.MaterialWeakness {
		t.Errorf("F-002 evaluated with F-001: %+v", b.Evaluation.Proposed)
	}
}

// The templates the editor offers keep only the criteria in scope: backup
// testing's availability criteria go for a security-only engagement.
func TestTemplatesIn(t *testing.T) {
	criteria := func(cats []audit.Category) string {
		for _, tpl := range TemplatesIn(cats) {
			if tpl.ID == "backup-testing" {
				return strings.Join(tpl.Criteria, " ")
			}
		}
		return "no backup-testing template"
	}
	if got := criteria(nil); got != "CC7.5" {
		t.Errorf("security only: %q, want CC7.5", got)
	}
	if got := criteria([]audit.Category{audit.Availability}); got != "CC7.5 A1.2 A1.3" {
		t.Errorf("with availability: %q, want CC7.5 A1.2 A1.3", got)
	}
}

// A compensating control offered without criteria addresses those the
// control matrix maps it to; one named with criteria keeps its own.
func TestFillCompensating(t *testing.T) {
	matrix := []scope.Control{{ID: "AC-09", Criteria: []string{"CC6.2", "CC6.3"}}, {ID: "CM-03", Criteria: []string{"CC8.1"}}}
	d := deficiency.Deficiency{Criteria: []string{"CC6.2"}, Compensating: []deficiency.Compensating{
		{Control: " AC-09 ", Effective: true}, {Control: "CM-03", Criteria: []string{"CC6.2"}}}}
	got, err := FillCompensating(d, matrix)
	if err != nil {
		t.Fatal(err)
	}
	if c := got.Compensating; strings.Join(c[0].Criteria, " ") != "CC6.2 CC6.3" || strings.Join(c[1].Criteria, " ") != "CC6.2" {
		t.Errorf("compensating = %+v, want AC-09 on CC6.2 CC6.3 and CM-03 on CC6.2 as given", c)
	}
	if len(d.Compensating[0].Criteria) != 0 {
		t.Errorf("the input changed: %+v", d.Compensating)
	}
	d.Compensating = []deficiency.Compensating{{Control: "ZZ-9"}}
	if _, err := FillCompensating(d, matrix); audit.ErrorCode(err) != audit.ENOTFOUND || err.Error() != "no control ZZ-9" {
		t.Errorf("unknown control: %v", err)
	}
}
