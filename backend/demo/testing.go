package demo

import (
	"context"
	"fmt"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// The change-approval test: the ticket export frozen as a population, a
// random sample of 25, and control CM-01 tested on two attributes.
const (
	ticketsPath      = "change-management/change-tickets-2026.csv"
	ticketsName      = "Change tickets 2026"
	changeControl    = "CM-01"
	changeSampleSize = 25
	// The demo's seeds are a series; it uses the first whose sample holds
	// at least two of the export's unapproved or self-approved tickets, so
	// that the grid has exceptions to show. A real sample's seed is drawn
	// at random when none is given.
	changeSeedSeries = "acme-fy26-cm01-"
)

// testing freezes the ticket export, draws the sample and records the
// CM-01 test with its results and the preparer's sign-off, once.
func (b *builder) testing(ctx context.Context) error {
	pops, err := b.h.Populations(ctx, b.eng())
	if err != nil {
		return err
	}
	for _, p := range pops {
		if p.Name == ticketsName {
			return nil // built before
		}
	}
	ev, err := b.evidenceAt(ticketsPath)
	if err != nil {
		return err
	}
	// CM-01 covers changes to production: the export's staging changes are
	// left out when the population is frozen, as a user would filter them.
	count := len(productionTickets())
	pop, err := b.h.CreatePopulation(ctx, b.eng(), b.opt.Actor, population.Options{
		EvidenceID: ev.ID, Name: ticketsName, Key: "Ticket ID", Date: "Deployed Date", StatedCount: &count,
		Filters: []string{"Environment=production"},
	}, nil)
	if err != nil {
		return err
	}
	seed, err := changeSeed(pop.Rows)
	if err != nil {
		return err
	}
	// Changes are deployed several times a day; CM-01 is a lower-risk control.
	smp, err := b.h.DrawSample(ctx, b.eng(), b.opt.Actor, pop.ID, store.SampleRequest{Method: selection.Random, Seed: seed,
		Plan: &sampling.PlanInput{Frequency: string(sampling.MultipleDaily), Risk: string(sampling.LowerRisk)}})
	if err != nil {
		return err
	}
	t, err := b.h.CreateTest(ctx, b.eng(), b.opt.Actor, controltest.Input{
		Control: changeControl,
		Title:   "Change approval before deployment",
		Procedure: "For each sampled ticket, inspect the ticket's approval: an engineering manager approved it before the " +
			"deployment date, and the approver is not the requester. Emergency changes are tested under CM-02.",
		Attributes: []controltest.Attribute{
			{ID: "A", Description: "Approved before deployment", Exception: "lacked documented approval before deployment"},
			{ID: "B", Description: "Approver is not the requester", Exception: "had their own requester as approver"},
		},
		SampleID: smp.ID, // evaluated at the rates of the sample's plan
	})
	if err != nil {
		return err
	}
	all := productionTickets()
	for _, it := range smp.Items {
		for _, c := range changeResults(all[it.Index]) {
			if _, err := b.h.SetCell(ctx, b.eng(), b.opt.Actor, t.ID, it.Number, c.attr, c.result, c.note); err != nil {
				return err
			}
			if c.result != controltest.Exception {
				continue
			}
			// The ticket's row in the export is the evidence of the exception.
			pin := controltest.Pin{EvidenceID: ev.ID, Locator: audit.Locator{Row: it.Row}}
			if _, err := b.h.PinToCell(ctx, b.eng(), b.opt.Actor, t.ID, it.Number, c.attr, pin); err != nil {
				return err
			}
		}
	}
	_, err = b.h.SignOff(ctx, b.eng(), b.opt.Actor, t.ID, controltest.Preparer)
	return err
}

type cellResult struct{ attr, result, note string }

// changeResults is what a reviewer records for one ticket.
func changeResults(t ticket) []cellResult {
	switch {
	case t.Type == "emergency":
		note := "Emergency change: tested under CM-02"
		return []cellResult{{"A", controltest.NotApplicable, note}, {"B", controltest.NotApplicable, note}}
	case t.ApprovedBy == "":
		return []cellResult{
			{"A", controltest.Exception, fmt.Sprintf("%s: no approver recorded; deployed %s", t.ID, t.Deployed)},
			{"B", controltest.NotApplicable, "No approver"},
		}
	}
	a := cellResult{"A", controltest.Pass, ""}
	if t.Approved > t.Deployed {
		a = cellResult{"A", controltest.Exception, fmt.Sprintf("Approved %s, after deployment on %s", t.Approved, t.Deployed)}
	}
	b := cellResult{"B", controltest.Pass, ""}
	if t.ApprovedBy == t.RequestedBy {
		b = cellResult{"B", controltest.Exception, fmt.Sprintf("Requested and approved by %s", t.RequestedBy)}
	}
	return []cellResult{a, b}
}

// productionTickets are the tickets of the export deployed to production,
// in export order: the population CM-01 is tested on.
func productionTickets() []ticket {
	var out []ticket
	for _, t := range tickets() {
		if t.Environment == "production" {
			out = append(out, t)
		}
	}
	return out
}

// changeSeed is the first seed of the demo's series whose sample of the
// tickets holds at least two exceptions.
func changeSeed(rows int) (string, error) {
	all := productionTickets()
	for k := 1; k <= 1000; k++ {
		seed := fmt.Sprintf("%s%d", changeSeedSeries, k)
		d, err := selection.New(selection.Frame{N: rows}, selection.Random, seed, changeSampleSize, nil)
		if err != nil {
			return "", err
		}
		deviating := 0
		for _, it := range d.Items {
			for _, c := range changeResults(all[it.Index]) {
				if c.result == controltest.Exception {
					deviating++
					break
				}
			}
		}
		if deviating >= 2 {
			return seed, nil
		}
	}
	return "", audit.Errorf(audit.EINTERNAL, "no seed of the demo's series samples two exceptions")
}
