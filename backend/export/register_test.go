package export_test

import (
	"context"
	"testing"

	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
)

// The register as the Exceptions screen reads it: the late removal with
// its leaver, note and the file and row it cites, and each test at the
// default rates.
func TestReadRegister(t *testing.T) {
	r, err := export.ReadRegister(context.Background(), home, fixture.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Controls) != 1 || r.Controls[0].ControlID != "AC-01" || len(r.Controls[0].Exceptions) != 2 {
		t.Fatalf("register controls = %+v, want AC-01 with its two exceptions", r.Controls)
	}
	x := r.Controls[0].Exceptions[0]
	item := fixture.AccessSample.Items[6]
	if x.TestID != fixture.Access.ID || x.Item != 7 || x.ItemKey != item.Key || x.Attribute != "A" ||
		x.AttributeText != "Access removed within 3 business days" || x.Note != exporttest.LateNote ||
		len(x.Evidence) != 1 || x.Evidence[0].Name != "leavers-2026.csv" || x.Evidence[0].Row != item.Row || x.Evidence[0].SHA256 != fixture.Leavers.SHA256 {
		t.Errorf("first exception = %+v, want item 7 (%s) of %s, attribute A with the late note, citing leavers-2026.csv row %d", x, item.Key, fixture.Access.ID, item.Row)
	}
	if r.DefaultConfidence != "90%" || r.DefaultTolerable != "10%" || len(r.Tests) != 2 {
		t.Fatalf("defaults %s/%s, tests %+v; want 90%%/10%% and both tests", r.DefaultConfidence, r.DefaultTolerable, r.Tests)
	}
	ac, cm := r.Tests[0], r.Tests[1]
	// AC-01's sample was planned at 9%, so it is read at that rate.
	if ac.TestID != fixture.Access.ID || ac.Title != "Leavers removed on time" || ac.Defaulted || ac.Confidence != "90%" || ac.Tolerable != "9%" ||
		!ac.Reviewed || ac.Result.SampleSize != 25 || ac.Result.Deviations != 2 || ac.Result.Evaluation.UpperDeviationLimit != 0.2 ||
		!ac.Result.Exceeds || len(ac.Criteria) != 1 || ac.Criteria[0] != "CC6.2" {
		t.Errorf("AC-01 outcome = %+v, want 2 deviations in 25 read at 90%%/9%%, a limit of 20%% over the tolerable rate, reviewed", ac)
	}
	if cm.ControlID != "CM-03" || !cm.Defaulted || cm.Tolerable != "10%" || cm.Reviewed || cm.Result.SampleSize != 10 || cm.Result.Deviations != 0 {
		t.Errorf("CM-03 outcome = %+v, want 10 items without deviations at the default 10%%, not reviewed", cm)
	}
}
