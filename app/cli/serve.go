package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode"

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
	actor, err := actorFromEnv(g)
	if err != nil {
		return err
	}
	a := app.New(app.Options{DataDir: dir, Actor: actor})
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
	return srv.Serve(ctx)
}

// actorFromEnv is $AUDITROOM_ACTOR, the person the served app records in
// the trail, sign-offs and the findings workflow; empty means the
// operating-system user. It lets a second person review on the same
// machine and data folder (the reviewer of a finding must not be its
// preparer), and the end-to-end tests play both.
func actorFromEnv(g *globals) (string, error) {
	actor := strings.TrimSpace(g.env.Getenv("AUDITROOM_ACTOR"))
	if len(actor) > 64 || strings.ContainsFunc(actor, unicode.IsControl) {
		return "", usagef("serve: AUDITROOM_ACTOR must be a name on one line of at most 64 characters")
	}
	return actor, nil
}
