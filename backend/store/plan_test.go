package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/selection"
)

// A sample sized by frequency keeps its plan, and a test of it made
// without rates is evaluated at the rates the plan stands for: a clean
// sample of 25 supports the planned reliance.
func TestSamplePlanTravelsToItsTest(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	mustImport(t, h, e.ID, "controls", scopeMatrix)
	ev := putEvidence(t, h, e.ID, "changes.csv", "csv", changeTickets(500))
	p, err := h.CreatePopulation(ctx, e.ID, "alice", population.Options{EvidenceID: ev.ID, Key: "ticket", Date: "deployed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Seed: "plan",
		Plan: &sampling.PlanInput{Frequency: "multiple-daily", Risk: "lower"}})
	if err != nil {
		t.Fatal(err)
	}
	wantWhy := "A multiple-daily control at lower risk: 25 from the frequency table. A test of it is evaluated at 90% confidence and a 9% tolerable rate, what a sample of 25 without deviations supports at lower risk."
	if len(s.Items) != 25 || s.Plan == nil || s.Plan.Basis != "frequency" || s.Plan.Frequency.TableSize != 25 || s.Plan.Rationale != wantWhy {
		t.Fatalf("sample of %d, plan %+v", len(s.Items), s.Plan)
	}
	// The stored sample and the trail keep the plan.
	got, err := h.Sample(ctx, e.ID, s.ID)
	if err != nil || got.Plan == nil || got.Plan.Rationale != wantWhy || got.Plan.Confidence != "90%" || got.Plan.Tolerable != "9%" {
		t.Fatalf("stored plan %+v, %v", got.Plan, err)
	}
	events, _, _ := h.Trail(ctx, e.ID, 0, 1000)
	var draw struct {
		Plan sampling.Plan `json:"plan"`
	}
	if err := json.Unmarshal(events[len(events)-1].Change, &draw); err != nil || draw.Plan.Rationale != wantWhy {
		t.Errorf("trail of the draw: %s, %v", events[len(events)-1].Change, err)
	}

	tt, err := h.CreateTest(ctx, e.ID, "alice", controltest.Input{Control: "CM-01", Procedure: "Inspect the approval.",
		Attributes: []controltest.Attribute{{Description: "Approved"}}, SampleID: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	if tt.Confidence != "90%" || tt.Tolerable != "9%" {
		t.Fatalf("test rates %q, %q; want the plan's 90%%, 9%%", tt.Confidence, tt.Tolerable)
	}
	for _, it := range s.Items {
		if _, err := h.SetCell(ctx, e.ID, "alice", tt.ID, it.Number, "A", controltest.Pass, ""); err != nil {
			t.Fatal(err)
		}
	}
	stored, _, _ := h.Test(ctx, e.ID, tt.ID)
	conf, _ := sampling.ParseRate(stored.Confidence)
	tol, _ := sampling.ParseRate(stored.Tolerable)
	res, err := sampling.Evaluate(sampling.EvaluationInput{SampleSize: 25, Deviations: stored.Summary(25).Deviations, Confidence: conf, Tolerable: tol})
	want := "0 deviations in 25 items (0%): at 90% confidence the population deviation rate is at most 8.8%. That is within the tolerable rate 9%: the sample supports the planned reliance on the control."
	if err != nil || !strings.HasPrefix(res.Conclusion, want) {
		t.Errorf("conclusion %q, %v\nwant %q", res.Conclusion, err, want)
	}

	// A statistical plan names its AICPA cell; a size against the plan is refused.
	st, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Seed: "stat",
		Plan: &sampling.PlanInput{Confidence: "95%", Tolerable: "5%"}})
	if err != nil || len(st.Items) != 59 || st.Plan.AICPACell == nil || st.Plan.AICPACell.String() != "AICPA Audit Guide: Audit Sampling, Table A-1, tolerable rate 5%, expected rate 0.00%" {
		t.Fatalf("statistical sample of %d, plan %+v, %v", len(st.Items), st.Plan, err)
	}
	if _, err := h.DrawSample(ctx, e.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Seed: "x", Size: 30,
		Plan: &sampling.PlanInput{Confidence: "95%", Tolerable: "5%"}}); err == nil || !strings.Contains(err.Error(), "the plan gives a sample of 59, not 30") {
		t.Errorf("size against the plan: %v", err)
	}
}

// Pro-rating is the plan's explicit choice: without it a short period
// takes the table's size, with it the size is pro-rated.
func TestPlanProRatesOnlyWhenAsked(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := acme()
	e.PeriodStart, e.PeriodEnd = "2026-01-01", "2026-03-31"
	eng := mustCreateEngagement(t, h, e)
	ev := putEvidence(t, h, eng.ID, "changes.csv", "csv", changeTickets(90))
	p, err := h.CreatePopulation(ctx, eng.ID, "alice", population.Options{EvidenceID: ev.ID, Key: "ticket", Date: "deployed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := h.DrawSample(ctx, eng.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Seed: "a", Plan: &sampling.PlanInput{Frequency: "daily", Risk: "higher"}})
	if err != nil || len(whole.Items) != 40 || whole.Plan.Frequency.ProRated {
		t.Fatalf("without pro-rating: %d items, %+v, %v", len(whole.Items), whole.Plan, err)
	}
	short, err := h.DrawSample(ctx, eng.ID, "alice", p.ID, SampleRequest{Method: selection.Random, Seed: "b", Plan: &sampling.PlanInput{Frequency: "daily", Risk: "higher", ProRate: true}})
	if err != nil || len(short.Items) != 10 || !short.Plan.Frequency.ProRated {
		t.Fatalf("pro-rated: %d items, %+v, %v", len(short.Items), short.Plan, err)
	}
	if !strings.Contains(short.Plan.Rationale, "40 × 90 / 365 = 9.86, rounded up to 10.") || short.Plan.Tolerable != "26%" {
		t.Errorf("pro-rated rationale %q, tolerable %s", short.Plan.Rationale, short.Plan.Tolerable)
	}
}
