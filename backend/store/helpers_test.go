package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"auditroom/backend/audit"
)

const testPassphrase = "correct horse battery staple"

// realKDF keeps the production Argon2 parameters for the test that uses them.
var realKDF = kdfDefaults

func TestMain(m *testing.M) {
	// Argon2 at 64 MiB costs about a second per derivation under -race;
	// the format is the same at the minimum parameters.
	kdfDefaults = settings{Time: 1, MemoryKiB: 64, Threads: 1}
	os.Exit(m.Run())
}

func acme() audit.Engagement {
	return audit.Engagement{
		Name:        "Acme FY26",
		Client:      "Acme Holdings",
		Type:        audit.Type2,
		PeriodStart: "2026-01-01",
		PeriodEnd:   "2026-12-31",
		Categories:  []audit.Category{audit.Availability},
	}
}

// newHome creates a data folder in a fresh temporary directory and closes it
// when the test ends.
func newHome(t testing.TB) *Home {
	t.Helper()
	h, err := Create(context.Background(), t.TempDir(), testPassphrase)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func mustCreateEngagement(t testing.TB, h *Home, e audit.Engagement) audit.Engagement {
	t.Helper()
	got, err := h.CreateEngagement(context.Background(), "alice@example.com", e)
	if err != nil {
		t.Fatalf("CreateEngagement(%+v): %v", e, err)
	}
	return got
}

func mustOpen(t testing.TB, dir string) *Home {
	t.Helper()
	h, err := Open(context.Background(), dir, testPassphrase)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func mustClose(t testing.TB, h *Home) {
	t.Helper()
	if err := h.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// wantError fails unless err is an *audit.Error with code and, when message
// is not empty, exactly that message.
func wantError(t testing.TB, err error, code, message string) {
	t.Helper()
	if got := audit.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	if message != "" {
		if got := audit.ErrorMessage(err); got != message {
			t.Fatalf("error message %q, want %q", got, message)
		}
	}
}

// hashDir hashes every path and file content under dir.
func hashDir(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		h.Write([]byte(rel + "\x00"))
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			h.Write(b)
			h.Write([]byte{0})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("hash %s: %v", dir, err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
