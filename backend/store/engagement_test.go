package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func TestCreateEngagementInvalid(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	first := mustCreateEngagement(t, h, acme())

	tests := []struct {
		name   string
		actor  string
		edit   func(*audit.Engagement)
		reason string // a word the message must contain
	}{
		{"no name", "alice", func(e *audit.Engagement) { e.Name = "  " }, "name"},
		{"no client", "alice", func(e *audit.Engagement) { e.Client = "" }, "client"},
		{"bad type", "alice", func(e *audit.Engagement) { e.Type = "type3" }, "type"},
		{"end before start", "alice", func(e *audit.Engagement) { e.PeriodEnd = "2025-12-31" }, "period end"},
		{"bad date", "alice", func(e *audit.Engagement) { e.PeriodStart = "01/01/2026" }, "period start"},
		{"unknown category", "alice", func(e *audit.Engagement) { e.Categories = []audit.Category{"finance"} }, "category"},
		{"long name", "alice", func(e *audit.Engagement) { e.Name = strings.Repeat("x", 201) }, "name"},
		{"no actor", " ", func(*audit.Engagement) {}, "actor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := acme()
			tt.edit(&e)
			_, err := h.CreateEngagement(ctx, tt.actor, e)
			wantError(t, err, audit.EINVALID, "")
			if msg := audit.ErrorMessage(err); !strings.Contains(msg, tt.reason) {
				t.Errorf("CreateEngagement(%q, %+v) message %q, want it to name %q", tt.actor, e, msg, tt.reason)
			}
		})
	}

	list, err := h.Engagements(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("Engagements after invalid creates = %+v, %v, want only %s", list, err, first.ID)
	}
	folders, err := os.ReadDir(filepath.Join(h.Dir(), engagementsDir))
	if err != nil || len(folders) != 1 {
		t.Fatalf("engagement folders = %v, %v, want one", folders, err)
	}
	events, total, err := h.Trail(ctx, first.ID, 0, 0)
	if err != nil || total != 1 || len(events) != 1 {
		t.Fatalf("Trail(%s) = %d events of %d, %v, want 1", first.ID, len(events), total, err)
	}
}

func TestCreateEngagementLeavesCallerSliceAlone(t *testing.T) {
	h := newHome(t)
	cats := []audit.Category{"Privacy", "availability"}
	e := acme()
	e.Categories = cats
	mustCreateEngagement(t, h, e)
	if want := []audit.Category{"Privacy", "availability"}; !reflect.DeepEqual(cats, want) {
		t.Fatalf("caller's categories became %v, want %v", cats, want)
	}
}

func TestEngagementNotFound(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	for _, id := range []string{"eng_aaaaaaaaaaaa", "", "../home", "eng_AAAAAAAAAAAA"} {
		_, err := h.Engagement(ctx, id)
		wantError(t, err, audit.ENOTFOUND, "no engagement "+id)
		_, _, err = h.Trail(ctx, id, 0, 10)
		wantError(t, err, audit.ENOTFOUND, "no engagement "+id)
		_, err = h.Verify(ctx, id, nil)
		wantError(t, err, audit.ENOTFOUND, "no engagement "+id)
	}
}

func TestUnregisteredFolderIgnored(t *testing.T) {
	// A crash between writing the engagement and registering it leaves a
	// folder with a database but no registration.
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	stray := engagementDBPath(h.Dir(), "eng_strayfolder22")
	if err := os.MkdirAll(stray, 0o700); err != nil {
		t.Fatal(err)
	}
	list, err := h.Engagements(context.Background())
	if err != nil || len(list) != 1 || list[0].ID != e.ID {
		t.Fatalf("Engagements = %+v, %v, want only %s", list, err, e.ID)
	}
}
