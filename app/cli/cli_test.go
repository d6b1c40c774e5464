package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is the auditroom binary built once for every test in this package, so
// that the CLI is exercised as a person meets it: a real process, real flags,
// real exit codes.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "auditroom-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "auditroom")
	build := exec.Command("go", "build", "-o", bin, "auditroom")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build auditroom:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// auditroom runs the binary with a clean environment: only the data folder
// and passphrase the test names, nothing from the developer's own setup.
func auditroom(t testing.TB, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

func mustJSON(t testing.TB, r result, v any) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
}

func createAcme(t testing.TB, env []string) string {
	t.Helper()
	var e struct {
		ID string `json:"id"`
	}
	mustJSON(t, auditroom(t, env, "engagement", "create", "--name", "Acme FY26", "--client", "Acme Holdings",
		"--type", "type2", "--period-start", "2026-01-01", "--period-end", "2026-12-31", "--json"), &e)
	if !strings.HasPrefix(e.ID, "eng_") {
		t.Fatalf("created engagement id = %q, want eng_…", e.ID)
	}
	return e.ID
}

func TestEngagementLifecycle(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)

	var list struct {
		Engagements []struct {
			ID, Name, Client, Type string
			PeriodStart            string   `json:"period_start"`
			Categories             []string `json:"categories"`
		} `json:"engagements"`
	}
	mustJSON(t, auditroom(t, env, "engagement", "list", "--json"), &list)
	if len(list.Engagements) != 1 {
		t.Fatalf("list has %d engagements, want 1: %+v", len(list.Engagements), list)
	}
	got := list.Engagements[0]
	if got.ID != id || got.Name != "Acme FY26" || got.Client != "Acme Holdings" || got.Type != "type2" ||
		got.PeriodStart != "2026-01-01" || strings.Join(got.Categories, ",") != "security" {
		t.Errorf("listed %+v, want the engagement just created (%s)", got, id)
	}

	// Nothing readable on disk: no file under the data folder holds the names.
	for _, needle := range []string{"Acme Holdings", "Acme FY26"} {
		filepath.WalkDir(data, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s holds %q in plain text", path, needle)
			}
			return nil
		})
	}

	var v struct {
		Intact      bool `json:"intact"`
		Engagements []struct {
			EngagementID string `json:"engagement_id"`
			Intact       bool   `json:"intact"`
			Events       int    `json:"events"`
		} `json:"engagements"`
	}
	mustJSON(t, auditroom(t, env, "verify", "--engagement", id, "--json"), &v)
	if !v.Intact || len(v.Engagements) != 1 || v.Engagements[0].Events != 1 || v.Engagements[0].EngagementID != id {
		t.Errorf("verify = %+v, want one intact trail of 1 event", v)
	}

	// The flags may also come before the command.
	r := auditroom(t, []string{"AUDITROOM_PASSPHRASE=correct horse battery"}, "--data", data, "--json", "engagement", "list")
	if r.code != 0 || !strings.Contains(r.stdout, id) {
		t.Errorf("global flags before the command: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestWrongPassphrase(t *testing.T) {
	data := t.TempDir()
	createAcme(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"})

	r := auditroom(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=wrong horse battery"}, "engagement", "list", "--json")
	if r.code != 1 || r.stderr != "auditroom: wrong passphrase\n" || r.stdout != "" {
		t.Errorf("wrong passphrase: exit %d, stdout %q, stderr %q; want 1 and \"auditroom: wrong passphrase\"", r.code, r.stdout, r.stderr)
	}
	// The store is undamaged: the right passphrase, given by file, still opens it.
	pf := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pf, []byte("correct horse battery\n"), 0o600)
	r = auditroom(t, []string{"AUDITROOM_DATA=" + data}, "engagement", "list", "--passphrase-file", pf)
	if r.code != 0 || !strings.Contains(r.stdout, "Acme FY26") {
		t.Errorf("after a wrong attempt: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// A passphrase file that cannot be read is named, with the reason.
func TestPassphraseFileErrors(t *testing.T) {
	data := t.TempDir()
	createAcme(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"})
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	missing := filepath.Join(dir, "missing")
	for file, want := range map[string]string{
		dir:     "auditroom: cannot read passphrase file " + dir + ": is a directory\n",
		missing: "auditroom: cannot read passphrase file " + missing + ": no such file or directory\n",
		empty:   "auditroom: passphrase file " + empty + " is empty\n",
	} {
		r := auditroom(t, []string{"AUDITROOM_DATA=" + data}, "engagement", "list", "--passphrase-file", file)
		if r.code != 1 || r.stderr != want {
			t.Errorf("--passphrase-file %s: exit %d, stderr %q; want 1 and %q", file, r.code, r.stderr, want)
		}
	}
}

func TestUsageAndErrors(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"engagement", "list", "--bogus"}, 2, "bogus"},
		{"missing name", []string{"engagement", "create", "--client", "C", "--type", "type2", "--period-start", "2026-01-01"}, 2, "--name is required"},
		{"bad type", []string{"engagement", "create", "--name", "N", "--client", "C", "--type", "type3", "--period-start", "2026-01-01"}, 1, "type must be type1 or type2"},
		{"bad date", []string{"engagement", "create", "--name", "N", "--client", "C", "--type", "type2", "--period-start", "2026-13-01", "--period-end", "2026-12-31"}, 1, "period start \"2026-13-01\" is not a date"},
		{"end before start", []string{"engagement", "create", "--name", "N", "--client", "C", "--type", "type2", "--period-start", "2026-06-01", "--period-end", "2026-01-01"}, 1, "must be after period start"},
		{"bad date order", []string{"engagement", "create", "--name", "N", "--client", "C", "--type", "type2", "--period-start", "2026-01-01", "--period-end", "2026-12-31", "--date-order", "ymd"}, 1, `date order "ymd" must be dmy or mdy`},
		{"unknown category", []string{"engagement", "create", "--name", "N", "--client", "C", "--type", "type2", "--period-start", "2026-01-01", "--period-end", "2026-12-31", "--categories", "security,vibes"}, 1, `unknown trust services category "vibes"`},
		{"verify before any data", []string{"verify"}, 1, "no audit room data in"},
		{"serve off loopback", []string{"serve", "--addr", "0.0.0.0:0"}, 1, "not a loopback address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := auditroom(t, env, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("auditroom %v: exit %d, stderr %q; want exit %d and one line containing %q", tc.args, r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
	// No failed command created a store.
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("failed commands left %d entries in the data folder", len(entries))
	}
}

func TestEmptyListAndVersion(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir()}
	var list struct {
		Engagements []any `json:"engagements"`
	}
	mustJSON(t, auditroom(t, env, "engagement", "list", "--json"), &list)
	if list.Engagements == nil || len(list.Engagements) != 0 {
		t.Errorf("empty data folder lists %v, want []", list.Engagements)
	}
	var v struct{ Version, Go string }
	mustJSON(t, auditroom(t, env, "version", "--json"), &v)
	if v.Version == "" || !strings.HasPrefix(v.Go, "go1.") {
		t.Errorf("version = %+v", v)
	}
}

func TestDemoCreatesThenReopens(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=demo-passphrase"}
	type build struct {
		Engagement struct{ ID, Name string } `json:"engagement"`
		Created    bool                      `json:"created"`
		Controls   int                       `json:"controls"`
		Requests   int                       `json:"requests"`
		Evidence   struct {
			FilesTotal int               `json:"files_total"`
			Imported   int               `json:"imported"`
			Failed     []json.RawMessage `json:"failed"`
		} `json:"evidence"`
		Linked   int `json:"linked"`
		Pinned   int `json:"pinned"`
		Reviewed int `json:"reviewed"`
	}
	var first, second build
	mustJSON(t, auditroom(t, env, "demo", "--json"), &first)
	mustJSON(t, auditroom(t, env, "demo", "--json"), &second)
	if !first.Created || second.Created || first.Engagement.ID != second.Engagement.ID || !strings.Contains(first.Engagement.Name, "demo") {
		t.Errorf("demo twice: %+v then %+v; want created once, then the same engagement reopened", first, second)
	}
	if first.Controls == 0 || first.Requests == 0 || first.Evidence.Imported < first.Evidence.FilesTotal || len(first.Evidence.Failed) != 0 ||
		first.Linked == 0 || first.Pinned == 0 || first.Reviewed == 0 {
		t.Errorf("first demo: %+v; want controls, requests, every file imported, links, pins and reviewed requests", first)
	}
	if second.Controls != first.Controls || second.Evidence.FilesTotal != first.Evidence.FilesTotal || second.Evidence.Imported != 0 ||
		second.Linked != 0 || second.Pinned != 0 || second.Reviewed != 0 {
		t.Errorf("second demo: %+v; want the same engagement and nothing new", second)
	}

	// The evidence came in through the embedded files and is searchable.
	var hits searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", first.Engagement.ID, "--json", `"emergency change" type:eml`), &hits)
	if hits.Total == 0 || !strings.HasPrefix(hits.Hits[0].Name, "emergency-change-approval-") {
		t.Errorf("search for the emergency change approval: %+v", hits)
	}
}
