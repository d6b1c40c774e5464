package app

import (
	"context"
	"sync"

	"auditroom/backend/store"
)

// call runs a bound method's backend call on the unlocked store: the
// "locked" error when it is not unlocked, else f's result and error as
// they are. The transports turn the error into what the user sees
// (FormatError, and serve's answer), so a bound method is its call and
// nothing else.
func call[T any](s *Session, f func(ctx context.Context, h *store.Home) (T, error)) (T, error) {
	return callIn(context.Background(), s, f)
}

// callIn is call with the caller's context, for the calls a newer one
// cancels (a search, a page being drawn).
func callIn[T any](ctx context.Context, s *Session, f func(ctx context.Context, h *store.Home) (T, error)) (T, error) {
	h, err := s.open()
	if err != nil {
		var zero T
		return zero, err
	}
	return f(ctx, h)
}

// run is call for a method that returns only an error.
func run(s *Session, f func(ctx context.Context, h *store.Home) error) error {
	h, err := s.open()
	if err != nil {
		return err
	}
	return f(context.Background(), h)
}

// latest runs calls of which only the newest matters: starting one cancels
// the one still running (each keystroke in the search box, each page the
// reviewer turns faster than MuPDF draws). The zero value is ready.
type latest struct {
	mu     sync.Mutex
	n      uint64             // the newest call started
	cancel context.CancelFunc // cancels it; nil once it ended
}

// start cancels the running call and gives the new one its context, and
// the function to call when it ends.
func (l *latest) start() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	l.mu.Lock()
	if l.cancel != nil {
		l.cancel()
	}
	l.n++
	id := l.n
	l.cancel = cancel
	l.mu.Unlock()
	return ctx, func() {
		l.mu.Lock()
		if l.n == id {
			l.cancel = nil
		}
		l.mu.Unlock()
		cancel()
	}
}
