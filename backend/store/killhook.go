package store

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// A test hook, so that the CLI tests can kill a restore or a passphrase
// change at exact points (app/cli/backup_test.go). Unset, it does nothing.
//   - AUDITROOM_TEST_KILL_AT=POINT:N: SIGKILL the process the Nth time it
//     passes POINT (restore.put, restore.written, restore.registered,
//     passphrase.staging, passphrase.staged, passphrase.registry).
var killAt = parseKillAt(os.Getenv("AUDITROOM_TEST_KILL_AT"))

type killHook struct {
	point  string
	at     int64
	passed atomic.Int64
}

func parseKillAt(v string) *killHook {
	point, n, ok := strings.Cut(v, ":")
	at, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || at < 1 {
		return nil
	}
	return &killHook{point: point, at: at}
}

func killPoint(point string) {
	if killAt == nil || killAt.point != point || killAt.passed.Add(1) != killAt.at {
		return
	}
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the kill arrives; nothing more is done meanwhile
}
