package extract

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/gen2brain/go-fitz"
)

// extractPDF gives one part per page through MuPDF. A PDF encrypted with an
// empty user password opens by itself; one that needs a password is
// reported as encrypted.
func extractPDF(j *job) {
	data := j.data
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		// Junk before the header: MuPDF only recognises a PDF at offset 0
		// and repairs the shifted cross-reference table itself.
		data = data[i:]
		j.meta("header_offset", itoa(i))
	}
	doc, err := fitz.NewFromMemory(data)
	if doc != nil && !errors.Is(err, fitz.ErrCreateContext) && !errors.Is(err, fitz.ErrEmptyBytes) {
		defer doc.Close()
	}
	switch {
	case errors.Is(err, fitz.ErrNeedsPassword):
		j.set(StatusEncrypted, "pdf needs a password")
		return
	case errors.Is(err, fitz.ErrEmptyBytes):
		j.fail("empty file")
		return
	case err != nil:
		j.fail("cannot open pdf: %s", strings.TrimPrefix(err.Error(), "fitz: "))
		return
	}
	md := doc.Metadata()
	get := func(k string) string {
		v := md[k]
		if i := strings.IndexByte(v, 0); i >= 0 {
			v = v[:i]
		}
		return strings.TrimSpace(v)
	}
	j.res.Title = get("title")
	j.meta("author", get("author"))
	j.meta("subject", get("subject"))
	j.meta("keywords", get("keywords"))
	j.meta("creator", get("creator"))
	j.meta("producer", get("producer"))
	j.meta("format", get("format"))
	if enc := get("encryption"); enc != "" && enc != "None" {
		j.meta("encryption", enc)
	}
	if t, ok := parsePDFDate(get("creationDate")); ok {
		j.res.AsOf, j.res.AsOfField = t, "pdf CreationDate"
	} else if t, ok := parsePDFDate(get("modDate")); ok {
		j.res.AsOf, j.res.AsOfField = t, "pdf ModDate"
	}

	n := doc.NumPage()
	if n < 0 {
		j.fail("cannot count pdf pages")
		return
	}
	j.meta("pages", itoa(n))
	var pageErrs, inARow int
	var firstErr error
	for i := 0; i < n; i++ {
		if j.interrupted() {
			return
		}
		if j.opt.Page != nil {
			j.opt.Page(i+1, n)
		}
		text, err := doc.Text(i)
		if err != nil {
			pageErrs++
			if firstErr == nil {
				firstErr = err
			}
			// A broken page tree can claim billions of pages that each
			// fail at once (the corpus has one); past this many failures
			// in a row the rest are not tried.
			if inARow++; inARow == maxPageErrsInARow && i+1 < n {
				j.meta("pages_not_tried", itoa(n-i-1))
				if pageErrs == i+1 {
					j.fail("no page could be read: the first %d of %d failed: %s", pageErrs, n, strings.TrimPrefix(firstErr.Error(), "fitz: "))
					return
				}
				break
			}
			continue
		}
		inARow = 0
		if err := j.out.add(Part{Page: i + 1, Text: text}); err != nil {
			j.stopErr(err)
			return
		}
	}
	if pageErrs > 0 {
		j.meta("page_errors", itoa(pageErrs))
		if pageErrs == n {
			j.fail("no page could be read: %s", strings.TrimPrefix(firstErr.Error(), "fitz: "))
		}
	}
}

// maxPageErrsInARow is how many pages in a row may fail before a PDF's
// remaining pages are given up.
const maxPageErrsInARow = 100

// parsePDFDate reads a PDF date such as "D:20200101120000Z",
// "D:20200101120000+02'00'" or a prefix of it.
func parsePDFDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "D:"))
	if len(s) < 4 {
		return time.Time{}, false
	}
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	layouts := map[int]string{4: "2006", 6: "200601", 8: "20060102", 10: "2006010215", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[digits]
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s[:digits])
	if err != nil {
		return time.Time{}, false
	}
	tz := strings.NewReplacer("'", "").Replace(s[digits:])
	if len(tz) >= 3 && (tz[0] == '+' || tz[0] == '-') {
		if len(tz) == 3 {
			tz += "00"
		}
		if off, err := time.Parse("-0700", tz[:5]); err == nil {
			_, sec := off.Zone()
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("", sec))
		}
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}
