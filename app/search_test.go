package app

import (
	"context"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
)

func TestSearchBinding(t *testing.T) {
	a, e := unlocked(t)
	ix, err := a.Session.index(context.Background(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	ev := audit.Evidence{ID: "e1", Name: "review.pdf", Path: "q1/review.pdf", Pack: "p", Type: "pdf", Status: audit.Extracted, AsOf: "2026-03-31"}
	if err := ix.Add(context.Background(), ingest.Docs(ev, []audit.Part{{Page: 2, Text: "Quarterly access review signed"}}), nil); err != nil {
		t.Fatal(err)
	}

	res, err := a.Search.Run(e.ID, "acces~ review", 0, 0)
	if err != nil || res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Page != 2 || res.Hits[0].EvidenceID != "e1" {
		t.Fatalf("Run = %+v, %v; want e1 on page 2", res, err)
	}
	_, err = a.Search.Run(e.ID, `"unclosed`, 0, 0)
	if ue := shown(err); ue == nil || ue.Code != audit.EINVALID || ue.Message != "unclosed quote at position 1" {
		t.Errorf("bad syntax: %v", err)
	}

	// A search still running is cancelled by the next one. The first is
	// held where it waits for the session, the second started, then both
	// let go: the first ends cancelled, the second answers.
	a.Session.mu.Lock()
	first := make(chan error, 1)
	go func() {
		_, err := a.Search.Run(e.ID, "review", 0, 0)
		first <- err
	}()
	waitFor(t, func() bool {
		a.Search.latest.mu.Lock()
		defer a.Search.latest.mu.Unlock()
		return a.Search.latest.n == 3
	})
	second := make(chan error, 1)
	go func() {
		_, err := a.Search.Run(e.ID, "review", 0, 0)
		second <- err
	}()
	waitFor(t, func() bool {
		a.Search.latest.mu.Lock()
		defer a.Search.latest.mu.Unlock()
		return a.Search.latest.n == 4
	})
	a.Session.mu.Unlock()
	if err := <-first; audit.ErrorCode(err) != audit.ECANCELED {
		t.Errorf("the first search ended with %v, want canceled", err)
	}
	if err := <-second; err != nil {
		t.Errorf("the second search: %v", err)
	}
	a.Search.latest.mu.Lock()
	if a.Search.latest.cancel != nil {
		t.Errorf("a finished search left its cancel func behind")
	}
	a.Search.latest.mu.Unlock()

	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Search.Run(e.ID, "review", 0, 0); audit.ErrorCode(err) != audit.ELOCKED {
		t.Errorf("search when locked: %v", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("timed out")
		}
	}
}
