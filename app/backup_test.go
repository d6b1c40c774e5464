package app

import (
	"path/filepath"
	"slices"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/backup"
	"auditroom/backend/scope"
)

// TestBackups backs up an engagement through the bound methods, restores it
// beside itself, changes the passphrase (the session is unlocked with the
// new one) and finds after the lock a scheduled backup of each engagement
// that changed.
func TestBackups(t *testing.T) {
	a, e := unlocked(t)
	file := filepath.Join(t.TempDir(), "n.age")
	res, err := a.Backups.Backup(e.ID, file, "correct horse battery")
	if err != nil || res.EngagementID != e.ID || res.TrailSeq != 1 {
		t.Fatalf("Backup = %+v, %v", res, err)
	}
	if _, err := a.Backups.Backup(e.ID, "n.age", "correct horse battery"); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("a relative path: %v", err)
	}
	r, err := a.Backups.Restore(file, "correct horse battery", true)
	if err != nil || r.Engagement.ID == e.ID || r.From != e.ID || !r.Intact || r.Events != 2 {
		t.Fatalf("Restore as new = %+v, %v", r, err)
	}
	if _, err := a.Backups.Restore(file, "correct horse battery", false); audit.ErrorCode(err) != audit.ECONFLICT {
		t.Errorf("restoring the same ID: %v", err)
	}

	st, err := a.Backups.ChangePassphrase("wrong horse battery", "new horse battery")
	if audit.ErrorCode(err) != audit.EPASSPHRASE || st.Unlocked {
		t.Errorf("a wrong current passphrase: %+v, %v", st, err)
	}
	if _, err := a.Session.Unlock("correct horse battery"); err != nil {
		t.Fatal(err)
	}
	st, err = a.Backups.ChangePassphrase("correct horse battery", "new horse battery")
	if err != nil || !st.Unlocked {
		t.Fatalf("ChangePassphrase = %+v, %v", st, err)
	}
	list, err := a.Engagements.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("after the change: %v, %v", list, err)
	}
	if _, err := a.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session.Unlock("correct horse battery"); audit.ErrorCode(err) != audit.EPASSPHRASE {
		t.Errorf("the old passphrase after the change: %v", err)
	}
	if _, err := a.Session.Unlock("new horse battery"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{e.ID, r.Engagement.ID} {
		s, err := a.Backups.Scheduled(id)
		if err != nil || len(s.Files) != 1 || s.Kept != 5 || s.Folder != backup.Folder(a.Session.dir, id) {
			t.Errorf("scheduled backups of %s: %+v, %v; want one, made as the first lock closed the folder", id, s, err)
		}
	}
	if s, _ := a.Backups.Scheduled(e.ID); !slices.IsSorted(s.Files) {
		t.Errorf("not sorted: %v", s.Files)
	}

	// A session that only reads writes no backup; one that changes the
	// engagement writes one more as it locks.
	before, _ := a.Backups.Scheduled(e.ID)
	lockAndUnlock := func() {
		t.Helper()
		if _, err := a.Session.Lock(); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Session.Unlock("new horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	lockAndUnlock()
	if _, err := a.Engagements.List(); err != nil {
		t.Fatal(err)
	}
	lockAndUnlock()
	if s, _ := a.Backups.Scheduled(e.ID); !slices.Equal(s.Files, before.Files) {
		t.Errorf("after a session that only read: %v; want %v", s.Files, before.Files)
	}
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "AC-01", Title: "Leaver access removal", Criteria: []string{"CC6.2"}}, true); err != nil {
		t.Fatal(err)
	}
	lockAndUnlock()
	after, _ := a.Backups.Scheduled(e.ID)
	if len(after.Files) != len(before.Files)+1 || !slices.Equal(after.Files[:len(before.Files)], before.Files) {
		t.Errorf("after a session that saved a control: %v; want %v and one more", after.Files, before.Files)
	}
}
