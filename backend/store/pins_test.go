package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

func TestPins(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	if _, err := h.Import(ctx, e.ID, "alice", scope.ControlsImport, "m.csv", []byte(scopeMatrix), scope.Options{}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Import(ctx, e.ID, "alice", scope.RequestsImport, "pbc.csv", []byte(scopePBC), scope.Options{}, true); err != nil {
		t.Fatal(err)
	}
	ev := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("ab", 32), Name: "policy.pdf"}
	pin := audit.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Page: 3}, Target: audit.PinControl, TargetID: "AC-01", Note: " approval on page 3 "}

	_, err := h.Pin(ctx, e.ID, "alice", pin)
	wantError(t, err, audit.ENOTFOUND, "no evidence file 0123456789abcdef01234567")
	if _, err := h.CommitEvidence(ctx, e.ID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: "policy.pdf", ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	before := len(trailActions(t, h, e.ID))

	got, err := h.Pin(ctx, e.ID, "alice", pin)
	if err != nil || got.ID == "" || got.Note != "approval on page 3" || got.PinnedBy != "alice" || got.Page != 3 {
		t.Fatalf("pin = %+v, %v", got, err)
	}
	again, err := h.Pin(ctx, e.ID, "bob", pin)
	if err != nil || again != got {
		t.Fatalf("pinning twice = %+v, %v; want the first pin %+v", again, err, got)
	}
	if _, err := h.Pin(ctx, e.ID, "alice", audit.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Sheet: "Users", Row: 12}, Target: audit.PinRequest, TargetID: "PBC-1"}); err != nil {
		t.Fatal(err)
	}
	actions := trailActions(t, h, e.ID)
	// The pin to a request links the file to it: the request is received.
	if !slices.Equal(actions[before:], []string{"evidence.pin", "evidence.pin", "request.link"}) {
		t.Fatalf("trail after pins: %v", actions[before:])
	}
	if rs, err := h.Requests(ctx, e.ID); err != nil || rs[0].ID != "PBC-1" || rs[0].Status != scope.Received || !slices.Equal(rs[0].Evidence, []string{ev.ID}) {
		t.Fatalf("requests after the pin: %+v, %v", rs, err)
	}

	_, err = h.Pin(ctx, e.ID, "alice", audit.Pin{EvidenceID: ev.ID, Target: audit.PinControl, TargetID: "ZZ-9"})
	wantError(t, err, audit.ENOTFOUND, "no control ZZ-9")
	_, err = h.Pin(ctx, e.ID, "alice", audit.Pin{EvidenceID: ev.ID, Target: "finding", TargetID: "F-1"})
	wantError(t, err, audit.EINVALID, `cannot pin to "finding": pin to a control or a request`)
	_, err = h.Pin(ctx, e.ID, "alice", audit.Pin{EvidenceID: ev.ID, Target: audit.PinControl, TargetID: "AC-01", Locator: audit.Locator{Page: -1}})
	wantError(t, err, audit.EINVALID, "page, row, line and record must be 1 or more")

	pins, err := h.Pins(ctx, e.ID, ev.ID)
	if err != nil || len(pins) != 2 || pins[0].Target != audit.PinRequest || pins[1].Page != 3 {
		t.Fatalf("pins = %+v, %v", pins, err)
	}
	to, err := h.PinsTo(ctx, e.ID, audit.PinControl, "AC-01")
	if err != nil || len(to) != 1 || to[0].ID != got.ID {
		t.Fatalf("pins to AC-01 = %+v, %v", to, err)
	}

	if err := h.Unpin(ctx, e.ID, "alice", ev.ID, got.ID); err != nil {
		t.Fatal(err)
	}
	wantError(t, h.Unpin(ctx, e.ID, "alice", ev.ID, got.ID), audit.ENOTFOUND, "no pin "+got.ID+" on evidence "+ev.ID)
	if pins, _ := h.Pins(ctx, e.ID, ""); len(pins) != 1 {
		t.Fatalf("after unpin: %+v", pins)
	}
	if a := trailActions(t, h, e.ID); a[len(a)-1] != "evidence.unpin" {
		t.Fatalf("last event %s", a[len(a)-1])
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify = %+v, %v", v, err)
	}
}
