// Package packet carries findings to management and their responses back,
// offline, as files encrypted with a passphrase (age, with its scrypt
// recipient). A findings packet holds the issued findings, their criteria
// and the references to their evidence (name, hash, place), nothing else of
// the engagement; the compliance lead opens it in a responder copy of the
// engagement, answers, and sends back a response packet holding the
// answers and the content of any new evidence files.
//
// Format: an age file (https://age-encryption.org/v1) whose plaintext is one
// JSON document with "format": "auditroom-packet", "version": 1, "kind"
// ("findings" or "response"), the packet's "id" and the auditor's
// "engagement" ID, then the kind's own fields (see Findings and Response).
package packet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"auditroom/backend/agefile"
	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
)

// The format's name and version, and the kinds of packet.
const (
	Format       = "auditroom-packet"
	Version      = 1
	KindFindings = "findings"
	KindResponse = "response"
)

// MaxSize bounds a packet's plaintext, files included: it is read whole
// into memory, never to disk.
const MaxSize = 256 << 20

// minPassphrase is the shortest passphrase a packet is made with.
const minPassphrase = 8

// WorkFactor is the scrypt work factor new packets are made with
// (agefile.WorkFactor, age's default). Tests lower it.
var WorkFactor = agefile.WorkFactor

// Header is what every packet starts with.
type Header struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`         // fnd_… or rsp_…
	Engagement string    `json:"engagement"` // the auditor's engagement ID
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
}

// Findings is a findings packet: the auditor's issued findings for
// management to answer.
type Findings struct {
	Header
	Client      string            `json:"client"`
	Type        audit.ReportType  `json:"type"`
	PeriodStart string            `json:"period_start"`
	PeriodEnd   string            `json:"period_end"`
	Criteria    []scope.Criterion `json:"criteria"` // the criteria the findings name
	Findings    []IssuedFinding   `json:"findings"`
}

// IssuedFinding is a finding as management receives it: what it says and
// the version it is, without the auditor's workings (the evaluation, the
// rationale, tests and exceptions).
type IssuedFinding struct {
	ID             string                    `json:"id"`
	Version        string                    `json:"version"` // answer this version
	IssuedAt       time.Time                 `json:"issued_at"`
	Title          string                    `json:"title"`
	Condition      string                    `json:"condition"`
	Criteria       []string                  `json:"criteria"`
	Cause          string                    `json:"cause"`
	Effect         string                    `json:"effect"`
	Recommendation string                    `json:"recommendation"`
	Classification deficiency.Classification `json:"classification"`
	Owner          string                    `json:"owner"`
	Evidence       []findings.EvidenceRef    `json:"evidence"` // name, hash and place; never the content
}

// Response is a response packet: management's answers and the files sent
// with them.
type Response struct {
	Header
	Answers   string            `json:"answers"` // the findings packet answered
	Responses []findings.Answer `json:"responses"`
	Files     []File            `json:"files"`
}

// File is an evidence file sent with a response.
type File struct {
	EvidenceID string    `json:"evidence_id"`
	Name       string    `json:"name"`
	SHA256     string    `json:"sha256"`
	ModTime    time.Time `json:"mod_time"`
	Content    []byte    `json:"content"` // base64 in the JSON
}

// seal encrypts v as JSON with passphrase and writes it to path, through a
// file next to it renamed into place, so that no half packet is left. The
// file holds only ciphertext. It returns the file's SHA-256.
func seal(path, passphrase string, v any) (string, error) {
	if utf8.RuneCountInString(passphrase) < minPassphrase {
		return "", audit.Errorf(audit.EINVALID, "the packet passphrase must be at least %d characters", minPassphrase)
	}
	if _, err := os.Lstat(path); err == nil {
		return "", audit.Errorf(audit.ECONFLICT, "%s already exists: choose another file name", path)
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "encode packet")
	}
	if len(plain) > MaxSize {
		return "", audit.Errorf(audit.EINVALID, "the packet would be %d MiB, more than the %d MiB a packet may hold: send fewer or smaller files", len(plain)>>20, MaxSize>>20)
	}
	var out bytes.Buffer
	w, err := agefile.Encrypt(&out, passphrase, WorkFactor)
	if err != nil {
		return "", audit.Wrap(audit.EINVALID, err, "packet passphrase")
	}
	if _, err := w.Write(plain); err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "encrypt packet")
	}
	if err := w.Close(); err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "encrypt packet")
	}
	err = agefile.WriteNew(path, func(f io.Writer) error { _, err := f.Write(out.Bytes()); return err })
	if errors.Is(err, agefile.ErrExists) {
		return "", audit.Errorf(audit.ECONFLICT, "%s already exists: choose another file name", path)
	}
	if err != nil {
		return "", audit.Wrap(audit.EINVALID, err, "cannot write %s", path)
	}
	sum := sha256.Sum256(out.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

// opened is a decrypted packet: its header, its JSON and the file's hash.
type opened struct {
	Header
	plain      []byte
	fileSHA256 string
	file       string
}

// open reads and decrypts the packet at path and checks its header. A
// wrong passphrase is EPASSPHRASE; a file that is not a packet, or that
// was damaged or altered, is EINVALID. Nothing is decided before the
// whole file has decrypted and authenticated.
func open(path, passphrase string) (opened, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return opened{}, audit.Wrap(audit.EINVALID, err, "cannot read %s", path)
	}
	defer f.Close()
	if passphrase == "" {
		return opened{}, audit.Errorf(audit.EPASSPHRASE, "give the passphrase of packet %s", name)
	}
	hash := sha256.New()
	r, err := agefile.Decrypt(io.TeeReader(io.LimitReader(f, MaxSize+1<<20), hash), passphrase)
	if err != nil {
		return opened{}, decryptError(name, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return opened{}, decryptError(name, err)
	}
	if len(plain) > MaxSize {
		return opened{}, audit.Errorf(audit.EINVALID, "%s holds more than the %d MiB a packet may hold", name, MaxSize>>20)
	}
	if n, _ := io.Copy(io.Discard, f); n > 0 {
		return opened{}, audit.Errorf(audit.EINVALID, "%s is larger than a packet may be", name)
	}
	o := opened{plain: plain, fileSHA256: hex.EncodeToString(hash.Sum(nil)), file: name}
	if err := json.Unmarshal(plain, &o.Header); err != nil || o.Format != Format {
		return opened{}, audit.Errorf(audit.EINVALID, "%s is not an Audit Room packet", name)
	}
	if o.Version != Version {
		return opened{}, audit.Errorf(audit.EINVALID, "%s is a version %d packet; this Audit Room reads version %d", name, o.Version, Version)
	}
	if o.ID == "" || o.Engagement == "" {
		return opened{}, audit.Errorf(audit.EINVALID, "%s names no packet ID or engagement", name)
	}
	return o, nil
}

func decryptError(name string, err error) error {
	if agefile.WrongPassphrase(err) {
		return audit.Wrap(audit.EPASSPHRASE, err, "the passphrase does not open packet %s", name)
	}
	return audit.Wrap(audit.EINVALID, err, "%s is not an intact packet: it is damaged, cut short or was altered after it was made; nothing was taken from it", name)
}

// decode reads the packet's body strictly: unknown fields mean a format
// this version does not know.
func decode(o opened, kind string, v any) error {
	if o.Kind != kind {
		return audit.Errorf(audit.EINVALID, "%s is a %s packet, not a %s packet", o.file, o.Kind, kind)
	}
	d := json.NewDecoder(bytes.NewReader(o.plain))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return audit.Wrap(audit.EINVALID, err, "%s does not hold a well-formed %s packet", o.file, kind)
	}
	return nil
}

func header(kind, id, engagement, actor string) Header {
	return Header{Format: Format, Version: Version, Kind: kind, ID: id, Engagement: engagement, CreatedAt: time.Now().UTC(), CreatedBy: actor}
}

// truncate cuts s to at most n characters, for names built from others.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
