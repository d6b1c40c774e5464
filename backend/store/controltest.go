package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/selection"
)

// CreateTest records a new test of a control; the trail records
// "test.create". It returns ENOTFOUND for an unknown control or sample.
func (h *Home) CreateTest(ctx context.Context, engID, actor string, in controltest.Input) (controltest.Test, error) {
	if err := requireActor(actor); err != nil {
		return controltest.Test{}, err
	}
	now := time.Now().UTC()
	t, err := controltest.New(in, actor, now)
	if err != nil {
		return t, err
	}
	if t.ID, err = newObjectID(testIDPrefix); err != nil {
		return t, err
	}
	err = h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if err := checkTestLinks(txn, &t); err != nil {
				return err
			}
			if err := setJSON(txn, testKey(t.ID), t); err != nil {
				return err
			}
			_, err := appendEvent(txn, now, actor, "test.create", "test/"+t.ID, in)
			return err
		})
	})
	if err != nil {
		return controltest.Test{}, coded(err, "create a test of control %s", t.Control)
	}
	return t, nil
}

// checkTestLinks checks that a test's control and sample exist, and sets
// the population from the sample.
func checkTestLinks(txn *badger.Txn, t *controltest.Test) error {
	if _, err := txn.Get(controlKey(t.Control)); errors.Is(err, badger.ErrKeyNotFound) {
		return audit.Errorf(audit.ENOTFOUND, "no control %s", t.Control)
	} else if err != nil {
		return err
	}
	t.PopulationID = ""
	if t.SampleID == "" {
		return nil
	}
	s, err := getSample(txn, t.SampleID)
	if err != nil {
		return err
	}
	t.PopulationID = s.PopulationID
	// A test left without rates is evaluated at those its sample was sized for.
	if t.Confidence == "" && t.Tolerable == "" && s.Plan != nil {
		t.Confidence, t.Tolerable = s.Plan.Confidence, s.Plan.Tolerable
	}
	return nil
}

// UpdateTest changes a test's title, procedure, attributes or sample; the
// trail records "test.update" with what changed and any sign-off cleared.
func (h *Home) UpdateTest(ctx context.Context, engID, actor, id string, in controltest.Input) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.update", func(txn *badger.Txn, t *controltest.Test, _ int, now time.Time) (any, bool, error) {
		c, changed, err := t.Update(in, actor, now)
		if err != nil || !changed {
			return nil, changed, err
		}
		return c, true, checkTestLinks(txn, t)
	})
}

// MaxGridColumns bounds the population columns a test grid shows.
const MaxGridColumns = 8

// SetTestColumns chooses the population columns the test's grid shows of
// each sampled row (nil or empty: the population's defaults); the trail
// records "test.columns". It changes no result, so no sign-off is cleared.
func (h *Home) SetTestColumns(ctx context.Context, engID, actor, id string, columns []int) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.columns", func(txn *badger.Txn, t *controltest.Test, _ int, now time.Time) (any, bool, error) {
		if len(columns) == 0 {
			columns = nil
		}
		if slices.Equal(columns, t.Columns) {
			return nil, false, nil
		}
		if len(columns) > MaxGridColumns {
			return nil, false, audit.Errorf(audit.EINVALID, "a grid shows at most %d columns of the population; %d are chosen", MaxGridColumns, len(columns))
		}
		if columns != nil {
			if t.PopulationID == "" {
				return nil, false, audit.Errorf(audit.EINVALID, "test %s has no sample yet: link one before choosing its columns", t.ID)
			}
			p, err := getPopulation(txn, t.PopulationID)
			if err != nil {
				return nil, false, err
			}
			if _, err := p.Columns(columns); err != nil {
				return nil, false, err
			}
		}
		t.Columns = slices.Clone(columns)
		t.UpdatedAt, t.UpdatedBy = now, actor
		return struct {
			Columns []int `json:"columns"`
		}{t.Columns}, true, nil
	})
}

// SampleRows returns a sample's population and, for each item in order,
// its row as frozen in the population.
func (h *Home) SampleRows(ctx context.Context, engID, sampleID string) (population.Population, []population.Row, error) {
	var p population.Population
	var rows []population.Row
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			s, err := getSample(txn, sampleID)
			if err != nil {
				return err
			}
			if p, err = getPopulation(txn, s.PopulationID); err != nil {
				return err
			}
			rows = make([]population.Row, len(s.Items))
			for i, it := range s.Items {
				if rows[i], err = rowAt(txn, s.PopulationID, it.Index); err != nil {
					return err
				}
			}
			return nil
		})
	})
	return p, rows, coded(err, "read the rows of sample %s", sampleID)
}

// cellEvent is what the trail keeps of an edited cell.
type cellEvent struct {
	controltest.Change
	Item      int              `json:"item"`
	Attribute string           `json:"attribute"`
	Result    string           `json:"result,omitempty"`
	Note      string           `json:"note,omitempty"`
	Pin       *controltest.Pin `json:"pin,omitempty"`
}

// SetCell records the result and note of one sample item and attribute;
// the trail records "test.cell", and says which sign-off the edit cleared.
func (h *Home) SetCell(ctx context.Context, engID, actor, id string, item int, attr, result, note string) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.cell", func(_ *badger.Txn, t *controltest.Test, size int, now time.Time) (any, bool, error) {
		c, changed, err := t.SetCell(item, attr, result, note, size, actor, now)
		cell := t.Cells[controltest.CellKey(item, attr)]
		return cellEvent{Change: c, Item: item, Attribute: attr, Result: cell.Result, Note: cell.Note}, changed, err
	})
}

// PinToCell pins evidence (and where in it) to a cell; ENOTFOUND for
// unknown evidence. The trail records "test.pin".
func (h *Home) PinToCell(ctx context.Context, engID, actor, id string, item int, attr string, pin controltest.Pin) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.pin", func(txn *badger.Txn, t *controltest.Test, size int, now time.Time) (any, bool, error) {
		c, changed, err := t.AddPin(item, attr, pin, size, actor, now)
		if err != nil || !changed {
			return nil, changed, err
		}
		if _, err := txn.Get(evidenceKey(pin.EvidenceID)); errors.Is(err, badger.ErrKeyNotFound) {
			return nil, false, audit.Errorf(audit.ENOTFOUND, "no evidence %s", pin.EvidenceID)
		} else if err != nil {
			return nil, false, err
		}
		return cellEvent{Change: c, Item: item, Attribute: attr, Pin: &pin}, true, nil
	})
}

// UnpinFromCell removes a cell's i-th pin (from 0); the trail records
// "test.unpin".
func (h *Home) UnpinFromCell(ctx context.Context, engID, actor, id string, item int, attr string, i int) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.unpin", func(_ *badger.Txn, t *controltest.Test, size int, now time.Time) (any, bool, error) {
		var pin *controltest.Pin
		if pins := t.Cells[controltest.CellKey(item, attr)].Pins; i >= 0 && i < len(pins) {
			pin = &pins[i]
		}
		c, err := t.RemovePin(item, attr, i, size, actor, now)
		return cellEvent{Change: c, Item: item, Attribute: attr, Pin: pin}, err == nil, err
	})
}

// SignOff records the preparer's or the reviewer's sign-off, named and
// timestamped; the trail records "test.signoff".
func (h *Home) SignOff(ctx context.Context, engID, actor, id, role string) (controltest.Test, error) {
	return h.editTest(ctx, engID, actor, id, "test.signoff", func(_ *badger.Txn, t *controltest.Test, size int, now time.Time) (any, bool, error) {
		if err := t.Sign(role, size, actor, now); err != nil {
			return nil, false, err
		}
		return struct {
			Role       string `json:"role"`
			Conclusion string `json:"conclusion"`
		}{role, t.Summary(size).Conclusion}, true, nil
	})
}

// editTest runs one change to a test in a transaction with its trail
// event. edit gets the test and its sample's size; it returns the event's
// change and whether anything changed (nothing is written if not).
func (h *Home) editTest(ctx context.Context, engID, actor, id, action string,
	edit func(txn *badger.Txn, t *controltest.Test, size int, now time.Time) (any, bool, error)) (controltest.Test, error) {
	if err := requireActor(actor); err != nil {
		return controltest.Test{}, err
	}
	var t controltest.Test
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var err error
			if t, err = getTest(txn, id); err != nil {
				return err
			}
			s, err := testSample(txn, t)
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			change, changed, err := edit(txn, &t, len(s.Items), now)
			if err != nil || !changed {
				return err
			}
			if err := setJSON(txn, testKey(t.ID), t); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, action, "test/"+t.ID, change)
			return err
		})
	})
	if err != nil {
		return controltest.Test{}, coded(err, "change test %s", id)
	}
	return t, nil
}

// Tests lists an engagement's tests, oldest first; control, if not empty,
// keeps those of one control.
func (h *Home) Tests(ctx context.Context, engID, control string) ([]controltest.Test, error) {
	return View(ctx, h, engID, func(s *Snapshot) ([]controltest.Test, error) { return s.Tests(control) })
}

// Test returns one test and its sample (empty when none is linked).
func (h *Home) Test(ctx context.Context, engID, id string) (controltest.Test, selection.Sample, error) {
	var t controltest.Test
	var s selection.Sample
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			if t, err = getTest(txn, id); err != nil {
				return err
			}
			s, err = testSample(txn, t)
			return err
		})
	})
	return t, s, coded(err, "read test %s", id)
}

func getTest(txn *badger.Txn, id string) (controltest.Test, error) {
	var t controltest.Test
	if !validObjectID(testIDPrefix, id) {
		return t, audit.Errorf(audit.ENOTFOUND, "no test %s", id)
	}
	err := getJSON(txn, testKey(id), &t)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return t, audit.Errorf(audit.ENOTFOUND, "no test %s", id)
	}
	if t.Cells == nil {
		t.Cells = map[string]controltest.Cell{}
	}
	return t, err
}

// testSample is a test's sample, or an empty one when none is linked.
func testSample(txn *badger.Txn, t controltest.Test) (selection.Sample, error) {
	if t.SampleID == "" {
		return selection.Sample{}, nil
	}
	s, err := getSample(txn, t.SampleID)
	if audit.ErrorCode(err) == audit.ENOTFOUND {
		return s, audit.Wrap(audit.EINTERNAL, err, "test %s names sample %s, which is missing", t.ID, t.SampleID)
	}
	return s, err
}
