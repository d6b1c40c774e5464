package app

import (
	"os"
	"testing"

	"auditroom/backend/packet"
	"auditroom/backend/worker"
)

// The test binary doubles as the parser process, as the auditroom binary
// does in use: the session starts it with "worker" (WorkerCommand).
func TestMain(m *testing.M) {
	worker.ServeIfWorker()
	// Cheap scrypt for packets; the format is the same at any work factor.
	packet.WorkFactor = 10
	os.Exit(m.Run())
}
