package app

import (
	"fmt"
	"os"
	"testing"

	"auditroom/backend/packet"
	"auditroom/backend/worker"
)

// The test binary doubles as the parser process, as the auditroom binary
// does in use: the session starts it with "worker" (WorkerCommand).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := worker.Serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// Cheap scrypt for packets; the format is the same at any work factor.
	packet.WorkFactor = 10
	os.Exit(m.Run())
}
