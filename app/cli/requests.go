package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"auditroom/app"
	"auditroom/backend/ingest"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// requestsCmd is `auditroom requests import|list|link|unlink`: the PBC list
// and the evidence that answers it.
func requestsCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "requests", args,
		subcommand{"import", func(ctx context.Context, g *globals, args []string) error {
			return scopeImport(ctx, g, scope.RequestsImport, args)
		}},
		subcommand{"list", requestsList},
		subcommand{"link", func(ctx context.Context, g *globals, args []string) error { return requestLink(ctx, g, args, true) }},
		subcommand{"unlink", func(ctx context.Context, g *globals, args []string) error { return requestLink(ctx, g, args, false) }},
	)
}

// requestRow is one request as `requests list --json` prints it.
type requestRow struct {
	scope.Request
	EvidenceCount int `json:"evidence_count"`
}

func requestsList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("requests list")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("requests list: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	rs, err := h.Requests(ctx, *id)
	if err != nil {
		return err
	}
	rows := make([]requestRow, len(rs))
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for i, r := range rs {
		rows[i] = requestRow{Request: r, EvidenceCount: len(r.Evidence)}
		fmt.Fprintf(tw, "%s\t%s\t%d linked\t%s\t%s\n", r.ID, r.Status, len(r.Evidence), r.Due, r.Description)
	}
	tw.Flush()
	if len(rs) == 0 {
		b.WriteString("no requests\n")
	}
	return g.print(rows, b.String())
}

func requestLink(ctx context.Context, g *globals, args []string, link bool) error {
	name := "requests link"
	if !link {
		name = "requests unlink"
	}
	set := g.flags(name)
	id := set.String("engagement", "", "engagement ID")
	request := set.String("request", "", "PBC request ID")
	evidence := set.String("evidence", "", "evidence ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *request == "" || *evidence == "" {
		return usagef("%s: --engagement, --request and --evidence are required", name)
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	change, verb := h.LinkEvidenceToRequest, "linked %s to %s: %s, %d linked\n"
	if !link {
		change, verb = h.UnlinkEvidenceFromRequest, "unlinked %s from %s: %s, %d linked\n"
	}
	r, err := change(ctx, *id, *request, *evidence, app.CurrentUser())
	if err != nil {
		return err
	}
	if err := reindexLinks(ctx, h, *id, *evidence); err != nil {
		return err
	}
	return g.print(requestRow{Request: r, EvidenceCount: len(r.Evidence)}, fmt.Sprintf(verb, *evidence, r.ID, r.Status, len(r.Evidence)))
}

// reindexLinks brings one file's index documents up to date after its
// requests or controls changed, for search's request: and control: filters.
func reindexLinks(ctx context.Context, h *store.Home, engID, evidenceID string) error {
	ix, err := ingest.OpenIndex(ctx, h, engID)
	if err != nil {
		return err
	}
	defer ix.Close()
	return ingest.ReindexEvidence(ctx, h, engID, ix, evidenceID)
}
