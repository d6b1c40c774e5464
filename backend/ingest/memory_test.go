package ingest

import (
	"context"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

func TestImportFiles(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	files := []File{
		{Name: "restore-test.txt", Data: []byte("Restore of the Quokkabase backup completed in 42 minutes.\n"), ModTime: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)},
		{Name: "../sneaky/name.csv", Data: []byte("user,removed\nana,2026-05-01\n")},
	}
	pack := strings.Repeat("ab", 32)
	opt := Options{Actor: "tester", Extractor: e.pool, Index: e.ix, Source: audit.FromManagement}
	sum, err := ImportFiles(ctx, e.h, e.eng, "response packet rsp_1", pack, files, opt, nil)
	if err != nil || sum.FilesTotal != 2 || sum.Imported != 2 || len(sum.Failed) != 0 {
		t.Fatalf("ImportFiles = %+v, %v", sum, err)
	}
	id, _ := EvidenceID(files[0].Data)
	ev, provs, err := e.h.Evidence(ctx, e.eng, id)
	if err != nil || ev.Status != audit.Extracted || ev.Pack != "response packet rsp_1" || len(provs) != 1 ||
		provs[0].Source != audit.FromManagement || provs[0].PackSHA256 != pack || ev.AsOf != "2026-05-02" {
		t.Fatalf("evidence %+v, provenance %+v, %v", ev, provs, err)
	}
	id2, _ := EvidenceID(files[1].Data)
	if ev2, _, _ := e.h.Evidence(ctx, e.eng, id2); ev2.Path != ".._sneaky_name.csv" {
		t.Errorf("a name with separators is kept as one harmless name: %q", ev2.Path)
	}
	res, err := search.Search(ctx, e.ix, "Quokkabase", 0, 10)
	if err != nil || res.Total == 0 {
		t.Errorf("the file is not searchable: %+v, %v", res, err)
	}
	sum, err = ImportFiles(ctx, e.h, e.eng, "response packet rsp_1", pack, files, opt, nil)
	if err != nil || sum.Imported != 0 || sum.Duplicates != 2 {
		t.Errorf("the same files again: %+v, %v", sum, err)
	}
	if _, err := ImportFiles(ctx, e.h, e.eng, "", pack, files, opt, nil); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("no pack name: %v", err)
	}
}
