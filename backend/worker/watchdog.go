package worker

import (
	"fmt"
	"sync"
	"time"
)

// PageLimit is how long a worker lets MuPDF spend on one page of a PDF.
// It reads the largest pages of the test corpus in well under a second;
// a page it has not finished in this long is one it loops on (the corpus
// has a PDF claiming 1.4 billion pages whose first never ends), and the
// watchdog ends the file in seconds rather than at the file's time limit.
const PageLimit = 5 * time.Second

// watchdog watches one extraction's page progress. When a page overruns
// its limit, it answers the request itself with the reason, through
// answer, and ends the process: a parser stuck in C cannot be stopped any
// other way.
type watchdog struct {
	limit time.Duration
	stop  chan struct{}

	mu          sync.Mutex
	page, pages int
	started     time.Time
}

// watch starts a watchdog that calls giveUp, once, with the reason when a
// page overruns limit.
func watch(limit time.Duration, giveUp func(reason string)) *watchdog {
	w := &watchdog{limit: limit, stop: make(chan struct{})}
	go func() {
		tick := time.NewTicker(min(limit/4, 250*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-tick.C:
				if reason := w.overrun(); reason != "" {
					giveUp(reason)
					return
				}
			}
		}
	}()
	return w
}

// progress records that the parser has started on a page.
func (w *watchdog) progress(page, pages int) {
	w.mu.Lock()
	w.page, w.pages, w.started = page, pages, time.Now()
	w.mu.Unlock()
}

func (w *watchdog) overrun() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.page == 0 || time.Since(w.started) < w.limit {
		return ""
	}
	return fmt.Sprintf("parser gave up: page %d of %d took longer than %s", w.page, w.pages, w.limit)
}

// done stops the watchdog.
func (w *watchdog) done() { close(w.stop) }
