package packet

import (
	"context"
	"path/filepath"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// Skipped is a finding left out of a findings packet, and why.
type Skipped struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Exported is what an export wrote.
type Exported struct {
	PacketID string                 `json:"packet_id"`
	File     string                 `json:"file"`
	SHA256   string                 `json:"sha256"` // of the file, to tell the recipient by another channel
	Findings []store.FindingVersion `json:"findings"`
	Skipped  []Skipped              `json:"skipped"`
}

// ExportFindings writes the engagement's issued findings to a new findings
// packet at path, encrypted with passphrase, and records the export in
// the trail ("packet.export"). Findings changed since they were issued are
// left out and named: issue them again first. It returns EINVALID when
// there is no issued finding to send, ECONFLICT when path exists.
func ExportFindings(ctx context.Context, h *store.Home, engID, actor, path, passphrase string) (Exported, error) {
	e, err := h.Engagement(ctx, engID)
	if err != nil {
		return Exported{}, err
	}
	if e.Role == audit.Responder {
		return Exported{}, audit.Errorf(audit.EINVALID, "engagement %s is a responder copy: export its responses instead", engID)
	}
	all, err := h.Findings(ctx, engID)
	if err != nil {
		return Exported{}, err
	}
	id, err := store.NewPacketID("fnd_")
	if err != nil {
		return Exported{}, err
	}
	p := Findings{Header: header(KindFindings, id, engID, actor), Client: e.Client, Type: e.Type,
		PeriodStart: e.PeriodStart, PeriodEnd: e.PeriodEnd, Criteria: []scope.Criterion{}, Findings: []IssuedFinding{}}
	out := Exported{PacketID: id, File: path, Findings: []store.FindingVersion{}, Skipped: []Skipped{}}
	named := map[string]bool{}
	for _, f := range all {
		switch {
		case f.Status != findings.Issued && f.Status != findings.ResponseReceived:
			continue
		case f.ChangedSinceIssue:
			out.Skipped = append(out.Skipped, Skipped{f.ID, "changed since it was issued: reopen and issue it again"})
			continue
		}
		p.Findings = append(p.Findings, IssuedFinding{ID: f.ID, Version: f.Version, IssuedAt: *f.IssuedAt, Title: f.Title,
			Condition: f.Condition, Criteria: f.Criteria, Cause: f.Cause, Effect: f.Effect, Recommendation: f.Recommendation,
			Classification: f.Classification, Owner: f.Owner, Evidence: f.Evidence})
		out.Findings = append(out.Findings, store.FindingVersion{ID: f.ID, Version: f.Version})
		for _, c := range f.Criteria {
			if cr, ok := scope.Lookup(c); ok && !named[c] {
				named[c] = true
				p.Criteria = append(p.Criteria, cr)
			}
		}
	}
	if len(p.Findings) == 0 {
		return out, audit.Errorf(audit.EINVALID, "engagement %s has no issued findings to send", engID)
	}
	ids := make([]string, 0, len(p.Criteria))
	for _, c := range p.Criteria {
		ids = append(ids, c.ID)
	}
	for i, c := range scope.SortCriteria(ids) {
		p.Criteria[i], _ = scope.Lookup(c)
	}
	if out.SHA256, err = seal(path, passphrase, p); err != nil {
		return out, err
	}
	rec := store.PacketRecord{ID: id, Kind: KindFindings, Direction: "exported", File: filepath.Base(path),
		FileSHA256: out.SHA256, Findings: out.Findings, At: p.CreatedAt, By: actor}
	return out, h.RecordPacket(ctx, engID, actor, rec)
}

// OpenFindings opens a findings packet into the compliance lead's data
// folder: a responder copy of the auditor's engagement holding the issued
// findings, made on first use and brought up to date by later packets.
// Opening the same packet twice changes nothing. A wrong passphrase is
// EPASSPHRASE; a damaged or altered packet EINVALID, with nothing changed.
func OpenFindings(ctx context.Context, h *store.Home, actor, path, passphrase string) (audit.Engagement, error) {
	o, err := open(path, passphrase)
	if err != nil {
		return audit.Engagement{}, err
	}
	var p Findings
	if err := decode(o, KindFindings, &p); err != nil {
		return audit.Engagement{}, err
	}
	cats := map[audit.Category]bool{}
	for _, c := range p.Criteria {
		cats[c.Category] = true
	}
	e := audit.Engagement{Name: truncate("Findings for "+p.Client, 200), Client: p.Client, Type: p.Type,
		PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd, Origin: p.Engagement}
	for _, c := range audit.Categories {
		if cats[c] {
			e.Categories = append(e.Categories, c)
		}
	}
	rec := store.PacketRecord{ID: p.ID, Kind: KindFindings, Direction: "opened", File: o.file, FileSHA256: o.fileSHA256,
		Findings: []store.FindingVersion{}, At: time.Now().UTC(), By: actor}
	var list []findings.Finding
	for _, f := range p.Findings {
		if findings.Number(f.ID) == 0 || len(f.Version) != 64 || f.Classification != "" && !f.Classification.Valid() {
			return audit.Engagement{}, audit.Errorf(audit.EINVALID, "%s holds a finding without a proper ID, version or classification", o.file)
		}
		check := findings.Input{Title: f.Title, Condition: f.Condition, Criteria: f.Criteria, Cause: f.Cause, Effect: f.Effect,
			Recommendation: f.Recommendation, Owner: f.Owner, Evidence: f.Evidence}
		if err := check.Validate(); err != nil {
			return audit.Engagement{}, audit.Wrap(audit.EINVALID, err, "%s: finding %s: %s", o.file, f.ID, audit.ErrorMessage(err))
		}
		at := f.IssuedAt
		list = append(list, findings.Finding{ID: f.ID, Title: f.Title, Condition: f.Condition, Criteria: f.Criteria,
			Cause: f.Cause, Effect: f.Effect, Recommendation: f.Recommendation, Classification: f.Classification,
			Owner: f.Owner, Evidence: f.Evidence, Status: findings.Issued, Version: f.Version, IssuedVersion: f.Version,
			IssuedAt: &at, Controls: []string{}, Exceptions: []findings.ExceptionRef{}, History: []findings.Step{},
			CreatedAt: rec.At, CreatedBy: p.CreatedBy, UpdatedAt: rec.At, UpdatedBy: p.CreatedBy})
		rec.Findings = append(rec.Findings, store.FindingVersion{ID: f.ID, Version: f.Version})
	}
	e, err = h.OpenResponderCopy(ctx, actor, store.ResponderCopy{Engagement: e, Findings: list, Packet: rec})
	if audit.ErrorCode(err) == audit.EINVALID && e.ID == "" {
		return e, audit.Wrap(audit.EINVALID, err, "%s describes its engagement wrongly: %s", o.file, audit.ErrorMessage(err))
	}
	return e, err
}
