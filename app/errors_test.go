package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// wailsCallback is the message Wails' dispatcher sends the window for a
// call (internal/frontend/dispatcher/calls.go, CallbackMessage): the
// formatter's value marshalled as "error". The runtime then rejects the
// call with `error instanceof Error ? error : new Error(error)`.
type wailsCallback struct {
	Result     any    `json:"result"`
	Err        any    `json:"error"`
	CallbackID string `json:"callbackid"`
}

// windowError is what the frontend reads of a failed call in the window:
// the message of the Error the runtime rejects with. Only a string keeps
// its text through new Error(); an object would read "[object Object]".
func windowError(t *testing.T, err error) string {
	t.Helper()
	msg, merr := json.Marshal(wailsCallback{CallbackID: "app.Engagements.Get-1", Err: FormatError(err)})
	if merr != nil {
		t.Fatal(merr)
	}
	var got struct {
		Error any `json:"error"`
	}
	if err := json.Unmarshal(msg, &got); err != nil {
		t.Fatal(err)
	}
	text, ok := got.Error.(string)
	if !ok {
		t.Fatalf("the callback's error is %T (%s): new Error() would show it as [object Object]", got.Error, msg)
	}
	return text
}

func TestWindowErrorIsCodeAndMessage(t *testing.T) {
	a, _ := unlocked(t)
	_, err := a.Engagements.Get("eng_0123456789ab")
	if got, want := windowError(t, err), `{"code":"not_found","message":"no engagement eng_0123456789ab"}`; got != want {
		t.Errorf("not found: the window reads %s, want %s", got, want)
	}

	// Uncoded errors are logged in full and shown as "internal error".
	var logged bytes.Buffer
	log.SetOutput(&logged)
	got := windowError(t, fmt.Errorf("read the key file: %w", io.ErrUnexpectedEOF))
	log.SetOutput(os.Stderr)
	if want := `{"code":"internal","message":"internal error"}`; got != want {
		t.Errorf("uncoded: the window reads %s, want %s", got, want)
	}
	if !strings.Contains(logged.String(), "internal error: read the key file: unexpected EOF") {
		t.Errorf("uncoded error logged as %q", logged.String())
	}
}

// serve answers a failed call with the very text the window's call is
// rejected with, for the same error of the same bound method.
func TestServeErrorIsTheWindowError(t *testing.T) {
	a, _ := unlocked(t)
	srv, err := Listen(a, fstest.MapFS{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	post := func(method string, args ...any) (int, string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"method": method, "args": args})
		req, _ := http.NewRequest("POST", "http://"+srv.host+"/api/call", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	_, notFound := a.Engagements.Get("eng_0123456789ab")
	_, again := a.Session.Create("correct horse battery")
	for _, tc := range []struct {
		method string
		args   []any
		err    error
		status int
	}{
		{"app.Engagements.Get", []any{"eng_0123456789ab"}, notFound, http.StatusNotFound},
		{"app.Session.Create", []any{"correct horse battery"}, again, http.StatusConflict},
	} {
		status, body := post(tc.method, tc.args...)
		if want := windowError(t, tc.err); status != tc.status || body != want {
			t.Errorf("%s: serve answers %d %s; want %d and the window's %s", tc.method, status, body, tc.status, want)
		}
	}

	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	_, locked := a.Engagements.List()
	status, body := post("app.Engagements.List")
	want := `{"code":"locked","message":"audit room is locked: unlock it with your passphrase"}`
	if windowError(t, locked) != want || status != http.StatusForbidden || body != want {
		t.Errorf("locked: the window reads %s, serve answers %d %s; want both %s", windowError(t, locked), status, body, want)
	}
}
