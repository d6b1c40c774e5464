package app

import (
	"auditroom/backend/extract"
)

// Registry is what the screens list: the evidence types, export formats
// and sampling methods, each read from the table of the package that owns
// it, so that a new entry there reaches every face without a change here.
type Registry struct {
	EvidenceTypes []EvidenceType `json:"evidence_types"`
}

// EvidenceType is one entry of extract.Types as the screens need it.
type EvidenceType struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Viewer string `json:"viewer"` // a Kind: how the viewer shows it
}

// Registry returns the lists; it needs no unlocked store and never fails
// (the error is there because both transports expect one).
func (s *Session) Registry() (Registry, error) {
	r := Registry{EvidenceTypes: []EvidenceType{}}
	for _, t := range extract.Types {
		r.EvidenceTypes = append(r.EvidenceTypes, EvidenceType{Name: t.Name, Label: t.Label, Viewer: t.Viewer})
	}
	return r, nil
}
