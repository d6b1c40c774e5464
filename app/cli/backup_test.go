package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/agefile"
)

const (
	passA = "AUDITROOM_PASSPHRASE=correct horse battery"
	passB = "AUDITROOM_PASSPHRASE=another passphrase"
)

// backedUp builds an engagement from nothing (controls, populations,
// samples, tests with results, findings, through the store) with a file
// imported by the real import, and writes its backup with the data
// folder's passphrase. It returns the folder's environment, the
// engagement ID, the backup and the backup's --json result.
func backedUp(t *testing.T) (env []string, id, file string, res backupResult) {
	t.Helper()
	env, fx := builtEngagement(t)
	pack := filepath.Join(t.TempDir(), "pack")
	os.MkdirAll(pack, 0o755)
	os.WriteFile(filepath.Join(pack, "wombat.txt"), []byte("Wombat backup register, signed 2026-02-01\n"), 0o644)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", fx.ID, "--json", pack), &sum)
	file = filepath.Join(t.TempDir(), "acme.age")
	mustJSON(t, auditroom(t, env, "engagement", "backup", "--engagement", fx.ID, "--out", file, "--json"), &res)
	return env, fx.ID, file, res
}

type backupResult struct {
	EngagementID string `json:"engagement_id"`
	Entries      int
	Evidence     int
	TrailSeq     uint64 `json:"trail_seq"`
	TrailHead    string `json:"trail_head"`
}

type restoreResult struct {
	Engagement struct{ ID, Name string }
	From       string
	Evidence   int
	Intact     bool
	Events     uint64
	NotIndexed int `json:"not_indexed"`
}

// second is another data folder, with a passphrase of its own and an
// engagement of its own.
func second(t *testing.T) []string {
	t.Helper()
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), passB}
	mustJSON(t, auditroom(t, env, "engagement", "create", "--name", "Other FY26", "--client", "Other Ltd",
		"--type", "type1", "--period-start", "2026-06-30", "--json"), &struct{}{})
	return env
}

func passFile(t *testing.T, pass string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(p, []byte(pass+"\n"), 0o600)
	return p
}

// view is what a person compares between two copies of an engagement:
// its evidence, tests, findings and what a search finds.
func view(t *testing.T, env []string, id string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"evidence", "list", "--engagement", id, "--json"},
		{"test", "list", "--engagement", id, "--json"},
		{"finding", "list", "--engagement", id, "--json"},
		{"search", "--engagement", id, "--json", "wombat"},
	} {
		r := auditroom(t, env, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d, %s", args, r.code, r.stderr)
		}
		var v any
		json.Unmarshal([]byte(r.stdout), &v)
		if m, ok := v.(map[string]any); ok {
			delete(m, "took_ms") // a search's own timing
		}
		out, _ := json.Marshal(v)
		b.Write(out)
		b.WriteByte('\n')
	}
	return b.String()
}

// folderState is what a person sees of a data folder: its engagements and
// their trails, and the engagement folders on disk.
func folderState(t *testing.T, env []string) string {
	t.Helper()
	var list, v any
	mustJSON(t, auditroom(t, env, "engagement", "list", "--json"), &list)
	mustJSON(t, auditroom(t, env, "verify", "--json"), &v)
	var data string
	for _, e := range env {
		if d, ok := strings.CutPrefix(e, "AUDITROOM_DATA="); ok {
			data = d
		}
	}
	entries, _ := os.ReadDir(filepath.Join(data, "engagements"))
	var dirs []string
	for _, e := range entries {
		dirs = append(dirs, e.Name())
	}
	return fmt.Sprintf("%v\n%v\n%v", list, v, dirs)
}

// TestBackupRestore backs up an engagement built from nothing, restores it
// into a second data folder with its own passphrase, and finds there the
// same evidence, tests, findings and search hits, and a trail that
// verifies with the restore as its last event.
func TestBackupRestore(t *testing.T) {
	env, id, file, res := backedUp(t)
	if res.EngagementID != id || res.Evidence != 3 {
		t.Fatalf("backup = %+v; want %s with 3 evidence files (two CSV lists and wombat.txt)", res, id)
	}
	raw, _ := os.ReadFile(file)
	for _, plain := range []string{"Wombat", "Acme", "Müller", "AC-01"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("the backup file holds %q in the clear", plain)
		}
	}
	other := second(t)
	var got restoreResult
	mustJSON(t, auditroom(t, other, "engagement", "restore", "--backup-passphrase-file", passFile(t, "correct horse battery"), "--json", file), &got)
	if got.Engagement.ID != id || got.From != id || got.Evidence != 3 || !got.Intact || got.Events != res.TrailSeq+1 || got.NotIndexed != 0 {
		t.Fatalf("restore = %+v; want %s, 3 files, an intact trail of %d events (the restore last), all indexed", got, id, res.TrailSeq+1)
	}
	if a, b := view(t, env, id), view(t, other, id); a != b {
		t.Errorf("restored engagement differs:\n%s\nfrom the original:\n%s", b, a)
	}
	mustFind(t, other, id, "wombat", "wombat.txt")
	var trail verifyOut
	mustJSON(t, auditroom(t, other, "verify", "--json"), &trail)
	if !trail.Intact || len(trail.Engagements) != 2 {
		t.Errorf("verify after the restore: %+v", trail)
	}

	// The same ID again is refused; --as-new keeps both.
	before := folderState(t, other)
	r := auditroom(t, other, "engagement", "restore", "--backup-passphrase-file", passFile(t, "correct horse battery"), file)
	want := fmt.Sprintf("auditroom: engagement %s (Acme FY26) already exists in data folder %s: restore acme.age with --as-new to keep both\n", id, strings.TrimPrefix(other[0], "AUDITROOM_DATA="))
	if r.code != 1 || r.stderr != want {
		t.Errorf("restoring an ID the folder has: exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
	if after := folderState(t, other); after != before {
		t.Errorf("a refused restore changed the folder:\n%s\nwas\n%s", after, before)
	}
	var again restoreResult
	mustJSON(t, auditroom(t, other, "engagement", "restore", "--as-new", "--backup-passphrase-file", passFile(t, "correct horse battery"), "--json", file), &again)
	if again.Engagement.ID == id || again.From != id || again.Engagement.Name != "Acme FY26" || !again.Intact {
		t.Fatalf("restore --as-new = %+v", again)
	}
	mustFind(t, other, again.Engagement.ID, "wombat", "wombat.txt")

	// Into a data folder not made yet, as on a new machine.
	fresh := []string{"AUDITROOM_DATA=" + filepath.Join(t.TempDir(), "new"), passA}
	mustJSON(t, auditroom(t, fresh, "engagement", "restore", "--json", file), &got)
	if got.Engagement.ID != id || !got.Intact {
		t.Fatalf("restore into a new folder = %+v", got)
	}
	mustFind(t, fresh, id, "wombat", "wombat.txt")
}

// TestRestoreRefuses gives restore a file cut short, one with a byte
// changed, the wrong passphrase and files that are no backup: each is
// refused naming the file and why, and the target folder is as it was.
func TestRestoreRefuses(t *testing.T) {
	_, _, file, _ := backedUp(t)
	raw, _ := os.ReadFile(file)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	tampered := slices.Clone(raw)
	tampered[len(tampered)/2] ^= 0x20
	// An age file with the right passphrase that holds something else.
	var foreignAge bytes.Buffer
	w, _ := agefile.Encrypt(&foreignAge, "correct horse battery", 10)
	w.Write([]byte(`{"format":"auditroom-packet","version":1}`))
	w.Close()
	other := second(t)
	okPass := passFile(t, "correct horse battery")
	cases := []struct {
		name, file, pass, want string
	}{
		{"cut short", write("cut.age", raw[:len(raw)*2/3]), okPass,
			"auditroom: backup cut.age is not intact: it is damaged, cut short or was altered after it was made; nothing was restored"},
		{"a byte changed", write("tampered.age", tampered), okPass,
			"auditroom: backup tampered.age is not intact: it is damaged, cut short or was altered after it was made; nothing was restored"},
		{"wrong passphrase", file, "", "auditroom: the passphrase does not open backup acme.age"},
		{"plain text", write("notes.age", []byte("Wombat notes\n")), okPass, "auditroom: notes.age is not an Audit Room backup"},
		{"another age file", write("packet.age", foreignAge.Bytes()), okPass, "auditroom: packet.age is not an Audit Room backup"},
	}
	before := folderState(t, other)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"engagement", "restore", c.file}
			if c.pass != "" {
				args = []string{"engagement", "restore", "--backup-passphrase-file", c.pass, c.file}
			}
			r := auditroom(t, other, args...)
			if r.code != 1 || strings.TrimSpace(r.stderr) != c.want {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, c.want)
			}
			if after := folderState(t, other); after != before {
				t.Errorf("a refused restore changed the folder:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// TestRestoreKilled kills a restore at points spread over its writes, after
// its last write, and after it registered the engagement: the folder then
// holds either what it held before or the whole engagement, never part of
// it, and a restore after a kill gives what a clean one does.
func TestRestoreKilled(t *testing.T) {
	env, id, file, res := backedUp(t)
	want := view(t, env, id)
	backupPass := passFile(t, "correct horse battery")
	points := []string{}
	for _, n := range spread(res.Entries, 5) {
		points = append(points, fmt.Sprintf("restore.put:%d", n))
	}
	points = append(points, "restore.written:1", "restore.registered:1")
	for _, point := range points {
		t.Run(point, func(t *testing.T) {
			other := second(t)
			before := folderState(t, other)
			killedAt(t, other, point, "engagement", "restore", "--backup-passphrase-file", backupPass, file)
			var list struct{ Engagements []struct{ ID string } }
			mustJSON(t, auditroom(t, other, "engagement", "list", "--json"), &list)
			switch len(list.Engagements) {
			case 1: // as it was
				if point == "restore.registered:1" {
					t.Fatalf("killed after registering, the engagement is not there")
				}
				var v verifyOut
				mustJSON(t, auditroom(t, other, "verify", "--json"), &v)
				if !v.Intact || len(v.Engagements) != 1 {
					t.Fatalf("verify after the kill: %+v", v)
				}
				var got restoreResult
				mustJSON(t, auditroom(t, other, "engagement", "restore", "--backup-passphrase-file", backupPass, "--json", file), &got)
				if !got.Intact || got.Engagement.ID != id {
					t.Fatalf("restore after the kill: %+v", got)
				}
			case 2: // whole
				if point != "restore.registered:1" {
					t.Fatalf("killed at %s, before registering, the engagement is listed: %+v", point, list)
				}
			default:
				t.Fatalf("after the kill the folder lists %+v (it held %s)", list, before)
			}
			mustVerify(t, other)
			if got := view(t, other, id); got != want {
				t.Errorf("restored after a kill at %s:\n%s\nwant\n%s", point, got, want)
			}
		})
	}
}

// killedAt runs the binary with AUDITROOM_TEST_KILL_AT=point and fails
// unless it was killed there.
func killedAt(t *testing.T, env []string, point string, args ...string) {
	t.Helper()
	importKilledAfter(t, append([]string{"AUDITROOM_TEST_KILL_AT=" + point}, env...), 0, args...)
}

// TestPassphraseChange changes a data folder's passphrase: the new one
// opens it and the old one no longer does, and the evidence is all there;
// killed at each step, exactly one of the two opens it, with everything in.
func TestPassphraseChange(t *testing.T) {
	env, id, _, _ := backedUp(t)
	data := strings.TrimPrefix(env[0], "AUDITROOM_DATA=")
	want := view(t, env, id)
	newPass := passFile(t, "new horse battery")
	opens := func(data, pass string) bool {
		r := auditroom(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=" + pass}, "engagement", "list")
		if r.code != 0 && r.stderr != "auditroom: wrong passphrase\n" {
			t.Fatalf("engagement list: exit %d, %q", r.code, r.stderr)
		}
		return r.code == 0
	}
	check := func(data, pass string) {
		t.Helper()
		e := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=" + pass}
		mustVerify(t, e)
		if got := view(t, e, id); got != want {
			t.Errorf("after the change:\n%s\nwant\n%s", got, want)
		}
	}

	template := t.TempDir()
	copyDir(t, data, template)
	var out struct{ Changed bool }
	mustJSON(t, auditroom(t, env, "passphrase", "change", "--new-passphrase-file", newPass, "--json"), &out)
	if !out.Changed || opens(data, "correct horse battery") || !opens(data, "new horse battery") {
		t.Fatalf("after passphrase change: %+v; the old passphrase opens: %v, the new: %v", out, opens(data, "correct horse battery"), opens(data, "new horse battery"))
	}
	check(data, "new horse battery")
	if _, err := os.Stat(filepath.Join(data, ".passphrase-change")); err == nil {
		t.Error("the change left its stage behind")
	}

	for _, c := range []struct {
		point string
		works string
	}{
		{"passphrase.staging:1", "correct horse battery"}, // the new registry written, not yet the settings
		{"passphrase.staged:1", "new horse battery"},      // both staged: the next open finishes
		{"passphrase.registry:1", "new horse battery"},    // the registry moved, not the settings
	} {
		t.Run(c.point, func(t *testing.T) {
			d := t.TempDir()
			copyDir(t, template, d)
			killedAt(t, []string{"AUDITROOM_DATA=" + d, passA}, c.point, "passphrase", "change", "--new-passphrase-file", newPass)
			other := map[string]string{"correct horse battery": "new horse battery", "new horse battery": "correct horse battery"}[c.works]
			if !opens(d, c.works) || opens(d, other) {
				t.Fatalf("killed at %s: %q opens %v, %q opens %v; want only %q", c.point, c.works, opens(d, c.works), other, opens(d, other), c.works)
			}
			check(d, c.works)
		})
	}
}
