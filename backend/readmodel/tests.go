package readmodel

import (
	"context"

	"auditroom/backend/controltest"
	"auditroom/backend/population"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// TestView is one test as the grid shows it: the test, its sample's items
// with a cell per attribute, and what the results come to.
type TestView struct {
	Test    controltest.Test    `json:"test"`
	Sample  *SampleHeader       `json:"sample,omitempty"`
	Grid    []GridRow           `json:"grid"`
	Summary controltest.Summary `json:"summary"`
	// Columns are the population columns shown of each sampled row (the
	// test's choice or the population's defaults); Headers are all of the
	// population's, to choose from. Both empty without a sample.
	Columns []population.Column `json:"columns"`
	Headers []string            `json:"headers"`
}

// SampleHeader is what a test shows of its sample.
type SampleHeader struct {
	ID             string           `json:"id"`
	PopulationID   string           `json:"population_id"`
	PopulationHash string           `json:"population_hash"`
	PopulationName string           `json:"population_name"`
	Method         selection.Method `json:"method"`
	Algorithm      string           `json:"algorithm"`
	Seed           string           `json:"seed,omitempty"`
	Size           int              `json:"size"`
}

// GridRow is one sample item and its cells, one per attribute in order.
type GridRow struct {
	Item  selection.Item     `json:"item"`
	Cells []controltest.Cell `json:"cells"`
	// Values are the item's cells in the chosen columns, read from the
	// frozen population.
	Values []string `json:"values"`
}

// TestRow is one test as the list of tests shows it.
type TestRow struct {
	ID         string               `json:"id"`
	Control    string               `json:"control"`
	Title      string               `json:"title,omitempty"`
	SampleID   string               `json:"sample_id,omitempty"`
	Attributes int                  `json:"attributes"`
	SampleSize int                  `json:"sample_size"`
	Deviations int                  `json:"deviations"`
	Complete   bool                 `json:"complete"`
	Conclusion string               `json:"conclusion"`
	Preparer   *controltest.SignOff `json:"preparer,omitempty"`
	Reviewer   *controltest.SignOff `json:"reviewer,omitempty"`
}

// TestRows lists the engagement's tests, or one control's, with where each
// stands (the window and the CLI).
func TestRows(ctx context.Context, h *store.Home, engID, control string) ([]TestRow, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) ([]TestRow, error) {
		tests, err := s.Tests(control)
		if err != nil {
			return nil, err
		}
		samples, err := s.Samples()
		if err != nil {
			return nil, err
		}
		sizes := map[string]int{}
		for _, smp := range samples {
			sizes[smp.ID] = len(smp.Items)
		}
		rows := make([]TestRow, 0, len(tests))
		for _, x := range tests {
			sum := x.Summary(sizes[x.SampleID])
			rows = append(rows, TestRow{ID: x.ID, Control: x.Control, Title: x.Title, SampleID: x.SampleID, Attributes: len(x.Attributes),
				SampleSize: sum.SampleSize, Deviations: sum.Deviations, Complete: sum.Complete, Conclusion: sum.Conclusion,
				Preparer: x.Preparer, Reviewer: x.Reviewer})
		}
		return rows, nil
	})
}

// Test is one test as the grid shows it (the window and the CLI): its
// cells beside the rows its sample drew, from one snapshot.
func Test(ctx context.Context, h *store.Home, engID, id string) (TestView, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) (TestView, error) {
		x, smp, err := s.Test(id)
		if err != nil {
			return TestView{}, err
		}
		v := TestView{Test: x, Grid: make([]GridRow, 0, len(smp.Items)), Summary: x.Summary(len(smp.Items)),
			Columns: []population.Column{}, Headers: []string{}}
		var rows []population.Row
		if smp.ID != "" {
			v.Sample = &SampleHeader{ID: smp.ID, PopulationID: smp.PopulationID, PopulationHash: smp.PopulationHash,
				Method: smp.Method, Algorithm: smp.Algorithm, Seed: smp.Seed, Size: len(smp.Items)}
			p, err := s.Population(smp.PopulationID)
			if err != nil {
				return TestView{}, err
			}
			if rows, err = s.SampleRows(smp); err != nil {
				return TestView{}, err
			}
			v.Headers, v.Sample.PopulationName = p.Headers, p.Name
			v.Columns = p.GridColumns(x.Columns)
		}
		for n, it := range smp.Items {
			row := GridRow{Item: it, Cells: make([]controltest.Cell, len(x.Attributes)), Values: rows[n].Values(v.Columns)}
			for i, a := range x.Attributes {
				row.Cells[i] = x.Cells[controltest.CellKey(it.Number, a.ID)]
			}
			v.Grid = append(v.Grid, row)
		}
		if v.Test.Attributes == nil {
			v.Test.Attributes = []controltest.Attribute{}
		}
		return v, nil
	})
}
