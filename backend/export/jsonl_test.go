package export_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
)

func TestExceptionsJSONL(t *testing.T) {
	ctx := context.Background()
	d, err := export.Gather(ctx, home, fixture.ID, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "exceptions.jsonl")
	res, err := export.Save(ctx, d, export.Target{Format: "jsonl", Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].Kind != "exceptions" || res.Files[0].Path != path {
		t.Fatalf("files %+v", res.Files)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per exception: %q", len(lines), b)
	}
	item7 := fixture.AccessSample.Items[6]
	note, _ := json.Marshal(exporttest.LateNote)
	want := `{"control":"AC-01","test":"Leavers removed on time","criteria":["CC6.2"],"sample_item":7,"item_key":"` + item7.Key +
		`","attribute":"A","attribute_tested":"Access removed within 3 business days","note":` + string(note) + `,"evidence":["leavers-2026.csv, row 48 (SHA-256 ` + fixture.Leavers.SHA256 + `)"],"findings":["F-001"],"test_id":"` + fixture.Access.ID + `","evidence_ids":["` + fixture.Leavers.ID + `"]}`
	if lines[0] != want {
		t.Errorf("first line\n%s\nwant\n%s", lines[0], want)
	}
}
