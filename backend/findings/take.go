package findings

// Conflict is a response that cannot simply be taken in: the finding
// changed since the version it answers, or moved on.
type Conflict struct {
	FindingID string `json:"finding_id"`
	Answered  string `json:"answered_version"` // the version the response answers
	Current   string `json:"current_version"`  // the finding's version now
	Issued    string `json:"issued_version"`   // the version last issued
	Status    Status `json:"status"`
	Reason    string `json:"reason"`
	// Confirmable is true when the auditor may take the response in all
	// the same, by confirming it; a final finding takes no more responses.
	Confirmable bool `json:"confirmable"`
}

// Outcome is what taking in one response would do.
type Outcome string

const (
	Apply      Outcome = "apply"      // store it
	Unchanged  Outcome = "unchanged"  // the same answer is already stored
	Conflicted Outcome = "conflicted" // flag it; store it only if confirmed
)

// Check decides what taking in answer a does to finding f, whose stored
// response (if any) is stored. Nothing is ever merged silently: a response
// to another version than the finding's current one is a conflict.
func Check(f Finding, stored *Response, a Answer) (Outcome, *Conflict) {
	if stored != nil && stored.Answer.Same(a) {
		return Unchanged, nil
	}
	c := &Conflict{FindingID: f.ID, Answered: a.FindingVersion, Current: f.Version, Issued: f.IssuedVersion, Status: f.Status, Confirmable: true}
	switch {
	case f.Status == Final:
		c.Reason, c.Confirmable = f.ID+" is final: it takes no more responses", false
	case f.IssuedVersion == "":
		c.Reason, c.Confirmable = f.ID+" was never issued", false
	case f.Status == Draft || f.Status == InReview:
		c.Reason = f.ID + " was reopened after issue and is " + words(f.Status)
	case a.FindingVersion != f.Version:
		c.Reason = f.ID + " changed since the version the response answers"
	default:
		return Apply, nil
	}
	return Conflicted, c
}

// ImportResult is what taking in a response packet did.
type ImportResult struct {
	PacketID  string     `json:"packet_id"`
	Applied   []string   `json:"applied"`   // findings whose response was stored
	Confirmed []string   `json:"confirmed"` // of those, taken in despite a conflict, as confirmed
	Unchanged []string   `json:"unchanged"` // the same response was already stored
	Conflicts []Conflict `json:"conflicts"` // not taken in: confirm to take them in
	Evidence  int        `json:"evidence"`  // new evidence files imported
}
