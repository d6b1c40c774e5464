package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"auditroom/backend/audit"
)

// A file whose name hides its type behind a right-to-left override is
// stored and shown with the override as visible text, so that
// "invoice\u202Egpj.exe" reads as an .exe and not as "invoiceexe.jpg".
func TestBidiControlsInNamesAreVisible(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(t.TempDir(), "pbc")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "invoice\u202Egpj.exe"), []byte("MZ not really a program"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.importPaths(t, context.Background(), dir)
	var names, paths []string
	err := e.h.ForEachEvidence(context.Background(), e.eng, func(ev audit.Evidence) error {
		names = append(names, ev.Name)
		_, provs, err := e.h.Evidence(context.Background(), e.eng, ev.ID)
		for _, p := range provs {
			paths = append(paths, p.Path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != "invoice<U+202E>gpj.exe" || len(paths) != 1 || paths[0] != "invoice<U+202E>gpj.exe" {
		t.Errorf("stored names %q, paths %q; want invoice<U+202E>gpj.exe", names, paths)
	}
}
