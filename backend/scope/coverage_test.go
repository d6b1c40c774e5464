package scope

import (
	"slices"
	"testing"

	"auditroom/backend/audit"
)

func TestCover(t *testing.T) {
	controls := []Control{
		{ID: "AC-2", Criteria: []string{"CC6.1", "P1.1"}},
		{ID: "AC-10", Criteria: []string{"CC6.2"}},
		{ID: "HR-1"},
	}
	requests := []Request{
		{ID: "R1", Controls: []string{"AC-2"}, Evidence: []string{"e1", "e2"}, Due: "2026-01-01", Status: Received},
		{ID: "R2", Controls: []string{"AC-2", "AC-10"}, Evidence: []string{"e1"}, Status: Flagged},
		{ID: "R3", Controls: []string{"HR-1"}, Due: "2026-01-01", Status: Accepted},
	}
	evidence := []EvidenceRef{{ID: "e3", Requests: []string{"R3"}}, {ID: "e4", Controls: []string{"AC-10"}}}
	cv := Cover([]audit.Category{audit.Security}, controls, requests, nil, evidence, "2026-02-01")
	got := map[string]ControlCoverage{}
	for _, c := range cv.Controls {
		got[c.ID] = c
	}
	if got["AC-2"].Evidence != 2 || got["AC-10"].Evidence != 2 || got["HR-1"].Evidence != 1 {
		t.Errorf("evidence counts %+v", cv.Controls)
	}
	if !slices.Equal(got["AC-2"].Criteria, []string{"CC6.1"}) || !slices.Equal(got["AC-2"].Requests, []string{"R1", "R2"}) {
		t.Errorf("AC-2 %+v: out-of-scope P1.1 should be left out", got["AC-2"])
	}
	if len(cv.Gaps.ControlsWithoutEvidence) != 0 || len(cv.Gaps.OverdueRequests) != 1 || cv.Gaps.OverdueRequests[0].ID != "R1" ||
		len(cv.Gaps.FlaggedRequests) != 1 || cv.Summary.CriteriaCovered != 2 || cv.Summary.Criteria != 33 {
		t.Errorf("gaps %+v summary %+v", cv.Gaps, cv.Summary)
	}
	if cv.Controls[0].ID != "AC-2" || cv.Controls[1].ID != "AC-10" {
		t.Errorf("controls ordered %v, want reading order", cv.Controls)
	}
}

func TestFilterControls(t *testing.T) {
	all := []Control{
		{ID: "AC-10", Title: "Ten", Owner: "IT", Frequency: Daily, Criteria: []string{"CC6.1"}},
		{ID: "AC-2", Title: "Two", Owner: "HR", Frequency: Annual, Key: true, Criteria: []string{"CC6.2"}},
		{ID: "AC-1", Title: "One", Owner: "it"},
	}
	ids := func(cs []Control) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tt := range []struct {
		f     ControlFilter
		want  []string
		total int
	}{
		{ControlFilter{}, []string{"AC-1", "AC-2", "AC-10"}, 3},
		{ControlFilter{Desc: true}, []string{"AC-10", "AC-2", "AC-1"}, 3},
		{ControlFilter{Owner: "IT"}, []string{"AC-1", "AC-10"}, 2},
		{ControlFilter{Criterion: "cc6.2"}, []string{"AC-2"}, 1},
		{ControlFilter{KeyOnly: true}, []string{"AC-2"}, 1},
		{ControlFilter{Unmapped: true}, []string{"AC-1"}, 1},
		{ControlFilter{Query: "ten"}, []string{"AC-10"}, 1},
		{ControlFilter{Sort: "frequency"}, []string{"AC-1", "AC-2", "AC-10"}, 3},
		{ControlFilter{Offset: 1, Limit: 1}, []string{"AC-2"}, 3},
		{ControlFilter{Offset: 10}, nil, 3},
	} {
		got, total := FilterControls(all, tt.f)
		if !slices.Equal(ids(got), tt.want) || total != tt.total {
			t.Errorf("FilterControls(%+v) = %v of %d, want %v of %d", tt.f, ids(got), total, tt.want, tt.total)
		}
	}
}

func TestFilterRequests(t *testing.T) {
	all := []Request{
		{ID: "R2", Due: "2026-03-01", Status: Open, Controls: []string{"AC-1"}},
		{ID: "R10", Due: "2026-01-01", Status: Accepted},
		{ID: "R1", Status: Flagged},
	}
	got, total := FilterRequests(all, RequestFilter{Sort: "due"})
	if total != 3 || got[0].ID != "R10" || got[2].ID != "R1" {
		t.Errorf("by due: %+v", got)
	}
	got, _ = FilterRequests(all, RequestFilter{Overdue: true, Today: "2026-04-01"})
	if len(got) != 1 || got[0].ID != "R2" {
		t.Errorf("overdue: %+v", got)
	}
	got, _ = FilterRequests(all, RequestFilter{Control: "ac-1"})
	if len(got) != 1 || got[0].ID != "R2" {
		t.Errorf("by control: %+v", got)
	}
}
