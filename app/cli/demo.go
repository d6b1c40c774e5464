package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/app"
	"auditroom/backend/demo"
	"auditroom/backend/extract"
	"auditroom/backend/ingest"
	"auditroom/backend/worker"
)

// demo builds the demo engagement from the files embedded from
// testdata/demo, or reopens the one built before, and with --open shows it
// in the window.
func demoCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("demo")
	open := set.Bool("open", false, "open the desktop window on the demo engagement")
	if err := parse(set, args, false); err != nil {
		return err
	}
	h, err := g.open(ctx, true)
	if err != nil {
		return err
	}
	cmd, err := app.WorkerCommand()
	if err != nil {
		h.Close()
		return err
	}
	pool := worker.NewPool(cmd, 0, extract.Options{Tesseract: app.Tesseract()})
	stage := ""
	res, err := demo.Build(ctx, h, g.env.Demo, demo.Options{Actor: g.actor, Extractor: pool,
		Report: func(p ingest.Progress) {
			// A line per stage on stderr, so a first build shows it is alive.
			if !g.json && p.Stage != stage && p.Stage != "importing" {
				stage = p.Stage
				fmt.Fprintf(g.env.Stderr, "demo: %s\n", stage)
			}
		}})
	pool.Close()
	if err != nil {
		h.Close()
		return err
	}
	out := struct {
		demo.Result
		DataDir string `json:"data_dir"`
	}{res, h.Dir()}
	verb := "reopened"
	if res.Created {
		verb = "created"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s demo engagement %s  %s in %s\n", verb, res.Engagement.ID, res.Engagement.Name, h.Dir())
	fmt.Fprintf(&b, "%d controls, %d requests; %d files in the pack, %d evidence files new (attachments count); %d links, %d pins and %d request reviews made\n",
		res.Controls, res.Requests, res.Evidence.FilesTotal, res.Evidence.Imported, res.Linked, res.Pinned, res.Reviewed)
	for _, p := range res.Evidence.Failed {
		fmt.Fprintf(&b, "failed: %s: %s\n", p.Path, p.Reason)
	}
	if err := g.print(out, b.String()); err != nil {
		h.Close()
		return err
	}
	if !*open {
		return h.Close()
	}
	// The window takes over the unlocked store and closes it on quit.
	a := app.New(app.Options{DataDir: h.Dir(), StartEngagement: res.Engagement.ID})
	a.Session.Adopt(h)
	return runWindow(g, a)
}
