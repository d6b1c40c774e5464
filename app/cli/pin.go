package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/backend/audit"
)

// pinCmd is `auditroom pin add|list|remove`: places in evidence files tied
// to controls and PBC requests.
func pinCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "pin", args,
		subcommand{"add", pinAdd},
		subcommand{"list", pinList},
		subcommand{"remove", pinRemove},
	)
}

func pinAdd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("pin add")
	id := set.String("engagement", "", "engagement ID")
	var p audit.Pin
	set.StringVar(&p.EvidenceID, "evidence", "", "evidence ID")
	control := set.String("control", "", "control ID")
	request := set.String("request", "", "PBC request ID")
	set.IntVar(&p.Page, "page", 0, "PDF page")
	set.StringVar(&p.Sheet, "sheet", "", "spreadsheet sheet")
	set.IntVar(&p.Row, "row", 0, "row")
	set.IntVar(&p.Line, "line", 0, "line of text")
	set.IntVar(&p.Record, "record", 0, "JSON or NDJSON record")
	set.StringVar(&p.Section, "section", "", "e-mail section: header or body")
	set.StringVar(&p.Note, "note", "", "why this place")
	if err := parse(set, args, false); err != nil {
		return err
	}
	switch {
	case *id == "" || p.EvidenceID == "":
		return usagef("pin add: --engagement and --evidence are required")
	case (*control == "") == (*request == ""):
		return usagef("pin add: give one of --control or --request")
	case *control != "":
		p.Target, p.TargetID = audit.PinControl, *control
	default:
		p.Target, p.TargetID = audit.PinRequest, *request
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	saved, err := h.Pin(ctx, *id, g.actor, p)
	if err != nil {
		return err
	}
	if saved.Target == audit.PinRequest {
		if err := reindexLinks(ctx, h, *id, saved.EvidenceID); err != nil { // the pin linked the file
			return err
		}
	}
	return g.print(saved, fmt.Sprintf("pinned %s (%s) to %s %s: pin %s\n", saved.EvidenceID, saved.Locator, saved.Target, saved.TargetID, saved.ID))
}

func pinList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("pin list")
	id := set.String("engagement", "", "engagement ID")
	evidence := set.String("evidence", "", "only this evidence file")
	control := set.String("control", "", "only pins to this control")
	request := set.String("request", "", "only pins to this request")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("pin list: --engagement is required")
	}
	if *control != "" && *request != "" {
		return usagef("pin list: give at most one of --control or --request")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.Engagement(ctx, *id); err != nil {
		return err
	}
	pins, err := h.Pins(ctx, *id, *evidence)
	if err != nil {
		return err
	}
	out := []audit.Pin{}
	for _, p := range pins {
		if (*control == "" || p.Target == audit.PinControl && p.TargetID == *control) &&
			(*request == "" || p.Target == audit.PinRequest && p.TargetID == *request) {
			out = append(out, p)
		}
	}
	var b strings.Builder
	for _, p := range out {
		fmt.Fprintf(&b, "%s  %s  %s  %s %s", p.ID, p.EvidenceID, p.Locator, p.Target, p.TargetID)
		if p.Note != "" {
			fmt.Fprintf(&b, "  %q", p.Note)
		}
		b.WriteByte('\n')
	}
	if len(out) == 0 {
		b.WriteString("no pins\n")
	}
	return g.print(out, b.String())
}

func pinRemove(ctx context.Context, g *globals, args []string) error {
	set := g.flags("pin remove")
	id := set.String("engagement", "", "engagement ID")
	evidence := set.String("evidence", "", "evidence ID")
	pin := set.String("pin", "", "pin ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *evidence == "" || *pin == "" {
		return usagef("pin remove: --engagement, --evidence and --pin are required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.Unpin(ctx, *id, g.actor, *evidence, *pin); err != nil {
		return err
	}
	return g.print(map[string]string{"removed": *pin}, "removed pin "+*pin+"\n")
}
