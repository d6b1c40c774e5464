// Package findings holds what an audit produces: the exceptions register
// built from the tests, findings with their classification and workflow
// (draft → in review → issued → response received → final), management's
// responses, and the starting templates for common SOC 2 findings.
package findings

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/scope"
)

// Longest accepted texts.
const (
	maxTitle = 200
	maxLine  = 200
	maxText  = 20000
	maxList  = 500
)

// EvidenceRef points at a place in an evidence file. Name and SHA256 are
// filled in from the evidence record when the finding is saved, so that an
// issued finding names the file and its hash even where the file is absent
// (in the responder's copy).
type EvidenceRef struct {
	EvidenceID string `json:"evidence_id"`
	Name       string `json:"name"`
	SHA256     string `json:"sha256"`
	audit.Locator
}

// ExceptionRef points at one exception cell of a test's grid.
type ExceptionRef struct {
	TestID    string `json:"test_id"`
	Item      int    `json:"item"`      // the sample item's number, from 1
	Attribute string `json:"attribute"` // A, B, C …
}

// String is the reference as a workpaper writes it: "T-3 item 7/B".
func (r ExceptionRef) String() string {
	return fmt.Sprintf("%s item %d/%s", r.TestID, r.Item, r.Attribute)
}

// SignOff is who signed, when, and which version of the finding.
type SignOff struct {
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
	Version string    `json:"version,omitempty"`
}

// Override is the auditor overruling the proposed classification.
type Override struct {
	Classification deficiency.Classification `json:"classification"`
	// Opinion is the likely opinion as the auditor judges it; empty keeps
	// the proposed one.
	Opinion   deficiency.Opinion `json:"opinion,omitempty"`
	Rationale string             `json:"rationale"` // why, in writing; required
	By        string             `json:"by"`
	At        time.Time          `json:"at"`
}

// Evaluation is the guided evaluation behind a finding's classification:
// what the auditor judged, what it proposes, and any override.
type Evaluation struct {
	// Input is the deficiency as judged. Its Ref is the finding's ID and
	// its Related list is filled in from the engagement's other findings
	// when the finding is saved.
	Input    deficiency.Input  `json:"input"`
	Proposed deficiency.Result `json:"proposed"`
	Override *Override         `json:"override,omitempty"`
}

// Opinion is the likely opinion: the override's when it gives one; after
// an override that gives none, unmodified short of a material weakness and
// at least qualified for one; else the proposal's.
func (e *Evaluation) Opinion() deficiency.Opinion {
	o := e.Override
	switch {
	case o == nil:
		return e.Proposed.Opinion
	case o.Opinion != "":
		return o.Opinion
	case o.Classification != deficiency.MaterialWeakness:
		return deficiency.Unmodified
	case e.Proposed.Opinion == deficiency.Unmodified:
		return deficiency.Qualified
	}
	return e.Proposed.Opinion
}

// Finding is one finding of an engagement.
type Finding struct {
	ID        string   `json:"id"` // F-001, F-002 …, assigned by the store
	Title     string   `json:"title"`
	Condition string   `json:"condition"` // what was found
	Criteria  []string `json:"criteria"`  // the trust services criteria not met, catalogue order
	// CriterionText is what should have been, in the finding's own words
	// (the policy or criterion the condition falls short of); empty, the
	// report quotes the criteria catalogue instead.
	CriterionText  string                    `json:"criterion_text,omitempty"`
	Cause          string                    `json:"cause"`
	Effect         string                    `json:"effect"`
	Recommendation string                    `json:"recommendation"`
	Classification deficiency.Classification `json:"classification"` // empty until evaluated
	Rationale      string                    `json:"rationale"`      // why: the override's, else the evaluation's explanation
	Evaluation     *Evaluation               `json:"evaluation,omitempty"`
	Controls       []string                  `json:"controls"`
	Exceptions     []ExceptionRef            `json:"exceptions"`
	Evidence       []EvidenceRef             `json:"evidence"`
	Owner          string                    `json:"owner"`              // who in management answers for it
	Template       string                    `json:"template,omitempty"` // the template it started from

	Status   Status   `json:"status"`
	History  []Step   `json:"history"`            // oldest first
	Preparer *SignOff `json:"preparer,omitempty"` // who submitted it for review
	Reviewer *SignOff `json:"reviewer,omitempty"` // the review sign-off; cleared by an edit
	// Version is the content hash of the substantive fields (Hash).
	Version       string     `json:"version"`
	IssuedVersion string     `json:"issued_version,omitempty"` // the version last issued
	IssuedAt      *time.Time `json:"issued_at,omitempty"`
	// ChangedSinceIssue is true when the content differs from the version
	// issued: a response to the issued version no longer fits it.
	ChangedSinceIssue bool `json:"changed_since_issue"`

	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Input is what the finding editor sends: the content, and the evaluation
// as judged. Status, sign-offs and versions move only through the workflow.
type Input struct {
	Title          string         `json:"title"`
	Condition      string         `json:"condition"`
	Criteria       []string       `json:"criteria"`
	CriterionText  string         `json:"criterion_text,omitempty"`
	Cause          string         `json:"cause"`
	Effect         string         `json:"effect"`
	Recommendation string         `json:"recommendation"`
	Controls       []string       `json:"controls"`
	Exceptions     []ExceptionRef `json:"exceptions"`
	Evidence       []EvidenceRef  `json:"evidence"`
	Owner          string         `json:"owner"`
	Template       string         `json:"template,omitempty"`
	// Evaluation is the deficiency as judged (its Related list is ignored:
	// the store fills it in), or nil before the evaluation.
	Evaluation *deficiency.Input `json:"evaluation,omitempty"`
	// Override overrules the proposal; its rationale is required. By and
	// At are set by the store.
	Override *Override `json:"override,omitempty"`
}

var idPattern = regexp.MustCompile(`^F-(\d{3,})$`)

// ID returns the n-th finding ID: F-001 … F-999, F-1000 ….
func ID(n int) string { return fmt.Sprintf("F-%03d", n) }

// Number returns the number in a finding ID, or 0 for anything else.
func Number(id string) int {
	m := idPattern.FindStringSubmatch(id)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// Compare orders findings by number.
func Compare(a, b Finding) int { return cmp.Compare(Number(a.ID), Number(b.ID)) }

// Sort orders findings by number.
func Sort(fs []Finding) { slices.SortFunc(fs, Compare) }

// Normalize trims the texts and orders the lists, so that equal content
// has equal hashes.
func (in *Input) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Condition = strings.TrimSpace(in.Condition)
	in.CriterionText = strings.TrimSpace(in.CriterionText)
	in.Cause = strings.TrimSpace(in.Cause)
	in.Effect = strings.TrimSpace(in.Effect)
	in.Recommendation = strings.TrimSpace(in.Recommendation)
	in.Owner = strings.TrimSpace(in.Owner)
	in.Template = strings.TrimSpace(in.Template)
	in.Criteria = deficiency.Criteria(in.Criteria)
	ctl := make([]string, 0, len(in.Controls))
	for _, c := range in.Controls {
		ctl = append(ctl, strings.TrimSpace(c))
	}
	slices.SortFunc(ctl, scope.CompareIDs)
	in.Controls = slices.Compact(ctl)
	ex := slices.Clone(in.Exceptions)
	for i := range ex {
		ex[i].TestID, ex[i].Attribute = strings.TrimSpace(ex[i].TestID), strings.ToUpper(strings.TrimSpace(ex[i].Attribute))
	}
	slices.SortFunc(ex, func(a, b ExceptionRef) int {
		return cmp.Or(scope.CompareIDs(a.TestID, b.TestID), cmp.Compare(a.Item, b.Item), strings.Compare(a.Attribute, b.Attribute))
	})
	in.Exceptions = slices.Compact(ex)
	in.Evidence = normalRefs(in.Evidence)
	if in.Evaluation != nil {
		e := *in.Evaluation
		e.Related = nil
		e.Normalize()
		in.Evaluation = &e
	}
	if in.Override != nil {
		o := *in.Override
		o.Rationale = strings.TrimSpace(o.Rationale)
		o.Classification = deficiency.Classification(strings.TrimSpace(string(o.Classification)))
		o.Opinion = deficiency.Opinion(strings.TrimSpace(string(o.Opinion)))
		in.Override = &o
	}
}

// normalRefs trims evidence references and sorts them without repeats.
func normalRefs(refs []EvidenceRef) []EvidenceRef {
	ev := slices.Clone(refs)
	for i := range ev {
		ev[i].EvidenceID = strings.TrimSpace(ev[i].EvidenceID)
		ev[i].Sheet = strings.TrimSpace(ev[i].Sheet)
	}
	slices.SortFunc(ev, compareRefs)
	// The same place twice is one reference, whether or not its name and
	// hash were filled in yet.
	return slices.CompactFunc(ev, func(a, b EvidenceRef) bool { return compareRefs(a, b) == 0 })
}

func compareRefs(a, b EvidenceRef) int {
	return cmp.Or(strings.Compare(a.EvidenceID, b.EvidenceID), cmp.Compare(a.Page, b.Page),
		strings.Compare(a.Sheet, b.Sheet), cmp.Compare(a.Row, b.Row), cmp.Compare(a.Line, b.Line))
}

// Validate names the first rule a normalized input breaks. A draft may be
// incomplete; what issuing needs is checked when it is submitted.
func (in *Input) Validate() error {
	for _, f := range []struct {
		name, value string
		max         int
		line        bool
	}{
		{"title", in.Title, maxTitle, true},
		{"owner", in.Owner, maxLine, true},
		{"template", in.Template, maxLine, true},
		{"condition", in.Condition, maxText, false},
		{"criterion text", in.CriterionText, maxText, false},
		{"cause", in.Cause, maxText, false},
		{"effect", in.Effect, maxText, false},
		{"recommendation", in.Recommendation, maxText, false},
	} {
		if err := validText(f.name, f.value, f.max, f.line); err != nil {
			return err
		}
	}
	if in.Title == "" {
		return audit.Errorf(audit.EINVALID, "a finding needs a title")
	}
	if len(in.Criteria) > maxList || len(in.Controls) > maxList || len(in.Exceptions) > maxList || len(in.Evidence) > maxList {
		return audit.Errorf(audit.EINVALID, "a finding holds at most %d criteria, controls, exceptions and evidence references each", maxList)
	}
	for _, c := range in.Criteria {
		if _, ok := scope.Lookup(c); !ok {
			return audit.Errorf(audit.EINVALID, "unknown criterion %q", c)
		}
	}
	for _, c := range in.Controls {
		if err := validText("control id", c, 64, true); err != nil || c == "" {
			return audit.Errorf(audit.EINVALID, "control id %q is blank or not one line of at most 64 characters", c)
		}
	}
	for _, x := range in.Exceptions {
		if x.TestID == "" || x.Item < 1 || x.Attribute == "" {
			return audit.Errorf(audit.EINVALID, "exception %s needs a test, an item number from 1 and an attribute", x)
		}
	}
	if err := validRefs(in.Evidence); err != nil {
		return err
	}
	if in.Evaluation != nil {
		if err := in.Evaluation.Validate(); err != nil {
			return err
		}
	}
	if o := in.Override; o != nil {
		switch {
		case in.Evaluation == nil:
			return audit.Errorf(audit.EINVALID, "evaluate the deficiency before overruling the proposal")
		case !o.Classification.Valid():
			return audit.Errorf(audit.EINVALID, "override classification %q must be control_deficiency, significant_deficiency or material_weakness", o.Classification)
		case o.Opinion != "" && !o.Opinion.Valid():
			return audit.Errorf(audit.EINVALID, "override opinion %q must be unmodified, qualified or adverse", o.Opinion)
		case o.Rationale == "":
			return audit.Errorf(audit.EINVALID, "an override needs a written rationale: say why the proposal is overruled")
		}
		if err := validText("override rationale", o.Rationale, maxText, false); err != nil {
			return err
		}
	}
	return nil
}

func validText(field, s string, max int, line bool) error {
	switch {
	case !utf8.ValidString(s):
		return audit.Errorf(audit.EINVALID, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > max:
		return audit.Errorf(audit.EINVALID, "%s is longer than %d characters", field, max)
	case strings.ContainsFunc(s, func(r rune) bool {
		return r == 0x7f || r < 0x20 && (line || r != '\n' && r != '\t' && r != '\r')
	}):
		return audit.Errorf(audit.EINVALID, "%s contains control characters", field)
	}
	return nil
}

// content is what a finding says: the fields whose hash is its version.
// Changing the order or names of these fields changes every version.
type content struct {
	Title          string                    `json:"title"`
	Condition      string                    `json:"condition"`
	Criteria       []string                  `json:"criteria"`
	Cause          string                    `json:"cause"`
	Effect         string                    `json:"effect"`
	Recommendation string                    `json:"recommendation"`
	Classification deficiency.Classification `json:"classification"`
	Rationale      string                    `json:"rationale"`
	Controls       []string                  `json:"controls"`
	Exceptions     []ExceptionRef            `json:"exceptions"`
	Evidence       []EvidenceRef             `json:"evidence"`
	Owner          string                    `json:"owner"`
	// Added later: omitted when empty, so older findings keep their versions.
	CriterionText string `json:"criterion_text,omitempty"`
}

func (f *Finding) content() content {
	return content{f.Title, f.Condition, nonNil(f.Criteria), f.Cause, f.Effect, f.Recommendation,
		f.Classification, f.Rationale, nonNil(f.Controls), nonNil(f.Exceptions), nonNil(f.Evidence), f.Owner, f.CriterionText}
}

// Hash is the finding's version: the hex SHA-256 of the canonical JSON of
// its substantive fields — a fixed field order, lists sorted, texts
// trimmed, no insignificant space. Workflow fields (status, sign-offs,
// dates) and the evaluation's workings are not part of it.
func (f *Finding) Hash() string {
	b, err := json.Marshal(f.content())
	if err != nil {
		panic(err) // strings, ints and slices of them always encode
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// apply sets the content from a normalized, validated input.
func (f *Finding) apply(in Input) {
	f.Title, f.Condition, f.Criteria, f.CriterionText = in.Title, in.Condition, nonNil(in.Criteria), in.CriterionText
	f.Cause, f.Effect, f.Recommendation = in.Cause, in.Effect, in.Recommendation
	f.Controls, f.Exceptions, f.Evidence = nonNil(in.Controls), nonNil(in.Exceptions), nonNil(in.Evidence)
	f.Owner, f.Template = in.Owner, in.Template
}

// Related lists the deficiencies of the other findings (not id) that share
// a criterion with d, to evaluate together with it.
func Related(id string, d deficiency.Deficiency, others []Finding) []deficiency.Deficiency {
	out := []deficiency.Deficiency{}
	for _, o := range others {
		if o.ID == id || o.Evaluation == nil {
			continue
		}
		od := o.Evaluation.Input.Deficiency
		od.Ref = o.ID
		if slices.ContainsFunc(od.Criteria, func(c string) bool { return slices.Contains(d.Criteria, c) }) {
			out = append(out, od)
		}
	}
	return out
}

// FillCompensating gives a compensating control that names no criteria
// those it maps to in the control matrix; ENOTFOUND for a control not in
// it. d itself is left as it was.
func FillCompensating(d deficiency.Deficiency, controls []scope.Control) (deficiency.Deficiency, error) {
	if !slices.ContainsFunc(d.Compensating, func(c deficiency.Compensating) bool { return len(c.Criteria) == 0 }) {
		return d, nil
	}
	d.Compensating = slices.Clone(d.Compensating)
	for i, c := range d.Compensating {
		if len(c.Criteria) > 0 {
			continue
		}
		j := slices.IndexFunc(controls, func(x scope.Control) bool { return x.ID == strings.TrimSpace(c.Control) })
		if j < 0 {
			return d, audit.Errorf(audit.ENOTFOUND, "no control %s", c.Control)
		}
		d.Compensating[i].Criteria = controls[j].Criteria
	}
	return d, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// validRefs checks each evidence reference names a file and a valid place.
func validRefs(refs []EvidenceRef) error {
	for _, e := range refs {
		if e.EvidenceID == "" {
			return audit.Errorf(audit.EINVALID, "an evidence reference needs the evidence ID")
		}
		if err := e.Locator.Validate(); err != nil {
			return err
		}
	}
	return nil
}
