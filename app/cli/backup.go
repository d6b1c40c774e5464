package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"auditroom/backend/audit"
	"auditroom/backend/backup"
	"auditroom/backend/store"
)

// backupFlag adds --backup-passphrase-file: a backup is encrypted with
// the data folder's passphrase unless the user gives it one of its own.
func backupFlag(set *flag.FlagSet) *string {
	return set.String("backup-passphrase-file", "", "file holding the backup's passphrase (default: the data folder's)")
}

// backupPassphrase is the backup's own passphrase from file, else the
// data folder's (dataPass).
func backupPassphrase(file, dataPass string) (string, error) {
	if file == "" {
		return dataPass, nil
	}
	return passphraseFrom(file, "backup passphrase")
}

// engagementBackup is `auditroom engagement backup --engagement ID --out FILE`.
func engagementBackup(ctx context.Context, g *globals, args []string) error {
	set := g.flags("engagement backup")
	id := set.String("engagement", "", "engagement ID")
	out := set.String("out", "", "the backup file to write (.age)")
	passFile := backupFlag(set)
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *out == "" {
		return usagef("engagement backup: --engagement and --out are required")
	}
	h, p, err := g.openWithPassphrase(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	bp, err := backupPassphrase(*passFile, p)
	if err != nil {
		return err
	}
	res, err := backup.Write(ctx, h, *id, g.actor, *out, bp, 0)
	if err != nil {
		return err
	}
	return g.print(res, fmt.Sprintf("backed up %s  %s: %d entries, %d evidence files, trail at event %d, to %s (SHA-256 %s)\n",
		res.EngagementID, res.Name, res.Entries, res.Evidence, res.TrailSeq, res.File, res.SHA256))
}

// engagementRestore is `auditroom engagement restore [--as-new] FILE`.
func engagementRestore(ctx context.Context, g *globals, args []string) error {
	set := g.flags("engagement restore")
	asNew := set.Bool("as-new", false, "restore under a new engagement ID, beside the one the backup was made from")
	passFile := backupFlag(set)
	if err := parse(set, args, true); err != nil {
		return err
	}
	if set.NArg() != 1 {
		return usagef("engagement restore: name one backup file")
	}
	// Any data folder: one not made yet is created, as on a new machine.
	h, p, err := g.unlock(ctx, true)
	if err != nil {
		return err
	}
	defer h.Close()
	bp, err := backupPassphrase(*passFile, p)
	if err != nil {
		return err
	}
	res, err := backup.Restore(ctx, h, set.Arg(0), bp, backup.RestoreOptions{Actor: g.actor, AsNew: *asNew})
	if err != nil {
		return err
	}
	text := fmt.Sprintf("restored %s  %s from %s: %d entries, %d evidence files; trail intact: %d events, head %s\n",
		res.Engagement.ID, res.Engagement.Name, res.File, res.Entries, res.Evidence, res.Events, res.Head)
	if err := g.print(res, text); err != nil {
		return err
	}
	if !res.Intact {
		return audit.Errorf(audit.ECONFLICT, "trail of %s is broken at event %d: %s", res.Engagement.ID, res.BrokeAt, res.Reason)
	}
	return nil
}

// passphraseCmd is `auditroom passphrase change`.
func passphraseCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "passphrase", args, subcommand{"change", passphraseChange})
}

func passphraseChange(ctx context.Context, g *globals, args []string) error {
	set := g.flags("passphrase change")
	newFile := set.String("new-passphrase-file", "", "file holding the new passphrase (default: asked twice on the terminal)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	dir, err := g.dataDir()
	if err != nil {
		return err
	}
	if !store.Initialized(dir) {
		return audit.Errorf(audit.ENOTFOUND, "no audit room data in %s", dir)
	}
	old, err := g.passphrase(false)
	if err != nil {
		return err
	}
	var fresh string
	if *newFile != "" {
		fresh, err = passphraseFrom(*newFile, "new passphrase")
	} else {
		fresh, err = g.prompt("New passphrase", "new passphrase required: pass --new-passphrase-file or run in a terminal", true)
	}
	if err != nil {
		return err
	}
	if err := store.ChangePassphrase(ctx, dir, old, fresh); err != nil {
		return err
	}
	out := struct {
		Data    string `json:"data"`
		Changed bool   `json:"changed"`
	}{dir, true}
	return g.print(out, fmt.Sprintf("passphrase of %s changed; scheduled backups made before keep the old one\n", dir))
}

// settingsCmd is `auditroom settings [--backups-kept N]`: the data
// folder's settings, shown or changed.
func settingsCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("settings")
	kept := set.String("backups-kept", "", "how many scheduled backups of each engagement to keep (0: none)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if *kept != "" {
		n, err := strconv.Atoi(*kept)
		if err != nil {
			return usagef("settings: --backups-kept takes a number, not %q", *kept)
		}
		if err := h.SetBackupsKept(ctx, n); err != nil {
			return err
		}
	}
	out := struct {
		Data        string `json:"data"`
		BackupsKept int    `json:"backups_kept"`
	}{h.Dir(), h.BackupsKept()}
	return g.print(out, fmt.Sprintf("data folder %s\nscheduled backups kept per engagement: %d\n", out.Data, out.BackupsKept))
}
