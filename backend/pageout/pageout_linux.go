// Package pageout gives the kernel back the pages of memory-mapped files
// that an import has written or merged and will not read again soon.
// Badger writes its value log, and Bleve reads its segments, through memory
// maps, so those pages count as the importer's memory until the kernel runs
// short. MADV_PAGEOUT is only advice: it reclaims clean pages, discards
// nothing that is not on disk, and a later read brings a page back.
package pageout

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Files asks the kernel to reclaim this process's pages of the files in
// dir, or below it, whose names end in suffix. Call it when what was
// written is on disk (after a sync), so that the pages are clean.
func Files(dir, suffix string) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	prefix := realDir(dir)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		start, end, path, ok := mapping(sc.Text())
		if !ok || !strings.HasPrefix(path, prefix) || !strings.HasSuffix(path, suffix) {
			continue
		}
		// Older kernels refuse MADV_PAGEOUT (EINVAL): the pages then stay.
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_PAGEOUT)
	}
}

// Resident is how many bytes of the files Files would name this process
// has resident (from /proc/self/smaps).
func Resident(dir, suffix string) (int64, error) {
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return 0, err
	}
	prefix := realDir(dir)
	var total int64
	in := false
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) > 0 && !strings.HasSuffix(f[0], ":") { // a mapping's first line
			_, _, path, ok := mapping(l)
			in = ok && strings.HasPrefix(path, prefix) && strings.HasSuffix(path, suffix)
			continue
		}
		if in && len(f) >= 2 && f[0] == "Rss:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			total += kb << 10
		}
	}
	return total, nil
}

// realDir is dir as the kernel names mappings in it: its real path, with
// a trailing separator.
func realDir(dir string) string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return filepath.Clean(dir) + string(filepath.Separator)
}

// mapping reads a line of /proc/self/maps (or a mapping's first line in
// smaps): start-end perms offset dev inode path. The path, which may hold
// spaces, is all from its first slash, since no field before has one.
func mapping(line string) (start, end uint64, path string, ok bool) {
	fields := strings.Fields(line)
	if len(fields) < 6 {
		return 0, 0, "", false
	}
	lo, hi, found := strings.Cut(fields[0], "-")
	i := strings.IndexByte(line, '/')
	if !found || i < 0 {
		return 0, 0, "", false
	}
	start, err1 := strconv.ParseUint(lo, 16, 64)
	end, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || end <= start {
		return 0, 0, "", false
	}
	return start, end, line[i:], true
}
