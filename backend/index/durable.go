package index

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"auditroom/backend/audit"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Bleve's scorch index can make each batch wait until it is written to
// disk, or return once the batch is searchable and write it in the
// background. Waiting makes every batch a file of its own, which the
// persister writes a second time to encrypt it and the merger rewrites
// again and again; writing in the background lets the persister merge the
// batches that arrived meanwhile into one file as it encrypts them. So
// batches return early, each says when it is on disk (Add's durable), and a
// bounded number may wait in memory. An import marks files indexed only
// once they are durable, so a kill loses nothing it claimed.

// maxInMemory bounds the batches added but not yet on disk; each holds its
// documents' segment (a few megabytes at most) in memory.
const maxInMemory = 16

// persisterNap is how long (ms) the persister waits after writing, so that
// the next write merges the batches that arrived meanwhile; a search sees
// them at once all the same.
const persisterNap = 300

// asyncErrors names the callback through which Bleve reports a failure to
// write, which it otherwise retries without telling the batch.
const asyncErrors = "auditroom"

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrors] = func(err error, path string) {
		keys.RLock()
		o := keys.byDir[filepath.Clean(path)]
		keys.RUnlock()
		if o != nil {
			o.disk.fail(err)
		}
	}
}

// config is the scorch configuration of every index.
func config() map[string]any {
	return map[string]any{
		"unsafe_batch":           true,
		"asyncErrorCallbackName": asyncErrors,
		"scorchPersisterOptions": map[string]any{
			"PersisterNapTimeMSec":      persisterNap,
			"PersisterNapUnderNumFiles": 1000,
		},
	}
}

// durability counts the batches not yet on disk.
type durability struct {
	dir     string // the index's folder
	mu      sync.Mutex
	cond    *sync.Cond
	pending int
	err     error // the persister's last failure, until a batch succeeds
}

func newDurability(dir string) *durability {
	d := &durability{dir: dir}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// reserve waits for room for one more batch in memory.
func (d *durability) reserve() error {
	defer d.watch()()
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.pending >= maxInMemory && d.err == nil {
		d.cond.Wait()
	}
	if d.err != nil {
		return d.err
	}
	d.pending++
	return nil
}

// done records that a batch is on disk (ok) or was never added.
func (d *durability) done(ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending--
	if ok {
		d.err = nil // the persister got past whatever stopped it
	}
	d.cond.Broadcast()
}

func (d *durability) fail(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.err = err
	d.cond.Broadcast()
}

// watch looks, while a wait lasts, for the index's folder being removed or
// moved: Bleve's persister then retries for ever, and a wait for it would
// never end. It returns the function that ends the watch.
func (d *durability) watch() (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if _, err := os.Stat(d.dir); err != nil {
					d.fail(err)
				}
			}
		}
	}()
	return func() { close(done) }
}

// wait blocks until every batch is on disk or writing them fails.
func (d *durability) wait() error {
	defer d.watch()()
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.pending > 0 && d.err == nil {
		d.cond.Wait()
	}
	return d.err
}

// failed names the index's folder and the cause of a failed write.
func (d *durability) failed(err error) error {
	return writeError(d.dir, err, "write search index")
}

// writeError names the index's folder and the cause of a failed write
// when the disk is at fault, else says what failed.
func writeError(dir string, err error, what string) error {
	if f := audit.DiskFault(dir, err); f != nil {
		return f
	}
	return audit.Wrap(audit.EINTERNAL, err, "%s", what)
}
