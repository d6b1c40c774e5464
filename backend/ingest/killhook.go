package ingest

import (
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
)

// Test hooks, so that the CLI tests can act at exact points of an import
// (app/cli/kill_test.go, app/cli/faults_linux_test.go). Unset, they do nothing.
//   - AUDITROOM_TEST_KILL_AFTER=N: SIGKILL the process once N files are committed.
//   - AUDITROOM_TEST_STOP_AFTER=N: SIGSTOP it once, when N files are committed;
//     the test changes the world (fills the disk) and sends SIGCONT.
var (
	killAfter = newCommitHook(os.Getenv("AUDITROOM_TEST_KILL_AFTER"), syscall.SIGKILL)
	stopAfter = newCommitHook(os.Getenv("AUDITROOM_TEST_STOP_AFTER"), syscall.SIGSTOP)
)

type commitHook struct {
	limit int64 // 0: off
	sig   syscall.Signal
	done  atomic.Int64
	fired atomic.Bool
}

func newCommitHook(v string, sig syscall.Signal) *commitHook {
	n, _ := strconv.ParseInt(v, 10, 64)
	return &commitHook{limit: max(n, 0), sig: sig}
}

func (k *commitHook) committed(n int) {
	if k.limit == 0 || k.done.Add(int64(n)) < k.limit || k.fired.Swap(true) {
		return
	}
	syscall.Kill(os.Getpid(), k.sig)
	if k.sig == syscall.SIGKILL {
		select {} // the kill arrives; nothing more is done meanwhile
	}
}
