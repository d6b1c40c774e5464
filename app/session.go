package app

import (
	"context"
	"sync"

	"auditroom/backend/audit"
	"auditroom/backend/store"
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
}

// Session holds the unlocked store. Locking closes it; nothing stays open
// or cached in memory once locked.
type Session struct {
	dir   string
	actor string
	start string
	jobs  *Jobs

	mu   sync.Mutex
	home *store.Home
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
		st.StartEngagement = s.start
	}
	return st
}

// Create makes the encrypted store on first use and unlocks it.
func (s *Session) Create(passphrase string) (SessionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.home != nil {
		return s.status(), ui(audit.Errorf(audit.ECONFLICT, "audit room is already unlocked"))
	}
	h, err := store.Create(context.Background(), s.dir, passphrase)
	if err != nil {
		return s.status(), ui(err)
	}
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
		return s.status(), ui(err)
	}
	s.home = h
	return s.status(), nil
}

// Lock stops running jobs and closes the store.
func (s *Session) Lock() (SessionStatus, error) {
	s.jobs.cancelAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.home != nil {
		err = s.home.Close()
		s.home = nil
	}
	return s.status(), ui(err)
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
