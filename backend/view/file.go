package view

import (
	"bytes"
	"fmt"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/search"
)

// Limits of what the viewer sends at once.
const (
	DefaultRows = 100
	MaxRows     = 1000
	// MaxImage is the largest image sent to the screen whole.
	MaxImage = 20 << 20
)

// Limit is the number of rows or lines a page holds when n are asked for:
// DefaultRows for none, at most MaxRows.
func Limit(n int) int {
	if n <= 0 {
		return DefaultRows
	}
	return min(n, MaxRows)
}

// Kind says how the viewer shows a file (extract.Types), from its record
// and its stored parts: a CSV file stored as lines, being malformed, is
// shown as text.
func Kind(ev audit.Evidence, parts []audit.Part) string {
	kind := extract.ViewerOf(ev.Type)
	if kind == extract.ViewSheet && !HasRows(parts) {
		return extract.ViewText
	}
	return kind
}

// HasRows reports whether parts are rows of a sheet, not lines.
func HasRows(parts []audit.Part) bool {
	for _, p := range parts {
		if p.Row > 0 || p.Sheet != "" {
			return true
		}
	}
	return false
}

// Hits lists where m matches in a file shown as kind (Kind), in order: the
// pages of a PDF, the rows of a sheet, the lines of text, at most MaxHits.
func Hits(kind string, parts []audit.Part, m *search.Marker) []Location {
	switch kind {
	case extract.ViewPDF:
		return PageHits(parts, m)
	case extract.ViewSheet:
		return NewSheets(parts).Hits(m)
	case extract.ViewText, extract.ViewEmail:
		return NewText(parts, kind == extract.ViewEmail).Hits(m)
	}
	return []Location{}
}

// Header is one header of an e-mail.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// EmailHeaders are the headers extraction kept of an e-mail, in the order
// a mail reader shows them.
func EmailHeaders(ev audit.Evidence) []Header {
	out := []Header{}
	for _, k := range [][2]string{{"From", "from"}, {"To", "to"}, {"Cc", "cc"}, {"Subject", "subject"}, {"Date", "date"}, {"Message-ID", "message_id"}} {
		if v := ev.Meta[k[1]]; v != "" {
			out = append(out, Header{Name: k[0], Value: v})
		}
	}
	return out
}

// NoText says why there is nothing to show of a file.
func NoText(ev audit.Evidence) string {
	why := "Audit Room cannot show this type of file"
	if ev.Reason != "" {
		why = "No text could be read from this file: " + ev.Reason
	}
	return fmt.Sprintf("%s. Its hash and provenance are in the evidence details.", why)
}

// ImageMIME names the image types a browser shows by itself, from their
// first bytes; "" for others, which are drawn as PNG instead.
func ImageMIME(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(b, []byte("BM")):
		return "image/bmp"
	}
	return ""
}
