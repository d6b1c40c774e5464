package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
	"auditroom/backend/store"
	"auditroom/backend/view"
	"auditroom/backend/view/pdftest"
)

const testMail = "From: IT <it@acme.test>\r\nTo: audit@firm.test\r\nSubject: Q1 access review\r\n" +
	"Date: Tue, 31 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=b1\r\n\r\n" +
	"--b1\r\nContent-Type: text/plain\r\n\r\nPlease find the access review attached.\r\nRegards\r\n" +
	"--b1\r\nContent-Type: text/plain; name=list.txt\r\nContent-Disposition: attachment; filename=list.txt\r\n" +
	"Content-Transfer-Encoding: base64\r\n\r\n" + "YXR0YWNoZWQgYWNjZXNzIGxpc3Q=\r\n--b1--\r\n"

// importViewerPack imports one file of each kind the viewer shows and
// returns their evidence by name.
func importViewerPack(t *testing.T, a *App, engID string) map[string]audit.Evidence {
	t.Helper()
	var logo bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"review.pdf":    pdftest.PDF(pdftest.Text("Cover page"), pdftest.Text("Quarterly user access review", "Signed by the CISO")),
		"secret.pdf":    pdftest.Encrypted("pw", pdftest.Text("secret")),
		"users.csv":     []byte("name,role\njdoe,admin\nasmith,Année admin\n"),
		"auth.log":      []byte("2026-03-01 login jdoe\n2026-03-02 access review by CISO\n2026-03-03 logout jdoe\n"),
		"mail.eml":      []byte(testMail),
		"logo.png":      logo.Bytes(),
		"scan.tif":      grayTIFF(4, 2),
		"archive.bin":   {0x00, 0x01, 0x02, 0xff, 0xfe},
		"readme.notpdf": []byte("plain words"),
	}
	return importFiles(t, a, engID, files)
}

// importFiles imports files as one folder, as a user's import does: real
// parser processes, the store and the index. It returns the evidence by
// name.
func importFiles(t *testing.T, a *App, engID string, files map[string][]byte) map[string]audit.Evidence {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := a.Session.index(ctx, engID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, h, engID, []string{dir}, ingest.Options{Actor: "tester", Extractor: a.Session.parsers(), Index: ix}, nil); err != nil {
		t.Fatal(err)
	}
	out := map[string]audit.Evidence{}
	page, err := a.Evidence.List(engID, store.EvidenceFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range page.Items {
		out[ev.Name] = ev
	}
	return out
}

// grayTIFF is an uncompressed 8-bit grey TIFF, a type browsers do not show.
func grayTIFF(w, h int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(8))
	entries := [][3]uint32{{256, 3, uint32(w)}, {257, 3, uint32(h)}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 0}, {277, 3, 1}, {278, 3, uint32(h)}, {279, 4, uint32(w * h)}}
	pixels := 8 + 2 + 12*len(entries) + 4
	binary.Write(&b, le, uint16(len(entries)))
	for _, e := range entries {
		if e[0] == 273 {
			e[2] = uint32(pixels)
		}
		binary.Write(&b, le, uint16(e[0]))
		binary.Write(&b, le, uint16(e[1]))
		binary.Write(&b, le, uint32(1))
		if e[1] == 3 {
			binary.Write(&b, le, uint16(e[2]))
			binary.Write(&b, le, uint16(0))
		} else {
			binary.Write(&b, le, e[2])
		}
	}
	binary.Write(&b, le, uint32(0))
	for i := range w * h {
		b.WriteByte(byte(i * 30))
	}
	return b.Bytes()
}

func uiCode(err error) string {
	if ue := shown(err); ue != nil {
		return ue.Code
	}
	return ""
}

func TestViewerOpen(t *testing.T) {
	a, e := unlocked(t)
	files := importViewerPack(t, a, e.ID)
	for _, tc := range []struct {
		name, kind string
		check      func(ViewerDocument) bool
	}{
		{"review.pdf", KindPDF, func(d ViewerDocument) bool { return d.Pages == 2 && d.Problem == "" }},
		{"secret.pdf", KindPDF, func(d ViewerDocument) bool { return strings.Contains(d.Problem, "needs a password") }},
		{"users.csv", KindSheet, func(d ViewerDocument) bool {
			return len(d.Sheets) == 1 && d.Sheets[0] == view.SheetInfo{Name: "", Rows: 3}
		}},
		{"auth.log", KindText, func(d ViewerDocument) bool { return d.Lines == 3 && len(d.PartLines) == 1 && d.PartLines[0] == 1 }},
		{"mail.eml", KindEmail, func(d ViewerDocument) bool { return d.Lines >= 2 && d.Problem == "" }},
		{"list.txt", KindText, func(d ViewerDocument) bool { return d.Lines == 1 && d.Evidence.Parent == files["mail.eml"].ID }},
		{"logo.png", KindImage, func(d ViewerDocument) bool { return d.Problem == "" }},
		{"archive.bin", KindOther, func(d ViewerDocument) bool { return strings.Contains(d.Problem, "hash and provenance") }},
	} {
		ev, ok := files[tc.name]
		if !ok {
			t.Fatalf("%s was not imported: %v", tc.name, files)
		}
		d, err := a.Viewer.Open(e.ID, ev.ID)
		if err != nil || d.Kind != tc.kind || !tc.check(d) {
			t.Errorf("Open(%s) = %+v, %v; want kind %s", tc.name, d, err, tc.kind)
		}
	}
	if _, err := a.Viewer.Open(e.ID, "nope"); uiCode(err) != audit.ENOTFOUND {
		t.Errorf("Open of no evidence: %v, want not_found", err)
	}
}

func TestViewerPDFPage(t *testing.T) {
	a, e := unlocked(t)
	files := importViewerPack(t, a, e.ID)
	review := files["review.pdf"].ID
	p, err := a.Viewer.PDFPage(e.ID, review, 2, 1.5, `"access review" ciso`)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(p.PNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("page 2 is not a PNG: %v", err)
	}
	if b := img.Bounds(); p.Page != 2 || p.Pages != 2 || b.Dx() != 918 || b.Dy() != 1188 || p.Width != 612 || p.Scale != 1.5 {
		t.Errorf("page %d of %d, %dx%d pixels, %g points wide at %g; want 2 of 2, 918x1188, 612 at 1.5", p.Page, p.Pages, b.Dx(), b.Dy(), p.Width, p.Scale)
	}
	// The phrase on the first line, the CISO on the second.
	if len(p.Highlights) != 2 || p.Highlights[0].Y >= p.Highlights[1].Y || p.Highlights[0].X < 150 {
		t.Errorf("highlights %+v, want the phrase then CISO below it", p.Highlights)
	}
	if !strings.Contains(p.Text, "Quarterly user access review") || len(p.TextMarks) != 2 {
		t.Errorf("text %q marks %v", p.Text, p.TextMarks)
	}
	// Without a query nothing is marked; the page is drawn all the same.
	if p, err := a.Viewer.PDFPage(e.ID, review, 1, 1, ""); err != nil || len(p.Highlights) != 0 || p.Page != 1 {
		t.Errorf("page 1 without a query: %d highlights, %v", len(p.Highlights), err)
	}
	for _, tc := range []struct {
		id, query string
		page      int
		code      string
		message   string
	}{
		{files["secret.pdf"].ID, "", 1, audit.EINVALID, "needs a password"},
		{review, "", 3, audit.EINVALID, "page 3 is not in this PDF"},
		{review, `"unclosed`, 1, audit.EINVALID, "unclosed quote"},
		{files["users.csv"].ID, "", 1, audit.EINVALID, "users.csv is not a PDF"},
	} {
		_, err := a.Viewer.PDFPage(e.ID, tc.id, tc.page, 1, tc.query)
		if uiCode(err) != tc.code || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("PDFPage(%s, page %d, %q) = %v; want %s saying %q", tc.id, tc.page, tc.query, err, tc.code, tc.message)
		}
	}
	hits, err := a.Viewer.Hits(e.ID, review, "access")
	if err != nil || len(hits) != 1 || hits[0].Page != 2 {
		t.Errorf("hits %+v, %v; want page 2", hits, err)
	}
}

func TestViewerSheetAndText(t *testing.T) {
	a, e := unlocked(t)
	files := importViewerPack(t, a, e.ID)
	csv := files["users.csv"].ID
	page, err := a.Viewer.SheetRows(e.ID, csv, SheetQuery{Row: 3, Limit: 2, Query: "annee"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || page.Offset != 2 || len(page.Rows) != 1 || page.Rows[0].N != 3 ||
		len(page.Rows[0].Cells) != 2 || page.Rows[0].Cells[1].Text != "Année admin" || len(page.Rows[0].Cells[1].Marks) != 1 {
		t.Errorf("row 3 on pages of 2: %+v", page)
	}
	if _, err := a.Viewer.SheetRows(e.ID, csv, SheetQuery{Sheet: "Nope"}); uiCode(err) != audit.ENOTFOUND {
		t.Errorf("no such sheet: %v", err)
	}
	if _, err := a.Viewer.SheetRows(e.ID, files["auth.log"].ID, SheetQuery{}); uiCode(err) != audit.EINVALID {
		t.Errorf("rows of a log: %v", err)
	}
	hits, err := a.Viewer.Hits(e.ID, csv, "admin")
	if err != nil || len(hits) != 2 || hits[0].Row != 2 || hits[1].Row != 3 {
		t.Errorf("sheet hits %+v, %v", hits, err)
	}

	log := files["auth.log"].ID
	lines, err := a.Viewer.TextLines(e.ID, log, LinesQuery{Query: "jdoe"})
	if err != nil || lines.Total != 3 || len(lines.Lines) != 3 || len(lines.Lines[0].Marks) != 1 || len(lines.Lines[1].Marks) != 0 {
		t.Errorf("log lines %+v, %v", lines, err)
	}
	hits, err = a.Viewer.Hits(e.ID, log, "jdoe")
	if err != nil || len(hits) != 2 || hits[0].Line != 1 || hits[1].Line != 3 {
		t.Errorf("log hits %+v, %v", hits, err)
	}
}

func TestViewerEmailAndImages(t *testing.T) {
	a, e := unlocked(t)
	files := importViewerPack(t, a, e.ID)
	mail := files["mail.eml"].ID
	m, err := a.Viewer.Email(e.ID, mail)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Headers) < 4 || m.Headers[0] != (Header{Name: "From", Value: "IT <it@acme.test>"}) || m.Headers[2] != (Header{Name: "Subject", Value: "Q1 access review"}) {
		t.Errorf("headers %+v", m.Headers)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "list.txt" {
		t.Errorf("attachments %+v", m.Attachments)
	}
	body, err := a.Viewer.TextLines(e.ID, mail, LinesQuery{Query: "access review"})
	if err != nil || len(body.Lines) == 0 || body.Lines[0].Text != "Please find the access review attached." || len(body.Lines[0].Marks) != 2 {
		t.Errorf("body %+v, %v; want the body without its headers, marked", body, err)
	}
	if _, err := a.Viewer.Email(e.ID, files["auth.log"].ID); uiCode(err) != audit.EINVALID {
		t.Errorf("Email of a log: %v", err)
	}

	for _, name := range []string{"logo.png", "scan.tif"} {
		im, err := a.Viewer.Image(e.ID, files[name].ID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		raw, _ := base64.StdEncoding.DecodeString(im.Data)
		cfg, err := png.DecodeConfig(bytes.NewReader(raw))
		if err != nil || im.MIME != "image/png" {
			t.Errorf("%s: %s, %v; want a PNG", name, im.MIME, err)
			continue
		}
		if name == "logo.png" && (cfg.Width != 3 || cfg.Height != 2) {
			t.Errorf("logo.png is %dx%d, want 3x2 as it was", cfg.Width, cfg.Height)
		}
		if name == "scan.tif" && (cfg.Width == 0 || cfg.Height == 0) {
			t.Errorf("scan.tif drawn as %dx%d", cfg.Width, cfg.Height)
		}
	}

	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Viewer.Open(e.ID, mail); uiCode(err) != audit.ELOCKED {
		t.Errorf("open when locked: %v", err)
	}
}

// A page still being drawn is cancelled by the next one asked for: the
// reviewer turning pages waits only for the last.
func TestViewerNewPageCancelsOld(t *testing.T) {
	a, e := unlocked(t)
	review := importViewerPack(t, a, e.ID)["review.pdf"].ID
	// The first is held where it waits for the session, the second
	// started, then both let go.
	a.Session.mu.Lock()
	first := make(chan error, 1)
	go func() {
		_, err := a.Viewer.PDFPage(e.ID, review, 1, 1, "")
		first <- err
	}()
	waitFor(t, func() bool {
		a.Viewer.latest.mu.Lock()
		defer a.Viewer.latest.mu.Unlock()
		return a.Viewer.latest.n == 1
	})
	second := make(chan error, 1)
	go func() {
		_, err := a.Viewer.PDFPage(e.ID, review, 2, 1, "")
		second <- err
	}()
	waitFor(t, func() bool {
		a.Viewer.latest.mu.Lock()
		defer a.Viewer.latest.mu.Unlock()
		return a.Viewer.latest.n == 2
	})
	a.Session.mu.Unlock()
	if err := <-first; uiCode(err) != audit.ECANCELED {
		t.Errorf("the first page ended with %v, want canceled", err)
	}
	if err := <-second; err != nil {
		t.Errorf("the second page: %v", err)
	}
}
