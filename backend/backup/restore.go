package backup

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"auditroom/backend/agefile"
	"auditroom/backend/audit"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
	"auditroom/backend/store"
)

// RestoreOptions say how to restore.
type RestoreOptions struct {
	Actor string
	// AsNew restores under a new engagement ID, beside the engagement the
	// backup was made from; without it an ID the folder has is refused.
	AsNew bool
}

// Restored describes a restore: the engagement as it now is in the data
// folder, where it came from, and the checks verify runs, run on it.
type Restored struct {
	Engagement audit.Engagement `json:"engagement"`
	From       string           `json:"from"` // the ID in the backup
	File       string           `json:"file"`
	Entries    int              `json:"entries"`
	Evidence   int              `json:"evidence"`
	audit.Verification
	NotIndexed int `json:"not_indexed"`
}

// maxField bounds one field of a frame: a chunk is 1 MiB, a record less.
const maxField = 64 << 20

// Restore restores the backup at path into the data folder of h. It reads
// the whole file once and checks every part's hash, the trail's chain and
// each file's content before writing anything; then reads it again into an
// engagement database that only its last step registers, so a kill leaves
// the folder as it was or the engagement whole; then indexes the evidence
// and verifies the trail. A file that is not a backup, is cut short or
// altered, or needs another passphrase is refused, naming the file and
// why, and nothing in the folder changes.
func Restore(ctx context.Context, h *store.Home, path, passphrase string, opt RestoreOptions) (Restored, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Restored{}, audit.Wrap(audit.EINVALID, err, "cannot read backup %s", path)
	}
	if err := h.RoomFor(store.ImportNeeds(info.Size()), "restoring "+base(path)); err != nil {
		return Restored{}, err
	}
	hd, m, err := read(ctx, path, passphrase, nil)
	if err != nil {
		return Restored{}, err
	}
	from := hd.Engagement.ID
	id := from
	if opt.AsNew {
		if id, err = h.NewEngagementID(ctx); err != nil {
			return Restored{}, err
		}
	} else if _, err := h.Engagement(ctx, from); err == nil {
		return Restored{}, audit.Errorf(audit.ECONFLICT, "engagement %s (%s) already exists in data folder %s: restore %s with --as-new to keep both", from, hd.Engagement.Name, h.Dir(), base(path))
	} else if audit.ErrorCode(err) != audit.ENOTFOUND {
		return Restored{}, err
	}
	r, err := h.BeginRestore(ctx, id)
	if err != nil {
		return Restored{}, err
	}
	_, _, err = read(ctx, path, passphrase, func(e store.Entry) error {
		if kind, _ := store.KeyKind(e.Key); id != from && kind == store.KindEngagement {
			var rec map[string]any
			if err := json.Unmarshal(e.Value, &rec); err != nil {
				return err
			}
			rec["id"] = id
			if e.Value, err = json.Marshal(rec); err != nil {
				return err
			}
		}
		return r.Put(ctx, e)
	})
	if err != nil {
		r.Abort()
		return Restored{}, err
	}
	change := map[string]any{"file": base(path), "from": from, "trail_seq": m.TrailSeq, "trail_head": m.TrailHead}
	eng, err := r.Commit(ctx, opt.Actor, change)
	if err != nil {
		return Restored{}, err
	}
	out := Restored{Engagement: eng, From: from, File: path, Entries: m.Entries}
	out.Evidence = m.evidenceFiles()
	// The index is this folder's: opening it indexes every file.
	ix, err := ingest.OpenIndex(ctx, h, id)
	if err != nil {
		return out, err
	}
	if err := ix.Close(); err != nil {
		return out, err
	}
	if out.Verification, err = h.Verify(ctx, id, nil); err != nil {
		return out, err
	}
	missing, err := h.NotIndexed(ctx, id, index.MappingVersion)
	out.NotIndexed = len(missing)
	return out, err
}

// read decrypts the backup at path, hands each entry to put (when not
// nil) and checks it all against its manifest.
func read(ctx context.Context, path, passphrase string, put func(store.Entry) error) (Header, Manifest, error) {
	name := base(path)
	damaged := func(err error) error {
		return audit.Wrap(audit.EINVALID, err, "backup %s is not intact: it is damaged, cut short or was altered after it was made; nothing was restored", name)
	}
	f, err := os.Open(path)
	if err != nil {
		return Header{}, Manifest{}, audit.Wrap(audit.EINVALID, err, "cannot read backup %s", path)
	}
	defer f.Close()
	if passphrase == "" {
		return Header{}, Manifest{}, audit.Errorf(audit.EPASSPHRASE, "give the passphrase of backup %s", name)
	}
	plain, err := agefile.Decrypt(bufio.NewReaderSize(f, 1<<20), passphrase)
	switch {
	case agefile.WrongPassphrase(err):
		return Header{}, Manifest{}, audit.Wrap(audit.EPASSPHRASE, err, "the passphrase does not open backup %s", name)
	case err != nil:
		return Header{}, Manifest{}, audit.Wrap(audit.EINVALID, err, "%s is not an Audit Room backup", name)
	}
	in := bufio.NewReaderSize(plain, 1<<20)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(in, head); err != nil || string(head) != magic {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return Header{}, Manifest{}, damaged(err)
		}
		return Header{}, Manifest{}, audit.Errorf(audit.EINVALID, "%s is not an Audit Room backup", name)
	}
	var hd Header
	var m Manifest
	parts := newParts()
	sawManifest := false
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return hd, m, audit.Wrap(audit.ECANCELED, err, "canceled")
			}
		}
		tag, err := in.ReadByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return hd, m, damaged(err)
		}
		if sawManifest {
			return hd, m, damaged(errors.New("data after the manifest"))
		}
		switch tag {
		case 'H':
			b, err := field(in)
			if err != nil {
				return hd, m, damaged(err)
			}
			if err := json.Unmarshal(b, &hd); err != nil || hd.Format != Format {
				return hd, m, audit.Errorf(audit.EINVALID, "%s is not an Audit Room backup", name)
			}
			if hd.Version != Version {
				return hd, m, audit.Errorf(audit.EINVALID, "%s is a version %d backup; this Audit Room reads version %d", name, hd.Version, Version)
			}
		case 'E':
			k, err := field(in)
			if err != nil {
				return hd, m, damaged(err)
			}
			v, err := field(in)
			if err != nil {
				return hd, m, damaged(err)
			}
			e := store.Entry{Key: k, Value: v}
			parts.add(e)
			if put != nil {
				if err := put(e); err != nil {
					return hd, m, err
				}
			}
		case 'M':
			b, err := field(in)
			if err != nil {
				return hd, m, damaged(err)
			}
			if err := json.Unmarshal(b, &m); err != nil {
				return hd, m, damaged(err)
			}
			sawManifest = true
		default:
			return hd, m, damaged(fmt.Errorf("unknown frame %q", tag))
		}
	}
	if hd.Format == "" {
		return hd, m, damaged(errors.New("no header"))
	}
	if !sawManifest {
		return hd, m, damaged(errors.New("no manifest"))
	}
	if err := parts.check(m); err != nil {
		return hd, m, audit.Errorf(audit.EINVALID, "backup %s fails its checks: %s; nothing was restored", name, err)
	}
	return hd, m, nil
}

func field(in *bufio.Reader) ([]byte, error) {
	n, err := binary.ReadUvarint(in)
	if err != nil {
		return nil, noEOF(err)
	}
	if n > maxField {
		return nil, fmt.Errorf("a field of %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(in, b); err != nil {
		return nil, noEOF(err)
	}
	return b, nil
}

// noEOF makes an end of file inside a frame what it is: a cut.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
