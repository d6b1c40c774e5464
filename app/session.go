package app

import (
	"context"
	"errors"
	"sync"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
	"auditroom/backend/store"
	"auditroom/backend/worker"
)

// SessionStatus tells the UI which screen to show.
type SessionStatus struct {
	Initialized bool   `json:"initialized"` // a passphrase has been created for the data folder
	Unlocked    bool   `json:"unlocked"`
	DataDir     string `json:"data_dir"`
	Version     string `json:"version"`
	// StartEngagement is the engagement to open first, when the app was
	// started on one (the demo); empty otherwise.
	StartEngagement string `json:"start_engagement,omitempty"`
	// Actor is who is at the keyboard, as the trail and sign-offs record
	// them; set once unlocked.
	Actor string `json:"actor,omitempty"`
}

// Session holds the unlocked store. Locking closes it; nothing stays open
// or cached in memory once locked.
type Session struct {
	dir   string
	actor string
	start string
	jobs  *Jobs

	mu      sync.Mutex
	home    *store.Home
	indexes map[string]*index.Index // open search indexes, by engagement
	pool    *worker.Pool            // parser processes, started on first use
	viewer  *worker.Pool            // processes drawing pages for the viewer, apart so an import does not hold them up
}

// Status reports whether the data folder exists and is unlocked.
func (s *Session) Status() (SessionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status(), nil
}

func (s *Session) status() SessionStatus {
	st := SessionStatus{
		Initialized: store.Initialized(s.dir),
		Unlocked:    s.home != nil,
		DataDir:     s.dir,
		Version:     Version,
	}
	if st.Unlocked {
		st.StartEngagement, st.Actor = s.start, s.actor
	}
	return st
}

// Create makes the encrypted store on first use and unlocks it.
func (s *Session) Create(passphrase string) (SessionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.home != nil {
		return s.status(), audit.Errorf(audit.ECONFLICT, "audit room is already unlocked")
	}
	h, err := store.Create(context.Background(), s.dir, passphrase)
	if err != nil {
		return s.status(), err
	}
	scheduleBackups(h, s.actor, passphrase)
	s.home = h
	return s.status(), nil
}

// Unlock opens the store with the passphrase.
func (s *Session) Unlock(passphrase string) (SessionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.home != nil {
		return s.status(), nil
	}
	h, err := store.Open(context.Background(), s.dir, passphrase)
	if err != nil {
		return s.status(), err
	}
	scheduleBackups(h, s.actor, passphrase)
	s.home = h
	return s.status(), nil
}

// Lock stops running jobs and closes the store.
func (s *Session) Lock() (SessionStatus, error) {
	s.jobs.cancelAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for id, ix := range s.indexes {
		errs = append(errs, ix.Close())
		delete(s.indexes, id)
	}
	if s.pool != nil {
		s.pool.Close()
		s.pool = nil
	}
	if s.viewer != nil {
		s.viewer.Close()
		s.viewer = nil
	}
	if s.home != nil {
		errs = append(errs, s.home.Close())
		s.home = nil
	}
	return s.status(), errors.Join(errs...)
}

// Adopt makes an already-open store the session's, for the CLI's demo
// command which opens the window on a store it has just unlocked.
func (s *Session) Adopt(h *store.Home) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.home = h
}

// open returns the unlocked store or an ELOCKED error.
func (s *Session) open() (*store.Home, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.home == nil {
		return nil, audit.Errorf(audit.ELOCKED, "audit room is locked: unlock it with your passphrase")
	}
	return s.home, nil
}

// index returns an engagement's open search index, opening (and if need
// be rebuilding) it on first use.
func (s *Session) index(ctx context.Context, engagementID string) (*index.Index, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.home == nil {
		return nil, audit.Errorf(audit.ELOCKED, "audit room is locked: unlock it with your passphrase")
	}
	if ix, ok := s.indexes[engagementID]; ok {
		return ix, nil
	}
	ix, err := ingest.OpenIndex(ctx, s.home, engagementID)
	if err != nil {
		return nil, err
	}
	if s.indexes == nil {
		s.indexes = map[string]*index.Index{}
	}
	s.indexes[engagementID] = ix
	return ix, nil
}

// parsers returns the pool of parser processes.
func (s *Session) parsers() *worker.Pool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pool == nil {
		s.pool = worker.NewPool(workerCommand(), 0, extract.Options{Tesseract: Tesseract()})
	}
	return s.pool
}

// renderers returns the viewer's pool: two processes, so that a page is
// drawn while an import keeps every parser busy, and the next page while
// one is still being drawn.
func (s *Session) renderers() *worker.Pool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.viewer == nil {
		s.viewer = worker.NewPool(workerCommand(), 2, extract.Options{})
	}
	return s.viewer
}

func workerCommand() []string {
	cmd, err := WorkerCommand()
	if err != nil {
		return []string{"auditroom", "worker"}
	}
	return cmd
}
