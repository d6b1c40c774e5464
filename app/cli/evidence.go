package cli

import (
	"context"
	"fmt"
	"math"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// evidenceCmd is `auditroom evidence list|show`: the stored evidence files,
// their links, pins and chain of custody.
func evidenceCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "evidence", args,
		subcommand{"list", evidenceList},
		subcommand{"show", evidenceShow},
	)
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
