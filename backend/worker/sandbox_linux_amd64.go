package worker

import "golang.org/x/sys/unix"

const auditArch = unix.AUDIT_ARCH_X86_64

// archPrologue refuses the x32 ABI's calls (numbers from 0x40000000),
// which would otherwise pass as the amd64 call of the same low number.
var archPrologue = []unix.SockFilter{jge(0x40000000, 0, 1), ret(retEPERM)}

// archAllowed are amd64's older forms of allowed calls, which arm64 lacks.
var archAllowed = []uint32{
	unix.SYS_ARCH_PRCTL, unix.SYS_EPOLL_WAIT, unix.SYS_POLL, unix.SYS_SELECT,
	unix.SYS_PIPE, unix.SYS_DUP2, unix.SYS_TIME,
}
