package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/report"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// ReportOptions say which report to make.
type ReportOptions struct {
	Options
	Final      bool   // the issued report, without the DRAFT stamp
	Date       string // YYYY-MM-DD; today when empty
	PreparedBy string // who signs the report; a final report needs one
	Overwrite  bool   // replace a file already at the path
}

// Report reads an engagement and lays out its findings report: the model
// backend/report renders, with the XLSX workpapers and a JSON evidence
// manifest to attach. A final report needs every finding issued or beyond.
func Report(ctx context.Context, h *store.Home, engID string, opt ReportOptions) (report.Report, error) {
	d, err := Gather(ctx, h, engID, opt.Options)
	if err != nil {
		return report.Report{}, err
	}
	return ReportOf(ctx, d, opt)
}

// ReportOf maps gathered data to the report's model.
func ReportOf(ctx context.Context, d *Data, opt ReportOptions) (report.Report, error) {
	r := report.Report{Engagement: d.Engagement, Status: report.Draft, Date: opt.Date, PreparedBy: strings.TrimSpace(opt.PreparedBy)}
	if opt.Final {
		r.Status = report.Final
		if r.PreparedBy == "" {
			return r, audit.Errorf(audit.EINVALID, "a final report needs the name of who prepared it: prepared by is empty")
		}
		for _, f := range d.Findings {
			if f.Status == findings.Draft || f.Status == findings.InReview {
				return r, audit.Errorf(audit.EINVALID, "a final report needs every finding issued: %s is %s", f.ID, strings.ReplaceAll(string(f.Status), "_", " "))
			}
		}
	}
	if r.Date == "" {
		r.Date = time.Now().Format(audit.DateLayout)
	}
	for _, c := range d.Criteria {
		r.Criteria = append(r.Criteria, report.Criterion{ID: c.ID, Name: c.Title})
	}
	r.Sampling = d.samplingSection()
	cited := map[string]bool{}
	for _, f := range d.Findings {
		rf := d.reportFinding(f)
		for _, e := range rf.Evidence {
			cited[e.SHA256] = true
		}
		r.Findings = append(r.Findings, rf)
	}
	r.Evidence = d.appendix(cited)
	var xlsx bytes.Buffer
	if err := WriteXLSX(ctx, d, &xlsx, nil); err != nil {
		return r, err
	}
	r.Workpaper = xlsx.Bytes()
	manifest, err := json.MarshalIndent(r.Evidence, "", "  ")
	if err != nil {
		return r, audit.Wrap(audit.EINTERNAL, err, "write the evidence manifest")
	}
	r.Manifest = manifest
	return r, nil
}

// sizeRationale is why a sample has its size: its plan's rationale, or
// that none was recorded.
func sizeRationale(s *selection.Sample) string {
	if s.Plan != nil {
		return s.Plan.Rationale
	}
	return fmt.Sprintf("No sampling plan was recorded: the size of %d was given as it is.", len(s.Items))
}

// populationFilters says what a population was restricted to at freeze
// time; empty for one without filters.
func populationFilters(p population.Population) string {
	if len(p.Filters) == 0 {
		return ""
	}
	return fmt.Sprintf("only rows where %s (%d rows of the file left out)", strings.Join(p.FilterTexts(), " and "), p.Excluded)
}

// samplingSection says how each test's sample was sized and drawn.
func (d *Data) samplingSection() report.Sampling {
	s := report.Sampling{Approach: "Each control was tested on a sample drawn from a frozen population: every row " +
		"hashed, the population's hash recorded with the sample. Random samples are drawn with a recorded seed under " +
		"the named algorithm auditroom-random-v1, so that anyone can redraw them. Sample sizes follow the control's " +
		"frequency or, where stated, statistical attribute sampling under the AICPA Audit Guide: Audit Sampling; each " +
		"sample's deviations are evaluated by the one-sided upper deviation limit at the test's confidence."}
	for _, t := range d.Tests {
		if t.Sample == nil {
			continue
		}
		st := report.SampleTest{Control: t.Control.ID + " " + t.Control.Title, Size: len(t.Sample.Items),
			Method: string(t.Sample.Method) + " (seed " + t.Sample.Seed + ")"}
		if t.Population != nil {
			st.Population = t.Population.Rows
		}
		st.Explanation = sizeRationale(t.Sample)
		if t.Population != nil {
			if f := populationFilters(*t.Population); f != "" {
				st.Explanation += " Population: " + f + "."
			}
		}
		s.Tests = append(s.Tests, st)
	}
	return s
}

func (d *Data) reportFinding(f Finding) report.Finding {
	rf := report.Finding{ID: f.ID, Title: f.Title, Classification: report.Classification(f.Classification),
		Rationale: f.Rationale, Condition: f.Condition, Criteria: f.Criteria, Cause: f.Cause, Effect: f.Effect,
		Recommendation: f.Recommendation, Status: strings.ReplaceAll(string(f.Status), "_", " "), Controls: f.Controls}
	rf.CriteriaText = f.CriterionText
	for _, c := range f.Criteria {
		if cr, ok := lookupCriterion(d, c); ok && f.CriterionText == "" {
			rf.CriteriaText = joinNonEmpty("; ", rf.CriteriaText, c+" "+cr)
		}
	}
	for _, ref := range f.Exceptions {
		for _, x := range d.Exceptions {
			if x.Ref() == ref {
				rf.Exceptions = append(rf.Exceptions, report.Exception{
					Sample:      fmt.Sprintf("#%d %s", x.Item, x.ItemKey),
					Attribute:   x.Attribute + ": " + x.AttributeText,
					Description: x.Note,
				})
			}
		}
	}
	for _, e := range f.Evidence {
		if ev, ok := d.Evidence[e.EvidenceID]; ok {
			rf.Evidence = append(rf.Evidence, report.EvidenceRef{Name: ev.Name, Locator: e.Locator, SHA256: ev.SHA256})
		}
	}
	// The exceptions' own pinned evidence is cited too.
	for _, ref := range f.Exceptions {
		for _, x := range d.Exceptions {
			if x.Ref() != ref {
				continue
			}
			for _, e := range x.Evidence {
				if ev, ok := d.Evidence[e.EvidenceID]; ok && !slices.ContainsFunc(rf.Evidence, func(r report.EvidenceRef) bool {
					return r.SHA256 == ev.SHA256 && r.Locator == e.Locator
				}) {
					rf.Evidence = append(rf.Evidence, report.EvidenceRef{Name: ev.Name, Locator: e.Locator, SHA256: ev.SHA256})
				}
			}
		}
	}
	if r := f.Response; r != nil {
		rf.Response = &report.Response{Position: report.Position(r.Position), Text: r.Text, CorrectiveAction: r.CorrectiveAction,
			Owner: r.Owner, TargetDate: r.TargetDate, Responder: r.Responder}
		if r.ReceivedAt != nil {
			rf.Response.Received = r.ReceivedAt.Format(audit.DateLayout)
		}
	}
	return rf
}

// appendix lists every cited evidence file with its custody.
func (d *Data) appendix(cited map[string]bool) []report.Evidence {
	var out []report.Evidence
	for _, ev := range d.Evidence {
		if !cited[ev.SHA256] {
			continue
		}
		e := report.Evidence{Name: ev.Name, SHA256: ev.SHA256, AsOf: ev.AsOf, AsOfSource: ev.AsOfSource, AsOfDetail: ev.AsOfDetail}
		e.AsOfIssue = d.Engagement.AsOfIssue(ev.AsOf)
		for _, p := range ev.Provenance {
			e.Provenance = append(e.Provenance, report.Provenance{Pack: p.Pack, Path: p.Path, ModTime: p.ModTime, ImportedAt: p.ImportedAt,
				ImportedBy: p.ImportedBy, ProvidedByManagement: p.Source == audit.FromManagement})
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b report.Evidence) int { return strings.Compare(a.Name+a.SHA256, b.Name+b.SHA256) })
	return out
}

func lookupCriterion(d *Data, id string) (string, bool) {
	for _, c := range d.Criteria {
		if c.ID == id {
			return c.Title, true
		}
	}
	return "", false
}

// SaveReport lays out the findings report and writes it to path (whole or
// not at all, owner-only), records the export in the trail, and returns the
// PDF's bytes too, for a preview.
func SaveReport(ctx context.Context, h *store.Home, engID, actor, path string, opt ReportOptions) (Result, []byte, error) {
	if err := RefuseExisting(opt.Overwrite, path); err != nil {
		return Result{}, nil, err
	}
	m, err := Report(ctx, h, engID, opt)
	if err != nil {
		return Result{}, nil, err
	}
	pdf, err := report.Build(ctx, &m, opt.Progress)
	if err != nil {
		return Result{}, nil, err
	}
	f, err := WriteFile(path, string(m.Status), func(w io.Writer) error { _, err := w.Write(pdf); return err })
	if err != nil {
		return Result{}, nil, err
	}
	res := Result{EngagementID: engID, Format: "report", Files: []File{f}, Skipped: []Skip{}}
	return res, pdf, Record(ctx, h, actor, res)
}
