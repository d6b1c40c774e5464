package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"strconv"

	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/readmodel"
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

// TestView is one test as the grid shows it (readmodel.Test).
type TestView = readmodel.TestView

// SampleHeader is what a test shows of its sample.
type SampleHeader = readmodel.SampleHeader

// GridRow is one sample item and its cells, one per attribute in order.
type GridRow = readmodel.GridRow

// TestRow is one test as the list of tests shows it.
type TestRow = readmodel.TestRow

// PreviewPopulation shows the first rows of a CSV or XLSX evidence file
// from the header row on, its sheets and lettered columns, to choose them.
func (t *Testing) PreviewPopulation(engID, evidenceID, sheet string, headerRow int) (population.Preview, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (population.Preview, error) {
		return h.PreviewPopulation(ctx, engID, evidenceID, sheet, headerRow)
	})
}

// CreatePopulation starts a job reading a population from an evidence
// file; its result is the population with its checks. Options that cannot
// be right are refused at once.
func (t *Testing) CreatePopulation(engID string, opt population.Options) (Job, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (Job, error) {
		ev, err := h.PopulationSource(ctx, engID, opt)
		if err != nil {
			return Job{}, err
		}
		return t.jobs.start("population", "Population from "+ev.Name, func(ctx context.Context, p Progress) (any, error) {
			return h.CreatePopulation(ctx, engID, t.session.actor, opt, func(done, total int64) {
				p(Step{Stage: "reading rows", Done: uint64(done), Total: uint64(total)})
			})
		}), nil
	})
}

// Populations lists the engagement's populations with their checks.
func (t *Testing) Populations(engID string) ([]population.Population, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) ([]population.Population, error) {
		list, err := h.Populations(ctx, engID)
		return nonNil(list), err
	})
}

// Population returns one population with its checks.
func (t *Testing) Population(engID, id string) (population.Population, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (population.Population, error) {
		return h.Population(ctx, engID, id)
	})
}

// PopulationRows returns a page of a population's rows (limit 1 to 1000,
// 0 for 100).
func (t *Testing) PopulationRows(engID, id string, offset, limit int) (RowPage, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (RowPage, error) {
		rows, total, err := h.PopulationRows(ctx, engID, id, offset, limit)
		return RowPage{Rows: rows, Total: total, Offset: offset}, err
	})
}

// DrawSample draws a sample from a population; a seeded method without a
// seed gets a random one, which the sample records.
func (t *Testing) DrawSample(engID, popID string, in SampleInput) (selection.Sample, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (selection.Sample, error) {
		req, err := in.request()
		if err != nil {
			return selection.Sample{}, err
		}
		return h.DrawSample(ctx, engID, t.session.actor, popID, req)
	})
}

// request is the store's form of the draw form's input.
func (in SampleInput) request() (store.SampleRequest, error) {
	m, err := selection.ParseMethod(in.Method)
	if err != nil {
		return store.SampleRequest{}, err
	}
	if spec, _ := selection.Lookup(m); in.Seed == "" && spec.Seeded() {
		in.Seed = RandomSeed()
	}
	return store.SampleRequest{Method: m, Size: in.Size, Seed: in.Seed, Picks: in.Picks, Plan: in.Plan}, nil
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
	return call(t.session, func(ctx context.Context, h *store.Home) (selection.Sample, error) {
		return h.ExtendSample(ctx, engID, t.session.actor, sampleID, size, picks)
	})
}

// Samples lists the engagement's samples; popID, if not empty, keeps one
// population's.
func (t *Testing) Samples(engID, popID string) ([]selection.Sample, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) ([]selection.Sample, error) {
		return h.Samples(ctx, engID, popID)
	})
}

// Sample returns one sample with its items.
func (t *Testing) Sample(engID, id string) (selection.Sample, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (selection.Sample, error) {
		return h.Sample(ctx, engID, id)
	})
}

// RedrawSample draws a sample again from its population and seed and
// reports whether the same items come out.
func (t *Testing) RedrawSample(engID, id string) (bool, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (bool, error) {
		return h.RedrawSample(ctx, engID, id)
	})
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
	return call(t.session, func(ctx context.Context, h *store.Home) ([]TestRow, error) {
		return readmodel.TestRows(ctx, h, engID, control)
	})
}

// Test returns one test with its grid, conclusion and deviations.
func (t *Testing) Test(engID, id string) (TestView, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (TestView, error) {
		return readmodel.Test(ctx, h, engID, id)
	})
}

// edit runs a change and returns the test as it now stands.
func (t *Testing) edit(engID string, change func(context.Context, *store.Home) (controltest.Test, error)) (TestView, error) {
	return call(t.session, func(ctx context.Context, h *store.Home) (TestView, error) {
		x, err := change(ctx, h)
		if err != nil {
			return TestView{}, err
		}
		return readmodel.Test(ctx, h, engID, x.ID)
	})
}
