package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sort"
	"sync"
	"time"

	"auditroom/backend/audit"
)

// Job states.
const (
	JobRunning  = "running"
	JobDone     = "done"
	JobFailed   = "failed"
	JobCanceled = "canceled"
)

// progressEvery throttles progress events to about ten a second.
const progressEvery = 100 * time.Millisecond

// Job is a snapshot of long work: import, reindex, verify, report.
type Job struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`    // e.g. "verify"
	Title     string     `json:"title"`   // what the user sees in the jobs bar
	Stage     string     `json:"stage"`   // what it is doing now, e.g. "importing"
	Current   string     `json:"current"` // the item it is on, e.g. a file's path in the pack
	Done      uint64     `json:"done"`
	Total     uint64     `json:"total"`
	State     string     `json:"state"` // running, done, failed, canceled
	Error     *UIError   `json:"error,omitempty"`
	Result    any        `json:"result,omitempty"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
}

// Step is where a job's work is: its stage, the item it is on, and counts.
type Step struct {
	Stage       string
	Current     string
	Done, Total uint64
}

// Progress is how a job's work reports where it is.
type Progress func(Step)

// counted adapts a Progress to the backend's (stage, done, total) callbacks.
func (p Progress) counted(stage string, done, total int) {
	p(Step{Stage: stage, Done: uint64(done), Total: uint64(total)})
}

// Jobs is the registry of long work. Each job has a context the user can
// cancel; progress goes out as "job" events, throttled, with a final one.
type Jobs struct {
	events *Events
	mu     sync.Mutex
	jobs   map[string]*jobEntry
	wg     sync.WaitGroup
}

type jobEntry struct {
	job    Job
	cancel context.CancelFunc
	last   time.Time
}

// List returns every job of this session, newest first.
func (j *Jobs) List() ([]Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Job, 0, len(j.jobs))
	for _, e := range j.jobs {
		out = append(out, e.job)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].StartedAt.After(out[b].StartedAt) })
	return out, nil
}

// Get returns one job.
func (j *Jobs) Get(id string) (Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.jobs[id]
	if !ok {
		return Job{}, audit.Errorf(audit.ENOTFOUND, "no job %s", id)
	}
	return e.job, nil
}

// Cancel asks a running job to stop; the job ends as "canceled".
func (j *Jobs) Cancel(id string) (Job, error) {
	j.mu.Lock()
	e, ok := j.jobs[id]
	j.mu.Unlock()
	if !ok {
		return Job{}, audit.Errorf(audit.ENOTFOUND, "no job %s", id)
	}
	e.cancel()
	return j.Get(id)
}

// start runs work in its own goroutine, owned by the registry until it ends.
func (j *Jobs) start(kind, title string, work func(ctx context.Context, p Progress) (any, error)) Job {
	ctx, cancel := context.WithCancel(context.Background())
	e := &jobEntry{cancel: cancel, job: Job{
		ID: newJobID(), Kind: kind, Title: title, Stage: "starting",
		State: JobRunning, StartedAt: time.Now().UTC(),
	}}
	j.mu.Lock()
	if j.jobs == nil {
		j.jobs = map[string]*jobEntry{}
	}
	j.jobs[e.job.ID] = e
	snap := e.job
	j.mu.Unlock()
	j.events.Emit("job", snap)

	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		defer cancel()
		result, err := work(ctx, func(s Step) { j.progress(e, s) })
		j.finish(e, result, err)
	}()
	return snap
}

func (j *Jobs) progress(e *jobEntry, s Step) {
	j.mu.Lock()
	e.job.Stage, e.job.Current, e.job.Done, e.job.Total = s.Stage, s.Current, s.Done, s.Total
	now := time.Now()
	due := now.Sub(e.last) >= progressEvery
	if due {
		e.last = now
	}
	snap := e.job
	j.mu.Unlock()
	if due {
		j.events.Emit("job", snap)
	}
}

func (j *Jobs) finish(e *jobEntry, result any, err error) {
	j.mu.Lock()
	now := time.Now().UTC()
	e.job.EndedAt = &now
	switch {
	case err == nil:
		e.job.State, e.job.Result, e.job.Stage, e.job.Current = JobDone, result, "done", ""
	case audit.ErrorCode(err) == audit.ECANCELED || errors.Is(err, context.Canceled):
		e.job.State, e.job.Stage, e.job.Current = JobCanceled, "canceled", ""
		e.job.Error = &UIError{Code: audit.ECANCELED, Message: "canceled by the user"}
	default:
		e.job.State, e.job.Stage, e.job.Current = JobFailed, "failed", ""
		e.job.Error = uiError(err)
	}
	snap := e.job
	j.mu.Unlock()
	j.events.Emit("job", snap)
}

// cancelAll stops every running job and waits for them to end, so that the
// store can close under nobody's feet.
func (j *Jobs) cancelAll() {
	j.mu.Lock()
	for _, e := range j.jobs {
		e.cancel()
	}
	j.mu.Unlock()
	j.wg.Wait()
}

func newJobID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "job_" + hex.EncodeToString(b)
}
