package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// controlLinkEvent is what linking or unlinking evidence and a control
// records in the trail: the IDs, and the control's title and the file's
// name, which are what people read.
type controlLinkEvent struct {
	Control  string `json:"control"`
	Title    string `json:"title,omitempty"`
	Evidence string `json:"evidence"`
	File     string `json:"file"`
}

// LinkEvidenceToControl records by hand that stored evidence supports a
// control of the matrix, as a manifest's control_ids do at import. The
// evidence record names the control, which is what coverage, the control:
// search filter and `evidence list --control` read. Linking the same
// evidence twice changes nothing. It returns ENOTFOUND for an unknown
// control or evidence. The trail records "control.link".
func (h *Home) LinkEvidenceToControl(ctx context.Context, engID, controlID, evidenceID, actor string) (audit.Evidence, error) {
	return h.changeControlLink(ctx, engID, controlID, evidenceID, actor, true)
}

// UnlinkEvidenceFromControl undoes a link, whether made by hand or by a
// manifest; a control since removed from the matrix can still be unlinked.
// It returns ENOTFOUND when the two are not linked. The trail records
// "control.unlink".
func (h *Home) UnlinkEvidenceFromControl(ctx context.Context, engID, controlID, evidenceID, actor string) (audit.Evidence, error) {
	return h.changeControlLink(ctx, engID, controlID, evidenceID, actor, false)
}

func (h *Home) changeControlLink(ctx context.Context, engID, controlID, evidenceID, actor string, link bool) (audit.Evidence, error) {
	if err := requireActor(actor); err != nil {
		return audit.Evidence{}, err
	}
	controlID = strings.TrimSpace(controlID)
	var ev audit.Evidence
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if err := getJSON(txn, evidenceKey(evidenceID), &ev); errors.Is(err, badger.ErrKeyNotFound) {
				return audit.Errorf(audit.ENOTFOUND, "no evidence %s", evidenceID)
			} else if err != nil {
				return err
			}
			var c scope.Control
			err := getJSON(txn, controlKey(controlID), &c)
			known := err == nil
			if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
			action := "control.link"
			switch linked := slices.Contains(ev.Controls, controlID); {
			case link && !known:
				return audit.Errorf(audit.ENOTFOUND, "no control %s", controlID)
			case link && linked:
				return nil
			case link:
				ev.Controls = append(ev.Controls, controlID)
			case !linked:
				return audit.Errorf(audit.ENOTFOUND, "evidence %s is not linked to control %s", evidenceID, controlID)
			default:
				action = "control.unlink"
				ev.Controls = slices.DeleteFunc(ev.Controls, func(id string) bool { return id == controlID })
			}
			if err := setJSON(txn, evidenceKey(ev.ID), ev); err != nil {
				return err
			}
			_, err = appendEvent(txn, time.Now().UTC(), actor, action, "control/"+controlID,
				controlLinkEvent{Control: controlID, Title: c.Title, Evidence: ev.ID, File: ev.Name})
			return err
		})
	})
	if err != nil {
		verb, prep := "link", "to"
		if !link {
			verb, prep = "unlink", "from"
		}
		return audit.Evidence{}, coded(err, "%s evidence %s %s control %s in engagement %s", verb, evidenceID, prep, controlID, engID)
	}
	return ev, nil
}
