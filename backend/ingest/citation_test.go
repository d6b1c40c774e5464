package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

// keyer makes unique search keys: a prefix and six letters no stemmer
// changes, so that each key is one term found only where it was written.
type keyer struct {
	r    *rand.Rand
	seen map[string]bool
}

func (k *keyer) next(prefix string) string {
	const letters = "bcdfghjklmnpqrtvwxz"
	for {
		b := []byte(prefix)
		for range 6 {
			b = append(b, letters[k.r.IntN(len(letters))])
		}
		if s := string(b); !k.seen[s] {
			k.seen[s] = true
			return s
		}
	}
}

// words is filler text, so that the rows spread over several parts.
func (k *keyer) words(n int) string {
	w := []string{"approved", "access", "review", "ticket", "change", "quarterly", "vendor", "terminated"}
	out := make([]string, n)
	for i := range out {
		out[i] = w[k.r.IntN(len(w))]
	}
	return strings.Join(out, " ")
}

// cited searches key and returns the place its one hit names.
func cited(t *testing.T, e *env, key string) audit.Locator {
	t.Helper()
	res, err := search.Search(context.Background(), e.ix, key, 0, 5)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("search %q: %d hits, %v", key, len(res.Hits), err)
	}
	return res.Hits[0].Locator
}

// TestCitationsNameTheMatch imports generated files through the real
// pipeline (parser processes, store, index) and searches every row's,
// line's and record's own key: each must be cited at the place a person
// sees it, the spreadsheet's own row number, the CSV row and the line it
// starts on, the log line, the JSON record and its line, the e-mail's
// header, body line or attachment.
func TestCitationsNameTheMatch(t *testing.T) {
	k := &keyer{r: rand.New(rand.NewPCG(7, 11)), seen: map[string]bool{}}
	dir := t.TempDir()
	want := map[string]audit.Locator{}

	// CSV: a title line and a header, blank lines, quoted cells with line
	// breaks, and one row long enough to be indexed in two documents.
	var csv strings.Builder
	csv.WriteString("Ticket export FY26\nid,summary,owner\n")
	line, row := 3, 3
	for i := range 300 {
		key := k.next("tk")
		switch {
		case i%37 == 5:
			csv.WriteString("\n")
			line, row = line+1, row+1
		case i == 200:
			// Its key at the end, beyond the first 64 KB of its part.
			fmt.Fprintf(&csv, "%d,%s,%s\n", i, k.words(12000), key)
			want[key] = audit.Locator{Row: row, Line: line}
			line, row = line+1, row+1
			continue
		}
		want[key] = audit.Locator{Row: row, Line: line}
		if i%11 == 3 {
			fmt.Fprintf(&csv, "%d,\"%s\nsecond line, %s\",%s\n", i, k.words(3), k.words(2), key)
			line += 2
		} else {
			fmt.Fprintf(&csv, "%d,%s,%s\n", i, k.words(5), key)
			line++
		}
		row++
	}
	write(t, dir, map[string]string{"tickets.csv": csv.String()})

	// XLSX: a title row, a blank row, the header, data with blank rows
	// left out and cells holding line breaks, on two sheets.
	f := excelize.NewFile()
	if _, err := f.NewSheet("Terminations"); err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"Sheet1", "Terminations"} {
		if err := f.SetSheetRow(sheet, "A1", &[]any{"Report " + sheet}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(sheet, "A3", &[]any{"id", "name", "note"}); err != nil {
			t.Fatal(err)
		}
		r := 4
		for i := range 150 {
			if i%13 == 7 {
				r++ // a blank row
			}
			key := k.next("xl")
			note := k.words(6)
			if i%9 == 2 {
				note += "\n" + k.words(2)
			}
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r), &[]any{i, note, key}); err != nil {
				t.Fatal(err)
			}
			want[key] = audit.Locator{Sheet: sheet, Row: r}
			r++
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "hr.xlsx")); err != nil {
		t.Fatal(err)
	}

	// A log with blank lines.
	var log strings.Builder
	for n := 1; n <= 400; n++ {
		if n%17 == 0 {
			log.WriteString("\n")
			continue
		}
		key := k.next("lg")
		fmt.Fprintf(&log, "2026-03-01T10:%02d:00Z INFO %s %s\n", n%60, k.words(4), key)
		want[key] = audit.Locator{Line: n}
	}
	write(t, dir, map[string]string{"auth.log": log.String()})

	// NDJSON: records of several fields, blank lines between some.
	var nd strings.Builder
	record := 0
	for n := 1; n <= 250; n++ {
		if n%19 == 0 {
			nd.WriteString("\n")
			continue
		}
		record++
		key := k.next("nd")
		fmt.Fprintf(&nd, `{"event":"login","detail":{"note":%q,"user":%q}}`+"\n", k.words(4), key)
		want[key] = audit.Locator{Record: record, Line: n}
	}
	write(t, dir, map[string]string{"events.ndjson": nd.String()})

	// JSON arrays of n records, each taking lines lines from line first,
	// element formatting one record around its key.
	array := func(name, prefix, head, element, tail string, n, first, lines int) {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			key := k.next(prefix)
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, element, key)
			want[key] = audit.Locator{Record: i + 1, Line: first + lines*i}
		}
		b.WriteString(tail)
		write(t, dir, map[string]string{name: b.String()})
	}
	// A top-level array, pretty-printed: each element on lines of its own.
	array("users.json", "js", "[\n", "  {\n    \"id\": 1,\n    \"user\": %q\n  }", "\n]\n", 80, 2, 4)
	// CloudTrail: {"Records": [...]} after another key, one part a record.
	array("cloudtrail.json", "ct", "{\n  \"Version\": \"1.0\",\n  \"Records\": [\n",
		"    {\"eventName\": \"ConsoleLogin\",\n     \"userName\": %q}", "\n  ]\n}\n", 40, 4, 2)

	// An e-mail: a key in the subject, one in the body, one in an attachment.
	subj, body, att := k.next("ms"), k.next("mb"), k.next("ma")
	want[subj] = audit.Locator{Section: audit.SectionHeader}
	want[body] = audit.Locator{Section: audit.SectionBody, Line: 3}
	want[att] = audit.Locator{Attachment: "notes.txt", Line: 2}
	write(t, dir, map[string]string{"approval.eml": "From: lead@example.com\r\nTo: audit@example.com\r\n" +
		"Subject: Approval " + subj + "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n" +
		"Hello,\r\n\r\nApproved as " + body + ".\r\n--b1\r\nContent-Type: text/plain\r\n" +
		"Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nfirst note\r\nsecond note " + att + "\r\n--b1--\r\n"})

	e := newEnv(t)
	sum := e.importPaths(t, context.Background(), dir)
	if len(sum.Failed) > 0 {
		t.Fatalf("import: %+v", sum)
	}
	for key, w := range want {
		if got := cited(t, e, key); got != w {
			t.Errorf("%s cited at %q, want %q", key, got, w)
		}
	}
}

// TestCitationOfSeveralWords cites the row holding all of a query's words,
// not the first row holding one of them: "CHG-1059" is two terms, and
// "CHG" is on every row.
func TestCitationOfSeveralWords(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Ticket ID,Summary,Approved By\n")
	for i := 1; i < 120; i++ {
		fmt.Fprintf(&b, "CHG-%d,change number %d,approver %d\n", 1000+i, i, i)
	}
	write(t, dir, map[string]string{"tickets.csv": b.String()})
	e := newEnv(t)
	e.importPaths(t, context.Background(), dir)
	if got := cited(t, e, "CHG-1059"); got != (audit.Locator{Row: 60, Line: 60}) {
		t.Errorf("CHG-1059 cited at %q, want row 60, line 60", got)
	}
	if got := cited(t, e, `"change number 75"`); got != (audit.Locator{Row: 76, Line: 76}) {
		t.Errorf("phrase cited at %q, want row 76, line 76", got)
	}
}
