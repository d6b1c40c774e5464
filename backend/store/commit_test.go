package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
)

// testCopy is a copy of content n at path, with its bytes and one part.
func testCopy(n int, path string, meta string) Copy {
	id := fmt.Sprintf("%024x", n)
	ev := audit.Evidence{ID: id, SHA256: id + strings.Repeat("0", 40), Name: path, Path: path, Pack: "p.zip",
		Meta: map[string]string{"note": meta}}
	return Copy{
		Evidence:   ev,
		Provenance: audit.Provenance{EvidenceID: id, Pack: "p.zip", PackSHA256: "x", Path: path, ImportedAt: time.Now()},
		Content:    []byte("content " + id),
		Parts:      []audit.Part{{Line: 1, Text: "text of " + path}},
	}
}

// TestCommitCopiesGroup commits many files in one call: each keeps its
// content, text, record and its own trail event, a second copy of the same
// content in the same group is a copy, and the trail verifies.
func TestCommitCopiesGroup(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	var copies []Copy
	for i := range 50 {
		copies = append(copies, testCopy(i, fmt.Sprintf("f%02d.txt", i), ""))
	}
	dup := testCopy(7, "again/f07.txt", "")
	dup.Content, dup.Parts = nil, nil
	copies = append(copies, dup)
	_, before, err := h.Trail(ctx, e.ID, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	isNew, err := h.CommitCopies(ctx, e.ID, "alice", copies)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range isNew {
		if n != (i < 50) {
			t.Errorf("copy %d (%s): new %v", i, copies[i].Provenance.Path, n)
		}
	}
	events, total, err := h.Trail(ctx, e.ID, before, 100)
	if err != nil {
		t.Fatal(err)
	}
	if total-before != 51 || events[0].Action != "evidence.add" || events[50].Action != "evidence.copy" {
		t.Fatalf("trail after the group: %d new events, first %q, last %q; want 51, add … copy", total-before, events[0].Action, events[len(events)-1].Action)
	}
	var buf bytes.Buffer
	if err := h.Content(ctx, e.ID, copies[7].Evidence.ID, &buf); err != nil || buf.String() != string(copies[7].Content) {
		t.Errorf("content of f07: %q, %v", buf.String(), err)
	}
	if parts, err := h.Parts(ctx, e.ID, copies[49].Evidence.ID); err != nil || len(parts) != 1 || parts[0].Text != "text of f49.txt" {
		t.Errorf("parts of f49: %+v, %v", parts, err)
	}
	_, provs, err := h.Evidence(ctx, e.ID, copies[7].Evidence.ID)
	if err != nil || len(provs) != 2 {
		t.Errorf("provenance of f07: %d copies, %v; want 2", len(provs), err)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	// The same copies again add nothing.
	isNew, err = h.CommitCopies(ctx, e.ID, "alice", copies)
	if err != nil {
		t.Fatal(err)
	}
	if _, again, _ := h.Trail(ctx, e.ID, 0, 1); again != total || isNew[0] {
		t.Errorf("committing the same copies again: %d events (was %d), new %v", again, total, isNew[0])
	}
}

// TestCommitCopiesTooBig commits more records than Badger takes in one
// transaction: the group is split, and every copy is recorded in order.
func TestCommitCopiesTooBig(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	var copies []Copy
	meta := strings.Repeat("m", 4<<10)
	for i := range 1500 { // 1,500 records of over 4 KiB: more than the 2.4 MB Badger takes at once
		copies = append(copies, testCopy(i, fmt.Sprintf("f%04d.txt", i), meta))
	}
	if _, err := h.CommitCopies(ctx, e.ID, "alice", copies); err != nil {
		t.Fatal(err)
	}
	_, total, err := h.EvidenceList(ctx, e.ID, EvidenceFilter{Limit: 1})
	if err != nil || total != 1500 {
		t.Fatalf("evidence after the split group: %d, %v; want 1500", total, err)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Fatalf("verify: %+v, %v", v, err)
	}
}

func TestCommitCopiesNeedsActor(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	_, err := h.CommitCopies(context.Background(), e.ID, " ", []Copy{testCopy(1, "a.txt", "")})
	wantError(t, err, audit.EINVALID, "actor is required to record evidence")
}
