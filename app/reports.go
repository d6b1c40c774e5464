package app

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"sync"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/store"
	"auditroom/backend/view"
)

// Reports makes the PDF findings report as a job and shows its pages. The
// last report made for each engagement is kept in memory only, for the
// preview; the file the user chose is the only copy on disk.
type Reports struct {
	session *Session
	jobs    *Jobs
	mu      sync.Mutex
	last    map[string][]byte // by engagement
}

// ReportInput says which report to make and where to save it.
type ReportInput struct {
	Final      bool   `json:"final"`
	Path       string `json:"path"`        // the PDF file, a full path
	PreparedBy string `json:"prepared_by"` // who signs it; the user at the keyboard when empty
	Date       string `json:"date"`        // YYYY-MM-DD; today when empty
	Overwrite  bool   `json:"overwrite"`   // the user confirmed replacing a file already at Path
}

// ReportPreview is one page of the last report made.
type ReportPreview struct {
	Page   int     `json:"page"`
	Pages  int     `json:"pages"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	PNG    string  `json:"png"` // base64
	Scale  float64 `json:"scale"`
}

// Generate starts a job that lays out the report and saves it; its result
// is an export.Result naming the file, its size and SHA-256.
func (r *Reports) Generate(engID string, in ReportInput) (Job, error) {
	return call(r.session, func(ctx context.Context, h *store.Home) (Job, error) {
		if !filepath.IsAbs(in.Path) || filepath.Ext(in.Path) == "" {
			return Job{}, audit.Errorf(audit.EINVALID, "%q is not a full path to a PDF file: choose where to save the report", in.Path)
		}
		// Asked now, so the window can confirm before any work starts.
		if err := export.RefuseExisting(in.Overwrite, in.Path); err != nil {
			return Job{}, err
		}
		e, err := h.Engagement(ctx, engID)
		if err != nil {
			return Job{}, err
		}
		if in.PreparedBy == "" {
			in.PreparedBy = r.session.actor
		}
		title := "Draft report of " + e.Name
		if in.Final {
			title = "Final report of " + e.Name
		}
		return r.jobs.start("report", title, func(ctx context.Context, p Progress) (any, error) {
			res, pdf, err := export.SaveReport(ctx, h, engID, r.session.actor, in.Path, export.ReportOptions{
				Options: export.Options{Progress: p.counted}, Final: in.Final, PreparedBy: in.PreparedBy, Date: in.Date, Overwrite: in.Overwrite})
			if err != nil {
				return nil, err
			}
			r.keep(engID, pdf)
			return res, nil
		}), nil
	})
}

// keep holds the report made last for the engagement, for the preview.
func (r *Reports) keep(engID string, pdf []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		r.last = map[string][]byte{}
	}
	r.last[engID] = pdf
}

// Preview draws a page of the last report made for the engagement, by
// MuPDF in a worker process like any PDF in the viewer. Locked, nothing of
// the engagement is shown.
func (r *Reports) Preview(engID string, page int, scale float64) (ReportPreview, error) {
	return call(r.session, func(ctx context.Context, _ *store.Home) (ReportPreview, error) {
		r.mu.Lock()
		pdf := r.last[engID]
		r.mu.Unlock()
		if pdf == nil {
			return ReportPreview{}, audit.Errorf(audit.ENOTFOUND, "no report made yet in this session: generate one first")
		}
		p, err := r.session.renderers().Render(ctx, pdf, view.PageRequest{Page: page, Scale: scale})
		if err != nil {
			return ReportPreview{}, err
		}
		return ReportPreview{Page: p.Number, Pages: p.Pages, Width: p.Width, Height: p.Height, Scale: p.Scale,
			PNG: base64.StdEncoding.EncodeToString(p.PNG)}, nil
	})
}
