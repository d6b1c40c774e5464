package audit

import (
	"sort"
	"strings"
	"time"
)

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

// Part is a unit of extracted text and where it sits in its file. Row,
// Line and Record number its first row, line or record; Marks say where
// each of them starts in Text, so that a match anywhere in the part is
// cited at its own row or line (Locate). Parts stored before Marks existed
// have none, and count one row or line on per line of Text.
type Part struct {
	Page    int    `json:"page,omitempty"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row,omitempty"`
	Line    int    `json:"line,omitempty"`
	Record  int    `json:"record,omitempty"`
	Section string `json:"section,omitempty"` // SectionBody for an e-mail's text, whose first part opens with the header
	Text    string `json:"text"`
	Marks   []Mark `json:"marks,omitempty"`
}

// Mark is where one row, line or record starts in a part's text, and its
// numbers as the file shows them: a spreadsheet's own row number (header
// and blank rows counted), a CSV record's row and the line it starts on,
// a text line, a JSON record's number and line.
type Mark struct {
	At     int `json:"at"` // byte offset in the part's text
	Row    int `json:"row,omitempty"`
	Line   int `json:"line,omitempty"`
	Record int `json:"record,omitempty"`
}

// Locate is the place of byte offset at in the part's text: the row, line
// or record starting last at or before it.
func (p Part) Locate(at int) Locator {
	l := Locator{Page: p.Page, Sheet: p.Sheet, Row: p.Row, Line: p.Line, Record: p.Record, Section: p.Section}
	at = min(max(at, 0), len(p.Text))
	if len(p.Marks) == 0 {
		// Older parts: one row or line per line of text.
		n := strings.Count(p.Text[:at], "\n")
		if l.Row > 0 {
			l.Row += n
		} else if l.Line > 0 {
			l.Line += n
		}
		return l
	}
	i := sort.Search(len(p.Marks), func(i int) bool { return p.Marks[i].At > at }) - 1
	if i < 0 {
		i = 0
	}
	m := p.Marks[i]
	l.Row, l.Line, l.Record = m.Row, m.Line, m.Record
	if l.Section == SectionBody && m.Row == 0 && m.Line == 0 && m.Record == 0 {
		l.Section = SectionHeader // the header block opening an e-mail's first part
	}
	return l
}

// Cut is the piece of the part's text from byte start to end, numbered as
// a part of its own, so that an index document holding only a piece of a
// long part still cites its rows and lines.
func (p Part) Cut(start, end int) Part {
	q := p
	q.Text = p.Text[start:end]
	q.Marks = nil
	if start == 0 && end == len(p.Text) {
		q.Marks = p.Marks
		return q
	}
	first := p.Locate(start)
	q.Row, q.Line, q.Record = first.Row, first.Line, first.Record
	for _, m := range p.Marks {
		if m.At >= start && m.At < end {
			m.At -= start
			q.Marks = append(q.Marks, m)
		}
	}
	if len(p.Marks) > 0 && (len(q.Marks) == 0 || q.Marks[0].At > 0) {
		q.Marks = append([]Mark{{Row: q.Row, Line: q.Line, Record: q.Record}}, q.Marks...)
	}
	return q
}

// E-mail sections a citation names.
const (
	SectionHeader = "header"
	SectionBody   = "body"
)
