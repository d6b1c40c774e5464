package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/selection"
)

// putEvidence stores content as an evidence file of the given type, as the
// import would.
func putEvidence(t testing.TB, h *Home, engID, name, typ, content string) audit.Evidence {
	t.Helper()
	ctx := context.Background()
	sum := sha256.Sum256([]byte(content))
	ev := audit.Evidence{ID: hex.EncodeToString(sum[:12]), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Name: name, Path: name, Type: typ, Status: audit.Extracted}
	if _, err := h.PutContent(ctx, engID, ev.ID, strings.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.CommitEvidence(ctx, engID, "alice", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p.zip", PackSHA256: "x", Path: name, ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return ev
}

// changeTickets is a CSV export of n change tickets over 2026.
func changeTickets(n int) string {
	var b strings.Builder
	b.WriteString("ticket,deployed,amount,team\n")
	for i := range n {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
		fmt.Fprintf(&b, "CHG-%04d,%s,%d.%02d,%s\n", i+1, day.Format("2006-01-02"), (i*37)%5000+1, i%100, []string{"ops", "dev", "data"}[i%3])
	}
	return b.String()
}

func TestPopulationSampleAndTest(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, "controls", scopeMatrix)
	ev := putEvidence(t, h, e.ID, "changes.csv", "csv", changeTickets(500))

	var progressed int64
	stated := 500
	p, err := h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: ev.ID, Name: "Changes FY26", Key: "ticket", Date: "deployed",
		Amount: "amount", Stratum: "team", StatedCount: &stated}, func(done, total int64) { progressed = done })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ID, "pop_") || p.Rows != 500 || p.SourceSHA256 != ev.SHA256 || p.EvidenceID != ev.ID || p.CreatedBy != "alice" || progressed != ev.Size || len(p.Hash) != 64 {
		t.Fatalf("population %+v, progress %d of %d", p, progressed, ev.Size)
	}
	list, err := h.Populations(ctx, e.ID)
	if err != nil || len(list) != 1 || list[0].Hash != p.Hash || list[0].Checks.Items[0].Message != "500 rows, as the client stated" {
		t.Fatalf("populations %+v, %v", list, err)
	}
	rows, total, err := h.PopulationRows(ctx, e.ID, p.ID, 498, 10)
	if err != nil || total != 500 || len(rows) != 2 || rows[0].Index != 498 || rows[0].Key != "CHG-0499" || rows[1].Row != 501 {
		t.Fatalf("rows %+v, total %d, %v", rows, total, err)
	}
	pv, err := h.PreviewPopulation(ctx, e.ID, ev.ID, "", 1)
	if err != nil || len(pv.Rows) != 20 || pv.Columns[3].Header != "team" {
		t.Fatalf("preview %+v, %v", pv, err)
	}

	// A random sample, its items tied to their rows.
	s, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Size: 25, Seed: "fy26-changes"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.ID, "smp_") || len(s.Items) != 25 || s.PopulationHash != p.Hash || s.Algorithm != selection.Algorithm || s.Seed != "fy26-changes" {
		t.Fatalf("sample %+v", s)
	}
	first := s.Items[0]
	if first.Number != 1 || first.Key != fmt.Sprintf("CHG-%04d", first.Index+1) || first.Row != first.Index+2 || len(first.Hash) != 64 {
		t.Errorf("first item %+v", first)
	}
	if same, err := h.RedrawSample(ctx, e.ID, s.ID); err != nil || !same {
		t.Errorf("redraw: %v, %v", same, err)
	}
	// Stratified and monetary-unit samples read the rows' strata and amounts.
	st, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Stratified, Size: 10, Seed: "s"})
	if err != nil || len(st.Items) != 10 || len(st.Allocation) != 3 || st.StratumColumn != "team" {
		t.Fatalf("stratified %+v, %v", st, err)
	}
	mus, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.MonetaryUnit, Size: 20, Seed: "m"})
	if err != nil || mus.MUS == nil || mus.MUS.Total != int64(*p.Checks.AmountTotal) || mus.AmountColumn != "amount" {
		t.Fatalf("monetary-unit %+v, %v", mus, err)
	}

	// A test over the random sample.
	tt, err := h.CreateTest(ctx, e.ID, "alice", controltest.Input{Control: "CM-01", Procedure: "Inspect approval.", SampleID: s.ID,
		Attributes: []controltest.Attribute{{Description: "Approved before deployment", Exception: "lacked documented approval"}}})
	if err != nil || tt.PopulationID != p.ID {
		t.Fatalf("create test: %+v, %v", tt, err)
	}
	for item := 1; item <= 25; item++ {
		result := controltest.Pass
		if item == 7 || item == 19 {
			result = controltest.Exception
		}
		if _, err := h.SetCell(ctx, e.ID, "alice", tt.ID, item, "A", result, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.PinToCell(ctx, e.ID, "alice", tt.ID, 7, "A", controltest.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Row: first.Row}}); err != nil {
		t.Fatal(err)
	}
	_, err = h.PinToCell(ctx, e.ID, "alice", tt.ID, 7, "A", controltest.Pin{EvidenceID: "0123456789abcdef01234567"})
	wantError(t, err, audit.ENOTFOUND, "no evidence 0123456789abcdef01234567")
	if _, err := h.SignOff(ctx, e.ID, "alice", tt.ID, controltest.Preparer); err != nil {
		t.Fatal(err)
	}
	if _, err := h.SignOff(ctx, e.ID, "rob", tt.ID, controltest.Reviewer); err != nil {
		t.Fatal(err)
	}
	got, gs, err := h.Test(ctx, e.ID, tt.ID)
	if err != nil || got.Preparer.Actor != "alice" || got.Reviewer.Actor != "rob" || gs.ID != s.ID {
		t.Fatalf("test %+v, sample %s, %v", got, gs.ID, err)
	}
	if c := got.Summary(len(gs.Items)).Conclusion; c != "Exceptions noted: 2 of 25 samples lacked documented approval (samples 7 and 19)." {
		t.Errorf("conclusion %q", c)
	}

	// An edit after the sign-offs clears them, and the trail says so.
	if _, err := h.SetCell(ctx, e.ID, "alice", tt.ID, 7, "A", controltest.Exception, "no approval in the ticket"); err != nil {
		t.Fatal(err)
	}
	events, _, _ := h.Trail(ctx, e.ID, 0, 1000)
	last := events[len(events)-1]
	if last.Action != "test.cell" || !strings.Contains(string(last.Change), `"cleared":"cleared preparer and reviewer sign-offs by editing cell 7/A"`) {
		t.Errorf("last event %s %s", last.Action, last.Change)
	}

	// Extending the sample keeps its items, grows the grid, and clears the
	// test's sign-off once more.
	h.SignOff(ctx, e.ID, "alice", tt.ID, controltest.Preparer)
	ext, err := h.ExtendSample(ctx, e.ID, "alice", s.ID, 40, nil)
	if err != nil || len(ext.Items) != 40 || !slices.Equal(indexes(ext.Items[:25]), indexes(s.Items)) || ext.Items[39].Number != 40 || ext.Items[30].Round != 1 {
		t.Fatalf("extended %d items, %v", len(ext.Items), err)
	}
	got, gs, _ = h.Test(ctx, e.ID, tt.ID)
	if got.Preparer != nil || len(gs.Items) != 40 || !strings.HasPrefix(got.Summary(40).Conclusion, "Testing incomplete: 15 of 40 results not recorded.") {
		t.Errorf("after extending: preparer %v, %d items, %q", got.Preparer, len(gs.Items), got.Summary(40).Conclusion)
	}
	if same, err := h.RedrawSample(ctx, e.ID, s.ID); err != nil || !same {
		t.Errorf("redraw after extending: %v, %v", same, err)
	}
	acts := trailActions(t, h, e.ID)
	want := []string{"population.create", "sample.draw", "sample.draw", "sample.draw", "test.create"}
	if !slices.Equal(acts[3:8], want) ||
		!slices.Equal(acts[len(acts)-4:], []string{"test.cell", "test.signoff", "sample.extend", "test.signoff_cleared"}) {
		t.Errorf("trail %v", acts)
	}
	if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact {
		t.Errorf("verify: %+v, %v", v, err)
	}
	// The population's cells are evidence: nothing of them is readable on disk.
	mustClose(t, h)
	control := false
	filepath.WalkDir(h.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, _ := os.ReadFile(path)
		control = control || bytes.Contains(b, []byte(`"kdf":"argon2id"`))
		if bytes.Contains(b, []byte("CHG-0499")) {
			t.Errorf("%s holds a population key in plain text", path)
		}
		return nil
	})
	if !control {
		t.Error("the scan did not find auditroom.json's plain settings; it reads nothing")
	}
}

func TestSamplingRefusals(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, "controls", scopeMatrix)
	pdf := putEvidence(t, h, e.ID, "policy.pdf", "pdf", "%PDF-1.4")
	csv := putEvidence(t, h, e.ID, "changes.csv", "csv", changeTickets(10))

	_, err := h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: pdf.ID, Key: "a", Date: "b"}, nil)
	wantError(t, err, audit.EINVALID, "policy.pdf is a pdf, not a CSV or XLSX file: a population is read from a table")
	_, err = h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: "0123456789abcdef01234567", Key: "a", Date: "b"}, nil)
	wantError(t, err, audit.ENOTFOUND, "no evidence 0123456789abcdef01234567")
	_, err = h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: csv.ID, Key: "nope", Date: "deployed"}, nil)
	wantError(t, err, audit.EINVALID, `changes.csv has no column "nope" for the key (columns: ticket, deployed, amount, team)`)
	_, err = h.CreatePopulation(ctx, e.ID, "", population.Options{EvidenceID: csv.ID, Key: "ticket", Date: "deployed"}, nil)
	wantError(t, err, audit.EINVALID, "")

	// A canceled read leaves no rows behind.
	big := putEvidence(t, h, e.ID, "big.csv", "csv", changeTickets(20000))
	cctx, cancel := context.WithCancel(ctx)
	_, err = h.CreatePopulation(cctx, e.ID, "alice", population.Options{EvidenceID: big.ID, Key: "ticket", Date: "deployed"},
		func(done, total int64) {
			if done > total/2 {
				cancel()
			}
		})
	wantError(t, err, audit.ECANCELED, "")
	if n := countPrefix(t, h, e.ID, []byte("poprow/")); n != 0 {
		t.Errorf("a canceled population left %d rows", n)
	}

	p, err := h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: csv.ID, Key: "ticket", Date: "deployed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Stratified, Size: 3, Seed: "1"})
	wantError(t, err, audit.EINVALID, fmt.Sprintf("population %s has no stratum column: choose one when creating the population to stratify it", p.ID))
	_, err = h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.MonetaryUnit, Size: 3, Seed: "1"})
	wantError(t, err, audit.EINVALID, "")
	_, err = h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Size: 11, Seed: "1"})
	wantError(t, err, audit.EINVALID, "sample size 11 is larger than the population of 10 items")
	_, err = h.DrawSample(ctx, e.ID, "alice", "pop_aaaaaaaaaaaa", SampleRequest{Method: selection.Random, Size: 1, Seed: "1"})
	wantError(t, err, audit.ENOTFOUND, "no population pop_aaaaaaaaaaaa")
	_, err = h.ExtendSample(ctx, e.ID, "alice", "../etc", 5, nil)
	wantError(t, err, audit.ENOTFOUND, "no sample ../etc")

	_, err = h.CreateTest(ctx, e.ID, "alice", controltest.Input{Control: "XX-99"})
	wantError(t, err, audit.ENOTFOUND, "no control XX-99")
	_, err = h.CreateTest(ctx, e.ID, "alice", controltest.Input{Control: "CM-01", SampleID: "smp_aaaaaaaaaaaa"})
	wantError(t, err, audit.ENOTFOUND, "no sample smp_aaaaaaaaaaaa")
	tt, err := h.CreateTest(ctx, e.ID, "alice", controltest.Input{Control: "CM-01", Attributes: []controltest.Attribute{{Description: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.SetCell(ctx, e.ID, "alice", tt.ID, 1, "A", controltest.Pass, "")
	wantError(t, err, audit.EINVALID, "the test has no sample yet: link one before recording results")
	_, err = h.SignOff(ctx, e.ID, "alice", tt.ID, controltest.Reviewer)
	wantError(t, err, audit.EINVALID, "the reviewer signs off after the preparer, who has not")
	n := len(trailActions(t, h, e.ID))
	if _, err := h.UpdateTest(ctx, e.ID, "alice", tt.ID, controltest.Input{Control: "CM-01", Attributes: []controltest.Attribute{{Description: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if m := len(trailActions(t, h, e.ID)); m != n {
		t.Errorf("an update that changes nothing added %d trail events", m-n)
	}
}

func countPrefix(t testing.TB, h *Home, engID string, prefix []byte) int {
	t.Helper()
	var n uint64
	err := h.withEngagement(context.Background(), engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			n, err = countKeys(context.Background(), txn, prefix)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestPopulationRowsAcrossChunks(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	ev := putEvidence(t, h, e.ID, "changes.csv", "csv", changeTickets(2*chunkRows+100))
	p, err := h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: ev.ID, Key: "ticket", Date: "deployed", Amount: "amount"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := countPrefix(t, h, e.ID, popRowPrefix(p.ID)); n != 3 {
		t.Errorf("%d rows stored in %d chunks, want 3", p.Rows, n)
	}
	for _, off := range []int{0, chunkRows - 3, chunkRows, 2*chunkRows + 95} {
		rows, total, err := h.PopulationRows(ctx, e.ID, p.ID, off, 10)
		if err != nil || total != p.Rows || len(rows) != min(10, p.Rows-off) {
			t.Fatalf("rows from %d: %d rows, total %d, %v", off, len(rows), total, err)
		}
		for i, r := range rows {
			if r.Index != off+i || r.Key != fmt.Sprintf("CHG-%04d", off+i+1) {
				t.Errorf("rows from %d: row %d is %d %s", off, i, r.Index, r.Key)
			}
		}
	}
	if rows, _, err := h.PopulationRows(ctx, e.ID, p.ID, p.Rows, 10); err != nil || len(rows) != 0 {
		t.Errorf("rows past the end: %d, %v", len(rows), err)
	}
	s, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.MonetaryUnit, Size: 40, Seed: "chunks"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range s.Items {
		if it.Key != fmt.Sprintf("CHG-%04d", it.Index+1) || it.Row != it.Index+2 {
			t.Errorf("item %+v does not match its row", it)
		}
	}
}
