package store

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
)

// Pin stores a pin after checking that its evidence and its target exist.
// Pinning the same place to the same target again returns the stored pin
// and changes nothing. A pin to a request links the file to it as well
// (LinkEvidenceToRequest). The trail records "evidence.pin".
func (h *Home) Pin(ctx context.Context, engID, actor string, p audit.Pin) (audit.Pin, error) {
	if err := requireActor(actor); err != nil {
		return audit.Pin{}, err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return audit.Pin{}, err
	}
	p.PinnedBy, p.PinnedAt = actor, time.Now().UTC()
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var old audit.Pin
			switch err := getJSON(txn, pinKey(p.EvidenceID, p.ID), &old); {
			case err == nil:
				p = old
				return nil
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			if err := mustExist(txn, evidenceKey(p.EvidenceID), "no evidence file %s", p.EvidenceID); err != nil {
				return err
			}
			target := controlKey(p.TargetID)
			if p.Target == audit.PinRequest {
				target = requestKey(p.TargetID)
			}
			if err := mustExist(txn, target, "no %s %s", p.Target, p.TargetID); err != nil {
				return err
			}
			if err := setJSON(txn, pinKey(p.EvidenceID, p.ID), p); err != nil {
				return err
			}
			if _, err := appendEvent(txn, p.PinnedAt, actor, "evidence.pin", "evidence/"+p.EvidenceID, p); err != nil {
				return err
			}
			if p.Target == audit.PinRequest {
				// A file pinned to a request answers it.
				_, err := linkRequest(&trailWriter{txn: txn}, p.PinnedAt, actor, p.TargetID, p.EvidenceID)
				return err
			}
			return nil
		})
	})
	if err != nil {
		return audit.Pin{}, coded(err, "pin evidence %s to %s %s", p.EvidenceID, p.Target, p.TargetID)
	}
	return p, nil
}

// Unpin removes a pin. The trail records "evidence.unpin" with what it was.
func (h *Home) Unpin(ctx context.Context, engID, actor, evidenceID, pinID string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var p audit.Pin
			if err := getJSON(txn, pinKey(evidenceID, pinID), &p); err != nil {
				if errors.Is(err, badger.ErrKeyNotFound) {
					return audit.Errorf(audit.ENOTFOUND, "no pin %s on evidence %s", pinID, evidenceID)
				}
				return err
			}
			if err := txn.Delete(pinKey(evidenceID, pinID)); err != nil {
				return err
			}
			_, err := appendEvent(txn, time.Now(), actor, "evidence.unpin", "evidence/"+evidenceID, p)
			return err
		})
	})
	return coded(err, "remove pin %s from evidence %s", pinID, evidenceID)
}

// Pins lists the pins of one evidence file, or of every file when
// evidenceID is empty, ordered by file and then by place in the file.
func (h *Home) Pins(ctx context.Context, engID, evidenceID string) ([]audit.Pin, error) {
	return View(ctx, h, engID, func(s *Snapshot) ([]audit.Pin, error) { return s.Pins(evidenceID) })
}

// PinsTo lists the pins to one control or request.
func (h *Home) PinsTo(ctx context.Context, engID, target, targetID string) ([]audit.Pin, error) {
	return View(ctx, h, engID, func(s *Snapshot) ([]audit.Pin, error) { return s.PinsTo(target, targetID) })
}

func mustExist(txn *badger.Txn, key []byte, format string, args ...any) error {
	_, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return audit.Errorf(audit.ENOTFOUND, format, args...)
	}
	return err
}

func sortPins(pins []audit.Pin) {
	slices.SortFunc(pins, func(a, b audit.Pin) int {
		return cmp.Or(
			strings.Compare(a.EvidenceID, b.EvidenceID),
			cmp.Compare(a.Page, b.Page),
			strings.Compare(a.Sheet, b.Sheet),
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(a.Line, b.Line),
			strings.Compare(a.Target+"/"+a.TargetID, b.Target+"/"+b.TargetID),
		)
	})
}
