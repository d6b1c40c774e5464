package app

import (
	"context"
	"path/filepath"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/store"
)

// Exports takes an engagement's workpapers out of the audit room, into
// files the user chose, in any of export.Formats. Each runs as a job whose result is an export.Result (the
// files written, their sizes and SHA-256, and any skipped), and each is
// recorded in the engagement's trail.
type Exports struct {
	session *Session
	jobs    *Jobs
}

// Export starts a job writing the export format (an export.Formats name)
// to path: a file for a format of one file, else a folder. Files already
// there are replaced only with overwrite, which the user confirmed.
func (x *Exports) Export(engID, format, path string, overwrite bool) (Job, error) {
	return call(x.session, func(ctx context.Context, h *store.Home) (Job, error) {
		f, err := export.FormatOf(format)
		if err != nil {
			return Job{}, err
		}
		t := export.Target{Format: f.Name, Path: path, Overwrite: overwrite}
		if err := t.Validate(); err != nil {
			return Job{}, err
		}
		// A relative path would land wherever the app happened to start.
		if !filepath.IsAbs(t.Path) {
			return Job{}, audit.Errorf(audit.EINVALID, "%q is not a full path: choose where to save the %s", t.Path, f.Noun)
		}
		if err := export.RefuseExisting(t.Overwrite, t.Files()...); err != nil {
			return Job{}, err
		}
		e, err := h.Engagement(ctx, engID)
		if err != nil {
			return Job{}, err
		}
		return x.jobs.start("export", "Export the "+f.Noun+" of "+e.Name, func(ctx context.Context, p Progress) (any, error) {
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
	})
}
