package cli

import (
	"context"
	"fmt"
	"math"
	"strings"

	"auditroom/app"
	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// evidenceCmd is `auditroom evidence list|show|link|unlink`: the stored
// evidence files, their links, pins and chain of custody.
func evidenceCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "evidence", args,
		subcommand{"list", evidenceList},
		subcommand{"show", evidenceShow},
		subcommand{"link", func(ctx context.Context, g *globals, args []string) error { return controlLink(ctx, g, args, true) }},
		subcommand{"unlink", func(ctx context.Context, g *globals, args []string) error { return controlLink(ctx, g, args, false) }},
	)
}

// controlLinkRow is what `evidence link|unlink --json` prints: the file,
// the control changed and every control the file is linked to now.
type controlLinkRow struct {
	Evidence string   `json:"evidence"`
	Control  string   `json:"control"`
	Controls []string `json:"controls"`
}

func controlLink(ctx context.Context, g *globals, args []string, link bool) error {
	name := "evidence link"
	if !link {
		name = "evidence unlink"
	}
	set := g.flags(name)
	id := set.String("engagement", "", "engagement ID")
	evidence := set.String("evidence", "", "evidence ID")
	control := set.String("control", "", "control ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *evidence == "" || *control == "" {
		return usagef("%s: --engagement, --evidence and --control are required", name)
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	change, verb := h.LinkEvidenceToControl, "linked %s to %s; controls %s\n"
	if !link {
		change, verb = h.UnlinkEvidenceFromControl, "unlinked %s from %s; controls %s\n"
	}
	ev, err := change(ctx, *id, *control, *evidence, app.CurrentUser())
	if err != nil {
		return err
	}
	if err := reindexLinks(ctx, h, *id, ev.ID); err != nil {
		return err
	}
	row := controlLinkRow{Evidence: ev.ID, Control: strings.TrimSpace(*control), Controls: nonNil(ev.Controls)}
	return g.print(row, fmt.Sprintf(verb, ev.ID, row.Control, listOrNone(row.Controls)))
}

func evidenceList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("evidence list")
	id := set.String("engagement", "", "engagement ID")
	var f store.EvidenceFilter
	set.StringVar(&f.Request, "request", "", "only evidence linked to this PBC request")
	set.StringVar(&f.Control, "control", "", "only evidence naming this control")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("evidence list: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.Engagement(ctx, *id); err != nil {
		return err
	}
	f.Limit = math.MaxInt32
	items, _, err := h.EvidenceList(ctx, *id, f)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, e := range items {
		fmt.Fprintf(&b, "%s  %-8s  %-10s  %s", e.ID, e.Type, e.AsOf, e.Path)
		if len(e.Requests) > 0 {
			fmt.Fprintf(&b, "  [%s]", strings.Join(e.Requests, ", "))
		}
		b.WriteByte('\n')
	}
	if len(items) == 0 {
		b.WriteString("no evidence\n")
	}
	return g.print(items, b.String())
}

// evidenceDetail is what `evidence show --json` prints. Requests and
// controls are repeated outside the record so that they are there, empty,
// when the file is linked to nothing.
type evidenceDetail struct {
	Evidence   audit.Evidence     `json:"evidence"`
	Requests   []string           `json:"requests"`
	Controls   []string           `json:"controls"`
	Pins       []audit.Pin        `json:"pins"`
	Provenance []audit.Provenance `json:"provenance"`
}

func evidenceShow(ctx context.Context, g *globals, args []string) error {
	set := g.flags("evidence show")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" || set.NArg() != 1 {
		return usagef("evidence show: --engagement and one evidence ID are required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	ev, provs, err := h.Evidence(ctx, *id, set.Arg(0))
	if err != nil {
		return err
	}
	pins, err := h.Pins(ctx, *id, ev.ID)
	if err != nil {
		return err
	}
	d := evidenceDetail{Evidence: ev, Requests: nonNil(ev.Requests), Controls: nonNil(ev.Controls), Pins: nonNil(pins), Provenance: nonNil(provs)}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", ev.ID, ev.Path)
	fmt.Fprintf(&b, "type      %s, %d bytes, %s\n", ev.Type, ev.Size, ev.Status)
	fmt.Fprintf(&b, "sha256    %s\n", ev.SHA256)
	if ev.AsOf != "" {
		fmt.Fprintf(&b, "as of     %s (%s)\n", ev.AsOf, ev.AsOfSource)
	}
	fmt.Fprintf(&b, "requests  %s\n", listOrNone(d.Requests))
	fmt.Fprintf(&b, "controls  %s\n", listOrNone(d.Controls))
	for _, p := range d.Pins {
		fmt.Fprintf(&b, "pin       %s  %s  %s %s\n", p.ID, p.Locator, p.Target, p.TargetID)
	}
	for _, p := range d.Provenance {
		fmt.Fprintf(&b, "copy      %s: %s, imported by %s at %s\n", p.Pack, p.Path, p.ImportedBy, p.ImportedAt.Format("2006-01-02 15:04"))
	}
	return g.print(d, b.String())
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
