package controltest

import (
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
)

var at = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func change(t *testing.T) Test {
	t.Helper()
	tt, err := New(Input{Control: " CC8.1-01 ", Procedure: "Inspect each change ticket.", SampleID: "smp_1",
		Attributes: []Attribute{
			{Description: "Approved before deployment", Exception: "lacked documented approval."},
			{Description: "Tested before deployment"},
			{Description: "Closed within SLA."},
		}}, "ann", at)
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

func set(t *testing.T, tt *Test, item int, attr, result string, size int) {
	t.Helper()
	if _, _, err := tt.SetCell(item, attr, result, "", size, "ann", at); err != nil {
		t.Fatalf("SetCell(%d, %s, %s): %v", item, attr, result, err)
	}
}

func fill(t *testing.T, tt *Test, size int) {
	t.Helper()
	for item := 1; item <= size; item++ {
		for _, a := range tt.Attributes {
			if tt.Cells[CellKey(item, a.ID)].Result == Pending {
				set(t, tt, item, a.ID, Pass, size)
			}
		}
	}
}

func TestConclusion(t *testing.T) {
	for _, tc := range []struct {
		name       string
		size       int
		exceptions [][2]any // item, attribute
		fillAll    bool
		want       string
		deviations int
	}{
		{"none", 25, nil, true, "No exceptions noted.", 0},
		{"one attribute", 25, [][2]any{{7, "A"}, {19, "A"}}, true,
			"Exceptions noted: 2 of 25 samples lacked documented approval (samples 7 and 19).", 2},
		{"one sample", 25, [][2]any{{3, "A"}}, true,
			"Exceptions noted: 1 of 25 samples lacked documented approval (sample 3).", 1},
		{"three samples, no wording", 25, [][2]any{{3, "B"}, {7, "B"}, {19, "B"}}, true,
			`Exceptions noted: 3 of 25 samples did not meet attribute B, "Tested before deployment" (samples 3, 7 and 19).`, 3},
		{"several attributes, one item counted once", 25, [][2]any{{7, "A"}, {19, "A"}, {7, "C"}, {12, "C"}}, true,
			`Exceptions noted: 3 of 25 samples had exceptions: 2 lacked documented approval (samples 7 and 19); 2 did not meet attribute C, "Closed within SLA" (samples 7 and 12).`, 3},
		{"incomplete", 2, [][2]any{{2, "A"}}, false,
			"Testing incomplete: 5 of 6 results not recorded. Exceptions noted: 1 of 2 samples lacked documented approval (sample 2).", 1},
		{"incomplete, none yet", 1, nil, false, "Testing incomplete: 3 of 3 results not recorded. No exceptions noted so far.", 0},
		{"a sample of one", 1, [][2]any{{1, "A"}}, true, "Exceptions noted: 1 of 1 sample lacked documented approval (sample 1).", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tt := change(t)
			for _, e := range tc.exceptions {
				set(t, &tt, e[0].(int), e[1].(string), Exception, tc.size)
			}
			if tc.fillAll {
				fill(t, &tt, tc.size)
			}
			s := tt.Summary(tc.size)
			if s.Conclusion != tc.want || s.Deviations != tc.deviations || s.Complete != tc.fillAll {
				t.Errorf("conclusion %q, %d deviations, complete %v\nwant %q, %d, %v", s.Conclusion, s.Deviations, s.Complete, tc.want, tc.deviations, tc.fillAll)
			}
		})
	}
	tt := change(t)
	tt.SampleID = ""
	if c := tt.Summary(0).Conclusion; c != "No sample linked yet." {
		t.Errorf("without a sample: %q", c)
	}
}

func TestSignOffsAndClearing(t *testing.T) {
	tt := change(t)
	const size = 3
	err := tt.Sign(Preparer, size, "ann", at)
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), "9 of 9 results are not recorded") {
		t.Fatalf("preparer sign-off on an empty grid: %v", err)
	}
	if err := tt.Sign(Reviewer, size, "rob", at); !strings.Contains(audit.ErrorMessage(err), "after the preparer") {
		t.Fatalf("reviewer before preparer: %v", err)
	}
	fill(t, &tt, size)
	if err := tt.Sign(Preparer, size, "ann", at); err != nil {
		t.Fatal(err)
	}
	if err := tt.Sign(Preparer, size, "ann", at); audit.ErrorCode(err) != audit.ECONFLICT {
		t.Fatalf("signing twice: %v", err)
	}
	if err := tt.Sign(Reviewer, size, "ann", at.Add(time.Hour)); audit.ErrorCode(err) != audit.EINVALID ||
		!strings.Contains(audit.ErrorMessage(err), "ann prepared test "+tt.ID+": the reviewer must be someone else") {
		t.Errorf("the preparer reviewing her own test: %v", err)
	}
	if err := tt.Sign(Reviewer, size, "rob", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if tt.Preparer.Actor != "ann" || tt.Reviewer.Actor != "rob" || !tt.Reviewer.At.Equal(at.Add(time.Hour)) {
		t.Fatalf("sign-offs %+v %+v", tt.Preparer, tt.Reviewer)
	}

	// Setting a cell to what it holds is no edit and clears nothing.
	if _, changed, err := tt.SetCell(2, "B", Pass, "", size, "ann", at); err != nil || changed || tt.Reviewer == nil {
		t.Fatalf("unchanged cell: changed %v, %v, reviewer %v", changed, err, tt.Reviewer)
	}
	c, changed, err := tt.SetCell(2, "B", Exception, " no test evidence ", size, "ann", at)
	if err != nil || !changed || c.What != "cell 2/B" || c.Cleared != "cleared preparer and reviewer sign-offs by editing cell 2/B" || tt.Preparer != nil || tt.Reviewer != nil {
		t.Fatalf("edit after sign-off: %+v, %v, %v", c, changed, err)
	}
	if got := tt.Cells["2/B"]; got.Note != "no test evidence" {
		t.Errorf("note %q", got.Note)
	}
	tt.Sign(Preparer, size, "ann", at)
	c, _, _ = tt.AddPin(2, "B", Pin{EvidenceID: "ev1", Locator: audit.Locator{Page: 4}}, size, "ann", at)
	if c.Cleared != "cleared preparer sign-off by editing pins of cell 2/B" {
		t.Errorf("pin after sign-off: %+v", c)
	}
	tt.Sign(Preparer, size, "ann", at)
	c, changed, err = tt.Update(Input{Control: "CC8.1-01", Procedure: "Inspect each change ticket and its approval.", SampleID: "smp_1", Attributes: tt.Attributes}, "ann", at)
	if err != nil || !changed || c.What != "procedure" || c.Cleared != "cleared preparer sign-off by editing procedure" {
		t.Errorf("update after sign-off: %+v, %v, %v", c, changed, err)
	}
	if _, err := tt.RemovePin(2, "B", 0, size, "ann", at); err != nil || len(tt.Cells["2/B"].Pins) != 0 {
		t.Errorf("remove pin: %v, %+v", err, tt.Cells["2/B"])
	}
}

func TestEditRefusals(t *testing.T) {
	tt := change(t)
	set(t, &tt, 1, "C", Pass, 5)
	for _, tc := range []struct {
		name string
		err  error
		code string
		want string
	}{
		{"item 0", second(tt.SetCell(0, "A", Pass, "", 5, "a", at)), audit.EINVALID, "items are numbered 1 to 5"},
		{"item 6", second(tt.SetCell(6, "A", Pass, "", 5, "a", at)), audit.EINVALID, "the sample has no item 6"},
		{"attribute", second(tt.SetCell(1, "D", Pass, "", 5, "a", at)), audit.EINVALID, `no attribute "D"`},
		{"result", second(tt.SetCell(1, "A", "fail", "", 5, "a", at)), audit.EINVALID, `result "fail" must be pass, exception or not_applicable`},
		{"pin", second(tt.AddPin(1, "A", Pin{}, 5, "a", at)), audit.EINVALID, "needs the evidence"},
		{"negative page", second(tt.AddPin(1, "A", Pin{EvidenceID: "e", Locator: audit.Locator{Page: -1}}, 5, "a", at)), audit.EINVALID, "count from 1"},
		{"remove attribute with results", second(tt.Update(Input{Control: "CC8.1-01", SampleID: "smp_1", Attributes: tt.Attributes[:2]}, "a", at)), audit.ECONFLICT, "attribute C has 1 cell recorded"},
		{"move sample", second(tt.Update(Input{Control: "CC8.1-01", SampleID: "smp_2", Attributes: tt.Attributes}, "a", at)), audit.ECONFLICT, "cannot move to another sample"},
		{"other control", second(tt.Update(Input{Control: "CC1.1", SampleID: "smp_1", Attributes: tt.Attributes}, "a", at)), audit.EINVALID, "stays with its control"},
		{"no description", func() error { _, err := New(Input{Control: "C", Attributes: []Attribute{{}}}, "a", at); return err }(), audit.EINVALID, "attribute A needs a description"},
		{"no control", func() error { _, err := New(Input{}, "a", at); return err }(), audit.EINVALID, "control is required"},
		{"role", tt.Sign("partner", 5, "a", at), audit.EINVALID, `role "partner"`},
	} {
		if audit.ErrorCode(tc.err) != tc.code || !strings.Contains(audit.ErrorMessage(tc.err), tc.want) {
			t.Errorf("%s: %v, want %s with %q", tc.name, tc.err, tc.code, tc.want)
		}
	}
	// Clearing a cell's result, note and pins removes it.
	set(t, &tt, 1, "C", Pending, 5)
	if _, ok := tt.Cells["1/C"]; ok {
		t.Errorf("an emptied cell is still stored")
	}
}

func second[T any](_ T, _ bool, err error) error { return err }

func TestEvaluationRates(t *testing.T) {
	base := Input{Control: "C", Procedure: "Inspect.", SampleID: "smp_1", Attributes: []Attribute{{Description: "Approved"}}}
	for _, tc := range []struct {
		conf, tol         string
		wantConf, wantTol string
		err               string
	}{
		{"", "", "", "", ""},
		{"95%", "5%", "95%", "5%", ""},
		{" 0.9 ", "0.035", "90%", "3.5%", ""},
		{"95%", "", "95%", "", ""},
		{"", "5%", "", "", "a tolerable rate needs a confidence"},
		{"100%", "5%", "", "", "confidence 100% is not between 0 and 1"},
		{"95%", "0", "", "", "tolerable rate 0 is not between 0 and 1"},
		{"ninety", "", "", "", `confidence: "ninety" is not a rate`},
	} {
		in := base
		in.Confidence, in.Tolerable = tc.conf, tc.tol
		tt, err := New(in, "ann", at)
		if tc.err != "" {
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.err) {
				t.Errorf("New(%q, %q): %v, want %q", tc.conf, tc.tol, err, tc.err)
			}
			continue
		}
		if err != nil || tt.Confidence != tc.wantConf || tt.Tolerable != tc.wantTol {
			t.Errorf("New(%q, %q): %q, %q, %v; want %q, %q", tc.conf, tc.tol, tt.Confidence, tt.Tolerable, err, tc.wantConf, tc.wantTol)
		}
	}

	// Changing them is an edit: it clears a sign-off and the trail says so.
	tt, err := New(base, "ann", at)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, &tt, 2)
	if err := tt.Sign(Preparer, 2, "ann", at); err != nil {
		t.Fatal(err)
	}
	in := base
	in.Confidence, in.Tolerable = "95%", "5%"
	c, changed, err := tt.Update(in, "ann", at)
	if err != nil || !changed || c.What != "evaluation" || c.Cleared != "cleared preparer sign-off by editing evaluation" {
		t.Errorf("setting the rates: %+v, %v, %v", c, changed, err)
	}
	if _, changed, _ := tt.Update(Input{Control: "C", Procedure: "Inspect.", SampleID: "smp_1", Attributes: tt.Attributes, Confidence: "0.95", Tolerable: "0.05"}, "ann", at); changed {
		t.Errorf("the same rates written as fractions count as a change")
	}
}
