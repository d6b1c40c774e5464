package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Pin targets: what a piece of evidence can be pinned to. Tests and
// findings pin through their own records (a test cell, a finding's
// evidence list); a Pin ties a place in a file to the scope.
const (
	PinControl = "control"
	PinRequest = "request"
)

// Locator is a place inside an evidence file: a PDF page; a sheet and
// row of a spreadsheet (its own row number); a CSV row and the line it
// starts on; a line of text; a JSON record and its line; the header or
// body of an e-mail, or a file attached to one. The zero Locator is the
// whole file. Fields added later are omitted when empty, so pins stored
// before them read and hash as they did.
type Locator struct {
	Page       int    `json:"page,omitempty"`
	Sheet      string `json:"sheet,omitempty"`
	Row        int    `json:"row,omitempty"`
	Line       int    `json:"line,omitempty"`
	Record     int    `json:"record,omitempty"`
	Section    string `json:"section,omitempty"`    // of an e-mail: SectionHeader or SectionBody
	Attachment string `json:"attachment,omitempty"` // the name of the file, attached to an e-mail, the place is in
}

// String says where the locator points, as a reviewer reads it.
func (l Locator) String() string {
	var parts []string
	if l.Attachment != "" {
		parts = append(parts, "attachment "+l.Attachment)
	}
	if l.Section != "" {
		parts = append(parts, "e-mail "+l.Section)
	}
	if l.Page > 0 {
		parts = append(parts, fmt.Sprintf("page %d", l.Page))
	}
	if l.Sheet != "" {
		parts = append(parts, "sheet "+l.Sheet)
	}
	if l.Record > 0 {
		parts = append(parts, fmt.Sprintf("record %d", l.Record))
	}
	if l.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", l.Row))
	}
	if l.Line > 0 {
		parts = append(parts, fmt.Sprintf("line %d", l.Line))
	}
	if len(parts) == 0 {
		return "whole file"
	}
	return strings.Join(parts, ", ")
}

// Validate refuses negative positions and unknown e-mail sections.
func (l Locator) Validate() error {
	if l.Page < 0 || l.Row < 0 || l.Line < 0 || l.Record < 0 {
		return Errorf(EINVALID, "page, row, line and record must be 1 or more")
	}
	switch l.Section {
	case "", SectionHeader, SectionBody:
	default:
		return Errorf(EINVALID, "an e-mail section is %q or %q, not %q", SectionHeader, SectionBody, l.Section)
	}
	return nil
}

// Pin ties a place in an evidence file to a control or a PBC request: the
// page that proves the control operated, the row that answers the request.
type Pin struct {
	ID         string `json:"id"` // derived from what is pinned where, so pinning twice is one pin
	EvidenceID string `json:"evidence_id"`
	Locator
	Target   string    `json:"target"`    // PinControl or PinRequest
	TargetID string    `json:"target_id"` // the control or request ID
	Note     string    `json:"note,omitempty"`
	PinnedBy string    `json:"pinned_by"`
	PinnedAt time.Time `json:"pinned_at"`
}

// Normalize trims the free text and derives the ID.
func (p *Pin) Normalize() {
	p.TargetID = strings.TrimSpace(p.TargetID)
	p.Sheet = strings.TrimSpace(p.Sheet)
	p.Note = strings.TrimSpace(p.Note)
	key := fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%s\x00%d\x00%d",
		p.EvidenceID, p.Target, p.TargetID, p.Page, p.Sheet, p.Row, p.Line)
	if p.Record > 0 || p.Section != "" || p.Attachment != "" {
		// Only then, so that pins made before these fields keep their IDs.
		key = fmt.Appendf(key, "\x00%d\x00%s\x00%s", p.Record, p.Section, p.Attachment)
	}
	sum := sha256.Sum256(key)
	p.ID = hex.EncodeToString(sum[:8])
}

// Validate checks a pin before it is stored.
func (p Pin) Validate() error {
	if p.EvidenceID == "" {
		return Errorf(EINVALID, "a pin needs an evidence file")
	}
	switch p.Target {
	case PinControl, PinRequest:
	default:
		return Errorf(EINVALID, "cannot pin to %q: pin to a control or a request", p.Target)
	}
	if p.TargetID == "" {
		return Errorf(EINVALID, "a pin needs the ID of the %s", p.Target)
	}
	if len(p.Note) > 2000 {
		return Errorf(EINVALID, "a pin's note is at most 2000 characters")
	}
	return p.Locator.Validate()
}
