package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/selection"
)

// ID prefixes of the sampling records.
const (
	popIDPrefix    = "pop_"
	sampleIDPrefix = "smp_"
	testIDPrefix   = "tst_"
)

var objectID = regexp.MustCompile(`^[a-z]{3}_[a-z2-7]{12}$`)

// newObjectID draws a random ID: the prefix and 12 base32 letters.
func newObjectID(prefix string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "read random id")
	}
	return prefix + idEncoding.EncodeToString(b[:])[:12], nil
}

func validObjectID(prefix, id string) bool {
	return objectID.MatchString(id) && id[:4] == prefix
}

func sortByCreation[T any](list []T, key func(T) (time.Time, string)) {
	slices.SortFunc(list, func(a, b T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return cmp.Compare(ia, ib)
	})
}

// SampleRequest asks for a sample.
type SampleRequest struct {
	Method selection.Method `json:"method"`
	Size   int              `json:"size"` // monetary-unit: selection points
	Seed   string           `json:"seed"`
	Picks  []selection.Pick `json:"picks,omitempty"` // judgmental
	// Plan, if given, sizes the sample (Size 0 takes the plan's size) and
	// is kept with it; a test of the sample is evaluated at its rates.
	Plan *sampling.PlanInput `json:"plan,omitempty"`
}

// DrawSample draws a sample from a population and stores it with the
// population's hash, the seed, the algorithm and each item's row; the
// trail records "sample.draw". It returns ENOTFOUND for an unknown
// population and EINVALID for a request the method or population cannot
// meet (a stratified sample needs a stratum column, a monetary-unit one an
// amount column).
func (h *Home) DrawSample(ctx context.Context, engID, actor, popID string, req SampleRequest) (selection.Sample, error) {
	if err := requireActor(actor); err != nil {
		return selection.Sample{}, err
	}
	var s selection.Sample
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		// The population's rows never change: the draw is made outside the
		// write, which then only checks that the population is still there.
		err := db.View(func(txn *badger.Txn) error {
			p, err := getPopulation(txn, popID)
			if err != nil {
				return err
			}
			plan, err := makePlan(txn, req, p.Rows)
			if err != nil {
				return err
			}
			if plan != nil && req.Size == 0 {
				req.Size = plan.SampleSize
			}
			f, err := frame(ctx, txn, p, req.Method)
			if err != nil {
				return err
			}
			d, err := selection.New(f, req.Method, req.Seed, req.Size, req.Picks)
			if err != nil {
				return err
			}
			if err := fillItems(txn, p.ID, d.Items); err != nil {
				return err
			}
			s = selection.Sample{PopulationID: p.ID, PopulationHash: p.Hash, PopulationRows: p.Rows, Draw: d, Plan: plan}
			spec, _ := selection.Lookup(req.Method)
			if spec.Takes(selection.ParamStratum) {
				s.StratumColumn = p.Stratum.Header
			}
			if spec.Takes(selection.ParamAmount) {
				s.AmountColumn = p.Amount.Header
			}
			return nil
		})
		if err != nil {
			return err
		}
		if s.ID, err = newObjectID(sampleIDPrefix); err != nil {
			return err
		}
		s.CreatedAt, s.CreatedBy = time.Now().UTC(), actor
		s.UpdatedAt = s.CreatedAt
		return update(ctx, db, func(txn *badger.Txn) error {
			if _, err := getPopulation(txn, popID); err != nil {
				return err
			}
			if err := setJSON(txn, sampleKey(s.ID), s); err != nil {
				return err
			}
			_, err := appendEvent(txn, s.CreatedAt, actor, "sample.draw", "sample/"+s.ID, sampleEvent{
				Population: s.PopulationID, PopulationHash: s.PopulationHash, Method: s.Method, Algorithm: s.Algorithm,
				Seed: s.Seed, Size: req.Size, Plan: s.Plan, Items: indexes(s.Items)})
			return err
		})
	})
	if err != nil {
		return selection.Sample{}, coded(err, "draw a sample from population %s", popID)
	}
	return s, nil
}

// makePlan works out the plan a request asks for, with the engagement's
// period for pro-rating; nil without one. A size given with a plan must be
// the plan's.
func makePlan(txn *badger.Txn, req SampleRequest, rows int) (*sampling.Plan, error) {
	if req.Plan == nil {
		return nil, nil
	}
	spec, ok := selection.Lookup(req.Method)
	if ok && !spec.Planned {
		return nil, audit.Errorf(audit.EINVALID, "a %s sample is sized by its own plan (sample mus-size), not a frequency or attribute plan", strings.ToLower(spec.Label))
	}
	var e audit.Engagement
	if err := getJSON(txn, engagementKey, &e); err != nil {
		return nil, err
	}
	var start, end time.Time
	if req.Plan.ProRate {
		var err error
		if start, err = audit.ParseDate("period start", e.PeriodStart); err != nil {
			return nil, err
		}
		if end, err = audit.ParseDate("period end", e.PeriodEnd); err != nil {
			return nil, err
		}
	}
	plan, err := req.Plan.Make(start, end, rows)
	if err != nil {
		return nil, err
	}
	if req.Size != 0 && req.Size != plan.SampleSize && spec.Seeded() {
		return nil, audit.Errorf(audit.EINVALID, "the plan gives a sample of %d, not %d: leave the size out to take the plan's", plan.SampleSize, req.Size)
	}
	return &plan, nil
}

// sampleEvent is what the trail keeps of a draw or an extension.
type sampleEvent struct {
	Population     string           `json:"population_id,omitempty"`
	PopulationHash string           `json:"population_hash,omitempty"`
	Method         selection.Method `json:"method,omitempty"`
	Algorithm      string           `json:"algorithm,omitempty"`
	Seed           string           `json:"seed,omitempty"`
	Size           int              `json:"size"`
	Plan           *sampling.Plan   `json:"plan,omitempty"`
	From           int              `json:"from,omitempty"` // items before an extension
	Items          []int            `json:"items"`          // population indexes drawn (added, for an extension)
}

func indexes(items []selection.Item) []int {
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it.Index
	}
	return out
}

// ExtendSample adds items to a sample until it holds size (a judgmental
// sample adds the picks): every item drawn stays, in its place. Tests of
// the sample lose their sign-offs, since their grids grow; the trail
// records "sample.extend" and, for each such test, why its sign-offs went.
func (h *Home) ExtendSample(ctx context.Context, engID, actor, sampleID string, size int, picks []selection.Pick) (selection.Sample, error) {
	if err := requireActor(actor); err != nil {
		return selection.Sample{}, err
	}
	var s selection.Sample
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		var before int
		err := db.View(func(txn *badger.Txn) error {
			var err error
			if s, err = getSample(txn, sampleID); err != nil {
				return err
			}
			p, err := getPopulation(txn, s.PopulationID)
			if err != nil {
				return err
			}
			if p.Hash != s.PopulationHash {
				return audit.Errorf(audit.ECONFLICT, "population %s no longer has the hash sample %s was drawn from", p.ID, s.ID)
			}
			f, err := frame(ctx, txn, p, s.Method)
			if err != nil {
				return err
			}
			before = len(s.Items)
			if err := s.Extend(f, size, picks); err != nil {
				return err
			}
			return fillItems(txn, p.ID, s.Items[before:])
		})
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		s.UpdatedAt = now
		return update(ctx, db, func(txn *badger.Txn) error {
			stored, err := getSample(txn, sampleID)
			if err != nil {
				return err
			}
			if len(stored.Items) != before {
				return audit.Errorf(audit.ECONFLICT, "sample %s changed meanwhile: try again", sampleID)
			}
			if err := setJSON(txn, sampleKey(s.ID), s); err != nil {
				return err
			}
			if _, err := appendEvent(txn, now, actor, "sample.extend", "sample/"+s.ID,
				sampleEvent{Size: len(s.Items), From: before, Items: indexes(s.Items[before:])}); err != nil {
				return err
			}
			return clearTestsOf(txn, s.ID, now, actor, "extending sample "+s.ID+" from "+itoa(before)+" to "+itoa(len(s.Items))+" items")
		})
	})
	if err != nil {
		return selection.Sample{}, coded(err, "extend sample %s", sampleID)
	}
	return s, nil
}

// clearTestsOf clears the sign-offs of every test of a sample, recording
// "test.signoff_cleared" for each that had any.
func clearTestsOf(txn *badger.Txn, sampleID string, at time.Time, actor, by string) error {
	tests, err := readAll[controltest.Test](txn, testPrefix)
	if err != nil {
		return err
	}
	for _, t := range tests {
		if t.SampleID != sampleID {
			continue
		}
		msg := t.ClearSignOffs(by)
		if msg == "" {
			continue
		}
		if err := setJSON(txn, testKey(t.ID), t); err != nil {
			return err
		}
		if _, err := appendEvent(txn, at, actor, "test.signoff_cleared", "test/"+t.ID, controltest.Change{What: "sample", Cleared: msg}); err != nil {
			return err
		}
	}
	return nil
}

// Samples lists an engagement's samples, oldest first; popID, if not
// empty, keeps those of one population.
func (h *Home) Samples(ctx context.Context, engID, popID string) ([]selection.Sample, error) {
	out, err := records[selection.Sample](ctx, h, engID, samplePrefix)
	if err != nil {
		return []selection.Sample{}, coded(err, "list samples of engagement %s", engID)
	}
	out = slices.DeleteFunc(out, func(s selection.Sample) bool { return popID != "" && s.PopulationID != popID })
	sortByCreation(out, func(s selection.Sample) (time.Time, string) { return s.CreatedAt, s.ID })
	return out, coded(err, "list samples of engagement %s", engID)
}

// Sample returns one sample; ENOTFOUND if there is none.
func (h *Home) Sample(ctx context.Context, engID, id string) (selection.Sample, error) {
	return View(ctx, h, engID, func(s *Snapshot) (selection.Sample, error) { return s.Sample(id) })
}

// RedrawSample draws a sample again from its population, seed and sizes,
// and reports whether the same items come out: the check a reviewer runs.
func (h *Home) RedrawSample(ctx context.Context, engID, id string) (bool, error) {
	same := false
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			s, err := getSample(txn, id)
			if err != nil {
				return err
			}
			p, err := getPopulation(txn, s.PopulationID)
			if err != nil {
				return err
			}
			f, err := frame(ctx, txn, p, s.Method)
			if err != nil {
				return err
			}
			d, err := selection.Redraw(f, s.Method, s.Seed, s.Sizes, s.Picks())
			if err != nil {
				return err
			}
			same = p.Hash == s.PopulationHash && slices.Equal(indexes(d.Items), indexes(s.Items))
			return nil
		})
	})
	return same, coded(err, "redraw sample %s", id)
}

func getSample(txn *badger.Txn, id string) (selection.Sample, error) {
	var s selection.Sample
	if !validObjectID(sampleIDPrefix, id) {
		return s, audit.Errorf(audit.ENOTFOUND, "no sample %s", id)
	}
	err := getJSON(txn, sampleKey(id), &s)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return s, audit.Errorf(audit.ENOTFOUND, "no sample %s", id)
	}
	return s, err
}

// frame reads what a method needs of a population: its size, and every
// row's stratum or amount for a method taking that column.
func frame(ctx context.Context, txn *badger.Txn, p population.Population, m selection.Method) (selection.Frame, error) {
	f := selection.Frame{N: p.Rows}
	spec, _ := selection.Lookup(m)
	if spec.Takes(selection.ParamStratum) {
		if p.Stratum == nil {
			return f, audit.Errorf(audit.EINVALID, "population %s has no stratum column: choose one when creating the population to stratify it", p.ID)
		}
		f.Strata = make([]int, 0, p.Rows)
	}
	if spec.Takes(selection.ParamAmount) {
		if p.Amount == nil {
			return f, audit.Errorf(audit.EINVALID, "population %s has no amount column: choose one when creating the population for a %s sample", p.ID, strings.ToLower(spec.Label))
		}
		f.Amounts = make([]int64, 0, p.Rows)
	}
	if f.Strata == nil && f.Amounts == nil {
		return f, nil
	}
	code := map[string]int{}
	n := 0
	var err error
	iterErr := eachRow(txn, p.ID, 0, func(r population.Row) bool {
		if n%4096 == 0 {
			if err = ctxErr(ctx); err != nil {
				return false
			}
		}
		n++
		if f.Strata != nil {
			c, ok := code[r.Stratum]
			if !ok {
				c = len(f.Labels)
				code[r.Stratum] = c
				f.Labels = append(f.Labels, r.Stratum)
			}
			f.Strata = append(f.Strata, c)
		}
		if f.Amounts != nil {
			a := int64(0)
			if r.Amount != nil {
				a = int64(*r.Amount)
			}
			f.Amounts = append(f.Amounts, a)
		}
		return true
	})
	if err != nil {
		return f, err
	}
	if iterErr != nil {
		return f, iterErr
	}
	if n != p.Rows {
		return f, audit.Errorf(audit.EINTERNAL, "population %s holds %d rows, its record says %d", p.ID, n, p.Rows)
	}
	return f, nil
}

// fillItems copies each item's row number, key and hash from the population.
func fillItems(txn *badger.Txn, popID string, items []selection.Item) error {
	for i := range items {
		r, err := rowAt(txn, popID, items[i].Index)
		if err != nil {
			return err
		}
		items[i].Row, items[i].Key, items[i].Hash = r.Row, r.Key, r.Hash
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
