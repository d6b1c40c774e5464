package demo

import (
	"context"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/extract"
	"auditroom/backend/findings"
	"auditroom/backend/ingest"
	"auditroom/backend/scope"
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

// counts is what an engagement holds, to compare before and after a
// second Build.
type counts struct {
	Evidence, Trail, Controls, Requests, Pins int
}

func countAll(t *testing.T, h *store.Home, eng string) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	var err error
	if _, c.Evidence, err = h.EvidenceList(ctx, eng, store.EvidenceFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, c.Trail, err = h.Trail(ctx, eng, 0, 1); err != nil {
		t.Fatal(err)
	}
	_, st, err := h.ScopeState(ctx, eng)
	if err != nil {
		t.Fatal(err)
	}
	c.Controls, c.Requests = len(st.Controls), len(st.Requests)
	for _, k := range st.Controls {
		p, err := h.PinsTo(ctx, eng, audit.PinControl, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Pins += len(p)
	}
	for _, r := range st.Requests {
		p, err := h.PinsTo(ctx, eng, audit.PinRequest, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Pins += len(p)
	}
	return c
}

// TestBuild builds the demo from testdata/demo into a real store, checks
// what every screen will show, then builds it again and finds nothing
// added.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the demo pack through parser processes; skipped with -short")
	}
	ctx := context.Background()
	h, err := store.Create(ctx, t.TempDir(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	pool := worker.NewPool([]string{os.Args[0], "worker"}, 2, extract.Options{})
	defer pool.Close()
	files := os.DirFS(demoDir)
	var stages []string
	opt := Options{Actor: "tester", Extractor: pool, Report: func(p ingest.Progress) {
		if !slices.Contains(stages, p.Stage) {
			stages = append(stages, p.Stage)
		}
	}}

	res, err := Build(ctx, h, files, opt)
	if err != nil {
		t.Fatalf("Build: %v (result %+v)", err, res)
	}
	eng := res.Engagement.ID
	if !res.Created || res.Engagement.Client != company || res.Engagement.PeriodStart != "2026-01-01" || len(res.Engagement.Categories) != 3 {
		t.Errorf("engagement %+v, created %v", res.Engagement, res.Created)
	}
	if !slices.Contains(stages, "scope") || !slices.Contains(stages, "importing") || !slices.Contains(stages, "review") {
		t.Errorf("progress stages %v: want scope, importing and review among them", stages)
	}
	if res.Controls != len(controls) || res.Requests != len(requests) {
		t.Errorf("%d controls and %d requests, want %d and %d", res.Controls, res.Requests, len(controls), len(requests))
	}

	// Every file of the pack is stored, none failed or went unread.
	sum := res.Evidence
	if len(sum.Failed)+len(sum.NotExtracted)+len(sum.Encrypted) != 0 {
		t.Errorf("import problems: failed %v, not extracted %v, encrypted %v", sum.Failed, sum.NotExtracted, sum.Encrypted)
	}
	stored := map[string]audit.Evidence{}
	if err := h.ForEachEvidence(ctx, eng, func(e audit.Evidence) error { stored[e.Path] = e; return nil }); err != nil {
		t.Fatal(err)
	}
	var onDisk int
	fs.WalkDir(files, PackDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		onDisk++
		rel := strings.TrimPrefix(p, PackDir+"/")
		if e, ok := stored[rel]; !ok || e.Status != audit.Extracted {
			t.Errorf("pack file %s: stored %v, status %q %s", rel, ok, e.Status, e.Reason)
		}
		return nil
	})
	if sum.FilesTotal != onDisk || sum.Imported != onDisk+1 { // +1: the restore report attached to an e-mail
		t.Errorf("summary %d files, %d imported; the pack holds %d files and one attachment", sum.FilesTotal, sum.Imported, onDisk)
	}

	// The manifest's mapping, the documents' own properties, the attachment.
	pol := stored["policies/information-security-policy.pdf"]
	if strings.Join(pol.Requests, ",") != "PBC-001" || strings.Join(pol.Controls, ",") != "GV-01" || pol.AsOf != "2026-01-20" ||
		pol.AsOfSource != "manifest" || pol.Title != "Information Security Policy" || pol.Meta["pages"] != "3" {
		t.Errorf("security policy: %+v", pol)
	}
	if d := stored["policies/change-management-policy.docx"]; d.Type != "docx" || d.Title != "Change Management Policy" || d.Meta["author"] != "Priya Raman" {
		t.Errorf("change policy: %+v", d)
	}
	if x := stored["access/user-access-review-2026.xlsx"]; x.Type != "xlsx" || x.Meta["sheets"] != "4" {
		t.Errorf("access review workbook: %+v", x)
	}
	report := stored["operations/restore-test-2026.eml/restore-test-report-2026-09.csv"]
	if report.Parent != stored["operations/restore-test-2026.eml"].ID || report.Type != "csv" {
		t.Errorf("restore report attachment: %+v", report)
	}

	// Requests with evidence were received, then some accepted and one
	// flagged; the ones without evidence stay open.
	_, st, err := h.ScopeState(ctx, eng)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Requests {
		want := scope.Received
		switch r.ID {
		case "PBC-014", "PBC-017", "PBC-018":
			want = scope.Open
		case "PBC-001", "PBC-002", "PBC-003", "PBC-004", "PBC-010", "PBC-013", "PBC-015":
			want = scope.Accepted
		case "PBC-011":
			want = scope.Flagged
		}
		if r.Status != want {
			t.Errorf("request %s is %s with %d evidence files, want %s", r.ID, r.Status, len(r.Evidence), want)
		}
		if r.ID == "PBC-013" && !slices.Contains(r.Evidence, report.ID) {
			t.Errorf("PBC-013 evidence %v lacks the attached restore report %s", r.Evidence, report.ID)
		}
	}
	before := countAll(t, h, eng)
	if before.Pins != len(pins()) || res.Pinned != len(pins()) {
		t.Errorf("%d pins stored, %d made, want %d", before.Pins, res.Pinned, len(pins()))
	}

	// Search finds the emergency change's approval.
	ix, err := ingest.OpenIndex(ctx, h, eng)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := search.Search(ctx, ix, `"emergency change"`, 0, 20)
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	mail := stored["change-management/emergency-change-approval-"+emergencyTicket().ID+".eml"]
	if !slices.ContainsFunc(hits.Hits, func(h search.Hit) bool { return h.EvidenceID == mail.ID }) {
		t.Errorf("search \"emergency change\": %d hits, none the approval e-mail %s", hits.Total, mail.ID)
	}

	// The change-approval test: the ticket export frozen, a sample of 25
	// drawn, every cell recorded, exceptions among them, signed by the preparer.
	pops, err := h.Populations(ctx, eng)
	if err != nil || len(pops) != 1 || pops[0].Rows != len(productionTickets()) || pops[0].Excluded != len(tickets())-len(productionTickets()) ||
		pops[0].Excluded == 0 || pops[0].Name != ticketsName || strings.Join(pops[0].FilterTexts(), "; ") != "Environment = production" {
		t.Fatalf("populations: %+v, %v", pops, err)
	}
	tests, err := h.Tests(ctx, eng, changeControl)
	if err != nil || len(tests) != 1 {
		t.Fatalf("tests of %s: %+v, %v", changeControl, tests, err)
	}
	ct, smp, err := h.Test(ctx, eng, tests[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	grid := ct.Summary(len(smp.Items))
	if len(smp.Items) != changeSampleSize || grid.Pending != 0 || len(grid.Deviating) < 2 || ct.Preparer == nil || ct.Reviewer != nil {
		t.Errorf("CM-01 test: %d items, summary %+v, preparer %v, reviewer %v", len(smp.Items), grid, ct.Preparer, ct.Reviewer)
	}
	if !strings.HasPrefix(grid.Conclusion, "Exceptions noted: ") {
		t.Errorf("conclusion %q", grid.Conclusion)
	}
	// The sample holds production changes only, sized by its plan, and the
	// test is evaluated at the plan's rates.
	byID := map[string]ticket{}
	for _, tk := range tickets() {
		byID[tk.ID] = tk
	}
	for _, it := range smp.Items {
		if env := byID[it.Key].Environment; env != "production" {
			t.Errorf("sample item %d, %s, is a %s change", it.Number, it.Key, env)
		}
	}
	if smp.Plan == nil || smp.Plan.Basis != "frequency" || ct.Confidence != "90%" || ct.Tolerable != "9%" {
		t.Errorf("CM-01 plan %+v, test rates %s, %s", smp.Plan, ct.Confidence, ct.Tolerable)
	}

	// Three findings of three classifications, one answered by management.
	fs, err := h.Findings(ctx, eng)
	if err != nil || len(fs) != 3 {
		t.Fatalf("findings: %d, %v", len(fs), err)
	}
	classes := map[deficiency.Classification]bool{}
	for _, f := range fs {
		classes[f.Classification] = true
	}
	if len(classes) != 3 {
		t.Errorf("classifications %v, want three different", classes)
	}
	f1, resp, err := h.Finding(ctx, eng, fs[0].ID)
	if err != nil || f1.Status != findings.ResponseReceived || resp == nil || resp.Position != findings.PartiallyAgree ||
		len(f1.Exceptions) < 2 || f1.Reviewer == nil || f1.Reviewer.Actor == f1.Preparer.Actor {
		t.Errorf("F-001 %+v, response %+v, %v", f1, resp, err)
	}
	if fs[1].Status != findings.Issued || fs[2].Status != findings.Draft {
		t.Errorf("statuses %s, %s", fs[1].Status, fs[2].Status)
	}

	// A second build reopens it and adds nothing, not even to the trail,
	// and leaves the user's own edits alone.
	_, st, _ = h.ScopeState(ctx, eng)
	edited := st.Controls[0]
	edited.Owner = "Someone Else"
	if _, err := h.PutControl(ctx, eng, "tester", edited, false); err != nil {
		t.Fatal(err)
	}
	before = countAll(t, h, eng)
	again, err := Build(ctx, h, files, opt)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.Engagement.ID != eng || again.Evidence.Imported != 0 || again.Linked != 0 || again.Pinned != 0 || again.Reviewed != 0 {
		t.Errorf("second build: created %v, engagement %s, %d imported, %d linked, %d pinned, %d reviewed; want the same engagement and nothing new",
			again.Created, again.Engagement.ID, again.Evidence.Imported, again.Linked, again.Pinned, again.Reviewed)
	}
	if after := countAll(t, h, eng); after != before {
		t.Errorf("second build changed the engagement: %+v, then %+v", before, after)
	}
	if _, st, _ = h.ScopeState(ctx, eng); st.Controls[0].Owner != edited.Owner {
		t.Errorf("second build undid the edit of %s: owner %q, want %q", edited.ID, st.Controls[0].Owner, edited.Owner)
	}
	if v, err := h.Verify(ctx, eng, nil); err != nil || !v.Intact {
		t.Errorf("trail: %+v %v", v, err)
	}
}

func TestBuildRefusesWithoutActorOrParsers(t *testing.T) {
	pool := worker.NewPool([]string{os.Args[0], "worker"}, 1, extract.Options{})
	defer pool.Close()
	for _, opt := range []Options{{Extractor: pool}, {Actor: " ", Extractor: pool}, {Actor: "tester"}} {
		if _, err := Build(context.Background(), nil, os.DirFS(demoDir), opt); audit.ErrorCode(err) != audit.EINVALID {
			t.Errorf("Build(%+v) = %v, want EINVALID", opt, err)
		}
	}
}
