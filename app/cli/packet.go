package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/packet"
	"auditroom/backend/store"
)

// packetCmd is `auditroom packet export|open|import`: findings go to the
// compliance lead and responses come back as encrypted files.
//
//	auditor:          packet export (findings)  →  compliance lead: packet open
//	compliance lead:  finding respond, packet export (responses)  →  auditor: packet import
func packetCmd(ctx context.Context, g *globals, args []string) error {
	return dispatch(ctx, g, "packet", args,
		subcommand{"export", packetExport},
		subcommand{"open", packetOpen},
		subcommand{"import", packetImport},
	)
}

// packetFlag adds --packet-passphrase-file to a command's flags.
func packetFlag(set *flag.FlagSet) *string {
	return set.String("packet-passphrase-file", "", "file holding the packet's passphrase (default: $AUDITROOM_PACKET_PASSPHRASE, else a prompt)")
}

// packetPassphrase comes from --packet-passphrase-file, else
// $AUDITROOM_PACKET_PASSPHRASE, else a prompt (asked twice for a new
// packet). It is not the data folder's passphrase: the recipient learns it.
func (g *globals) packetPassphrase(file string, confirm bool) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", audit.Wrap(audit.EINVALID, err, "cannot read packet passphrase file %s", file)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && line == "" {
			return "", audit.Errorf(audit.EINVALID, "packet passphrase file %s is empty", file)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if p := g.env.Getenv("AUDITROOM_PACKET_PASSPHRASE"); p != "" {
		return p, nil
	}
	in := g.env.Stdin
	if in == nil || !term.IsTerminal(int(in.Fd())) {
		return "", audit.Errorf(audit.EINVALID, "packet passphrase required: set AUDITROOM_PACKET_PASSPHRASE, pass --packet-passphrase-file, or run in a terminal")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(g.env.Stderr, prompt)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(g.env.Stderr)
		return string(b), err
	}
	p, err := ask("Packet passphrase: ")
	if err != nil || !confirm {
		return p, err
	}
	again, err := ask("Packet passphrase again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", audit.Errorf(audit.EINVALID, "the packet passphrases do not match")
	}
	return p, nil
}

// packetExport writes the issued findings of an auditor's engagement, or
// the responses of a responder copy, to a new packet file.
func packetExport(ctx context.Context, g *globals, args []string) error {
	set := g.flags("packet export")
	id := set.String("engagement", "", "engagement ID")
	out := set.String("out", "", "the packet file to write")
	pf := packetFlag(set)
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *out == "" {
		return usagef("packet export: --engagement and --out are required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	e, err := h.Engagement(ctx, *id)
	if err != nil {
		return err
	}
	pass, err := g.packetPassphrase(*pf, true)
	if err != nil {
		return err
	}
	export, what := packet.ExportFindings, "findings"
	if e.Role == audit.Responder {
		export, what = packet.ExportResponse, "responses"
	}
	res, err := export(ctx, h, *id, g.actor, *out, pass)
	if err != nil {
		return err
	}
	var b strings.Builder
	ids := make([]string, len(res.Findings))
	for i, f := range res.Findings {
		ids[i] = f.ID
	}
	fmt.Fprintf(&b, "wrote %s: packet %s with the %s for %s\n", res.File, res.PacketID, what, strings.Join(ids, ", "))
	fmt.Fprintf(&b, "sha256 %s (tell the recipient, with the passphrase, by another channel)\n", res.SHA256)
	for _, s := range res.Skipped {
		fmt.Fprintf(&b, "left out %s: %s\n", s.ID, s.Reason)
	}
	return g.print(res, b.String())
}

// packetOpen opens a findings packet into the compliance lead's data
// folder, creating the folder on first use.
func packetOpen(ctx context.Context, g *globals, args []string) error {
	set := g.flags("packet open")
	pf := packetFlag(set)
	if err := parse(set, args, true); err != nil {
		return err
	}
	if set.NArg() != 1 {
		return usagef("packet open: name the findings packet file")
	}
	pass, err := g.packetPassphrase(*pf, false)
	if err != nil {
		return err
	}
	dir, err := g.dataDir()
	if err != nil {
		return err
	}
	before, fresh := existing(dir), !store.Initialized(dir)
	h, err := g.open(ctx, true)
	if err != nil {
		return err
	}
	e, err := packet.OpenFindings(ctx, h, g.actor, set.Arg(0), pass)
	if err != nil {
		h.Close()
		if fresh {
			// A packet that cannot be opened leaves no data folder behind.
			removeNew(dir, before)
		}
		return err
	}
	defer h.Close()
	all, err := h.Findings(ctx, e.ID)
	if err != nil {
		return err
	}
	return g.print(e, fmt.Sprintf("opened into %s  %s: %d findings to answer (auditroom finding list --engagement %s)\n", e.ID, e.Name, len(all), e.ID))
}

// existing lists what dir holds (nil when there is no dir).
func existing(dir string) map[string]bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	return names
}

// removeNew removes what was made in dir since before was listed, and dir
// itself if it did not exist then.
func removeNew(dir string, before map[string]bool) {
	if before == nil {
		os.RemoveAll(dir)
		return
	}
	for name := range existing(dir) {
		if !before[name] {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
}

// packetImport takes a response packet into the auditor's engagement.
// Responses to findings changed since the version they answer are listed
// and not taken in, and the command fails, unless --confirm names them.
func packetImport(ctx context.Context, g *globals, args []string) error {
	set := g.flags("packet import")
	id := set.String("engagement", "", "engagement ID")
	confirm := set.String("confirm", "", "comma-separated finding IDs whose flagged responses to take in all the same")
	pf := packetFlag(set)
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" || set.NArg() != 1 {
		return usagef("packet import: give --engagement and one response packet file")
	}
	var ids []string
	for _, c := range strings.Split(*confirm, ",") {
		if c = strings.TrimSpace(c); c != "" {
			ids = append(ids, c)
		}
	}
	pass, err := g.packetPassphrase(*pf, false)
	if err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	im, done, err := importer(ctx, g, h, *id)
	if err != nil {
		return err
	}
	defer done()
	res, err := packet.ImportResponse(ctx, h, *id, set.Arg(0), pass, ids, im)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "packet %s: %d responses taken in (%d confirmed), %d unchanged, %d new evidence files\n",
		res.PacketID, len(res.Applied), len(res.Confirmed), len(res.Unchanged), res.Evidence)
	for _, c := range res.Conflicts {
		fmt.Fprintf(&b, "flagged %s: %s\n", c.FindingID, c.Reason)
	}
	if err := g.print(res, b.String()); err != nil {
		return err
	}
	return conflictError(res.Conflicts)
}

// conflictError fails the command while flagged responses wait, naming how
// to take them in.
func conflictError(cs []findings.Conflict) error {
	var confirmable, final []string
	for _, c := range cs {
		if c.Confirmable {
			confirmable = append(confirmable, c.FindingID)
		} else {
			final = append(final, c.FindingID)
		}
	}
	switch {
	case len(confirmable) > 0:
		return audit.Errorf(audit.ECONFLICT, "%d responses not taken in: their findings changed since the version answered; check them and rerun with --confirm %s",
			len(cs), strings.Join(confirmable, ","))
	case len(final) > 0:
		return audit.Errorf(audit.ECONFLICT, "responses to %s not taken in: those findings cannot take one", strings.Join(final, ", "))
	}
	return nil
}
