package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// minimalPDF is a one-page PDF whose info dictionary gives its creation date.
func minimalPDF(created string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (Vendor review) Tj ET\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Title (Vendor review) /CreationDate (D:" + created + ") >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// zipEntry is one file of a test pack; a zero mod time writes an entry
// without a time, as some zip tools do.
type zipEntry struct {
	name string
	body []byte
	mod  time.Time
}

func writeZip(t *testing.T, path string, entries []zipEntry) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: e.mod})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestImportAsOfSources imports a pack with one file for each source of an
// as-of date and checks the date, source and detail each file gets.
func TestImportAsOfSources(t *testing.T) {
	e := newEnv(t) // period 2026-01-01 to 2026-12-31, dates read day first
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for name, body := range map[string]string{
		"[Content_Types].xml": "<Types/>",
		"word/document.xml":   `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Access review</w:t></w:r></w:p></w:body></w:document>`,
		"docProps/core.xml": `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/">` +
			`<dcterms:modified>2026-03-16T08:00:00Z</dcterms:modified></cp:coreProperties>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()

	real := time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)
	dosEpoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	pack := filepath.Join(t.TempDir(), "acme-pbc.zip")
	writeZip(t, pack, []zipEntry{
		{"manifest.csv", []byte("path,request_id,control_ids,description,as_of\nlisting-2026-09-30.csv,,,,2026-02-01\n"), real},
		{"listing-2026-09-30.csv", []byte("user,role\nana,admin\n"), real},
		{"access-review-2026-11-30.docx", docx.Bytes(), real},
		{"vendor-review.pdf", minimalPDF("20260420093000Z"), real},
		{"notice.eml", []byte("From: it@acme.test\r\nTo: all@acme.test\r\nSubject: Password change\r\nDate: Mon, 04 May 2026 10:00:00 +0000\r\n\r\nPlease change your password.\r\n"), real},
		{"hr/user-listing-2026-06-30.csv", []byte("user,status\nbo,active\n"), real},
		{"hr/terminations 03-04-2026.txt", []byte("bo left\n"), real},
		{"2026-Q2/firewall/rules.txt", []byte("allow 443\n"), real},
		{"FY26/budget.txt", []byte("budget\n"), real},
		{"June 2026/payroll.txt", []byte("payroll\n"), real},
		{"notes.txt", []byte("notes\n"), real},
		{"readme.txt", []byte("no time at all\n"), time.Time{}},
		{"old.txt", []byte("dos epoch\n"), dosEpoch},
		{"future.txt", []byte("from the future\n"), time.Now().Add(48 * time.Hour)},
		{"scan 15-01-2027.txt", []byte("late scan\n"), real},
		{"2025-12-31/close.txt", []byte("year-end close\n"), real},
	})
	if sum := e.importPaths(t, context.Background(), pack); sum.Imported != 16 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v: want 16 imported (the manifest too), none failed", sum)
	}
	items, _, err := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]audit.Evidence{}
	for _, it := range items {
		byPath[it.Path] = it
	}
	for _, c := range []struct{ path, asOf, source, detail string }{
		{"listing-2026-09-30.csv", "2026-02-01", "manifest", "as_of"},
		{"access-review-2026-11-30.docx", "2026-03-16", "document", "docProps/core.xml modified"},
		{"vendor-review.pdf", "2026-04-20", "document", "pdf CreationDate"},
		{"notice.eml", "2026-05-04", "document", "Date header"},
		{"hr/user-listing-2026-06-30.csv", "2026-06-30", "file name", "2026-06-30"},
		{"hr/terminations 03-04-2026.txt", "2026-04-03", "file name", "03-04-2026"},
		{"2026-Q2/firewall/rules.txt", "2026-06-30", "folder name", "2026-Q2"},
		{"FY26/budget.txt", "2026-12-31", "folder name", "FY26"},
		{"June 2026/payroll.txt", "2026-06-30", "folder name", "June 2026"},
		{"notes.txt", "2026-05-05", "file time", "modified 2026-05-05T10:00:00Z"},
		{"readme.txt", "", "unknown", ""},
		{"old.txt", "", "unknown", ""},
		{"future.txt", "", "unknown", ""},
		{"scan 15-01-2027.txt", "2027-01-15", "file name", "15-01-2027"},
		{"2025-12-31/close.txt", "2025-12-31", "folder name", "2025-12-31"},
	} {
		ev, ok := byPath[c.path]
		if !ok {
			t.Errorf("%s not imported", c.path)
			continue
		}
		if ev.AsOf != c.asOf || ev.AsOfSource != c.source || ev.AsOfDetail != c.detail {
			t.Errorf("%s: as of %q from %q (%q), want %q from %q (%q)", c.path, ev.AsOf, ev.AsOfSource, ev.AsOfDetail, c.asOf, c.source, c.detail)
		}
	}

	// Coverage counts and lists what is dated outside the period or not at all.
	cv, err := e.h.Coverage(context.Background(), e.eng, "2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range cv.Gaps.EvidenceOutOfPeriod {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", d.Path, d.AsOf, d.AsOfSource, d.Reason))
	}
	want := []string{
		"2025-12-31/close.txt|2025-12-31|folder name|before the period start 2026-01-01",
		"future.txt||unknown|date unknown",
		"old.txt||unknown|date unknown",
		"readme.txt||unknown|date unknown",
		"scan 15-01-2027.txt|2027-01-15|file name|after the period end 2026-12-31",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || cv.Summary.EvidenceOutOfPeriod != 2 || cv.Summary.EvidenceUndated != 3 {
		t.Errorf("coverage: %d out of period, %d undated, listed:\n%s\nwant 2, 3:\n%s", cv.Summary.EvidenceOutOfPeriod, cv.Summary.EvidenceUndated,
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A date set by hand says who set it and outranks what a later copy says.
	readme := byPath["readme.txt"]
	if ev, err := e.h.SetAsOf(context.Background(), e.eng, "tester", readme.ID, "2026-07-01"); err != nil ||
		ev.AsOf != "2026-07-01" || ev.AsOfSource != "edited" || ev.AsOfDetail != "tester" {
		t.Fatalf("SetAsOf: %+v, %v", ev, err)
	}
	again := filepath.Join(t.TempDir(), "resend 2026-03-31")
	write(t, again, map[string]string{"readme.txt": "no time at all\n", "late/notes.txt": "notes\n"})
	e.importPaths(t, context.Background(), again)
	if ev, _, err := e.h.Evidence(context.Background(), e.eng, readme.ID); err != nil || ev.AsOf != "2026-07-01" || ev.AsOfSource != "edited" {
		t.Errorf("after a second copy: %+v, %v; want the edited date kept", ev, err)
	}
	// The pack's own name counts as the outermost folder, and a copy's
	// name outranks the first copy's file time.
	if ev, _, err := e.h.Evidence(context.Background(), e.eng, byPath["notes.txt"].ID); err != nil ||
		ev.AsOf != "2026-03-31" || ev.AsOfSource != "folder name" || ev.AsOfDetail != "2026-03-31" {
		t.Errorf("notes.txt after a copy in a dated pack: %+v, %v; want 2026-03-31 from the folder name", ev, err)
	}

	// An entry without a time keeps none in its provenance, rather than
	// the year 1 or 1979-11-30.
	_, provs, err := e.h.Evidence(context.Background(), e.eng, byPath["readme.txt"].ID)
	if err != nil || len(provs) != 2 || provs[0].Pack != "acme-pbc.zip" || !provs[0].ModTime.IsZero() {
		t.Errorf("provenance of readme.txt: %+v, %v; want the zip's copy without a time", provs, err)
	}
}
