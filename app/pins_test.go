package app

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
)

func TestPinBindings(t *testing.T) {
	a, e := unlocked(t)
	csv := "Control ID,Title,TSC\nAC-1,Access review,CC6.1\n"
	if _, err := a.Scope.ApplyImport(e.ID, ImportFile{Kind: "controls", Name: "m.csv", Content: base64.StdEncoding.EncodeToString([]byte(csv))}); err != nil {
		t.Fatal(err)
	}
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("cd", 32), Name: "review.pdf"}
	if _, err := h.CommitEvidence(context.Background(), e.ID, "tester", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p", PackSHA256: "x", Path: "review.pdf", ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	p, err := a.Evidence.Pin(e.ID, audit.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Page: 2}, Target: audit.PinControl, TargetID: "AC-1"})
	if err != nil || p.PinnedBy != "tester" {
		t.Fatalf("Pin = %+v, %v", p, err)
	}
	d, err := a.Evidence.Get(e.ID, ev.ID)
	if err != nil || len(d.Pins) != 1 || d.Pins[0].ID != p.ID || d.Pins[0].Page != 2 {
		t.Fatalf("detail pins = %+v, %v", d.Pins, err)
	}
	to, err := a.Evidence.PinsTo(e.ID, audit.PinControl, "AC-1")
	if err != nil || len(to) != 1 {
		t.Fatalf("PinsTo = %+v, %v", to, err)
	}
	_, err = a.Evidence.Pin(e.ID, audit.Pin{EvidenceID: ev.ID, Target: audit.PinRequest, TargetID: "PBC-404"})
	if ue := shown(err); ue == nil || ue.Code != audit.ENOTFOUND || ue.Message != "no request PBC-404" {
		t.Fatalf("pin to a missing request: %v", err)
	}
	if err := a.Evidence.Unpin(e.ID, ev.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if d, _ := a.Evidence.Get(e.ID, ev.ID); d.Pins == nil || len(d.Pins) != 0 {
		t.Fatalf("pins after unpin = %#v, want empty", d.Pins)
	}
}
