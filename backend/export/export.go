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

// CSVKinds and OSCALKinds list the kinds of each format, in the order a
// folder export writes them.
var (
	CSVKinds   = []Kind{Findings, Exceptions}
	OSCALKinds = []Kind{AssessmentResults, POAM}
)

// FileName is the name a folder export gives a kind's file.
func FileName(k Kind) string {
	switch k {
	case Findings, Exceptions:
		return string(k) + ".csv"
	}
	return string(k) + ".json"
}

// ParseKind reads a kind of the given format ("csv" or "oscal").
func ParseKind(format, s string) (Kind, error) {
	kinds := CSVKinds
	if format == "oscal" {
		kinds = OSCALKinds
	}
	for _, k := range kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", audit.Errorf(audit.EINVALID, "%s kind %q must be %s or %s", format, s, kinds[0], kinds[1])
}

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
