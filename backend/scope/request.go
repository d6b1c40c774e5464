package scope

import (
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
)

// Status is where a PBC request stands.
//
//	open → received → accepted
//	                → flagged → resubmitted → accepted | flagged
type Status string

const (
	Open        Status = "open"        // asked for, nothing handed over yet
	Received    Status = "received"    // evidence has been linked to it
	Accepted    Status = "accepted"    // the reviewer accepts what was handed over
	Flagged     Status = "flagged"     // the reviewer sends it back, with a comment
	Resubmitted Status = "resubmitted" // new evidence after a flag
)

// Statuses lists every status in the order a request moves through them.
var Statuses = []Status{Open, Received, Accepted, Flagged, Resubmitted}

// next lists the moves each status allows.
var next = map[Status][]Status{
	Open:        {Received},
	Received:    {Accepted, Flagged},
	Flagged:     {Resubmitted},
	Resubmitted: {Accepted, Flagged},
	Accepted:    {Flagged}, // a reviewer may take an acceptance back
}

// CanMove reports whether a request may go from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(next[from], to) }

// StatusChange is one step of a request's history.
type StatusChange struct {
	Status  Status    `json:"status"`            // the status it moved to
	Actor   string    `json:"actor"`             // who moved it
	At      time.Time `json:"at"`                // when, UTC
	Comment string    `json:"comment,omitempty"` // why; required for a flag
}

// Request is one line of the PBC list.
type Request struct {
	ID          string         `json:"id"`          // the list's own reference, e.g. "PBC-012"
	Description string         `json:"description"` // what is asked for
	Controls    []string       `json:"controls"`    // the controls it evidences
	Owner       string         `json:"owner,omitempty"`
	Due         string         `json:"due,omitempty"` // YYYY-MM-DD; empty when not set
	Status      Status         `json:"status"`
	History     []StatusChange `json:"history"`  // oldest first; the first entry is the creation
	Evidence    []string       `json:"evidence"` // IDs of evidence linked to it
}

// Normalize trims the texts and sorts the control IDs.
func (r *Request) Normalize() {
	r.ID = strings.TrimSpace(r.ID)
	r.Description = strings.TrimSpace(r.Description)
	r.Owner = strings.TrimSpace(r.Owner)
	r.Due = strings.TrimSpace(r.Due)
	ctl := make([]string, 0, len(r.Controls))
	for _, c := range r.Controls {
		if c = strings.TrimSpace(c); c != "" {
			ctl = append(ctl, c)
		}
	}
	slices.Sort(ctl)
	r.Controls = slices.Compact(ctl)
	if r.Status == "" {
		r.Status = Open
	}
	if r.History == nil {
		r.History = []StatusChange{}
	}
	if r.Evidence == nil {
		r.Evidence = []string{}
	}
}

// Validate reports the first rule the request breaks as an EINVALID error.
func (r *Request) Validate() error {
	if err := validID("request id", r.ID); err != nil {
		return err
	}
	if err := validText("description of request "+r.ID, r.Description); err != nil {
		return err
	}
	if err := validLine("owner of request "+r.ID, r.Owner, maxTitleLen, false); err != nil {
		return err
	}
	if r.Due != "" {
		if _, err := audit.ParseDate("due date of request "+r.ID, r.Due); err != nil {
			return err
		}
	}
	if !slices.Contains(Statuses, r.Status) {
		return audit.Errorf(audit.EINVALID, "status %q of request %s is not one of open, received, accepted, flagged, resubmitted", r.Status, r.ID)
	}
	for _, c := range r.Controls {
		if err := validID("control id of request "+r.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// Move records a status change made by actor at a time. It returns EINVALID
// for a move the workflow does not allow and for a flag without a comment.
func (r *Request) Move(to Status, actor, comment string, at time.Time) error {
	comment = strings.TrimSpace(comment)
	if !slices.Contains(Statuses, to) {
		return audit.Errorf(audit.EINVALID, "status %q is not one of open, received, accepted, flagged, resubmitted", to)
	}
	if !CanMove(r.Status, to) {
		return audit.Errorf(audit.EINVALID, "request %s is %s and cannot become %s", r.ID, r.Status, to)
	}
	if to == Flagged && comment == "" {
		return audit.Errorf(audit.EINVALID, "flagging request %s needs a comment saying what is wrong", r.ID)
	}
	if err := validText("comment", comment); err != nil {
		return err
	}
	r.Status = to
	r.History = append(r.History, StatusChange{Status: to, Actor: actor, At: at.UTC(), Comment: comment})
	return nil
}

// Overdue reports whether the request is due before today and not accepted.
func (r *Request) Overdue(today string) bool {
	return r.Due != "" && r.Due < today && r.Status != Accepted
}

// Changes lists the imported fields that differ from old to r.
func (r *Request) Changes(old Request) []FieldChange {
	var out []FieldChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, FieldChange{field, from, to})
		}
	}
	add("description", old.Description, r.Description)
	add("controls", strings.Join(old.Controls, ", "), strings.Join(r.Controls, ", "))
	add("owner", old.Owner, r.Owner)
	add("due", old.Due, r.Due)
	return out
}
