package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
)

// storeCSV puts a CSV file into the engagement as imported evidence.
func storeCSV(t *testing.T, a *App, engID, name, content string) audit.Evidence {
	t.Helper()
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sum := sha256.Sum256([]byte(content))
	ev := audit.Evidence{ID: hex.EncodeToString(sum[:12]), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Name: name, Path: name, Type: "csv", Status: audit.Extracted}
	if _, err := h.PutContent(ctx, engID, ev.ID, strings.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.CommitEvidence(ctx, engID, "tester", ev, audit.Provenance{EvidenceID: ev.ID, Pack: "p", PackSHA256: "x", Path: name, ImportedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return ev
}

// changesCSV is a change log of n tickets: user i opened CHG-(1000+i) on
// March (i%28+1) for team eng or ops, approved by mgr(i%5).
func changesCSV(n int) string {
	var csv strings.Builder
	csv.WriteString("Requester,Ticket,Team,Opened,Approver,Status\n")
	for i := range n {
		fmt.Fprintf(&csv, "user%02d,CHG-%04d,%s,2026-03-%02d,mgr%02d,closed\n", i, 1000+i, []string{"eng", "ops"}[i%2], i%28+1, i%5)
	}
	return csv.String()
}

// sampledTest reads a population, draws a sample of it and creates a test
// on that sample, as the Tests screens do.
func sampledTest(t *testing.T, a *App, engID string, opt population.Options, draw SampleInput, in controltest.Input) (population.Population, selection.Sample, TestView) {
	t.Helper()
	job, err := a.Testing.CreatePopulation(engID, opt)
	if err != nil {
		t.Fatal(err)
	}
	j := finished(t, a, job.ID)
	p, ok := j.Result.(population.Population)
	if !ok {
		t.Fatalf("population job %s: %v", j.State, j.Error)
	}
	s, err := a.Testing.DrawSample(engID, p.ID, draw)
	if err != nil {
		t.Fatal(err)
	}
	in.SampleID = s.ID
	v, err := a.Testing.CreateTest(engID, in)
	if err != nil {
		t.Fatal(err)
	}
	return p, s, v
}

// finished waits for a job to end.
func finished(t *testing.T, a *App, id string) Job {
	t.Helper()
	var j Job
	waitFor(t, func() bool {
		var err error
		j, err = a.Jobs.Get(id)
		return err != nil || j.State != JobRunning
	})
	return j
}

// shown is what the user is shown of a call's error, through the mapping
// both transports use (uiError); nil when the call succeeded.
func shown(err error) *UIError {
	if err == nil {
		return nil
	}
	return uiError(err)
}

func wantUIError(t *testing.T, err error, code, message string) {
	t.Helper()
	if ue := shown(err); ue == nil || ue.Code != code || !strings.Contains(ue.Message, message) {
		t.Fatalf("error %v, want %s containing %q", err, code, message)
	}
}

func TestTestingBinding(t *testing.T) {
	a, e := unlocked(t)
	var csv strings.Builder
	csv.WriteString("User,Removed on,Team\n")
	for i := range 120 {
		fmt.Fprintf(&csv, "u%03d,2026-%02d-%02d,%s\n", i, i%12+1, i%28+1, []string{"eng", "sales"}[i%2])
	}
	ev := storeCSV(t, a, e.ID, "leavers.csv", csv.String())
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "AC-02", Title: "Leavers removed"}, true); err != nil {
		t.Fatal(err)
	}

	pv, err := a.Testing.PreviewPopulation(e.ID, ev.ID, "", 0)
	if err != nil || pv.Columns[1].Header != "Removed on" || pv.Rows[1].Cells[0] != "u000" {
		t.Fatalf("preview %+v, %v", pv, err)
	}
	_, err = a.Testing.CreatePopulation(e.ID, population.Options{EvidenceID: ev.ID, Key: "User"})
	wantUIError(t, err, audit.EINVALID, "date column is required")
	_, err = a.Testing.CreatePopulation(e.ID, population.Options{EvidenceID: "0123456789abcdef01234567", Key: "User", Date: "Removed on"})
	wantUIError(t, err, audit.ENOTFOUND, "no evidence 0123456789abcdef01234567")

	stated := 121
	job, err := a.Testing.CreatePopulation(e.ID, population.Options{EvidenceID: ev.ID, Key: "User", Date: "Removed on", Stratum: "Team", StatedCount: &stated})
	if err != nil || job.Kind != "population" || job.Title != "Population from leavers.csv" {
		t.Fatalf("job %+v, %v", job, err)
	}
	j := finished(t, a, job.ID)
	p, ok := j.Result.(population.Population)
	if j.State != JobDone || !ok || p.Rows != 120 {
		t.Fatalf("job ended %s with %+v (%v)", j.State, j.Result, j.Error)
	}
	if c := p.Checks.Items[0]; c.OK || c.Message != "120 rows, 1 fewer than the 121 the client stated" {
		t.Errorf("count check %+v", c)
	}
	// A job that fails says why, in the job.
	job, _ = a.Testing.CreatePopulation(e.ID, population.Options{EvidenceID: ev.ID, Key: "Nobody", Date: "Removed on"})
	if j := finished(t, a, job.ID); j.State != JobFailed || j.Error.Code != audit.EINVALID || !strings.Contains(j.Error.Message, `no column "Nobody"`) {
		t.Errorf("failed job %+v", j)
	}

	list, err := a.Testing.Populations(e.ID)
	if err != nil || len(list) != 1 || list[0].ID != p.ID {
		t.Fatalf("populations %+v, %v", list, err)
	}
	page, err := a.Testing.PopulationRows(e.ID, p.ID, 100, 50)
	if err != nil || page.Total != 120 || len(page.Rows) != 20 || page.Rows[0].Key != "u100" || page.Offset != 100 {
		t.Fatalf("page %+v, %v", page, err)
	}

	// Without a seed, one is drawn and kept.
	s, err := a.Testing.DrawSample(e.ID, p.ID, SampleInput{Size: 10})
	if err != nil || len(s.Seed) != 10 || len(s.Items) != 10 || s.Method != selection.Random {
		t.Fatalf("sample %+v, %v", s, err)
	}
	_, err = a.Testing.DrawSample(e.ID, p.ID, SampleInput{Method: "haphazard", Size: 10})
	wantUIError(t, err, audit.EINVALID, `method "haphazard" must be random`)
	st, err := a.Testing.DrawSample(e.ID, p.ID, SampleInput{Method: "stratified", Size: 6, Seed: "q"})
	if err != nil || len(st.Allocation) != 2 || st.Allocation[0].Items != 3 {
		t.Fatalf("stratified %+v, %v", st, err)
	}
	if same, err := a.Testing.RedrawSample(e.ID, st.ID); err != nil || !same {
		t.Errorf("redraw %v, %v", same, err)
	}

	v, err := a.Testing.CreateTest(e.ID, controltest.Input{Control: "AC-02", Procedure: "For each leaver, inspect the removal ticket.", SampleID: s.ID,
		Attributes: []controltest.Attribute{{Description: "Access removed within 3 days", Exception: "had access removed late"}, {Description: "Ticket approved"}},
		Confidence: "0.95", Tolerable: "10%"})
	if err != nil || v.Test.Confidence != "95%" || v.Test.Tolerable != "10%" || len(v.Grid) != 10 || len(v.Grid[0].Cells) != 2 || v.Sample.Seed != s.Seed || v.Summary.Conclusion != "Testing incomplete: 20 of 20 results not recorded. No exceptions noted so far." {
		t.Fatalf("test view %+v, %v", v, err)
	}
	id := v.Test.ID
	for item := 1; item <= 10; item++ {
		for _, attr := range []string{"A", "B"} {
			result := controltest.Pass
			if attr == "A" && (item == 4 || item == 9) {
				result = controltest.Exception
			}
			if v, err = a.Testing.SetCell(e.ID, id, item, attr, result, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	if v, err = a.Testing.PinToCell(e.ID, id, 4, "A", controltest.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Row: v.Grid[3].Item.Row}}); err != nil {
		t.Fatal(err)
	}
	// The evidence detail lists the cell that cites it.
	if d, err := a.Evidence.Get(e.ID, ev.ID); err != nil || len(d.Uses) != 1 || d.Uses[0].Kind != "test" || d.Uses[0].ID != id ||
		d.Uses[0].Row != v.Grid[3].Item.Row || !strings.HasSuffix(d.Uses[0].Label, " sample 4/A") {
		t.Errorf("evidence uses %+v, %v", d.Uses, err)
	}
	if v, err = a.Testing.SignOff(e.ID, id, controltest.Preparer); err != nil {
		t.Fatal(err)
	}
	if v.Summary.Deviations != 2 || v.Summary.Conclusion != "Exceptions noted: 2 of 10 samples had access removed late (samples 4 and 9)." ||
		v.Test.Preparer.Actor != "tester" || len(v.Grid[3].Cells[0].Pins) != 1 {
		t.Errorf("after sign-off %+v", v.Summary)
	}
	rows, err := a.Testing.Tests(e.ID, "")
	if err != nil || len(rows) != 1 || rows[0].Deviations != 2 || rows[0].SampleSize != 10 || !rows[0].Complete || rows[0].Preparer == nil {
		t.Errorf("tests %+v, %v", rows, err)
	}
	_, err = a.Testing.SetCell(e.ID, id, 11, "A", controltest.Pass, "")
	wantUIError(t, err, audit.EINVALID, "the sample has no item 11")
	_, err = a.Testing.Test(e.ID, "tst_aaaaaaaaaaaa")
	wantUIError(t, err, audit.ENOTFOUND, "no test tst_aaaaaaaaaaaa")

	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	_, err = a.Testing.Populations(e.ID)
	wantUIError(t, err, audit.ELOCKED, "locked")
}

// The grid shows each sampled row's key, date and two more columns, as
// frozen in the population, until the tester picks others for the test.
func TestGridColumns(t *testing.T) {
	a, e := unlocked(t)
	ev := storeCSV(t, a, e.ID, "changes.csv", changesCSV(40))
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "CM-01", Title: "Changes approved"}, true); err != nil {
		t.Fatal(err)
	}
	p, s, v := sampledTest(t, a, e.ID, population.Options{EvidenceID: ev.ID, Key: "Ticket", Date: "Opened"}, SampleInput{Size: 5, Seed: "42"},
		controltest.Input{Control: "CM-01", Title: "Changes approved before deployment", Attributes: []controltest.Attribute{{Description: "Approved before deployment"}}})
	headers := func(v TestView) string {
		var hs []string
		for _, c := range v.Columns {
			hs = append(hs, c.Letter+" "+c.Header)
		}
		return strings.Join(hs, ", ")
	}
	// The first item's row, as the file has it: user i, CHG-(1000+i) …
	first := s.Items[0]
	i := first.Index
	want := []string{fmt.Sprintf("CHG-%04d", 1000+i), fmt.Sprintf("2026-03-%02d", i%28+1), fmt.Sprintf("user%02d", i), []string{"eng", "ops"}[i%2]}
	if got := headers(v); got != "B Ticket, D Opened, A Requester, C Team" {
		t.Errorf("default columns %q, want the key, the date and two more", got)
	}
	if got := v.Grid[0].Values; strings.Join(got, "|") != strings.Join(want, "|") || v.Grid[0].Item.Key != want[0] {
		t.Errorf("item %d (row %d) shows %q, want %q", first.Number, first.Row, got, want)
	}
	if v.Sample.PopulationName != p.Name || p.Name == "" {
		t.Errorf("sample from population %q, want its name %q", v.Sample.PopulationName, p.Name)
	}
	if len(v.Headers) != 6 || v.Headers[4] != "Approver" {
		t.Errorf("headers to choose from %q", v.Headers)
	}

	// Chosen once for the test, they stay with it.
	if _, err := a.Testing.SetTestColumns(e.ID, v.Test.ID, []int{1, 4, 5}); err != nil {
		t.Fatal(err)
	}
	v, err := a.Testing.Test(e.ID, v.Test.ID)
	if err != nil || headers(v) != "B Ticket, E Approver, F Status" ||
		strings.Join(v.Grid[0].Values, "|") != fmt.Sprintf("CHG-%04d|mgr%02d|closed", 1000+i, i%5) {
		t.Errorf("chosen columns %q with %q, %v", headers(v), v.Grid[0].Values, err)
	}
	_, err = a.Testing.SetTestColumns(e.ID, v.Test.ID, []int{1, 9})
	wantUIError(t, err, audit.EINVALID, "has no column 10: it has 6 columns")
	_, err = a.Testing.SetTestColumns(e.ID, v.Test.ID, []int{1, 1})
	wantUIError(t, err, audit.EINVALID, "column B is chosen twice")
	if v, err = a.Testing.SetTestColumns(e.ID, v.Test.ID, nil); err != nil || headers(v) != "B Ticket, D Opened, A Requester, C Team" {
		t.Errorf("columns reset to %q, %v", headers(v), err)
	}
}

// The trail names what its events touched: the file, the test by its
// control and title, keeping the object's ID beside.
func TestTrailNames(t *testing.T) {
	a, e := unlocked(t)
	ev := storeCSV(t, a, e.ID, "leavers-2026.csv", "User,Removed on\nu1,2026-02-01\n")
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "AC-02", Title: "Leavers removed"}, true); err != nil {
		t.Fatal(err)
	}
	v, err := a.Testing.CreateTest(e.ID, controltest.Input{Control: "AC-02", Title: "Leavers removed on time",
		Attributes: []controltest.Attribute{{Description: "Removed within 3 days"}}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := a.Engagements.Trail(e.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byObject := map[string]string{}
	for _, x := range page.Events {
		byObject[x.Object] = x.Action
	}
	evObj, testObj := "evidence/"+ev.ID, "test/"+v.Test.ID
	if byObject[evObj] == "" || byObject[testObj] != "test.create" {
		t.Fatalf("trail objects %v, want %s and %s", byObject, evObj, testObj)
	}
	if got := page.Names[evObj]; got != "leavers-2026.csv" {
		t.Errorf("trail names %s %q, want the file name", evObj, got)
	}
	if got := page.Names[testObj]; got != "AC-02 Leavers removed on time" {
		t.Errorf("trail names %s %q, want the control and test title", testObj, got)
	}
	if _, ok := page.Names["control/AC-02"]; ok {
		t.Errorf("a control is named by its own ID, not renamed: %v", page.Names)
	}
}
