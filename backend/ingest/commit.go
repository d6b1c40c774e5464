package ingest

import (
	"context"
	"sync"

	"auditroom/backend/store"
)

// A commit group holds at most this many files or this many bytes of
// content: enough that thousands of small files cost a few dozen
// transactions, few enough that a group is written in well under a second.
const (
	groupFiles = 256
	groupBytes = 16 << 20
)

// committer records files in groups: each importing goroutine hands its
// file over and waits, and one goroutine commits whatever has queued up
// meanwhile in one transaction (store.CommitCopies), each file with its
// own trail event. A lone file is committed at once, so no one waits for
// a group to fill.
type committer struct {
	h     *store.Home
	eng   string
	actor string

	once sync.Once
	reqs chan commitReq
}

type commitReq struct {
	ctx  context.Context
	c    store.Copy
	done chan commitRes
}

type commitRes struct {
	isNew bool
	err   error
}

// commit records one file with the next group and reports whether its
// content was new.
func (m *committer) commit(ctx context.Context, c store.Copy) (bool, error) {
	m.once.Do(func() {
		m.reqs = make(chan commitReq, groupFiles)
		go m.run()
	})
	r := commitReq{ctx: ctx, c: c, done: make(chan commitRes, 1)}
	m.reqs <- r
	res := <-r.done
	return res.isNew, res.err
}

// stop ends the committing goroutine once no file is waiting; commit must
// not be called after.
func (m *committer) stop() {
	if m.reqs != nil {
		close(m.reqs)
	}
}

func (m *committer) run() {
	for first := range m.reqs {
		group := []commitReq{first}
		size := len(first.c.Content)
	fill:
		for len(group) < groupFiles && size < groupBytes {
			select {
			case r, ok := <-m.reqs:
				if !ok {
					break fill
				}
				group = append(group, r)
				size += len(r.c.Content)
			default:
				break fill
			}
		}
		copies := make([]store.Copy, len(group))
		for i, r := range group {
			copies[i] = r.c
		}
		// The group is written under the first file's context: every file
		// of an import shares its cancellation. A group that queued up
		// after a cancel is dropped whole, so cancel stops commits at once.
		err := canceled(first.ctx)
		var isNew []bool
		if err == nil {
			isNew, err = m.h.CommitCopies(first.ctx, m.eng, m.actor, copies)
			if err == nil {
				killAfter.committed(len(copies))
				stopAfter.committed(len(copies))
			}
		}
		for i, r := range group {
			res := commitRes{err: err}
			if err == nil {
				res.isNew = isNew[i]
			}
			r.done <- res
		}
	}
}
