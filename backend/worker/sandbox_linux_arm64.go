package worker

import "golang.org/x/sys/unix"

const auditArch = unix.AUDIT_ARCH_AARCH64

var archPrologue []unix.SockFilter

// archAllowed: arm64 has only the newer forms of the calls in allowed.
var archAllowed []uint32
