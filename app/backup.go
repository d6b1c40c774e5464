package app

import (
	"context"
	"log"
	"path/filepath"

	"auditroom/backend/audit"
	"auditroom/backend/backup"
	"auditroom/backend/store"
)

// Backups copies an engagement into an encrypted backup file and back
// (backend/backup), lists the scheduled backups made as the data folder
// closes, and changes the data folder's passphrase.
type Backups struct {
	session *Session
	dialogs *Dialogs
}

// Backup writes a backup of engagement engID to path, a new file,
// encrypted with passphrase (the data folder's or one of its own).
func (b *Backups) Backup(engID, path, passphrase string) (backup.Result, error) {
	return call(b.session, func(ctx context.Context, h *store.Home) (backup.Result, error) {
		if !filepath.IsAbs(path) {
			return backup.Result{}, audit.Errorf(audit.EINVALID, "%q is not a full path: choose where to save the backup", path)
		}
		return backup.Write(ctx, h, engID, b.session.actor, path, passphrase, 0)
	})
}

// Restore restores the backup at path into this data folder; asNew keeps
// it beside the engagement it was made from, under a new ID.
func (b *Backups) Restore(path, passphrase string, asNew bool) (backup.Restored, error) {
	return call(b.session, func(ctx context.Context, h *store.Home) (backup.Restored, error) {
		return backup.Restore(ctx, h, path, passphrase, backup.RestoreOptions{Actor: b.session.actor, AsNew: asNew})
	})
}

// Scheduled lists the file names of an engagement's scheduled backups,
// oldest first, and the folder they are in.
func (b *Backups) Scheduled(engID string) (ScheduledBackups, error) {
	return call(b.session, func(ctx context.Context, h *store.Home) (ScheduledBackups, error) {
		files, err := backup.Kept(h.Dir(), engID)
		return ScheduledBackups{Folder: backup.Folder(h.Dir(), engID), Files: nonNil(files), Kept: h.BackupsKept()}, err
	})
}

// ScheduledBackups are an engagement's scheduled backups.
type ScheduledBackups struct {
	Folder string   `json:"folder"`
	Files  []string `json:"files"`
	Kept   int      `json:"kept"` // how many the data folder keeps
}

// ChangePassphrase gives the data folder a new passphrase. The folder is
// locked for it (jobs stop) and unlocked again with the new passphrase.
func (b *Backups) ChangePassphrase(old, new string) (SessionStatus, error) {
	if st, err := b.session.Lock(); err != nil {
		return st, err
	}
	if err := store.ChangePassphrase(context.Background(), b.session.dir, old, new); err != nil {
		st, _ := b.session.Status()
		return st, err
	}
	return b.session.Unlock(new)
}

// ChooseBackup opens the dialog for a backup file to restore; "" when the
// user cancels.
func (b *Backups) ChooseBackup() (string, error) {
	if err := b.dialogs.window(); err != nil {
		return "", err
	}
	paths, err := b.dialogs.native.OpenFiles("Restore an engagement backup")
	if len(paths) == 0 {
		return "", err
	}
	return paths[0], err
}

// SaveBackupAs asks where to write a backup, suggesting name; "" when the
// user cancels.
func (b *Backups) SaveBackupAs(name string) (string, error) {
	if err := b.dialogs.window(); err != nil {
		return "", err
	}
	path, err := b.dialogs.native.SaveFile("Save the engagement backup", name, "Audit Room backups", "*.age")
	return path, err
}

// scheduleBackups makes closing h write the scheduled backups of what
// changed, encrypted with the passphrase that unlocked it; a failure is
// logged, for the user's work is stored already.
func scheduleBackups(h *store.Home, actor, passphrase string) {
	h.OnClose(backup.OnClose(h, actor, passphrase, func(err error) { log.Printf("auditroom: %v", err) }))
}
