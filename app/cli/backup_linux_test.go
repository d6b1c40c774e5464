package cli_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestRestoreRefusedWithoutRoom restores a backup holding 20 MB of evidence
// into a data folder on a disk with less free than that needs: it is
// refused before anything is written, naming the folder, what is free and
// what is needed; with room, the same file restores.
func TestRestoreRefusedWithoutRoom(t *testing.T) {
	source := []string{"AUDITROOM_DATA=" + t.TempDir(), passA}
	id := createAcme(t, source)
	var sum importSummary
	mustJSON(t, auditroom(t, source, "import", "--engagement", id, "--json", randomPack(t, 20, 1<<20)), &sum)
	file := filepath.Join(t.TempDir(), "big.age")
	mustJSON(t, auditroom(t, source, "engagement", "backup", "--engagement", id, "--out", file, "--json"), &backupResult{})

	disk := smallDisk(t, 100)
	data := filepath.Join(disk, "data")
	env := []string{"AUDITROOM_DATA=" + data, passA}
	createAcme(t, env)
	before := folderState(t, env)
	r := auditroom(t, env, "engagement", "restore", file)
	if r.code != 1 {
		t.Fatalf("restore of 20 MB onto %.0f MB free: exit %d, stderr %q; want 1", freeMB(t, disk), r.code, r.stderr)
	}
	oneLineNaming(t, r.stderr, data, "not enough space", "for restoring big.age", "MB free", "needed")
	if after := folderState(t, env); after != before {
		t.Errorf("a restore refused for room changed the folder:\n%s\nwas\n%s", after, before)
	}

	if err := unix.Mount("tmpfs", disk, "tmpfs", unix.MS_REMOUNT, "size=300m"); err != nil {
		t.Fatal(err)
	}
	var got restoreResult
	mustJSON(t, auditroom(t, env, "engagement", "restore", "--json", file), &got)
	if !got.Intact || got.Evidence != 21 {
		t.Errorf("restore with room: %+v; want 21 files and an intact trail", got)
	}
	mustFind(t, env, id, "numbat", "readme.txt")
}
