package extract

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// corpusDir is the shared evidence corpus, relative to this package.
const corpusDir = "../../../shared/corpus"

// corpusSkip lists files that hang or exhaust MuPDF; the importer's worker
// processes handle them with time and memory limits.
var corpusSkip = map[string]bool{
	"pdfjs/poppler-67295-0.pdf": true,
	"pdfjs/bomb_giant.pdf":      true,
}

func corpusFile(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if os.IsNotExist(err) {
		t.Skipf("shared corpus file %s not found under %s; skipping", rel, corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func extractCorpus(t *testing.T, rel string) Result {
	t.Helper()
	data := corpusFile(t, rel)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return Extract(ctx, filepath.Base(rel), data, Options{})
}

func allText(r Result) string {
	var b strings.Builder
	for _, p := range r.Parts {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCorpusSamples(t *testing.T) {
	tests := []struct {
		file, typ, status, contains string
		page                        int // page of the part that must contain the text, 0 = any
	}{
		{"pdfjs/tracemonkey.pdf", "pdf", StatusExtracted, "Trace-based Just-in-Time", 1},
		{"pdfjs/issue9972-1.pdf", "pdf", StatusExtracted, "SLEEP ENVIRONMENT", 1}, // owner password only
		{"py-pdf-sample-files/005-libreoffice-writer-password/libreoffice-writer-password.pdf", "pdf", StatusEncrypted, "", 0},
		{"frictionless-py/latin1.csv", "csv", StatusExtracted, "", 0},
		{"apache-poi/spreadsheet/poc-xmlbomb.xlsx", "xlsx", "", "", 0},
		{"apache-poi/spreadsheet/poc-xmlbomb-empty.xlsx", "xlsx", "", "", 0},
		{"apache-poi/document/ExternalEntityInText.docx", "docx", "", "", 0},
		{"apache-poi/poifs/protect.xlsx", "ole", StatusEncrypted, "", 0},
		{"apache-poi/document/PasswordProtected.doc", "ole", StatusNotExtracted, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r := extractCorpus(t, tt.file)
			runtime.ReadMemStats(&after)
			// Bombs must stay bounded: little text, modest allocation.
			if n := len(allText(r)); n > 8<<20 {
				t.Errorf("%s: %d bytes of text", tt.file, n)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
				t.Errorf("%s: allocated %d MiB", tt.file, alloc>>20)
			}
			if r.Type != tt.typ || (tt.status != "" && r.Status != tt.status) {
				t.Fatalf("%s: got type %q status %q reason %q, want %q %q", tt.file, r.Type, r.Status, r.Reason, tt.typ, tt.status)
			}
			if tt.contains == "" {
				return
			}
			for _, p := range r.Parts {
				if (tt.page == 0 || p.Page == tt.page) && strings.Contains(strings.Join(strings.Fields(p.Text), " "), tt.contains) {
					return
				}
			}
			t.Errorf("%s: no part (page %d) contains %q", tt.file, tt.page, tt.contains)
		})
	}
}

// TestCorpusAll runs Extract over every corpus file and checks the
// invariants of a Result. It takes about 15 s, so it runs even in -short mode.
// Set EXTRACT_CORPUS_VERBOSE=1 to print one line per file.
func TestCorpusAll(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s; skipping", corpusDir)
	}
	var files []string
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(corpusDir, p)
			if !corpusSkip[filepath.ToSlash(rel)] {
				files = append(files, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	stats := map[string]int{}
	type slow struct {
		file string
		d    time.Duration
	}
	var slowest []slow
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		t0 := time.Now()
		r := Extract(ctx, filepath.Base(p), data, Options{})
		d := time.Since(t0)
		cancel()
		slowest = append(slowest, slow{p, d})
		stats[r.Type+"\t"+r.Status]++
		switch r.Status {
		case StatusExtracted, StatusEncrypted, StatusNotExtracted, StatusFailed:
		default:
			t.Errorf("%s: status %q", p, r.Status)
		}
		if r.Status != StatusExtracted && r.Reason == "" {
			t.Errorf("%s: status %s without a reason", p, r.Status)
		}
		for i, part := range r.Parts {
			if !utf8.ValidString(part.Text) {
				t.Errorf("%s: part %d is not valid UTF-8", p, i)
			}
		}
		if !utf8.ValidString(r.Title) {
			t.Errorf("%s: title is not valid UTF-8", p)
		}
		for k, v := range r.Meta {
			if !utf8.ValidString(v) {
				t.Errorf("%s: meta %s is not valid UTF-8", p, k)
			}
		}
		if os.Getenv("EXTRACT_CORPUS_VERBOSE") != "" {
			fmt.Printf("%s\t%s\t%s\t%d parts\t%v\t%s\n", r.Type, r.Status, p, len(r.Parts), d.Round(time.Millisecond), r.Reason)
		}
	}
	sort.Slice(slowest, func(a, b int) bool { return slowest[a].d > slowest[b].d })
	var keys []string
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%d\n", k, stats[k])
	}
	t.Logf("%d files in %v; by type and status:\n%s", len(files), time.Since(start).Round(time.Millisecond), b.String())
	for _, s := range slowest[:min(5, len(slowest))] {
		t.Logf("slow: %v %s", s.d.Round(time.Millisecond), s.file)
	}
}

// TestCorpusQueries checks that each evidence phrase of queries.tsv appears
// in the extracted text of its expected file, white space normalised.
func TestCorpusQueries(t *testing.T) {
	b := corpusFile(t, "queries.tsv")
	// CSV rows come out as tab-separated cells; compare cells, not delimiters.
	norm := func(s string) string {
		return strings.Join(strings.Fields(strings.NewReplacer(";", " ", ",", " ").Replace(s)), " ")
	}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if i == 0 || len(f) < 3 {
			continue
		}
		file, phrase := f[1], f[2]
		t.Run(file, func(t *testing.T) {
			r := extractCorpus(t, file)
			if r.Status != StatusExtracted {
				t.Fatalf("%s: status %s (%s)", file, r.Status, r.Reason)
			}
			if !strings.Contains(norm(allText(r)), norm(phrase)) {
				t.Errorf("%s: extracted text lacks %q", file, phrase)
			}
		})
	}
}

func TestCorpusMail(t *testing.T) {
	dir := filepath.Join(corpusDir, "mikel-mail", "emails")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not found at %s; skipping", dir)
	}
	var withChildren []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r := Extract(context.Background(), d.Name(), data, Options{})
		if r.Type == "eml" && len(r.Children) > 0 {
			withChildren = append(withChildren, p)
		}
		return nil
	})
	if len(withChildren) == 0 {
		t.Fatal("no mikel-mail message produced attachment children")
	}
	t.Logf("%d messages with attachments", len(withChildren))

	r := extractCorpus(t, "mikel-mail/emails/attachment_emails/attachment_pdf.eml")
	if r.Type != "eml" || len(r.Children) == 0 || !strings.HasSuffix(strings.ToLower(r.Children[0].Name), ".pdf") {
		t.Errorf("attachment_pdf.eml: got type %s children %d, want eml with a .pdf child", r.Type, len(r.Children))
	} else if Detect(r.Children[0].Name, r.Children[0].Data) != "pdf" {
		t.Errorf("attachment_pdf.eml: child %s is not a pdf by content", r.Children[0].Name)
	}
}

func TestCorpusMSG(t *testing.T) {
	dir := filepath.Join(corpusDir, "apache-poi", "hsmf")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not found at %s; skipping", dir)
	}
	r := extractCorpus(t, "apache-poi/hsmf/quick.msg")
	if r.Type != "msg" || r.Status != StatusExtracted {
		t.Fatalf("quick.msg: got %s %s (%s), want msg extracted", r.Type, r.Status, r.Reason)
	}
	if r.Meta["subject"] == "" || !strings.Contains(allText(r), r.Meta["subject"]) {
		t.Errorf("quick.msg: subject %q missing from text %q", r.Meta["subject"], firstLines(allText(r), 5))
	}
}

func TestCorpusLatin1(t *testing.T) {
	r := extractCorpus(t, "frictionless-py/latin1.csv")
	text := allText(r)
	if r.Meta["encoding"] != "windows-1252" || !strings.Contains(text, "2\t©") || strings.Contains(text, "\uFFFD") {
		t.Errorf("latin1.csv: encoding %q, text %q; want windows-1252 with a row 2\t©", r.Meta["encoding"], text)
	}
	r = extractCorpus(t, "frictionless-py/table-with-accents.csv")
	if text := allText(r); r.Meta["delimiter"] != ";" || !strings.Contains(text, "Année") {
		t.Errorf("table-with-accents.csv: delimiter %q, text %q; want ; and Année", r.Meta["delimiter"], firstLines(text, 2))
	}
}

// TestCorpusConcurrent extracts PDFs from several goroutines at once: each
// call has its own MuPDF document and context.
func TestCorpusConcurrent(t *testing.T) {
	data := corpusFile(t, "pdfjs/tracemonkey.pdf")
	want := allText(Extract(context.Background(), "t.pdf", data, Options{}))
	errs := make(chan string, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := allText(Extract(context.Background(), "t.pdf", data, Options{})); got != want {
				errs <- fmt.Sprintf("concurrent extraction gave %d bytes of text, want %d", len(got), len(want))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
