package population_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/population"
	"auditroom/backend/rss"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// BenchmarkPopulation1M reads a population from a generated CSV export of
// a million rows already in the store, then draws 60 items at random, and
// reports, besides the times, the ratio to sha256sum over the same file
// timed in the same run, so the figure means the same on any machine:
//
//	create_s        population creation: stream, hash, check and store every row
//	draw_ms         a 60-item random draw, rows looked up and sample stored
//	sha256sum_s     the reference: sha256sum of the same file
//	ref_ratio       create_s ÷ sha256sum_s
//	peak_rss_MB     the process's high-water resident memory during both
//	start_rss_MB    its resident memory when they began (the generated file
//	                stored, the Go heap not yet returned), for scale
func BenchmarkPopulation1M(b *testing.B) {
	if _, err := exec.LookPath("sha256sum"); err != nil {
		b.Skip("sha256sum is not installed (coreutils)")
	}
	const rows = 1_000_000
	file := filepath.Join(b.TempDir(), "tickets.csv")
	size, sum := writeTickets(b, file, rows)
	ctx := context.Background()
	h, err := store.Create(ctx, b.TempDir(), "benchmark passphrase")
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	e, err := h.CreateEngagement(ctx, "bench", audit.Engagement{Name: "Bench", Client: "Bench", Type: audit.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"})
	if err != nil {
		b.Fatal(err)
	}
	ev := audit.Evidence{ID: sum[:24], SHA256: sum, Size: size, Name: "tickets.csv", Path: "tickets.csv", Type: "csv", Status: audit.Extracted}
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := h.PutContent(ctx, e.ID, ev.ID, f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	if _, err := h.CommitEvidence(ctx, e.ID, "bench", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p", PackSHA256: "x", Path: ev.Name, ImportedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}

	start := time.Now()
	if out, err := exec.Command("sha256sum", file).Output(); err != nil || !strings.HasPrefix(string(out), sum) {
		b.Fatalf("sha256sum: %s, %v", out, err)
	}
	ref := time.Since(start)

	rss.ResetPeak()
	startRSS := rss.Peak()
	var create, draw time.Duration
	for range b.N {
		start = time.Now()
		p, err := h.CreatePopulation(ctx, e.ID, "bench", population.Options{EvidenceID: ev.ID, Key: "ticket", Date: "opened", Amount: "amount", Stratum: "team"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		create += time.Since(start)
		if p.Rows != rows {
			b.Fatalf("%d rows, want %d", p.Rows, rows)
		}
		start = time.Now()
		s, err := h.DrawSample(ctx, e.ID, "bench", p.ID, store.SampleRequest{Method: selection.Random, Size: 60, Seed: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		draw += time.Since(start)
		if len(s.Items) != 60 {
			b.Fatalf("%d items drawn", len(s.Items))
		}
	}
	per := create.Seconds() / float64(b.N)
	b.ReportMetric(per, "create_s")
	b.ReportMetric(float64(draw.Milliseconds())/float64(b.N), "draw_ms")
	b.ReportMetric(ref.Seconds(), "sha256sum_s")
	b.ReportMetric(per/ref.Seconds(), "ref_ratio")
	b.ReportMetric(float64(rss.Peak())/1e6, "peak_rss_MB")
	b.ReportMetric(float64(startRSS)/1e6, "start_rss_MB")
	b.Logf("%d rows, %d MB: population %.1f s, 60-item draw %d ms, sha256sum %.2f s",
		rows, size>>20, per, draw.Milliseconds()/int64(b.N), ref.Seconds())
}

// writeTickets writes a CSV export of n change tickets and returns its
// size and SHA-256.
func writeTickets(b *testing.B, file string, n int) (int64, string) {
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	w := bufio.NewWriter(io.MultiWriter(f, h))
	w.WriteString("ticket,opened,amount,team,summary\n")
	teams := []string{"platform", "payments", "identity", "data", "support"}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(w, "CHG-%07d,%s,%d.%02d,%s,Deploy release %d of service %d\n",
			i+1, day.AddDate(0, 0, i*365/n).Format("2006-01-02"), (i*7919)%100000, i%100, teams[i%len(teams)], i%97, i%13)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size(), hex.EncodeToString(h.Sum(nil))
}
