package rss

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Split is resident memory by kind: Anon is the process's own (the Go
// heap, stacks, C allocations); File is pages of files mapped in, such as
// Badger's value log and Bleve's segments, which the kernel can drop and
// read again. Peak counts both.
type Split struct{ Anon, File int64 }

// current reads RssAnon and RssFile (Linux), zero where unavailable.
func current() Split {
	var s Split
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return s
	}
	for _, line := range strings.Split(string(b), "\n") {
		for name, v := range map[string]*int64{"RssAnon:": &s.Anon, "RssFile:": &s.File} {
			if rest, ok := strings.CutPrefix(line, name); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				*v = kb * 1024
			}
		}
	}
	return s
}

// Watch samples resident memory every interval until the returned function
// is called, which returns the highest of each kind seen. The kernel keeps
// no high-water mark of each, so a short peak between samples is missed.
func Watch(interval time.Duration) (stop func() Split) {
	var mu sync.Mutex
	var top Split
	sample := func() {
		s := current()
		mu.Lock()
		top.Anon, top.File = max(top.Anon, s.Anon), max(top.File, s.File)
		mu.Unlock()
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() Split {
		close(done)
		<-finished
		sample()
		mu.Lock()
		defer mu.Unlock()
		return top
	}
}
