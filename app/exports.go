package app

import (
	"context"
	"path/filepath"

	"auditroom/backend/audit"
	"auditroom/backend/export"
)

// Exports takes an engagement's workpapers out of the audit room, into
// files the user chose: the XLSX workbook, the CSV tables and the OSCAL
// documents. Each runs as a job whose result is an export.Result (the
// files written, their sizes and SHA-256, and any skipped), and each is
// recorded in the engagement's trail.
type Exports struct {
	session *Session
	jobs    *Jobs
}

// XLSX starts a job writing the workbook to the file path. A file already
// there is replaced only with overwrite, which the user confirmed.
func (x *Exports) XLSX(engID, path string, overwrite bool) (Job, error) {
	return x.start(engID, "workbook", export.Target{Format: export.FormatXLSX, Path: path, Overwrite: overwrite})
}

// CSV starts a job writing findings.csv and exceptions.csv into folder.
func (x *Exports) CSV(engID, folder string, overwrite bool) (Job, error) {
	return x.start(engID, "CSV files", export.Target{Format: export.FormatCSV, Path: folder, Overwrite: overwrite})
}

// OSCAL starts a job writing assessment-results.json and poam.json into
// folder (the POA&M only when there are findings).
func (x *Exports) OSCAL(engID, folder string, overwrite bool) (Job, error) {
	return x.start(engID, "OSCAL documents", export.Target{Format: export.FormatOSCAL, Path: folder, Overwrite: overwrite})
}

// start checks what can be checked at once, then runs the export as a job.
func (x *Exports) start(engID, what string, t export.Target) (Job, error) {
	h, err := x.session.open()
	if err != nil {
		return Job{}, ui(err)
	}
	if err := t.Validate(); err != nil {
		return Job{}, ui(err)
	}
	// A relative path would land wherever the app happened to start.
	if !filepath.IsAbs(t.Path) {
		return Job{}, ui(audit.Errorf(audit.EINVALID, "%q is not a full path: choose where to save the %s", t.Path, what))
	}
	if err := export.RefuseExisting(t.Overwrite, t.Files()...); err != nil {
		return Job{}, ui(err)
	}
	e, err := h.Engagement(context.Background(), engID)
	if err != nil {
		return Job{}, ui(err)
	}
	return x.jobs.start("export", "Export the "+what+" of "+e.Name, func(ctx context.Context, p Progress) (any, error) {
		d, err := export.Gather(ctx, h, engID, export.Options{Progress: p.counted})
		if err != nil {
			return nil, err
		}
		res, err := export.Save(ctx, d, t, p.counted)
		if err != nil {
			return nil, err
		}
		return res, export.Record(context.WithoutCancel(ctx), h, x.session.actor, res)
	}), nil
}
