package export_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
	"auditroom/backend/store"
)

// The engagement every test reads: built once, in a real store, through
// the store's own methods. No test changes it.
var (
	home    *store.Home
	fixture exporttest.Engagement
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "auditroom-export-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		ctx := context.Background()
		h, err := store.Create(ctx, dir, "correct horse battery staple")
		if err != nil {
			fmt.Fprintln(os.Stderr, "create store:", err)
			return 1
		}
		defer h.Close()
		if fixture, err = exporttest.Build(ctx, h); err != nil {
			fmt.Fprintln(os.Stderr, "build the engagement:", err)
			return 1
		}
		home = h
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gather reads the fixture for export.
func gather(t testing.TB) *export.Data {
	t.Helper()
	d, err := export.Gather(context.Background(), home, fixture.ID, export.Options{})
	if err != nil {
		t.Fatalf("Gather(%s): %v", fixture.ID, err)
	}
	return d
}
