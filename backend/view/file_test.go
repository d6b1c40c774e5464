package view

import (
	"testing"

	"auditroom/backend/audit"
)

// A CSV file is shown as a sheet when its parts are rows, and as text
// when extraction stored it as lines, being malformed.
func TestKind(t *testing.T) {
	csv := audit.Evidence{Name: "leavers.csv", Type: "csv"}
	if got := Kind(csv, []audit.Part{{Row: 1, Text: "ID\tName"}}); got != "sheet" {
		t.Errorf("CSV with rows: %q, want sheet", got)
	}
	if got := Kind(csv, []audit.Part{{Line: 1, Text: "ID,\"Name"}}); got != "text" {
		t.Errorf("CSV stored as lines: %q, want text", got)
	}
	if got := Kind(audit.Evidence{Type: "eml"}, nil); got != "email" {
		t.Errorf("e-mail: %q", got)
	}
}

// The e-mail headers come in a mail reader's order; those extraction did
// not find are left out.
func TestEmailHeaders(t *testing.T) {
	got := EmailHeaders(audit.Evidence{Meta: map[string]string{"subject": "Q1 access review", "from": "IT <it@acme.test>", "date": ""}})
	if len(got) != 2 || got[0] != (Header{Name: "From", Value: "IT <it@acme.test>"}) || got[1] != (Header{Name: "Subject", Value: "Q1 access review"}) {
		t.Errorf("headers %+v, want From then Subject", got)
	}
}

func TestImageMIMEAndLimit(t *testing.T) {
	for data, want := range map[string]string{"\x89PNG\r\n\x1a\n....": "image/png", "\xFF\xD8\xFF\xE0": "image/jpeg",
		"RIFF\x00\x00\x00\x00WEBPVP8 ": "image/webp", "II*\x00": ""} {
		if got := ImageMIME([]byte(data)); got != want {
			t.Errorf("ImageMIME(%q) = %q, want %q", data, got, want)
		}
	}
	if Limit(0) != 100 || Limit(50) != 50 || Limit(5000) != 1000 {
		t.Errorf("Limit(0, 50, 5000) = %d, %d, %d; want 100, 50, 1000", Limit(0), Limit(50), Limit(5000))
	}
}
