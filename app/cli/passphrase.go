package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// passphrase comes from --passphrase-file, else $AUDITROOM_PASSPHRASE, else
// a prompt on the terminal (asked twice when it creates the store).
func (g *globals) passphrase(confirm bool) (string, error) {
	if g.passphraseFile != "" {
		// The reason, not only the file: "is a directory" read as empty,
		// and a missing file said nothing of why.
		unreadable := func(err error) error {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return audit.Errorf(audit.EINVALID, "cannot read passphrase file %s: %v", g.passphraseFile, err)
		}
		f, err := os.Open(g.passphraseFile)
		if err != nil {
			return "", unreadable(err)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", unreadable(err)
		}
		if line == "" {
			return "", audit.Errorf(audit.EINVALID, "passphrase file %s is empty", g.passphraseFile)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if p := g.env.Getenv("AUDITROOM_PASSPHRASE"); p != "" {
		return p, nil
	}
	in := g.env.Stdin
	if in == nil || !term.IsTerminal(int(in.Fd())) {
		return "", audit.Errorf(audit.EINVALID, "passphrase required: set AUDITROOM_PASSPHRASE, pass --passphrase-file, or run in a terminal")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(g.env.Stderr, prompt)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(g.env.Stderr)
		return string(b), err
	}
	p, err := ask("Passphrase: ")
	if err != nil || !confirm {
		return p, err
	}
	again, err := ask("Passphrase again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", audit.Errorf(audit.EINVALID, "the passphrases do not match")
	}
	return p, nil
}

// open unlocks the data folder; with create it makes the store on first use.
func (g *globals) open(ctx context.Context, create bool) (*store.Home, error) {
	dir, err := g.dataDir()
	if err != nil {
		return nil, err
	}
	fresh := !store.Initialized(dir)
	if fresh && !create {
		return nil, audit.Errorf(audit.ENOTFOUND, "no audit room data in %s: create an engagement first", dir)
	}
	p, err := g.passphrase(fresh)
	if err != nil {
		return nil, err
	}
	if fresh {
		return store.Create(ctx, dir, p)
	}
	return store.Open(ctx, dir, p)
}
