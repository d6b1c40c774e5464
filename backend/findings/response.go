package findings

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
)

// Position is management's answer to a finding.
type Position string

const (
	Agree          Position = "agree"
	PartiallyAgree Position = "partially_agree"
	Disagree       Position = "disagree"
)

// ResponseEvidence is a file management sent with a response. Its content
// travels in the response packet and is imported as evidence with the
// provenance "provided by management".
type ResponseEvidence struct {
	EvidenceID string `json:"evidence_id"`
	Name       string `json:"name"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size"`
}

// Answer is what management writes: the part of a response that travels
// in a packet and is the same on both sides.
type Answer struct {
	FindingID string `json:"finding_id"`
	// FindingVersion is the version (content hash) of the finding the
	// response answers, as management received it.
	FindingVersion   string             `json:"finding_version"`
	Position         Position           `json:"position"`
	Text             string             `json:"text"`
	CorrectiveAction string             `json:"corrective_action"`
	Owner            string             `json:"owner"`
	TargetDate       string             `json:"target_date"` // YYYY-MM-DD
	Responder        string             `json:"responder"`   // the person answering, by name
	RespondedAt      time.Time          `json:"responded_at"`
	Evidence         []ResponseEvidence `json:"evidence"`
}

// Confirmation records that the auditor took in a response although the
// finding had changed since the version it answers.
type Confirmation struct {
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Version string    `json:"version"` // the finding's version when confirmed
}

// Response is management's response to one finding, as stored: the answer,
// and on the auditor's side where it came from.
type Response struct {
	Answer
	PacketID   string        `json:"packet_id,omitempty"` // the response packet it arrived in
	ReceivedAt *time.Time    `json:"received_at,omitempty"`
	ReceivedBy string        `json:"received_by,omitempty"`
	Confirmed  *Confirmation `json:"confirmed,omitempty"`
}

// Normalize trims the texts and orders the evidence.
func (a *Answer) Normalize() {
	a.FindingID = strings.TrimSpace(a.FindingID)
	a.Position = Position(strings.ToLower(strings.TrimSpace(string(a.Position))))
	a.Text = strings.TrimSpace(a.Text)
	a.CorrectiveAction = strings.TrimSpace(a.CorrectiveAction)
	a.Owner = strings.TrimSpace(a.Owner)
	a.TargetDate = strings.TrimSpace(a.TargetDate)
	a.Responder = strings.TrimSpace(a.Responder)
	a.RespondedAt = a.RespondedAt.UTC()
	ev := slices.Clone(a.Evidence)
	slices.SortFunc(ev, func(x, y ResponseEvidence) int { return strings.Compare(x.EvidenceID, y.EvidenceID) })
	a.Evidence = nonNil(slices.CompactFunc(ev, func(x, y ResponseEvidence) bool { return x.EvidenceID == y.EvidenceID }))
}

// Validate names the first rule a normalized answer breaks. Agreeing, in
// whole or in part, commits to a corrective action: who does it and by
// when. Disagreeing needs only the reasons.
func (a *Answer) Validate() error {
	if Number(a.FindingID) == 0 {
		return audit.Errorf(audit.EINVALID, "%q is not a finding ID like F-001", a.FindingID)
	}
	for _, f := range []struct {
		name, value string
		max         int
		line        bool
	}{
		{"response text", a.Text, maxText, false},
		{"corrective action", a.CorrectiveAction, maxText, false},
		{"owner", a.Owner, maxLine, true},
		{"responder", a.Responder, maxLine, true},
	} {
		if err := validText(f.name, f.value, f.max, f.line); err != nil {
			return audit.Errorf(audit.EINVALID, "response to %s: %s", a.FindingID, audit.ErrorMessage(err))
		}
	}
	fail := func(format string, args ...any) error {
		return audit.Errorf(audit.EINVALID, "response to "+a.FindingID+": "+format, args...)
	}
	switch {
	case a.Position != Agree && a.Position != PartiallyAgree && a.Position != Disagree:
		return fail("position %q must be agree, partially_agree or disagree", a.Position)
	case a.Text == "":
		return fail("write the response text")
	case a.Responder == "":
		return fail("name the person responding")
	case len(a.FindingVersion) != 64:
		return fail("the version of the finding it answers is missing")
	case len(a.Evidence) > maxList:
		return fail("at most %d evidence files", maxList)
	case a.Position != Disagree && (a.CorrectiveAction == "" || a.Owner == "" || a.TargetDate == ""):
		return fail("agreeing commits to a corrective action: give the action, its owner and a target date")
	}
	if a.TargetDate != "" {
		if _, err := audit.ParseDate("target date", a.TargetDate); err != nil {
			return fail("%s", audit.ErrorMessage(err))
		}
	}
	for _, e := range a.Evidence {
		if len(e.EvidenceID) != 24 || len(e.SHA256) != 64 || !strings.HasPrefix(e.SHA256, e.EvidenceID) {
			return fail("evidence %q is not identified by its content hash", e.Name)
		}
	}
	return nil
}

// Same reports whether two answers say the same, so that taking in the
// same packet twice changes nothing.
func (a Answer) Same(b Answer) bool { return mustJSON(a) == mustJSON(b) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain types are encoded here
	}
	return string(b)
}
