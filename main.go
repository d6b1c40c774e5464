// Command auditroom is Audit Room: with no arguments it opens the desktop
// window; with a command it runs headless (see auditroom --help). Wails
// builds only the root package, and go:embed cannot reach "..", so the
// frontend, icon and demo data are embedded here and handed down.
package main

import (
	"embed"
	"io/fs"
	"os"
	"runtime/debug"

	"auditroom/app/cli"
)

//go:embed all:frontend/dist
var frontend embed.FS

//go:embed build/appicon.png
var icon []byte

//go:embed testdata/demo
var demo embed.FS

// memoryLimit is a soft bound on the Go heap: importing makes much
// short-lived garbage (parser results, index batches), and without a limit
// the collector lets the heap grow to twice what is live. An import of the
// test corpus has at most about 300 MB live; at 320 MiB the collector runs
// so often that the import takes a third longer, at 352 MiB a few percent.
// The import benchmarks (backend/ingest/bench_test.go) run under the same
// limit.
const memoryLimit = 352 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := cli.SignalContext(os.Stderr)
	assets, _ := fs.Sub(frontend, "frontend/dist")
	demoFS, _ := fs.Sub(demo, "testdata/demo")
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Assets: assets, Icon: icon, Demo: demoFS,
	})
	stop()
	os.Exit(code)
}
