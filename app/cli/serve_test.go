package cli_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServe runs `auditroom serve` with env added to a clean environment
// and returns its URL; the process is stopped with SIGINT when the test
// ends and must exit cleanly.
func startServe(t *testing.T, data string, env ...string) *url.URL {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--json", "--data", data)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve did not exit cleanly on SIGINT: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("serve did not stop within 10 s of SIGINT")
		}
	})
	var info struct {
		URL string `json:"url"`
	}
	if err := json.NewDecoder(out).Decode(&info); err != nil {
		t.Fatalf("read serve's JSON: %v", err)
	}
	go io.Copy(io.Discard, out)
	u, err := url.Parse(info.URL)
	if err != nil || u.Query().Get("token") == "" || !strings.HasPrefix(u.Host, "127.0.0.1:") {
		t.Fatalf("serve printed %q, want a loopback URL with a token", info.URL)
	}
	return u
}

// call posts to /api/call as the frontend's browser transport does.
func call(t *testing.T, u *url.URL, token, host, method string, args ...any) (int, string) {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	body, _ := json.Marshal(map[string]any{"method": method, "args": args})
	req, _ := http.NewRequest("POST", "http://"+u.Host+"/api/call", strings.NewReader(string(body)))
	if host != "" {
		req.Host = host
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeTransport(t *testing.T) {
	u := startServe(t, t.TempDir())
	token := u.Query().Get("token")

	for _, tc := range []struct {
		name, token, host, method string
		args                      []any
		status                    int
		want                      string
	}{
		{"no token", "", "", "app.Session.Status", nil, 401, "wrong token"},
		{"wrong token", "nope", "", "app.Session.Status", nil, 401, "wrong token"},
		{"foreign host", token, "evil.example:80", "app.Session.Status", nil, 403, "forbidden host"},
		{"status", token, "", "app.Session.Status", nil, 200, `"initialized":false`},
		{"locked", token, "", "app.Engagements.List", nil, 403, `"code":"locked"`},
		{"short passphrase", token, "", "app.Session.Create", []any{"short"}, 400, `"code":"invalid"`},
		{"create", token, "", "app.Session.Create", []any{"correct horse battery"}, 200, `"unlocked":true`},
		{"unknown method", token, "", "app.Session.Explode", nil, 404, "no method"},
		{"wrong arity", token, "", "app.Engagements.Get", nil, 400, "takes 1 arguments"},
		{"new engagement", token, "", "app.Engagements.Create", []any{map[string]any{
			"name": "Acme FY26", "client": "Acme Holdings", "type": "type2",
			"period_start": "2026-01-01", "period_end": "2026-12-31", "categories": []string{"availability"}}}, 200, `"categories":["security","availability"]`},
		{"invalid engagement", token, "", "app.Engagements.Create", []any{map[string]any{"name": "X"}}, 400, "client is required"},
		{"list", token, "", "app.Engagements.List", nil, 200, `"name":"Acme FY26"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := call(t, u, tc.token, tc.host, tc.method, tc.args...)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Errorf("%s: status %d, body %s; want %d containing %s", tc.method, status, body, tc.status, tc.want)
			}
		})
	}

	// Cross-site pages may not call in, even with the token.
	req, _ := http.NewRequest("POST", "http://"+u.Host+"/api/call", strings.NewReader(`{"method":"app.Session.Status","args":[]}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Origin", "http://evil.example")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("foreign Origin: %v %v, want 403", resp.StatusCode, err)
	}
}

func TestServeEventsCarryJobProgress(t *testing.T) {
	u := startServe(t, t.TempDir())
	token := u.Query().Get("token")
	if s, b := call(t, u, token, "", "app.Session.Create", "correct horse battery"); s != 200 {
		t.Fatalf("create: %d %s", s, b)
	}
	_, b := call(t, u, token, "", "app.Engagements.Create", map[string]any{
		"name": "Acme FY26", "client": "Acme Holdings", "type": "type2", "period_start": "2026-01-01", "period_end": "2026-12-31"})
	var e struct{ ID string }
	json.Unmarshal([]byte(b), &e)

	resp, err := http.Get("http://" + u.Host + "/api/events?token=" + token)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("events: %v %v", resp, err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // ": connected" comes once the subscription is in place
	if s, b := call(t, u, token, "", "app.Engagements.Verify", e.ID); s != 200 || !strings.Contains(b, `"kind":"verify"`) {
		t.Fatalf("verify: %d %s", s, b)
	}
	// Read events until the job's final snapshot arrives.
	deadline := time.AfterFunc(20*time.Second, func() { resp.Body.Close() })
	defer deadline.Stop()
	event := ""
	for lines.Scan() {
		line := lines.Text()
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			event = name
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || event != "job" {
			continue
		}
		var job struct {
			State  string `json:"state"`
			Result struct {
				Intact bool `json:"intact"`
				Events int  `json:"events"`
			} `json:"result"`
		}
		if err := json.Unmarshal([]byte(data), &job); err != nil {
			t.Fatalf("job event %q: %v", data, err)
		}
		if job.State == "running" {
			continue
		}
		if job.State != "done" || !job.Result.Intact || job.Result.Events != 1 {
			t.Fatalf("final job event %s, want done with an intact trail of 1 event", data)
		}
		return
	}
	t.Fatal("no final job event arrived over server-sent events")
}

// AUDITROOM_ACTOR is who the served app records: a second person can take
// the keyboard on the same data folder.
func TestServeActor(t *testing.T) {
	u := startServe(t, t.TempDir(), "AUDITROOM_ACTOR= rita ")
	token := u.Query().Get("token")
	if s, b := call(t, u, token, "", "app.Session.Create", "correct horse battery"); s != 200 {
		t.Fatalf("create: %d %s", s, b)
	}
	s, b := call(t, u, token, "", "app.Engagements.Create", map[string]any{
		"name": "Acme FY26", "client": "Acme Holdings", "type": "type2", "period_start": "2026-01-01", "period_end": "2026-12-31"})
	if s != 200 || !strings.Contains(b, `"created_by":"rita"`) {
		t.Errorf("engagement created as %d %s, want by rita", s, b)
	}

	r := auditroom(t, []string{"AUDITROOM_ACTOR=rita\nroot"}, "serve", "--data", t.TempDir())
	if r.code != 2 || !strings.Contains(r.stderr, "AUDITROOM_ACTOR must be a name on one line") {
		t.Errorf("a two-line actor: exit %d, %s", r.code, r.stderr)
	}
}

// serve refuses an address that is not loopback, naming it, and binds
// nothing.
func TestServeRefusesOtherAddresses(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	r := auditroom(t, env, "serve", "--addr", "0.0.0.0:0")
	want := "auditroom: address \"0.0.0.0:0\" is not a loopback address (0.0.0.0 is 0.0.0.0): serve listens on this machine only\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("serve --addr 0.0.0.0:0: exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
}
