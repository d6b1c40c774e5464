package store

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
)

// PacketRecord is what an engagement keeps of a packet it exported,
// opened or imported: the chain of custody of findings and responses.
type PacketRecord struct {
	ID         string           `json:"id"`
	Kind       string           `json:"kind"`      // "findings" or "response"
	Direction  string           `json:"direction"` // "exported", "opened" or "imported"
	File       string           `json:"file"`      // the file's name
	FileSHA256 string           `json:"file_sha256"`
	Findings   []FindingVersion `json:"findings"` // what it carried
	At         time.Time        `json:"at"`
	By         string           `json:"by"`
}

// FindingVersion names one version of a finding.
type FindingVersion struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// RecordPacket records a packet exported from an engagement. The trail
// records "packet.export".
func (h *Home) RecordPacket(ctx context.Context, engID, actor string, rec PacketRecord) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if err := setJSON(txn, packetKey(rec.ID), rec); err != nil {
				return err
			}
			_, err := appendEvent(txn, rec.At, actor, "packet.export", "packet/"+rec.ID, rec)
			return err
		})
	})
	return coded(err, "record packet %s in engagement %s", rec.ID, engID)
}

// Packets lists the packets an engagement exported, opened or imported,
// oldest first.
func (h *Home) Packets(ctx context.Context, engID string) ([]PacketRecord, error) {
	list, err := records[PacketRecord](ctx, h, engID, packetPrefix)
	slices.SortFunc(list, func(a, b PacketRecord) int { return a.At.Compare(b.At) })
	return list, coded(err, "list packets of engagement %s", engID)
}

// ResponderCopy is what a findings packet brings to the compliance lead's
// data folder.
type ResponderCopy struct {
	Engagement audit.Engagement   // client, type, period; Origin is the auditor's engagement
	Findings   []findings.Finding // as issued
	Packet     PacketRecord
}

// OpenResponderCopy makes (or brings up to date) the responder copy of an
// auditor's engagement: an engagement with the Responder role holding the
// issued findings of the packet, and nothing else of the audit. A second
// packet from the same engagement goes into the same copy, replacing the
// findings it carries and keeping any responses written. Opening the same
// packet again changes nothing. The trail of the copy records
// "engagement.create" and "packet.open".
func (h *Home) OpenResponderCopy(ctx context.Context, actor string, c ResponderCopy) (audit.Engagement, error) {
	if err := requireActor(actor); err != nil {
		return audit.Engagement{}, err
	}
	e := c.Engagement
	e.Role = audit.Responder
	if e.Origin == "" {
		return audit.Engagement{}, audit.Errorf(audit.EINVALID, "the packet names no engagement")
	}
	list, err := h.Engagements(ctx)
	if err != nil {
		return audit.Engagement{}, err
	}
	i := slices.IndexFunc(list, func(x audit.Engagement) bool { return x.Role == audit.Responder && x.Origin == e.Origin })
	if i >= 0 {
		e = list[i]
	} else if e, err = h.CreateEngagement(ctx, actor, e); err != nil {
		return audit.Engagement{}, err
	}
	err = h.withEngagement(ctx, e.ID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if _, err := txn.Get(packetKey(c.Packet.ID)); err == nil {
				return nil // opened before
			} else if !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
			for _, f := range c.Findings {
				if err := setJSON(txn, findingKey(f.ID), f); err != nil {
					return err
				}
			}
			if err := setJSON(txn, packetKey(c.Packet.ID), c.Packet); err != nil {
				return err
			}
			_, err := appendEvent(txn, c.Packet.At, actor, "packet.open", "packet/"+c.Packet.ID, c.Packet)
			return err
		})
	})
	if err != nil {
		return audit.Engagement{}, coded(err, "open packet %s", c.Packet.ID)
	}
	return e, nil
}

// SaveAnswer stores the compliance lead's answer to a finding in a
// responder copy: it answers the finding's version as received, and its
// evidence must already be imported. Saving the same answer again changes
// nothing. The trail records "response.save".
func (h *Home) SaveAnswer(ctx context.Context, engID, actor string, a findings.Answer) (findings.Response, error) {
	if err := requireActor(actor); err != nil {
		return findings.Response{}, err
	}
	var r findings.Response
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var e audit.Engagement
			if err := getJSON(txn, engagementKey, &e); err != nil {
				return err
			}
			if e.Role != audit.Responder {
				return audit.Errorf(audit.EINVALID, "engagement %s is the auditor's: responses are written in the responder copy opened from a findings packet", engID)
			}
			f, err := getFinding(txn, a.FindingID)
			if err != nil {
				return err
			}
			a.FindingVersion = f.Version
			a.RespondedAt = time.Now().UTC()
			a.Normalize()
			for i, ev := range a.Evidence {
				var stored audit.Evidence
				if err := getJSON(txn, evidenceKey(ev.EvidenceID), &stored); errors.Is(err, badger.ErrKeyNotFound) {
					return audit.Errorf(audit.ENOTFOUND, "no evidence file %s", ev.EvidenceID)
				} else if err != nil {
					return err
				}
				a.Evidence[i] = findings.ResponseEvidence{EvidenceID: stored.ID, Name: stored.Name, SHA256: stored.SHA256, Size: stored.Size}
			}
			if err := a.Validate(); err != nil {
				return err
			}
			old, err := getResponse(txn, f.ID)
			if err != nil {
				return err
			}
			if old != nil {
				same := old.Answer
				same.RespondedAt = a.RespondedAt
				if same.Same(a) {
					r = *old
					return nil
				}
			}
			r = findings.Response{Answer: a}
			if err := setJSON(txn, responseKey(f.ID), r); err != nil {
				return err
			}
			_, err = appendEvent(txn, a.RespondedAt, actor, "response.save", "finding/"+f.ID, a)
			return err
		})
	})
	if err != nil {
		return findings.Response{}, coded(err, "save the response to %s in engagement %s", a.FindingID, engID)
	}
	return r, nil
}

// PlanResponses says, without changing anything, what TakeResponses would
// do with the answers of a response packet, so that the evidence of the
// answers to be taken in can be imported first. It returns ENOTFOUND when
// an answer names a finding the engagement does not have.
func (h *Home) PlanResponses(ctx context.Context, engID string, answers []findings.Answer, confirm []string) (findings.ImportResult, error) {
	var res findings.ImportResult
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			res, _, err = planResponses(txn, engID, answers, confirm)
			return err
		})
	})
	return res, coded(err, "check the responses for engagement %s", engID)
}

// planned is one answer to take in, with the finding it answers.
type planned struct {
	answer    findings.Answer
	finding   findings.Finding
	confirmed bool
}

func planResponses(txn *badger.Txn, engID string, answers []findings.Answer, confirm []string) (findings.ImportResult, []planned, error) {
	res := findings.ImportResult{Applied: []string{}, Confirmed: []string{}, Unchanged: []string{}, Conflicts: []findings.Conflict{}}
	if _, _, err := auditorFindings(txn, engID); err != nil {
		return res, nil, err
	}
	var todo []planned
	for _, a := range answers {
		f, err := getFinding(txn, a.FindingID)
		if audit.ErrorCode(err) == audit.ENOTFOUND {
			return res, nil, audit.Errorf(audit.ENOTFOUND, "the packet answers finding %s, which engagement %s does not have", a.FindingID, engID)
		} else if err != nil {
			return res, nil, err
		}
		stored, err := getResponse(txn, f.ID)
		if err != nil {
			return res, nil, err
		}
		switch out, c := findings.Check(f, stored, a); out {
		case findings.Unchanged:
			res.Unchanged = append(res.Unchanged, f.ID)
		case findings.Apply:
			res.Applied = append(res.Applied, f.ID)
			todo = append(todo, planned{a, f, false})
		case findings.Conflicted:
			if c.Confirmable && slices.Contains(confirm, f.ID) {
				res.Applied = append(res.Applied, f.ID)
				res.Confirmed = append(res.Confirmed, f.ID)
				todo = append(todo, planned{a, f, true})
			} else {
				res.Conflicts = append(res.Conflicts, *c)
			}
		}
	}
	return res, todo, nil
}

// receiveEvent is what taking in a response records in the trail.
type receiveEvent struct {
	PacketID  string                 `json:"packet_id"`
	Answer    findings.Answer        `json:"answer"`
	Confirmed *findings.Confirmation `json:"confirmed,omitempty"`
}

// TakeResponses takes in the answers of a response packet, all in one
// transaction: each answer to the finding version it names is stored and
// an issued finding moves to response received. An answer to a finding
// that changed since that version, or was reopened, is a conflict: it is
// stored only when its finding is in confirm, and otherwise returned in
// the result's conflicts with nothing changed for it. Answers already
// stored change nothing, so taking in the same packet twice changes
// nothing. The evidence the answers name must be imported first. The
// trail records "response.receive" and "finding.status" for each finding
// changed and "packet.import" for the packet.
func (h *Home) TakeResponses(ctx context.Context, engID, actor string, rec PacketRecord, answers []findings.Answer, confirm []string) (findings.ImportResult, error) {
	if err := requireActor(actor); err != nil {
		return findings.ImportResult{}, err
	}
	var res findings.ImportResult
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			var todo []planned
			var err error
			if res, todo, err = planResponses(txn, engID, answers, confirm); err != nil || len(todo) == 0 {
				return err
			}
			now := time.Now().UTC()
			for _, p := range todo {
				for _, ev := range p.answer.Evidence {
					if err := mustExist(txn, evidenceKey(ev.EvidenceID), "evidence %s of the response to %s was not imported", ev.Name, p.finding.ID); err != nil {
						return err
					}
				}
				r := findings.Response{Answer: p.answer, PacketID: rec.ID, ReceivedAt: &now, ReceivedBy: actor}
				if p.confirmed {
					r.Confirmed = &findings.Confirmation{By: actor, At: now, Version: p.finding.Version}
				}
				if err := setJSON(txn, responseKey(p.finding.ID), r); err != nil {
					return err
				}
				if _, err := appendEvent(txn, now, actor, "response.receive", "finding/"+p.finding.ID, receiveEvent{PacketID: rec.ID, Answer: p.answer, Confirmed: r.Confirmed}); err != nil {
					return err
				}
				f := p.finding
				s, moved, err := f.Received(actor, rec.ID, now)
				if err != nil && !p.confirmed {
					return err
				}
				if moved {
					if err := setJSON(txn, findingKey(f.ID), f); err != nil {
						return err
					}
					if _, err := appendEvent(txn, now, actor, "finding.status", "finding/"+f.ID, s); err != nil {
						return err
					}
				}
			}
			rec.At, rec.By = now, actor
			if err := setJSON(txn, packetKey(rec.ID), rec); err != nil {
				return err
			}
			_, err = appendEvent(txn, now, actor, "packet.import", "packet/"+rec.ID, struct {
				PacketRecord
				Result findings.ImportResult `json:"result"`
			}{rec, res})
			return err
		})
	})
	if err != nil {
		return findings.ImportResult{}, coded(err, "take in the responses of packet %s", rec.ID)
	}
	res.PacketID = rec.ID
	return res, nil
}

// NewPacketID draws a packet ID: prefix and 16 random base32 characters.
func NewPacketID(prefix string) (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "read random packet id")
	}
	return prefix + idEncoding.EncodeToString(b[:]), nil
}
