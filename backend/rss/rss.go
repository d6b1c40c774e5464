// Package rss reads this process's peak resident memory, for the
// benchmarks that report it beside their timings (make bench).
package rss

import (
	"os"
	"strconv"
	"strings"
)

// Peak is the process's high-water resident set in bytes (Linux VmHWM),
// 0 where /proc is unavailable.
func Peak() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// ResetPeak starts the high-water mark afresh (Linux: clear_refs 5), so a
// benchmark measures its own work and not what ran before it.
func ResetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }
