package ingest

import (
	"context"
	"sync"
)

// goroutinesPerWorker and inFlightBytes bound an import's concurrency:
// enough files in flight to fill commit groups, little enough memory that
// the importer stays within its few hundred megabytes.
const (
	goroutinesPerWorker = 16
	inFlightBytes       = 32 << 20
)

// budget bounds the bytes of the files being imported at once, and of the
// text extracted from them. Only the walker waits on it, so it cannot
// deadlock: the goroutines it feeds only ever give back.
type budget struct {
	mu    sync.Mutex
	free  int64
	total int64
	freed chan struct{} // closed and replaced on each release
}

func newBudget(total int64) *budget {
	return &budget{free: total, total: total, freed: make(chan struct{})}
}

// take waits until n bytes are free, or the whole budget for a larger n,
// and returns what it took.
func (b *budget) take(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 0), b.total)
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return n, nil
		}
		wait := b.freed
		b.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// charge counts n more bytes without waiting: the text a file turned out
// to hold, which may be far more than the file (a zipped spreadsheet).
func (b *budget) charge(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.free -= n
	b.mu.Unlock()
}

// release gives back what take returned or charge counted.
func (b *budget) release(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.free += n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}
