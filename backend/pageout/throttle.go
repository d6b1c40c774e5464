package pageout

import "sync/atomic"

// Throttle says when a page-out is due: once for every Every bytes
// written. Each page-out walks the process's mappings, so it is done now
// and then, not after every write. It is safe for concurrent use.
type Throttle struct {
	Every          int64
	written, paged atomic.Int64
}

// Wrote counts n more bytes written.
func (t *Throttle) Wrote(n int64) { t.written.Add(n) }

// Due reports whether Every bytes have been written since it last said so.
func (t *Throttle) Due() bool {
	w := t.written.Load()
	if w-t.paged.Load() < t.Every {
		return false
	}
	t.paged.Store(w)
	return true
}
