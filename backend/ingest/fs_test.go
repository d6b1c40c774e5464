package ingest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"auditroom/backend/store"
)

// TestImportFS imports a pack that is not on disk: the files, the manifest
// mapping and the index are as for a folder, and importing it again adds
// nothing.
func TestImportFS(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"policies/backup-policy.md": {Data: []byte("# Backup policy\nNightly snapshots are kept by the Quillfeather job.\n")},
		"logs/PBC-011/app.log":      {Data: []byte("2026-05-01T10:00:00Z deploy finished\n")},
		"manifest.csv":              {Data: []byte("path,request_id,control_ids,as_of\npolicies/backup-policy.md,PBC-004,OP-02,2026-02-01\n")},
	}
	opt := Options{Actor: "tester", Extractor: e.pool, Index: e.ix}
	sum, err := ImportFS(ctx, e.h, e.eng, "embedded-pack", fsys, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.FilesTotal != 3 || sum.Imported != 3 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v: want 3 files imported, none failed", sum)
	}
	items, _, err := e.h.EvidenceList(ctx, e.eng, store.EvidenceFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var policy string
	for _, it := range items {
		switch it.Name {
		case "backup-policy.md":
			policy = it.ID
			if it.Pack != "embedded-pack" || strings.Join(it.Requests, ",") != "PBC-004" || strings.Join(it.Controls, ",") != "OP-02" || it.AsOf != "2026-02-01" {
				t.Errorf("manifest mapping of the policy: %+v", it)
			}
		case "app.log":
			if strings.Join(it.Requests, ",") != "PBC-011" {
				t.Errorf("request from the folder name: %+v", it)
			}
		}
	}
	if ids := e.found(t, "quillfeather", 5); len(ids) != 1 || ids[0] != policy {
		t.Errorf("search quillfeather: %v, want the policy", ids)
	}

	_, events, _ := e.h.Trail(ctx, e.eng, 0, 1)
	again, err := ImportFS(ctx, e.h, e.eng, "embedded-pack", fsys, opt, nil)
	if err != nil || again.Imported != 0 || again.Duplicates != 3 {
		t.Errorf("re-import: %+v %v, want 0 imported and 3 duplicates", again, err)
	}
	if _, after, _ := e.h.Trail(ctx, e.eng, 0, 1); after != events {
		t.Errorf("re-import took the trail from %d to %d events, want no change", events, after)
	}
	if _, err := ImportFS(ctx, e.h, e.eng, " ", fsys, opt, nil); err == nil {
		t.Error("ImportFS with a blank pack name: no error")
	}
}
