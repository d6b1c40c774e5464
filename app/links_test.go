package app

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// TestLinkEvidenceBinding links a file to a request and back through the
// method the window calls, as the actor at the keyboard.
func TestLinkEvidenceBinding(t *testing.T) {
	a, e := unlocked(t)
	pbc := "ID,Description,Due\nPBC-003,User listing,2026-12-31\n"
	if _, err := a.Scope.ApplyImport(e.ID, ImportFile{Kind: "requests", Name: "pbc.csv", Content: base64.StdEncoding.EncodeToString([]byte(pbc))}); err != nil {
		t.Fatal(err)
	}
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("cd", 32), Name: "users.csv", Path: "users.csv", Type: "csv", Status: audit.Extracted}
	if _, err := h.CommitEvidence(context.Background(), e.ID, "tester", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p", PackSHA256: "x", Path: "users.csv", ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	r, err := a.Scope.LinkEvidence(e.ID, "PBC-003", ev.ID, true)
	if err != nil || r.Status != scope.Received || !slices.Equal(r.Evidence, []string{ev.ID}) || r.History[len(r.History)-1].Actor != "tester" {
		t.Fatalf("link = %+v, %v", r, err)
	}
	if d, err := a.Evidence.Get(e.ID, ev.ID); err != nil || !slices.Equal(d.Evidence.Requests, []string{"PBC-003"}) {
		t.Fatalf("evidence detail requests = %v, %v", d.Evidence.Requests, err)
	}
	// The index follows: request:PBC-003 finds the file by name.
	if res, err := a.Search.Run(e.ID, "users request:PBC-003", 0, 0); err != nil || res.Total != 1 || res.Hits[0].EvidenceID != ev.ID {
		t.Fatalf("search request:PBC-003 after the link = %+v, %v", res, err)
	}
	if r, err = a.Scope.LinkEvidence(e.ID, "PBC-003", ev.ID, false); err != nil || r.Status != scope.Open || len(r.Evidence) != 0 {
		t.Fatalf("unlink = %+v, %v", r, err)
	}
	if res, err := a.Search.Run(e.ID, "users request:PBC-003", 0, 0); err != nil || res.Total != 0 {
		t.Fatalf("search request:PBC-003 after the unlink = %+v, %v", res, err)
	}
	_, err = a.Scope.LinkEvidence(e.ID, "PBC-003", ev.ID, false)
	if ue := shown(err); ue == nil || ue.Code != "not_found" || ue.Message != "evidence "+ev.ID+" is not linked to request PBC-003" {
		t.Fatalf("unlinking again: %v", err)
	}
}
