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

// TestControlLinkAndUnlink links a file to a control by hand and back, and
// checks that the evidence record, coverage and the trail say the same.
func TestControlLinkAndUnlink(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, scope.ControlsImport, scopeMatrix)
	tickets := audit.Evidence{ID: "0123456789abcdef01234567", SHA256: strings.Repeat("ab", 32), Name: "change-tickets.csv",
		Controls: []string{"AC-02", "XX-9"}} // as a manifest's control_ids leave it, one not in the matrix
	if _, err := h.CommitEvidence(ctx, e.ID, "alice", tickets, audit.Provenance{EvidenceID: tickets.ID, Pack: "p.zip", PackSHA256: "x", Path: tickets.Name, ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	before := len(trailActions(t, h, e.ID))

	_, err := h.LinkEvidenceToControl(ctx, e.ID, "ZZ-1", tickets.ID, "alice")
	wantError(t, err, audit.ENOTFOUND, "no control ZZ-1")
	_, err = h.LinkEvidenceToControl(ctx, e.ID, "CM-01", "ffffffffffffffffffffffff", "alice")
	wantError(t, err, audit.ENOTFOUND, "no evidence ffffffffffffffffffffffff")
	_, err = h.UnlinkEvidenceFromControl(ctx, e.ID, "CM-01", tickets.ID, "alice")
	wantError(t, err, audit.ENOTFOUND, "evidence "+tickets.ID+" is not linked to control CM-01")
	_, err = h.LinkEvidenceToControl(ctx, e.ID, "CM-01", tickets.ID, "")
	wantError(t, err, audit.EINVALID, "")

	ev, err := h.LinkEvidenceToControl(ctx, e.ID, " CM-01 ", tickets.ID, "alice")
	if err != nil || !slices.Equal(ev.Controls, []string{"AC-02", "XX-9", "CM-01"}) {
		t.Fatalf("link: %v, %v", ev.Controls, err)
	}
	if _, err := h.LinkEvidenceToControl(ctx, e.ID, "CM-01", tickets.ID, "alice"); err != nil {
		t.Fatalf("link again: %v", err) // changes nothing, records nothing
	}
	if got, _, _ := h.Evidence(ctx, e.ID, tickets.ID); !slices.Equal(got.Controls, []string{"AC-02", "XX-9", "CM-01"}) {
		t.Fatalf("stored evidence names controls %v", got.Controls)
	}
	items, _, err := h.EvidenceList(ctx, e.ID, EvidenceFilter{Control: "CM-01", Limit: 10})
	if err != nil || len(items) != 1 || items[0].ID != tickets.ID {
		t.Fatalf("evidence list --control CM-01: %+v, %v", items, err)
	}
	cv, err := h.Coverage(ctx, e.ID, "2026-01-01")
	if err != nil || cv.Controls[2].ID != "CM-01" || cv.Controls[2].Evidence != 1 || slices.Contains(cv.Gaps.ControlsWithoutEvidence, "CM-01") {
		t.Fatalf("coverage of CM-01: %+v, gaps %v, %v", cv.Controls[2], cv.Gaps.ControlsWithoutEvidence, err)
	}

	// The manifest's link goes as a hand-made one does, even to a control
	// the matrix does not hold.
	for _, c := range []string{"CM-01", "XX-9"} {
		if _, err := h.UnlinkEvidenceFromControl(ctx, e.ID, c, tickets.ID, "bob"); err != nil {
			t.Fatalf("unlink %s: %v", c, err)
		}
	}
	if got, _, _ := h.Evidence(ctx, e.ID, tickets.ID); !slices.Equal(got.Controls, []string{"AC-02"}) {
		t.Fatalf("after unlinking, evidence names controls %v", got.Controls)
	}
	if cv, _ := h.Coverage(ctx, e.ID, "2026-01-01"); cv.Controls[2].Evidence != 0 || !slices.Equal(cv.Gaps.ControlsWithoutEvidence, []string{"AC-01", "CM-01"}) {
		t.Fatalf("coverage after unlinking: %+v, gaps %v", cv.Controls[2], cv.Gaps.ControlsWithoutEvidence)
	}

	events, _, err := h.Trail(ctx, e.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events[before:] {
		var c controlLinkEvent
		if err := json.Unmarshal(ev.Change, &c); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{ev.Actor, ev.Action, ev.Object, c.Control, c.Title, c.Evidence, c.File}, "|"))
	}
	want := []string{
		"alice|control.link|control/CM-01|CM-01|Change approval|" + tickets.ID + "|change-tickets.csv",
		"bob|control.unlink|control/CM-01|CM-01|Change approval|" + tickets.ID + "|change-tickets.csv",
		"bob|control.unlink|control/XX-9|XX-9||" + tickets.ID + "|change-tickets.csv",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("trail\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify = %+v, %v", v, err)
	}
}
