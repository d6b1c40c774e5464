package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one link of an engagement's trail: every change is recorded as an
// event, in the same transaction as the change, chained to the event before
// it by hash so that an edit or a removal anywhere breaks the chain.
type Event struct {
	Seq    uint64          `json:"seq"`    // 1, 2, 3 … without gaps
	Time   time.Time       `json:"time"`   // when the change was committed, UTC
	Actor  string          `json:"actor"`  // who made it
	Action string          `json:"action"` // what was done, e.g. "engagement.create"
	Object string          `json:"object"` // what it was done to, e.g. "engagement/eng_…"
	Change json.RawMessage `json:"change"` // the change itself, as JSON
	Digest string          `json:"digest"` // SHA-256 of Change, hex
	Prev   string          `json:"prev"`   // Hash of the event before; empty for the first
	Hash   string          `json:"hash"`   // SHA-256 over every field above, hex
}

// NewEvent builds the event that follows prev (nil for the first) and seals it.
func NewEvent(prev *Event, at time.Time, actor, action, object string, change any) (Event, error) {
	raw, err := json.Marshal(change)
	if err != nil {
		return Event{}, Wrap(EINTERNAL, err, "encode change for %s", action)
	}
	e := Event{Seq: 1, Time: at.UTC(), Actor: actor, Action: action, Object: object, Change: raw}
	if prev != nil {
		e.Seq = prev.Seq + 1
		e.Prev = prev.Hash
	}
	e.Digest = Digest(raw)
	e.Hash = e.ComputeHash()
	return e, nil
}

// Digest is the hex SHA-256 of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ComputeHash hashes every field but Hash. Each field is length-prefixed so
// that no two different events can share an encoding.
func (e *Event) ComputeHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	binary.BigEndian.PutUint64(n[:], e.Seq)
	h.Write(n[:])
	put(e.Time.UTC().Format(time.RFC3339Nano))
	put(e.Actor)
	put(e.Action)
	put(e.Object)
	put(e.Digest)
	put(e.Prev)
	return hex.EncodeToString(h.Sum(nil))
}

// Verification is the result of rechecking a trail.
type Verification struct {
	Intact  bool   `json:"intact"`             // every link checked out
	Events  uint64 `json:"events"`             // how many events were checked
	Head    string `json:"head"`               // hash of the last event checked
	BrokeAt uint64 `json:"broke_at,omitempty"` // sequence of the first broken event
	Reason  string `json:"reason,omitempty"`   // why it is broken
}

// Chain checks events one at a time, in the order they were stored.
type Chain struct {
	v    Verification
	prev *Event
}

// Add checks the next event and reports whether the chain is still intact.
// After the first break it records nothing more.
func (c *Chain) Add(e Event) bool {
	if c.v.BrokeAt != 0 {
		return false
	}
	want := uint64(1)
	prevHash := ""
	if c.prev != nil {
		want = c.prev.Seq + 1
		prevHash = c.prev.Hash
	}
	reason := ""
	switch {
	case e.Seq != want:
		reason = fmt.Sprintf("sequence is %d, expected %d (an event is missing or out of place)", e.Seq, want)
	case e.Prev != prevHash:
		reason = "previous hash does not match the event before it"
	case Digest(e.Change) != e.Digest:
		reason = "the recorded change does not match its digest"
	case e.ComputeHash() != e.Hash:
		reason = "event hash does not match its contents"
	}
	if reason != "" {
		c.v.BrokeAt = want
		c.v.Reason = reason
		return false
	}
	c.v.Events++
	c.v.Head = e.Hash
	c.prev = &e
	return true
}

// Result returns the verification so far.
func (c *Chain) Result() Verification {
	v := c.v
	v.Intact = v.BrokeAt == 0
	return v
}
