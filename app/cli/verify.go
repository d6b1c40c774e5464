package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/backend/audit"
)

// trailCheck is one engagement's verification, as --json prints it.
type trailCheck struct {
	EngagementID string `json:"engagement_id"`
	Name         string `json:"name"`
	audit.Verification
}

func verify(ctx context.Context, g *globals, args []string) error {
	set := g.flags("verify")
	id := set.String("engagement", "", "engagement ID (default: every engagement)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	var list []audit.Engagement
	if *id != "" {
		e, err := h.Engagement(ctx, *id)
		if err != nil {
			return err
		}
		list = []audit.Engagement{e}
	} else if list, err = h.Engagements(ctx); err != nil {
		return err
	}

	out := struct {
		Intact      bool         `json:"intact"`
		Engagements []trailCheck `json:"engagements"`
	}{Intact: true, Engagements: []trailCheck{}}
	var text strings.Builder
	var broken error
	for _, e := range list {
		v, err := h.Verify(ctx, e.ID, nil)
		if err != nil {
			return err
		}
		out.Engagements = append(out.Engagements, trailCheck{e.ID, e.Name, v})
		if v.Intact {
			fmt.Fprintf(&text, "%s  trail intact: %d events, head %s\n", e.ID, v.Events, v.Head)
			continue
		}
		out.Intact = false
		fmt.Fprintf(&text, "%s  trail BROKEN at event %d: %s\n", e.ID, v.BrokeAt, v.Reason)
		if broken == nil {
			broken = audit.Errorf(audit.ECONFLICT, "trail of %s is broken at event %d: %s", e.ID, v.BrokeAt, v.Reason)
		}
	}
	if err := g.print(out, text.String()); err != nil {
		return err
	}
	return broken
}
