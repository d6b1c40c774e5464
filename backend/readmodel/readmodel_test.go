package readmodel_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/export/exporttest"
	"auditroom/backend/findings"
	"auditroom/backend/readmodel"
	"auditroom/backend/store"
)

// build makes an engagement from nothing in a new store, through the
// store's own methods: two tests with samples, two findings, one issued
// and answered.
func build(t *testing.T) (*store.Home, exporttest.Engagement) {
	t.Helper()
	ctx := context.Background()
	h, err := store.Create(ctx, t.TempDir(), "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	x, err := exporttest.Build(ctx, h)
	if err != nil {
		t.Fatalf("build the engagement: %v", err)
	}
	return h, x
}

func TestFindingsWithResponses(t *testing.T) {
	h, x := build(t)
	ctx := context.Background()
	// A material weakness on another criterion makes the likely opinion qualified.
	if _, err := h.CreateFinding(ctx, x.ID, exporttest.Preparer, findings.Input{Title: "Accounts never reconciled",
		Condition: "No monthly reconciliation was performed in the period.", Criteria: []string{"CC6.3"}, Controls: []string{"AC-09"},
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-09", Criteria: []string{"CC6.3"},
			Kind: deficiency.Operating, Likelihood: deficiency.Probable, Magnitude: deficiency.Material}}}); err != nil {
		t.Fatal(err)
	}
	all, err := readmodel.Findings(ctx, h, x.ID, readmodel.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Findings) != 3 {
		t.Fatalf("findings = %+v, want F-001, F-002 and F-003", all.Findings)
	}
	f1, f2 := all.Findings[0], all.Findings[1]
	if f1.ID != "F-001" || f1.Title != "Access not removed on termination" || f1.Response == nil ||
		f1.Response.Position != "agree" || f1.Response.Responder != exporttest.Responder || f1.Response.TargetDate != "2026-09-30" {
		t.Errorf("F-001 = %s %q with response %+v, want the title and Dana Ruiz's agreement due 2026-09-30", f1.ID, f1.Title, f1.Response)
	}
	if f2.ID != "F-002" || f2.Response != nil {
		t.Errorf("F-002 = %s with response %+v, want no response", f2.ID, f2.Response)
	}
	if all.ByStatus["response_received"] != 1 || all.ByStatus["draft"] != 2 {
		t.Errorf("by status = %v, want one response received and two drafts", all.ByStatus)
	}
	if f1.Classification != deficiency.SignificantDeficiency || f1.Evaluation.Opinion() != deficiency.Unmodified || all.Opinion != deficiency.Qualified {
		t.Errorf("F-001 is a %s (%s), all add up to %s; want a significant deficiency leaving the opinion unmodified, and F-003's material weakness making it qualified",
			f1.Classification, f1.Evaluation.Opinion(), all.Opinion)
	}

	// The filter narrows the list, not what it adds up to.
	for _, c := range []struct {
		filter readmodel.FindingFilter
		want   string
	}{
		{readmodel.FindingFilter{Status: "draft"}, "F-002 F-003"},
		{readmodel.FindingFilter{Query: "TERMINATION access"}, "F-001"},
		{readmodel.FindingFilter{Status: "draft", Classification: "material_weakness"}, "F-003"},
		{readmodel.FindingFilter{Query: "access reconciled"}, ""},
	} {
		got, err := readmodel.Findings(ctx, h, x.ID, c.filter)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range got.Findings {
			ids = append(ids, f.ID)
		}
		if strings.Join(ids, " ") != c.want || got.Findings == nil || got.Opinion != deficiency.Qualified || got.ByStatus["draft"] != 2 {
			t.Errorf("filter %+v: findings %v, opinion %q, by status %v; want [%s] over the same totals", c.filter, ids, got.Opinion, got.ByStatus, c.want)
		}
	}

	// The CLI prints the list as JSON: the finding's own fields beside its response.
	b, err := json.Marshal(f1)
	if err != nil {
		t.Fatal(err)
	}
	var shown struct {
		ID       string `json:"id"`
		Response struct {
			Responder string `json:"responder"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &shown); err != nil || shown.ID != "F-001" || shown.Response.Responder != exporttest.Responder {
		t.Errorf("F-001 as JSON = %s, want its id and its response's responder", b)
	}
}

func TestFindingWithResponse(t *testing.T) {
	h, x := build(t)
	ctx := context.Background()
	d, err := readmodel.FindingWithResponse(ctx, h, x.ID, " F-001")
	if err != nil {
		t.Fatal(err)
	}
	if d.Finding.ID != "F-001" || d.Response == nil || d.Response.FindingID != "F-001" ||
		d.Response.Text != "We agree. Two leavers kept access because the HR feed ran late." || d.Stale || len(d.Evidence) != 0 {
		t.Errorf("F-001 = %s, response %+v, stale %v, evidence %+v; want management's agreement to the current version, no files", d.Finding.ID, d.Response, d.Stale, d.Evidence)
	}
	d, err = readmodel.FindingWithResponse(ctx, h, x.ID, "F-002")
	if err != nil || d.Response != nil || d.Evidence == nil {
		t.Errorf("F-002 = %+v, %v; want no response and an empty evidence list", d, err)
	}
	if _, err := readmodel.FindingWithResponse(ctx, h, x.ID, "F-099"); audit.ErrorCode(err) != audit.ENOTFOUND || audit.ErrorMessage(err) != "no finding F-099" {
		t.Errorf("F-099: %v, want not found: no finding F-099", err)
	}
}

func TestEvidenceUses(t *testing.T) {
	h, x := build(t)
	uses, err := readmodel.EvidenceUses(context.Background(), h, x.ID, x.Leavers.ID)
	if err != nil {
		t.Fatal(err)
	}
	row := func(item int) int { return x.AccessSample.Items[item-1].Row }
	want := []readmodel.EvidenceUse{
		{Kind: "finding", ID: "F-001", Label: "F-001 Access not removed on termination", Locator: audit.Locator{Row: row(7)}},
		{Kind: "test", ID: x.Access.ID, Label: "AC-01 sample 19/A", Locator: audit.Locator{Row: row(19)}},
		{Kind: "test", ID: x.Access.ID, Label: "AC-01 sample 7/A", Locator: audit.Locator{Row: row(7)}},
	}
	if len(uses) != len(want) {
		t.Fatalf("uses of %s = %+v, want %+v", x.Leavers.Name, uses, want)
	}
	for i := range want {
		if uses[i] != want[i] {
			t.Errorf("use %d = %+v, want %+v", i, uses[i], want[i])
		}
	}
	if uses, err := readmodel.EvidenceUses(context.Background(), h, x.ID, x.Changes.ID); err != nil || uses == nil || len(uses) != 0 {
		t.Errorf("uses of %s = %#v, %v; want an empty list", x.Changes.Name, uses, err)
	}
}

// A snapshot keeps reading the state it began with while a change is
// committed meanwhile, so a view's joins agree with each other.
func TestSnapshotIgnoresLaterWrites(t *testing.T) {
	h, x := build(t)
	ctx := context.Background()
	err := h.Read(ctx, x.ID, func(s *store.Snapshot) error {
		before, err := readmodel.FindingsIn(s, readmodel.FindingFilter{})
		if err != nil {
			return err
		}
		if _, err := h.CreateFinding(ctx, x.ID, exporttest.Preparer, findings.Input{Title: "Written meanwhile",
			Condition: "A finding saved while the list is read.", Criteria: []string{"CC6.2"}}); err != nil {
			return err
		}
		after, err := readmodel.FindingsIn(s, readmodel.FindingFilter{})
		if err != nil {
			return err
		}
		if len(before.Findings) != 2 || len(after.Findings) != 2 || after.Findings[1].ID != "F-002" {
			t.Errorf("snapshot read %d findings, then %d (%+v); want F-001 and F-002 both times", len(before.Findings), len(after.Findings), after.Findings)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := readmodel.Findings(ctx, h, x.ID, readmodel.FindingFilter{Query: "meanwhile"})
	if err != nil || len(list.Findings) != 1 || list.Findings[0].ID != "F-003" {
		t.Errorf("after the snapshot: %+v, %v; want F-003 written meanwhile", list.Findings, err)
	}
}
