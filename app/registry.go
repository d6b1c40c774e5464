package app

import (
	"auditroom/backend/export"
	"auditroom/backend/extract"
	"auditroom/backend/selection"
)

// Registry is what the screens list: the evidence types, export formats
// and sampling methods, each read from the table of the package that owns
// it, so that a new entry there reaches every face without a change here.
type Registry struct {
	EvidenceTypes   []EvidenceType   `json:"evidence_types"`
	ExportFormats   []ExportFormat   `json:"export_formats"`
	SamplingMethods []SamplingMethod `json:"sampling_methods"`
}

// SamplingMethod is one entry of selection.Methods as the draw form needs
// it: its parameters in the form's order.
type SamplingMethod struct {
	Name    selection.Method  `json:"name"`
	Label   string            `json:"label"`
	Params  []selection.Param `json:"params"`
	Planned bool              `json:"planned"`     // the size may come from a frequency or attribute plan
	About   string            `json:"description"` // how it chooses items: the workpaper's text
}

// ExportFormat is one entry of export.Formats as the Reports screen needs it.
type ExportFormat struct {
	Name   string `json:"name"` // for Exports.Export and Dialogs.SaveAs
	Label  string `json:"label"`
	Folder bool   `json:"folder"` // written into a folder, not one file
	File   string `json:"file"`   // the file name the save dialog offers; "" for a folder
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
	r := Registry{EvidenceTypes: []EvidenceType{}, ExportFormats: []ExportFormat{}, SamplingMethods: []SamplingMethod{}}
	for _, t := range extract.Types {
		r.EvidenceTypes = append(r.EvidenceTypes, EvidenceType{Name: t.Name, Label: t.Label, Viewer: t.Viewer})
	}
	for _, f := range export.Formats {
		e := ExportFormat{Name: f.Name, Label: f.Label, Folder: f.Folder()}
		if !f.Folder() {
			e.File = f.Docs[0].File
		}
		r.ExportFormats = append(r.ExportFormats, e)
	}
	for _, m := range selection.Methods {
		r.SamplingMethods = append(r.SamplingMethods, SamplingMethod{Name: m.Name, Label: m.Label, Params: m.Params, Planned: m.Planned, About: m.Workpaper})
	}
	return r, nil
}
