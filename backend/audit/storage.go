package audit

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// DiskFault returns err coded ESTORAGE, naming folder and the cause, when
// the disk under folder is at fault: the folder removed or moved, a full or
// read-only file system, an I/O error. Otherwise it returns nil.
func DiskFault(folder string, err error) *Error {
	if err == nil {
		return nil
	}
	var why string
	_, gone := os.Stat(folder)
	switch {
	case gone != nil || errors.Is(err, os.ErrNotExist):
		why = "it was removed or moved"
	case is(err, syscall.ENOSPC), is(err, syscall.EDQUOT):
		why = "its file system is full"
	case is(err, syscall.EROFS):
		why = "its file system is read-only"
	case is(err, syscall.EACCES), is(err, syscall.EPERM):
		why = "it is not writable"
	case is(err, syscall.EIO):
		why = "the disk failed to read or write"
	default:
		return nil
	}
	return Wrap(ESTORAGE, err, "cannot write to %s: %s", folder, why)
}

// is reports whether err is errno or names it: Badger formats some causes
// (a failed map or truncate while opening) with %v, which drops the chain.
func is(err error, errno syscall.Errno) bool {
	return errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error())
}
