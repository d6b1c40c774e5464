package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/scope"
)

// The register read from real tests in a real store: exceptions with their
// sample item, attribute, note and pinned evidence; each test at its own
// rates or, setting none, at the defaults.
func TestExceptionsRegister(t *testing.T) {
	a, e := unlocked(t)
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var csv strings.Builder
	csv.WriteString("Ticket,Deployed\n")
	for i := range 80 {
		fmt.Fprintf(&csv, "CHG-%03d,2026-%02d-%02d\n", i, i%12+1, i%28+1)
	}
	ev := storeCSV(t, a, e.ID, "tickets.csv", csv.String())
	for _, c := range []scope.Control{
		{ID: "CM-01", Title: "Changes approved", Criteria: []string{"CC8.1"}},
		{ID: "AC-02", Title: "Leavers removed", Criteria: []string{"CC6.2", "CC6.3"}},
		{ID: "AC-03", Title: "Access reviewed", Criteria: []string{"CC6.2"}},
		{ID: "OP-01", Title: "Backups tested", Criteria: []string{"CC7.5"}},
	} {
		if _, err := a.Scope.SaveControl(e.ID, c, true); err != nil {
			t.Fatal(err)
		}
	}
	pop, err := h.CreatePopulation(ctx, e.ID, "tester", population.Options{EvidenceID: ev.ID, Key: "Ticket", Date: "Deployed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sample := func(size int, seed string) string {
		s, err := a.Testing.DrawSample(e.ID, pop.ID, SampleInput{Size: size, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	// test records every cell, with exceptions where asked, and returns its view.
	test := func(in controltest.Input, exceptions map[int]string) TestView {
		v, err := a.Testing.CreateTest(e.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range v.Grid {
			for _, attr := range v.Test.Attributes {
				result, note := controltest.Pass, ""
				if a, ok := exceptions[row.Item.Number]; ok && a == attr.ID {
					result, note = controltest.Exception, "no approval on "+row.Item.Key
				}
				if v, err = a.Testing.SetCell(e.ID, v.Test.ID, row.Item.Number, attr.ID, result, note); err != nil {
					t.Fatal(err)
				}
			}
		}
		return v
	}
	attrs := []controltest.Attribute{{Description: "Approved before deployment"}, {Description: "Approver is not the requester"}}

	// CM-01 at its own rates: 2 of 25 exceptions, one pinned.
	cm := test(controltest.Input{Control: "CM-01", Title: "Change approval", Procedure: "Inspect.", Attributes: attrs, SampleID: sample(25, "s1"),
		Confidence: "95%", Tolerable: "5%"}, map[int]string{7: "A", 19: "B"})
	item7 := cm.Grid[6].Item
	pin := controltest.Pin{EvidenceID: ev.ID}
	pin.Row = item7.Row
	if _, err := a.Testing.PinToCell(e.ID, cm.Test.ID, 7, "A", pin); err != nil {
		t.Fatal(err)
	}
	// AC-02 at the defaults, 1 of 20 exceptions.
	ac2 := test(controltest.Input{Control: "AC-02", Procedure: "Inspect.", Attributes: attrs[:1], SampleID: sample(20, "s2")}, map[int]string{3: "A"})
	// AC-03 at its own rates, no exception, but 10 items cannot support a 5% tolerable rate.
	ac3 := test(controltest.Input{Control: "AC-03", Procedure: "Inspect.", Attributes: attrs[:1], SampleID: sample(10, "s3"),
		Confidence: "95%", Tolerable: "5%"}, nil)
	// OP-01 at the defaults, no exception: not in the register, but its result is listed.
	op := test(controltest.Input{Control: "OP-01", Procedure: "Inspect.", Attributes: attrs[:1], SampleID: sample(30, "s4")}, nil)
	// A test with no sample yet has nothing to read.
	if _, err := a.Testing.CreateTest(e.ID, controltest.Input{Control: "OP-01", Procedure: "Later.", Attributes: attrs[:1]}); err != nil {
		t.Fatal(err)
	}

	reg, err := a.Findings.Exceptions(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range reg.Controls {
		groups = append(groups, fmt.Sprintf("%s:%d exceptions,%d tests", g.ControlID, len(g.Exceptions), len(g.Tests)))
	}
	if want := "AC-02:1 exceptions,1 tests AC-03:0 exceptions,1 tests CM-01:2 exceptions,1 tests"; strings.Join(groups, " ") != want {
		t.Fatalf("groups %v, want %s", groups, want)
	}
	if reg.Exceptions != 3 || reg.DefaultConfidence != "90%" || reg.DefaultTolerable != "10%" {
		t.Errorf("register totals %d, defaults %s/%s", reg.Exceptions, reg.DefaultConfidence, reg.DefaultTolerable)
	}

	cmg := reg.Controls[2]
	x := cmg.Exceptions[0]
	if x.TestID != cm.Test.ID || x.Item != 7 || x.ItemKey != item7.Key || x.Attribute != "A" || x.AttributeText != "Approved before deployment" ||
		x.Note != "no approval on "+item7.Key || !slices.Equal(x.Criteria, []string{"CC8.1"}) {
		t.Errorf("CM-01 first exception %+v", x)
	}
	if len(x.Evidence) != 1 || x.Evidence[0].Name != "tickets.csv" || x.Evidence[0].SHA256 != ev.SHA256 || x.Evidence[0].Row != item7.Row {
		t.Errorf("pinned evidence %+v", x.Evidence)
	}
	if y := cmg.Exceptions[1]; y.Item != 19 || y.Attribute != "B" || len(y.Evidence) != 0 || y.Evidence == nil {
		t.Errorf("CM-01 second exception %+v", y)
	}
	// 2 of 25 at 95%: 8% in the sample, at most 23.2%, above 5%.
	if r := cmg.Tests[0]; r.Evaluation.SampleDeviationRate != 0.08 || r.Evaluation.UpperDeviationLimit != 0.232 || !r.Exceeds ||
		*r.Evaluation.TolerableRate != 0.05 {
		t.Errorf("CM-01 result %+v", r)
	}
	// 1 of 20 at the defaults, 90% and 10%: at most 18.1%.
	if r := reg.Controls[0].Tests[0]; r.TestID != ac2.Test.ID || r.Evaluation.UpperDeviationLimit != 0.181 || !r.Exceeds || *r.Evaluation.TolerableRate != 0.1 {
		t.Errorf("AC-02 result %+v", r)
	}
	if r := reg.Controls[1].Tests[0]; r.TestID != ac3.Test.ID || r.Deviations != 0 || !r.Exceeds {
		t.Errorf("AC-03 result %+v", r)
	}

	var crit []string
	for _, c := range reg.Criteria {
		crit = append(crit, fmt.Sprintf("%s:%s:%d:%s", c.Criterion, strings.Join(c.Controls, "+"), c.Exceptions, strings.Join(c.Exceeding, "+")))
	}
	ids := func(tests ...string) string {
		slices.SortFunc(tests, scope.CompareIDs)
		return strings.Join(tests, "+")
	}
	want := []string{
		"CC6.2:AC-02+AC-03:1:" + ids(ac2.Test.ID, ac3.Test.ID),
		"CC6.3:AC-02:1:" + ac2.Test.ID,
		"CC8.1:CM-01:2:" + cm.Test.ID,
	}
	if !slices.Equal(crit, want) {
		t.Errorf("by criterion %v, want %v", crit, want)
	}

	// Every test with a sample is listed with its result, the defaults named.
	byID := map[string]TestOutcome{}
	for _, o := range reg.Tests {
		byID[o.TestID] = o
	}
	if len(reg.Tests) != 4 {
		t.Fatalf("tests %+v: want the four with a sample", reg.Tests)
	}
	if o := byID[op.Test.ID]; !o.Defaulted || o.Confidence != "90%" || o.Tolerable != "10%" || o.Result.Exceeds ||
		o.Result.Evaluation.UpperDeviationLimit != 0.074 || o.Conclusion != "No exceptions noted." || !o.Complete || o.ControlID != "OP-01" {
		t.Errorf("OP-01 outcome %+v", o)
	}
	if o := byID[cm.Test.ID]; o.Defaulted || o.Confidence != "95%" || o.Tolerable != "5%" || o.Title != "Change approval" ||
		!strings.HasPrefix(o.Conclusion, "Exceptions noted: 2 of 25 samples") || o.Reviewed {
		t.Errorf("CM-01 outcome %+v", o)
	}
}
