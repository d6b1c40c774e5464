package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
)

// ObjectNames is the read model that puts names on the objects of the
// trail and elsewhere ("evidence/<id>", "test/<id>", "sample/<id>",
// "population/<id>"): the file name, the control and test title, the
// population's name. It maps each object it can name to its name; an
// object it cannot (a control or finding, whose ID is what people use, or
// one since removed) is left out, and its ID is shown.
func (h *Home) ObjectNames(ctx context.Context, engID string, objects []string) (map[string]string, error) {
	names := map[string]string{}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			for _, o := range objects {
				if _, done := names[o]; done {
					continue
				}
				kind, id, _ := strings.Cut(o, "/")
				name, err := objectName(txn, kind, id)
				if audit.ErrorCode(err) == audit.ENOTFOUND || errors.Is(err, badger.ErrKeyNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if name != "" {
					names[o] = name
				}
			}
			return nil
		})
	})
	return names, coded(err, "name the objects of engagement %s", engID)
}

func objectName(txn *badger.Txn, kind, id string) (string, error) {
	switch kind {
	case "evidence":
		var ev audit.Evidence
		if err := getJSON(txn, evidenceKey(id), &ev); err != nil {
			return "", err
		}
		return ev.Name, nil
	case "test":
		t, err := getTest(txn, id)
		if err != nil {
			return "", err
		}
		return t.Control + " " + t.Name(), nil
	case "sample":
		s, err := getSample(txn, id)
		if err != nil {
			return "", err
		}
		p, err := getPopulation(txn, s.PopulationID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s sample of %d from %s", s.Method, len(s.Items), p.Name), nil
	case "population":
		p, err := getPopulation(txn, id)
		if err != nil {
			return "", err
		}
		return p.Name, nil
	}
	return "", nil
}
