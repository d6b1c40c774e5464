package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

const scopeMatrix = `Control ID,Control,Frequency,Key,TSC
AC-01,Access reviews,Quarterly,Yes,"CC6.1, CC6.2"
AC-02,MFA,Continuous,No,CC6.1
CM-01,Change approval,As needed,Yes,CC8.1
`

const scopePBC = `Request ID,Description,Controls,Owner,Due
PBC-1,User list,"AC-01, AC-02",Jane,2026-01-15
PBC-2,Change tickets,CM-01,Raj,2099-01-01
`

func trailActions(t testing.TB, h *Home, id string) []string {
	t.Helper()
	events, _, err := h.Trail(context.Background(), id, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Action)
	}
	return out
}

func TestImportControlsStore(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())

	p, err := h.Import(ctx, e.ID, "alice", scope.ControlsImport, "m.csv", []byte(scopeMatrix), scope.Options{}, false)
	if err != nil || p.Applied || len(p.Diff.Added) != 3 {
		t.Fatalf("preview = %+v, %v", p.Diff, err)
	}
	if cs, _ := h.Controls(ctx, e.ID); len(cs) != 0 {
		t.Fatalf("a preview stored %d controls", len(cs))
	}

	// A file with one bad row stores nothing and records nothing.
	bad := scopeMatrix + "AC-01,Duplicate,Daily,No,CC6.1\n"
	p, err = h.Import(ctx, e.ID, "alice", scope.ControlsImport, "bad.csv", []byte(bad), scope.Options{}, true)
	wantError(t, err, audit.EINVALID, "bad.csv has 1 error; nothing was imported")
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "duplicate control ID AC-01") {
		t.Errorf("refusal names %+v", p.Errors)
	}
	if cs, _ := h.Controls(ctx, e.ID); len(cs) != 0 {
		t.Fatalf("a refused file stored %d controls", len(cs))
	}

	p, err = h.Import(ctx, e.ID, "alice", scope.ControlsImport, "m.csv", []byte(scopeMatrix), scope.Options{}, true)
	if err != nil || !p.Applied {
		t.Fatalf("apply = %+v, %v", p, err)
	}
	cs, err := h.Controls(ctx, e.ID)
	if err != nil || len(cs) != 3 || cs[0].ID != "AC-01" || !slices.Equal(cs[0].Criteria, []string{"CC6.1", "CC6.2"}) {
		t.Fatalf("stored controls %+v, %v", cs, err)
	}

	// Re-import: by ID, with the changes named field by field.
	again := strings.Replace(scopeMatrix, "AC-02,MFA,Continuous", "AC-02,MFA everywhere,Daily", 1)
	p, err = h.Import(ctx, e.ID, "bob", scope.ControlsImport, "m2.csv", []byte(again), scope.Options{}, true)
	if err != nil || len(p.Diff.Changed) != 1 || len(p.Diff.Unchanged) != 2 || len(p.Diff.Added) != 0 {
		t.Fatalf("re-import diff %+v, %v", p.Diff, err)
	}
	if got := p.Diff.Changed[0].Fields; len(got) != 2 || got[0].Field != "title" || got[1] != (scope.FieldChange{Field: "frequency", From: "multiple-daily", To: "daily"}) {
		t.Errorf("changes %+v", got)
	}
	// Importing the same file again changes nothing and records nothing.
	if _, err := h.Import(ctx, e.ID, "bob", scope.ControlsImport, "m2.csv", []byte(again), scope.Options{}, true); err != nil {
		t.Fatal(err)
	}
	if got, want := trailActions(t, h, e.ID), []string{"engagement.create", "control.import", "control.import"}; !slices.Equal(got, want) {
		t.Errorf("trail %v, want %v", got, want)
	}

	// By hand.
	c := scope.Control{ID: "HR-01", Title: "Background checks", Criteria: []string{"cc1.4"}}
	if _, err := h.PutControl(ctx, e.ID, "alice", c, true); err != nil {
		t.Fatal(err)
	}
	_, err = h.PutControl(ctx, e.ID, "alice", c, true)
	wantError(t, err, audit.ECONFLICT, "control HR-01 already exists")
	c.Owner = "HR"
	if _, err := h.PutControl(ctx, e.ID, "alice", c, false); err != nil {
		t.Fatal(err)
	}
	_, err = h.PutControl(ctx, e.ID, "alice", scope.Control{ID: "NOPE-1"}, false)
	wantError(t, err, audit.ENOTFOUND, "no control NOPE-1")
	_, err = h.PutControl(ctx, e.ID, "alice", scope.Control{ID: "X", Criteria: []string{"CC99.1"}}, true)
	wantError(t, err, audit.EINVALID, "")
	events, _, _ := h.Trail(ctx, e.ID, 0, 100)
	last := events[len(events)-1]
	if last.Action != "control.update" || last.Object != "control/HR-01" || !strings.Contains(string(last.Change), `"field":"owner"`) {
		t.Errorf("last event %s %s %s", last.Action, last.Object, last.Change)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Errorf("verify %+v, %v", v, err)
	}
}

func TestRequestsWorkflowAndCoverage(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme()) // security and availability

	// Requests name controls, so the matrix comes first.
	_, err := h.Import(ctx, e.ID, "alice", scope.RequestsImport, "pbc.csv", []byte(scopePBC), scope.Options{}, true)
	wantError(t, err, audit.EINVALID, "pbc.csv has 3 errors; nothing was imported")
	mustImport(t, h, e.ID, scope.ControlsImport, scopeMatrix)
	mustImport(t, h, e.ID, scope.RequestsImport, scopePBC)
	rs, err := h.Requests(ctx, e.ID)
	if err != nil || len(rs) != 2 || rs[0].Status != scope.Open || len(rs[0].History) != 1 || rs[0].History[0].Actor != "alice" {
		t.Fatalf("requests %+v, %v", rs, err)
	}

	_, err = h.SetRequestStatus(ctx, e.ID, "rita", "PBC-1", scope.Accepted, "")
	wantError(t, err, audit.EINVALID, "request PBC-1 is open and cannot become accepted")
	_, err = h.SetRequestStatus(ctx, e.ID, "rita", "PBC-9", scope.Received, "")
	wantError(t, err, audit.ENOTFOUND, "no request PBC-9")

	// Evidence linked to a request makes it received.
	_, err = h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", "0123456789abcdef01234567", "alice")
	wantError(t, err, audit.ENOTFOUND, "no evidence 0123456789abcdef01234567")
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("ab", 32), Name: "users.csv"}
	if _, err := h.CommitEvidence(ctx, e.ID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: "users.csv", ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	r, err := h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", ev.ID, "alice")
	if err != nil || r.Status != scope.Received || !slices.Equal(r.Evidence, []string{ev.ID}) {
		t.Fatalf("link = %+v, %v", r, err)
	}
	if r, err = h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", ev.ID, "alice"); err != nil || len(r.History) != 2 {
		t.Fatalf("linking twice = %+v, %v", r, err)
	}
	if r, err = h.SetRequestStatus(ctx, e.ID, "rita", "PBC-1", scope.Flagged, "  "); audit.ErrorCode(err) != audit.EINVALID {
		t.Fatalf("flag without comment: %v", err)
	}
	if r, err = h.SetRequestStatus(ctx, e.ID, "rita", "PBC-1", scope.Flagged, "Q3 missing"); err != nil || r.Status != scope.Flagged {
		t.Fatalf("flag = %+v, %v", r, err)
	}

	// A re-import keeps the workflow's status and history.
	mustImport(t, h, e.ID, scope.RequestsImport, strings.Replace(scopePBC, "User list", "User list at period end", 1))
	rs, _ = h.Requests(ctx, e.ID)
	if rs[0].Status != scope.Flagged || rs[0].Description != "User list at period end" || len(rs[0].History) != 3 {
		t.Errorf("after re-import: %+v", rs[0])
	}

	cv, err := h.Coverage(ctx, e.ID, "2026-02-01")
	if err != nil {
		t.Fatal(err)
	}
	if cv.Summary.Criteria != 36 || cv.Summary.CriteriaCovered != 3 || cv.Summary.ControlsWithEvidence != 2 {
		t.Errorf("summary %+v", cv.Summary)
	}
	if !slices.Equal(cv.Gaps.ControlsWithoutEvidence, []string{"CM-01"}) {
		t.Errorf("controls without evidence %v", cv.Gaps.ControlsWithoutEvidence)
	}
	if len(cv.Gaps.OverdueRequests) != 1 || cv.Gaps.OverdueRequests[0].ID != "PBC-1" || len(cv.Gaps.FlaggedRequests) != 1 {
		t.Errorf("request gaps %+v", cv.Gaps)
	}
	if cv.Gaps.CriteriaWithoutControl[0].ID != "CC1.1" || cv.Gaps.CriteriaWithoutControl[len(cv.Gaps.CriteriaWithoutControl)-1].ID != "A1.3" {
		t.Errorf("criteria without control %+v", cv.Gaps.CriteriaWithoutControl)
	}
	b, _ := json.Marshal(cv)
	if !strings.Contains(string(b), `"criteria_without_control":[{"id":"CC1.1"`) {
		t.Errorf("JSON %s", b[:200])
	}
	got := trailActions(t, h, e.ID)
	want := []string{"engagement.create", "control.import", "request.import", "evidence.add", "request.link", "request.status", "request.import"}
	if !slices.Equal(got, want) {
		t.Errorf("trail %v, want %v", got, want)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Errorf("verify %+v, %v", v, err)
	}
}

func TestCriteriaTextsStore(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, scope.CriteriaImport, "id,text\nCC6.1,Our own copy of the words\n")
	texts, err := h.CriteriaTexts(ctx, e.ID)
	if err != nil || len(texts) != 1 || texts[0].Text != "Our own copy of the words" {
		t.Fatalf("texts %+v, %v", texts, err)
	}
	cv, _ := h.Coverage(ctx, e.ID, "2026-01-01")
	for _, c := range cv.Criteria {
		if c.HasText != (c.ID == "CC6.1") {
			t.Errorf("%s has_text %v", c.ID, c.HasText)
		}
	}
}

func mustImport(t testing.TB, h *Home, engID string, kind scope.ImportKind, data string) {
	t.Helper()
	p, err := h.Import(context.Background(), engID, "alice", kind, "f.csv", []byte(data), scope.Options{}, true)
	if err != nil {
		t.Fatalf("import %s: %v (%+v)", kind, err, p.Errors)
	}
}
