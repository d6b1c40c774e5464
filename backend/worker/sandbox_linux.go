package worker

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// lockDown is the worker's half of the sandbox, called before it reads any
// input: no_new_privs, then a seccomp filter on every thread that allows
// the system calls a parser needs and nothing else. A parser taken over by
// a hostile file can still read and write the pipes it was given and use
// memory; it cannot open a file, a socket or a process, nor change what it
// may do. Everything the worker needs from the file system (its own
// /proc/self/statm for the memory limit) is read before this.
//
// Denied calls fail with EPERM rather than killing the process, so that a
// library probing for an optional call (glibc's clone3, say) falls back
// instead of crashing; a filter meant for another architecture kills.
func lockDown(allowExec bool) error {
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("set no_new_privs: %w", err)
	}
	prog := filter(os.Getpid(), allowExec)
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	// TSYNC puts every thread of the process (the Go runtime's and MuPDF's)
	// under the filter, and no_new_privs with it; without it only this
	// thread would be.
	r, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(prog)
	if errno != 0 {
		return fmt.Errorf("install the seccomp filter: %w", errno)
	}
	if r != 0 {
		return fmt.Errorf("install the seccomp filter: thread %d could not be synchronised", r)
	}
	return nil
}

// Offsets into struct seccomp_data, the input of a seccomp filter: the
// call's number, its architecture, then six 64-bit arguments. Only the low
// half of an argument is compared (little-endian on both architectures).
const (
	offNr   = 0
	offArch = 4
	offArg0 = 16
)

const (
	retAllow = unix.SECCOMP_RET_ALLOW
	retKill  = unix.SECCOMP_RET_KILL_PROCESS
	retEPERM = unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)
	// clone3's arguments are behind a pointer the filter cannot read, so
	// it is refused as unknown; glibc's pthread_create then uses clone.
	retENOSYS = unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS)
)

// filter is the BPF program. In order: the architecture must be this
// binary's (else kill); clone only makes threads (CLONE_THREAD), never a
// new process, unless allowExec; kill and tgkill reach only this process (the Go runtime
// signals its own threads); clone3 is ENOSYS; the calls of allowed are
// allowed; anything else is EPERM.
func filter(pid int, allowExec bool) []unix.SockFilter {
	p := []unix.SockFilter{
		load(offArch),
		jeq(auditArch, 1, 0),
		ret(retKill),
		load(offNr),
	}
	p = append(p, archPrologue...)
	if !allowExec {
		p = append(p,
			jeq(unix.SYS_CLONE, 0, 4),
			load(offArg0),
			jset(unix.CLONE_THREAD, 0, 1),
			ret(retAllow),
			ret(retEPERM),
		)
	}
	p = append(p,
		jeq(unix.SYS_CLONE3, 0, 1),
		ret(retENOSYS),
	)
	for _, nr := range []uint32{unix.SYS_KILL, unix.SYS_TGKILL} {
		p = append(p,
			jeq(nr, 0, 4),
			load(offArg0),
			jeq(uint32(pid), 0, 1),
			ret(retAllow),
			ret(retEPERM),
		)
	}
	calls := allowed
	if allowExec {
		calls = append(append([]uint32{}, calls...), execCalls...)
		// tesseract reads its language data: openat only to read.
		p = append(p,
			jeq(unix.SYS_OPENAT, 0, 4),
			load(offArg0+16),
			jset(unix.O_WRONLY|unix.O_RDWR|unix.O_CREAT|unix.O_TRUNC|unix.O_APPEND, 0, 1),
			ret(retEPERM),
			ret(retAllow),
		)
	}
	for i, nr := range calls {
		p = append(p, jeq(nr, uint8(len(calls)-i), 0))
	}
	return append(p, ret(retEPERM), ret(retAllow))
}

// allowed are the calls parsing needs, as strace shows a worker making them
// while it extracts the whole test corpus and draws its pages: reading and
// writing its pipes, memory, threads and their signals, time, and the Go
// runtime's poller. Nothing here names a path except the fstat family,
// which glibc uses on open descriptors (newfstatat with AT_EMPTY_PATH).
var allowed = append([]uint32{
	unix.SYS_READ, unix.SYS_WRITE, unix.SYS_READV, unix.SYS_WRITEV,
	unix.SYS_PREAD64, unix.SYS_PWRITE64, unix.SYS_CLOSE, unix.SYS_FSTAT,
	unix.SYS_NEWFSTATAT, unix.SYS_LSEEK, unix.SYS_FCNTL, unix.SYS_DUP3,
	unix.SYS_MMAP, unix.SYS_MUNMAP, unix.SYS_MPROTECT, unix.SYS_MREMAP,
	unix.SYS_MADVISE, unix.SYS_BRK, unix.SYS_MINCORE,
	unix.SYS_RT_SIGACTION, unix.SYS_RT_SIGPROCMASK, unix.SYS_RT_SIGRETURN,
	unix.SYS_SIGALTSTACK, unix.SYS_GETPID, unix.SYS_GETTID, unix.SYS_GETPPID,
	unix.SYS_FUTEX, unix.SYS_SET_ROBUST_LIST, unix.SYS_RSEQ, unix.SYS_SET_TID_ADDRESS,
	unix.SYS_SCHED_YIELD, unix.SYS_SCHED_GETAFFINITY, unix.SYS_NANOSLEEP,
	unix.SYS_CLOCK_NANOSLEEP, unix.SYS_CLOCK_GETTIME, unix.SYS_CLOCK_GETRES,
	unix.SYS_GETTIMEOFDAY, unix.SYS_GETRANDOM, unix.SYS_PRLIMIT64,
	unix.SYS_GETRUSAGE, unix.SYS_UNAME, unix.SYS_SYSINFO,
	unix.SYS_GETUID, unix.SYS_GETEUID, unix.SYS_GETGID, unix.SYS_GETEGID,
	unix.SYS_EPOLL_CREATE1, unix.SYS_EPOLL_CTL, unix.SYS_EPOLL_PWAIT,
	unix.SYS_EVENTFD2, unix.SYS_PIPE2, unix.SYS_PPOLL, unix.SYS_PSELECT6,
	unix.SYS_TIMER_CREATE, unix.SYS_TIMER_SETTIME, unix.SYS_TIMER_DELETE,
	unix.SYS_RESTART_SYSCALL, unix.SYS_EXIT, unix.SYS_EXIT_GROUP,
}, archAllowed...)

// execCalls are added when the worker runs tesseract for image OCR: it
// must start that program, which then runs under the same filter and may
// open files to read (its language data) but not to write, nor sockets.
var execCalls = []uint32{unix.SYS_CLONE, unix.SYS_EXECVE, unix.SYS_WAIT4, unix.SYS_WAITID,
	unix.SYS_PIDFD_OPEN, unix.SYS_PIDFD_SEND_SIGNAL, unix.SYS_CLOSE_RANGE, unix.SYS_SETPGID}

func load(off uint32) unix.SockFilter {
	return unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: off}
}

func jeq(k uint32, jt, jf uint8) unix.SockFilter {
	return unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: jt, Jf: jf, K: k}
}

func jset(k uint32, jt, jf uint8) unix.SockFilter {
	return unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K, Jt: jt, Jf: jf, K: k}
}

func jge(k uint32, jt, jf uint8) unix.SockFilter {
	return unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K, Jt: jt, Jf: jf, K: k}
}

func ret(k uint32) unix.SockFilter {
	return unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: k}
}

// workerEnv is a worker's whole environment: one thread for Go, no
// tracebacks of parser crashes, and a locale and search path for the one
// program it may run (tesseract).
var workerEnv = []string{"GOMAXPROCS=1", "GOTRACEBACK=none", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"}

// isolation starts a worker in a user namespace of its own (mapped to the
// parent's user, so it owns nothing more), with a network namespace that
// holds only a loopback device that is down, and a mount namespace whose
// mounts it cannot change.
func isolation() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}},
	}
}
