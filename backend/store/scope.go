package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"

	"github.com/dgraph-io/badger/v4"
)

// ScopeState reads an engagement and what it holds of its scope: the
// categories, controls, requests and criterion texts.
func (h *Home) ScopeState(ctx context.Context, engID string) (audit.Engagement, scope.State, error) {
	var e audit.Engagement
	var st scope.State
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			e, st, err = readScope(txn)
			return err
		})
	})
	return e, st, coded(err, "read scope of engagement %s", engID)
}

func readScope(txn *badger.Txn) (audit.Engagement, scope.State, error) {
	var e audit.Engagement
	if err := getJSON(txn, engagementKey, &e); err != nil {
		return e, scope.State{}, err
	}
	st := scope.State{Categories: e.Categories}
	var err error
	if st.Controls, err = readAll[scope.Control](txn, controlPrefix); err != nil {
		return e, st, err
	}
	if st.Requests, err = readAll[scope.Request](txn, requestPrefix); err != nil {
		return e, st, err
	}
	if st.Texts, err = readAll[scope.CriterionText](txn, criterionTextPrefix); err != nil {
		return e, st, err
	}
	scope.SortControls(st.Controls)
	scope.SortRequests(st.Requests)
	return e, st, nil
}

// records reads every record under prefix in an engagement, in key order.
func records[T any](ctx context.Context, h *Home, engID string, prefix []byte) ([]T, error) {
	var out []T
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			out, err = readAll[T](txn, prefix)
			return err
		})
	})
	return out, err
}

// readAll decodes every value under prefix, in key order.
func readAll[T any](txn *badger.Txn, prefix []byte) ([]T, error) {
	out := []T{}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var v T
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
			return nil, fmt.Errorf("read %s: %w", it.Item().Key(), err)
		}
		out = append(out, v)
	}
	return out, nil
}

// Import reads a control matrix, request list or criteria file and checks
// it against the engagement. Without apply it only previews. With apply it
// stores every added and changed item and one trail event, all in one
// transaction, or nothing at all: a file with any row error is refused
// with EINVALID and the preview naming the rows.
func (h *Home) Import(ctx context.Context, engID, actor string, kind scope.ImportKind, file string, data []byte, opt scope.Options, apply bool) (scope.Preview, error) {
	if apply {
		if err := requireActor(actor); err != nil {
			return scope.Preview{}, err
		}
	}
	var p scope.Parsed
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		if !apply {
			return db.View(func(txn *badger.Txn) error {
				_, st, err := readScope(txn)
				if err != nil {
					return err
				}
				p, err = scope.Prepare(kind, file, data, opt, st)
				return err
			})
		}
		return update(ctx, db, func(txn *badger.Txn) error {
			// Checked again inside the transaction, against what is stored now.
			_, st, err := readScope(txn)
			if err != nil {
				return err
			}
			if p, err = scope.Prepare(kind, file, data, opt, st); err != nil {
				return err
			}
			if !p.OK() {
				return audit.Errorf(audit.EINVALID, "%s has %d %s; nothing was imported", file, len(p.Errors), plural(len(p.Errors), "error", "errors"))
			}
			return applyImport(txn, actor, &p, st)
		})
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		err = audit.Wrap(audit.EINVALID, err, "%s changes too much at once: split it into smaller files", file)
	}
	if err != nil {
		return p.Preview, coded(err, "import %s into engagement %s", file, engID)
	}
	return p.Preview, nil
}

// importEvent is the change an import records in the trail.
type importEvent struct {
	File      string             `json:"file"`
	Sheet     string             `json:"sheet,omitempty"`
	Added     []string           `json:"added"`
	Changed   []scope.ItemChange `json:"changed"`
	Unchanged int                `json:"unchanged"`
}

func applyImport(txn *badger.Txn, actor string, p *scope.Parsed, st scope.State) error {
	d := p.Diff
	if len(d.Added) == 0 && len(d.Changed) == 0 {
		p.Applied = true
		return nil // nothing changes, so there is nothing to record
	}
	touched := map[string]bool{}
	for _, id := range d.Added {
		touched[id] = true
	}
	for _, c := range d.Changed {
		touched[c.ID] = true
	}
	now := time.Now().UTC()
	var action string
	switch p.Kind {
	case scope.ControlsImport:
		action = "control.import"
		for _, c := range p.Controls {
			if touched[c.ID] {
				if err := setJSON(txn, controlKey(c.ID), c); err != nil {
					return err
				}
			}
		}
	case scope.RequestsImport:
		action = "request.import"
		stored := map[string]scope.Request{}
		for _, r := range st.Requests {
			stored[r.ID] = r
		}
		for _, r := range p.Requests {
			if !touched[r.ID] {
				continue
			}
			if old, ok := stored[r.ID]; ok {
				// The file changes what it holds; status, history and
				// evidence stay as the workflow left them.
				old.Description, old.Controls, old.Owner, old.Due = r.Description, r.Controls, r.Owner, r.Due
				r = old
			} else {
				r.Status = scope.Open
				r.History = []scope.StatusChange{{Status: scope.Open, Actor: actor, At: now, Comment: "imported from " + p.File}}
			}
			if err := setJSON(txn, requestKey(r.ID), r); err != nil {
				return err
			}
		}
	case scope.CriteriaImport:
		action = "criteria.import"
		for _, t := range p.Texts {
			if touched[t.ID] {
				if err := setJSON(txn, criterionTextKey(t.ID), t); err != nil {
					return err
				}
			}
		}
	}
	ev := importEvent{File: p.File, Sheet: p.Sheet, Added: d.Added, Changed: d.Changed, Unchanged: len(d.Unchanged)}
	if _, err := appendEvent(txn, now, actor, action, string(p.Kind), ev); err != nil {
		return err
	}
	if p.Kind == scope.RequestsImport && len(d.Added) > 0 {
		if err := linkNamedEvidence(txn, now, actor, d.Added); err != nil {
			return err
		}
	}
	p.Applied = true
	return nil
}

// linkNamedEvidence links new requests to the evidence imported before them
// whose manifest row, folder or file name named them, as the import would
// have had the list come first.
func linkNamedEvidence(txn *badger.Txn, now time.Time, actor string, added []string) error {
	evs, err := readAll[audit.Evidence](txn, evidencePrefix)
	if err != nil {
		return err
	}
	tw := &trailWriter{txn: txn}
	for _, id := range added {
		for _, ev := range evs {
			if slices.Contains(ev.Requests, id) {
				if _, err := linkRequest(tw, now, actor, id, ev.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Controls lists an engagement's controls by ID.
func (h *Home) Controls(ctx context.Context, engID string) ([]scope.Control, error) {
	_, st, err := h.ScopeState(ctx, engID)
	return st.Controls, err
}

// Requests lists an engagement's requests by ID.
func (h *Home) Requests(ctx context.Context, engID string) ([]scope.Request, error) {
	_, st, err := h.ScopeState(ctx, engID)
	return st.Requests, err
}

// CriteriaTexts lists the criterion texts the user imported.
func (h *Home) CriteriaTexts(ctx context.Context, engID string) ([]scope.CriterionText, error) {
	_, st, err := h.ScopeState(ctx, engID)
	return st.Texts, err
}

// PutControl adds a control by hand (create) or changes one (not create).
// It returns EINVALID for a control that breaks a rule, ECONFLICT when
// creating an ID that exists and ENOTFOUND when changing one that does not.
// The trail records "control.create" or "control.update" with the changes.
func (h *Home) PutControl(ctx context.Context, engID, actor string, c scope.Control, create bool) (scope.Control, error) {
	if err := requireActor(actor); err != nil {
		return scope.Control{}, err
	}
	c.Criteria = append([]string(nil), c.Criteria...)
	c.Normalize()
	if err := c.Validate(); err != nil {
		return scope.Control{}, err
	}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var old scope.Control
			err := getJSON(txn, controlKey(c.ID), &old)
			exists := err == nil
			if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
			switch {
			case create && exists:
				return audit.Errorf(audit.ECONFLICT, "control %s already exists", c.ID)
			case !create && !exists:
				return audit.Errorf(audit.ENOTFOUND, "no control %s", c.ID)
			}
			if err := setJSON(txn, controlKey(c.ID), c); err != nil {
				return err
			}
			if create {
				_, err = appendEvent(txn, time.Now(), actor, "control.create", "control/"+c.ID, c)
				return err
			}
			changes := c.Changes(old)
			if len(changes) == 0 {
				return nil
			}
			_, err = appendEvent(txn, time.Now(), actor, "control.update", "control/"+c.ID, changes)
			return err
		})
	})
	if err != nil {
		return scope.Control{}, coded(err, "save control %s in engagement %s", c.ID, engID)
	}
	return c, nil
}

// statusEvent is what a status change records in the trail.
type statusEvent struct {
	From     scope.Status `json:"from"`
	To       scope.Status `json:"to"`
	Comment  string       `json:"comment,omitempty"`
	Evidence string       `json:"evidence,omitempty"`
}

// SetRequestStatus moves a request along its workflow (received, accepted,
// flagged, resubmitted) with a comment, required for a flag. It returns
// ENOTFOUND for an unknown request and EINVALID for a move the workflow
// does not allow. The trail records "request.status".
func (h *Home) SetRequestStatus(ctx context.Context, engID, actor, requestID string, to scope.Status, comment string) (scope.Request, error) {
	if err := requireActor(actor); err != nil {
		return scope.Request{}, err
	}
	var r scope.Request
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var err error
			if r, err = getRequest(txn, requestID); err != nil {
				return err
			}
			from := r.Status
			now := time.Now().UTC()
			if err := r.Move(to, actor, comment, now); err != nil {
				return err
			}
			if err := setJSON(txn, requestKey(r.ID), r); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, "request.status", "request/"+r.ID, statusEvent{From: from, To: to, Comment: r.History[len(r.History)-1].Comment})
			return err
		})
	})
	if err != nil {
		return scope.Request{}, coded(err, "change status of request %s in engagement %s", requestID, engID)
	}
	return r, nil
}

// LinkEvidenceToRequest records that stored evidence answers a request: by
// a manifest, a folder or file name (the import), a pin, or by hand. The
// request lists the evidence and the evidence record names the request, so
// the Evidence table, coverage and the report read the same link. An open
// request becomes received, a flagged one resubmitted; other statuses stay.
// Linking the same evidence twice changes nothing. It returns ENOTFOUND for
// an unknown request or evidence. The trail records "request.link".
func (h *Home) LinkEvidenceToRequest(ctx context.Context, engID, requestID, evidenceID, actor string) (scope.Request, error) {
	return h.changeLink(ctx, engID, requestID, evidenceID, actor, true)
}

// UnlinkEvidenceFromRequest undoes a link: the request no longer lists the
// evidence, nor the evidence the request. A received request left with no
// evidence goes back to open; a reviewer's decision (accepted, flagged,
// resubmitted) stays. It returns ENOTFOUND when the two are not linked. The
// trail records "request.unlink".
func (h *Home) UnlinkEvidenceFromRequest(ctx context.Context, engID, requestID, evidenceID, actor string) (scope.Request, error) {
	return h.changeLink(ctx, engID, requestID, evidenceID, actor, false)
}

func (h *Home) changeLink(ctx context.Context, engID, requestID, evidenceID, actor string, link bool) (scope.Request, error) {
	if err := requireActor(actor); err != nil {
		return scope.Request{}, err
	}
	var r scope.Request
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var err error
			tw := &trailWriter{txn: txn}
			if link {
				r, err = linkRequest(tw, time.Now().UTC(), actor, requestID, evidenceID)
			} else {
				r, err = unlinkRequest(tw, time.Now().UTC(), actor, requestID, evidenceID)
			}
			return err
		})
	})
	if err != nil {
		verb, prep := "link", "to"
		if !link {
			verb, prep = "unlink", "from"
		}
		return scope.Request{}, coded(err, "%s evidence %s %s request %s in engagement %s", verb, evidenceID, prep, requestID, engID)
	}
	return r, nil
}

// linkRequest links evidence to a request inside txn (see
// LinkEvidenceToRequest).
func linkRequest(tw *trailWriter, now time.Time, actor, requestID, evidenceID string) (scope.Request, error) {
	r, ev, err := getLink(tw.txn, requestID, evidenceID)
	if err != nil || slices.Contains(r.Evidence, evidenceID) {
		return r, err
	}
	r.Evidence = append(r.Evidence, evidenceID)
	from := r.Status
	note := "evidence " + evidenceID + " linked"
	switch r.Status {
	case scope.Open:
		err = r.Move(scope.Received, actor, note, now)
	case scope.Flagged:
		err = r.Move(scope.Resubmitted, actor, note, now)
	}
	if err != nil {
		return r, err
	}
	if !slices.Contains(ev.Requests, requestID) {
		ev.Requests = append(ev.Requests, requestID)
	}
	return r, putLink(tw, now, actor, "request.link", r, ev, statusEvent{From: from, To: r.Status, Evidence: evidenceID})
}

// unlinkRequest removes a link inside txn (see UnlinkEvidenceFromRequest).
func unlinkRequest(tw *trailWriter, now time.Time, actor, requestID, evidenceID string) (scope.Request, error) {
	r, ev, err := getLink(tw.txn, requestID, evidenceID)
	if err != nil {
		return r, err
	}
	if !slices.Contains(r.Evidence, evidenceID) && !slices.Contains(ev.Requests, requestID) {
		return r, audit.Errorf(audit.ENOTFOUND, "evidence %s is not linked to request %s", evidenceID, requestID)
	}
	r.Evidence = slices.DeleteFunc(r.Evidence, func(id string) bool { return id == evidenceID })
	ev.Requests = slices.DeleteFunc(ev.Requests, func(id string) bool { return id == requestID })
	from := r.Status
	if len(r.Evidence) == 0 && r.Status == scope.Received {
		// The workflow has no move back; this undoes the move the link made.
		r.Status = scope.Open
		r.History = append(r.History, scope.StatusChange{Status: scope.Open, Actor: actor, At: now, Comment: "evidence " + evidenceID + " unlinked"})
	}
	return r, putLink(tw, now, actor, "request.unlink", r, ev, statusEvent{From: from, To: r.Status, Evidence: evidenceID})
}

func getLink(txn *badger.Txn, requestID, evidenceID string) (scope.Request, audit.Evidence, error) {
	var ev audit.Evidence
	r, err := getRequest(txn, requestID)
	if err != nil {
		return r, ev, err
	}
	if err := getJSON(txn, evidenceKey(evidenceID), &ev); errors.Is(err, badger.ErrKeyNotFound) {
		return r, ev, audit.Errorf(audit.ENOTFOUND, "no evidence %s", evidenceID)
	} else if err != nil {
		return r, ev, err
	}
	return r, ev, nil
}

func putLink(tw *trailWriter, now time.Time, actor, action string, r scope.Request, ev audit.Evidence, change statusEvent) error {
	if err := setJSON(tw.txn, requestKey(r.ID), r); err != nil {
		return err
	}
	if err := setJSON(tw.txn, evidenceKey(ev.ID), ev); err != nil {
		return err
	}
	_, err := tw.append(now, actor, action, "request/"+r.ID, change)
	return err
}

// Coverage joins the engagement's in-scope criteria, controls and requests;
// today (YYYY-MM-DD) decides which requests are overdue.
func (h *Home) Coverage(ctx context.Context, engID, today string) (scope.Coverage, error) {
	if _, err := audit.ParseDate("today", today); err != nil {
		return scope.Coverage{}, err
	}
	var e audit.Engagement
	var st scope.State
	var refs []scope.EvidenceRef
	var evs []audit.Evidence
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			if e, st, err = readScope(txn); err != nil {
				return err
			}
			if evs, err = readAll[audit.Evidence](txn, evidencePrefix); err != nil {
				return err
			}
			for _, ev := range evs {
				if len(ev.Controls) > 0 || len(ev.Requests) > 0 {
					refs = append(refs, scope.EvidenceRef{ID: ev.ID, Controls: ev.Controls, Requests: ev.Requests})
				}
			}
			return nil
		})
	})
	if err != nil {
		return scope.Coverage{}, coded(err, "read coverage of engagement %s", engID)
	}
	cv := scope.Cover(e.Categories, st.Controls, st.Requests, st.Texts, refs, today)
	cv.AddDates(&e, evs)
	return cv, nil
}

func getRequest(txn *badger.Txn, id string) (scope.Request, error) {
	var r scope.Request
	err := getJSON(txn, requestKey(id), &r)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return r, audit.Errorf(audit.ENOTFOUND, "no request %s", id)
	}
	r.Normalize()
	return r, err
}

func requireActor(actor string) error {
	if actor == "" {
		return audit.Errorf(audit.EINVALID, "actor is required: every change records who made it")
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
