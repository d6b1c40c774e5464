package pack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// WalkFS walks the files of fsys as a folder pack, as Walk does a folder on
// disk: the same order, limits, entries and problems. It reads packs that
// are not on disk, such as the demo evidence embedded in the binary, with no
// copy written anywhere. An fs.FS has no symlinks to follow; a zip inside
// it is held in memory to be walked (bounded by MaxNested).
func WalkFS(ctx context.Context, fsys fs.FS, lim Limits, fn func(Entry) error) ([]Problem, error) {
	w := &walker{ctx: ctx, lim: lim.withDefaults(), fn: fn}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, fmt.Errorf("open pack: %w", err)
	}
	// fs.WalkDir visits each folder's entries in lexical order, as walkDir does.
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			w.problem(displayName(path), "folder unreadable: %v", err)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return w.fsFile(fsys, path, d)
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return w.problems, err
}

// fsFile passes one file of an fs.FS to fn; a zip that is not a document is
// walked too.
func (w *walker) fsFile(fsys fs.FS, name string, d fs.DirEntry) error {
	if err := w.count(); err != nil {
		return err
	}
	path := displayName(name)
	if !d.Type().IsRegular() {
		w.problem(path, "not a regular file (%s)", d.Type())
		return nil
	}
	fi, err := d.Info()
	if err != nil {
		w.problem(path, "file unreadable: %v", err)
		return nil
	}
	if !w.admit(path, fi.Size()) {
		return nil
	}
	lim, size := w.lim, fi.Size()
	e := Entry{
		Path:    path,
		Size:    size,
		ModTime: fi.ModTime(),
		Open: func() (io.ReadCloser, error) {
			f, err := fsys.Open(name)
			if err != nil {
				return nil, err
			}
			c := newCheckedReader(f, lim, size, -1, false, 0, f)
			c.folder = true
			return c, nil
		},
	}
	rc, err := e.Open()
	if err != nil {
		w.problem(path, "file unreadable: %v", err)
		return nil
	}
	var magic [4]byte
	_, err = io.ReadFull(rc, magic[:])
	rc.Close()
	if err != nil || string(magic[:]) != sigLocal {
		return w.visit(e)
	}
	return w.nested(e)
}
