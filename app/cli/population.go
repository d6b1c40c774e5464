package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"auditroom/backend/audit"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

func populationCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "population", args,
		subcommand{"create", populationCreate},
		subcommand{"list", populationList},
	)
}

// populationCreate is `auditroom population create`.
func populationCreate(ctx context.Context, g *globals, args []string) error {
	set := g.flags("population create")
	id := set.String("engagement", "", "engagement ID")
	var opt population.Options
	set.StringVar(&opt.EvidenceID, "evidence", "", "evidence ID of the CSV or XLSX file")
	set.StringVar(&opt.Sheet, "sheet", "", "worksheet of a workbook (default: the first)")
	set.IntVar(&opt.HeaderRow, "header-row", 1, "row holding the column headers")
	set.StringVar(&opt.Key, "key", "", "column identifying each row: header or letter")
	set.StringVar(&opt.Date, "date", "", "column of each row's date (default: the column proposed from names and how many rows it dates)")
	set.StringVar(&opt.Amount, "amount", "", "column of amounts (for monetary-unit samples)")
	set.StringVar(&opt.Stratum, "stratum", "", "column to stratify by")
	set.StringVar(&opt.Name, "name", "", "name of the population (default: the file's)")
	set.StringVar(&opt.DateOrder, "date-order", "", "dmy or mdy, for dates such as 03/04/2026 (default: from the file)")
	stated := set.Int("stated-count", -1, "the row count the client stated")
	set.Func("filter", `keep only rows where COL=V, COL!=V, "COL in (A,B)" or "COL between YYYY-MM-DD..YYYY-MM-DD" (repeatable)`,
		func(v string) error { opt.Filters = append(opt.Filters, v); return nil })
	set.StringVar(&opt.Control, "control", "", "the control the population is for: its frequency is the gap check's")
	set.StringVar(&opt.Frequency, "frequency", "", "the control's frequency, for the gap check, over the control's own: annual … multiple-daily, as-needed")
	set.BoolVar(&opt.BusinessDays, "business-days", false, "the control operates Monday to Friday: weekends are not gaps")
	if err := parse(set, args, false); err != nil {
		return err
	}
	for _, req := range []struct{ flag, val string }{{"engagement", *id}, {"evidence", opt.EvidenceID}, {"key", opt.Key}} {
		if req.val == "" {
			return usagef("population create: --%s is required", req.flag)
		}
	}
	if *stated >= 0 {
		opt.StatedCount = stated
	}
	opt.Normalize()
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if opt.Date == "" {
		pv, err := h.PreviewPopulation(ctx, *id, opt.EvidenceID, opt.Sheet, opt.HeaderRow)
		if err != nil {
			return err
		}
		if pv.DateColumn == nil {
			return audit.Errorf(audit.EINVALID, "no column of the evidence's first rows reads as dates: name the date column with --date")
		}
		opt.Date = pv.DateColumn.Letter
		if !g.json {
			fmt.Fprintf(g.env.Stderr, "date column %s (%s); choose another with --date\n", pv.DateColumn.Letter, pv.DateColumn.Reason)
		}
	}
	if err := opt.Validate(); err != nil {
		return err
	}
	last := int64(-1)
	p, err := h.CreatePopulation(ctx, *id, g.actor, opt, func(done, total int64) {
		// A line every tenth of the file on stderr, so a long read shows it is alive.
		if g.json || total <= 0 {
			return
		}
		if step := done * 10 / total; step > last {
			last = step
			fmt.Fprintf(g.env.Stderr, "read %d of %d MB\n", done>>20, total>>20)
		}
	})
	if err != nil {
		return err
	}
	return g.print(p, populationText(p))
}

func populationText(p population.Population) string {
	var b strings.Builder
	where := p.File
	if p.Sheet != "" {
		where += ", sheet " + p.Sheet
	}
	fmt.Fprintf(&b, "created %s  %s: %d rows from %s (header row %d)\n", p.ID, p.Name, p.Rows, where, p.HeaderRow)
	fmt.Fprintf(&b, "population hash %s\nsource sha256   %s\n", p.Hash, p.SourceSHA256)
	for _, f := range p.FilterTexts() {
		fmt.Fprintf(&b, "filter %s\n", f)
	}
	if p.Excluded > 0 {
		fmt.Fprintf(&b, "the filters left out %d rows of the file\n", p.Excluded)
	}
	if p.Checks.FirstDate != "" {
		fmt.Fprintf(&b, "dated %s to %s; period %s to %s\n", p.Checks.FirstDate, p.Checks.LastDate, p.Checks.Period.Start, p.Checks.Period.End)
	}
	fmt.Fprintf(&b, "gap check frequency %s\n", p.FrequencyText())
	if p.Checks.AmountTotal != nil {
		fmt.Fprintf(&b, "amounts total %s\n", p.Checks.AmountTotal)
	}
	b.WriteString("checks:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, c := range p.Checks.Items {
		mark := "ok"
		if !c.OK {
			mark = "CHECK"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, c.ID, c.Message)
		for _, e := range c.Examples {
			fmt.Fprintf(tw, "  \t\t  %s\n", exampleText(e))
		}
	}
	tw.Flush()
	return b.String()
}

func exampleText(e population.Example) string {
	switch {
	case e.Days > 0:
		return fmt.Sprintf("%s to %s (%d days)", e.From, e.To, e.Days)
	case e.FirstRow > 0:
		return fmt.Sprintf("row %d: %s, first on row %d", e.Row, e.Key, e.FirstRow)
	case e.Reason != "":
		return fmt.Sprintf("row %d: %q (%s)", e.Row, e.Value, e.Reason)
	case e.Value != "":
		return fmt.Sprintf("row %d: %s %s", e.Row, e.Key, e.Value)
	}
	return fmt.Sprintf("row %d", e.Row)
}

// populationList is `auditroom population list`.
func populationList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("population list")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("population list: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	list, err := h.Populations(ctx, *id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []population.Population{}
	}
	var b strings.Builder
	if len(list) == 0 {
		b.WriteString("no populations yet: create one with auditroom population create\n")
	} else {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROWS\tFILE\tHASH\tCHECKS")
		for _, p := range list {
			flagged := 0
			for _, c := range p.Checks.Items {
				if !c.OK {
					flagged++
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s…\t%d of %d to look at\n", p.ID, p.Name, p.Rows, p.File, p.Hash[:12], flagged, len(p.Checks.Items))
		}
		tw.Flush()
	}
	return g.print(struct {
		Populations []population.Population `json:"populations"`
	}{list}, b.String())
}

// sampleDraw is `auditroom sample draw`.
func sampleDraw(ctx context.Context, g *globals, args []string) error {
	set := g.flags("sample draw")
	id := set.String("engagement", "", "engagement ID")
	pop := set.String("population", "", "population ID")
	size := set.Int("size", 0, sizeHelp())
	seed := set.String("seed", "", "seed: any number or word; the same seed redraws the same sample")
	method := set.String("method", "random", strings.Join(selection.SeededNames(), ", "))
	var plan sampling.PlanInput
	set.StringVar(&plan.Frequency, "frequency", "", "size by the frequency table: annual|quarterly|monthly|weekly|daily|multiple-daily")
	set.StringVar(&plan.Risk, "risk", "", "with --frequency: lower|higher (default higher)")
	set.BoolVar(&plan.ProRate, "pro-rate", false, "with --frequency: pro-rate by the engagement's period when shorter than 12 months")
	set.StringVar(&plan.Confidence, "confidence", "", "size statistically: confidence, e.g. 95%")
	set.StringVar(&plan.Tolerable, "tolerable", "", "with --confidence: tolerable deviation rate, e.g. 5%")
	set.StringVar(&plan.ExpectedRate, "expected-rate", "", "with --confidence: expected deviation rate (default 0)")
	set.BoolVar(&plan.FinitePopulation, "finite-population", false, "with --confidence: size for the population's row count (hypergeometric)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	var planned *sampling.PlanInput
	if plan != (sampling.PlanInput{}) {
		planned = &plan
	}
	for _, req := range []struct{ flag, val string }{{"engagement", *id}, {"population", *pop}, {"seed", *seed}} {
		if req.val == "" {
			return usagef("sample draw: --%s is required", req.flag)
		}
	}
	if *size < 0 || (*size == 0 && planned == nil) {
		return usagef("sample draw: give --size (items above 0), or --frequency or --confidence and --tolerable to size it by a plan")
	}
	m, err := selection.ParseMethod(*method)
	if err != nil {
		return err
	}
	if spec, _ := selection.Lookup(m); !spec.Seeded() {
		return usagef("sample draw: a %s sample is picked item by item in the app, each with its reason", strings.ToLower(spec.Label))
	}
	if err := selection.ValidateSeed(*seed); err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	s, err := h.DrawSample(ctx, *id, g.actor, *pop, store.SampleRequest{Method: m, Size: *size, Seed: *seed, Plan: planned})
	if err != nil {
		return err
	}
	return g.print(s, sampleText(s))
}

// sizeHelp is the --size flag's help: what n counts for each method.
func sizeHelp() string {
	var parts []string
	for _, spec := range selection.Methods {
		if p, ok := spec.Param(selection.ParamSize); ok {
			parts = append(parts, string(spec.Name)+": "+strings.ToLower(p.Label))
		}
	}
	return "the n of --method (" + strings.Join(parts, "; ") + ")"
}

// methodUsage is the usage text's choice of --method.
func methodUsage() string { return strings.Join(selection.SeededNames(), "|") }

func sampleText(s selection.Sample) string {
	var b strings.Builder
	fmt.Fprintf(&b, "drew %s: %d items from %s (population hash %s)\n", s.ID, len(s.Items), s.PopulationID, s.PopulationHash)
	fmt.Fprintf(&b, "method %s, algorithm %s, seed %q\n", s.Method, s.Algorithm, s.Seed)
	if s.Plan != nil {
		fmt.Fprintf(&b, "why this size: %s\n", s.Plan.Rationale)
	}
	if line := selection.Summary(s.Draw); line != "" {
		fmt.Fprintln(&b, line)
	}
	for _, a := range s.Allocation {
		fmt.Fprintf(&b, "stratum %q: %d of %d rows\n", a.Stratum, a.Items, a.Rows)
	}
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SAMPLE\tINDEX\tROW\tKEY")
	for _, it := range s.Items {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\n", it.Number, it.Index, it.Row, it.Key)
	}
	tw.Flush()
	return b.String()
}
