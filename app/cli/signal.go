package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// stopGrace is how long a command has to stop after SIGINT or SIGTERM.
const stopGrace = 5 * time.Second

// SignalContext returns a context canceled by the first SIGINT or SIGTERM:
// the running job (import, reindex, report, export) stops at its next step
// and the command returns. A second signal, or a command still running
// stopGrace after the first (one stuck on a disk that went away, say), ends
// the process at once with exit status 1: every commit is durable or absent,
// so that too leaves the store consistent, and the parser processes end
// when their pipes close. stop releases the signals.
func SignalContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		cancel()
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "auditroom: stopped at once by a second signal (%s)\n", s)
		case <-time.After(stopGrace):
			fmt.Fprintf(stderr, "auditroom: did not stop within %s of the signal; stopped at once\n", stopGrace)
		case <-done:
			return
		}
		os.Exit(1)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
