package app

import "sync"

// Events fans out named events to whichever transport listens: the Wails
// runtime in the window, server-sent events in the browser.
type Events struct {
	mu    sync.Mutex
	sinks map[int]func(name string, data any)
	next  int
}

// Listen registers a sink and returns the function that removes it.
func (e *Events) Listen(sink func(name string, data any)) (stop func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sinks == nil {
		e.sinks = map[int]func(string, any){}
	}
	id := e.next
	e.next++
	e.sinks[id] = sink
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		delete(e.sinks, id)
	}
}

// Emit sends an event to every sink. Sinks must not block.
func (e *Events) Emit(name string, data any) {
	e.mu.Lock()
	sinks := make([]func(string, any), 0, len(e.sinks))
	for _, s := range e.sinks {
		sinks = append(sinks, s)
	}
	e.mu.Unlock()
	for _, s := range sinks {
		s(name, data)
	}
}
