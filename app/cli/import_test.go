package cli_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

type importSummary struct {
	FilesTotal   int `json:"files_total"`
	Imported     int `json:"imported"`
	Duplicates   int `json:"duplicates"`
	Failed       []struct{ Path, Reason string }
	NotExtracted []struct{ Path, Reason string } `json:"not_extracted"`
}

func writePack(t *testing.T, files int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	for i := range files {
		p := filepath.Join(dir, fmt.Sprintf("batch-%02d", i%10), fmt.Sprintf("record-%04d.log", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		body := strings.Repeat(fmt.Sprintf("2026-03-%02d INFO record %d of the Numbat ledger reconciled\n", i%28+1, i), 40)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportCommand(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pack := writePack(t, 30)
	os.WriteFile(filepath.Join(pack, "photo.bin"), []byte{0, 1, 2, 3, 0xff, 0xfe}, 0o644)

	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.FilesTotal != 31 || sum.Imported != 31 || len(sum.Failed) != 0 || len(sum.NotExtracted) != 1 || sum.NotExtracted[0].Reason == "" {
		t.Errorf("import summary %+v: want 31 files imported, the binary one not extracted with a reason", sum)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", pack}, 2, "--engagement is required"},
		{[]string{"import", "--engagement", id}, 2, "name at least one"},
		{[]string{"import", "--engagement", id, filepath.Join(pack, "missing.zip")}, 1, "cannot read"},
		{[]string{"import", "--engagement", "eng_nothere00000", pack}, 1, "no engagement eng_nothere00000"},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("auditroom %v: exit %d, stderr %q; want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// TestImportSurvivesKill kills an import with SIGKILL at a random point and
// checks that the store opens, its trail verifies, and importing the same
// pack again completes it with nothing twice: every file is then found by
// a search, including those the kill kept out of the index.
func TestImportSurvivesKill(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	const files = 400
	pack := writePack(t, files)

	cmd := exec.Command(bin, "import", "--engagement", id, pack)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Progress lines come every 5%; kill after a random one of the first 15.
	killAt := 1 + rand.IntN(15)
	lines := bufio.NewScanner(stderr)
	seen := 0
	for lines.Scan() {
		if strings.HasSuffix(lines.Text(), "files") {
			if seen++; seen == killAt {
				break
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	t.Logf("killed after progress line %d", seen)

	var v struct{ Intact bool }
	mustJSON(t, auditroom(t, env, "verify", "--json"), &v)
	if !v.Intact {
		t.Fatalf("trail broken after the kill")
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.FilesTotal != files || sum.Imported+sum.Duplicates != files || len(sum.Failed) != 0 {
		t.Errorf("import after the kill: %+v; want all %d files imported or already there", sum, files)
	}
	var found struct{ Total int }
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "numbat"), &found)
	if found.Total != files {
		t.Errorf("after completing, a search finds %d files of %d", found.Total, files)
	}
	var re struct{ Evidence, Documents int }
	mustJSON(t, auditroom(t, env, "reindex", "--engagement", id, "--json"), &re)
	if re.Evidence != files || re.Documents < 2*files {
		t.Errorf("after completing: %d evidence files, %d index documents; want %d and at least %d", re.Evidence, re.Documents, files, 2*files)
	}
	mustJSON(t, auditroom(t, env, "verify", "--json"), &v)
	if !v.Intact {
		t.Errorf("trail broken after completing the import")
	}
}

// Ctrl-C stops an import at once, and the summary says how many files
// were imported and how many were not; importing again finds exactly
// those as already there.
func TestImportInterrupt(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	const files = 400
	pack := writePack(t, files)

	cmd := exec.Command(bin, "import", "--engagement", id, pack)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt at the second progress line (10%), long before the end.
	lines := bufio.NewScanner(stderr)
	for seen := 0; seen < 2 && lines.Scan(); {
		if strings.HasSuffix(lines.Text(), "files") {
			seen++
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
	}
	// The import did not do all it was asked: exit 1, after the summary.
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("interrupted import: %v, want exit status 1; stdout %q", err, stdout.String())
	}
	m := regexp.MustCompile(`canceled: (\d+) of 400 files imported; (\d+) not imported`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("stdout %q, want the canceled line", stdout.String())
	}
	done, _ := strconv.Atoi(m[1])
	rest, _ := strconv.Atoi(m[2])
	if done+rest != files || done == 0 || rest == 0 {
		t.Fatalf("canceled: %d imported, %d not, of %d", done, rest, files)
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.Duplicates != done || sum.Imported != rest {
		t.Errorf("import after the interrupt: %d already there, %d new; the interrupted one said %d imported, %d not", sum.Duplicates, sum.Imported, done, rest)
	}
}
