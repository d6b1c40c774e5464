package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"auditroom/backend/audit"
)

// The golden tests: the Acme sample report as a draft and as a final, its
// extracted text and structure compared with testdata/report, and the
// properties an issued report must have checked one by one.
func TestAcmeReport(t *testing.T) {
	for _, status := range []Status{Draft, Final} {
		t.Run(string(status), func(t *testing.T) {
			r := acme(t, status)
			pdf := build(t, r)
			if err := api.Validate(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
				t.Fatalf("pdfcpu validation: %v", err)
			}
			texts := pageTexts(t, pdf)
			checkGolden(t, "acme-"+string(status)+".txt", pagesText(texts))
			checkGolden(t, "acme-"+string(status)+".structure.txt", structure(t, pdf))

			pages := outlinePages(t, pdf)
			checkFooters(t, r, texts)
			checkStamp(t, pdf, texts, status)
			checkFindings(t, r, texts, pages)
			checkContents(t, r, texts, pages)
			checkAppendix(t, r, texts, pages)
			checkCharacters(t, texts)
			checkAttachments(t, r, pdf)
			if *update && status == Draft {
				screenshots(t, pdf, pages)
			}
		})
	}
}

// outlinePages maps each bookmark title's first word group (a section
// number or a finding ID) to its page, as pdfcpu reads the outline back.
func outlinePages(t *testing.T, pdf []byte) map[string]int {
	t.Helper()
	bms, err := api.Bookmarks(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]int{}
	var walk func([]pdfcpu.Bookmark)
	walk = func(bms []pdfcpu.Bookmark) {
		for _, bm := range bms {
			pages[bm.Title] = bm.PageFrom
			walk(bm.Kids)
		}
	}
	walk(bms)
	return pages
}

func findingPage(t *testing.T, pages map[string]int, f Finding) int {
	t.Helper()
	p, ok := pages[f.ID+" "+f.Title]
	if !ok {
		t.Fatalf("no bookmark for finding %s in %v", f.ID, pages)
	}
	return p
}

func checkFooters(t *testing.T, r *Report, texts []string) {
	t.Helper()
	word := map[Status]string{Draft: "DRAFT", Final: "FINAL"}[r.Status]
	for i, text := range texts {
		label := fmt.Sprintf("Page %d of %d", i+1, len(texts))
		if n := strings.Count(text, label); n != 1 {
			t.Errorf("page %d: %q appears %d times, want once", i+1, label, n)
		}
		if strings.Count(text, "Page ") != 1 {
			t.Errorf("page %d carries more than one page label:\n%s", i+1, text)
		}
		// A long name is cut to fit, with an ellipsis.
		name := r.Engagement.Name
		if len(name) > 40 {
			name = name[:40]
		}
		if !strings.Contains(text, name) || !strings.Contains(text, "\n"+word+"\n") {
			t.Errorf("page %d: footer lacks the engagement or %s:\n%s", i+1, word, text)
		}
	}
}

func checkStamp(t *testing.T, pdf []byte, texts []string, status Status) {
	t.Helper()
	for i, on := range stamped(t, pdf) {
		if on != (status == Draft) {
			t.Errorf("page %d: stamped %v in a %s report", i+1, on, status)
		}
	}
	for i, text := range texts {
		// The stamp draws DRAFT as a line of its own, besides the footer's.
		n := strings.Count(text, "\nDRAFT\n")
		if status == Draft && n < 2 {
			t.Errorf("page %d: DRAFT appears %d times, want the footer's and the stamp's", i+1, n)
		}
		if status == Final && strings.Contains(text, "DRAFT") {
			t.Errorf("page %d of a final report says DRAFT", i+1)
		}
	}
}

// checkFindings checks that every finding has its pages, from its bookmark
// up to the next section, with each part and its management response.
func checkFindings(t *testing.T, r *Report, texts []string, pages map[string]int) {
	t.Helper()
	for i, f := range r.Findings {
		from := findingPage(t, pages, f)
		to := pages["Appendix A Evidence"]
		if i+1 < len(r.Findings) {
			to = findingPage(t, pages, r.Findings[i+1])
		}
		if !strings.Contains(texts[from-1], "FINDING "+f.ID) {
			t.Errorf("finding %s: its bookmark points at page %d, which does not start it", f.ID, from)
		}
		text := flat(strings.Join(texts[from-1:to-1], "\n"))
		drawn := func(s string) string { c, _ := clean(s); return flat(c) }
		for _, want := range []string{"FINDING " + f.ID, f.Title, "Condition " + f.Condition[:40], "Cause " + f.Cause,
			"Effect " + f.Effect, "Recommendation " + f.Recommendation, "Classification and rationale " + f.Classification.Label(),
			fmt.Sprintf("Exceptions (%d)", len(f.Exceptions)), "Evidence references"} {
			if !strings.Contains(text, drawn(want)) {
				t.Errorf("finding %s: pages %d–%d lack %q", f.ID, from, to-1, want)
			}
		}
		for _, e := range f.Evidence {
			if !strings.Contains(text, e.Name) || !strings.Contains(text, ShortHash(e.SHA256)) || !strings.Contains(text, e.Location()) {
				t.Errorf("finding %s: evidence reference %s (%s, %s) missing", f.ID, e.Name, e.Location(), ShortHash(e.SHA256))
			}
		}
		switch {
		case f.Response != nil:
			for _, want := range []string{"Management response", "Position " + f.Response.Position.Label(), "Response " + f.Response.Text,
				"Corrective action " + f.Response.CorrectiveAction, "Owner " + f.Response.Owner,
				"Target date " + longDate(f.Response.TargetDate), "Responded by " + f.Response.Responder} {
				if !strings.Contains(text, drawn(want)) {
					t.Errorf("finding %s: its management response lacks %q", f.ID, want)
				}
			}
			if strings.Contains(text, "pending") {
				t.Errorf("finding %s has a response but its pages say pending", f.ID)
			}
		case r.Status == Draft:
			if !strings.Contains(text, "Management response pending") {
				t.Errorf("finding %s: a draft without a response lacks the pending box:\n%s", f.ID, text)
			}
		default:
			if !strings.Contains(text, "No management response was received before this report was issued.") {
				t.Errorf("finding %s: a final without a response does not say so", f.ID)
			}
		}
	}
}

// checkContents checks the contents against the outline: same pages.
func checkContents(t *testing.T, r *Report, texts []string, pages map[string]int) {
	t.Helper()
	contents := flat(strings.Join(texts[pages["Contents"]-1:pages["1 Executive summary"]-1], "\n"))
	for title, p := range pages {
		// The contents set two spaces after a section number; the outline one.
		line := title
		if i := strings.Index(title, " "); i > 0 {
			line = title[:i] + "  " + title[i+1:]
		}
		if !strings.Contains(contents, flat(line)+" "+fmt.Sprint(p)) {
			t.Errorf("contents lack %q on page %d:\n%s", title, p, contents)
		}
	}
	if len(pages) != 5+len(r.Findings) {
		t.Errorf("outline has %d entries, want %d: %v", len(pages), 5+len(r.Findings), pages)
	}
}

func checkAppendix(t *testing.T, r *Report, texts []string, pages map[string]int) {
	t.Helper()
	appendix := flat(strings.Join(texts[pages["Appendix A Evidence"]-1:], "\n"))
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			if !strings.Contains(appendix, e.Name) || !strings.Contains(appendix, "SHA-256 "+e.SHA256) {
				t.Errorf("appendix lacks %s with its full SHA-256 %s", e.Name, e.SHA256)
			}
		}
	}
	for _, e := range r.Evidence {
		for _, p := range e.Provenance {
			want := "From " + p.Pack + ", " + p.Path + "; imported " + p.ImportedAt.UTC().Format("2006-01-02 15:04 UTC") + " by " + p.ImportedBy
			if !strings.Contains(appendix, want) {
				t.Errorf("appendix lacks the provenance %q", want)
			}
		}
	}
	for _, want := range []string{
		"As of 2024-11-04, from the document (pdf CreationDate): outside the period, before the period start 2025-01-01",
		"As of 2025-06-30, from the file name (2025-06-30) From ",
		"As-of date unknown: no manifest entry, document date, dated file or folder name, or real file time gives one",
		"As of 2026-01-05, from the file time (modified 2026-01-05T16:20:00Z): outside the period, after the period end 2025-12-31",
		"by d.whitfield; file time 2026-01-05 16:20 UTC; provided by management",
		"by d.whitfield; file time unknown; provided by management",
	} {
		if !strings.Contains(appendix, want) {
			t.Errorf("appendix lacks %q", want)
		}
	}
	if !strings.Contains(appendix, "SHA-256 "+sha256Hex(r.Workpaper)) || !strings.Contains(appendix, "SHA-256 "+sha256Hex(r.Manifest)) {
		t.Errorf("appendix does not give the attachments' hashes")
	}
}

func checkCharacters(t *testing.T, texts []string) {
	t.Helper()
	all := flat(strings.Join(texts, "\n"))
	for _, want := range []string{"Łukasz Wiśniewski", "Zoë Müller", "Søren Østergaard", "Renée Lefèvre", "Marcus Ødegaard",
		"HR ✓, ticket ✗", "▯▯▯ (Wang", "Such characters occur in this report in: F-001."} {
		if !strings.Contains(all, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	if strings.Contains(all, "王") {
		t.Errorf("the text carries a character the font cannot draw")
	}
}

func checkAttachments(t *testing.T, r *Report, pdf []byte) {
	t.Helper()
	aa, err := api.ExtractAttachmentsRaw(bytes.NewReader(pdf), "", nil, model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{workpaperName: r.Workpaper, manifestName: r.Manifest}
	for _, a := range aa {
		var got bytes.Buffer
		got.ReadFrom(a.Reader)
		if !bytes.Equal(got.Bytes(), want[a.FileName]) {
			t.Errorf("attachment %s: %d bytes differ from the %d given", a.FileName, got.Len(), len(want[a.FileName]))
		}
		delete(want, a.FileName)
	}
	for name := range want {
		t.Errorf("attachment %s missing", name)
	}
}

// screenshots keeps two pages of the sample report for the user guide.
func screenshots(t *testing.T, pdf []byte, pages map[string]int) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatalf("pdftoppm (poppler-utils) is needed to update the screenshots: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "acme.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	r := acme(t, Draft)
	for name, page := range map[string]int{"report-cover.png": 1, "report-finding.png": findingPage(t, pages, r.Findings[2])} {
		out := filepath.Join(dir, "page")
		cmd := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), in, out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, b)
		}
		png, err := os.ReadFile(out + ".png")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("../../docs/screenshots", name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A finding with 80 exceptions spans several pages; the table's caption and
// header must head every one of them.
func TestExceptionsHeaderRepeats(t *testing.T) {
	r := acme(t, Draft)
	f := &r.Findings[1]
	f.Exceptions = nil
	for i := range 80 {
		desc := "Approval recorded after deployment."
		if i%3 == 0 {
			desc = fmt.Sprintf("Deployed 2025-%02d-%02d; approval recorded two days later by the on-call approver, after the change had been in production over a weekend.", i%12+1, i%28+1)
		}
		f.Exceptions = append(f.Exceptions, Exception{Sample: fmt.Sprintf("S-%03d", i+1), Attribute: "B: approved before deployment", Description: desc})
	}
	pdf := build(t, r)
	texts := pageTexts(t, pdf)
	pages := outlinePages(t, pdf)
	from, to := findingPage(t, pages, *f), findingPage(t, pages, r.Findings[2])
	var spanned []int
	for p := from; p < to; p++ {
		text := texts[p-1]
		first := strings.Index(text, "\nS-0")
		if first < 0 {
			continue
		}
		spanned = append(spanned, p)
		head := strings.Index(text, "#\nSample\nAttribute\nDescription\n")
		if head < 0 || head > first {
			t.Errorf("page %d: exception rows without the table header above them:\n%s", p, text)
		}
		if len(spanned) > 1 && !strings.Contains(text, "Exceptions for F-002 (continued)") {
			t.Errorf("page %d: continuation page without its caption", p)
		}
	}
	if len(spanned) < 3 {
		t.Fatalf("80 exceptions spanned pages %v; the test needs at least three", spanned)
	}
	all := strings.Join(texts, "\n")
	for i := range 80 {
		if n := strings.Count(all, fmt.Sprintf("\nS-%03d\n", i+1)); n != 1 {
			t.Errorf("exception S-%03d appears %d times", i+1, n)
		}
	}
	checkFooters(t, r, texts)
	if err := api.Validate(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
}

// With 120 findings the contents run over several pages, and every page
// number in them, in the outline and in the footers must still be right.
func TestLongReportNumbering(t *testing.T) {
	r := large(t, 120, 3)
	pdf := build(t, r)
	texts := pageTexts(t, pdf)
	pages := outlinePages(t, pdf)
	if n := pages["1 Executive summary"] - pages["Contents"]; n < 2 {
		t.Fatalf("the contents fill %d page; the test needs them to run over", n)
	}
	checkFooters(t, r, texts)
	checkContents(t, r, texts, pages)
	checkFindings(t, r, texts, pages)
	checkAppendix(t, r, texts, pages)
}

// A Type 1 engagement with nothing to report still yields a whole report.
func TestEmptyReport(t *testing.T) {
	r := &Report{
		Engagement: audit.Engagement{Name: "Nordlicht GmbH SOC 2 Type 1", Client: "Nordlicht GmbH", Type: audit.Type1,
			PeriodStart: "2025-06-30", PeriodEnd: "2025-06-30", Categories: []audit.Category{audit.Security}},
		Status: Final, Date: "2025-08-01", PreparedBy: "Jürgen Weiß",
	}
	pdf := build(t, r)
	if err := api.Validate(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	texts := pageTexts(t, pdf)
	all := flat(strings.Join(texts, "\n"))
	for _, want := range []string{"As of 30 June 2025", "We identified no findings.", "No evidence files are cited.",
		"This PDF carries no attached files.", "No criteria were recorded as in scope.", "No sample sizes were recorded.", "Jürgen Weiß"} {
		if !strings.Contains(all, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	checkFooters(t, r, texts)
	checkStamp(t, pdf, texts, Final)
	pages := outlinePages(t, pdf)
	checkContents(t, r, texts, pages)
	if strings.Contains(all, "occur in this report in") {
		t.Errorf("a report without unsupported characters names some")
	}
}

// WriteFile writes only the chosen file, readable by its owner, and the
// file passes pdfcpu's validation as a file.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.pdf")
	if err := WriteFile(context.Background(), acme(t, Final), path, nil); err != nil {
		t.Fatal(err)
	}
	if err := api.ValidateFile(path, model.NewDefaultConfiguration()); err != nil {
		t.Fatalf("ValidateFile: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v, want 0600", fi.Mode().Perm())
	}
	bad := filepath.Join(dir, "no-such-folder", "acme.pdf")
	err = WriteFile(context.Background(), acme(t, Final), bad, nil)
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), bad) {
		t.Errorf("writing into a missing folder: got %v, want an invalid error naming %s", err, bad)
	}
}

// Building a report writes nothing anywhere: not a temp file, not pdfcpu's
// configuration folder in the home directory, not in the working folder.
func TestWritesNothing(t *testing.T) {
	root := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"home", "config", "tmp", "cwd"} {
		dirs[name] = filepath.Join(root, name)
		if err := os.Mkdir(dirs[name], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", dirs["home"])
	t.Setenv("XDG_CONFIG_HOME", dirs["config"])
	t.Setenv("TMPDIR", dirs["tmp"])
	t.Chdir(dirs["cwd"])
	var out bytes.Buffer
	if err := Write(context.Background(), acme(t, Draft), &out, nil); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 {
		t.Fatal("no report written")
	}
	for name, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			t.Errorf("%s folder: the report left %s behind", name, e.Name())
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Build(ctx, acme(t, Draft), nil)
	if audit.ErrorCode(err) != audit.ECANCELED {
		t.Errorf("cancelled build: got %v, want a canceled error", err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(r *Report)
		want   string
	}{
		{"no name", func(r *Report) { r.Engagement.Name = " " }, "the name is empty"},
		{"no client", func(r *Report) { r.Engagement.Client = "" }, "the client is empty"},
		{"bad type", func(r *Report) { r.Engagement.Type = "type3" }, `report type "type3"`},
		{"bad period", func(r *Report) { r.Engagement.PeriodEnd = "31/12/2025" }, `engagement period end "31/12/2025" is not a date`},
		{"bad status", func(r *Report) { r.Status = "issued" }, `report status "issued"`},
		{"bad date", func(r *Report) { r.Date = "" }, "report date"},
		{"final without preparer", func(r *Report) { r.Status, r.PreparedBy = Final, " " }, "a final report needs prepared by"},
		{"bad classification", func(r *Report) { r.Findings[0].Classification = "minor" }, `finding F-001: classification "minor"`},
		{"duplicate finding", func(r *Report) { r.Findings[1].ID = "F-001" }, "finding F-001 appears twice"},
		{"finding without title", func(r *Report) { r.Findings[2].Title = "" }, "finding F-003: the title is empty"},
		{"bad criterion", func(r *Report) { r.Findings[0].Criteria = []string{"XY1.1"} }, `"XY1.1" is not a Trust Services criterion ID`},
		{"short hash", func(r *Report) { r.Findings[0].Evidence[0].SHA256 = "abc" }, `evidence HR_terminations_2025.xlsx has SHA-256 "abc"`},
		{"cited but not in appendix", func(r *Report) { r.Evidence = r.Evidence[1:] }, "finding F-001 cites evidence HR_terminations_2025.xlsx"},
		{"appendix twice", func(r *Report) { r.Evidence = append(r.Evidence, r.Evidence[0]) }, "evidence appendix lists HR_terminations_2025.xlsx"},
		{"bad position", func(r *Report) { r.Findings[1].Response.Position = "maybe" }, `response position "maybe"`},
		{"bad target date", func(r *Report) { r.Findings[1].Response.TargetDate = "Q1" }, `finding F-002 response target date "Q1"`},
		{"workpaper not xlsx", func(r *Report) { r.Workpaper = []byte("%PDF-1.7") }, "not an XLSX file"},
		{"manifest not json", func(r *Report) { r.Manifest = []byte("{") }, "not valid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := acme(t, Draft)
			tc.change(r)
			_, err := Build(context.Background(), r, nil)
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an invalid error containing %q", err, tc.want)
			}
		})
	}
}

// A draft whose preparer is not named yet has no empty "Prepared by" line
// on its cover.
func TestDraftWithoutPreparer(t *testing.T) {
	r := acme(t, Draft)
	r.PreparedBy = "  "
	cover := flat(pageTexts(t, build(t, r))[0])
	if strings.Contains(cover, "Prepared by") {
		t.Errorf("the cover of a draft without a preparer has a Prepared by line: %q", cover)
	}
	if !strings.Contains(cover, "Report date") {
		t.Errorf("the cover lost its other lines: %q", cover)
	}
}

// Text from the field: very long words and paragraphs, long names, right-to-
// left scripts, emoji and control characters must neither break the layout
// nor lose a character that the font can draw.
func TestHostileText(t *testing.T) {
	r := acme(t, Draft)
	word := strings.Repeat("abcdefghij", 300) // 3,000 characters, no space
	long := strings.Repeat("The reviewer signed off the access list without checking it against HR records. ", 120)
	r.Engagement.Name = "Acme Holdings " + strings.Repeat("Very Long Engagement Name ", 12)
	f := &r.Findings[0]
	f.Title = strings.Repeat("A title that goes on and on ", 12)
	f.Condition = word + "\n\n" + long
	f.Exceptions[0].Description = long[:5000]
	f.Exceptions[1].Sample = strings.Repeat("X", 200)
	f.Cause = "Arabic مرحبا, Hebrew שלום, emoji 😀, a bell \x07 and a tab\there."
	pdf := build(t, r)
	if err := api.Validate(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	texts := pageTexts(t, pdf)
	checkFooters(t, r, texts)
	pages := outlinePages(t, pdf)
	checkFindings(t, r, texts, pages)
	checkContents(t, r, texts, pages)
	nospace := strings.Join(strings.Fields(strings.Join(texts, "")), "")
	for _, want := range []string{word, strings.Join(strings.Fields(long[:5000]), ""), strings.Repeat("X", 200)} {
		if !strings.Contains(nospace, want) {
			t.Errorf("a long text lost characters (first 40: %q)", want[:40])
		}
	}
	if all := flat(strings.Join(texts, "\n")); !strings.Contains(all, "Arabic ▯▯▯▯▯, Hebrew ▯▯▯▯, emoji ▯, a bell and a tab here.") {
		t.Errorf("the cause lost characters or kept control characters")
	}
}

// Reports are built as jobs, possibly two at once: builds share nothing
// but the font coverage table.
func TestConcurrentBuilds(t *testing.T) {
	want := pagesText(pageTexts(t, build(t, acme(t, Draft))))
	type result struct {
		pdf []byte
		err error
	}
	results := make(chan result, 2)
	for _, r := range []*Report{acme(t, Draft), acme(t, Draft)} {
		go func() {
			b, err := Build(context.Background(), r, nil)
			results <- result{b, err}
		}()
	}
	for range 2 {
		res := <-results
		if res.err != nil {
			t.Fatal(res.err)
		}
		if pagesText(pageTexts(t, res.pdf)) != want {
			t.Error("a concurrent build differs from a lone one")
		}
	}
}
