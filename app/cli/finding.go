package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"auditroom/app"
	"auditroom/backend/deficiency"
	"auditroom/backend/extract"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
	"auditroom/backend/packet"
	"auditroom/backend/readmodel"
	"auditroom/backend/store"
	"auditroom/backend/worker"
)

// findingCmd is `auditroom finding create|submit|return|issue|finalise|
// list|show|respond|evaluate`.
func findingCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "finding", args,
		subcommand{"create", findingCreate},
		subcommand{"submit", findingMove(findings.InReview)},
		subcommand{"return", findingMove(findings.Draft)},
		subcommand{"issue", findingMove(findings.Issued)},
		subcommand{"finalise", findingMove(findings.Final)},
		subcommand{"list", findingList},
		subcommand{"show", findingShow},
		subcommand{"respond", findingRespond},
		subcommand{"evaluate", withoutContext(findingEvaluate)},
	)
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
	list, err := readmodel.Findings(ctx, h, *id, readmodel.FindingFilter{Status: *status})
	if err != nil {
		return err
	}
	out := list.Findings
	var lines []string
	for _, f := range out {
		resp := "-"
		if f.Response != nil {
			resp = words(string(f.Response.Position))
		}
		status := words(string(f.Status))
		if f.ChangedSinceIssue {
			status += " (changed since)"
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", f.ID, status, classLabel(f.Finding), strings.Join(f.Criteria, ","), resp, oneLine(f.Title)))
	}
	return g.print(struct {
		Findings []readmodel.Finding `json:"findings"`
	}{out}, table("no findings", "ID\tSTATUS\tCLASSIFICATION\tCRITERIA\tRESPONSE\tTITLE", lines))
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
	out, err := readmodel.FindingWithResponse(ctx, h, *id, set.Arg(0))
	if err != nil {
		return err
	}
	f, r := out.Finding, out.Response
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
		if out.Stale {
			fmt.Fprintf(&b, "the response answers version %s, not the current one\n", r.FindingVersion[:12])
		}
		for _, e := range out.Evidence {
			source := ""
			for _, p := range e.Provenance {
				if p.Source != "" {
					source = ", " + p.Source
				}
			}
			fmt.Fprintf(&b, "evidence: %s  %s (sha256 %s%s)\n", e.Evidence.ID, e.Evidence.Name, e.Evidence.SHA256, source)
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

func findingCreate(ctx context.Context, g *globals, args []string) error {
	const cmd = "finding create"
	set := g.flags(cmd)
	id := set.String("engagement", "", "engagement ID")
	var in findings.Input
	var exceptions pathFlags
	title := set.String("title", "", "the finding's title")
	control := set.String("control", "", "the deficient control")
	criteria := set.String("criteria", "", "comma-separated criteria not met, e.g. CC8.1")
	condition := set.String("condition", "", "what was found")
	criterion := set.String("criterion-text", "", "what should have been: the policy or criterion")
	cause := set.String("cause", "", "why it happened")
	effect := set.String("effect", "", "what it leads to")
	recommendation := set.String("recommendation", "", "what to do")
	set.StringVar(&in.Owner, "owner", "", "who in management answers for it")
	set.Var(&exceptions, "exception", "TEST:ITEM:ATTRIBUTE, e.g. T-001:3:B: an exception the finding reports (repeatable)")
	template := set.String("template", "", "start from a template (its texts fill what is not given)")
	var d deficiency.Deficiency
	kind := set.String("kind", "operating", "design or operating")
	set.StringVar((*string)(&d.Likelihood), "likelihood", "", "remote, reasonably_possible or probable (with --magnitude, evaluates it)")
	set.StringVar((*string)(&d.Magnitude), "magnitude", "", "inconsequential, more_than_inconsequential or material")
	set.BoolVar(&d.Pervasive, "pervasive", false, "the failure is not confined to the criteria named")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || (*title == "" && *template == "") {
		return usagef("%s: --engagement and --title (or --template) are required", cmd)
	}
	if (d.Likelihood == "") != (d.Magnitude == "") {
		return usagef("%s: give --likelihood and --magnitude together", cmd)
	}
	for _, x := range exceptions {
		parts := strings.Split(x, ":")
		n, err := strconv.Atoi(strings.TrimSpace(parts[min(1, len(parts)-1)]))
		if len(parts) != 3 || err != nil || n < 1 {
			return usagef("%s: --exception %q must be TEST:ITEM:ATTRIBUTE, e.g. T-001:3:B", cmd, x)
		}
		in.Exceptions = append(in.Exceptions, findings.ExceptionRef{TestID: parts[0], Item: n, Attribute: parts[2]})
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if *template != "" {
		e, err := h.Engagement(ctx, *id)
		if err != nil {
			return err
		}
		t, err := findings.FromTemplate(*template, e.Categories)
		if err != nil {
			return err
		}
		t.Owner, t.Exceptions = in.Owner, in.Exceptions
		in = t
	}
	for _, f := range []struct {
		to  *string
		val string
	}{{&in.Title, *title}, {&in.Condition, *condition}, {&in.CriterionText, *criterion}, {&in.Cause, *cause},
		{&in.Effect, *effect}, {&in.Recommendation, *recommendation}} {
		if f.val != "" {
			*f.to = f.val
		}
	}
	if *criteria != "" {
		in.Criteria = list(*criteria)
	}
	if *control != "" {
		in.Controls = []string{*control}
	}
	if d.Likelihood != "" {
		d.Control, d.Criteria, d.Kind = *control, in.Criteria, deficiency.Kind(*kind)
		in.Evaluation = &deficiency.Input{Deficiency: d}
	}
	f, err := h.CreateFinding(ctx, *id, g.actor, in)
	if err != nil {
		return err
	}
	return g.print(f, fmt.Sprintf("created %s (%s, %s)  %s\n", f.ID, words(string(f.Status)), classLabel(f), oneLine(f.Title)))
}

// findingMove is `auditroom finding submit|return|issue|finalise`: one step
// of the workflow. Issuing is the reviewer's: whoever issues a finding in
// review signs it off first, and must not be its preparer.
func findingMove(to findings.Status) func(context.Context, *globals, []string) error {
	verb := map[findings.Status]string{findings.InReview: "submit", findings.Draft: "return",
		findings.Issued: "issue", findings.Final: "finalise"}[to]
	return func(ctx context.Context, g *globals, args []string) error {
		cmd := "finding " + verb
		set := g.flags(cmd)
		id := set.String("engagement", "", "engagement ID")
		fid := set.String("finding", "", "finding ID, e.g. F-001")
		comment := set.String("comment", "", "why: returning, and finalising without a response, need one")
		if err := parse(set, args, false); err != nil {
			return err
		}
		if *id == "" || *fid == "" {
			return usagef("%s: --engagement and --finding are required", cmd)
		}
		h, err := g.open(ctx, false)
		if err != nil {
			return err
		}
		defer h.Close()
		if to == findings.Issued {
			f, _, err := h.Finding(ctx, *id, *fid)
			if err != nil {
				return err
			}
			if f.Status == findings.InReview && (f.Reviewer == nil || f.Reviewer.Version != f.Version) {
				if _, err := h.SignOffFinding(ctx, *id, g.actor, *fid); err != nil {
					return err
				}
			}
		}
		f, err := h.MoveFinding(ctx, *id, g.actor, *fid, to, *comment)
		if err != nil {
			return err
		}
		return g.print(f, fmt.Sprintf("%s is %s\n", f.ID, words(string(f.Status))))
	}
}

func classLabel(f findings.Finding) string {
	if f.Classification == "" {
		return "not evaluated"
	}
	return f.Classification.Label()
}
