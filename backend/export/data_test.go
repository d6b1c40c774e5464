package export_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
)

func TestGather(t *testing.T) {
	var stages []string
	d, err := export.Gather(context.Background(), home, fixture.ID, export.Options{Progress: func(stage string, done, total int) {
		if done == total {
			stages = append(stages, stage)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stages, []string{export.StageRead}) {
		t.Errorf("progress reached its total for %v, want [reading]", stages)
	}
	if len(d.Tests) != 2 || d.Tests[0].ID != fixture.Access.ID || d.Tests[1].ID != fixture.Change.ID {
		t.Fatalf("tests %v, want the access test then the change test", d.Tests)
	}
	a := d.Tests[0]
	if a.Control.Title != "Leaver access removal" || a.Sample == nil || len(a.Sample.Items) != 25 || a.Population.Hash != fixture.LeaverPopulation.Hash ||
		a.Summary.Deviations != 2 || a.Summary.Exceptions != 2 || len(a.Pins) != 1 {
		t.Errorf("access test: control %+v, summary %+v, %d pins", a.Control, a.Summary, len(a.Pins))
	}
	// 2 in 25 at 90%: an upper limit of 19.9%, printed rounded up as 20.0%, above the 10% tolerable rate.
	if ev := a.Evaluation; ev == nil || ev.UpperDeviationLimit != 0.2 || ev.SupportsReliance == nil || *ev.SupportsReliance {
		t.Errorf("access test evaluation %+v, want an upper limit of 20.0%% that does not support reliance", ev)
	}
	// A clean sample of 10 at 90% gives 20.6%: the evaluation says so, whatever the frequency table intended.
	if ev := d.Tests[1].Evaluation; ev == nil || ev.Deviations != 0 || ev.UpperDeviationLimit != 0.206 {
		t.Errorf("change test evaluation %+v", ev)
	}

	if len(d.Exceptions) != 2 {
		t.Fatalf("%d exceptions, want 2: %+v", len(d.Exceptions), d.Exceptions)
	}
	x := d.Exceptions[0]
	want := fixture.AccessSample.Items[6]
	if x.Ref() != fixture.Exceptions[0] || x.ItemKey != want.Key || x.ControlID != "AC-01" || !slices.Equal(x.Criteria, []string{"CC6.2"}) ||
		x.Note != exporttest.LateNote || x.AttributeText != "Access removed within 3 business days" ||
		len(x.Evidence) != 1 || x.Evidence[0].Name != "leavers-2026.csv" || x.Evidence[0].SHA256 != fixture.Leavers.SHA256 || x.Evidence[0].Row != want.Row {
		t.Errorf("first exception %+v, want item 7 (%s, row %d) with its note and pin", x, want.Key, want.Row)
	}
	if got := d.FindingsOf(x); !slices.Equal(got, []string{"F-001"}) {
		t.Errorf("findings citing %s: %v", x.Ref(), got)
	}
	// The change test sets no rates of its own and found nothing: its short
	// sample is not listed as exceeding the default rates.
	if len(d.Register.Controls) != 1 || d.Register.Controls[0].ControlID != "AC-01" || len(d.Register.Controls[0].Exceptions) != 2 {
		t.Errorf("register %+v, want AC-01 alone", d.Register.Controls)
	}

	if len(d.Findings) != 2 || d.Findings[0].ID != "F-001" || d.Findings[0].Response == nil ||
		d.Findings[0].Response.CorrectiveAction != exporttest.CorrectiveAction || d.Findings[1].Response != nil {
		t.Errorf("findings %+v", d.Findings)
	}
	for _, ev := range []audit.Evidence{fixture.Leavers, fixture.Changes} {
		if got := d.Evidence[ev.ID]; got.SHA256 != ev.SHA256 || len(got.Provenance) != 1 || got.Provenance[0].Pack != "acme-pbc-2026.zip" {
			t.Errorf("evidence %s: %+v", ev.Name, got)
		}
	}
	if r := d.Findings[0].Response; d.Modified.Before(*r.ReceivedAt) {
		t.Errorf("data as of %s, before the response received at %s", d.Modified, r.ReceivedAt)
	}
	if !strings.HasPrefix(d.Cite(fixture.Leavers.ID, audit.Locator{Row: 12}), "leavers-2026.csv, row 12 (SHA-256 "+fixture.Leavers.SHA256) {
		t.Errorf("cite %q", d.Cite(fixture.Leavers.ID, audit.Locator{Row: 12}))
	}
	if d.Confidence.Percent() != "90%" || d.Tolerable.Percent() != "10%" {
		t.Errorf("rates %s and %s, want the defaults 90%% and 10%%", d.Confidence.Percent(), d.Tolerable.Percent())
	}
}

func TestGatherUnknownEngagement(t *testing.T) {
	_, err := export.Gather(context.Background(), home, "eng_nope", export.Options{})
	if audit.ErrorCode(err) != audit.ENOTFOUND {
		t.Fatalf("Gather of an unknown engagement: %v, want not_found", err)
	}
}
