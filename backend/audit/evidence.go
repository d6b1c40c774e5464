package audit

import "time"

// Evidence statuses: what extraction made of a file.
const (
	Extracted    = "extracted"     // its text is indexed
	Encrypted    = "encrypted"     // stored, but it needs a password to read
	NotExtracted = "not_extracted" // stored and hashed; no text could be taken, Reason says why
	Failed       = "failed"        // stored and hashed; the parser failed on it, Reason says why
)

// Evidence is one distinct file content in an engagement. Identical
// content imported twice is one Evidence with two Provenance records.
type Evidence struct {
	ID         string            `json:"id"`     // the first 24 hex digits of SHA256
	SHA256     string            `json:"sha256"` // of the content, hex
	Size       int64             `json:"size"`
	Name       string            `json:"name"` // file name from the first provenance
	Path       string            `json:"path"` // path inside the pack, from the first provenance
	Pack       string            `json:"pack"` // pack name, from the first provenance
	Type       string            `json:"type"` // detected from the content: pdf, docx, csv, eml, image, …
	MIME       string            `json:"mime,omitempty"`
	Status     string            `json:"status"` // Extracted, Encrypted, NotExtracted or Failed
	Reason     string            `json:"reason,omitempty"`
	Title      string            `json:"title,omitempty"`
	AsOf       string            `json:"as_of,omitempty"`        // YYYY-MM-DD: when the evidence speaks of, not when it was imported
	AsOfSource string            `json:"as_of_source,omitempty"` // manifest, document, file name, folder name, file time, edited or unknown (see backend/asof)
	AsOfDetail string            `json:"as_of_detail,omitempty"` // the metadata field or name fragment the date was read from
	Meta       map[string]string `json:"meta,omitempty"`
	Parts      int               `json:"parts"`            // units of text stored (pages, row or line groups)
	Parent     string            `json:"parent,omitempty"` // the e-mail this file was attached to
	Controls   []string          `json:"controls,omitempty"`
	Requests   []string          `json:"requests,omitempty"`
	ImportedAt time.Time         `json:"imported_at"`
	ImportedBy string            `json:"imported_by"`
}

// Provenance is where one copy of an evidence file came from: the chain of
// custody an auditor can show.
type Provenance struct {
	EvidenceID string    `json:"evidence_id"`
	Pack       string    `json:"pack"`        // the pack's file or folder name
	PackSHA256 string    `json:"pack_sha256"` // of the zip file; of the sorted list of paths and hashes for a folder
	Path       string    `json:"path"`        // inside the pack; provenance only, never used to write anywhere
	Size       int64     `json:"size"`
	ModTime    time.Time `json:"mod_time,omitzero"` // zero (absent) when the pack gave no real time
	ImportedBy string    `json:"imported_by"`
	ImportedAt time.Time `json:"imported_at"`
	// Source says who provided the copy when it was not the usual PBC
	// pack, e.g. FromManagement.
	Source string `json:"source,omitempty"`
}

// FromManagement is the Source of a file management sent with a response
// to a finding.
const FromManagement = "provided by management"

// Part is a unit of extracted text and where it sits in its file.
type Part struct {
	Page  int    `json:"page,omitempty"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row,omitempty"`
	Line  int    `json:"line,omitempty"`
	Text  string `json:"text"`
}
