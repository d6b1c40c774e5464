package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

func TestPartLocate(t *testing.T) {
	// A CSV part: row 7 spans two lines (a line break in a quoted cell),
	// a blank line precedes row 9.
	text := "a\tb\nmulti\nline\tc\nd\te\n"
	p := Part{Row: 6, Line: 8, Text: text, Marks: []Mark{{At: 0, Row: 6, Line: 8}, {At: 4, Row: 7, Line: 9}, {At: 17, Row: 9, Line: 12}}}
	for _, tc := range []struct {
		at   int
		want Locator
	}{
		{0, Locator{Row: 6, Line: 8}},
		{3, Locator{Row: 6, Line: 8}},
		{4, Locator{Row: 7, Line: 9}},
		{10, Locator{Row: 7, Line: 9}}, // "line", still row 7
		{18, Locator{Row: 9, Line: 12}},
		{999, Locator{Row: 9, Line: 12}},
	} {
		if got := p.Locate(tc.at); got != tc.want {
			t.Errorf("Locate(%d) = %v, want %v", tc.at, got, tc.want)
		}
	}
	// Cut from inside row 7: numbered from row 7, marks rebased.
	c := p.Cut(10, len(text))
	if c.Row != 7 || c.Line != 9 || c.Text != "line\tc\nd\te\n" {
		t.Fatalf("Cut = %+v", c)
	}
	if got := c.Locate(8); got != (Locator{Row: 9, Line: 12}) {
		t.Errorf("Cut.Locate(8) = %v", got)
	}

	// A part stored before marks: one line a line of text.
	old := Part{Line: 40, Text: "x\ny\nz\n"}
	if got := old.Locate(4); got != (Locator{Line: 42}) {
		t.Errorf("old Locate = %v", got)
	}
	// An e-mail: the header block, then the body's lines.
	mail := Part{Section: SectionBody, Text: "Subject: x\n\nhello\n", Marks: []Mark{{At: 0}, {At: 12, Line: 1}}}
	if got := mail.Locate(3); got != (Locator{Section: SectionHeader}) {
		t.Errorf("header Locate = %v", got)
	}
	if got := mail.Locate(13); got != (Locator{Section: SectionBody, Line: 1}) || got.String() != "e-mail body, line 1" {
		t.Errorf("body Locate = %v", got)
	}
}

func TestLocatorStringAndPinsStoredBefore(t *testing.T) {
	for _, tc := range []struct {
		l    Locator
		want string
	}{
		{Locator{}, "whole file"},
		{Locator{Sheet: "Q3", Row: 12}, "sheet Q3, row 12"},
		{Locator{Row: 5, Line: 7}, "row 5, line 7"},
		{Locator{Record: 4, Line: 9}, "record 4, line 9"},
		{Locator{Attachment: "notes.txt", Line: 2}, "attachment notes.txt, line 2"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.l, got, tc.want)
		}
	}
	// A pin stored before records and sections reads, hashes and writes
	// back as it was.
	stored := `{"id":"x","evidence_id":"ev1","sheet":"Q3","row":12,"target":"control","target_id":"AC-04","pinned_by":"a","pinned_at":"2026-01-02T00:00:00Z"}`
	var p Pin
	if err := json.Unmarshal([]byte(stored), &p); err != nil {
		t.Fatal(err)
	}
	p.Normalize()
	// The ID as pins were given it before the new fields.
	sum := sha256.Sum256([]byte("ev1\x00control\x00AC-04\x000\x00Q3\x0012\x000"))
	if before := hex.EncodeToString(sum[:8]); p.ID != before {
		t.Fatalf("ID %s, was %s", p.ID, before)
	}
	before := p.ID
	p.Record = 3
	p.Normalize()
	if p.ID == before {
		t.Error("a record does not change the pin's ID")
	}
	p.Record = 0
	p.Normalize()
	if p.ID != before {
		t.Error("the ID of a pin without the new fields changed")
	}
	out, _ := json.Marshal(p.Locator)
	if string(out) != `{"sheet":"Q3","row":12}` {
		t.Errorf("marshalled %s", out)
	}
	if err := (Locator{Section: "footer"}).Validate(); err == nil {
		t.Error("an unknown e-mail section is valid")
	}
}
