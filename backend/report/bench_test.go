package report

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"auditroom/backend/rss"
)

// BenchmarkReport200Findings generates a report of 200 findings with 2,000
// exceptions in all (make bench runs it once) and reports its time, pages,
// size and the process's peak RSS.
func BenchmarkReport200Findings(b *testing.B) {
	r := large(b, 200, 10)
	var size, pages int
	start := time.Now()
	for range b.N {
		pdf, err := Build(context.Background(), r, nil)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
		if pages, err = api.PageCount(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
			b.Fatal(err)
		}
	}
	per := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(per, "s/report")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(rss.Peak())/1e6, "peak_rss_MB")
	b.Logf("200 findings, 2,000 exceptions: %d pages in %.2f s, %.1f MB PDF, peak RSS %d MB", pages, per, float64(size)/1e6, rss.Peak()>>20)
}

// large is the Acme report grown to n findings of k exceptions each.
func large(tb testing.TB, n, k int) *Report {
	r := acme(tb, Draft)
	base := r.Findings
	r.Findings = nil
	for i := range n {
		f := base[i%len(base)]
		f.ID = fmt.Sprintf("F-%03d", i+1)
		f.Title = fmt.Sprintf("%s (%d)", f.Title, i+1)
		f.Exceptions = nil
		for j := range k {
			f.Exceptions = append(f.Exceptions, Exception{
				Sample:      "S-" + strconv.Itoa(j+1),
				Attribute:   "A: performed and evidenced",
				Description: fmt.Sprintf("Item %d of finding %d: evidence of the control's operation was not retained for the date sampled; the owner could not reproduce it.", j+1, i+1),
			})
		}
		if i%2 == 1 {
			f.Response = nil
		}
		r.Findings = append(r.Findings, f)
	}
	return r
}
