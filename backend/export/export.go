// Package export takes an engagement's workpapers out of the audit room: an
// XLSX workbook as auditors keep it (a sheet per test with its population,
// sample, grid of results, evaluation and sign-offs; the exceptions; the
// findings), CSV files of the findings and exceptions, and OSCAL 1.1
// assessment-results and POA&M documents. Gather reads the engagement once
// into Data; each format writes Data to an io.Writer and nowhere else, since
// the text comes from confidential evidence.
package export

import (
	"context"
	"io"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// Progress stages, in order.
const (
	StageRead  = "reading"  // done and total count tests
	StageWrite = "writing"  // done and total count sheets or documents
	StageDone  = "finished" // the file is written
)

// Kind names one CSV table or one OSCAL document.
type Kind string

// Kinds.
const (
	Findings          Kind = "findings"           // CSV: one row per finding
	Exceptions        Kind = "exceptions"         // CSV: one row per exception cell
	AssessmentResults Kind = "assessment-results" // OSCAL assessment results
	POAM              Kind = "poam"               // OSCAL plan of action and milestones
)

// XLSX reads an engagement and writes its workbook to w.
func XLSX(ctx context.Context, h *store.Home, engID string, w io.Writer, opt Options) error {
	d, err := Gather(ctx, h, engID, opt)
	if err != nil {
		return err
	}
	return WriteXLSX(ctx, d, w, opt.Progress)
}

// CSV reads an engagement and writes one of its tables to w.
func CSV(ctx context.Context, h *store.Home, engID string, kind Kind, w io.Writer, opt Options) error {
	d, err := Gather(ctx, h, engID, opt)
	if err != nil {
		return err
	}
	return WriteCSV(d, kind, w)
}

func (o Options) progress() func(string, int, int) {
	if o.Progress == nil {
		return func(string, int, int) {}
	}
	return o.Progress
}

func canceled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return audit.Wrap(audit.ECANCELED, err, "export cancelled")
	}
	return nil
}
