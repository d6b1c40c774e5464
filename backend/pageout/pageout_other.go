//go:build !linux

package pageout

import "errors"

// Files does nothing where the kernel takes no MADV_PAGEOUT.
func Files(dir, suffix string) {}

// Resident cannot be measured here.
func Resident(dir, suffix string) (int64, error) {
	return 0, errors.New("resident memory by file is read from Linux's /proc")
}
