package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"strconv"

	"auditroom/backend/controltest"
	"auditroom/backend/export"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// Testing serves populations, samples and the tests of controls: the
// Tests screen. Long reads of big files run as jobs.
type Testing struct {
	session *Session
	jobs    *Jobs
}

// RowPage is one page of a population's rows.
type RowPage struct {
	Rows   []population.Row `json:"rows"`
	Total  int              `json:"total"`
	Offset int              `json:"offset"`
}

// SampleInput asks for a sample. Without a seed one is drawn at random
// and recorded; with the same seed the same population gives the same
// sample.
type SampleInput struct {
	Method string           `json:"method"` // random (default), systematic, stratified, mus, judgmental
	Size   int              `json:"size"`   // items; for mus, selection points
	Seed   string           `json:"seed"`
	Picks  []selection.Pick `json:"picks,omitempty"` // judgmental: index and reason
	// Plan, if given, is why the sample has its size; it is kept with the
	// sample and gives a test of it its rates.
	Plan *sampling.PlanInput `json:"plan,omitempty"`
}

// TestView is one test as the grid shows it: the test, its sample's items
// with a cell per attribute, and what the results come to.
type TestView struct {
	Test    controltest.Test    `json:"test"`
	Sample  *SampleHeader       `json:"sample,omitempty"`
	Grid    []GridRow           `json:"grid"`
	Summary controltest.Summary `json:"summary"`
	// Columns are the population columns shown of each sampled row (the
	// test's choice or the population's defaults); Headers are all of the
	// population's, to choose from. Both empty without a sample.
	Columns []population.Column `json:"columns"`
	Headers []string            `json:"headers"`
}

// SampleHeader is what a test shows of its sample.
type SampleHeader struct {
	ID             string           `json:"id"`
	PopulationID   string           `json:"population_id"`
	PopulationHash string           `json:"population_hash"`
	PopulationName string           `json:"population_name"`
	Method         selection.Method `json:"method"`
	Algorithm      string           `json:"algorithm"`
	Seed           string           `json:"seed,omitempty"`
	Size           int              `json:"size"`
}

// GridRow is one sample item and its cells, one per attribute in order.
type GridRow struct {
	Item  selection.Item     `json:"item"`
	Cells []controltest.Cell `json:"cells"`
	// Values are the item's cells in the chosen columns, read from the
	// frozen population.
	Values []string `json:"values"`
}

// TestRow is one test as the list of tests shows it.
type TestRow struct {
	ID         string               `json:"id"`
	Control    string               `json:"control"`
	Title      string               `json:"title,omitempty"`
	SampleID   string               `json:"sample_id,omitempty"`
	Attributes int                  `json:"attributes"`
	SampleSize int                  `json:"sample_size"`
	Deviations int                  `json:"deviations"`
	Complete   bool                 `json:"complete"`
	Conclusion string               `json:"conclusion"`
	Preparer   *controltest.SignOff `json:"preparer,omitempty"`
	Reviewer   *controltest.SignOff `json:"reviewer,omitempty"`
}

// PreviewPopulation shows the first rows of a CSV or XLSX evidence file
// from the header row on, its sheets and lettered columns, to choose them.
func (t *Testing) PreviewPopulation(engID, evidenceID, sheet string, headerRow int) (population.Preview, error) {
	h, err := t.session.open()
	if err != nil {
		return population.Preview{}, ui(err)
	}
	pv, err := h.PreviewPopulation(context.Background(), engID, evidenceID, sheet, headerRow)
	return pv, ui(err)
}

// CreatePopulation starts a job reading a population from an evidence
// file; its result is the population with its checks. Options that cannot
// be right are refused at once.
func (t *Testing) CreatePopulation(engID string, opt population.Options) (Job, error) {
	h, err := t.session.open()
	if err != nil {
		return Job{}, ui(err)
	}
	opt.Normalize()
	if err := opt.Validate(); err != nil {
		return Job{}, ui(err)
	}
	ctx := context.Background()
	if _, err := h.Engagement(ctx, engID); err != nil {
		return Job{}, ui(err)
	}
	ev, _, err := h.Evidence(ctx, engID, opt.EvidenceID)
	if err != nil {
		return Job{}, ui(err)
	}
	if _, err := population.Format(ev.Name, ev.Type); err != nil {
		return Job{}, ui(err)
	}
	return t.jobs.start("population", "Population from "+ev.Name, func(ctx context.Context, p Progress) (any, error) {
		return h.CreatePopulation(ctx, engID, t.session.actor, opt, func(done, total int64) {
			p(Step{Stage: "reading rows", Done: uint64(done), Total: uint64(total)})
		})
	}), nil
}

// Populations lists the engagement's populations with their checks.
func (t *Testing) Populations(engID string) ([]population.Population, error) {
	h, err := t.session.open()
	if err != nil {
		return nil, ui(err)
	}
	list, err := h.Populations(context.Background(), engID)
	if list == nil {
		list = []population.Population{}
	}
	return list, ui(err)
}

// Population returns one population with its checks.
func (t *Testing) Population(engID, id string) (population.Population, error) {
	h, err := t.session.open()
	if err != nil {
		return population.Population{}, ui(err)
	}
	p, err := h.Population(context.Background(), engID, id)
	return p, ui(err)
}

// PopulationRows returns a page of a population's rows (limit 1 to 1000,
// 0 for 100).
func (t *Testing) PopulationRows(engID, id string, offset, limit int) (RowPage, error) {
	h, err := t.session.open()
	if err != nil {
		return RowPage{}, ui(err)
	}
	rows, total, err := h.PopulationRows(context.Background(), engID, id, offset, limit)
	if err != nil {
		return RowPage{}, ui(err)
	}
	return RowPage{Rows: rows, Total: total, Offset: offset}, nil
}

// DrawSample draws a sample from a population.
func (t *Testing) DrawSample(engID, popID string, in SampleInput) (selection.Sample, error) {
	h, err := t.session.open()
	if err != nil {
		return selection.Sample{}, ui(err)
	}
	m, err := selection.ParseMethod(in.Method)
	if err != nil {
		return selection.Sample{}, ui(err)
	}
	if spec, _ := selection.Lookup(m); in.Seed == "" && spec.Seeded() {
		in.Seed = RandomSeed()
	}
	s, err := h.DrawSample(context.Background(), engID, t.session.actor, popID, store.SampleRequest{Method: m, Size: in.Size, Seed: in.Seed, Picks: in.Picks, Plan: in.Plan})
	return s, ui(err)
}

// RandomSeed draws a ten-digit seed, for a sample the user did not seed.
func RandomSeed() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return strconv.FormatUint(binary.BigEndian.Uint64(b[:])%9_000_000_000+1_000_000_000, 10)
}

// ExtendSample grows a sample to size items, keeping every item drawn (a
// judgmental sample adds the picks instead).
func (t *Testing) ExtendSample(engID, sampleID string, size int, picks []selection.Pick) (selection.Sample, error) {
	h, err := t.session.open()
	if err != nil {
		return selection.Sample{}, ui(err)
	}
	s, err := h.ExtendSample(context.Background(), engID, t.session.actor, sampleID, size, picks)
	return s, ui(err)
}

// Samples lists the engagement's samples; popID, if not empty, keeps one
// population's.
func (t *Testing) Samples(engID, popID string) ([]selection.Sample, error) {
	h, err := t.session.open()
	if err != nil {
		return nil, ui(err)
	}
	list, err := h.Samples(context.Background(), engID, popID)
	return list, ui(err)
}

// Sample returns one sample with its items.
func (t *Testing) Sample(engID, id string) (selection.Sample, error) {
	h, err := t.session.open()
	if err != nil {
		return selection.Sample{}, ui(err)
	}
	s, err := h.Sample(context.Background(), engID, id)
	return s, ui(err)
}

// RedrawSample draws a sample again from its population and seed and
// reports whether the same items come out.
func (t *Testing) RedrawSample(engID, id string) (bool, error) {
	h, err := t.session.open()
	if err != nil {
		return false, ui(err)
	}
	same, err := h.RedrawSample(context.Background(), engID, id)
	return same, ui(err)
}

// CreateTest adds a test of a control, with its procedure, attributes and
// (optionally, until one is drawn) its sample.
func (t *Testing) CreateTest(engID string, in controltest.Input) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.CreateTest(ctx, engID, t.session.actor, in)
	})
}

// UpdateTest changes a test's title, procedure, attributes or sample.
func (t *Testing) UpdateTest(engID, id string, in controltest.Input) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.UpdateTest(ctx, engID, t.session.actor, id, in)
	})
}

// SetCell records the result (pass, exception, not_applicable, or empty
// to clear it) and note of one sample item and attribute. Any edit clears
// the sign-offs.
func (t *Testing) SetCell(engID, testID string, item int, attr, result, note string) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.SetCell(ctx, engID, t.session.actor, testID, item, attr, result, note)
	})
}

// PinToCell pins evidence, and the page, sheet, row or line in it, to a cell.
func (t *Testing) PinToCell(engID, testID string, item int, attr string, pin controltest.Pin) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.PinToCell(ctx, engID, t.session.actor, testID, item, attr, pin)
	})
}

// UnpinFromCell removes a cell's pin by its position (from 0).
func (t *Testing) UnpinFromCell(engID, testID string, item int, attr string, index int) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.UnpinFromCell(ctx, engID, t.session.actor, testID, item, attr, index)
	})
}

// SetTestColumns chooses the population columns the grid shows of each
// sampled row, by index from 0; none restores the defaults (key, date and
// two more).
func (t *Testing) SetTestColumns(engID, testID string, columns []int) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.SetTestColumns(ctx, engID, t.session.actor, testID, columns)
	})
}

// SignOff signs the test off as preparer or, after the preparer, reviewer.
func (t *Testing) SignOff(engID, testID, role string) (TestView, error) {
	return t.edit(engID, func(ctx context.Context, h *store.Home) (controltest.Test, error) {
		return h.SignOff(ctx, engID, t.session.actor, testID, role)
	})
}

// Tests lists the engagement's tests, or one control's, with where each
// stands.
func (t *Testing) Tests(engID, control string) ([]TestRow, error) {
	h, err := t.session.open()
	if err != nil {
		return nil, ui(err)
	}
	rows, err := TestRows(context.Background(), h, engID, control)
	return rows, ui(err)
}

// TestRows lists the engagement's tests, or one control's, as the list of
// tests shows them (the window and the CLI).
func TestRows(ctx context.Context, h *store.Home, engID, control string) ([]TestRow, error) {
	tests, err := h.Tests(ctx, engID, control)
	if err != nil {
		return nil, err
	}
	sizes := map[string]int{}
	samples, err := h.Samples(ctx, engID, "")
	if err != nil {
		return nil, err
	}
	for _, s := range samples {
		sizes[s.ID] = len(s.Items)
	}
	rows := make([]TestRow, 0, len(tests))
	for _, x := range tests {
		sum := x.Summary(sizes[x.SampleID])
		rows = append(rows, TestRow{ID: x.ID, Control: x.Control, Title: x.Title, SampleID: x.SampleID, Attributes: len(x.Attributes),
			SampleSize: sum.SampleSize, Deviations: sum.Deviations, Complete: sum.Complete, Conclusion: sum.Conclusion,
			Preparer: x.Preparer, Reviewer: x.Reviewer})
	}
	return rows, nil
}

// SampleRates are the confidence and tolerable rate a new test of sample s
// is evaluated at, unless the auditor says otherwise: the sample's plan
// when it records one, else the exports' defaults (90% and 10%).
func SampleRates(s selection.Sample) (confidence, tolerable string) {
	if s.Plan != nil {
		return s.Plan.Confidence, s.Plan.Tolerable
	}
	return export.DefaultConfidence.Percent(), export.DefaultTolerable.Percent()
}

// Test returns one test with its grid, conclusion and deviations.
func (t *Testing) Test(engID, id string) (TestView, error) {
	h, err := t.session.open()
	if err != nil {
		return TestView{}, ui(err)
	}
	v, err := TestViewOf(context.Background(), h, engID, id)
	return v, ui(err)
}

// edit runs a change and returns the test as it now stands.
func (t *Testing) edit(engID string, change func(context.Context, *store.Home) (controltest.Test, error)) (TestView, error) {
	h, err := t.session.open()
	if err != nil {
		return TestView{}, ui(err)
	}
	ctx := context.Background()
	x, err := change(ctx, h)
	if err != nil {
		return TestView{}, ui(err)
	}
	v, err := TestViewOf(ctx, h, engID, x.ID)
	return v, ui(err)
}

// TestViewOf is one test as the grid shows it (the window and the CLI).
func TestViewOf(ctx context.Context, h *store.Home, engID, id string) (TestView, error) {
	x, s, err := h.Test(ctx, engID, id)
	if err != nil {
		return TestView{}, err
	}
	v := TestView{Test: x, Grid: make([]GridRow, 0, len(s.Items)), Summary: x.Summary(len(s.Items)),
		Columns: []population.Column{}, Headers: []string{}}
	var rows []population.Row
	if s.ID != "" {
		v.Sample = &SampleHeader{ID: s.ID, PopulationID: s.PopulationID, PopulationHash: s.PopulationHash,
			Method: s.Method, Algorithm: s.Algorithm, Seed: s.Seed, Size: len(s.Items)}
		var p population.Population
		if p, rows, err = h.SampleRows(ctx, engID, s.ID); err != nil {
			return TestView{}, err
		}
		v.Headers, v.Sample.PopulationName = p.Headers, p.Name
		v.Columns = p.GridColumns(x.Columns)
	}
	for n, it := range s.Items {
		row := GridRow{Item: it, Cells: make([]controltest.Cell, len(x.Attributes)), Values: rows[n].Values(v.Columns)}
		for i, a := range x.Attributes {
			row.Cells[i] = x.Cells[controltest.CellKey(it.Number, a.ID)]
		}
		v.Grid = append(v.Grid, row)
	}
	if v.Test.Attributes == nil {
		v.Test.Attributes = []controltest.Attribute{}
	}
	return v, nil
}
