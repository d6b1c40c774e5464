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

// TestLinkAndUnlink follows one request from open to received and back, and
// checks that the evidence record, coverage and the trail say the same.
func TestLinkAndUnlink(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, scope.ControlsImport, scopeMatrix)
	mustImport(t, h, e.ID, scope.RequestsImport, scopePBC)
	users := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("ab", 32), Name: "users.csv"}
	roles := audit.Evidence{ID: "abcdef0123456789abcdef01", SHA256: strings.Repeat("cd", 32), Name: "roles.csv"}
	for _, ev := range []audit.Evidence{users, roles} {
		if _, err := h.CommitEvidence(ctx, e.ID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: ev.Name, ImportedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	before := len(trailActions(t, h, e.ID))

	_, err := h.UnlinkEvidenceFromRequest(ctx, e.ID, "PBC-1", users.ID, "alice")
	wantError(t, err, audit.ENOTFOUND, "evidence "+users.ID+" is not linked to request PBC-1")
	_, err = h.LinkEvidenceToRequest(ctx, e.ID, "PBC-9", users.ID, "alice")
	wantError(t, err, audit.ENOTFOUND, "no request PBC-9")
	_, err = h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", users.ID, "")
	wantError(t, err, audit.EINVALID, "")

	for _, id := range []string{users.ID, roles.ID} {
		if _, err := h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", id, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	r := requestByID(t, h, e.ID, "PBC-1")
	if r.Status != scope.Received || !slices.Equal(r.Evidence, []string{users.ID, roles.ID}) {
		t.Fatalf("after two links: %s %v", r.Status, r.Evidence)
	}
	if got, _, _ := h.Evidence(ctx, e.ID, users.ID); !slices.Equal(got.Requests, []string{"PBC-1"}) {
		t.Fatalf("evidence names requests %v, want [PBC-1]", got.Requests)
	}
	cv, err := h.Coverage(ctx, e.ID, "2026-01-01")
	if err != nil || cv.Controls[0].ID != "AC-01" || cv.Controls[0].Evidence != 2 {
		t.Fatalf("coverage of AC-01: %+v, %v", cv.Controls[0], err)
	}

	// Unlinking one of two keeps the request received; the last sends it back.
	if r, err = h.UnlinkEvidenceFromRequest(ctx, e.ID, "PBC-1", users.ID, "bob"); err != nil || r.Status != scope.Received || !slices.Equal(r.Evidence, []string{roles.ID}) {
		t.Fatalf("unlink one: %s %v, %v", r.Status, r.Evidence, err)
	}
	if got, _, _ := h.Evidence(ctx, e.ID, users.ID); len(got.Requests) != 0 {
		t.Fatalf("unlinked evidence still names %v", got.Requests)
	}
	if r, err = h.UnlinkEvidenceFromRequest(ctx, e.ID, "PBC-1", roles.ID, "bob"); err != nil || r.Status != scope.Open || len(r.Evidence) != 0 {
		t.Fatalf("unlink the last: %s %v, %v", r.Status, r.Evidence, err)
	}
	last := r.History[len(r.History)-1]
	if last.Status != scope.Open || last.Actor != "bob" || last.Comment != "evidence "+roles.ID+" unlinked" {
		t.Fatalf("history %+v", last)
	}
	if cv, _ := h.Coverage(ctx, e.ID, "2026-01-01"); cv.Controls[0].Evidence != 0 {
		t.Fatalf("coverage of AC-01 after unlinking: %d items", cv.Controls[0].Evidence)
	}

	// An accepted request keeps its status when its evidence goes.
	if _, err := h.LinkEvidenceToRequest(ctx, e.ID, "PBC-1", users.ID, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.SetRequestStatus(ctx, e.ID, "rita", "PBC-1", scope.Accepted, ""); err != nil {
		t.Fatal(err)
	}
	if r, err = h.UnlinkEvidenceFromRequest(ctx, e.ID, "PBC-1", users.ID, "bob"); err != nil || r.Status != scope.Accepted {
		t.Fatalf("unlink from accepted: %s, %v", r.Status, err)
	}

	events, _, err := h.Trail(ctx, e.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events[before:] {
		var c statusEvent
		if err := json.Unmarshal(ev.Change, &c); err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.Action+" "+ev.Object+" "+c.Evidence+" "+string(c.From)+">"+string(c.To))
	}
	want := []string{
		"request.link request/PBC-1 " + users.ID + " open>received",
		"request.link request/PBC-1 " + roles.ID + " received>received",
		"request.unlink request/PBC-1 " + users.ID + " received>received",
		"request.unlink request/PBC-1 " + roles.ID + " received>open",
		"request.link request/PBC-1 " + users.ID + " open>received",
		"request.status request/PBC-1  received>accepted",
		"request.unlink request/PBC-1 " + users.ID + " accepted>accepted",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("trail\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify = %+v, %v", v, err)
	}
}

// TestRequestImportLinksEarlierEvidence: evidence that named a request
// before the PBC list was imported is linked when the request arrives.
func TestRequestImportLinksEarlierEvidence(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, scope.ControlsImport, scopeMatrix)
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("ab", 32), Name: "PBC-2 tickets.csv", Requests: []string{"PBC-2"}}
	if _, err := h.CommitEvidence(ctx, e.ID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: ev.Name, ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	mustImport(t, h, e.ID, scope.RequestsImport, scopePBC)
	if r := requestByID(t, h, e.ID, "PBC-2"); r.Status != scope.Received || !slices.Equal(r.Evidence, []string{ev.ID}) {
		t.Fatalf("PBC-2: %s %v", r.Status, r.Evidence)
	}
	if r := requestByID(t, h, e.ID, "PBC-1"); r.Status != scope.Open || len(r.Evidence) != 0 {
		t.Fatalf("PBC-1: %s %v", r.Status, r.Evidence)
	}
	if a := trailActions(t, h, e.ID); a[len(a)-1] != "request.link" || a[len(a)-2] != "request.import" {
		t.Fatalf("trail ends %v", a[len(a)-2:])
	}
}

func requestByID(t *testing.T, h *Home, engID, id string) scope.Request {
	t.Helper()
	rs, err := h.Requests(context.Background(), engID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no request %s", id)
	return scope.Request{}
}
