//go:build !linux

package store

// pageOutValueLog does nothing where the kernel takes no MADV_PAGEOUT.
func pageOutValueLog(string) {}
