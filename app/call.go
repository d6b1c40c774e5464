package app

import (
	"context"

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
