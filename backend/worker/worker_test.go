package worker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditroom/backend/extract"
)

// The test binary is its own parser process, as auditroom is in use.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := Serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestExtractsInAWorker(t *testing.T) {
	p := NewPool([]string{os.Args[0], "worker"}, 2, extract.Options{})
	defer p.Close()
	for i := range 4 { // more files than workers: workers are reused
		res, err := p.Extract(context.Background(), "notes.txt", []byte(fmt.Sprintf("walkthrough %d of the change process", i)))
		if err != nil || res.Status != "extracted" || len(res.Parts) != 1 || !strings.Contains(res.Parts[0].Text, "walkthrough") {
			t.Fatalf("file %d: %+v, %v", i, res, err)
		}
	}
}

func TestFailuresStayWithTheFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command []string
		limit   time.Duration
		want    string
	}{
		{"crash", []string{"sh", "-c", "read -r line; echo 'parser exploded' >&2; exit 3"}, time.Minute, "parser crashed: parser exploded"},
		{"signal", []string{"sh", "-c", "kill -SEGV $$"}, time.Minute, "parser crashed (segmentation fault)"},
		{"hang", []string{"sleep", "600"}, 300 * time.Millisecond, "no result within"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPool(tc.command, 1, extract.Options{})
			p.Limit = func(int) time.Duration { return tc.limit }
			defer p.Close()
			res, err := p.Extract(context.Background(), "x.txt", []byte("hello"))
			if err != nil || res.Status != "failed" || !strings.Contains(res.Reason, tc.want) {
				t.Errorf("%s: %+v, %v; want failed with %q", tc.name, res, err, tc.want)
			}
		})
	}
}

func TestCancelStopsTheWait(t *testing.T) {
	p := NewPool([]string{"sleep", "600"}, 1, extract.Options{})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { cancel() }()
	if _, err := p.Extract(ctx, "x.txt", []byte("hello")); err == nil {
		t.Errorf("a cancelled extraction returned no error")
	}
}

// The two corpus PDFs that defeat MuPDF: one grows past any memory, one
// loops. Each fails alone, with its reason, and the pool goes on.
func TestHostilePDFs(t *testing.T) {
	dir := "../../../shared/corpus/pdfjs"
	if _, err := os.Stat(filepath.Join(dir, "bomb_giant.pdf")); err != nil {
		t.Skipf("the shared corpus is not at %s", dir)
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	p.Limit = func(int) time.Duration { return 15 * time.Second }
	defer p.Close()
	for _, name := range []string{"bomb_giant.pdf", "poppler-67295-0.pdf", "tracemonkey.pdf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res, err := p.Extract(context.Background(), name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %s %q in %s", name, res.Status, res.Reason, time.Since(start).Round(time.Millisecond))
		if name == "tracemonkey.pdf" && res.Status != "extracted" {
			t.Errorf("after the hostile files, %s: %+v", name, res.Status)
		}
		if res.Status != "extracted" && res.Reason == "" {
			t.Errorf("%s: %s without a reason", name, res.Status)
		}
	}
}
