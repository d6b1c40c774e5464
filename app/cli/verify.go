package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/index"
)

// trailCheck is one engagement's verification, as --json prints it.
type trailCheck struct {
	EngagementID string `json:"engagement_id"`
	Name         string `json:"name"`
	audit.Verification
	// NotIndexed lists evidence stored but not in the search index (a kill
	// or a full disk came first); it is indexed when the index is next
	// opened. It does not make the trail less intact.
	NotIndexed []unindexed `json:"not_indexed"`
}

type unindexed struct {
	EvidenceID string `json:"evidence_id"`
	Path       string `json:"path"`
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
		missing, err := h.NotIndexed(ctx, e.ID, index.MappingVersion)
		if err != nil {
			return err
		}
		check := trailCheck{e.ID, e.Name, v, []unindexed{}}
		for _, ev := range missing {
			check.NotIndexed = append(check.NotIndexed, unindexed{ev.ID, ev.Path})
		}
		out.Engagements = append(out.Engagements, check)
		if len(missing) > 0 {
			fmt.Fprintf(&text, "%s  %d evidence files not in the search index yet (first %s): indexed at the next search or import\n", e.ID, len(missing), missing[0].Path)
		}
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
