// Package controltest is the test of one control over a sample: the
// procedure, the attributes tested on every sample item (A, B, C …), the
// grid of results with a note and pinned evidence per cell, the preparer's
// and reviewer's sign-offs, and the conclusion written from the results.
package controltest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/sampling"
)

// Results of one cell.
const (
	Pending       = ""               // not recorded yet
	Pass          = "pass"           // the attribute holds for the item
	Exception     = "exception"      // it does not: a deviation
	NotApplicable = "not_applicable" // it does not apply to the item
)

// Sign-off roles, in the order they sign.
const (
	Preparer = "preparer"
	Reviewer = "reviewer"
)

// Limits on what a test holds.
const (
	maxAttributes  = 26 // A … Z
	maxTitle       = 200
	maxDescription = 500
	maxPhrase      = 200
	maxProcedure   = 20000
	maxNote        = 5000
	maxPins        = 50
)

// Test is the test of one control over one sample.
type Test struct {
	ID           string      `json:"id"`
	Control      string      `json:"control"` // the control's ID
	Title        string      `json:"title,omitempty"`
	Procedure    string      `json:"procedure"`
	Attributes   []Attribute `json:"attributes"`
	SampleID     string      `json:"sample_id,omitempty"`
	PopulationID string      `json:"population_id,omitempty"`
	// Confidence and Tolerable are what the sample is evaluated at: the
	// confidence level of the upper deviation limit and the tolerable
	// deviation rate it is compared with, as percents ("95%", "5%"). Empty
	// until the auditor sets them.
	Confidence string          `json:"confidence,omitempty"`
	Tolerable  string          `json:"tolerable,omitempty"`
	Cells      map[string]Cell `json:"cells"` // by CellKey: "7/B" is item 7, attribute B
	// Columns are the population's columns (indexes, from 0) the grid
	// shows of each sampled row; empty for the population's defaults.
	Columns   []int     `json:"columns,omitempty"`
	Preparer  *SignOff  `json:"preparer,omitempty"`
	Reviewer  *SignOff  `json:"reviewer,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Name is what a person reads for the test: its title, or for a test
// without one, the control it tests. The ID stays secondary detail.
func (t Test) Name() string {
	if t.Title != "" {
		return t.Title
	}
	return "Test of " + t.Control
}

// Attribute is one thing tested on every sample item.
type Attribute struct {
	ID          string `json:"id"` // A, B, C … by position
	Description string `json:"description"`
	// Exception says what an exception means, to complete "2 of 25
	// samples …", e.g. "lacked documented approval". Without it the
	// conclusion says the samples did not meet the attribute.
	Exception string `json:"exception,omitempty"`
}

// Cell is the result of one attribute on one sample item.
type Cell struct {
	Result string `json:"result,omitempty"`
	Note   string `json:"note,omitempty"`
	Pins   []Pin  `json:"pins,omitempty"`
}

// Pin points at the evidence behind a result: a file, and where in it.
type Pin struct {
	EvidenceID string `json:"evidence_id"`
	audit.Locator
}

// SignOff is who signed, and when.
type SignOff struct {
	Actor string    `json:"actor"`
	At    time.Time `json:"at"`
}

// Input is what the auditor writes of a test; attributes are lettered by
// position.
type Input struct {
	Control    string      `json:"control"`
	Title      string      `json:"title,omitempty"`
	Procedure  string      `json:"procedure"`
	Attributes []Attribute `json:"attributes"`
	SampleID   string      `json:"sample_id,omitempty"`
	// Confidence ("95%" or 0.95) and Tolerable ("5%" or 0.05) evaluate the
	// sample; a tolerable rate needs a confidence.
	Confidence string `json:"confidence,omitempty"`
	Tolerable  string `json:"tolerable,omitempty"`
}

// Change is what an edit did, for the trail.
type Change struct {
	What    string `json:"what"`              // e.g. "cell 7/B"
	Cleared string `json:"cleared,omitempty"` // e.g. "cleared preparer sign-off by editing cell 7/B"
}

// CellKey names a cell: the item's number in the sample (from 1) and the
// attribute's letter.
func CellKey(item int, attr string) string { return strconv.Itoa(item) + "/" + attr }

// Letter is the ID of the i-th attribute (from 0).
func Letter(i int) string { return string(rune('A' + i)) }

// New makes a test from input; the store sets the ID and checks that the
// control and sample exist.
func New(in Input, actor string, at time.Time) (Test, error) {
	t := Test{Cells: map[string]Cell{}, CreatedAt: at, CreatedBy: actor, UpdatedAt: at, UpdatedBy: actor}
	if err := t.set(in); err != nil {
		return Test{}, err
	}
	return t, nil
}

// Update changes the test's texts, attributes or sample. Attributes can be
// added and reworded; one with results cannot be removed, nor can the
// sample change once results are recorded.
func (t *Test) Update(in Input, actor string, at time.Time) (Change, bool, error) {
	old := *t
	next := *t
	if err := next.set(in); err != nil {
		return Change{}, false, err
	}
	if next.Control != old.Control {
		return Change{}, false, audit.Errorf(audit.EINVALID, "a test stays with its control %s: create a new test for %s", old.Control, next.Control)
	}
	if len(next.Attributes) < len(old.Attributes) {
		for _, a := range old.Attributes[len(next.Attributes):] {
			if n := t.recorded(a.ID); n > 0 {
				return Change{}, false, audit.Errorf(audit.ECONFLICT, "attribute %s has %d %s recorded: clear them before removing it", a.ID, n, plural(n, "cell", "cells"))
			}
		}
	}
	if next.SampleID != old.SampleID && len(t.Cells) > 0 {
		return Change{}, false, audit.Errorf(audit.ECONFLICT, "the test has results for sample %s: it cannot move to another sample", old.SampleID)
	}
	var what []string
	if next.Title != old.Title {
		what = append(what, "title")
	}
	if next.Procedure != old.Procedure {
		what = append(what, "procedure")
	}
	if fmt.Sprint(next.Attributes) != fmt.Sprint(old.Attributes) {
		what = append(what, "attributes")
	}
	if next.SampleID != old.SampleID {
		what = append(what, "sample")
		next.Columns = nil // columns of the old sample's population
	}
	if next.Confidence != old.Confidence || next.Tolerable != old.Tolerable {
		what = append(what, "evaluation")
	}
	if len(what) == 0 {
		return Change{}, false, nil
	}
	*t = next
	return t.edited(strings.Join(what, ", "), actor, at), true, nil
}

func (t *Test) set(in Input) error {
	in.Control = strings.TrimSpace(in.Control)
	in.Title = strings.TrimSpace(in.Title)
	in.Procedure = strings.TrimSpace(in.Procedure)
	in.SampleID = strings.TrimSpace(in.SampleID)
	switch {
	case in.Control == "":
		return audit.Errorf(audit.EINVALID, "control is required: a test tests one control")
	case utf8.RuneCountInString(in.Title) > maxTitle:
		return audit.Errorf(audit.EINVALID, "title is longer than %d characters", maxTitle)
	case utf8.RuneCountInString(in.Procedure) > maxProcedure:
		return audit.Errorf(audit.EINVALID, "procedure is longer than %d characters", maxProcedure)
	case len(in.Attributes) > maxAttributes:
		return audit.Errorf(audit.EINVALID, "a test has at most %d attributes (A to Z)", maxAttributes)
	}
	attrs := make([]Attribute, len(in.Attributes))
	for i, a := range in.Attributes {
		id := Letter(i)
		a.Description = strings.TrimSpace(a.Description)
		a.Exception = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(a.Exception), "."))
		switch {
		case a.Description == "":
			return audit.Errorf(audit.EINVALID, "attribute %s needs a description of what is tested", id)
		case utf8.RuneCountInString(a.Description) > maxDescription:
			return audit.Errorf(audit.EINVALID, "attribute %s's description is longer than %d characters", id, maxDescription)
		case utf8.RuneCountInString(a.Exception) > maxPhrase:
			return audit.Errorf(audit.EINVALID, "attribute %s's exception wording is longer than %d characters", id, maxPhrase)
		}
		attrs[i] = Attribute{ID: id, Description: a.Description, Exception: a.Exception}
	}
	conf, err := rate("confidence", in.Confidence)
	if err != nil {
		return err
	}
	tol, err := rate("tolerable rate", in.Tolerable)
	if err != nil {
		return err
	}
	if tol != "" && conf == "" {
		return audit.Errorf(audit.EINVALID, "a tolerable rate needs a confidence to evaluate the sample at (e.g. 95%%)")
	}
	t.Control, t.Title, t.Procedure, t.Attributes, t.SampleID = in.Control, in.Title, in.Procedure, attrs, in.SampleID
	t.Confidence, t.Tolerable = conf, tol
	return nil
}

// rate reads an evaluation rate ("95%" or 0.95) and writes it as a percent,
// exactly; empty stays empty.
func rate(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	r, err := sampling.ParseRate(s)
	if err != nil {
		return "", audit.Errorf(audit.EINVALID, "%s: %s", what, audit.ErrorMessage(err))
	}
	if r.Cmp(sampling.RateOf(0, 1)) <= 0 || r.Cmp(sampling.RateOf(1, 1)) >= 0 {
		return "", audit.Errorf(audit.EINVALID, "%s %s is not between 0 and 1: write 0.95 or 95%%", what, s)
	}
	return r.Percent(), nil
}

// recorded counts the cells of an attribute with anything in them.
func (t *Test) recorded(attr string) int {
	n := 0
	for k := range t.Cells {
		if strings.HasSuffix(k, "/"+attr) {
			n++
		}
	}
	return n
}

// cell checks an address against a sample of size items.
func (t *Test) cell(item int, attr string, size int) (string, error) {
	if t.SampleID == "" {
		return "", audit.Errorf(audit.EINVALID, "the test has no sample yet: link one before recording results")
	}
	if item < 1 || item > size {
		return "", audit.Errorf(audit.EINVALID, "the sample has no item %d: items are numbered 1 to %d", item, size)
	}
	for _, a := range t.Attributes {
		if a.ID == attr {
			return CellKey(item, attr), nil
		}
	}
	return "", audit.Errorf(audit.EINVALID, "the test has no attribute %q", attr)
}

// SetCell records a result and note for one item and attribute of a
// sample of size items. It reports false when nothing changes.
func (t *Test) SetCell(item int, attr, result, note string, size int, actor string, at time.Time) (Change, bool, error) {
	key, err := t.cell(item, attr, size)
	if err != nil {
		return Change{}, false, err
	}
	switch result {
	case Pending, Pass, Exception, NotApplicable:
	default:
		return Change{}, false, audit.Errorf(audit.EINVALID, "result %q must be pass, exception or not_applicable (or empty to clear it)", result)
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxNote {
		return Change{}, false, audit.Errorf(audit.EINVALID, "the note is longer than %d characters", maxNote)
	}
	c := t.Cells[key]
	if c.Result == result && c.Note == note {
		return Change{}, false, nil
	}
	c.Result, c.Note = result, note
	t.put(key, c)
	return t.edited("cell "+key, actor, at), true, nil
}

// AddPin pins evidence to a cell; the store checks that it exists.
func (t *Test) AddPin(item int, attr string, p Pin, size int, actor string, at time.Time) (Change, bool, error) {
	key, err := t.cell(item, attr, size)
	if err != nil {
		return Change{}, false, err
	}
	p.EvidenceID = strings.TrimSpace(p.EvidenceID)
	p.Sheet = strings.TrimSpace(p.Sheet)
	switch {
	case p.EvidenceID == "":
		return Change{}, false, audit.Errorf(audit.EINVALID, "a pin needs the evidence it points at")
	case p.Page < 0 || p.Row < 0 || p.Line < 0:
		return Change{}, false, audit.Errorf(audit.EINVALID, "a pin's page, row and line count from 1")
	case utf8.RuneCountInString(p.Sheet) > maxTitle:
		return Change{}, false, audit.Errorf(audit.EINVALID, "sheet name is longer than %d characters", maxTitle)
	}
	c := t.Cells[key]
	for _, q := range c.Pins {
		if q == p {
			return Change{}, false, nil
		}
	}
	if len(c.Pins) >= maxPins {
		return Change{}, false, audit.Errorf(audit.EINVALID, "cell %s already has %d pins", key, maxPins)
	}
	c.Pins = append(c.Pins, p)
	t.put(key, c)
	return t.edited("pins of cell "+key, actor, at), true, nil
}

// RemovePin unpins the i-th pin (from 0) of a cell.
func (t *Test) RemovePin(item int, attr string, i, size int, actor string, at time.Time) (Change, error) {
	key, err := t.cell(item, attr, size)
	if err != nil {
		return Change{}, err
	}
	c := t.Cells[key]
	if i < 0 || i >= len(c.Pins) {
		return Change{}, audit.Errorf(audit.ENOTFOUND, "cell %s has no pin %d", key, i+1)
	}
	c.Pins = append(c.Pins[:i:i], c.Pins[i+1:]...)
	t.put(key, c)
	return t.edited("pins of cell "+key, actor, at), nil
}

// put stores a cell, dropping it when it holds nothing.
func (t *Test) put(key string, c Cell) {
	if c.Result == Pending && c.Note == "" && len(c.Pins) == 0 {
		delete(t.Cells, key)
		return
	}
	if len(c.Pins) == 0 {
		c.Pins = nil
	}
	t.Cells[key] = c
}

// edited records an edit, clearing any sign-off, and says what it did.
func (t *Test) edited(what, actor string, at time.Time) Change {
	t.UpdatedAt, t.UpdatedBy = at, actor
	return Change{What: what, Cleared: t.ClearSignOffs("editing " + what)}
}

// ClearSignOffs removes both sign-offs and returns the sentence the trail
// records ("cleared preparer sign-off by editing cell 7/B"), or "" when
// nobody had signed.
func (t *Test) ClearSignOffs(by string) string {
	var who string
	switch {
	case t.Preparer != nil && t.Reviewer != nil:
		who = "preparer and reviewer sign-offs"
	case t.Preparer != nil:
		who = "preparer sign-off"
	case t.Reviewer != nil:
		who = "reviewer sign-off"
	default:
		return ""
	}
	t.Preparer, t.Reviewer = nil, nil
	return "cleared " + who + " by " + by
}

// Sign records a sign-off: the preparer's once every cell of a sample of
// size items holds a result, then the reviewer's, who is someone else.
func (t *Test) Sign(role string, size int, actor string, at time.Time) error {
	s := &SignOff{Actor: actor, At: at}
	switch role {
	case Preparer:
		if t.Preparer != nil {
			return audit.Errorf(audit.ECONFLICT, "the preparer already signed off (%s, %s)", t.Preparer.Actor, t.Preparer.At.Format(time.RFC3339))
		}
		sum := t.Summary(size)
		switch {
		case t.SampleID == "" || size == 0:
			return audit.Errorf(audit.EINVALID, "the test has no sample to sign off")
		case len(t.Attributes) == 0:
			return audit.Errorf(audit.EINVALID, "the test has no attributes to sign off")
		case t.Procedure == "":
			return audit.Errorf(audit.EINVALID, "write the test procedure before signing off")
		case sum.Pending > 0:
			return audit.Errorf(audit.EINVALID, "%d of %d results are not recorded: record pass, exception or not applicable in every cell before signing off", sum.Pending, sum.Cells)
		}
		t.Preparer = s
	case Reviewer:
		if t.Preparer == nil {
			return audit.Errorf(audit.EINVALID, "the reviewer signs off after the preparer, who has not")
		}
		if t.Reviewer != nil {
			return audit.Errorf(audit.ECONFLICT, "the reviewer already signed off (%s, %s)", t.Reviewer.Actor, t.Reviewer.At.Format(time.RFC3339))
		}
		// A review is a second pair of eyes, as for findings.
		if t.Preparer.Actor == actor {
			return audit.Errorf(audit.EINVALID, "%s prepared test %s: the reviewer must be someone else", actor, t.ID)
		}
		t.Reviewer = s
	default:
		return audit.Errorf(audit.EINVALID, "role %q must be preparer or reviewer", role)
	}
	return nil
}
