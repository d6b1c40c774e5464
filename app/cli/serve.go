package cli

import (
	"context"
	"errors"
	"fmt"

	"auditroom/app"
)

func serve(ctx context.Context, g *globals, args []string) error {
	set := g.flags("serve")
	addr := set.String("addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	dir, err := g.dataDir()
	if err != nil {
		return err
	}
	a := app.New(app.Options{DataDir: dir, Actor: g.actor})
	defer a.Close()
	srv, err := app.Listen(a, g.env.Assets, *addr)
	if err != nil {
		return err
	}
	out := struct {
		URL     string `json:"url"`
		DataDir string `json:"data_dir"`
	}{srv.URL(), dir}
	if err := g.print(out, fmt.Sprintf("Audit Room is serving %s at\n%s\nPress Ctrl+C to stop.\n", dir, srv.URL())); err != nil {
		return err
	}
	if err := srv.Serve(ctx); err != nil || ctx.Err() == nil {
		return err
	}
	return errStoppedAsAsked
}

// errStoppedAsAsked is how serve ends on SIGINT or SIGTERM, "Press Ctrl+C to
// stop": a success, unlike a job the signal cut short.
var errStoppedAsAsked = errors.New("stopped as asked")
