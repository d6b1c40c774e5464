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
	"strconv"
	"strings"
	"testing"
	"unsafe"

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

// denyUserNSEnv, set, makes this test binary refuse itself new user
// namespaces before any test runs, as a container's seccomp profile does:
// clone and unshare with CLONE_NEWUSER fail with EPERM.
const denyUserNSEnv = "AUDITROOM_TEST_DENY_USERNS"

func init() {
	if os.Getenv(denyUserNSEnv) == "" {
		return
	}
	prog := []unix.SockFilter{load(offArch), jeq(auditArch, 1, 0), ret(retKill), load(offNr)}
	for _, nr := range []uint32{unix.SYS_CLONE, unix.SYS_UNSHARE} {
		prog = append(prog, jeq(nr, 0, 4), load(offArg0), jset(unix.CLONE_NEWUSER, 0, 1), ret(retEPERM), load(offNr))
	}
	prog = append(prog, jeq(unix.SYS_CLONE3, 0, 1), ret(retENOSYS), ret(retAllow))
	// Root installs it without no_new_privs, so that the workers' own
	// no_new_privs shows in their status.
	if os.Getuid() != 0 {
		unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	if _, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC,
		uintptr(unsafe.Pointer(&fprog))); errno != 0 {
		fmt.Fprintln(os.Stderr, "deny user namespaces:", errno)
		os.Exit(1)
	}
}

// statusField is one line's value of /proc/<pid>/status.
func statusField(t *testing.T, pid, field string) string {
	t.Helper()
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("/proc/%s/status has no %s", pid, field)
	return ""
}

// Where new user namespaces are refused, workers still start, in the
// parent's namespaces, with no_new_privs and a seccomp filter of their
// own, and still can open no file or socket. The test runs itself again
// under a filter that refuses CLONE_NEWUSER.
func TestWorkerWithoutNamespaces(t *testing.T) {
	if os.Getenv(denyUserNSEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerWithoutNamespaces$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), denyUserNSEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestWorkerWithoutNamespaces") {
			t.Fatalf("with user namespaces refused (%v):\n%s", err, out)
		}
		return
	}
	if err := unix.Unshare(unix.CLONE_NEWUSER); !errors.Is(err, unix.EPERM) {
		t.Fatalf("unshare(CLONE_NEWUSER) under the test's filter: %v, want EPERM", err)
	}
	p := NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	defer p.Close()
	res, err := p.Extract(context.Background(), "note.txt", []byte("a user access review"))
	if err != nil || res.Status != "extracted" || len(res.Parts) != 1 || !strings.Contains(res.Parts[0].Text, "a user access review") {
		t.Fatalf("extract without namespaces: %+v, %v", res, err)
	}
	if p.Isolated() {
		t.Fatal("the pool says its workers are isolated though the kernel refused the namespaces")
	}
	var pid int
	p.mu.Lock()
	for w := range p.all {
		pid = w.cmd.Process.Pid
	}
	p.mu.Unlock()
	its := strconv.Itoa(pid)
	mine, _ := strconv.Atoi(statusField(t, "self", "Seccomp_filters"))
	if got := statusField(t, its, "Seccomp"); got != "2" {
		t.Errorf("worker %d: Seccomp %s, want 2 (filter mode)", pid, got)
	}
	if got := statusField(t, its, "Seccomp_filters"); got != strconv.Itoa(mine+1) {
		t.Errorf("worker %d: %s seccomp filters, want %d: the parent's and its own", pid, got, mine+1)
	}
	if os.Getuid() == 0 && statusField(t, "self", "NoNewPrivs") != "0" {
		t.Fatal("the test set no_new_privs itself: the worker's cannot be told from it")
	}
	if got := statusField(t, its, "NoNewPrivs"); got != "1" {
		t.Errorf("worker %d: NoNewPrivs %s, want 1", pid, got)
	}
	for _, ns := range []string{"net", "mnt", "user"} {
		m, _ := os.Readlink("/proc/self/ns/" + ns)
		w, err := os.Readlink("/proc/" + its + "/ns/" + ns)
		if err != nil || w != m {
			t.Errorf("the worker's %s namespace %q (%v), want the parent's %q", ns, w, err, m)
		}
	}
	probes := NewPool([]string{os.Args[0], "worker", "probe"}, 1, extract.Options{})
	defer probes.Close()
	res, err = probes.Extract(context.Background(), "x.txt", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "parser crashed: socket: operation not permitted; dial: operation not permitted; " +
		"open: operation not permitted; create: operation not permitted; exec: operation not permitted"; res.Reason != want {
		t.Errorf("a worker's attempts without namespaces:\n got %q\nwant %q", res.Reason, want)
	}
}
