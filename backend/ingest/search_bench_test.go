package ingest

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/index"
	"auditroom/backend/search"
)

// The search benchmarks time every query many times and report the 50th
// and 95th percentile latency of one search as the app runs it (parse,
// query, facets, fragments of the first page):
//
//	p50_ms, p95_ms                 Audit Room
//	recoll_p50_ms, recoll_p95_ms   Recoll's recollq over the same corpus, where
//	                               Debian's recollcmd is installed (a process a query,
//	                               as a user runs it)
//	p95_recoll_ratio               p95_ms ÷ recoll_p95_ms (target ≤ 1)
//	top5_share, mrr                testdata/relevance.tsv: the share of queries
//	recoll_top5_share, recoll_mrr  finding their file in the top 5, and the mean
//	                               reciprocal rank over the top 10, ours and Recoll's

const searchRounds = 20

func BenchmarkSearchCorpus(b *testing.B) {
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.md")); err != nil {
		b.Skipf("the shared corpus is not at %s (set AUDITROOM_CORPUS)", corpus)
	}
	queries := corpusQueryList(b)
	rows := relevanceSet(b)
	dirs := []string{corpus, filepath.Join("testdata", "relevance")}
	e := newEnv(b)
	e.importPaths(b, context.Background(), dirs...)
	b.ResetTimer()
	p50, p95 := searchLatency(b, e.ix, queries)
	b.StopTimer()
	b.ReportMetric(p50, "p50_ms")
	b.ReportMetric(p95, "p95_ms")
	top5, mrr := relevance(rows, func(q, want, _ string) int { return e.rank(b, q, want) })
	b.ReportMetric(top5, "top5_share")
	b.ReportMetric(mrr, "mrr")
	conf, ok := recollIndex(b, dirs...)
	if !ok {
		return
	}
	if r50, r95, ok := recollLatency(b, conf, queries); ok {
		b.ReportMetric(r50, "recoll_p50_ms")
		b.ReportMetric(r95, "recoll_p95_ms")
		b.ReportMetric(p95/r95, "p95_recoll_ratio")
	}
	top5, mrr = relevance(rows, func(q, want, _ string) int { return recollRank(conf, q, want) })
	b.ReportMetric(top5, "recoll_top5_share")
	b.ReportMetric(mrr, "recoll_mrr")
}

// rank is where the file imported from path want (or a path ending in
// /want) stands among the top 10 hits of q, from 1; 0 if it is not there.
func (e *env) rank(t testing.TB, q, want string) int {
	ctx := context.Background()
	res, err := search.Search(ctx, e.ix, q, 0, 10)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	for i, h := range res.Hits {
		_, provs, _ := e.h.Evidence(ctx, e.eng, h.EvidenceID)
		for _, p := range provs {
			if p.Path == want || strings.HasSuffix(p.Path, "/"+want) {
				return i + 1
			}
		}
	}
	return 0
}

// BenchmarkSearch100k searches an engagement of 100,000 generated
// documents: words drawn from a skewed vocabulary, so that common words
// have long posting lists, with types, controls and dates to filter on.
func BenchmarkSearch100k(b *testing.B) {
	e := newEnv(b)
	const docs = 100_000
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := benchVocabulary()
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 2, uint64(len(vocab)-1))
	types := []string{"pdf", "csv", "log", "docx", "eml"}
	controls := []string{"CC6.1", "CC6.2", "CC6.3", "CC7.2", "CC8.1", "A1.2"}
	batch := make([]index.Doc, 0, 1000)
	start := time.Now()
	for i := range docs {
		var text strings.Builder
		for range 120 {
			text.WriteString(vocab[zipf.Uint64()])
			text.WriteByte(' ')
		}
		ev := audit.Evidence{
			ID: fmt.Sprintf("%024x", i), Name: fmt.Sprintf("record-%06d.%s", i, types[i%len(types)]),
			Path: fmt.Sprintf("pack/%03d/record-%06d", i%500, i), Pack: "generated", Type: types[i%len(types)],
			Status: audit.Extracted, AsOf: fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28),
			Controls: []string{controls[rng.IntN(len(controls))]},
		}
		batch = append(batch, Docs(ev, []audit.Part{{Page: 1 + i%9, Text: text.String()}})...)
		if len(batch) >= 1000 || i == docs-1 {
			if err := e.ix.Add(context.Background(), batch, nil); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.Logf("indexed %d documents in %.0f s", docs, time.Since(start).Seconds())
	queries := []string{
		"access review", `"access review"`, "recon*", "aproval~", "firewall control:CC6.1",
		"termination -contractor", "backup type:csv after:2026-06-01", "encryption key rotation",
		`"change ticket" approved`, "vendor risk before:2026-03-31",
	}
	b.ResetTimer()
	p50, p95 := searchLatency(b, e.ix, queries)
	b.ReportMetric(p50, "p50_ms")
	b.ReportMetric(p95, "p95_ms")
}

// searchLatency runs every query searchRounds times, after one warm-up
// round, and returns the 50th and 95th percentile in milliseconds.
func searchLatency(b *testing.B, ix *index.Index, queries []string) (p50, p95 float64) {
	ctx := context.Background()
	var times []float64
	for round := range searchRounds + 1 {
		for _, q := range queries {
			start := time.Now()
			if _, err := search.Search(ctx, ix, q, 0, search.DefaultLimit); err != nil {
				b.Fatalf("search %q: %v", q, err)
			}
			if round > 0 {
				times = append(times, float64(time.Since(start).Microseconds())/1000)
			}
		}
	}
	return percentiles(times)
}

// recollIndex indexes the folders with recollindex in a configuration of
// its own, whose folder it returns; ok is false without Recoll.
func recollIndex(b *testing.B, dirs ...string) (conf string, ok bool) {
	if _, err := exec.LookPath("recollq"); err != nil {
		b.Log("recollq is not installed (Debian recollcmd): no Recoll comparison")
		return "", false
	}
	conf = b.TempDir()
	var abs []string
	for _, d := range dirs {
		a, _ := filepath.Abs(d)
		abs = append(abs, a)
	}
	os.WriteFile(filepath.Join(conf, "recoll.conf"), []byte("topdirs = "+strings.Join(abs, " ")+"\nloglevel = 1\n"), 0o644)
	run(b, "recollindex", "-c", conf, "-z")
	return conf, true
}

// recollLatency times recollq on each query as searchLatency times ours.
func recollLatency(b *testing.B, conf string, queries []string) (p50, p95 float64, ok bool) {
	var times []float64
	for round := range searchRounds + 1 {
		for _, q := range queries {
			start := time.Now()
			if out, err := exec.Command("recollq", "-c", conf, "-n", "5", q).CombinedOutput(); err != nil {
				b.Logf("recollq %q: %v\n%s", q, err, lastLines(string(out), 3))
				return 0, 0, false
			}
			if round > 0 {
				times = append(times, float64(time.Since(start).Microseconds())/1000)
			}
		}
	}
	p50, p95 = percentiles(times)
	return p50, p95, true
}

// recollRank is where Recoll ranks the file want among its top 10 for q,
// from 1; 0 if it is not there. recollq -b prints one URL a line.
func recollRank(conf, q, want string) int {
	out, err := exec.Command("recollq", "-c", conf, "-b", "-n", "10", q).Output()
	if err != nil {
		return 0
	}
	n := 0
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "file://") {
			continue
		}
		n++
		if strings.HasSuffix(l, "/"+want) {
			return n
		}
	}
	return 0
}

func percentiles(ms []float64) (p50, p95 float64) {
	slices.Sort(ms)
	at := func(p float64) float64 { return ms[min(len(ms)-1, int(p*float64(len(ms))))] }
	return at(0.50), at(0.95)
}

func corpusQueryList(b *testing.B) []string {
	f, err := os.Open(filepath.Join(corpus, "queries.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, row := range rows[1:] {
		if len(row) > 0 && strings.TrimSpace(row[0]) != "" {
			qs = append(qs, row[0])
		}
	}
	return qs
}

// benchVocabulary is a Zipf-ranked vocabulary of made-up words with the
// audit words placed from rank 60 on, one every 10 ranks, so that each is
// in a few per cent to a third of the documents, as domain words are in
// real evidence; the made-up words give the index its long tail.
func benchVocabulary() []string {
	audit := strings.Fields("access review change ticket approval approved backup restore incident vendor risk " +
		"policy control evidence sample population quarterly annual termination contractor onboarding " +
		"encryption key rotation firewall rule reconciliation user account privileged manager signed")
	rng := rand.New(rand.NewPCG(5, 6))
	var words []string
	for len(words) < 20000 {
		if r := len(words); r >= 60 && (r-60)%10 == 0 && (r-60)/10 < len(audit) {
			words = append(words, audit[(r-60)/10])
			continue
		}
		w := make([]byte, 4+rng.IntN(6))
		for i := range w {
			w[i] = byte('a' + rng.IntN(26))
		}
		words = append(words, string(w))
	}
	return words
}
