package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"auditroom/backend/audit"
)

// encode converts UTF-8 text for test inputs.
func encode(t testing.TB, enc string, s string) []byte {
	t.Helper()
	var (
		b   []byte
		err error
	)
	switch enc {
	case "utf-8":
		return []byte(s)
	case "utf-8-bom":
		return append([]byte("\xef\xbb\xbf"), s...)
	case "utf-16le":
		b, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case "utf-16be":
		b, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case "windows-1252":
		b, err = charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	default:
		t.Fatalf("unknown encoding %s", enc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipOf builds a zip archive from name/content pairs, in order.
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		f, err := w.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func run(t testing.TB, name string, data []byte) Result {
	t.Helper()
	r := Extract(context.Background(), name, data, Options{})
	checkInvariants(t, name, r)
	return r
}

// checkInvariants asserts what every Result keeps.
func checkInvariants(t testing.TB, name string, r Result) {
	t.Helper()
	switch r.Status {
	case StatusExtracted, StatusEncrypted, StatusNotExtracted, StatusFailed:
	default:
		t.Errorf("%s: status %q", name, r.Status)
	}
	if r.Status != StatusExtracted && r.Reason == "" {
		t.Errorf("%s: status %s without a reason", name, r.Status)
	}
	if strings.HasPrefix(r.Reason, "extractor panicked") {
		t.Errorf("%s: %s\n%s", name, r.Reason, r.Meta["panic_stack"])
	}
	if !utf8.ValidString(r.Title) {
		t.Errorf("%s: title %q is not valid UTF-8", name, r.Title)
	}
	for k, v := range r.Meta {
		if !utf8.ValidString(v) {
			t.Errorf("%s: meta %s=%q is not valid UTF-8", name, k, v)
		}
	}
	for i, p := range r.Parts {
		if !utf8.ValidString(p.Text) {
			t.Errorf("%s: part %d %q is not valid UTF-8", name, i, p.Text)
		}
	}
}

func TestCSVEncodings(t *testing.T) {
	const csv = "Nom,Année,Ville\nÉlodie,2024,Orléans\n\"Zoë, Jr\",2023,Besançon\n"
	tests := []struct {
		enc, name, wantEnc string
	}{
		{"utf-8", "a.csv", "utf-8"},
		{"utf-8-bom", "a.csv", "utf-8-bom"},
		{"utf-16le", "a.csv", "utf-16le"},
		{"utf-16be", "a.csv", "utf-16be"},
		{"windows-1252", "a.csv", "windows-1252"},
		{"windows-1252", "export", "windows-1252"}, // no extension: sniffed as CSV
	}
	for _, tt := range tests {
		t.Run(tt.enc+"/"+tt.name, func(t *testing.T) {
			r := run(t, tt.name, encode(t, tt.enc, csv))
			if r.Type != "csv" || r.Status != StatusExtracted || r.Meta["encoding"] != tt.wantEnc || r.Meta["delimiter"] != "," {
				t.Fatalf("got type %s status %s encoding %s delimiter %q, want csv extracted %s ,", r.Type, r.Status, r.Meta["encoding"], r.Meta["delimiter"], tt.wantEnc)
			}
			want := "Nom\tAnnée\tVille\nÉlodie\t2024\tOrléans\nZoë, Jr\t2023\tBesançon\n"
			if len(r.Parts) != 1 || r.Parts[0].Text != want || r.Parts[0].Row != 1 {
				t.Errorf("got parts %+v, want one part at row 1 with %q", r.Parts, want)
			}
		})
	}
}

func TestCSVDelimiters(t *testing.T) {
	tests := []struct {
		name, in, typ, delim string
	}{
		{"semi.csv", "a;b;c\n1;2;3\n4;5;6\n", "csv", ";"},
		{"tab.tsv", "a\tb\n1\t2\n", "tsv", "tab"},
		{"tab.csv", "a\tb\n1\t2\n3\t4\n", "csv", "tab"},
		{"pipe.csv", "a|b|c\n1|2|3\n", "csv", "|"},
		{"quoted.csv", "\"a;b\",c\n\"1;2\",3\n", "csv", ","},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.name, []byte(tt.in))
			if r.Type != tt.typ || r.Meta["delimiter"] != tt.delim {
				t.Errorf("%q: got type %s delimiter %q, want %s %q", tt.in, r.Type, r.Meta["delimiter"], tt.typ, tt.delim)
			}
		})
	}
}

func TestChunkingAndCap(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 1000; i++ {
		b.WriteString("2024-01-02T03:04:05Z host sshd[42]: accepted publickey for user")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteByte('\n')
	}
	r := run(t, "auth.log", []byte(b.String()))
	if r.Type != "log" || len(r.Parts) < 10 {
		t.Fatalf("got type %s with %d parts, want log in >= 10 parts", r.Type, len(r.Parts))
	}
	next := 1
	for i, p := range r.Parts {
		if p.Line != next {
			t.Fatalf("part %d starts at line %d, want %d", i, p.Line, next)
		}
		if len(p.Text) > partSize+200 {
			t.Errorf("part %d is %d bytes, want about %d", i, len(p.Text), partSize)
		}
		next += strings.Count(p.Text, "\n")
	}
	if next != 1001 {
		t.Errorf("parts cover %d lines, want 1000", next-1)
	}

	r = Extract(context.Background(), "auth.log", []byte(b.String()), Options{MaxText: 10000})
	total := 0
	for _, p := range r.Parts {
		total += len(p.Text)
	}
	if r.Meta["truncated"] != "true" || total > 10000 || r.Status != StatusExtracted {
		t.Errorf("with MaxText 10000: truncated=%q total=%d status=%s, want true, <= 10000, extracted", r.Meta["truncated"], total, r.Status)
	}
}

func TestTextKinds(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		typ  string
		want string // text the parts must contain
	}{
		{"x.pdf", []byte("just text, named like a PDF\n"), "text", "named like a PDF"},
		{"bad.txt", []byte("caf\xe9 \xff\xfe ok\n"), "text", "café"},
		{"mixed.txt", []byte("valid ü then bad \xc3\x28 byte " + strings.Repeat("more text ", 10)), "text", "valid"},
		{"README.md", []byte("---\ntitle: Access Policy\n---\n# Heading\nbody\n"), "markdown", "body"},
		{"notes", []byte("\xff\xfeh\x00e\x00l\x00l\x00o\x00 \x00w\x00o\x00r\x00l\x00d\x00"), "text", "hello world"},
		{"page.html", []byte("<html><head><title>T</title><script>var secret=1</script><style>p{}</style></head><body><p>Visible &amp; kept</p></body></html>"), "html", "Visible & kept"},
		{"data.json", []byte(`{"user":{"name":"alice","mfa":true},"roles":["admin","dev"]}`), "json", "user.name: alice"},
		{"trail.json", []byte(`{"Records":[{"eventName":"ConsoleLogin"},{"eventName":"CreateUser"}]}`), "json", "eventName: CreateUser"},
		{"events.json", []byte("{\"a\":1}\n{\"a\":2}\n{\"b\":\"x\"}\n"), "ndjson", "b: x"},
		{"broken.json", []byte(`{"a": "unterminated`), "json", "unterminated"},
		{"feed.xml", []byte(`<?xml version="1.0"?><feed><title>Audit &amp; log</title><entry>one</entry></feed>`), "xml", "Audit & log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.name, tt.in)
			text := allText(r)
			if r.Type != tt.typ || r.Status != StatusExtracted || !strings.Contains(text, tt.want) {
				t.Errorf("%q: got type %s status %s (%s) text %q, want %s extracted containing %q", tt.in, r.Type, r.Status, r.Reason, text, tt.typ, tt.want)
			}
			if strings.Contains(text, "secret") {
				t.Errorf("%q: script text leaked: %q", tt.in, text)
			}
		})
	}
	if r := run(t, "README.md", []byte("---\ntitle: Access Policy\n---\n# Heading\n")); r.Title != "Access Policy" {
		t.Errorf("markdown title: got %q, want Access Policy", r.Title)
	}
	if r := run(t, "trail.json", []byte(`{"Records":[{"eventName":"A"},{"eventName":"B"}]}`)); len(r.Parts) != 2 {
		t.Errorf("cloudtrail: got %d parts, want one per record", len(r.Parts))
	}
	// A document that is neither an array nor CloudTrail's Records: each
	// value is cited at the line of the file it stands on.
	doc := "{\n  \"user\": {\n    \"name\": \"alice\",\n    \"mfa\": true,\n    \"tags\": {}\n  },\n  \"roles\": [\n    \"admin\",\n    \"dev\"\n  ],\n  \"none\": null\n}\n"
	r := run(t, "config.json", []byte(doc))
	if len(r.Parts) != 1 {
		t.Fatalf("config.json: %d parts, want 1", len(r.Parts))
	}
	p := r.Parts[0]
	for _, tc := range []struct {
		text string
		want audit.Locator
	}{
		{"user.name: alice", audit.Locator{Line: 3}},
		{"user.mfa: true", audit.Locator{Line: 4}},
		{"user.tags: {}", audit.Locator{Line: 5}},
		{"roles[1]: dev", audit.Locator{Line: 9}},
		{"none: null", audit.Locator{Line: 11}},
	} {
		at := strings.Index(p.Text, tc.text)
		if at < 0 || p.Locate(at) != tc.want {
			t.Errorf("config.json: %q at %d is cited at %+v, want %+v; text %q", tc.text, at, p.Locate(max(at, 0)), tc.want, p.Text)
		}
	}
	if r := run(t, "events.json", []byte("{\"a\":1}\n\n{\"a\":2}\n")); len(r.Parts) != 1 || r.Parts[0].Line != 1 {
		t.Errorf("ndjson: got parts %+v, want one part from line 1", r.Parts)
	}
}

func TestXMLEntities(t *testing.T) {
	bomb := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>before &lol9; after</lolz>`
	xxe := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>start &x; end</r>`
	for name, in := range map[string]string{"bomb.xml": bomb, "xxe.xml": xxe} {
		t.Run(name, func(t *testing.T) {
			r := run(t, name, []byte(in))
			text := allText(r)
			if r.Type != "xml" || len(text) > 1000 || strings.Contains(text, "lollol") || strings.Contains(text, "root:") {
				t.Errorf("got type %s status %s, %d bytes of text %q; want xml with entities left unexpanded", r.Type, r.Status, len(text), text)
			}
		})
	}
}

const coreXML = `<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Access Review Q1</dc:title><dc:creator>Ana Auditor</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-31T09:30:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2024-04-02T10:00:00Z</dcterms:modified>
</cp:coreProperties>`

func TestDOCX(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Quarterly access</w:t></w:r><w:r><w:t xml:space="preserve"> review</w:t></w:r></w:p>
<w:p><w:r><w:t>Année</w:t><w:tab/><w:t>2024</w:t></w:r></w:p>
<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>
</w:body></w:document>`
	r := run(t, "review.docx", zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", doc, "docProps/core.xml", coreXML))
	want := time.Date(2024, 3, 31, 9, 30, 0, 0, time.UTC)
	text := allText(r)
	if r.Type != "docx" || r.Status != StatusExtracted || r.Title != "Access Review Q1" || r.Meta["author"] != "Ana Auditor" || !r.AsOf.Equal(want) {
		t.Fatalf("got %s %s (%s) title %q author %q as_of %v", r.Type, r.Status, r.Reason, r.Title, r.Meta["author"], r.AsOf)
	}
	if !strings.Contains(text, "Quarterly access review\nAnnée\t2024\n") || strings.Contains(text, "deleted") {
		t.Errorf("got text %q", text)
	}
}

func TestDOCXInflateBomb(t *testing.T) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<w:t>a</w:t>"), 1<<16)
	for n := 0; n <= maxPartSize; n += len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r := run(t, "bomb.docx", buf.Bytes())
	if r.Type != "docx" || r.Status != StatusFailed || r.Reason != "document too large when inflated" {
		t.Errorf("got %s %s %q, want docx failed \"document too large when inflated\"", r.Type, r.Status, r.Reason)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Users"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"User", "Année", "Admin"}, {"alice", 2024, true}, nil, {"bob", 2023, false}}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Users", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := f.NewSheet("Empty"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Users", Created: "2024-05-01T00:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	r := run(t, "users.xlsx", buf.Bytes())
	if r.Type != "xlsx" || r.Status != StatusExtracted || r.Meta["sheets"] != "2" || len(r.Parts) != 1 {
		t.Fatalf("got %s %s (%s) meta %v parts %+v", r.Type, r.Status, r.Reason, r.Meta, r.Parts)
	}
	p := r.Parts[0]
	want := "User\tAnnée\tAdmin\nalice\t2024\tTRUE\nbob\t2023\tFALSE\n"
	if p.Sheet != "Users" || p.Row != 1 || p.Text != want {
		t.Errorf("got part %+v, want sheet Users row 1 text %q", p, want)
	}
	if r.AsOf.IsZero() {
		t.Errorf("got zero as_of, want 2024-05-01")
	}
}

func TestODF(t *testing.T) {
	odt := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Policy</text:h><text:p>Keys<text:s/>rotate<text:tab/>yearly</text:p></office:text></office:body></office:document-content>`,
		"meta.xml", `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Key policy</dc:title><meta:creation-date>2023-01-02T03:04:05</meta:creation-date></office:meta></office:document-meta>`)
	r := run(t, "p.odt", odt)
	if r.Type != "odt" || r.Title != "Key policy" || r.AsOf.IsZero() || !strings.Contains(allText(r), "Policy\nKeys rotate\tyearly\n") {
		t.Errorf("odt: got %s %s title %q as_of %v text %q", r.Type, r.Status, r.Title, r.AsOf, allText(r))
	}
	ods := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Hosts"><table:table-row><table:table-cell><text:p>web1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/><table:table-cell><text:p>ok</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell><text:p>last</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`)
	r = run(t, "h.ods", ods)
	if r.Type != "ods" || len(r.Parts) != 1 || r.Parts[0].Sheet != "Hosts" || r.Parts[0].Text != "web1\t\t\t\tok\nlast\n" {
		t.Errorf("ods: got %s %s parts %+v", r.Type, r.Status, r.Parts)
	}
}

func TestEML(t *testing.T) {
	att := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 fake attachment"))
	eml := "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.com>\r\n" +
		"To: audit@example.com\r\n" +
		"Subject: =?ISO-8859-1?Q?Ann=E9e_review?=\r\n" +
		"Date: Tue, 02 Jan 2024 15:04:05 +0100\r\n" +
		"Message-ID: <abc@example.com>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
		"--XX\r\n" +
		"Content-Type: multipart/alternative; boundary=\"YY\"\r\n\r\n" +
		"--YY\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Caf=E9 evidence attached.=\r\n Soft break.\r\n" +
		"--YY\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML version</p>\r\n" +
		"--YY--\r\n" +
		"--XX\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		att + "\r\n--XX--\r\n"
	r := run(t, "message.eml", []byte(eml))
	if r.Type != "eml" || r.Status != StatusExtracted {
		t.Fatalf("got %s %s (%s), want eml extracted", r.Type, r.Status, r.Reason)
	}
	if r.Title != "Année review" || r.Meta["from"] != "Renée <renee@example.com>" || r.Meta["message_id"] != "abc@example.com" {
		t.Errorf("got title %q meta %v", r.Title, r.Meta)
	}
	if want := time.Date(2024, 1, 2, 14, 4, 5, 0, time.UTC); !r.AsOf.Equal(want) {
		t.Errorf("got as_of %v, want %v", r.AsOf, want)
	}
	text := allText(r)
	if !strings.HasPrefix(text, "From: Renée") || !strings.Contains(text, "Subject: Année review") || !strings.Contains(text, "Café evidence attached. Soft break.") || strings.Contains(text, "HTML version") {
		t.Errorf("got text %q", text)
	}
	if len(r.Children) != 1 || r.Children[0].Name != "report.pdf" || string(r.Children[0].Data) != "%PDF-1.4 fake attachment" {
		t.Errorf("got children %+v", r.Children)
	}

	htmlOnly := "From: a@b.c\r\nTo: d@e.f\r\nSubject: h\r\nContent-Type: text/html\r\n\r\n<style>x{}</style><b>Bold</b> text"
	if r := run(t, "h.eml", []byte(htmlOnly)); !strings.Contains(allText(r), "Bold text") || strings.Contains(allText(r), "x{}") {
		t.Errorf("html-only mail: got %q", allText(r))
	}
}

func TestImage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 600, 300))
	for x := 0; x < 600; x++ {
		img.Set(x, x/2, color.RGBA{255, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	r := run(t, "shot.png", buf.Bytes())
	if r.Type != "image" || r.MIME != "image/png" || r.Meta["width"] != "600" || r.Meta["height"] != "300" || r.Meta["ocr"] != "off" {
		t.Fatalf("got %s %s %s meta %v", r.Type, r.Status, r.MIME, r.Meta)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(r.Thumbnail))
	if err != nil || cfg.Width != 256 || cfg.Height != 128 {
		t.Errorf("thumbnail: got %dx%d (%v), want 256x128", cfg.Width, cfg.Height, err)
	}
	if r := run(t, "cut.png", buf.Bytes()[:60]); r.Status != StatusExtracted || r.Thumbnail != nil || r.Meta["thumbnail_error"] == "" {
		t.Errorf("truncated png: got %s thumbnail %d bytes meta %v, want extracted without thumbnail", r.Status, len(r.Thumbnail), r.Meta)
	}
	if r := run(t, "broken.png", buf.Bytes()[:20]); r.Status != StatusFailed {
		t.Errorf("png without header: got %s, want failed", r.Status)
	}
}

func TestExifDate(t *testing.T) {
	// A little-endian TIFF header with IFD0 holding DateTime (0x0132).
	date := "2023:07:08 09:10:11\x00"
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = append(b, 1, 0)                          // one entry
	b = append(b, 0x32, 0x01, 2, 0, 20, 0, 0, 0) // tag, ASCII, count 20
	b = append(b, 26, 0, 0, 0)                   // value offset
	b = append(b, 0, 0, 0, 0)                    // next IFD
	b = append(b, date...)
	got, ok := exifDate(b)
	if want := time.Date(2023, 7, 8, 9, 10, 11, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("exifDate: got %v %v, want %v", got, ok, want)
	}
	if _, ok := exifDate([]byte("II*\x00\xff\xff\xff\xff")); ok {
		t.Error("exifDate: bad offset gave a date")
	}
}

func TestParsePDFDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"D:20200101120000Z", time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC), true},
		{"D:20200101120000+02'00'", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), true},
		{"D:20200101120000-05'30", time.Date(2020, 1, 1, 17, 30, 0, 0, time.UTC), true},
		{"D:2020", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"20191231", time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"D:garbage", time.Time{}, false},
		{"D:20201399", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parsePDFDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parsePDFDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDetect(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...)
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"a.bin", []byte("%PDF-1.7\n..."), "pdf"},
		{"x.pdf", []byte("plain text\n"), "text"},
		{"a", zipOf(t, "[Content_Types].xml", "", "word/document.xml", ""), "docx"},
		{"a", zipOf(t, "xl/workbook.xml", ""), "xlsx"},
		{"a", zipOf(t, "ppt/presentation.xml", ""), "pptx"},
		{"a", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text"), "odt"},
		{"a", zipOf(t, "data/file.json", "{}"), "zip"},
		{"a.vsdx", zipOf(t, "[Content_Types].xml", "", "visio/document.xml", ""), "unknown"},
		{"a.odp", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.presentation"), "unknown"},
		{"a.doc", ole, "ole"},
		{"a.msg", ole, "msg"}, // unreadable container: the name decides
		{"a", []byte("\x89PNG\r\n\x1a\n...."), "image"},
		{"a", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "image"},
		{"a.csv", []byte(`{"a":1}`), "json"},
		{"a", []byte("{\"a\":1}\n{\"a\":2}\n"), "ndjson"},
		{"a", []byte("<!DOCTYPE html><html><body>x</body></html>"), "html"},
		{"a", []byte("<?xml version=\"1.0\"?><a/>"), "xml"},
		{"a", []byte("<note>hi</note>"), "xml"},
		{"note.txt", []byte("<script>alert(1)</script> access review\n"), "text"}, // named as text: kept whole
		{"notes.md", []byte("<!-- draft -->\n# Review\n"), "markdown"},
		{"page.txt", []byte("<!DOCTYPE html><html><body>x</body></html>"), "html"},
		{"a", []byte("From: a@b\r\nTo: c@d\r\nSubject: s\r\n\r\nbody"), "eml"},
		{"a.csv", []byte("a,b\n1,2\n"), "csv"},
		{"a.tsv", []byte("a b\n"), "tsv"},
		{"a.log", []byte("anything\n"), "log"},
		{"a", []byte("2024-01-01T00:00:00Z start\n2024-01-01T00:00:01Z stop\n"), "log"},
		{"a.md", []byte("# T\n"), "markdown"},
		{"policy.md.tmpl", []byte("# {{company}} policy\n"), "markdown"},
		{"a", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, "text"},
		{"a", []byte{0, 1, 2, 3, 4, 5, 0, 0, 9}, "unknown"},
		{"a", nil, "text"},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, tt.head); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, firstLines(string(tt.head), 1), got, tt.want)
		}
	}
}

func TestStatuses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := Extract(ctx, "a.txt", []byte("text"), Options{}); r.Status != StatusFailed || !strings.HasPrefix(r.Reason, "interrupted") {
		t.Errorf("cancelled: got %s %q, want failed interrupted", r.Status, r.Reason)
	}
	docx := zipOf(t, "word/document.xml", "<w:document>"+strings.Repeat("<w:p><w:r><w:t>x</w:t></w:r></w:p>", 100)+"</w:document>")
	truncated := docx[:len(docx)-30] // central directory cut off
	tests := []struct {
		name   string
		data   []byte
		status string
		reason string
	}{
		{"a.zip", zipOf(t, "logs/a.json", "{}"), StatusNotExtracted, "archive: the importer opens its entries"},
		{"a.bin", []byte{0, 1, 2, 3, 0, 0, 0, 7, 8}, StatusNotExtracted, "no text extractor for this type"},
		{"a.docx", truncated, StatusFailed, "corrupt zip container: not a valid zip file"},
		{"a.pdf", []byte("%PDF-1.4\n%%EOF"), StatusFailed, ""},
		{"empty.csv", nil, StatusExtracted, ""},
	}
	for _, tt := range tests {
		r := run(t, tt.name, tt.data)
		if r.Status != tt.status || (tt.reason != "" && r.Reason != tt.reason) {
			t.Errorf("%s: got %s %q, want %s %q", tt.name, r.Status, r.Reason, tt.status, tt.reason)
		}
	}
}

func TestPanicRecovered(t *testing.T) {
	saved := extractors["text"]
	extractors["text"] = func(*job) { panic(errors.New("boom")) }
	defer func() { extractors["text"] = saved }()
	r := Extract(context.Background(), "a.txt", []byte("x"), Options{})
	if r.Status != StatusFailed || !strings.Contains(r.Reason, "boom") {
		t.Errorf("got %s %q, want failed with the panic value", r.Status, r.Reason)
	}
}

func TestEMLBrokenMultipart(t *testing.T) {
	eml := "From: a@b.c\r\nTo: d@e.f\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=\"nope\"\r\n\r\nbody without any boundary line\r\n"
	r := run(t, "m.eml", []byte(eml))
	if !strings.Contains(allText(r), "body without any boundary") {
		t.Errorf("got %q, want the body text kept", allText(r))
	}
}
