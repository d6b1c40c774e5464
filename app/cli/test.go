package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/export"
	"auditroom/backend/readmodel"
	"auditroom/backend/store"
)

// testCmd is `auditroom test create|list|show|set|signoff`: the tests of
// controls, through the same store calls as the Tests screen.
func testCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "test", args,
		subcommand{"create", testCreate},
		subcommand{"list", testList},
		subcommand{"show", testShow},
		subcommand{"set", testSet},
		subcommand{"signoff", testSignOff},
	)
}

func testCreate(ctx context.Context, g *globals, args []string) error {
	const cmd = "test create"
	set := g.flags(cmd)
	id := set.String("engagement", "", "engagement ID")
	var in controltest.Input
	var attrs pathFlags
	set.StringVar(&in.Control, "control", "", "the control tested")
	set.StringVar(&in.SampleID, "sample", "", "the sample tested")
	set.Var(&attrs, "attribute", `"A=text": an attribute tested on every item, in letter order (repeatable)`)
	set.StringVar(&in.Title, "title", "", "a short title")
	set.StringVar(&in.Procedure, "procedure", "", "the test procedure")
	set.StringVar(&in.Confidence, "confidence", "", "confidence to evaluate the sample at (default: the sample's plan)")
	set.StringVar(&in.Tolerable, "tolerable", "", "tolerable deviation rate (default: the sample's plan)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || in.Control == "" || in.SampleID == "" || len(attrs) == 0 {
		return usagef("%s: --engagement, --control, --sample and at least one --attribute are required", cmd)
	}
	for i, a := range attrs {
		letter, text, ok := strings.Cut(a, "=")
		if want := controltest.Letter(i); !ok || strings.ToUpper(strings.TrimSpace(letter)) != want {
			return usagef("%s: --attribute %q: give attributes in order as %s=text", cmd, a, want)
		}
		in.Attributes = append(in.Attributes, controltest.Attribute{Description: text})
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	s, err := h.Sample(ctx, *id, in.SampleID)
	if err != nil {
		return err
	}
	conf, tol := export.SampleRates(s)
	if in.Confidence == "" {
		in.Confidence = conf
	}
	if in.Tolerable == "" {
		in.Tolerable = tol
	}
	x, err := h.CreateTest(ctx, *id, g.actor, in)
	if err != nil {
		return err
	}
	return printTest(ctx, g, h, *id, x.ID, "created ")
}

func testList(ctx context.Context, g *globals, args []string) error {
	set := g.flags("test list")
	id := set.String("engagement", "", "engagement ID")
	control := set.String("control", "", "only this control's tests")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("test list: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	rows, err := readmodel.TestRows(ctx, h, *id, *control)
	if err != nil {
		return err
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s (%d)\t%d\t%s\t%s", r.ID, r.Control, r.SampleID, r.SampleSize, r.Deviations,
			signedOff(r.Preparer, r.Reviewer), oneLine(r.Conclusion)))
	}
	return g.print(struct {
		Tests []readmodel.TestRow `json:"tests"`
	}{rows}, table("no tests", "ID\tCONTROL\tSAMPLE\tDEVIATIONS\tSIGNED OFF\tCONCLUSION", lines))
}

func testShow(ctx context.Context, g *globals, args []string) error {
	set := g.flags("test show")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" || set.NArg() != 1 {
		return usagef("test show: give --engagement and one test ID, e.g. T-001")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	return printTest(ctx, g, h, *id, set.Arg(0), "")
}

func testSet(ctx context.Context, g *globals, args []string) error {
	const cmd = "test set"
	set := g.flags(cmd)
	id := set.String("engagement", "", "engagement ID")
	testID := set.String("test", "", "test ID")
	item := set.Int("item", 0, "the sample item's number, from 1")
	attr := set.String("attribute", "", "the attribute's letter")
	result := set.String("result", "", "pass, exception or na")
	note := set.String("note", "", "what was seen")
	var pin controltest.Pin
	set.StringVar(&pin.EvidenceID, "evidence", "", "evidence behind the result")
	set.IntVar(&pin.Page, "page", 0, "PDF page")
	set.StringVar(&pin.Sheet, "sheet", "", "spreadsheet sheet")
	set.IntVar(&pin.Row, "row", 0, "row")
	set.IntVar(&pin.Line, "line", 0, "line of text")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *testID == "" || *item == 0 || *attr == "" || *result == "" {
		return usagef("%s: --engagement, --test, --item, --attribute and --result are required", cmd)
	}
	res := map[string]string{"pass": controltest.Pass, "exception": controltest.Exception,
		"na": controltest.NotApplicable, "not_applicable": controltest.NotApplicable}[*result]
	if res == "" {
		return usagef("%s: --result %q must be pass, exception or na", cmd, *result)
	}
	if pin.EvidenceID == "" && pin.Locator != (audit.Locator{}) {
		return usagef("%s: --page, --sheet, --row and --line say where in the --evidence file", cmd)
	}
	*attr = strings.ToUpper(*attr)
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if pin.EvidenceID != "" { // before the result, so a wrong ID records nothing
		if _, _, err := h.Evidence(ctx, *id, pin.EvidenceID); err != nil {
			return err
		}
	}
	if _, err := h.SetCell(ctx, *id, g.actor, *testID, *item, *attr, res, *note); err != nil {
		return err
	}
	if pin.EvidenceID != "" {
		if _, err := h.PinToCell(ctx, *id, g.actor, *testID, *item, *attr, pin); err != nil {
			return err
		}
	}
	return printTest(ctx, g, h, *id, *testID, "")
}

func testSignOff(ctx context.Context, g *globals, args []string) error {
	set := g.flags("test signoff")
	id := set.String("engagement", "", "engagement ID")
	testID := set.String("test", "", "test ID")
	role := set.String("role", "", "preparer or reviewer")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *testID == "" || *role == "" {
		return usagef("test signoff: --engagement, --test and --role are required")
	}
	if *role != controltest.Preparer && *role != controltest.Reviewer {
		return usagef("test signoff: --role %q must be preparer or reviewer", *role)
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.SignOff(ctx, *id, g.actor, *testID, *role); err != nil {
		return err
	}
	return printTest(ctx, g, h, *id, *testID, "")
}

// printTest prints a test as it now stands: the grid view with --json,
// else its header, conclusion and the cells with a result.
func printTest(ctx context.Context, g *globals, h *store.Home, engID, testID, verb string) error {
	v, err := readmodel.Test(ctx, h, engID, testID)
	if err != nil {
		return err
	}
	x := v.Test
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s  %s  %s\n", verb, x.ID, x.Control, oneLine(x.Title))
	if v.Sample != nil {
		fmt.Fprintf(&b, "sample: %s (%d items)", v.Sample.ID, v.Sample.Size)
	}
	if x.Confidence != "" {
		fmt.Fprintf(&b, "; evaluated at %s confidence against %s tolerable", x.Confidence, x.Tolerable)
	}
	fmt.Fprintf(&b, "\nsigned off: %s\nconclusion: %s\n", signedOff(x.Preparer, x.Reviewer), v.Summary.Conclusion)
	for _, row := range v.Grid {
		for i, c := range row.Cells {
			if c.Result == "" {
				continue
			}
			fmt.Fprintf(&b, "  %s %s: %s", controltest.CellKey(row.Item.Number, x.Attributes[i].ID), row.Item.Key, words(c.Result))
			if c.Note != "" {
				fmt.Fprintf(&b, " (%s)", oneLine(c.Note))
			}
			for _, p := range c.Pins {
				fmt.Fprintf(&b, " [%s %s]", p.EvidenceID, p.Locator)
			}
			b.WriteString("\n")
		}
	}
	return g.print(v, b.String())
}

func signedOff(preparer, reviewer *controltest.SignOff) string {
	var by []string
	if preparer != nil {
		by = append(by, "prepared by "+preparer.Actor)
	}
	if reviewer != nil {
		by = append(by, "reviewed by "+reviewer.Actor)
	}
	if len(by) == 0 {
		return "no"
	}
	return strings.Join(by, ", ")
}
