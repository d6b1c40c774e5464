package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"

	"auditroom/app"
	"auditroom/backend/audit"
)

// demo creates the demo engagement from testdata/demo, or finds the one
// made before, and with --open shows it in the window.
func demo(ctx context.Context, g *globals, args []string) error {
	set := g.flags("demo")
	open := set.Bool("open", false, "open the desktop window on the demo engagement")
	if err := parse(set, args, false); err != nil {
		return err
	}
	raw, err := fs.ReadFile(g.env.Demo, "engagement.json")
	if err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "read demo engagement")
	}
	var in app.EngagementInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "decode demo engagement")
	}

	h, err := g.open(ctx, true)
	if err != nil {
		return err
	}
	list, err := h.Engagements(ctx)
	if err != nil {
		h.Close()
		return err
	}
	var e audit.Engagement
	created := true
	for _, x := range list {
		if x.Name == in.Name && x.Client == in.Client {
			e, created = x, false
			break
		}
	}
	if created {
		if e, err = h.CreateEngagement(ctx, app.CurrentUser(), in.Engagement()); err != nil {
			h.Close()
			return err
		}
	}
	out := struct {
		Engagement audit.Engagement `json:"engagement"`
		Created    bool             `json:"created"`
		DataDir    string           `json:"data_dir"`
	}{e, created, h.Dir()}
	verb := "reopened"
	if created {
		verb = "created"
	}
	if err := g.print(out, fmt.Sprintf("%s demo engagement %s  %s in %s\n", verb, e.ID, e.Name, h.Dir())); err != nil {
		h.Close()
		return err
	}
	if !*open {
		return h.Close()
	}
	// The window takes over the unlocked store and closes it on quit.
	a := app.New(app.Options{DataDir: h.Dir(), StartEngagement: e.ID})
	a.Session.Adopt(h)
	return runWindow(g, a)
}
