package ingest

import (
	"os"
	"strconv"
	"sync/atomic"
)

// killAfter is a test hook: AUDITROOM_TEST_KILL_AFTER=N makes the process
// SIGKILL itself once N files are committed, so that the CLI tests can kill
// an import at exact points (app/cli/kill_test.go). Unset, it does nothing.
var killAfter = newKillHook(os.Getenv("AUDITROOM_TEST_KILL_AFTER"))

type killHook struct {
	limit int64 // 0: off
	done  atomic.Int64
}

func newKillHook(v string) *killHook {
	n, _ := strconv.ParseInt(v, 10, 64)
	return &killHook{limit: max(n, 0)}
}

func (k *killHook) committed(n int) {
	if k.limit > 0 && k.done.Add(int64(n)) >= k.limit {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		select {} // the kill arrives; nothing more is done meanwhile
	}
}
