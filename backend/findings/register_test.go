package findings

import (
	"strings"
	"testing"

	"auditroom/backend/sampling"
)

func TestBuildRegister(t *testing.T) {
	conf, tol := sampling.MustRate("95%"), sampling.MustRate("10%")
	tests := []Test{
		{TestID: "T-2", ControlID: "AC-02", Criteria: []string{"CC6.2", "CC6.3"}, SampleSize: 25, Deviations: 2, Confidence: conf, Tolerable: tol},
		{TestID: "T-1", ControlID: "AC-01", Criteria: []string{"CC6.1"}, SampleSize: 60, Deviations: 1, Confidence: conf, Tolerable: tol},
		{TestID: "T-3", ControlID: "CM-01", Criteria: []string{"CC8.1"}, SampleSize: 30, Deviations: 0, Confidence: conf, Tolerable: tol},
	}
	exceptions := []Exception{
		{TestID: "T-2", ControlID: "AC-02", Criteria: []string{"cc6.3", "CC6.2"}, Item: 19, Attribute: "B", Note: "removed after 12 days"},
		{TestID: "T-2", ControlID: "AC-02", Criteria: []string{"CC6.2", "CC6.3"}, Item: 7, Attribute: "B"},
		{TestID: "T-1", ControlID: "AC-01", Criteria: []string{"CC6.1"}, Item: 4, Attribute: "A"},
	}
	reg, err := BuildRegister(tests, exceptions)
	if err != nil {
		t.Fatal(err)
	}
	if reg.Exceptions != 3 || len(reg.Controls) != 2 || reg.Controls[0].ControlID != "AC-01" || reg.Controls[1].ControlID != "AC-02" {
		t.Fatalf("register %+v: want AC-01 and AC-02 (CM-01 has no exceptions and is within the tolerable rate)", reg)
	}
	ac2 := reg.Controls[1]
	if ac2.Exceptions[0].Item != 7 || ac2.Exceptions[1].Item != 19 || strings.Join(ac2.Exceptions[1].Criteria, ",") != "CC6.2,CC6.3" {
		t.Errorf("AC-02 exceptions %+v", ac2.Exceptions)
	}
	// 2 of 25 at 95%: the limit is 23.2%, above the tolerable 10%.
	t2 := ac2.Tests[0]
	if t2.Evaluation.UpperDeviationLimit != 0.232 || t2.Evaluation.SampleDeviationRate != 0.08 || !t2.Exceeds {
		t.Errorf("T-2 evaluation %+v, exceeds %v", t2.Evaluation, t2.Exceeds)
	}
	// 1 of 60: 7.7%, within 10%.
	if t1 := reg.Controls[0].Tests[0]; t1.Evaluation.UpperDeviationLimit != 0.077 || t1.Exceeds {
		t.Errorf("T-1 evaluation %+v", t1.Evaluation)
	}
	var crit []string
	for _, c := range reg.Criteria {
		crit = append(crit, c.Criterion)
	}
	if strings.Join(crit, ",") != "CC6.1,CC6.2,CC6.3" || reg.Criteria[1].Exceptions != 2 || strings.Join(reg.Criteria[1].Exceeding, ",") != "T-2" {
		t.Errorf("by criterion %+v", reg.Criteria)
	}
	if _, err := BuildRegister([]Test{{TestID: "T-9", SampleSize: 0, Confidence: conf}}, nil); err == nil || !strings.Contains(err.Error(), "test T-9: sample size 0") {
		t.Errorf("bad test: %v", err)
	}
}
