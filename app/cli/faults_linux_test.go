package cli_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// smallDisk mounts a tmpfs of size MB at a fresh folder and returns it;
// the test is skipped where mounting is refused (not root, a container
// without the capability).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%dm,mode=0700", size)); err != nil {
		t.Skipf("cannot mount a %d MB tmpfs to fill (%v); run as root to test a full disk", size, err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	return dir
}

// randomPack writes files of random bytes, which no compression shrinks,
// and one text file to search for.
func randomPack(t *testing.T, files, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	os.MkdirAll(dir, 0o755)
	buf := make([]byte, size)
	for i := range files {
		rand.Read(buf)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("capture-%03d.bin", i)), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("Firewall captures of the Numbat segment\n"), 0o644)
	return dir
}

func freeMB(t *testing.T, dir string) float64 {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return float64(st.Bavail) * float64(st.Bsize) / 1e6
}

// started runs the binary in the background and returns once the import
// has written its first progress line, with the rest of stderr.
func started(t *testing.T, env []string, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := bufio.NewReader(stderr)
	var rest strings.Builder
	for {
		line, err := lines.ReadString('\n')
		if strings.HasSuffix(line, " files\n") {
			break
		}
		rest.WriteString(line)
		if err != nil {
			t.Fatalf("the import ended before its first progress line: %q", rest.String())
		}
	}
	go io.Copy(&rest, lines) // read until the process ends; Wait closes the pipe
	return cmd, &rest
}

// exited waits at most limit for cmd to end and returns its exit status.
func exited(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		cmd.Process.Kill()
		t.Fatalf("the import did not end within %s", limit)
		return -1
	}
}

// stoppedWithin waits until the process has stopped itself (state T in
// /proc/<pid>/stat), failing after limit.
func stoppedWithin(t *testing.T, cmd *exec.Cmd, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	stat := fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid)
	for {
		b, err := os.ReadFile(stat)
		if err != nil {
			t.Fatalf("the import ended before it stopped: %v", err)
		}
		// The state follows the command name, which is in parentheses.
		if f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])); len(f) > 0 && f[0] == "T" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import did not stop itself within %s", limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// workersLeft lists the parser processes of this test binary still running.
func workersLeft(t *testing.T) []string {
	t.Helper()
	var left []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		args := strings.Split(string(b), "\x00")
		if len(args) > 1 && args[0] == bin && args[1] == "worker" {
			left = append(left, filepath.Base(filepath.Dir(p)))
		}
	}
	return left
}

// noWorkersWithin fails unless every parser process has ended within a
// few seconds (they end when the importer's pipes close).
func noWorkersWithin(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for left := workersLeft(t); len(left) > 0; left = workersLeft(t) {
		if time.Now().After(deadline) {
			t.Fatalf("parser processes still running: %v", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func oneLineNaming(t *testing.T, stderr, folder string, words ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "auditroom: ") || !strings.Contains(last, folder) {
		t.Errorf("stderr ends %q; want one line naming %s", last, folder)
	}
	for _, w := range words {
		if !strings.Contains(last, w) {
			t.Errorf("stderr ends %q; want it to say %q", last, w)
		}
	}
}

func mustVerify(t *testing.T, env []string) {
	t.Helper()
	var v struct{ Intact bool }
	mustJSON(t, auditroom(t, env, "verify", "--json"), &v)
	if !v.Intact {
		t.Fatal("the trail does not verify")
	}
}

func mustFind(t *testing.T, env []string, id, query, path string) {
	t.Helper()
	var found struct {
		Total int
		Hits  []struct {
			Path string `json:"path"`
		}
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", query), &found)
	if found.Total != 1 || !strings.HasSuffix(found.Hits[0].Path, path) {
		t.Errorf("search %q: %+v; want the one hit %s", query, found, path)
	}
}

// TestImportRefusedWithoutRoom imports a pack bigger than the disk holds:
// the import is refused before it writes, naming the folder, what is free
// and what is needed; once the disk is larger the same import completes.
func TestImportRefusedWithoutRoom(t *testing.T) {
	disk := smallDisk(t, 100)
	data := filepath.Join(disk, "data")
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pack := randomPack(t, 40, 1<<20)

	r := auditroom(t, env, "import", "--engagement", id, pack)
	if r.code != 1 {
		t.Fatalf("import of 40 MB onto %.0f MB free: exit %d, stderr %q; want 1", freeMB(t, disk), r.code, r.stderr)
	}
	oneLineNaming(t, r.stderr, data, "not enough space", "MB free", "needed")
	mustVerify(t, env)

	if err := unix.Mount("tmpfs", disk, "tmpfs", unix.MS_REMOUNT, "size=300m"); err != nil {
		t.Fatal(err)
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.Imported != 41 {
		t.Errorf("import with room: %+v; want 41 files imported", sum)
	}
	mustFind(t, env, id, "numbat", "readme.txt")
	mustVerify(t, env)
}

// TestReindexRefusedWithoutRoom fills the disk after an import until less
// is free than rebuilding the index needs: reindex is refused before it
// writes, naming the folder; once space is freed it rebuilds, and the
// search finds what it found before.
func TestReindexRefusedWithoutRoom(t *testing.T) {
	disk := smallDisk(t, 300)
	data := filepath.Join(disk, "data")
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", randomPack(t, 40, 1<<20)), &sum)
	// Leave 80 MB: more than the store keeps spare, less than the 40 MB
	// of evidence and the spare together.
	filler := filepath.Join(disk, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	mb := make([]byte, 1e6)
	for freeMB(t, disk) > 80 {
		if _, err := f.Write(mb); err != nil {
			t.Fatalf("filling the disk: %v", err)
		}
	}
	f.Close()
	r := auditroom(t, env, "reindex", "--engagement", id)
	if r.code != 1 {
		t.Fatalf("reindex with %.0f MB free: exit %d, stderr %q; want 1", freeMB(t, disk), r.code, r.stderr)
	}
	oneLineNaming(t, r.stderr, data, "not enough space", "rebuilding the search index", "MB free", "needed")
	mustVerify(t, env)
	mustFind(t, env, id, "numbat", "readme.txt")

	os.Remove(filler)
	var re struct{ Evidence int }
	mustJSON(t, auditroom(t, env, "reindex", "--engagement", id, "--json"), &re)
	if re.Evidence != 41 {
		t.Errorf("reindex with room: %+v; want the 41 files", re)
	}
	mustFind(t, env, id, "numbat", "readme.txt")
}

// TestDiskFillsDuringImport fills the disk while an import runs: the
// import stops with a line naming the folder before Badger meets a full
// disk, and once space is freed, importing again completes the pack.
func TestDiskFillsDuringImport(t *testing.T) {
	disk := smallDisk(t, 300)
	data := filepath.Join(disk, "data")
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pack := randomPack(t, 80, 1<<20)

	// The import stops itself after its first ten files; the disk is filled
	// while it is stopped, so the fill always lands mid-import.
	cmd := exec.Command(bin, "import", "--engagement", id, pack)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "AUDITROOM_TEST_STOP_AFTER=10"}, env...)
	var stderr strings.Builder // written by exec's copier, read after Wait
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	stoppedWithin(t, cmd, 60*time.Second)
	// Leave 70 MB: less than the rest of the pack, more than the store keeps spare.
	filler := filepath.Join(disk, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	mb := make([]byte, 1e6)
	for freeMB(t, disk) > 70 {
		if _, err := f.Write(mb); err != nil {
			t.Fatalf("filling the disk: %v", err)
		}
	}
	f.Close()
	cmd.Process.Signal(unix.SIGCONT)
	if code := exited(t, cmd, 60*time.Second); code != 1 {
		t.Fatalf("import onto a filling disk: exit %d, stderr %q; want 1", code, stderr.String())
	}
	oneLineNaming(t, stderr.String(), data, "nearly full", "MB free")
	noWorkersWithin(t)
	mustVerify(t, env)

	// Filled to the last byte, the folder still opens (read-only) to verify,
	// and an import is refused rather than crashing.
	if f, err = os.OpenFile(filler, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := f.Write(mb); err != nil {
			break
		}
	}
	f.Close()
	mustVerify(t, env)
	r := auditroom(t, env, "import", "--engagement", id, pack)
	if r.code != 1 {
		t.Fatalf("import onto a full disk: exit %d, stderr %q; want 1", r.code, r.stderr)
	}
	oneLineNaming(t, r.stderr, data, "read-only", "full")

	os.Remove(filler)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.FilesTotal != 81 || sum.Imported+sum.Duplicates != 81 || sum.Imported == 0 {
		t.Errorf("import after freeing space: %+v; want the rest of the 81 files imported", sum)
	}
	mustFind(t, env, id, "numbat", "readme.txt")
	mustVerify(t, env)
}

// TestDataFolderRemovedDuringImport removes the data folder under a running
// import: it ends within a bounded wait with a line naming the folder, and
// leaves no parser process behind.
func TestDataFolderRemovedDuringImport(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pack := writePack(t, 3000)

	cmd, stderr := started(t, env, "import", "--engagement", id, pack)
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	if code := exited(t, cmd, 30*time.Second); code != 1 {
		t.Fatalf("import with its data folder removed: exit %d, stderr %q; want 1", code, stderr.String())
	}
	oneLineNaming(t, stderr.String(), data, "removed or moved")
	noWorkersWithin(t)
}

// TestSignalStopsImport sends SIGTERM to a running import: it stops within
// a few seconds, the trail verifies, and importing again completes the pack.
func TestSignalStopsImport(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	const files = 3000
	pack := writePack(t, files)

	cmd, stderr := started(t, env, "import", "--engagement", id, pack)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	if code := exited(t, cmd, 15*time.Second); code != 1 {
		t.Fatalf("import after SIGTERM: exit %d, stderr %q; want 1", code, stderr.String())
	}
	t.Logf("stopped %.1f s after SIGTERM", time.Since(sent).Seconds())
	if last := strings.TrimSpace(stderr.String()); !strings.HasSuffix(last, "auditroom: stopped by a signal; what was done before it is kept") {
		t.Errorf("stderr after SIGTERM: %q", last)
	}
	noWorkersWithin(t)
	mustVerify(t, env)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)
	if sum.FilesTotal != files || sum.Imported+sum.Duplicates != files || sum.Imported == files {
		t.Errorf("import after the signal: %+v; want the rest of the %d files", sum, files)
	}
	mustVerify(t, env)
}

// TestReadOnlyDataFolder opens a data folder through a read-only bind
// mount: listing, verifying and searching work, an import is refused with
// a line naming the folder.
func TestReadOnlyDataFolder(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pack := writePack(t, 20)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", pack), &sum)

	ro := t.TempDir()
	if err := unix.Mount(data, ro, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount a folder read-only (%v); run as root to test it", err)
	}
	t.Cleanup(func() { unix.Unmount(ro, unix.MNT_DETACH) })
	if err := unix.Mount("", ro, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	roEnv := []string{"AUDITROOM_DATA=" + ro, "AUDITROOM_PASSPHRASE=correct horse battery"}
	var list struct {
		Engagements []struct{ ID, Name string }
	}
	mustJSON(t, auditroom(t, roEnv, "engagement", "list", "--json"), &list)
	if len(list.Engagements) != 1 || list.Engagements[0].ID != id || list.Engagements[0].Name != "Acme FY26" {
		t.Errorf("engagements in the read-only folder: %+v", list)
	}
	mustVerify(t, roEnv)
	mustFind(t, roEnv, id, `"record 7 of"`, "record-0007.log")
	r := auditroom(t, roEnv, "import", "--engagement", id, pack)
	if r.code != 1 {
		t.Fatalf("import into a read-only folder: exit %d, stderr %q", r.code, r.stderr)
	}
	oneLineNaming(t, r.stderr, ro, "read-only")
}

// TestSecondSignalExitsAtOnce sends SIGINT and then SIGTERM (two of the same
// signal may merge into one before delivery): the process ends at once,
// and the trail still verifies.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	cmd, stderr := started(t, env, "import", "--engagement", id, writePack(t, 3000))
	cmd.Process.Signal(os.Interrupt)
	cmd.Process.Signal(syscall.SIGTERM)
	if code := exited(t, cmd, 5*time.Second); code != 1 {
		t.Fatalf("import after two signals: exit %d, stderr %q; want 1", code, stderr.String())
	}
	if last := strings.TrimSpace(stderr.String()); !strings.HasSuffix(last, "auditroom: stopped at once by a second signal (terminated)") {
		t.Errorf("stderr after two signals: %q", last)
	}
	noWorkersWithin(t)
	mustVerify(t, env)
}
