package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"auditroom/backend/extract"
)

// probe runs in a worker started with "probe": it locks itself down as
// Serve does, then tries what a parser taken over by a hostile file would,
// and fails (as a crash the pool reports) with what each attempt got.
func probe() {
	if err := lockDown(false); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var got []string
	try := func(what string, err error) {
		got = append(got, fmt.Sprintf("%s: %v", what, err))
	}
	_, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	_, err = net.Dial("tcp", "127.0.0.1:9")
	try("dial", errors.Unwrap(errors.Unwrap(err)))
	_, err = os.Open("/etc/hostname")
	try("open", errors.Unwrap(err))
	_, err = os.Create(os.TempDir() + "/auditroom-probe")
	try("create", errors.Unwrap(err))
	err = exec.Command("/bin/true").Run()
	try("exec", errors.Unwrap(err))
	fmt.Fprintln(os.Stderr, strings.Join(got, "; "))
	os.Exit(3)
}

// Code running in a worker can open no socket and no file, and start no
// program: every attempt fails with EPERM.
func TestWorkerCannotOpenSocketsOrFiles(t *testing.T) {
	p := NewPool([]string{os.Args[0], "worker", "probe"}, 1, extract.Options{})
	defer p.Close()
	res, err := p.Extract(context.Background(), "x.txt", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	want := "parser crashed: socket: operation not permitted; dial: operation not permitted; " +
		"open: operation not permitted; create: operation not permitted; exec: operation not permitted"
	if res.Reason != want {
		t.Errorf("the worker's attempts:\n got %q\nwant %q", res.Reason, want)
	}
}

// A running worker is under seccomp with no_new_privs, holds none of the
// parent's environment (not the passphrase), and where the kernel allows
// has a network namespace of its own.
func TestWorkerIsSandboxed(t *testing.T) {
	t.Setenv("AUDITROOM_PASSPHRASE", "correct horse battery staple")
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	defer p.Close()
	if res, err := p.Extract(context.Background(), "note.txt", []byte("a user access review")); err != nil || res.Status != "extracted" {
		t.Fatalf("extract in the sandbox: %+v, %v", res, err)
	}
	var pid int
	p.mu.Lock()
	for w := range p.all {
		pid = w.cmd.Process.Pid
	}
	p.mu.Unlock()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"NoNewPrivs:\t1", "Seccomp:\t2"} {
		if !strings.Contains(string(status), "\n"+line+"\n") {
			t.Errorf("/proc/%d/status lacks %q", pid, line)
		}
	}
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatal(err)
	}
	env := strings.Split(strings.TrimRight(string(environ), "\x00"), "\x00")
	if !slices.Equal(env, workerEnv) {
		t.Errorf("the worker's environment: %q, want %q", env, workerEnv)
	}
	if !p.Isolated() {
		t.Skip("the kernel refuses unprivileged user namespaces here: no namespaces to check")
	}
	for _, ns := range []string{"net", "mnt", "user"} {
		mine, _ := os.Readlink("/proc/self/ns/" + ns)
		its, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/%s", pid, ns))
		if err != nil || its == mine {
			t.Errorf("the worker's %s namespace %q (%v) is the parent's %q", ns, its, err, mine)
		}
	}
}

// With OCR on, a worker may start tesseract (here a stand-in script that
// answers as tesseract does), which reads what it needs; the worker is as
// sealed from the network as without.
func TestWorkerRunsOCRUnderTheFilter(t *testing.T) {
	ocr := filepath.Join(t.TempDir(), "tesseract")
	if err := os.WriteFile(ocr, []byte("#!/bin/sh\necho 'Quarterly access review signed 2026-03-31'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{Tesseract: ocr})
	defer p.Close()
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)))
	res, err := p.Extract(context.Background(), "scan.png", img.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if res.Meta["ocr"] != "tesseract" || len(res.Parts) != 1 || strings.TrimSpace(res.Parts[0].Text) != "Quarterly access review signed 2026-03-31" {
		t.Errorf("OCR in the sandbox: ocr %q, parts %+v, %s %q", res.Meta["ocr"], res.Parts, res.Status, res.Reason)
	}
}

// The sandbox takes nothing a parser needs: a file of each kind in the
// shared corpus extracts in a sandboxed worker exactly as it does in this
// process.
func TestCorpusInTheSandbox(t *testing.T) {
	dir := "../../../shared/corpus"
	files := []string{
		"pdfjs/tracemonkey.pdf",
		"apache-poi/document/52288.docx",
		"apache-poi/integration/stress020.xlsx",
		"apache-poi/spreadsheet/27272_2.xls",
		"apache-poi/slideshow/EmbeddedAudio.pptx",
		"apache-poi/hsmf/51873.msg",
		"mikel-mail/emails/attachment_emails/attachment_message_rfc822.eml",
		"frictionless-py/doublequote.csv",
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	defer p.Close()
	ran := 0
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Logf("%s: %v", rel, err)
			continue
		}
		ran++
		want := extract.Extract(context.Background(), filepath.Base(rel), data, extract.Options{})
		got, err := p.Extract(context.Background(), filepath.Base(rel), data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != want.Status || got.Reason != want.Reason || len(got.Parts) != len(want.Parts) {
			t.Errorf("%s in the sandbox: %s %q, %d parts; in process: %s %q, %d parts",
				rel, got.Status, got.Reason, len(got.Parts), want.Status, want.Reason, len(want.Parts))
			continue
		}
		for i := range got.Parts {
			if got.Parts[i].Text != want.Parts[i].Text {
				t.Errorf("%s part %d differs in the sandbox", rel, i+1)
			}
		}
	}
	if ran == 0 {
		t.Skipf("the shared corpus is not at %s", dir)
	}
}
