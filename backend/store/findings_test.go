package store

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
)

// findingEnv is an engagement with the scope matrix and one evidence file.
func findingEnv(t *testing.T) (*Home, audit.Engagement, audit.Evidence) {
	t.Helper()
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	if _, err := h.Import(ctx, e.ID, "alice", scope.ControlsImport, "m.csv", []byte(scopeMatrix), scope.Options{}, true); err != nil {
		t.Fatal(err)
	}
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: "0123456789abcdef01234567" + strings.Repeat("ab", 20), Name: "leavers.xlsx"}
	if _, err := h.CommitEvidence(ctx, e.ID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: "leavers.xlsx", ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return h, e, ev
}

func accessFinding(ev string) findings.Input {
	return findings.Input{
		Title:          "Access not removed on termination",
		Condition:      "2 of 25 leavers kept access.",
		Criteria:       []string{"CC6.2"},
		Recommendation: "Remove access on the day of leaving.",
		Controls:       []string{"AC-01"},
		Evidence:       []findings.EvidenceRef{{EvidenceID: ev, Locator: audit.Locator{Sheet: "Leavers", Row: 7}}},
		Owner:          "IT operations",
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}},
	}
}

// issue takes a new finding through review to issue: alice prepares, bob
// signs off.
func issue(t *testing.T, h *Home, engID string, in findings.Input) findings.Finding {
	t.Helper()
	ctx := context.Background()
	f, err := h.CreateFinding(ctx, engID, "alice", in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.MoveFinding(ctx, engID, "alice", f.ID, findings.InReview, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.SignOffFinding(ctx, engID, "bob", f.ID); err != nil {
		t.Fatal(err)
	}
	f, err = h.MoveFinding(ctx, engID, "bob", f.ID, findings.Issued, "")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFindings(t *testing.T) {
	h, e, ev := findingEnv(t)
	ctx := context.Background()
	f, err := h.CreateFinding(ctx, e.ID, "alice", accessFinding(ev.ID))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "F-001" || f.Evidence[0].Name != "leavers.xlsx" || f.Evidence[0].SHA256 != ev.SHA256 ||
		f.Classification != deficiency.SignificantDeficiency || f.Version != f.Hash() || f.CreatedBy != "alice" {
		t.Fatalf("created %+v", f)
	}
	before := len(trailActions(t, h, e.ID))
	if same, err := h.UpdateFinding(ctx, e.ID, "carol", "F-001", accessFinding(ev.ID)); err != nil || same.UpdatedBy != "alice" {
		t.Fatalf("saving the same content: %+v, %v", same, err)
	}
	if n := len(trailActions(t, h, e.ID)); n != before {
		t.Fatalf("saving the same content added %d trail events", n-before)
	}
	second := accessFinding(ev.ID)
	second.Title = "Access reviews not performed"
	g, err := h.CreateFinding(ctx, e.ID, "alice", second)
	if err != nil || g.ID != "F-002" {
		t.Fatalf("second finding %s, %v", g.ID, err)
	}
	// F-002 shares CC6.2 with F-001: evaluated together, they escalate.
	if g.Classification != deficiency.MaterialWeakness || !slices.Equal(g.Evaluation.Proposed.Criteria[0].With, []string{"F-001"}) {
		t.Errorf("F-002 evaluated %+v", g.Evaluation.Proposed)
	}

	for _, tc := range []struct {
		name string
		edit func(*findings.Input)
		code string
		msg  string
	}{
		{"out of scope", func(in *findings.Input) { in.Criteria = []string{"P1.1"} }, audit.EINVALID, "criterion P1.1 is not in scope: the engagement does not cover privacy"},
		{"unknown control", func(in *findings.Input) { in.Controls = []string{"ZZ-9"} }, audit.ENOTFOUND, "no control ZZ-9"},
		{"unknown compensating control", func(in *findings.Input) {
			in.Evaluation.Compensating = []deficiency.Compensating{{Control: "ZZ-8", Criteria: []string{"CC6.2"}, Effective: true}}
		}, audit.ENOTFOUND, "no control ZZ-8"},
		{"unknown evidence", func(in *findings.Input) { in.Evidence[0].EvidenceID = "nope" }, audit.ENOTFOUND, "no evidence file nope"},
		{"no title", func(in *findings.Input) { in.Title = "" }, audit.EINVALID, "a finding needs a title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := accessFinding(ev.ID)
			tc.edit(&in)
			_, err := h.CreateFinding(ctx, e.ID, "alice", in)
			wantError(t, err, tc.code, tc.msg)
		})
	}

	// Saved again, F-001 is evaluated with F-002 too.
	edited := accessFinding(ev.ID)
	edited.Owner = "CISO"
	f2, err := h.UpdateFinding(ctx, e.ID, "carol", "F-001", edited)
	if err != nil || f2.Owner != "CISO" || f2.Version == f.Version || f2.UpdatedBy != "carol" || f2.Classification != deficiency.MaterialWeakness {
		t.Fatalf("edit: %+v, %v", f2, err)
	}
	_, err = h.UpdateFinding(ctx, e.ID, "carol", "F-404", edited)
	wantError(t, err, audit.ENOTFOUND, "no finding F-404")

	list, err := h.Findings(ctx, e.ID)
	if err != nil || len(list) != 2 || list[0].ID != "F-001" || list[0].Owner != "CISO" {
		t.Fatalf("list %+v, %v", list, err)
	}
	actions := trailActions(t, h, e.ID)
	if !slices.Equal(actions[len(actions)-3:], []string{"finding.create", "finding.create", "finding.update"}) {
		t.Errorf("trail %v", actions)
	}
}

func TestFindingWorkflowInTrail(t *testing.T) {
	h, e, ev := findingEnv(t)
	ctx := context.Background()
	f, _ := h.CreateFinding(ctx, e.ID, "alice", accessFinding(ev.ID))
	if _, err := h.MoveFinding(ctx, e.ID, "alice", f.ID, findings.InReview, ""); err != nil {
		t.Fatal(err)
	}
	_, err := h.SignOffFinding(ctx, e.ID, "alice", f.ID)
	wantError(t, err, audit.EINVALID, "alice prepared finding F-001: the reviewer must be someone else")
	if _, err := h.SignOffFinding(ctx, e.ID, "bob", f.ID); err != nil {
		t.Fatal(err)
	}
	// An edit after the sign-off clears it, and the trail says so.
	in := accessFinding(ev.ID)
	in.Condition = "3 of 25 leavers kept access."
	if _, err := h.UpdateFinding(ctx, e.ID, "alice", f.ID, in); err != nil {
		t.Fatal(err)
	}
	events, _, _ := h.Trail(ctx, e.ID, 0, 1000)
	last := events[len(events)-1]
	if last.Action != "finding.update" || !strings.Contains(string(last.Change), `"cleared":"cleared the reviewer sign-off of bob by editing condition"`) {
		t.Fatalf("last event %s %s", last.Action, last.Change)
	}
	_, err = h.MoveFinding(ctx, e.ID, "bob", f.ID, findings.Issued, "")
	wantError(t, err, audit.EINVALID, "finding F-001 needs the reviewer's sign-off before it is issued")
	h.SignOffFinding(ctx, e.ID, "bob", f.ID)
	f, err = h.MoveFinding(ctx, e.ID, "bob", f.ID, findings.Issued, "")
	if err != nil || f.Status != findings.Issued || f.IssuedVersion != f.Version {
		t.Fatalf("issue: %+v, %v", f, err)
	}
	events, _, _ = h.Trail(ctx, e.ID, 0, 1000)
	var steps []string
	for _, ev := range events {
		if ev.Action == "finding.status" {
			var s findings.Step
			mustUnmarshal(t, ev.Change, &s)
			steps = append(steps, s.Action+" by "+s.Actor)
		}
	}
	want := "submitted for review by alice,signed off by the reviewer by bob,signed off by the reviewer by bob,issued by bob"
	if strings.Join(steps, ",") != want {
		t.Errorf("status steps %s, want %s", strings.Join(steps, ","), want)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify = %+v, %v", v, err)
	}
}

func TestResponderCopyAndResponses(t *testing.T) {
	h, e, ev := findingEnv(t)
	ctx := context.Background()
	f := issue(t, h, e.ID, accessFinding(ev.ID))

	// The compliance lead's copy, in another data folder.
	lead := newHome(t)
	copyOf := ResponderCopy{
		Engagement: audit.Engagement{Name: "Acme Holdings: findings", Client: "Acme Holdings", Type: audit.Type2,
			PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31", Origin: e.ID},
		Findings: []findings.Finding{f},
		Packet:   PacketRecord{ID: "fnd_1", Kind: "findings", Direction: "opened", At: time.Now().UTC(), By: "dana"},
	}
	re, err := lead.OpenResponderCopy(ctx, "dana", copyOf)
	if err != nil || re.Role != audit.Responder || re.Origin != e.ID {
		t.Fatalf("responder copy %+v, %v", re, err)
	}
	n := len(trailActions(t, lead, re.ID))
	again, err := lead.OpenResponderCopy(ctx, "dana", copyOf)
	if err != nil || again.ID != re.ID || len(trailActions(t, lead, re.ID)) != n {
		t.Fatalf("opening the same packet again: %+v, %v, trail %d → %d", again, err, n, len(trailActions(t, lead, re.ID)))
	}
	_, err = lead.CreateFinding(ctx, re.ID, "dana", accessFinding(ev.ID))
	wantError(t, err, audit.EINVALID, "engagement "+re.ID+" is a responder copy: its findings are the auditor's; write responses to them instead")

	answer := findings.Answer{FindingID: f.ID, Position: findings.Agree, Text: "Agreed.", CorrectiveAction: "Automate removal from HR.",
		Owner: "IT lead", TargetDate: "2026-09-30", Responder: "Dana Ruiz"}
	r, err := lead.SaveAnswer(ctx, re.ID, "dana", answer)
	if err != nil || r.FindingVersion != f.Version || r.RespondedAt.IsZero() {
		t.Fatalf("save answer: %+v, %v", r, err)
	}
	_, err = h.SaveAnswer(ctx, e.ID, "alice", answer)
	wantError(t, err, audit.EINVALID, "engagement "+e.ID+" is the auditor's: responses are written in the responder copy opened from a findings packet")
	bad := answer
	bad.TargetDate = ""
	_, err = lead.SaveAnswer(ctx, re.ID, "dana", bad)
	wantError(t, err, audit.EINVALID, "response to F-001: agreeing commits to a corrective action: give the action, its owner and a target date")

	// The auditor takes the answer in.
	rec := PacketRecord{ID: "rsp_1", Kind: "response", Direction: "imported", File: "resp.age", FileSHA256: strings.Repeat("cd", 32)}
	answers := []findings.Answer{r.Answer}
	res, err := h.TakeResponses(ctx, e.ID, "alice", rec, answers, nil)
	if err != nil || !slices.Equal(res.Applied, []string{"F-001"}) || len(res.Conflicts) != 0 {
		t.Fatalf("take: %+v, %v", res, err)
	}
	got, stored, err := h.Finding(ctx, e.ID, f.ID)
	if err != nil || got.Status != findings.ResponseReceived || stored == nil || stored.PacketID != "rsp_1" || stored.Text != "Agreed." || stored.Confirmed != nil {
		t.Fatalf("after take: %+v, %+v, %v", got, stored, err)
	}
	n = len(trailActions(t, h, e.ID))
	res, err = h.TakeResponses(ctx, e.ID, "alice", rec, answers, nil)
	if err != nil || !slices.Equal(res.Unchanged, []string{"F-001"}) || len(res.Applied) != 0 || len(trailActions(t, h, e.ID)) != n {
		t.Fatalf("take again: %+v, %v", res, err)
	}

	// A revised answer to a finding edited since issue is a conflict.
	in := accessFinding(ev.ID)
	in.Recommendation = "Remove access within one hour."
	if _, err := h.UpdateFinding(ctx, e.ID, "alice", f.ID, in); err != nil {
		t.Fatal(err)
	}
	revised := r.Answer
	revised.Text = "Agreed, and done."
	n = len(trailActions(t, h, e.ID))
	res, err = h.TakeResponses(ctx, e.ID, "alice", rec, []findings.Answer{revised}, nil)
	if err != nil || len(res.Applied) != 0 || len(res.Conflicts) != 1 || res.Conflicts[0].Reason != "F-001 changed since the version the response answers" ||
		!res.Conflicts[0].Confirmable || len(trailActions(t, h, e.ID)) != n {
		t.Fatalf("conflict: %+v, %v", res, err)
	}
	if _, stored, _ := h.Finding(ctx, e.ID, f.ID); stored.Text != "Agreed." {
		t.Fatalf("a conflict changed the stored response: %q", stored.Text)
	}
	res, err = h.TakeResponses(ctx, e.ID, "alice", rec, []findings.Answer{revised}, []string{"F-001"})
	if err != nil || !slices.Equal(res.Confirmed, []string{"F-001"}) {
		t.Fatalf("confirmed: %+v, %v", res, err)
	}
	if _, stored, _ := h.Finding(ctx, e.ID, f.ID); stored.Text != "Agreed, and done." || stored.Confirmed == nil || stored.Confirmed.By != "alice" {
		t.Fatalf("confirmed response %+v", stored)
	}
	unknown := r.Answer
	unknown.FindingID = "F-009"
	_, err = h.TakeResponses(ctx, e.ID, "alice", rec, []findings.Answer{unknown}, nil)
	wantError(t, err, audit.ENOTFOUND, "the packet answers finding F-009, which engagement "+e.ID+" does not have")
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify = %+v, %v", v, err)
	}
}

func TestFindingTextNotOnDisk(t *testing.T) {
	h, e, ev := findingEnv(t)
	in := accessFinding(ev.ID)
	in.Condition = "The Wombatcorp payroll admin kept access."
	if _, err := h.CreateFinding(context.Background(), e.ID, "alice", in); err != nil {
		t.Fatal(err)
	}
	mustClose(t, h)
	for path, b := range readTree(t, h.Dir()) {
		if strings.Contains(string(b), "Wombatcorp") {
			t.Errorf("%s holds the finding's text in plain bytes", path)
		}
	}
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// readTree reads every regular file under dir.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 5 {
		t.Fatalf("read %d files under %s; the data folder should hold more", len(out), dir)
	}
	return out
}

// Citing a place in evidence from a search hit edits the finding as the
// editor does: the reference is named and hashed, the reviewer's sign-off
// of the old version is cleared, a repeat changes nothing, and a final
// finding refuses.
func TestCiteInFinding(t *testing.T) {
	h, e, ev := findingEnv(t)
	ctx := context.Background()
	f := issue(t, h, e.ID, accessFinding(ev.ID))
	page := findings.EvidenceRef{EvidenceID: ev.ID, Locator: audit.Locator{Sheet: "Leavers", Row: 12}}
	g, err := h.CiteInFinding(ctx, e.ID, "carol", f.ID, page)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Evidence) != 2 || g.Evidence[1].Row != 12 || g.Evidence[1].Name != "leavers.xlsx" || g.Evidence[1].SHA256 != ev.SHA256 ||
		g.Reviewer != nil || !g.ChangedSinceIssue || g.UpdatedBy != "carol" {
		t.Fatalf("cited: %+v", g)
	}
	actions := trailActions(t, h, e.ID)
	if actions[len(actions)-1] != "finding.update" {
		t.Errorf("trail ends %v", actions[len(actions)-1])
	}
	n := len(actions)
	if again, err := h.CiteInFinding(ctx, e.ID, "carol", f.ID, page); err != nil || len(again.Evidence) != 2 || len(trailActions(t, h, e.ID)) != n {
		t.Errorf("citing the same place again: %d references, %v", len(again.Evidence), err)
	}
	_, err = h.CiteInFinding(ctx, e.ID, "carol", f.ID, findings.EvidenceRef{EvidenceID: "nope"})
	wantError(t, err, audit.ENOTFOUND, "no evidence file nope")
	_, err = h.CiteInFinding(ctx, e.ID, "carol", f.ID, findings.EvidenceRef{EvidenceID: ev.ID, Locator: audit.Locator{Page: -2}})
	if audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("a negative page: %v", err)
	}
	if _, err := h.MoveFinding(ctx, e.ID, "bob", f.ID, findings.Final, "No response by the deadline."); err != nil {
		t.Fatal(err)
	}
	_, err = h.CiteInFinding(ctx, e.ID, "carol", f.ID, findings.EvidenceRef{EvidenceID: ev.ID, Locator: audit.Locator{Row: 3}})
	wantError(t, err, audit.ECONFLICT, "finding "+f.ID+" is final and cannot change")
}
