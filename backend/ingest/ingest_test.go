package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/index"
	"auditroom/backend/search"
	"auditroom/backend/store"
	"auditroom/backend/worker"
)

// The test binary doubles as the parser process, as the auditroom binary
// does in use: started with "worker", it serves extraction requests.
func TestMain(m *testing.M) {
	worker.ServeIfWorker()
	os.Exit(m.Run())
}

type env struct {
	dir    string
	h      *store.Home
	eng    string
	pool   *worker.Pool
	ix     *index.Index
	closed sync.Once
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	h, err := store.Create(context.Background(), dir, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.CreateEngagement(context.Background(), "tester", audit.Engagement{Name: "Acme FY26", Client: "Acme Holdings",
		Type: audit.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(context.Background(), h, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	pool := newPool(runtime.NumCPU())
	env := &env{dir: dir, h: h, eng: e.ID, pool: pool, ix: ix}
	t.Cleanup(env.close)
	return env
}

// close stops the parsers and closes the index and store; a second call
// does nothing.
func (e *env) close() {
	e.closed.Do(func() { e.pool.Close(); e.ix.Close(); e.h.Close() })
}

// newPool starts parser processes from the test binary itself.
func newPool(size int) *worker.Pool {
	return worker.NewPool([]string{os.Args[0], "worker"}, size, extract.Options{})
}

func (e *env) importPaths(t testing.TB, ctx context.Context, paths ...string) Summary {
	t.Helper()
	sum, err := Import(ctx, e.h, e.eng, paths, Options{Actor: "tester", Extractor: e.pool, Index: e.ix}, nil)
	if err != nil {
		t.Fatalf("Import(%v): %v", paths, err)
	}
	return sum
}

// found lists the evidence IDs of the files a search finds, best first, as
// the app's search would show them.
func (e *env) found(t testing.TB, q string, limit int) []string {
	t.Helper()
	res, err := search.Search(context.Background(), e.ix, q, 0, limit)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.EvidenceID)
	}
	return ids
}

func write(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// noPlainText fails if any file under dir holds one of the phrases.
func noPlainText(t testing.TB, dir string, phrases ...string) {
	t.Helper()
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range phrases {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q in plain text", p, s)
			}
		}
		return nil
	})
}

func TestImportFolder(t *testing.T) {
	e := newEnv(t)
	pack := filepath.Join(t.TempDir(), "acme-pbc")
	write(t, pack, map[string]string{
		"policies/access-policy.md":       "# Access policy\nQuarterly user access reviews are performed by the Zorblax team.\n",
		"policies/copy-of-policy.md":      "# Access policy\nQuarterly user access reviews are performed by the Zorblax team.\n",
		"CC6.1 Logical access/users.csv":  "user,role,last_login\nana,admin,2026-03-01\nbo,viewer,2026-02-11\n",
		"PBC-007/termination-tickets.txt": "ticket HR-1 closed 2026-04-02 offboarding complete\n",
		"empty.txt":                       "",
		"manifest.csv":                    "path,request_id,control_ids,description,as_of\npolicies/access-policy.md,PBC-001,\"CC6.2; CC6.3\",Access policy,2026-01-15\n",
	})
	sum := e.importPaths(t, context.Background(), pack)
	if sum.FilesTotal != 6 || sum.Imported != 5 || sum.Duplicates != 1 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v: want 6 files, 5 imported, 1 duplicate, none failed", sum)
	}

	items, total, err := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{Limit: 100})
	if err != nil || total != 5 {
		t.Fatalf("EvidenceList: %d items, %v", total, err)
	}
	// Two copies share one record, named after the copy with the first
	// path (policies/access-policy.md), whichever was committed first.
	byName := map[string]audit.Evidence{}
	for _, it := range items {
		byName[it.Name] = it
	}
	policy := byName["access-policy.md"]
	if strings.Join(policy.Requests, ",") != "PBC-001" || strings.Join(policy.Controls, ",") != "CC6.2,CC6.3" || policy.AsOf != "2026-01-15" || policy.AsOfSource != "manifest" {
		t.Errorf("manifest mapping: %+v", policy)
	}
	if c := byName["users.csv"]; strings.Join(c.Controls, ",") != "CC6.1" || c.Type != "csv" || c.Status != audit.Extracted {
		t.Errorf("folder-name mapping or extraction of users.csv: %+v", c)
	}
	if c := byName["termination-tickets.txt"]; strings.Join(c.Requests, ",") != "PBC-007" {
		t.Errorf("request from folder name: %+v", c)
	}
	_, provs, err := e.h.Evidence(context.Background(), e.eng, policy.ID)
	if err != nil || len(provs) != 2 {
		t.Fatalf("the duplicated policy has %d provenance records (%v), want 2", len(provs), err)
	}
	for _, p := range provs {
		if p.PackSHA256 == "" || p.ImportedBy != "tester" || p.Size == 0 || p.Pack != "acme-pbc" {
			t.Errorf("provenance %+v is incomplete", p)
		}
	}
	var content bytes.Buffer
	if err := e.h.Content(context.Background(), e.eng, policy.ID, &content); err != nil || !strings.Contains(content.String(), "Zorblax") {
		t.Errorf("stored content %q, %v", content.String(), err)
	}

	if ids := e.found(t, "zorblax", 5); len(ids) != 1 || ids[0] != policy.ID {
		t.Errorf("search zorblax: %v, want the policy", ids)
	}

	// Importing the same pack again adds nothing, not even a trail event.
	_, events, _ := e.h.Trail(context.Background(), e.eng, 0, 1)
	again := e.importPaths(t, context.Background(), pack)
	if again.Imported != 0 || again.Duplicates != 6 {
		t.Errorf("re-import: %+v, want 0 imported and 6 duplicates", again)
	}
	if _, total, _ := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{}); total != 5 {
		t.Errorf("after re-import there are %d evidence files, want 5", total)
	}
	if _, after, _ := e.h.Trail(context.Background(), e.eng, 0, 1); after != events {
		t.Errorf("re-import took the trail from %d to %d events, want no change", events, after)
	}
	v, err := e.h.Verify(context.Background(), e.eng, nil)
	if err != nil || !v.Intact {
		t.Errorf("trail after imports: %+v %v", v, err)
	}
	e.ix.Close()
	e.h.Close()
	noPlainText(t, e.dir, "Zorblax", "offboarding complete", "Access policy")
}

func TestImportAdversarialZip(t *testing.T) {
	e := newEnv(t)
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, _ := zw.Create("deep/evidence.txt")
	w.Write([]byte("nested evidence of the Quokka change board"))
	zw.Close()

	var outer bytes.Buffer
	zw = zip.NewWriter(&outer)
	for name, body := range map[string][]byte{
		"../../escape.txt": []byte("zip slip attempt"),
		"inner.zip":        inner.Bytes(),
		"looks.pdf":        []byte("plain text in a file named like a PDF"),
		"bomb.txt":         bytes.Repeat([]byte{0}, 50<<20),
	} {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	zw.Close()
	src := filepath.Join(t.TempDir(), "pack.zip")
	os.WriteFile(src, outer.Bytes(), 0o644)

	sum := e.importPaths(t, context.Background(), src)
	failed := map[string]string{}
	for _, f := range sum.Failed {
		failed[f.Path] = f.Reason
	}
	if r := failed["pack.zip/bomb.txt"]; !strings.Contains(r, "bomb") {
		t.Errorf("bomb entry: failed = %v, want a zip bomb reason", sum.Failed)
	}
	if ids := e.found(t, "quokka", 5); len(ids) != 1 {
		t.Errorf("nested zip's file not searchable: %v (summary %+v)", ids, sum)
	}
	items, _, _ := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{})
	for _, it := range items {
		if it.Name == "looks.pdf" && it.Type == "pdf" {
			t.Errorf("a text file named .pdf was typed by its name: %+v", it)
		}
		if strings.Contains(it.Path, "..") {
			t.Errorf("stored path %q escapes the pack", it.Path)
		}
	}
	// Nothing was written next to the pack.
	if entries, _ := os.ReadDir(filepath.Dir(src)); len(entries) != 1 {
		t.Errorf("the import wrote beside the pack: %v", entries)
	}
}

func TestImportCancel(t *testing.T) {
	e := newEnv(t)
	pack := t.TempDir()
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("logs/%03d.log", i)] = strings.Repeat(fmt.Sprintf("line %d of the Wombat system log\n", i), 50)
	}
	write(t, pack, files)
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel from the progress callback once 20 files are committed: no
	// sleeps, so the bound below holds on any machine.
	const n = 20
	sum, err := Import(ctx, e.h, e.eng, []string{pack}, Options{Actor: "tester", Extractor: e.pool, Index: e.ix},
		func(p Progress) {
			if p.FilesDone == n {
				cancel()
			}
		})
	if err != nil || !sum.Canceled {
		t.Fatalf("canceled import: %+v, %v", sum, err)
	}
	// Cancel stops handing files to parsers at once and drops what is not
	// yet committed. Besides the n, only the commit group already being
	// written can land: at most one file from each importing goroutine.
	items, total, _ := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{Limit: 1000})
	inFlight := e.pool.Size() * goroutinesPerWorker
	if total < n || total > n+inFlight {
		t.Errorf("%d files stored after a cancel at %d, want %d to %d", total, n, n, n+inFlight)
	}
	if sum.Imported != total || sum.NotImported != 200-total {
		t.Errorf("summary: %d imported, %d not imported; %d stored", sum.Imported, sum.NotImported, total)
	}
	want := fmt.Sprintf("canceled: %d of 200 files imported; %d not imported", total, 200-total)
	if got := sum.CancelNote(); got != want {
		t.Errorf("CancelNote() = %q, want %q", got, want)
	}
	// What was committed is whole: each record has its content and is indexed.
	for _, it := range items {
		var b bytes.Buffer
		if err := e.h.Content(context.Background(), e.eng, it.ID, &b); err != nil || int64(b.Len()) != it.Size {
			t.Errorf("%s: content %d bytes (%v), want %d", it.Path, b.Len(), err, it.Size)
		}
		if v, _ := e.h.Indexed(context.Background(), e.eng, it.ID); v == "" {
			t.Errorf("%s was committed but not indexed", it.Path)
		}
	}
	// Importing again completes the pack.
	rest := e.importPaths(t, context.Background(), pack)
	if rest.Imported+rest.Duplicates != 200 {
		t.Errorf("second import: %+v, want the other files", rest)
	}
	if _, all, _ := e.h.EvidenceList(context.Background(), e.eng, store.EvidenceFilter{}); all != 200 || all < total {
		t.Errorf("%d evidence files after completing, want 200", all)
	}
}

// refusing is an extractor that fails on one file name with an error of
// its own, as a parser pool that cannot start a process would.
type refusing struct {
	Extractor
	name string
}

func (r refusing) Extract(ctx context.Context, name string, data []byte) (extract.Result, error) {
	if name == r.name {
		return extract.Result{}, errors.New("cannot start a parser process: resource temporarily unavailable")
	}
	return r.Extractor.Extract(ctx, name, data)
}

// TestExtractorErrorKeepsItsKind: an extractor's own error ends the import
// as that error, naming the file, not as a cancel the user never asked for.
func TestExtractorErrorKeepsItsKind(t *testing.T) {
	e := newEnv(t)
	root := t.TempDir()
	write(t, root, map[string]string{"policy.txt": "Access policy", "tickets.csv": "id,title\nT-1,Reset\n"})
	sum, err := Import(context.Background(), e.h, e.eng, []string{root},
		Options{Actor: "tester", Extractor: refusing{e.pool, "tickets.csv"}, Index: e.ix}, nil)
	if sum.Canceled {
		t.Errorf("summary %+v says canceled", sum)
	}
	if audit.ErrorCode(err) != audit.EINTERNAL || !strings.Contains(err.Error(), "tickets.csv") ||
		!strings.Contains(err.Error(), "cannot start a parser process") {
		t.Fatalf("Import: %v (code %q); want an internal error naming tickets.csv and the reason", err, audit.ErrorCode(err))
	}
}
