package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"auditroom/app"
	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
	"auditroom/backend/packet"
	"auditroom/backend/store"
	"auditroom/backend/worker"
)

// findingCmd is `auditroom finding list|show|respond|evaluate`.
func findingCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "finding", args,
		subcommand{"list", findingList},
		subcommand{"show", findingShow},
		subcommand{"respond", findingRespond},
		subcommand{"evaluate", withoutContext(findingEvaluate)},
	)
}

// listedFinding is a finding with its response, as --json prints it.
type listedFinding struct {
	findings.Finding
	Response *findings.Response `json:"response"`
}

func findingList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("finding list")
	id := set.String("engagement", "", "engagement ID")
	status := set.String("status", "", "only findings with this status")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("finding list: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	all, err := h.Findings(ctx, *id)
	if err != nil {
		return err
	}
	responses, err := h.Responses(ctx, *id)
	if err != nil {
		return err
	}
	out := []listedFinding{}
	for _, f := range all {
		if *status != "" && string(f.Status) != *status {
			continue
		}
		lf := listedFinding{Finding: f}
		for _, r := range responses {
			if r.FindingID == f.ID {
				lf.Response = &r
			}
		}
		out = append(out, lf)
	}
	var b strings.Builder
	if len(out) == 0 {
		b.WriteString("no findings\n")
	} else {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tCLASSIFICATION\tCRITERIA\tRESPONSE\tTITLE")
		for _, f := range out {
			resp := "-"
			if f.Response != nil {
				resp = words(string(f.Response.Position))
			}
			class := "not evaluated"
			if f.Classification != "" {
				class = f.Classification.Label()
			}
			status := words(string(f.Status))
			if f.ChangedSinceIssue {
				status += " (changed since)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.ID, status, class, strings.Join(f.Criteria, ","), resp, oneLine(f.Title))
		}
		tw.Flush()
	}
	return g.print(struct {
		Findings []listedFinding `json:"findings"`
	}{out}, b.String())
}

// shownFinding is one finding, its response and the chain of custody of
// the files sent with the response.
type shownFinding struct {
	Finding  findings.Finding   `json:"finding"`
	Response *findings.Response `json:"response"`
	Evidence []shownEvidence    `json:"evidence"`
}

type shownEvidence struct {
	Evidence   audit.Evidence     `json:"evidence"`
	Provenance []audit.Provenance `json:"provenance"`
}

func findingShow(ctx context.Context, g *globals, args []string) error {
	set := g.flags("finding show")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" || set.NArg() != 1 {
		return usagef("finding show: give --engagement and one finding ID, e.g. F-001")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	f, r, err := h.Finding(ctx, *id, set.Arg(0))
	if err != nil {
		return err
	}
	out := shownFinding{Finding: f, Response: r, Evidence: []shownEvidence{}}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", f.ID, oneLine(f.Title))
	fmt.Fprintf(&b, "status: %s; version %s", words(string(f.Status)), f.Version[:12])
	if f.ChangedSinceIssue {
		fmt.Fprintf(&b, " (changed since issued version %s)", f.IssuedVersion[:12])
	}
	fmt.Fprintf(&b, "\ncriteria: %s\nclassification: %s\n", strings.Join(f.Criteria, ", "), f.Classification.Label())
	for _, s := range []struct{ name, text string }{{"condition", f.Condition}, {"cause", f.Cause}, {"effect", f.Effect}, {"recommendation", f.Recommendation}} {
		if s.text != "" {
			fmt.Fprintf(&b, "%s: %s\n", s.name, s.text)
		}
	}
	if r == nil {
		b.WriteString("response: none yet\n")
	} else {
		fmt.Fprintf(&b, "response (%s, %s): %s\n", words(string(r.Position)), r.Responder, r.Text)
		if r.CorrectiveAction != "" {
			fmt.Fprintf(&b, "corrective action: %s (%s, by %s)\n", r.CorrectiveAction, r.Owner, r.TargetDate)
		}
		if r.FindingVersion != f.Version {
			fmt.Fprintf(&b, "the response answers version %s, not the current one\n", r.FindingVersion[:12])
		}
		for _, e := range r.Evidence {
			ev, provs, err := h.Evidence(ctx, *id, e.EvidenceID)
			if err != nil {
				return err
			}
			out.Evidence = append(out.Evidence, shownEvidence{ev, provs})
			source := ""
			for _, p := range provs {
				if p.Source != "" {
					source = ", " + p.Source
				}
			}
			fmt.Fprintf(&b, "evidence: %s  %s (sha256 %s%s)\n", ev.ID, ev.Name, ev.SHA256, source)
		}
	}
	return g.print(out, b.String())
}

func findingRespond(ctx context.Context, g *globals, args []string) error {
	set := g.flags("finding respond")
	id := set.String("engagement", "", "responder copy's engagement ID")
	var a findings.Answer
	var files pathFlags
	set.StringVar(&a.FindingID, "finding", "", "finding ID, e.g. F-001")
	position := set.String("position", "", "agree, partially_agree or disagree")
	set.StringVar(&a.Text, "text", "", "the response")
	set.StringVar(&a.CorrectiveAction, "action", "", "the corrective action planned")
	set.StringVar(&a.Owner, "owner", "", "who carries the action out")
	set.StringVar(&a.TargetDate, "target-date", "", "YYYY-MM-DD")
	set.StringVar(&a.Responder, "responder", "", "the name of the person responding")
	set.Var(&files, "evidence", "a file to send with the response (repeatable)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || a.FindingID == "" || *position == "" {
		return usagef("finding respond: --engagement, --finding and --position are required")
	}
	a.Position = findings.Position(strings.ReplaceAll(*position, "-", "_"))
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	im, done, err := importer(ctx, g, h, *id)
	if err != nil {
		return err
	}
	defer done()
	r, err := packet.Respond(ctx, h, *id, a, files, im)
	if err != nil {
		return err
	}
	return g.print(r, fmt.Sprintf("response to %s saved (%s, %d files); export it with auditroom packet export\n", r.FindingID, words(string(r.Position)), len(r.Evidence)))
}

// importer imports evidence that arrives with a response with parser
// processes and into the engagement's index, both started only if needed;
// done stops them.
func importer(ctx context.Context, g *globals, h *store.Home, engID string) (packet.Importer, func(), error) {
	cmd, err := app.WorkerCommand()
	if err != nil {
		return packet.Importer{}, nil, err
	}
	pool := worker.NewPool(cmd, 0, extract.Options{Tesseract: app.Tesseract()})
	im := packet.Importer{Actor: g.actor, Extractor: pool}
	var closeIndex func() error
	im.Index = func(ctx context.Context) (*index.Index, error) {
		ix, err := ingest.OpenIndex(ctx, h, engID)
		if err == nil {
			closeIndex = ix.Close
		}
		return ix, err
	}
	return im, func() {
		pool.Close()
		if closeIndex != nil {
			closeIndex()
		}
	}, nil
}

// pathFlags collects a repeated flag naming files.
type pathFlags []string

func (p *pathFlags) String() string     { return strings.Join(*p, ",") }
func (p *pathFlags) Set(v string) error { *p = append(*p, v); return nil }

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
