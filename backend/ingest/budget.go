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
	inFlightBytes       = 64 << 20
)

// budget bounds the bytes of the files being imported at once. A file
// larger than the whole budget waits until nothing else is in flight.
type budget struct {
	mu    sync.Mutex
	free  int64
	total int64
	freed chan struct{} // closed and replaced on each release
}

func newBudget(total int64) *budget {
	return &budget{free: total, total: total, freed: make(chan struct{})}
}

// take waits until n bytes are free (or all are, for a larger n).
func (b *budget) take(ctx context.Context, n int64) error {
	n = min(max(n, 0), b.total)
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return nil
		}
		wait := b.freed
		b.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (b *budget) release(n int64) {
	n = min(max(n, 0), b.total)
	b.mu.Lock()
	b.free += n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}
