package report

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gen2brain/go-fitz"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report and the report screenshots in docs/screenshots")

// golden is where the expected extracted text and structure live.
const golden = "../../testdata/report"

// build renders r and checks the progress calls on the way.
func build(tb testing.TB, r *Report) []byte {
	tb.Helper()
	var stages []string
	last := map[string][2]int{}
	b, err := Build(context.Background(), r, func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
		last[stage] = [2]int{done, total}
	})
	if err != nil {
		tb.Fatalf("build %s: %v", r.Engagement.Name, err)
	}
	want := []string{StageLayout, StagePages, StageRender, StageFinish}
	if len(r.Findings) == 0 {
		want = want[1:]
	}
	if strings.Join(stages, ",") != strings.Join(want, ",") {
		tb.Errorf("progress stages %v, want %v", stages, want)
	}
	if l := last[StageLayout]; len(r.Findings) > 0 && (l[0] != len(r.Findings) || l[1] != len(r.Findings)) {
		tb.Errorf("last layout progress %v, want %d of %d", l, len(r.Findings), len(r.Findings))
	}
	for _, stage := range []string{StagePages, StageFinish} {
		if l := last[stage]; l != [2]int{1, 1} {
			tb.Errorf("last %s progress %v, want 1 of 1", stage, l)
		}
	}
	if l := last[StageRender]; l[0] != l[1] || l[0] == 0 {
		tb.Errorf("last render progress %v, want all pages", l)
	}
	return b
}

// pageTexts extracts each page's text with MuPDF.
func pageTexts(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	doc, err := fitz.NewFromMemory(pdf)
	if err != nil {
		tb.Fatalf("open the report with MuPDF: %v", err)
	}
	defer doc.Close()
	var out []string
	for i := range doc.NumPage() {
		s, err := doc.Text(i)
		if err != nil {
			tb.Fatalf("page %d text: %v", i+1, err)
		}
		out = append(out, s)
	}
	return out
}

var spaces = regexp.MustCompile(`\s+`)

// flat joins text into one line with single spaces, so that a sentence
// matches whatever the line breaks.
func flat(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// stamped reports, per page, whether pdfcpu's stamp (a Watermark artifact)
// is drawn on it.
func stamped(tb testing.TB, pdf []byte) []bool {
	tb.Helper()
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		tb.Fatal(err)
	}
	var out []bool
	for i := 1; i <= ctx.PageCount; i++ {
		d, _, _, err := ctx.PageDict(i, false)
		if err != nil {
			tb.Fatal(err)
		}
		content, err := ctx.PageContent(d, i)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, bytes.Contains(content, []byte("/Subtype /Watermark")))
	}
	return out
}

// structure describes what pdfcpu reads back: page count, properties,
// outline and attachments, one fact a line.
func structure(tb testing.TB, pdf []byte) string {
	tb.Helper()
	conf := model.NewDefaultConfiguration()
	var b strings.Builder
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(pdf), conf)
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintf(&b, "pages: %d\n", ctx.PageCount)
	info, err := ctx.DereferenceDict(*ctx.Info)
	if err != nil {
		tb.Fatal(err)
	}
	var keys []string
	for k := range info {
		if k != "CreationDate" && k != "ModDate" && k != "Producer" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := ctx.DereferenceStringOrHexLiteral(info[k], model.V10, nil)
		if err != nil {
			tb.Fatalf("info %s: %v", k, err)
		}
		fmt.Fprintf(&b, "info %s: %s\n", k, v)
	}
	bms, err := api.Bookmarks(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		tb.Fatal(err)
	}
	var walk func([]pdfcpu.Bookmark, string)
	walk = func(bms []pdfcpu.Bookmark, indent string) {
		for _, bm := range bms {
			fmt.Fprintf(&b, "bookmark %s%s -> page %d\n", indent, bm.Title, bm.PageFrom)
			walk(bm.Kids, indent+"  ")
		}
	}
	walk(bms, "")
	aa, err := api.ExtractAttachmentsRaw(bytes.NewReader(pdf), "", nil, model.NewDefaultConfiguration())
	if err != nil {
		tb.Fatal(err)
	}
	sort.Slice(aa, func(i, j int) bool { return aa[i].FileName < aa[j].FileName })
	for _, a := range aa {
		var data bytes.Buffer
		if _, err := data.ReadFrom(a.Reader); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&b, "attachment %s (%s): %d bytes, sha256 %s\n", a.FileName, a.Desc, data.Len(), sha256Hex(data.Bytes()))
	}
	return b.String()
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join(golden, name)
	if *update {
		if err := os.MkdirAll(golden, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test ./backend/report -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			tb.Errorf("%s differs from line %d:\ngot:  %q\nwant: %q\n(if the change is intended, run go test ./backend/report -update and review the diff)", path, i+1, g, w)
			return
		}
	}
}

// pagesText is the golden form of a report's text: each page's lines,
// trimmed, blank lines dropped.
func pagesText(texts []string) string {
	var b strings.Builder
	for i, t := range texts {
		fmt.Fprintf(&b, "=== page %d ===\n", i+1)
		for _, ln := range strings.Split(t, "\n") {
			if ln = strings.TrimSpace(ln); ln != "" {
				b.WriteString(ln + "\n")
			}
		}
	}
	return b.String()
}
