// Package backup copies an engagement out of a data folder into one
// encrypted file and back into any data folder.
//
// Format: an age file (backend/agefile, a passphrase's scrypt recipient)
// whose plaintext is the line "auditroom-backup 1\n" and then frames, each
// a tag byte and length-prefixed (uvarint) fields:
//
//	'H' JSON Header: the engagement, when and by whom the backup was made
//	'E' key, value: one entry of the engagement's database, in key order
//	    (store.Dump): every record, trail event, evidence chunk and text part
//	'M' JSON Manifest, last: each part's entry count and SHA-256, the trail head
//
// The parts are "records" (every entry but the trail and the content),
// "trail" (trail/… entries), and "evidence/<id>" for each file's content,
// whose SHA-256 is the file's own, as its record states. A record or trail
// part's SHA-256 is over each entry's key and value, each preceded by its
// length as a uvarint.
package backup

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"auditroom/backend/agefile"
	"auditroom/backend/audit"
	"auditroom/backend/store"
)

const (
	magic   = "auditroom-backup 1\n"
	Format  = "auditroom-backup"
	Version = 1
)

// Header opens a backup.
type Header struct {
	Format     string           `json:"format"`
	Version    int              `json:"version"`
	Engagement audit.Engagement `json:"engagement"`
	CreatedAt  time.Time        `json:"created_at"`
	CreatedBy  string           `json:"created_by"`
}

// Manifest closes a backup: what a restore checks everything against.
type Manifest struct {
	Entries   int    `json:"entries"`
	Parts     []Part `json:"parts"`
	TrailSeq  uint64 `json:"trail_seq"`  // the last event's sequence
	TrailHead string `json:"trail_head"` // and its hash
}

// Part is one checked part of a backup.
type Part struct {
	Name    string `json:"name"`
	Entries int    `json:"entries"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
}

// Result describes a backup written.
type Result struct {
	File         string `json:"file"`
	EngagementID string `json:"engagement_id"`
	Name         string `json:"name"`
	Entries      int    `json:"entries"`
	Evidence     int    `json:"evidence"` // files whose content it holds
	Bytes        int64  `json:"bytes"`    // the file's size
	SHA256       string `json:"sha256"`   // the file's
	TrailSeq     uint64 `json:"trail_seq"`
	TrailHead    string `json:"trail_head"`
}

// Write writes a backup of engagement engID to path, a new file, encrypted
// with passphrase at age's scrypt work factor (0: agefile.WorkFactor). It
// reads the engagement from one snapshot.
func Write(ctx context.Context, h *store.Home, engID, actor, path, passphrase string, workFactor int) (Result, error) {
	e, err := h.Engagement(ctx, engID)
	if err != nil {
		return Result{}, err
	}
	if len([]rune(passphrase)) < 8 {
		return Result{}, audit.Errorf(audit.EINVALID, "the backup passphrase must be at least 8 characters")
	}
	res := Result{File: path, EngagementID: e.ID, Name: e.Name}
	var m Manifest
	fileHash := sha256.New()
	err = agefile.WriteNew(path, func(f io.Writer) error {
		out := bufio.NewWriterSize(io.MultiWriter(f, fileHash), 1<<20)
		w, err := agefile.Encrypt(out, passphrase, workFactor)
		if err != nil {
			return err
		}
		fw := &frameWriter{w: w}
		fw.raw([]byte(magic))
		fw.json('H', Header{Format: Format, Version: Version, Engagement: e, CreatedAt: time.Now().UTC(), CreatedBy: actor})
		parts := newParts()
		err = h.Dump(ctx, engID, func(en store.Entry) error {
			parts.add(en)
			fw.frame('E', en.Key, en.Value)
			return fw.err
		})
		if err != nil {
			return err
		}
		m = parts.manifest()
		fw.json('M', m)
		if fw.err != nil {
			return fw.err
		}
		if err := w.Close(); err != nil {
			return err
		}
		return out.Flush()
	})
	if errors.Is(err, agefile.ErrExists) {
		return Result{}, audit.Errorf(audit.ECONFLICT, "%s already exists: choose another file name", path)
	}
	if err != nil {
		var ae *audit.Error
		if errors.As(err, &ae) {
			return Result{}, err
		}
		return Result{}, audit.Wrap(audit.EINVALID, err, "cannot write backup %s", path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return Result{}, audit.Wrap(audit.EINVALID, err, "cannot read backup %s", path)
	}
	res.Entries, res.Bytes, res.SHA256 = m.Entries, info.Size(), hex.EncodeToString(fileHash.Sum(nil))
	res.TrailSeq, res.TrailHead = m.TrailSeq, m.TrailHead
	res.Evidence = m.evidenceFiles()
	return res, nil
}

// frameWriter writes frames, keeping the first error.
type frameWriter struct {
	w   io.Writer
	err error
}

func (fw *frameWriter) raw(b []byte) {
	if fw.err == nil {
		_, fw.err = fw.w.Write(b)
	}
}

func (fw *frameWriter) frame(tag byte, fields ...[]byte) {
	fw.raw([]byte{tag})
	for _, f := range fields {
		fw.raw(binary.AppendUvarint(nil, uint64(len(f))))
		fw.raw(f)
	}
}

func (fw *frameWriter) json(tag byte, v any) {
	b, err := json.Marshal(v)
	if err != nil && fw.err == nil {
		fw.err = err
	}
	fw.frame(tag, b)
}

// parts hashes entries into the manifest's parts as they pass, in key
// order: content chunks of one file are consecutive.
type parts struct {
	list    []Part
	hashes  []hash.Hash
	byName  map[string]int
	entries int
	chain   audit.Chain
	last    audit.Event
	evSHA   map[string]audit.Evidence // evidence ID → its record, whose SHA-256 the content must have
	badRead error                     // a trail event or evidence record that does not decode
}

func newParts() *parts {
	return &parts{byName: map[string]int{}, evSHA: map[string]audit.Evidence{}}
}

// partOf names the part an entry belongs to, and whether its own bytes
// (a content chunk) are hashed rather than its framed key and value.
func partOf(key []byte) (string, bool) {
	switch kind, id := store.KeyKind(key); kind {
	case store.KindTrail:
		return "trail", false
	case store.KindContent:
		return evidencePart + id, true
	}
	return "records", false
}

// evidencePart prefixes the name of a file's content part.
const evidencePart = "evidence/"

// evidenceFiles counts the files whose content the manifest lists.
func (m Manifest) evidenceFiles() int {
	n := 0
	for _, p := range m.Parts {
		if strings.HasPrefix(p.Name, evidencePart) {
			n++
		}
	}
	return n
}

func (p *parts) add(e store.Entry) {
	p.entries++
	name, content := partOf(e.Key)
	i, ok := p.byName[name]
	if !ok {
		i = len(p.list)
		p.byName[name] = i
		p.list = append(p.list, Part{Name: name})
		p.hashes = append(p.hashes, sha256.New())
	}
	p.list[i].Entries++
	p.list[i].Bytes += int64(len(e.Value))
	h := p.hashes[i]
	if content {
		h.Write(e.Value)
	} else {
		h.Write(binary.AppendUvarint(nil, uint64(len(e.Key))))
		h.Write(e.Key)
		h.Write(binary.AppendUvarint(nil, uint64(len(e.Value))))
		h.Write(e.Value)
	}
	switch {
	case name == "trail":
		var ev audit.Event
		if err := json.Unmarshal(e.Value, &ev); err != nil {
			p.badRead = fmt.Errorf("trail event %d does not decode", p.list[i].Entries)
			return
		}
		p.chain.Add(ev)
		p.last = ev
	case isEvidenceRecord(e.Key):
		var ev audit.Evidence
		if err := json.Unmarshal(e.Value, &ev); err != nil {
			p.badRead = fmt.Errorf("evidence record %s does not decode", e.Key)
			return
		}
		p.evSHA[ev.ID] = ev
	}
}

func isEvidenceRecord(key []byte) bool {
	kind, _ := store.KeyKind(key)
	return kind == store.KindEvidence
}

func (p *parts) manifest() Manifest {
	m := Manifest{Entries: p.entries, Parts: make([]Part, len(p.list)), TrailSeq: p.last.Seq, TrailHead: p.last.Hash}
	for i, part := range p.list {
		part.SHA256 = hex.EncodeToString(p.hashes[i].Sum(nil))
		m.Parts[i] = part
	}
	return m
}

// check compares what was read with the manifest the backup ends with and
// with itself: the trail's chain, and each file's content against the
// SHA-256 its record states. It returns the reason of the first mismatch.
func (p *parts) check(want Manifest) error {
	if p.badRead != nil {
		return p.badRead
	}
	got := p.manifest()
	if got.Entries != want.Entries {
		return fmt.Errorf("it holds %d entries, its manifest lists %d", got.Entries, want.Entries)
	}
	if len(got.Parts) != len(want.Parts) {
		return fmt.Errorf("it holds %d parts, its manifest lists %d", len(got.Parts), len(want.Parts))
	}
	for i, g := range got.Parts {
		if g != want.Parts[i] {
			return fmt.Errorf("part %s does not match its SHA-256 in the manifest", want.Parts[i].Name)
		}
	}
	if v := p.chain.Result(); !v.Intact {
		return fmt.Errorf("its trail is broken at event %d: %s", v.BrokeAt, v.Reason)
	}
	if got.TrailSeq != want.TrailSeq || got.TrailHead != want.TrailHead {
		return fmt.Errorf("its trail ends at event %d, its manifest says %d", got.TrailSeq, want.TrailSeq)
	}
	for id, ev := range p.evSHA {
		i, ok := p.byName[evidencePart+id]
		if !ok {
			if ev.Size == 0 {
				continue // an empty file has no chunks
			}
			return fmt.Errorf("the content of evidence %s is missing", id)
		}
		if got.Parts[i].SHA256 != ev.SHA256 {
			return fmt.Errorf("the content of evidence %s does not hash to the SHA-256 its record states", id)
		}
	}
	return nil
}

// DefaultFile is the name offered for a backup of e made at t.
func DefaultFile(e audit.Engagement, t time.Time) string {
	return fmt.Sprintf("%s-%s.age", e.ID, t.UTC().Format("20060102T150405Z"))
}

// base is how errors name a backup file.
func base(path string) string { return filepath.Base(path) }
