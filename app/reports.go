package app

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"sync"

	"auditroom/backend/audit"
	"auditroom/backend/export"
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
	h, err := r.session.open()
	if err != nil {
		return Job{}, ui(err)
	}
	if !filepath.IsAbs(in.Path) || filepath.Ext(in.Path) == "" {
		return Job{}, ui(audit.Errorf(audit.EINVALID, "%q is not a full path to a PDF file: choose where to save the report", in.Path))
	}
	// Asked now, so the window can confirm before any work starts.
	if err := export.RefuseExisting(in.Overwrite, in.Path); err != nil {
		return Job{}, ui(err)
	}
	e, err := h.Engagement(context.Background(), engID)
	if err != nil {
		return Job{}, ui(err)
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
		r.mu.Lock()
		if r.last == nil {
			r.last = map[string][]byte{}
		}
		r.last[engID] = pdf
		r.mu.Unlock()
		return res, nil
	}), nil
}

// Preview draws a page of the last report made for the engagement, by
// MuPDF in a worker process like any PDF in the viewer.
func (r *Reports) Preview(engID string, page int, scale float64) (ReportPreview, error) {
	if _, err := r.session.open(); err != nil {
		return ReportPreview{}, ui(err) // locked: nothing of the engagement is shown
	}
	r.mu.Lock()
	pdf := r.last[engID]
	r.mu.Unlock()
	if pdf == nil {
		return ReportPreview{}, ui(audit.Errorf(audit.ENOTFOUND, "no report made yet in this session: generate one first"))
	}
	p, err := r.session.renderers().Render(context.Background(), pdf, view.PageRequest{Page: page, Scale: scale})
	if err != nil {
		return ReportPreview{}, ui(err)
	}
	return ReportPreview{Page: p.Number, Pages: p.Pages, Width: p.Width, Height: p.Height, Scale: p.Scale,
		PNG: base64.StdEncoding.EncodeToString(p.PNG)}, nil
}
