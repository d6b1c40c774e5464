package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/pack"
	"auditroom/backend/store"
)

// File is a file held in memory: one that arrived inside an encrypted
// packet, imported from there so that its content is never written out.
type File struct {
	Name    string // shown as its path in the pack
	Data    []byte
	ModTime time.Time
}

// EvidenceID returns the ID and hex SHA-256 that content gets as evidence.
func EvidenceID(data []byte) (id, sum string) {
	s := sha256.Sum256(data)
	sum = hex.EncodeToString(s[:])
	return sum[:24], sum
}

// ImportFiles imports files held in memory as one pack called name, whose
// hash packSHA256 is that of what they arrived in, through the same steps
// as Import: store, extract in a worker, record provenance (with
// opt.Source) and index. Each file is one piece of evidence; a zip among
// them is kept whole, not opened. Importing the same files from the same
// pack again adds nothing but the import's summary event.
func ImportFiles(ctx context.Context, h *store.Home, engID, name, packSHA256 string, files []File, opt Options, report func(Progress)) (Summary, error) {
	start := time.Now()
	if report == nil {
		report = func(Progress) {}
	}
	if _, err := h.Engagement(ctx, engID); err != nil {
		return Summary{}, err
	}
	if name == "" || len(packSHA256) != 64 {
		return Summary{}, audit.Errorf(audit.EINVALID, "files from memory need the name and hash of what they came in")
	}
	im := &importer{h: h, eng: engID, opt: opt, report: report}
	im.sum.Failed, im.sum.NotExtracted, im.sum.Encrypted = []Problem{}, []Problem{}, []Problem{}
	im.ix = &indexer{ix: opt.Index, h: h, eng: engID}
	im.commits = &committer{h: h, eng: engID, actor: opt.Actor}
	if err := im.ix.catchUp(ctx); err != nil {
		return im.finish(ctx, start, err)
	}
	for _, f := range files {
		im.sum.FilesTotal++
		im.sum.BytesTotal += int64(len(f.Data))
	}
	im.prog.FilesTotal, im.prog.BytesTotal = im.sum.FilesTotal, im.sum.BytesTotal
	info := &packInfo{src: source{name: name}, name: name, sha256: packSHA256, manifest: map[string]pack.ManifestEntry{}}
	for _, f := range files {
		if len(f.Data) > MaxInMemory {
			im.done(int64(len(f.Data)), f.Name)
			im.fail(&im.sum.Failed, prefixed(info, f.Name), "larger than the import holds in memory")
			continue
		}
		data := f.Data
		_, sum := EvidenceID(data)
		entry := pack.Entry{Path: safeName(f.Name), Size: int64(len(data)), ModTime: f.ModTime,
			Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
		if err := im.importFile(ctx, info, file{entry: entry, data: data, sha256: sum}, 0); err != nil {
			return im.finish(ctx, start, err)
		}
	}
	return im.finish(ctx, start, nil)
}
