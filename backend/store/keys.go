// Package store keeps Audit Room's data: a home database listing the
// engagements, and one encrypted Badger database per engagement.
//
// Data folder layout (DIR is the folder chosen with --data):
//
//	DIR/auditroom.json          key-derivation settings, nothing secret and no names:
//	                            {"format":1,"kdf":"argon2id","salt":"<base64 16 bytes>",
//	                             "time":3,"memory_kib":65536,"threads":4}
//	DIR/home/                   Badger, encrypted with the passphrase key (Argon2id):
//	                            the engagement registry
//	DIR/engagements/<id>/db/    Badger per engagement, encrypted with that engagement's
//	                            own random 32-byte data key, kept in the home database
//	DIR/engagements/<id>/index/ the Bleve index, derived from the db; its segments are
//	                            encrypted with a key derived from the data key
//	DIR/backups/<id>/<time>.age scheduled backups (backend/backup), age-encrypted with
//	                            the passphrase; the newest backups_kept (auditroom.json,
//	                            default 5) are kept
//	DIR/.passphrase-change/     only during a passphrase change (rekey.go): the new
//	                            KEYREGISTRY and auditroom.json, moved into place from there
//
// auditroom.json is written last by Create, so a folder without it holds
// nothing anyone could open.
//
// This file is the one place every key is described. Keys are bytes; the
// parts shown in <> are filled in by the functions below.
//
// Home database (DIR/home):
//
//	engagement/<id>   JSON registration: the engagement as listed, and the
//	                  data key of its database. Written after the engagement's
//	                  own database, so an engagement folder without a
//	                  registration is the leftover of a crash and is ignored.
//
// Engagement database (DIR/engagements/<id>/db):
//
//	engagement        JSON audit.Engagement, the source of truth for the engagement
//	trail/<seq>       JSON audit.Event; seq is 8 bytes big-endian so that keys
//	                  sort in sequence order. Events are only ever appended,
//	                  in the same transaction as the change they record.
//	ev/<id>           JSON audit.Evidence; id is the first 24 hex digits of the
//	                  content's SHA-256. Written last, in one transaction with
//	                  its provenance and trail event: it is what makes the
//	                  content, parts and thumbnail below visible.
//	evprov/<id>/<p>   JSON audit.Provenance of one copy; p = ProvenanceKey(pack
//	                  hash, path), so re-importing a pack finds its copies.
//	evblob/<id>/<n>   the content, in chunks of at most 1 MiB; n is 4 bytes
//	                  big-endian; zstd-compressed when that is smaller, marked
//	                  in the entry's user-meta byte (compress.go)
//	evpart/<id>/<n>   JSON audit.Part, the extracted text in order, with where
//	                  each of its rows, lines and records starts (marks);
//	                  compressed as evblob is
//	evthumb/<id>      PNG thumbnail of an image
//	evindexed/<id>    the search mapping version the evidence was indexed with;
//	                  evidence without it (a kill or a full disk before the
//	                  index reached the disk) is indexed at the next open
//	                  of the index or import, and verify lists it
//	evkids/<id>       4-byte big-endian count of the attachments of a file whose
//	                  attachments may not all be stored yet: written with its
//	                  record, deleted once they are committed
//	control/<id>      JSON scope.Control, one row of the control matrix; id is the
//	                  organisation's own control ID
//	request/<id>      JSON scope.Request, one PBC request with its status history
//	                  and the IDs of the evidence linked to it; each of those
//	                  evidence records names the request too (both written in
//	                  one transaction)
//	tsctext/<id>      JSON scope.CriterionText, the criterion wording the user
//	                  imported from their own file (never bundled); id is e.g. CC6.1
//	pin/<ev>/<id>     JSON audit.Pin: a place in evidence file ev pinned to a
//	                  control or request; id is derived from what is pinned where
//	pop/<id>          JSON population.Population: the evidence file it was read
//	                  from, its columns, filters, row count, hash and completeness checks;
//	                  id is "pop_" and 12 base32 letters. Written last, in one
//	                  transaction with its trail event, after its rows.
//	poprow/<id>/<n>   JSON array of population.Row: a chunk of the population's
//	                  rows in order, the first being row n (8 bytes big-endian,
//	                  from 0); up to 1024 rows or about 128 KB, so the row at
//	                  index i is in the last chunk whose n ≤ i. Each row holds
//	                  its key, date, amount, stratum, hash and cells. Written
//	                  in batches before pop/<id>; a read that fails removes
//	                  the rows it wrote, and rows a crash left without their
//	                  pop/<id> are never read.
//	sample/<id>       JSON selection.Sample: the population and its hash, the
//	                  method, algorithm, seed and sizes, the sampling plan (why
//	                  this size), and the ordered items
//	                  with their rows, keys and row hashes; id is "smp_" and 12
//	                  base32 letters
//	test/<id>         JSON controltest.Test: a control's test procedure,
//	                  attributes, linked sample, grid cells (result, note,
//	                  pinned evidence), the population columns its grid shows
//	                  and sign-offs; id is "tst_" and 12 base32 letters
//	finding/<id>      JSON findings.Finding; id is F-001, F-002 …, numbered in the
//	                  order created. In a responder copy: the finding as issued.
//	response/<id>     JSON findings.Response: management's response to finding id,
//	                  the latest one (earlier ones are in the trail)
//	packet/<id>       JSON store.PacketRecord: a findings or response packet this
//	                  engagement exported, opened or imported; id is the packet's
//	                  own (fnd_… or rsp_…), so a packet opened twice is seen
package store

import (
	"encoding/binary"
	"path/filepath"
	"strings"
)

// Files and folders inside the data folder.
const (
	settingsFile   = "auditroom.json"
	homeFolder     = "home"
	engagementsDir = "engagements"
	dbFolder       = "db"
)

// Home database keys.
var registrationPrefix = []byte("engagement/")

func registrationKey(id string) []byte {
	return append(append([]byte{}, registrationPrefix...), id...)
}

// Engagement database keys.
var (
	engagementKey = []byte("engagement")
	trailPrefix   = []byte("trail/")
)

func trailKey(seq uint64) []byte {
	k := make([]byte, len(trailPrefix)+8)
	copy(k, trailPrefix)
	binary.BigEndian.PutUint64(k[len(trailPrefix):], seq)
	return k
}

// trailSeq returns the sequence a trail key holds, and false for a key that
// is not one.
func trailSeq(key []byte) (uint64, bool) {
	if len(key) != len(trailPrefix)+8 || string(key[:len(trailPrefix)]) != string(trailPrefix) {
		return 0, false
	}
	return binary.BigEndian.Uint64(key[len(trailPrefix):]), true
}

var evidencePrefix = []byte("ev/")

func evidenceKey(id string) []byte      { return []byte("ev/" + id) }
func provenancePrefix(id string) []byte { return []byte("evprov/" + id + "/") }
func provenanceKey(id, p string) []byte { return []byte("evprov/" + id + "/" + p) }
func blobPrefix(id string) []byte       { return []byte("evblob/" + id + "/") }
func blobKey(id string, n uint32) []byte {
	return binary.BigEndian.AppendUint32(blobPrefix(id), n)
}
func partPrefix(id string) []byte { return []byte("evpart/" + id + "/") }
func partKey(id string, n uint32) []byte {
	return binary.BigEndian.AppendUint32(partPrefix(id), n)
}

// Scope keys: the control matrix, the PBC list, the criterion texts.
var (
	controlPrefix       = []byte("control/")
	requestPrefix       = []byte("request/")
	criterionTextPrefix = []byte("tsctext/")
)

func controlKey(id string) []byte { return append(append([]byte{}, controlPrefix...), id...) }
func requestKey(id string) []byte { return append(append([]byte{}, requestPrefix...), id...) }
func criterionTextKey(id string) []byte {
	return append(append([]byte{}, criterionTextPrefix...), id...)
}

// Pins: places in evidence files tied to controls and requests.
var pinPrefix = []byte("pin/")

func pinEvidencePrefix(ev string) []byte { return []byte("pin/" + ev + "/") }
func pinKey(ev, id string) []byte        { return []byte("pin/" + ev + "/" + id) }

// Sampling keys: populations and their rows, samples, tests of controls.
var (
	popPrefix    = []byte("pop/")
	samplePrefix = []byte("sample/")
	testPrefix   = []byte("test/")
)

func popKey(id string) []byte       { return []byte("pop/" + id) }
func popRowPrefix(id string) []byte { return []byte("poprow/" + id + "/") }
func popRowKey(id string, n int) []byte {
	return binary.BigEndian.AppendUint64(popRowPrefix(id), uint64(n))
}
func sampleKey(id string) []byte { return []byte("sample/" + id) }
func testKey(id string) []byte   { return []byte("test/" + id) }

// Findings, responses and the packets that carried them.
var (
	findingPrefix  = []byte("finding/")
	responsePrefix = []byte("response/")
	packetPrefix   = []byte("packet/")
)

func findingKey(id string) []byte  { return append(append([]byte{}, findingPrefix...), id...) }
func responseKey(id string) []byte { return append(append([]byte{}, responsePrefix...), id...) }
func packetKey(id string) []byte   { return append(append([]byte{}, packetPrefix...), id...) }

func thumbKey(id string) []byte    { return []byte("evthumb/" + id) }
func indexedKey(id string) []byte  { return []byte("evindexed/" + id) }
func childrenKey(id string) []byte { return []byte("evkids/" + id) }

var indexedPrefix = []byte("evindexed/")

// Kinds of engagement-database key, as a backup tells its parts apart.
const (
	KindEngagement = "engagement" // the engagement record
	KindTrail      = "trail"      // a trail event
	KindEvidence   = "evidence"   // an evidence record, ev/<id>
	KindContent    = "content"    // a chunk of evidence content, evblob/<id>/<n>
	KindRecord     = "record"     // anything else
)

// KeyKind says what an engagement-database key holds, and the evidence ID
// of an evidence record or content chunk.
func KeyKind(key []byte) (kind, evidenceID string) {
	k := string(key)
	switch {
	case k == string(engagementKey):
		return KindEngagement, ""
	case strings.HasPrefix(k, string(trailPrefix)):
		return KindTrail, ""
	case strings.HasPrefix(k, string(evidencePrefix)):
		return KindEvidence, k[len(evidencePrefix):]
	case strings.HasPrefix(k, "evblob/"):
		id, _, _ := strings.Cut(k[len("evblob/"):], "/")
		return KindContent, id
	}
	return KindRecord, ""
}

func settingsPath(dir string) string { return filepath.Join(dir, settingsFile) }
func homePath(dir string) string     { return filepath.Join(dir, homeFolder) }
func engagementPath(dir, id string) string {
	return filepath.Join(dir, engagementsDir, id)
}
func engagementIndexPath(dir, id string) string {
	return filepath.Join(engagementPath(dir, id), "index")
}
func engagementDBPath(dir, id string) string {
	return filepath.Join(engagementPath(dir, id), dbFolder)
}
