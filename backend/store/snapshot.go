package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
)

// Snapshot reads one engagement as of one moment: every read through it
// sees the same committed state, so a view joining several kinds of record
// (findings and their responses, tests and their samples) never mixes
// before and after a change made meanwhile.
type Snapshot struct {
	txn   *badger.Txn
	engID string
}

// Read runs fn on a snapshot of an engagement, inside one read-only
// transaction. It returns ENOTFOUND for an unknown engagement.
func (h *Home) Read(ctx context.Context, engID string, fn func(*Snapshot) error) error {
	return h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error { return fn(&Snapshot{txn: txn, engID: engID}) })
	})
}

// View returns what fn reads from a snapshot of its own (Read).
func View[T any](ctx context.Context, h *Home, engID string, fn func(*Snapshot) (T, error)) (T, error) {
	var out T
	err := h.Read(ctx, engID, func(s *Snapshot) error {
		var err error
		out, err = fn(s)
		return err
	})
	return out, err
}

// EngagementID is the engagement the snapshot reads.
func (s *Snapshot) EngagementID() string { return s.engID }

// Engagement returns the engagement record.
func (s *Snapshot) Engagement() (audit.Engagement, error) {
	var e audit.Engagement
	err := getJSON(s.txn, engagementKey, &e)
	return e, coded(err, "read engagement %s", s.engID)
}

// Controls lists the control matrix by ID.
func (s *Snapshot) Controls() ([]scope.Control, error) {
	list, err := readAll[scope.Control](s.txn, controlPrefix)
	if err != nil {
		return nil, coded(err, "list controls of engagement %s", s.engID)
	}
	scope.SortControls(list)
	return list, nil
}

// Tests lists the tests of one control, or every test when control is
// empty, oldest first.
func (s *Snapshot) Tests(control string) ([]controltest.Test, error) {
	out, err := readAll[controltest.Test](s.txn, testPrefix)
	if err != nil {
		return []controltest.Test{}, coded(err, "list tests of engagement %s", s.engID)
	}
	out = slices.DeleteFunc(out, func(t controltest.Test) bool { return control != "" && t.Control != control })
	sortByCreation(out, func(t controltest.Test) (time.Time, string) { return t.CreatedAt, t.ID })
	return out, nil
}

// Test returns one test and its sample (empty when none is linked).
func (s *Snapshot) Test(id string) (controltest.Test, selection.Sample, error) {
	t, err := getTest(s.txn, id)
	if err != nil {
		return t, selection.Sample{}, coded(err, "read test %s", id)
	}
	smp, err := testSample(s.txn, t)
	return t, smp, coded(err, "read test %s", id)
}

// Samples lists every sample, oldest first.
func (s *Snapshot) Samples() ([]selection.Sample, error) {
	out, err := readAll[selection.Sample](s.txn, samplePrefix)
	if err != nil {
		return nil, coded(err, "list samples of engagement %s", s.engID)
	}
	sortByCreation(out, func(x selection.Sample) (time.Time, string) { return x.CreatedAt, x.ID })
	return out, nil
}

// Sample returns one sample; ENOTFOUND when there is none.
func (s *Snapshot) Sample(id string) (selection.Sample, error) {
	x, err := getSample(s.txn, id)
	return x, coded(err, "read sample %s", id)
}

// Population returns one population without its rows; ENOTFOUND when there
// is none.
func (s *Snapshot) Population(id string) (population.Population, error) {
	p, err := getPopulation(s.txn, id)
	return p, coded(err, "read population %s", id)
}

// SampleRows returns the population rows a sample drew, in item order.
func (s *Snapshot) SampleRows(smp selection.Sample) ([]population.Row, error) {
	rows := make([]population.Row, len(smp.Items))
	for i, it := range smp.Items {
		var err error
		if rows[i], err = rowAt(s.txn, smp.PopulationID, it.Index); err != nil {
			return nil, coded(err, "read the rows of sample %s", smp.ID)
		}
	}
	return rows, nil
}

// Pins lists the pins in one evidence file, or in every file when
// evidenceID is empty.
func (s *Snapshot) Pins(evidenceID string) ([]audit.Pin, error) {
	prefix := pinPrefix
	if evidenceID != "" {
		prefix = pinEvidencePrefix(evidenceID)
	}
	pins, err := readAll[audit.Pin](s.txn, prefix)
	if err != nil {
		return nil, coded(err, "list pins in engagement %s", s.engID)
	}
	sortPins(pins)
	return pins, nil
}

// PinsTo lists the pins to one control or request.
func (s *Snapshot) PinsTo(target, targetID string) ([]audit.Pin, error) {
	all, err := s.Pins("")
	return slices.DeleteFunc(all, func(p audit.Pin) bool { return p.Target != target || p.TargetID != targetID }), err
}

// Evidence returns one evidence record and the provenance of each copy,
// oldest import first; ENOTFOUND when there is none.
func (s *Snapshot) Evidence(id string) (audit.Evidence, []audit.Provenance, error) {
	var e audit.Evidence
	if err := getJSON(s.txn, evidenceKey(id), &e); errors.Is(err, badger.ErrKeyNotFound) {
		return e, nil, audit.Errorf(audit.ENOTFOUND, "no evidence %s", id)
	} else if err != nil {
		return e, nil, coded(err, "read evidence %s", id)
	}
	provs := []audit.Provenance{}
	it := s.txn.NewIterator(badger.IteratorOptions{Prefix: provenancePrefix(id), PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var p audit.Provenance
		if err := unpacked(it.Item(), func(v []byte) error { return json.Unmarshal(v, &p) }); err != nil {
			return e, nil, coded(err, "read evidence %s", id)
		}
		provs = append(provs, p)
	}
	slices.SortFunc(provs, func(a, b audit.Provenance) int { return a.ImportedAt.Compare(b.ImportedAt) })
	return e, provs, nil
}

// Findings lists the findings by number.
func (s *Snapshot) Findings() ([]findings.Finding, error) {
	list, err := readAll[findings.Finding](s.txn, findingPrefix)
	if err != nil {
		return nil, coded(err, "list findings of engagement %s", s.engID)
	}
	findings.Sort(list)
	return list, nil
}

// Finding returns one finding and its response, if one is stored;
// ENOTFOUND for an unknown finding.
func (s *Snapshot) Finding(id string) (findings.Finding, *findings.Response, error) {
	f, err := getFinding(s.txn, id)
	if err != nil {
		return findings.Finding{}, nil, coded(err, "read finding %s of engagement %s", id, s.engID)
	}
	r, err := getResponse(s.txn, f.ID)
	if err != nil {
		return findings.Finding{}, nil, coded(err, "read finding %s of engagement %s", id, s.engID)
	}
	return f, r, nil
}

// Responses lists the responses stored, by finding number.
func (s *Snapshot) Responses() ([]findings.Response, error) {
	list, err := readAll[findings.Response](s.txn, responsePrefix)
	if err != nil {
		return nil, coded(err, "list responses of engagement %s", s.engID)
	}
	slices.SortFunc(list, func(a, b findings.Response) int {
		return findings.Number(a.FindingID) - findings.Number(b.FindingID)
	})
	return list, nil
}
