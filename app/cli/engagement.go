package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/app"
	"auditroom/backend/audit"
	"auditroom/backend/store"
)

func engagementCreate(ctx context.Context, g *globals, args []string) error {
	set := g.flags("engagement create")
	var in app.EngagementInput
	var categories string
	set.StringVar(&in.Name, "name", "", "engagement name")
	set.StringVar(&in.Client, "client", "", "client (the organisation under audit)")
	set.StringVar(&in.Type, "type", "", "type1 or type2")
	set.StringVar(&in.PeriodStart, "period-start", "", "YYYY-MM-DD")
	set.StringVar(&in.PeriodEnd, "period-end", "", "YYYY-MM-DD")
	set.StringVar(&in.DateOrder, "date-order", "dmy", "dmy or mdy: how 03-04-2026 in evidence names reads")
	set.StringVar(&categories, "categories", "security", "comma-separated Trust Services categories")
	if err := parse(set, args, false); err != nil {
		return err
	}
	for _, req := range []struct{ flag, val string }{{"name", in.Name}, {"client", in.Client}, {"type", in.Type}, {"period-start", in.PeriodStart}} {
		if req.val == "" {
			return usagef("engagement create: --%s is required", req.flag)
		}
	}
	for _, c := range strings.Split(categories, ",") {
		if c = strings.TrimSpace(c); c != "" {
			in.Categories = append(in.Categories, c)
		}
	}
	// Validate before asking for a passphrase or creating a store.
	e := in.Engagement()
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	h, err := g.open(ctx, true)
	if err != nil {
		return err
	}
	defer h.Close()
	created, err := h.CreateEngagement(ctx, g.actor, in.Engagement())
	if err != nil {
		return err
	}
	return g.print(created, fmt.Sprintf("created %s  %s\n", created.ID, created.Name))
}

func engagementList(ctx context.Context, g *globals, args []string) error {
	if err := parse(g.flags("engagement list"), args, false); err != nil {
		return err
	}
	dir, err := g.dataDir()
	if err != nil {
		return err
	}
	list := []audit.Engagement{}
	if store.Initialized(dir) {
		h, err := g.open(ctx, false)
		if err != nil {
			return err
		}
		defer h.Close()
		if list, err = h.Engagements(ctx); err != nil {
			return err
		}
	}
	var lines []string
	for _, e := range list {
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s\t%s to %s", e.ID, e.Name, e.Client, e.Type, e.PeriodStart, e.PeriodEnd))
	}
	return g.print(struct {
		Engagements []audit.Engagement `json:"engagements"`
	}{list}, table("no engagements yet: create one with auditroom engagement create", "ID\tNAME\tCLIENT\tTYPE\tPERIOD", lines))
}
