package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// Target says what to write where. A format of one file (xlsx) goes to a
// file. A folder format (csv, oscal) with a Kind writes that one table or
// document to a file; without one it writes every kind of the format into
// the folder Path, each under its Doc's File (findings.csv and
// exceptions.csv; assessment-results.json and poam.json).
type Target struct {
	Format string `json:"format"`
	Kind   Kind   `json:"kind,omitempty"`
	Path   string `json:"path"`
	// Overwrite replaces files already there; without it an export that
	// would write over one is refused before anything is written.
	Overwrite bool `json:"overwrite,omitempty"`
}

// ErrExists is the cause of the error that refuses to write over a file
// without Overwrite, so the CLI and the UI can offer to replace it.
var ErrExists = errors.New("file exists")

// Files lists the files the target writes.
func (t Target) Files() []string {
	f, err := FormatOf(t.Format)
	if err != nil || !f.Folder() || t.Kind != "" {
		return []string{t.Path}
	}
	var out []string
	for _, d := range f.Docs {
		out = append(out, filepath.Join(t.Path, d.File))
	}
	return out
}

// RefuseExisting refuses, naming it, the first of paths that is already a
// file, unless overwrite.
func RefuseExisting(overwrite bool, paths ...string) error {
	if overwrite {
		return nil
	}
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return audit.Wrap(audit.ECONFLICT, ErrExists, "%s already exists", p)
		}
	}
	return nil
}

// Validate names the first thing wrong with a target.
func (t Target) Validate() error {
	f, err := FormatOf(t.Format)
	switch {
	case err != nil:
		return err
	case strings.TrimSpace(t.Path) == "":
		return audit.Errorf(audit.EINVALID, "name the file or folder to export to")
	case !f.Folder() && t.Kind != "":
		return audit.Errorf(audit.EINVALID, "an %s export is one %s: it takes no kind", f.Name, strings.TrimSuffix(f.Noun, "s"))
	case t.Kind != "":
		_, err := ParseKind(t.Format, string(t.Kind))
		return err
	}
	return nil
}

// File is one file an export wrote.
type File struct {
	Kind   string `json:"kind"` // xlsx, or the kind of table or document
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"` // of the file as written, to cite it
}

// Skip is a file a folder export did not write, and why.
type Skip struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Result is what an export to disk wrote.
type Result struct {
	EngagementID string `json:"engagement_id"`
	Format       string `json:"format"`
	Files        []File `json:"files"`
	Skipped      []Skip `json:"skipped"`
}

// Save writes an export of d to its target. Each file is written whole
// or not at all (see WriteFile). A folder export skips a POA&M when there
// are no findings, and says so, rather than fail the whole export.
func Save(ctx context.Context, d *Data, t Target, progress func(stage string, done, total int)) (Result, error) {
	if err := t.Validate(); err != nil {
		return Result{}, err
	}
	if err := RefuseExisting(t.Overwrite, t.Files()...); err != nil {
		return Result{}, err
	}
	res := Result{EngagementID: d.Engagement.ID, Format: t.Format, Files: []File{}, Skipped: []Skip{}}
	f, _ := FormatOf(t.Format)
	write := func(path string, doc Doc) error {
		kind := string(doc.Kind)
		if kind == "" {
			kind = f.Name
		}
		out, err := WriteFile(path, kind, func(w io.Writer) error { return doc.write(ctx, d, w, progress) })
		if err == nil {
			res.Files = append(res.Files, out)
		}
		return err
	}
	if !f.Folder() || t.Kind != "" {
		if err := write(t.Path, f.doc(t.Kind)); err != nil {
			return res, err
		}
	} else {
		if err := makeFolder(t.Path); err != nil {
			return res, err
		}
		for i, doc := range f.Docs {
			if err := canceled(ctx); err != nil {
				return res, err
			}
			if why := ""; doc.skip != nil {
				if why = doc.skip(d); why != "" {
					res.Skipped = append(res.Skipped, Skip{doc.File, why})
					continue
				}
			}
			if err := write(filepath.Join(t.Path, doc.File), doc); err != nil {
				return res, err
			}
			if progress != nil {
				progress(StageWrite, i+1, len(f.Docs))
			}
		}
	}
	if progress != nil {
		progress(StageDone, len(res.Files), len(res.Files))
	}
	return res, nil
}

// WriteFile writes a file atomically and readable by its owner only, so
// that a kill at any moment leaves no readable part of it behind: the bytes
// go into a file without a name (O_TMPFILE), which is linked as path +
// ".partial" only once complete and synced, then renamed to path. A kill
// between the link and the rename leaves that complete file, 0600, beside
// path: the one window left. Where the file system has no O_TMPFILE, the
// partial file is named from the start but created with no permissions at
// all, made 0600 only when complete; a kill then leaves an unreadable file.
// The partial file is removed if anything fails, and an existing file at
// path is replaced only by a complete one.
func WriteFile(path, kind string, write func(io.Writer) error) (File, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return File{}, audit.Errorf(audit.EINVALID, "%s is a folder: name a file to export to", path)
	}
	partial := path + ".partial"
	if err := os.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return File{}, audit.Wrap(audit.EINVALID, err, "cannot replace the unfinished %s", partial)
	}
	out, named, err := createPartial(path, partial)
	if err != nil {
		return File{}, audit.Wrap(audit.EINVALID, err, "cannot write to %s", path)
	}
	renamed := false
	defer func() {
		// Also when write panics: no unfinished file is left behind.
		if !renamed {
			out.Close()
			os.Remove(partial)
		}
	}()
	sum := sha256.New()
	n := &counter{}
	buf := bufio.NewWriterSize(out, 1<<20)
	err = write(io.MultiWriter(buf, sum, n))
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if err == nil && named {
		err = out.Chmod(0o600)
	}
	if err == nil && !named {
		// Linking the open descriptor through /proc needs no privilege,
		// unlike linkat's AT_EMPTY_PATH.
		err = unix.Linkat(unix.AT_FDCWD, fmt.Sprintf("/proc/self/fd/%d", out.Fd()), unix.AT_FDCWD, partial, unix.AT_SYMLINK_FOLLOW)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(partial, path)
	}
	if err != nil {
		if audit.ErrorCode(err) != audit.EINTERNAL {
			return File{}, err
		}
		return File{}, audit.Wrap(audit.EINVALID, err, "write %s", path)
	}
	renamed = true
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync() // the rename survives a crash; best effort, some systems refuse
		dir.Close()
	}
	return File{Kind: kind, Path: path, Bytes: n.n, SHA256: hex.EncodeToString(sum.Sum(nil))}, nil
}

// createPartial opens the file WriteFile writes into: an unnamed one in
// path's folder where the file system supports O_TMPFILE (named false),
// else partial itself, created without any permission (named true).
func createPartial(path, partial string) (f *os.File, named bool, err error) {
	dir := filepath.Dir(path)
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err == nil {
		return os.NewFile(uintptr(fd), filepath.Join(dir, "(unnamed)")), false, nil
	}
	if !errors.Is(err, unix.EOPNOTSUPP) && !errors.Is(err, unix.EISDIR) && !errors.Is(err, unix.EINVAL) {
		return nil, false, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	f, err = os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0)
	return f, true, err
}

// makeFolder makes the folder of a folder export, private to its owner.
func makeFolder(dir string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return audit.Errorf(audit.EINVALID, "%s is a file: name a folder to export into", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return audit.Wrap(audit.EINVALID, err, "cannot make the folder %s", dir)
	}
	return nil
}

type counter struct{ n int64 }

func (c *counter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return len(b), nil
}

// Record puts an export in the engagement's trail: who took which files
// out of the audit room, and their SHA-256. The trail records
// "export." and the format's name: "export.xlsx".
func Record(ctx context.Context, h *store.Home, actor string, res Result) error {
	return h.RecordEvent(ctx, res.EngagementID, actor, "export."+res.Format, "engagement/"+res.EngagementID, res)
}
