package findings

import (
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
)

// Status is where a finding stands.
//
//	draft → in review → issued → response received → final
//	        ↑ returned    │  reopened ↑               │
//	        └─────────────┴───────────┴───────────────┘ (issued, response received → in review)
type Status string

const (
	Draft            Status = "draft"             // being written
	InReview         Status = "in_review"         // submitted; waits for the reviewer's sign-off
	Issued           Status = "issued"            // signed off and sent to management
	ResponseReceived Status = "response_received" // management's response is in
	Final            Status = "final"             // closed; no more changes
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{Draft, InReview, Issued, ResponseReceived, Final}

// Step is one move of a finding through its workflow, as the trail and the
// finding's history record it.
type Step struct {
	Status  Status    `json:"status"`            // where it moved to
	Action  string    `json:"action"`            // the step's name: "submitted for review", "issued", …
	Actor   string    `json:"actor"`             // who
	At      time.Time `json:"at"`                // when, UTC
	Comment string    `json:"comment,omitempty"` // why, where the step asks for it
	Version string    `json:"version"`           // the finding's version at the step
}

// moves names each allowed move.
var moves = map[Status]map[Status]string{
	Draft:            {InReview: "submitted for review"},
	InReview:         {Draft: "returned to draft", Issued: "issued"},
	Issued:           {InReview: "reopened", Final: "finalised without a response"},
	ResponseReceived: {InReview: "reopened", Final: "finalised"},
}

// CanMove reports whether a finding may move between two statuses by hand.
func CanMove(from, to Status) bool { _, ok := moves[from][to]; return ok }

// New makes a draft finding from an input; the store assigns the ID and
// evaluates it against the other findings (Evaluate), then seals it.
func New(id string, in Input, actor string, at time.Time) (Finding, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return Finding{}, err
	}
	f := Finding{ID: id, Status: Draft, CreatedAt: at.UTC(), CreatedBy: actor}
	f.apply(in)
	f.setEvaluation(in, nil, actor, at)
	f.History = []Step{{Status: Draft, Action: "created", Actor: actor, At: at.UTC()}}
	return f, nil
}

// Edit replaces the content with in. A final finding cannot change. The
// store then evaluates and seals it, which says what changed.
func (f *Finding) Edit(in Input, actor string, at time.Time) error {
	if f.Status == Final {
		return audit.Errorf(audit.ECONFLICT, "finding %s is final and cannot change", f.ID)
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	old := f.Evaluation
	f.apply(in)
	f.setEvaluation(in, old, actor, at)
	return nil
}

// Cite adds a place in an evidence file to the finding's evidence, as the
// editor would with the rest unchanged: from a search hit or the viewer.
func (f *Finding) Cite(ref EvidenceRef) error {
	if f.Status == Final {
		return audit.Errorf(audit.ECONFLICT, "finding %s is final and cannot change", f.ID)
	}
	refs := normalRefs(append(slices.Clone(f.Evidence), ref))
	if len(refs) > maxList {
		return audit.Errorf(audit.EINVALID, "finding %s already cites %d places in evidence, the most it holds", f.ID, maxList)
	}
	if err := validRefs(refs); err != nil {
		return err
	}
	f.Evidence = refs
	return nil
}

// setEvaluation keeps the judged input and the override; an override
// unchanged from the one stored keeps who made it and when.
func (f *Finding) setEvaluation(in Input, old *Evaluation, actor string, at time.Time) {
	if in.Evaluation == nil {
		f.Evaluation = nil
		return
	}
	e := &Evaluation{Input: *in.Evaluation}
	if o := in.Override; o != nil {
		ov := Override{Classification: o.Classification, Opinion: o.Opinion, Rationale: o.Rationale, By: actor, At: at.UTC()}
		if old != nil && old.Override != nil && old.Override.Classification == ov.Classification &&
			old.Override.Opinion == ov.Opinion && old.Override.Rationale == ov.Rationale {
			ov.By, ov.At = old.Override.By, old.Override.At
		}
		e.Override = &ov
	}
	f.Evaluation = e
}

// Evaluate runs the guided evaluation against the engagement's other
// findings and sets the classification and rationale: the override's,
// else the proposal's with its explanation.
func (f *Finding) Evaluate(others []Finding) error {
	if f.Evaluation == nil {
		f.Classification, f.Rationale = "", ""
		return nil
	}
	in := f.Evaluation.Input
	in.Ref = f.ID
	in.Related = Related(f.ID, in.Deficiency, others)
	res, err := deficiency.Evaluate(in)
	if err != nil {
		return err
	}
	in.Normalize()
	f.Evaluation.Input, f.Evaluation.Proposed = in, res
	if o := f.Evaluation.Override; o != nil {
		f.Classification, f.Rationale = o.Classification, "Overruled (proposed: "+res.Classification.Label()+"): "+o.Rationale
		return nil
	}
	f.Classification, f.Rationale = res.Classification, strings.Join(res.Explanation, " ")
	return nil
}

// Seal recomputes the version after a change and returns the names of the
// fields that changed since old (nil for a new finding) and, when the
// change cleared the reviewer's sign-off, the sentence that says so.
func (f *Finding) Seal(old *Finding, actor string, at time.Time) (changed []string, cleared string) {
	f.Version = f.Hash()
	f.ChangedSinceIssue = f.IssuedVersion != "" && f.Version != f.IssuedVersion
	if old == nil {
		f.UpdatedAt, f.UpdatedBy = f.CreatedAt, f.CreatedBy
		return nil, ""
	}
	a, b := old.content(), f.content()
	for _, c := range []struct {
		name string
		same bool
	}{
		{"title", a.Title == b.Title},
		{"condition", a.Condition == b.Condition},
		{"criteria", slices.Equal(a.Criteria, b.Criteria)},
		{"cause", a.Cause == b.Cause},
		{"effect", a.Effect == b.Effect},
		{"recommendation", a.Recommendation == b.Recommendation},
		{"classification", a.Classification == b.Classification},
		{"rationale", a.Rationale == b.Rationale},
		{"controls", slices.Equal(a.Controls, b.Controls)},
		{"exceptions", slices.Equal(a.Exceptions, b.Exceptions)},
		{"evidence", slices.Equal(a.Evidence, b.Evidence)},
		{"owner", a.Owner == b.Owner},
		{"evaluation", sameEvaluation(old.Evaluation, f.Evaluation)},
		{"template", old.Template == f.Template},
	} {
		if !c.same {
			changed = append(changed, c.name)
		}
	}
	if len(changed) == 0 {
		return nil, ""
	}
	f.UpdatedAt, f.UpdatedBy = at.UTC(), actor
	if f.Reviewer != nil && f.Reviewer.Version != f.Version {
		cleared = "cleared the reviewer sign-off of " + f.Reviewer.Actor + " by editing " + strings.Join(changed, ", ")
		f.Reviewer = nil
	}
	return changed, cleared
}

func sameEvaluation(a, b *Evaluation) bool {
	if a == nil || b == nil {
		return a == b
	}
	ja, jb := mustJSON(a), mustJSON(b)
	return ja == jb
}

// Move moves the finding along its workflow and returns the step. A
// return to draft, a reopening and finalising without a response need a
// comment; issuing needs the reviewer's sign-off of the current version;
// "response received" comes only from importing a response (Received).
func (f *Finding) Move(to Status, actor, comment string, at time.Time) (Step, error) {
	comment = strings.TrimSpace(comment)
	if to == ResponseReceived {
		return Step{}, audit.Errorf(audit.EINVALID, "finding %s moves to response received when management's response is imported", f.ID)
	}
	if !slices.Contains(Statuses, to) {
		return Step{}, audit.Errorf(audit.EINVALID, "status %q must be one of draft, in_review, issued, response_received, final", to)
	}
	action, ok := moves[f.Status][to]
	if !ok {
		return Step{}, audit.Errorf(audit.EINVALID, "finding %s cannot move from %s to %s", f.ID, words(f.Status), words(to))
	}
	if err := validText("comment", comment, maxText, false); err != nil {
		return Step{}, err
	}
	switch {
	case to == Draft && comment == "":
		return Step{}, audit.Errorf(audit.EINVALID, "say what to rework when returning finding %s to draft", f.ID)
	case action == "reopened" && comment == "":
		return Step{}, audit.Errorf(audit.EINVALID, "say why finding %s is reopened after it was issued", f.ID)
	case f.Status == Issued && to == Final && comment == "":
		return Step{}, audit.Errorf(audit.EINVALID, "say why finding %s is final without a management response", f.ID)
	case to == InReview:
		if err := f.complete(); err != nil {
			return Step{}, err
		}
		f.Preparer, f.Reviewer = &SignOff{Actor: actor, At: at.UTC(), Version: f.Version}, nil
	case to == Draft:
		f.Reviewer = nil
	case to == Issued:
		switch {
		case f.Reviewer == nil:
			return Step{}, audit.Errorf(audit.EINVALID, "finding %s needs the reviewer's sign-off before it is issued", f.ID)
		case f.Reviewer.Version != f.Version:
			return Step{}, audit.Errorf(audit.EINVALID, "finding %s changed after the reviewer signed off: sign off again", f.ID)
		}
		t := at.UTC()
		f.IssuedVersion, f.IssuedAt, f.ChangedSinceIssue = f.Version, &t, false
	}
	return f.step(to, action, actor, comment, at), nil
}

// complete checks that a finding says enough to be reviewed and issued.
func (f *Finding) complete() error {
	var missing []string
	if f.Condition == "" {
		missing = append(missing, "condition")
	}
	if len(f.Criteria) == 0 {
		missing = append(missing, "criteria")
	}
	if f.Recommendation == "" {
		missing = append(missing, "recommendation")
	}
	if f.Classification == "" {
		missing = append(missing, "classification (evaluate the deficiency)")
	}
	if len(missing) > 0 {
		return audit.Errorf(audit.EINVALID, "finding %s cannot go to review without its %s", f.ID, strings.Join(missing, ", "))
	}
	return nil
}

// SignOff records the reviewer's sign-off of the current version. The
// reviewer must be someone other than the preparer: a review is a second
// pair of eyes, so one person cannot both prepare and sign off.
func (f *Finding) SignOff(actor string, at time.Time) (Step, error) {
	switch {
	case f.Status != InReview:
		return Step{}, audit.Errorf(audit.EINVALID, "finding %s is %s: the reviewer signs off a finding in review", f.ID, words(f.Status))
	case f.Preparer != nil && f.Preparer.Actor == actor:
		return Step{}, audit.Errorf(audit.EINVALID, "%s prepared finding %s: the reviewer must be someone else", actor, f.ID)
	case f.Reviewer != nil && f.Reviewer.Version == f.Version:
		return Step{}, audit.Errorf(audit.ECONFLICT, "%s already signed off finding %s", f.Reviewer.Actor, f.ID)
	}
	f.Reviewer = &SignOff{Actor: actor, At: at.UTC(), Version: f.Version}
	return f.step(InReview, "signed off by the reviewer", actor, "", at), nil
}

// Received records that management's response arrived: an issued finding
// moves to response received. It reports false when the finding already
// was there, and refuses any other status.
func (f *Finding) Received(actor, packetID string, at time.Time) (Step, bool, error) {
	switch f.Status {
	case ResponseReceived:
		return Step{}, false, nil
	case Issued:
		return f.step(ResponseReceived, "response received", actor, "packet "+packetID, at), true, nil
	}
	return Step{}, false, audit.Errorf(audit.ECONFLICT, "finding %s is %s, not issued: a response cannot be taken in", f.ID, words(f.Status))
}

func (f *Finding) step(to Status, action, actor, comment string, at time.Time) Step {
	s := Step{Status: to, Action: action, Actor: actor, At: at.UTC(), Comment: comment, Version: f.Version}
	f.Status = to
	f.History = append(f.History, s)
	return s
}

func words(s Status) string { return strings.ReplaceAll(string(s), "_", " ") }
