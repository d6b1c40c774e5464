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
		return passphraseFrom(g.passphraseFile, "passphrase")
	}
	if p := g.env.Getenv("AUDITROOM_PASSPHRASE"); p != "" {
		return p, nil
	}
	return g.prompt("Passphrase", "passphrase required: set AUDITROOM_PASSPHRASE, pass --passphrase-file, or run in a terminal", confirm)
}

// prompt asks for a passphrase on the terminal, twice with confirm; off a
// terminal it fails with needed.
func (g *globals) prompt(label, needed string, confirm bool) (string, error) {
	in := g.env.Stdin
	if in == nil || !term.IsTerminal(int(in.Fd())) {
		return "", audit.Errorf(audit.EINVALID, "%s", needed)
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(g.env.Stderr, prompt)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(g.env.Stderr)
		return string(b), err
	}
	p, err := ask(label + ": ")
	if err != nil || !confirm {
		return p, err
	}
	again, err := ask(label + " again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", audit.Errorf(audit.EINVALID, "the passphrases do not match")
	}
	return p, nil
}

// passphraseFrom reads a passphrase from the first line of file; what
// names it in errors ("passphrase", "new passphrase file" …).
func passphraseFrom(file, what string) (string, error) {
	// The reason, not only the file: "is a directory" read as empty,
	// and a missing file said nothing of why.
	unreadable := func(err error) error {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return audit.Errorf(audit.EINVALID, "cannot read %s file %s: %v", what, file, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return "", unreadable(err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", unreadable(err)
	}
	if line == "" {
		return "", audit.Errorf(audit.EINVALID, "%s file %s is empty", what, file)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// open unlocks the data folder; with create it makes the store on first use.
func (g *globals) open(ctx context.Context, create bool) (*store.Home, error) {
	h, _, err := g.unlock(ctx, create)
	return h, err
}

// openWithPassphrase opens the data folder and returns its passphrase too,
// for a backup encrypted with it.
func (g *globals) openWithPassphrase(ctx context.Context) (*store.Home, string, error) {
	return g.unlock(ctx, false)
}

func (g *globals) unlock(ctx context.Context, create bool) (*store.Home, string, error) {
	dir, err := g.dataDir()
	if err != nil {
		return nil, "", err
	}
	fresh := !store.Initialized(dir)
	if fresh && !create {
		return nil, "", audit.Errorf(audit.ENOTFOUND, "no audit room data in %s: create an engagement first", dir)
	}
	p, err := g.passphrase(fresh)
	if err != nil {
		return nil, "", err
	}
	var h *store.Home
	if fresh {
		h, err = store.Create(ctx, dir, p)
	} else {
		h, err = store.Open(ctx, dir, p)
	}
	if err != nil {
		return nil, "", err
	}
	return h, p, nil
}
