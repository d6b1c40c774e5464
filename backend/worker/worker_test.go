package worker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/view"
	"auditroom/backend/view/pdftest"
)

// The test binary is its own parser process, as auditroom is in use.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if slices.Contains(os.Args, "reserve") {
			// Map as much as the desktop binary does before parsing
			// anything (GTK, WebKit): see TestLimitCountsFromTheStart.
			if _, err := syscall.Mmap(-1, 0, 1<<30, syscall.PROT_NONE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		if slices.Contains(os.Args, "probe") {
			probe() // sandbox_test.go
		}
		if err := Serve(os.Stdin, os.Stdout, os.Args[2:]); err != nil {
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
	if p.PeakRSS() != 0 {
		t.Errorf("peak RSS %d before any worker stopped", p.PeakRSS())
	}
	p.Close()
	// A Go process that has parsed a file holds a few megabytes at least.
	if peak := p.PeakRSS(); peak < 1<<20 || peak > MemoryLimit {
		t.Errorf("the workers' peak RSS after Close: %d bytes", peak)
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
	dir := pdfjsDir(t)
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

// The viewer's pages are drawn in a worker, which goes on to extract files
// after it: one process serves both kinds of request.
func TestRendersInAWorker(t *testing.T) {
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	defer p.Close()
	pdf := pdftest.PDF(pdftest.Text("Quarterly access review"), pdftest.Text("page two"))
	page, err := p.Render(context.Background(), pdf, view.PageRequest{Page: 2, Scale: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if page.Pages != 2 || page.Number != 2 || len(page.PNG) == 0 || page.Layout != "page two" {
		t.Errorf("page 2: %d of %d, %d bytes of PNG, layout %q", page.Number, page.Pages, len(page.PNG), page.Layout)
	}
	// The worker's coded errors come back coded.
	_, err = p.Render(context.Background(), pdftest.Encrypted("pw", pdftest.Text("secret")), view.PageRequest{Page: 1})
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), "needs a password") {
		t.Errorf("encrypted PDF: %v (%s), want EINVALID saying it needs a password", err, audit.ErrorCode(err))
	}
	res, err := p.Extract(context.Background(), "notes.txt", []byte("after the pages"))
	if err != nil || res.Status != "extracted" {
		t.Errorf("extract after render: %+v, %v", res, err)
	}
}

// A worker that crashes or hangs while drawing a page is an error that
// says so, never a panic; cancelling is ECANCELED.
func TestRenderFailures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command []string
		limit   time.Duration
		want    string
	}{
		{"crash", []string{"sh", "-c", "read -r line; echo 'mupdf exploded' >&2; exit 3"}, time.Minute, "cannot show this PDF: parser crashed: mupdf exploded"},
		{"signal", []string{"sh", "-c", "kill -SEGV $$"}, time.Minute, "parser crashed (segmentation fault)"},
		{"hang", []string{"sleep", "600"}, 300 * time.Millisecond, "no result within"},
		{"no binary", []string{"/nonexistent/auditroom", "worker"}, time.Minute, "cannot start a parser process"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPool(tc.command, 1, extract.Options{})
			p.Limit = func(int) time.Duration { return tc.limit }
			defer p.Close()
			_, err := p.Render(context.Background(), pdftest.PDF(pdftest.Text("x")), view.PageRequest{Page: 1})
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v (%s); want EINVALID with %q", tc.name, err, audit.ErrorCode(err), tc.want)
			}
		})
	}
	p := NewPool([]string{"sleep", "600"}, 1, extract.Options{})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	if _, err := p.Render(ctx, []byte("%PDF-1.4"), view.PageRequest{Page: 1}); audit.ErrorCode(err) != audit.ECANCELED {
		t.Errorf("cancelled: %v, want ECANCELED", err)
	}
}

// The corpus PDFs that defeat MuPDF, drawn for the viewer: each is an
// error or a page, and the next PDF draws.
func TestRenderHostilePDFs(t *testing.T) {
	dir := pdfjsDir(t)
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	p.Limit = func(int) time.Duration { return 10 * time.Second }
	defer p.Close()
	for _, name := range []string{"bomb_giant.pdf", "poppler-67295-0.pdf", "tracemonkey.pdf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		page, err := p.Render(context.Background(), data, view.PageRequest{Page: 1})
		t.Logf("%s: %d bytes of PNG, %v in %s", name, len(page.PNG), err, time.Since(start).Round(time.Millisecond))
		if name == "tracemonkey.pdf" && (err != nil || len(page.PNG) == 0) {
			t.Errorf("after the hostile files, %s: %v", name, err)
		}
		if err != nil && audit.ErrorCode(err) != audit.EINVALID {
			t.Errorf("%s: %v is not EINVALID", name, err)
		}
	}
}

// A worker whose binary maps a lot before it parses anything (the desktop
// binary maps GTK and WebKit: near 2 GB with the Go runtime's own
// reservations) still has MemoryLimit to work in: a limit counted from
// zero left it no room to start a thread, and it crashed at random.
func TestLimitCountsFromTheStart(t *testing.T) {
	p := NewPool([]string{os.Args[0], "worker", "reserve"}, 1, extract.Options{})
	defer p.Close()
	pdf := pdftest.PDF(pdftest.Text("Quarterly access review"))
	for i := range 10 {
		if _, err := p.Render(context.Background(), pdf, view.PageRequest{Page: 1, Scale: 2}); err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		res, err := p.Extract(context.Background(), "review.pdf", pdf)
		if err != nil || res.Status != "extracted" {
			t.Fatalf("file %d: %+v, %v", i, res, err)
		}
	}
}

// The corpus PDF whose page tree claims 1.4 billion pages, each of which
// fails, ends in seconds rather than at the file's time limit, with the
// reason; the same worker goes on to the next file.
func TestBrokenPageTreeEndsQuickly(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(pdfjsDir(t), "poppler-67295-0.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	p.Limit = func(int) time.Duration { return time.Minute }
	defer p.Close()
	start := time.Now()
	res, err := p.Extract(context.Background(), "poppler-67295-0.pdf", data)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "failed" || !strings.Contains(res.Reason, "the first 100 of 1410065407 failed") {
		t.Errorf("PDF with a broken page tree: %s %q; want failed after 100 pages", res.Status, res.Reason)
	}
	if took > 10*time.Second {
		t.Errorf("the broken page tree took %s", took)
	}
	res, err = p.Extract(context.Background(), "note.txt", []byte("after the broken PDF"))
	if err != nil || res.Status != "extracted" {
		t.Errorf("the next file: %+v, %v", res, err)
	}
}

// A parser that stays on one page past the page limit is given up by the
// watchdog, with the page named; one that moves on is not.
func TestWatchdogGivesUpAStuckPage(t *testing.T) {
	reasons := make(chan string, 1)
	w := watch(200*time.Millisecond, func(r string) { reasons <- r })
	defer w.done()
	for page := 1; page <= 5; page++ { // a page every 50 ms: progress
		w.progress(page, 9)
		select {
		case r := <-reasons:
			t.Fatalf("watchdog gave up on a parser making progress: %s", r)
		case <-time.After(50 * time.Millisecond):
		}
	}
	select {
	case r := <-reasons:
		if r != "parser gave up: page 5 of 9 took longer than 200ms" {
			t.Errorf("reason %q", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watchdog did not give up on a stuck page")
	}
}

// In a real worker, a page that overruns the page limit (here a limit no
// page can meet) fails the file with the page named: the watchdog answers
// for the parser and ends the process, and the pool's next worker takes
// the next file.
func TestWatchdogInAWorker(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(pdfjsDir(t), "tracemonkey.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	p.PageLimit = time.Microsecond
	defer p.Close()
	res, err := p.Extract(context.Background(), "tracemonkey.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "failed" || !strings.HasPrefix(res.Reason, "parser gave up: page ") || !strings.HasSuffix(res.Reason, "took longer than 1µs") {
		t.Errorf("a page past its limit: %s %q", res.Status, res.Reason)
	}
	res, err = p.Extract(context.Background(), "note.txt", []byte("after the watchdog"))
	if err != nil || res.Status != "extracted" {
		t.Errorf("the next file: %+v, %v", res, err)
	}
}

// pdfjsDir is the shared corpus's folder of PDFs that defeat parsers; the
// test is skipped where the corpus is absent.
func pdfjsDir(t *testing.T) string {
	t.Helper()
	dir := "../../../shared/corpus/pdfjs"
	if _, err := os.Stat(filepath.Join(dir, "bomb_giant.pdf")); err != nil {
		t.Skipf("the shared corpus is not at %s", dir)
	}
	return dir
}
