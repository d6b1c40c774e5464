//go:build linux && amd64

package cli_test

// A file-system fault layer at the system-call level. Badger and Bleve have
// no pluggable file system, so the test binary re-executes itself as a
// launcher that puts a seccomp filter on itself, sending the calls that
// write, sync, rename, truncate or map a file for writing to user
// notification, and then becomes the real auditroom binary (the filter
// survives exec and is inherited by the parser workers). The test is the
// supervisor: it takes the listener with pidfd_getfd, answers every call,
// lets each one through, and fails the Nth call on a file under the
// folders it watches with EIO or ENOSPC.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	// faultExecEnv names the binary the launcher becomes; set, the test
	// binary is the launcher.
	faultExecEnv = "AUDITROOM_TEST_FAULT_EXEC"
	// listenerFD is where the launcher keeps the filter's listener until
	// the supervisor has taken it.
	listenerFD = 100
	// goAheadFD is the pipe on which the launcher waits for the supervisor.
	goAheadFD = 3
	// launchFailed is the launcher's exit status when the kernel refuses
	// the filter: the suite skips.
	launchFailed = 111
)

func init() {
	if target := os.Getenv(faultExecEnv); target != "" {
		launch(target)
	}
}

// launch installs the filter on every thread of this process, waits for the
// supervisor to take the listener, and execs target with the same
// arguments and the environment without faultExecEnv.
func launch(target string) {
	runtime.LockOSThread()
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "fault launcher: %s: %v\n", what, err)
		os.Exit(launchFailed)
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		fail("no_new_privs", err)
	}
	prog := faultFilter()
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	fd, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_TSYNC|unix.SECCOMP_FILTER_FLAG_TSYNC_ESRCH|unix.SECCOMP_FILTER_FLAG_NEW_LISTENER,
		uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(prog)
	if errno != 0 {
		fail("seccomp user notification", errno)
	}
	// From here on every write of this process waits for the supervisor:
	// nothing is written until it has the listener.
	if err := unix.Dup3(int(fd), listenerFD, 0); err != nil {
		fail("dup3", err)
	}
	unix.Close(int(fd))
	var b [1]byte
	if _, err := unix.Read(goAheadFD, b[:]); err != nil {
		fail("wait for the supervisor", err)
	}
	unix.Close(listenerFD)
	unix.Close(goAheadFD)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, faultExecEnv+"=") {
			env = append(env, kv)
		}
	}
	fail("exec", syscall.Exec(target, append([]string{target}, os.Args[1:]...), env))
}

// faultCalls are the calls sent to the supervisor, by what they do to a file.
var faultCalls = map[uint32]string{
	unix.SYS_WRITE: "write", unix.SYS_PWRITE64: "write", unix.SYS_WRITEV: "write",
	unix.SYS_PWRITEV: "write", unix.SYS_PWRITEV2: "write",
	unix.SYS_FSYNC: "sync", unix.SYS_FDATASYNC: "sync", unix.SYS_SYNC_FILE_RANGE: "sync", unix.SYS_MSYNC: "sync",
	unix.SYS_FTRUNCATE: "truncate", unix.SYS_FALLOCATE: "truncate",
	unix.SYS_RENAME: "rename", unix.SYS_RENAMEAT: "rename", unix.SYS_RENAMEAT2: "rename",
	unix.SYS_MMAP: "mmap",
}

// faultFilter is the BPF program: another architecture's calls, writes to
// the standard descriptors (the workers' pipes, the CLI's output) and
// mappings that are private or read-only pass; the calls of faultCalls go
// to the supervisor; everything else passes.
func faultFilter() []unix.SockFilter {
	const (
		offNr, offArch, offArg0 = 0, 4, 16
		notify                  = unix.SECCOMP_RET_USER_NOTIF
		allow                   = unix.SECCOMP_RET_ALLOW
	)
	ld := func(off uint32) unix.SockFilter {
		return unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: off}
	}
	jmp := func(op uint16, k uint32, jt, jf uint8) unix.SockFilter {
		return unix.SockFilter{Code: unix.BPF_JMP | op | unix.BPF_K, Jt: jt, Jf: jf, K: k}
	}
	ret := func(k uint32) unix.SockFilter { return unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: k} }
	p := []unix.SockFilter{
		ld(offArch), jmp(unix.BPF_JEQ, unix.AUDIT_ARCH_X86_64, 1, 0), ret(allow),
		ld(offNr),
		// mmap: only shared and writable.
		jmp(unix.BPF_JEQ, unix.SYS_MMAP, 0, 6),
		ld(offArg0 + 16), jmp(unix.BPF_JSET, unix.PROT_WRITE, 0, 3),
		ld(offArg0 + 24), jmp(unix.BPF_JSET, unix.MAP_SHARED, 0, 1),
		ret(notify), ret(allow),
	}
	writes := []uint32{unix.SYS_WRITE, unix.SYS_PWRITE64, unix.SYS_WRITEV, unix.SYS_PWRITEV, unix.SYS_PWRITEV2}
	for i, nr := range writes {
		p = append(p, jmp(unix.BPF_JEQ, nr, uint8(len(writes)-i), 0))
	}
	p = append(p, unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JA, K: 4}, // not a write: on to the others
		ld(offArg0), jmp(unix.BPF_JGE, 3, 0, 1), ret(notify), ret(allow))
	var others []uint32
	for nr := range faultCalls {
		if nr != unix.SYS_MMAP && !slices.Contains(writes, nr) {
			others = append(others, nr)
		}
	}
	p = append(p, ld(offNr))
	for i, nr := range others {
		p = append(p, jmp(unix.BPF_JEQ, nr, uint8(len(others)-i), 0))
	}
	return append(p, ret(allow), ret(notify))
}

// struct seccomp_notif and struct seccomp_notif_resp (linux/seccomp.h).
type seccompNotif struct {
	ID    uint64
	Pid   uint32
	Flags uint32
	Nr    int32
	Arch  uint32
	IP    uint64
	Args  [6]uint64
}

type seccompResp struct {
	ID    uint64
	Val   int64
	Error int32
	Flags uint32
}

const seccompIoctlNotifIDValid = 0x40082102 // _IOW('!', 2, __u64)

// faultPlan says which calls count (those on files under roots) and which
// one fails: the call numbered failAt (from 1; 0 fails none), with errno.
type faultPlan struct {
	roots  []string
	failAt int
	errno  syscall.Errno
}

// faultRun is what the supervisor saw of one run: every counted call, as
// "kind path", and the one it failed.
type faultRun struct {
	points []string
	failed string
}

// runFaulted runs the auditroom binary under the fault layer and returns
// its result and the calls counted. A run that has not ended within limit
// is a hang: it is killed and the test fails.
func runFaulted(t *testing.T, env []string, plan faultPlan, limit time.Duration, args ...string) (result, faultRun) {
	t.Helper()
	goAheadR, goAheadW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), faultExecEnv + "=" + bin}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.ExtraFiles = []*os.File{goAheadR} // fd 3
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	goAheadR.Close()
	defer goAheadW.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	listener, err := takeListener(cmd.Process.Pid, exited)
	if err != nil {
		cmd.Process.Kill()
		if errors.Is(err, errNoLauncher) {
			t.Skipf("the kernel refuses seccomp user notification here (%s); the fault-injection suite needs "+
				"SECCOMP_FILTER_FLAG_NEW_LISTENER, TSYNC_ESRCH and pidfd_getfd (Linux 5.7 or later)", strings.TrimSpace(errb.String()))
		}
		t.Fatalf("fault layer: %v (stderr %q)", err, errb.String())
	}
	s := &supervisor{plan: plan, listener: listener}
	served := make(chan struct{})
	go func() { s.serve(); close(served) }()
	goAheadW.Write([]byte{1})

	var runErr error
	select {
	case runErr = <-exited:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-exited
		s.stop()
		<-served
		unix.Close(listener)
		t.Fatalf("auditroom %v under a fault at %d (%s) did not end within %s: a hang; stderr %q",
			args, plan.failAt, s.run.failed, limit, errb.String())
	}
	// The listener reports a hang-up once every process under the filter
	// (the workers too) has ended; the workers end with their pipes.
	select {
	case <-served:
	case <-time.After(10 * time.Second):
		s.stop()
		<-served
		t.Errorf("processes under the fault filter still running 10 s after auditroom %v ended", args)
	}
	unix.Close(listener)
	code := 0
	if ee, ok := runErr.(*exec.ExitError); ok {
		code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Errorf("auditroom %v under a fault at %d (%s) was killed by %v: stderr %q", args, plan.failAt, s.run.failed, ws.Signal(), errb.String())
		}
	} else if runErr != nil {
		t.Fatalf("run %v: %v", args, runErr)
	}
	return result{code, out.String(), errb.String()}, s.run
}

var errNoLauncher = errors.New("the launcher could not install its filter")

// takeListener waits until the launcher holds its listener at listenerFD
// and copies it into this process.
func takeListener(pid int, exited <-chan error) (int, error) {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return -1, fmt.Errorf("%w: pidfd_open: %v", errNoLauncher, err)
	}
	defer unix.Close(pidfd)
	link := fmt.Sprintf("/proc/%d/fd/%d", pid, listenerFD)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if target, _ := os.Readlink(link); strings.Contains(target, "seccomp") {
			break
		}
		select {
		case <-exited:
			return -1, errNoLauncher
		default:
		}
		if time.Now().After(deadline) {
			return -1, errors.New("the launcher did not install its filter within 30 s")
		}
		time.Sleep(time.Millisecond)
	}
	fd, err := unix.PidfdGetfd(pidfd, listenerFD, 0)
	if err != nil {
		return -1, fmt.Errorf("%w: pidfd_getfd: %v", errNoLauncher, err)
	}
	return fd, nil
}

type supervisor struct {
	plan     faultPlan
	listener int
	run      faultRun
	mu       sync.Mutex
	stopped  bool
}

func (s *supervisor) stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

// serve answers every notification until all processes under the filter
// have ended (POLLHUP) or stop is called.
func (s *supervisor) serve() {
	for {
		s.mu.Lock()
		stopped := s.stopped
		s.mu.Unlock()
		if stopped {
			return
		}
		fds := []unix.PollFd{{Fd: int32(s.listener), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 100)
		if err == unix.EINTR || n == 0 {
			continue // a signal to this thread (Go's preemption), or nothing yet
		}
		if err != nil {
			return
		}
		if fds[0].Revents&unix.POLLIN == 0 {
			return // POLLHUP: nothing is under the filter any more
		}
		var req seccompNotif
		if _, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(s.listener), unix.SECCOMP_IOCTL_NOTIF_RECV, uintptr(unsafe.Pointer(&req))); e != 0 {
			continue // ENOENT: the caller died before it was received
		}
		resp := seccompResp{ID: req.ID, Flags: unix.SECCOMP_USER_NOTIF_FLAG_CONTINUE}
		kind, path := s.describe(&req)
		// The lookups above read the caller's descriptors: they hold only
		// if the call is still waiting (a signal withdraws it; it comes
		// again when restarted).
		if _, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(s.listener), seccompIoctlNotifIDValid, uintptr(unsafe.Pointer(&req.ID))); e != 0 {
			continue
		}
		counted := path != "" && s.counts(path)
		if counted {
			s.run.points = append(s.run.points, kind+" "+path)
			if len(s.run.points) == s.plan.failAt {
				resp.Flags, resp.Error = 0, -int32(s.plan.errno)
			}
		}
		_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(s.listener), unix.SECCOMP_IOCTL_NOTIF_SEND, uintptr(unsafe.Pointer(&resp)))
		switch {
		case counted && e != 0:
			s.run.points = s.run.points[:len(s.run.points)-1] // withdrawn: the call comes again
		case resp.Error != 0:
			s.run.failed = kind + " " + path + " (" + s.plan.errno.Error() + ")"
		}
	}
}

func (s *supervisor) counts(path string) bool {
	for _, r := range s.plan.roots {
		if path == r || strings.HasPrefix(path, r+"/") {
			return true
		}
	}
	return false
}

// describe names what the call does and the file it does it to, read from
// the caller's /proc; "" when the file cannot be told.
func (s *supervisor) describe(req *seccompNotif) (kind, path string) {
	kind = faultCalls[uint32(req.Nr)]
	proc := fmt.Sprintf("/proc/%d", req.Pid)
	fdPath := func(fd uint64) string {
		p, _ := os.Readlink(fmt.Sprintf("%s/fd/%d", proc, int32(fd)))
		return p
	}
	switch uint32(req.Nr) {
	case unix.SYS_MMAP:
		return kind, fdPath(req.Args[4])
	case unix.SYS_MSYNC:
		return kind, mappedFile(proc, req.Args[0])
	case unix.SYS_RENAME:
		return kind, pathAt(proc, unix.AT_FDCWD, req.Args[1])
	case unix.SYS_RENAMEAT, unix.SYS_RENAMEAT2:
		return kind, pathAt(proc, int32(req.Args[2]), req.Args[3])
	}
	return kind, fdPath(req.Args[0])
}

// mappedFile is the file mapped at addr in the caller, from its maps.
func mappedFile(proc string, addr uint64) string {
	maps, err := os.ReadFile(proc + "/maps")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(maps), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if ok && err1 == nil && err2 == nil && addr >= start && addr < end {
			return f[5]
		}
	}
	return ""
}

// pathAt reads the caller's path argument at ptr and makes it absolute
// against its directory descriptor dirfd or its working folder.
func pathAt(proc string, dirfd int32, ptr uint64) string {
	mem, err := os.Open(proc + "/mem")
	if err != nil {
		return ""
	}
	defer mem.Close()
	buf := make([]byte, unix.PathMax)
	n, _ := mem.ReadAt(buf, int64(ptr))
	name, _, _ := bytes.Cut(buf[:n], []byte{0})
	p := string(name)
	if p == "" || filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	base := proc + "/cwd"
	if dirfd != unix.AT_FDCWD {
		base = fmt.Sprintf("%s/fd/%d", proc, dirfd)
	}
	dir, err := os.Readlink(base)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, p)
}
