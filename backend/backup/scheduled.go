package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// Scheduled backups: when a data folder closes, each engagement whose trail
// moved while it was open (or that was created or restored) is backed up
// into DIR/backups/<engagement-id>/<time>.age, encrypted with the data
// folder's own passphrase, and only the newest store.Home.BackupsKept of
// them are kept.

// ScheduledWorkFactor is the scrypt work factor of scheduled backups:
// 2^16, 64 MiB, as much memory as the folder's own Argon2id key takes, so
// the copy beside the folder is no easier to open than the folder itself,
// at a fifth of a second rather than a second on every close.
var ScheduledWorkFactor = 16

// now is the clock scheduled backups are named by; tests set it.
var now = time.Now

// Folder is where the scheduled backups of engagement engID are kept.
func Folder(dataDir, engID string) string {
	return filepath.Join(dataDir, "backups", engID)
}

// OnClose returns what h runs as it closes (store.Home.OnClose): the
// scheduled backups. A failure goes to warn and stops nothing: what the
// user did is stored already, and the next close tries again.
func OnClose(h *store.Home, actor, passphrase string, warn func(error)) func() {
	return func() {
		if h.ReadOnly() != "" || h.BackupsKept() == 0 {
			return
		}
		ctx := context.Background()
		ids, err := h.Changed(ctx)
		if err != nil {
			warn(err)
			return
		}
		for _, id := range ids {
			if _, err := Scheduled(ctx, h, id, actor, passphrase); err != nil {
				warn(audit.Errorf(audit.ErrorCode(err), "scheduled backup of engagement %s not written: %s", id, audit.ErrorMessage(err)))
			}
		}
	}
}

// Scheduled writes one scheduled backup of engagement engID and removes
// the oldest beyond the number kept. It returns the file written.
func Scheduled(ctx context.Context, h *store.Home, engID, actor, passphrase string) (string, error) {
	dir := Folder(h.Dir(), engID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", audit.Errorf(audit.ESTORAGE, "cannot write to %s: %v", dir, err)
	}
	// Named by the time to the millisecond, so names sort as they were made.
	t := now().UTC()
	var path string
	for {
		path = filepath.Join(dir, t.Format("20060102T150405.000Z")+".age")
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		t = t.Add(time.Millisecond)
	}
	if _, err := Write(ctx, h, engID, actor, path, passphrase, ScheduledWorkFactor); err != nil {
		return "", err
	}
	return path, prune(dir, h.BackupsKept())
}

// Kept lists the scheduled backups of an engagement, oldest first.
func Kept(dataDir, engID string) ([]string, error) {
	entries, err := os.ReadDir(Folder(dataDir, engID))
	if errors.Is(err, os.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", Folder(dataDir, engID))
	}
	names := []string{}
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasSuffix(n, ".age") && !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

func prune(dir string, keep int) error {
	names, err := Kept(filepath.Dir(filepath.Dir(dir)), filepath.Base(dir))
	if err != nil {
		return err
	}
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return audit.Wrap(audit.ESTORAGE, err, "cannot remove old backup in %s", dir)
		}
		names = names[1:]
	}
	return nil
}
