package report

import (
	"context"
	"io"
	"maps"
	"os"
	"slices"

	"auditroom/backend/audit"
)

// Progress stages, in order.
const (
	StageLayout = "layout" // done and total count findings
	StagePages  = "pages"  // assigning rows to pages and numbering them
	StageRender = "render" // drawing the pages
	StageFinish = "finish" // stamp, outline, attachments, properties
)

// Write lays out the report and writes the PDF to w. Everything is built in
// memory: findings are confidential, so nothing is written anywhere but w.
// progress, if not nil, is called as the work goes on.
func Write(ctx context.Context, r *Report, w io.Writer, progress func(stage string, done, total int)) error {
	b, err := Build(ctx, r, progress)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "write the report")
	}
	return nil
}

// WriteFile writes the report to path, readable by its owner only. The file
// is created only once the whole report is built.
func WriteFile(ctx context.Context, r *Report, path string, progress func(stage string, done, total int)) error {
	b, err := Build(ctx, r, progress)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write the report to %s", path)
	}
	return nil
}

// Build returns the report's PDF bytes.
func Build(ctx context.Context, r *Report, progress func(stage string, done, total int)) ([]byte, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	b := newBuilder(r)
	var findings []item
	for i := range r.Findings {
		if err := ctx.Err(); err != nil {
			return nil, audit.Wrap(audit.ECANCELED, err, "report cancelled")
		}
		f := &r.Findings[i]
		findings = append(findings, b.section("finding:"+f.ID, func() { b.finding(f, i == 0) })...)
		progress(StageLayout, i+1, len(r.Findings))
	}
	if len(r.Findings) == 0 {
		findings = b.section("findings", func() {
			b.heading("3  Findings", h1, item{newPage: true, anchor: "findings"})
			b.paragraphs("We identified no findings.", body)
		})
	}
	appendix := b.section("appendix", b.appendix)
	summary := b.section("summary", b.summary)
	cover := b.section("cover", b.cover)
	// Scope comes last: its note names the parts where characters were replaced.
	scope := b.section("scope", b.scope)

	// The contents need the page numbers, which need the contents' length:
	// lay out with placeholders, then again with the numbers, until they hold.
	var anchors map[string]int
	progress(StagePages, 0, 1)
	for pass := 0; ; pass++ {
		if err := ctx.Err(); err != nil {
			return nil, audit.Wrap(audit.ECANCELED, err, "report cancelled")
		}
		contents := b.section("contents", func() { b.contents(anchors) })
		b.items = slices.Concat(cover, contents, summary, scope, findings, appendix)
		pages, got, err := b.paginate()
		if err != nil {
			return nil, err
		}
		if anchors == nil || !maps.Equal(anchors, got) {
			if pass >= 3 {
				return nil, audit.Errorf(audit.EINTERNAL, "report contents: page numbers did not settle after %d passes", pass+1)
			}
			anchors = got
			continue
		}
		progress(StagePages, 1, 1)
		progress(StageRender, 0, len(pages))
		raw, err := b.render(pages)
		if err != nil {
			return nil, audit.Wrap(audit.EINTERNAL, err, "render the report")
		}
		progress(StageRender, len(pages), len(pages))
		if err := ctx.Err(); err != nil {
			return nil, audit.Wrap(audit.ECANCELED, err, "report cancelled")
		}
		progress(StageFinish, 0, 1)
		out, err := finish(r, raw, b.entries(), anchors)
		if err != nil {
			return nil, audit.Wrap(audit.EINTERNAL, err, "finish the report")
		}
		progress(StageFinish, 1, 1)
		return out, nil
	}
}
