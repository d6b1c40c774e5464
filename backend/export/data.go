package export

import (
	"context"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/readmodel"
	"auditroom/backend/sampling"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// Rates a test's sample is evaluated at when none is given. The store keeps
// no planned rates per test yet; 90% confidence and a 10% tolerable rate
// are the basis on which the frequency table's sizes (25 items for a
// control operating many times) let a clean sample support reliance.
var (
	DefaultConfidence = sampling.MustRate("90%")
	DefaultTolerable  = sampling.MustRate("10%")
)

// SampleRates are the confidence and tolerable rate a new test of sample s
// is evaluated at, unless the auditor says otherwise: the sample's plan
// when it records one, else DefaultConfidence and DefaultTolerable.
func SampleRates(s selection.Sample) (confidence, tolerable string) {
	if s.Plan != nil {
		return s.Plan.Confidence, s.Plan.Tolerable
	}
	return DefaultConfidence.Percent(), DefaultTolerable.Percent()
}

// Options say how to read an engagement for export.
type Options struct {
	Confidence sampling.Rate // to evaluate each sample at; DefaultConfidence when unset
	Tolerable  sampling.Rate // to judge the upper deviation limit against; DefaultTolerable when unset
	// Progress, if not nil, hears how far the reading and writing are.
	Progress func(stage string, done, total int)
}

// withDefaults fills the rates not given.
func (o Options) withDefaults() Options {
	if !o.Confidence.IsSet() {
		o.Confidence = DefaultConfidence
	}
	if !o.Tolerable.IsSet() {
		o.Tolerable = DefaultTolerable
	}
	return o
}

// Validate refuses rates outside (0, 1); unset rates take the defaults.
func (o Options) Validate() error {
	o = o.withDefaults()
	for _, r := range []struct {
		name string
		rate sampling.Rate
	}{{"confidence", o.Confidence}, {"tolerable rate", o.Tolerable}} {
		if f := r.rate.Float64(); f <= 0 || f >= 1 {
			return audit.Errorf(audit.EINVALID, "%s %s is not between 0 and 1: write a fraction such as 0.1 or a percent such as 10%%", r.name, r.rate.Percent())
		}
	}
	return nil
}

// Data is everything an export shows of one engagement, read once from the
// store. It knows nothing of any output format, so the workbook, the CSV
// files, the OSCAL documents and the PDF report all read the same facts.
type Data struct {
	Engagement audit.Engagement
	Criteria   []scope.Criterion // in scope, catalogue order
	Controls   []scope.Control   // the control matrix, by ID
	Tests      []Test            // oldest first
	Exceptions []findings.Exception
	Register   findings.Register // exceptions by control and criterion, with each test's evaluation
	Findings   []Finding         // by number
	Evidence   map[string]Evidence
	Confidence sampling.Rate
	Tolerable  sampling.Rate
	// Modified is the time of the latest change the data shows, so that
	// an export of unchanged data is the same file.
	Modified time.Time
}

// Test is one test of a control with what it was run on and comes to.
type Test struct {
	controltest.Test
	Control    scope.Control
	Sample     *selection.Sample      // nil before a sample is linked
	Population *population.Population // nil before a sample is linked
	Summary    controltest.Summary
	// Evaluation is the sample's deviation rate and upper deviation limit
	// against the tolerable rate; nil without a sample.
	Evaluation *sampling.Evaluation
	// Read is what the register reads of the test: its sample's size and
	// deviations and the rates they are read at; zero without a sample.
	Read findings.Test
	Pins []audit.Pin // evidence pinned to the control itself
	// Columns are the population columns the test's grid shows (those the
	// tester chose, else the defaults), and Values each sampled item's
	// cells in them, in item order.
	Columns []population.Column
	Values  [][]string
}

// Defaulted reports whether the test sets no rates of its own, so that its
// sample is read at the export's.
func (t Test) Defaulted() bool { return t.Confidence == "" || t.Tolerable == "" }

// Finding is a finding with management's response, if one is in.
type Finding = readmodel.Finding

// Evidence is one evidence file and where its copies came from.
type Evidence struct {
	audit.Evidence
	Provenance []audit.Provenance
}

// Gather reads an engagement for export, all of it from one snapshot. It
// returns ENOTFOUND for an unknown engagement.
func Gather(ctx context.Context, h *store.Home, engID string, opt Options) (*Data, error) {
	progress := opt.progress()
	opt = opt.withDefaults()
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	return store.View(ctx, h, engID, func(s *store.Snapshot) (*Data, error) {
		e, err := s.Engagement()
		if err != nil {
			return nil, err
		}
		d := &Data{Engagement: e, Criteria: scope.InScope(e.Categories), Evidence: map[string]Evidence{},
			Confidence: opt.Confidence, Tolerable: opt.Tolerable, Modified: e.CreatedAt}
		if d.Controls, err = s.Controls(); err != nil {
			return nil, err
		}
		tests, err := s.Tests("")
		if err != nil {
			return nil, err
		}
		for i, t := range tests {
			progress(StageRead, i, len(tests))
			if err := d.addTest(s, t); err != nil {
				return nil, err
			}
		}
		if err := d.readFindings(s); err != nil {
			return nil, err
		}
		if err := d.readEvidence(s); err != nil {
			return nil, err
		}
		if err := d.register(); err != nil {
			return nil, err
		}
		progress(StageRead, len(tests), len(tests))
		return d, nil
	})
}

func (d *Data) addTest(s *store.Snapshot, t controltest.Test) error {
	x := Test{Test: t, Control: d.Control(t.Control)}
	size := 0
	if t.SampleID != "" {
		smp, err := s.Sample(t.SampleID)
		if err != nil {
			return err
		}
		p, err := s.Population(smp.PopulationID)
		if err != nil {
			return err
		}
		rows, err := s.SampleRows(smp)
		if err != nil {
			return err
		}
		x.Sample, x.Population, size = &smp, &p, len(smp.Items)
		x.Columns = p.GridColumns(t.Columns)
		for _, r := range rows {
			x.Values = append(x.Values, r.Values(x.Columns))
		}
		d.touch(smp.UpdatedAt, p.CreatedAt)
	}
	x.Summary = t.Summary(size)
	if size > 0 {
		conf, tol, err := d.Rates(t)
		if err != nil {
			return audit.Errorf(audit.EINVALID, "test %s: %s", t.ID, audit.ErrorMessage(err))
		}
		x.Read = findings.Test{TestID: t.ID, ControlID: x.Control.ID, Criteria: x.Control.Criteria,
			SampleSize: size, Deviations: x.Summary.Deviations, Confidence: conf, Tolerable: tol}
		ev, err := sampling.Evaluate(sampling.EvaluationInput{SampleSize: size, Deviations: x.Summary.Deviations,
			Confidence: conf, Tolerable: tol})
		if err != nil {
			return audit.Errorf(audit.EINVALID, "test %s: %s", t.ID, audit.ErrorMessage(err))
		}
		x.Evaluation = &ev
	}
	pins, err := s.PinsTo(audit.PinControl, t.Control)
	if err != nil {
		return err
	}
	x.Pins = pins
	d.touch(t.UpdatedAt)
	for _, s := range []*controltest.SignOff{t.Preparer, t.Reviewer} {
		if s != nil {
			d.touch(s.At)
		}
	}
	d.Tests = append(d.Tests, x)
	d.addExceptions(x)
	return nil
}

// addExceptions lists a test's exception cells in item and attribute order.
func (d *Data) addExceptions(t Test) {
	if t.Sample == nil {
		return
	}
	for _, it := range t.Sample.Items {
		for _, a := range t.Attributes {
			c, ok := t.Cells[controltest.CellKey(it.Number, a.ID)]
			if !ok || c.Result != controltest.Exception {
				continue
			}
			x := findings.Exception{TestID: t.ID, ControlID: t.Control.ID, Criteria: slices.Clone(t.Control.Criteria),
				Item: it.Number, ItemKey: it.Key, Attribute: a.ID, AttributeText: a.Description, Note: c.Note,
				Evidence: []findings.EvidenceRef{}}
			for _, p := range c.Pins {
				x.Evidence = append(x.Evidence, findings.EvidenceRef{EvidenceID: p.EvidenceID,
					Locator: p.Locator})
			}
			d.Exceptions = append(d.Exceptions, x)
		}
	}
}

func (d *Data) readFindings(s *store.Snapshot) error {
	list, err := readmodel.FindingsIn(s, readmodel.FindingFilter{})
	if err != nil {
		return err
	}
	for _, f := range list.Findings {
		if f.Response != nil {
			d.touch(f.Response.RespondedAt)
			if f.Response.ReceivedAt != nil {
				d.touch(*f.Response.ReceivedAt)
			}
		}
		d.touch(f.UpdatedAt)
		for _, s := range f.History {
			d.touch(s.At)
		}
	}
	d.Findings = list.Findings
	return nil
}

// readEvidence reads every evidence file the export cites: pinned to a
// cell or a tested control, a population's source, a finding's evidence
// and the files sent with a response. Names and hashes are filled in on
// the exceptions' references.
func (d *Data) readEvidence(s *store.Snapshot) error {
	var ids []string
	for _, t := range d.Tests {
		if t.Population != nil {
			ids = append(ids, t.Population.EvidenceID)
		}
		for _, c := range t.Cells {
			for _, p := range c.Pins {
				ids = append(ids, p.EvidenceID)
			}
		}
		for _, p := range t.Pins {
			ids = append(ids, p.EvidenceID)
		}
	}
	for _, f := range d.Findings {
		for _, r := range f.Evidence {
			ids = append(ids, r.EvidenceID)
		}
		if f.Response != nil {
			for _, r := range f.Response.Evidence {
				ids = append(ids, r.EvidenceID)
			}
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		ev, prov, err := s.Evidence(id)
		if err != nil {
			return err
		}
		d.Evidence[id] = Evidence{Evidence: ev, Provenance: prov}
		d.touch(ev.ImportedAt)
	}
	for i := range d.Exceptions {
		for j, r := range d.Exceptions[i].Evidence {
			ev := d.Evidence[r.EvidenceID]
			d.Exceptions[i].Evidence[j].Name, d.Exceptions[i].Evidence[j].SHA256 = ev.Name, ev.SHA256
		}
	}
	return nil
}

// register groups the exceptions and evaluates the tests with a sample.
// A test that sets no rates of its own is read at the defaults, and enters
// the register only with exceptions: a sample sized by the control's
// frequency rather than for those rates would otherwise show as short of
// them.
func (d *Data) register() error {
	var tests []findings.Test
	for _, t := range d.Tests {
		if t.Evaluation == nil || (t.Defaulted() && t.Summary.Deviations == 0) {
			continue
		}
		tests = append(tests, t.Read)
	}
	reg, err := findings.BuildRegister(tests, d.Exceptions)
	d.Register = reg
	return err
}

// Control returns the control with the given ID, or one holding only the
// ID when the matrix no longer has it.
func (d *Data) Control(id string) scope.Control {
	if i := slices.IndexFunc(d.Controls, func(c scope.Control) bool { return c.ID == id }); i >= 0 {
		return d.Controls[i]
	}
	return scope.Control{ID: id, Criteria: []string{}}
}

// Test returns the test with the given ID.
func (d *Data) Test(id string) (Test, bool) {
	i := slices.IndexFunc(d.Tests, func(t Test) bool { return t.ID == id })
	if i < 0 {
		return Test{}, false
	}
	return d.Tests[i], true
}

// FindingsOf lists the IDs of the findings that cite an exception.
func (d *Data) FindingsOf(x findings.Exception) []string {
	var ids []string
	for _, f := range d.Findings {
		if slices.Contains(f.Exceptions, x.Ref()) {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// Cite says where an evidence reference points, as a workpaper writes it:
// "leavers.csv, row 12 (SHA-256 3f2a…)".
func (d *Data) Cite(evidenceID string, at audit.Locator) string {
	ev, ok := d.Evidence[evidenceID]
	if !ok {
		return evidenceID + ", " + at.String()
	}
	return ev.Name + ", " + at.String() + " (SHA-256 " + ev.SHA256 + ")"
}

func (d *Data) touch(times ...time.Time) {
	for _, t := range times {
		if t.After(d.Modified) {
			d.Modified = t
		}
	}
}

// Rates are what a test's sample is evaluated at: the test's own
// confidence and tolerable rate where the auditor set them, else the
// export's.
func (d *Data) Rates(t controltest.Test) (conf, tol sampling.Rate, err error) {
	conf, tol = d.Confidence, d.Tolerable
	if t.Confidence != "" {
		if conf, err = sampling.ParseRate(t.Confidence); err != nil {
			return conf, tol, err
		}
	}
	if t.Tolerable != "" {
		tol, err = sampling.ParseRate(t.Tolerable)
	}
	return conf, tol, err
}

// joinNonEmpty joins the non-empty strings.
func joinNonEmpty(sep string, s ...string) string {
	return strings.Join(slices.DeleteFunc(slices.Clone(s), func(x string) bool { return x == "" }), sep)
}
