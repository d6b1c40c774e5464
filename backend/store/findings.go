package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
)

// Findings lists an engagement's findings by number.
func (h *Home) Findings(ctx context.Context, engID string) ([]findings.Finding, error) {
	return View(ctx, h, engID, (*Snapshot).Findings)
}

// Finding returns one finding and its response, if one is stored. It
// returns ENOTFOUND for an unknown finding.
func (h *Home) Finding(ctx context.Context, engID, id string) (findings.Finding, *findings.Response, error) {
	var f findings.Finding
	var r *findings.Response
	err := h.Read(ctx, engID, func(s *Snapshot) error {
		var err error
		f, r, err = s.Finding(id)
		return err
	})
	return f, r, err
}

// CreateFinding stores a new draft finding under the next number (F-001,
// F-002 …), evaluated against the engagement's other findings. It returns
// EINVALID for a finding that breaks a rule or names a criterion out of
// scope, ENOTFOUND for a control or evidence file that does not exist.
// The trail records "finding.create".
func (h *Home) CreateFinding(ctx context.Context, engID, actor string, in findings.Input) (findings.Finding, error) {
	if err := requireActor(actor); err != nil {
		return findings.Finding{}, err
	}
	var f findings.Finding
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			e, all, err := auditorFindings(txn, engID)
			if err != nil {
				return err
			}
			n := 1
			for _, o := range all {
				n = max(n, findings.Number(o.ID)+1)
			}
			now := time.Now().UTC()
			if f, err = findings.New(findings.ID(n), in, actor, now); err != nil {
				return err
			}
			if err := checkFinding(txn, e, &f, all); err != nil {
				return err
			}
			f.Seal(nil, actor, now)
			if err := setJSON(txn, findingKey(f.ID), f); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, "finding.create", "finding/"+f.ID, f)
			return err
		})
	})
	if err != nil {
		return findings.Finding{}, coded(err, "create a finding in engagement %s", engID)
	}
	return f, nil
}

// findingUpdate is what an edit records in the trail.
type findingUpdate struct {
	Changed []string          `json:"changed"`
	Cleared string            `json:"cleared,omitempty"`
	Version string            `json:"version"`
	Finding *findings.Finding `json:"finding"`
}

// UpdateFinding replaces a finding's content and re-evaluates it. An edit
// clears the reviewer's sign-off, and an edit after issue makes the
// finding differ from the version issued (ChangedSinceIssue). A final
// finding cannot change (ECONFLICT). Saving the same content changes
// nothing; otherwise the trail records "finding.update" with the fields
// changed and the finding as it now is.
func (h *Home) UpdateFinding(ctx context.Context, engID, actor, id string, in findings.Input) (findings.Finding, error) {
	return h.editFinding(ctx, engID, actor, id, func(f *findings.Finding, now time.Time) error { return f.Edit(in, actor, now) })
}

// CiteInFinding adds a place in an evidence file to a finding's evidence,
// as an edit of the finding (UpdateFinding) that changes nothing else.
func (h *Home) CiteInFinding(ctx context.Context, engID, actor, id string, ref findings.EvidenceRef) (findings.Finding, error) {
	return h.editFinding(ctx, engID, actor, id, func(f *findings.Finding, _ time.Time) error { return f.Cite(ref) })
}

func (h *Home) editFinding(ctx context.Context, engID, actor, id string, edit func(*findings.Finding, time.Time) error) (findings.Finding, error) {
	if err := requireActor(actor); err != nil {
		return findings.Finding{}, err
	}
	var f findings.Finding
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			e, all, err := auditorFindings(txn, engID)
			if err != nil {
				return err
			}
			if f, err = getFinding(txn, id); err != nil {
				return err
			}
			old := f
			now := time.Now().UTC()
			if err := edit(&f, now); err != nil {
				return err
			}
			if err := checkFinding(txn, e, &f, all); err != nil {
				return err
			}
			changed, cleared := f.Seal(&old, actor, now)
			if len(changed) == 0 {
				f = old
				return nil
			}
			if err := setJSON(txn, findingKey(f.ID), f); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, "finding.update", "finding/"+f.ID, findingUpdate{changed, cleared, f.Version, &f})
			return err
		})
	})
	if err != nil {
		return findings.Finding{}, coded(err, "save finding %s of engagement %s", id, engID)
	}
	return f, nil
}

// MoveFinding moves a finding along its workflow (findings.Finding.Move).
// The trail records "finding.status" with the step.
func (h *Home) MoveFinding(ctx context.Context, engID, actor, id string, to findings.Status, comment string) (findings.Finding, error) {
	return h.stepFinding(ctx, engID, actor, id, func(f *findings.Finding, now time.Time) (findings.Step, error) {
		return f.Move(to, actor, comment, now)
	})
}

// SignOffFinding records the reviewer's sign-off of a finding in review,
// by someone other than its preparer. The trail records "finding.status"
// with the step.
func (h *Home) SignOffFinding(ctx context.Context, engID, actor, id string) (findings.Finding, error) {
	return h.stepFinding(ctx, engID, actor, id, func(f *findings.Finding, now time.Time) (findings.Step, error) {
		return f.SignOff(actor, now)
	})
}

func (h *Home) stepFinding(ctx context.Context, engID, actor, id string, move func(*findings.Finding, time.Time) (findings.Step, error)) (findings.Finding, error) {
	if err := requireActor(actor); err != nil {
		return findings.Finding{}, err
	}
	var f findings.Finding
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if _, _, err := auditorFindings(txn, engID); err != nil {
				return err
			}
			var err error
			if f, err = getFinding(txn, id); err != nil {
				return err
			}
			now := time.Now().UTC()
			s, err := move(&f, now)
			if err != nil {
				return err
			}
			if err := setJSON(txn, findingKey(f.ID), f); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, "finding.status", "finding/"+f.ID, s)
			return err
		})
	})
	if err != nil {
		return findings.Finding{}, coded(err, "move finding %s of engagement %s", id, engID)
	}
	return f, nil
}

// auditorFindings reads the engagement, refusing a responder copy, whose
// findings are the auditor's and change only by a new packet, and every
// finding stored.
func auditorFindings(txn *badger.Txn, engID string) (audit.Engagement, []findings.Finding, error) {
	var e audit.Engagement
	if err := getJSON(txn, engagementKey, &e); err != nil {
		return e, nil, err
	}
	if e.Role == audit.Responder {
		return e, nil, audit.Errorf(audit.EINVALID, "engagement %s is a responder copy: its findings are the auditor's; write responses to them instead", engID)
	}
	all, err := readAll[findings.Finding](txn, findingPrefix)
	return e, all, err
}

// checkFinding checks a finding against the engagement — criteria in
// scope, controls and evidence that exist — fills in the evidence names
// and hashes, and evaluates it against the other findings.
func checkFinding(txn *badger.Txn, e audit.Engagement, f *findings.Finding, all []findings.Finding) error {
	for _, c := range f.Criteria {
		if !scope.IsInScope(c, e.Categories) {
			cr, _ := scope.Lookup(c)
			return audit.Errorf(audit.EINVALID, "criterion %s is not in scope: the engagement does not cover %s", c, cr.Category)
		}
	}
	controls := slices.Clone(f.Controls)
	if f.Evaluation != nil {
		for _, k := range f.Evaluation.Input.Compensating {
			controls = append(controls, k.Control)
		}
	}
	for _, c := range controls {
		if err := mustExist(txn, controlKey(c), "no control %s", c); err != nil {
			return err
		}
	}
	for i, r := range f.Evidence {
		var ev audit.Evidence
		if err := getJSON(txn, evidenceKey(r.EvidenceID), &ev); errors.Is(err, badger.ErrKeyNotFound) {
			return audit.Errorf(audit.ENOTFOUND, "no evidence file %s", r.EvidenceID)
		} else if err != nil {
			return err
		}
		f.Evidence[i].Name, f.Evidence[i].SHA256 = ev.Name, ev.SHA256
	}
	return f.Evaluate(all)
}

func getFinding(txn *badger.Txn, id string) (findings.Finding, error) {
	var f findings.Finding
	err := getJSON(txn, findingKey(strings.TrimSpace(id)), &f)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return f, audit.Errorf(audit.ENOTFOUND, "no finding %s", id)
	}
	return f, err
}

func getResponse(txn *badger.Txn, findingID string) (*findings.Response, error) {
	var r findings.Response
	err := getJSON(txn, responseKey(findingID), &r)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Responses lists the responses stored, by finding number.
func (h *Home) Responses(ctx context.Context, engID string) ([]findings.Response, error) {
	return View(ctx, h, engID, (*Snapshot).Responses)
}
