package store

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// pageOutValueLog asks the kernel to reclaim this process's pages of the
// value log files in dir. Badger writes its value log through a memory
// map, so every byte of evidence an import writes stays resident in the
// importer, and counts as its memory, until the kernel runs short; nothing
// reads those bytes again while importing, and a later read finds them on
// disk. MADV_PAGEOUT is only advice: it discards nothing that is not on
// disk, and a range remapped in the meantime comes to no harm. Called
// after a sync, when the pages are clean.
func pageOutValueLog(dir string) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	// The kernel names a mapping by the file's real path.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		start, end, path, ok := mapping(sc.Text())
		if !ok || !strings.HasPrefix(path, prefix) || !strings.HasSuffix(path, ".vlog") {
			continue
		}
		// Older kernels refuse MADV_PAGEOUT (EINVAL): the pages then stay.
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_PAGEOUT)
	}
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
