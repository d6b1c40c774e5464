package pack

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// folderWalk is the state of walking one folder pack.
type folderWalk struct {
	root  string          // the folder, symlinks resolved
	stack map[string]bool // folders being walked, outermost to innermost
	seen  map[string]bool // folders walked so far
}

// walkFolder walks a folder pack. Symlinks are followed only when they
// resolve inside the folder; a folder reached through a symlink is walked
// only if it is not being or has not been walked already, which ends loops.
func (w *walker) walkFolder(src string) error {
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("open pack: %w", err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return fmt.Errorf("open pack: %w", err)
	}
	fw := &folderWalk{root: root, stack: map[string]bool{}, seen: map[string]bool{}}
	if _, err := os.ReadDir(root); err != nil {
		return fmt.Errorf("open pack: %w", err)
	}
	return w.walkDir(fw, root, "")
}

func (w *walker) walkDir(fw *folderWalk, dir, prefix string) error {
	fw.stack[dir], fw.seen[dir] = true, true
	defer delete(fw.stack, dir)
	des, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		w.problem(strings.TrimSuffix(prefix, "/"), "folder unreadable: %v", err)
		if len(des) == 0 {
			return nil
		}
	}
	for _, de := range des {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		full := filepath.Join(dir, de.Name())
		path := prefix + displayName(de.Name())
		var err error
		switch t := de.Type(); {
		case t.IsDir():
			err = w.walkDir(fw, full, path+"/")
		case t&fs.ModeSymlink != 0:
			err = w.followLink(fw, full, path)
		case t.IsRegular():
			err = w.folderFile(full, path)
		default:
			if err = w.count(); err == nil {
				w.problem(path, "not a regular file (%s)", t.Type())
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// followLink follows the symlink at full if it resolves inside the folder.
func (w *walker) followLink(fw *folderWalk, full, path string) error {
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		if err := w.count(); err != nil {
			return err
		}
		_, serr := os.Stat(full)
		switch {
		case errors.Is(serr, syscall.ELOOP):
			w.problem(path, "symlink loop")
		case errors.Is(serr, fs.ErrNotExist):
			w.problem(path, "broken symlink: its target does not exist")
		default:
			w.problem(path, "symlink cannot be followed: %v", err)
		}
		return nil
	}
	if !within(fw.root, target) {
		if err := w.count(); err != nil {
			return err
		}
		w.problem(path, "symlink points outside the folder")
		return nil
	}
	fi, err := os.Stat(target)
	if err != nil {
		if err := w.count(); err != nil {
			return err
		}
		w.problem(path, "symlink cannot be followed: %v", err)
		return nil
	}
	switch {
	case fi.IsDir() && fw.stack[target]:
		w.problem(path, "symlink loop: points to a folder that contains it")
	case fi.IsDir() && fw.seen[target]:
		w.problem(path, "symlink to a folder already walked is not followed again")
	case fi.IsDir():
		return w.walkDir(fw, target, path+"/")
	case fi.Mode().IsRegular():
		return w.folderFile(target, path)
	default:
		if err := w.count(); err != nil {
			return err
		}
		w.problem(path, "symlink to something other than a regular file (%s)", fi.Mode().Type())
	}
	return nil
}

// within reports whether p is root or inside it; both are clean and absolute.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// folderFile passes one regular file of a folder to fn; a zip is walked too,
// straight from disk.
func (w *walker) folderFile(full, path string) error {
	if err := w.count(); err != nil {
		return err
	}
	fi, err := os.Stat(full)
	if err != nil {
		w.problem(path, "file unreadable: %v", err)
		return nil
	}
	if !w.admit(path, fi.Size()) {
		return nil
	}
	lim := w.lim
	e := Entry{
		Path:    path,
		Size:    fi.Size(),
		ModTime: fi.ModTime(),
		Open:    func() (io.ReadCloser, error) { return openFile(full, fi, lim) },
	}
	f, err := os.Open(full)
	if err != nil {
		w.problem(path, "file unreadable: %v", err)
		return nil
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil || string(magic[:]) != sigLocal {
		return w.visit(e)
	}
	if err := w.visit(e); err != nil {
		return err
	}
	if isDocument(f, fi.Size()) {
		return nil
	}
	if w.lim.MaxDepth < 1 {
		w.problem(path, "nesting deeper than %d", w.lim.MaxDepth)
		return nil
	}
	return w.walkZip(f, fi.Size(), fileOpener(full, fi), path+"/", 1)
}

// fileOpener opens path again for Entry.Open, refusing it if it is no longer
// the file that was listed.
func fileOpener(path string, fi fs.FileInfo) opener {
	return func() (io.ReaderAt, io.Closer, error) {
		f, err := openSame(path, fi)
		if err != nil {
			return nil, nil, err
		}
		return f, f, nil
	}
}

func openSame(path string, fi fs.FileInfo) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	gi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !os.SameFile(fi, gi) || !gi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %s is no longer the file that was listed", ErrCorrupt, filepath.Base(path))
	}
	return f, nil
}

// openFile streams a file of a folder, checked against its listed size and
// MaxEntrySize.
func openFile(path string, fi fs.FileInfo, lim Limits) (io.ReadCloser, error) {
	f, err := openSame(path, fi)
	if err != nil {
		return nil, err
	}
	c := newCheckedReader(f, lim, fi.Size(), -1, false, 0, f)
	c.folder = true
	return c, nil
}
