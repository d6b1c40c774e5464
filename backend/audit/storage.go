package audit

import (
	"errors"
	"os"
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
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		why = "its file system is full"
	case errors.Is(err, syscall.EROFS):
		why = "its file system is read-only"
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		why = "it is not writable"
	case errors.Is(err, syscall.EIO):
		why = "the disk failed to read or write"
	default:
		return nil
	}
	return Wrap(ESTORAGE, err, "cannot write to %s: %s", folder, why)
}
