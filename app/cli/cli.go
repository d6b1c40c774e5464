// Package cli is Audit Room's command line: every main step can be run
// headless, with --json output, exit 0 on success, 1 on failure (one line on
// stderr) and 2 on bad usage.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"unicode"

	"auditroom/app"
	"auditroom/backend/audit"
	"auditroom/backend/scope"
	"auditroom/backend/worker"
)

// Env is what a run of the CLI may touch, so tests can run it in process and
// main can hand it the real terminal.
type Env struct {
	Stdin  *os.File // read for the passphrase prompt when it is a terminal
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Assets fs.FS  // the built frontend
	Icon   []byte // the window icon
	Demo   fs.FS  // testdata/demo
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// usage lists the commands; the export lines come from export.Formats,
// the sampling methods from selection.Methods.
var usage = strings.NewReplacer("{{exports}}\n", exportUsage(), "{{methods}}", methodUsage()).Replace(usageText)

const usageText = `Audit Room: offline review of SOC 2 evidence.

Usage:
  auditroom                                   open the desktop app
  auditroom version
  auditroom engagement create --name N --client C --type type1|type2
                              --period-start YYYY-MM-DD [--period-end YYYY-MM-DD, which type2 needs]
                              [--categories security,availability,...] [--date-order dmy|mdy]
  auditroom engagement list
  auditroom engagement backup --engagement ID --out FILE [--backup-passphrase-file F]
                                              the engagement in one encrypted file (age)
  auditroom engagement restore [--as-new] [--backup-passphrase-file F] FILE
                                              checked whole, then restored into this data folder
  auditroom passphrase change [--new-passphrase-file F]
                                              a new passphrase for the data folder (asked twice)
  auditroom settings [--backups-kept N]       scheduled backups kept per engagement (default 5)
  auditroom import  --engagement ID PATH...   import evidence packs: zip files, folders, files
  auditroom reindex --engagement ID           rebuild the search index from the store
  auditroom search  --engagement ID [--limit N] [--offset N] QUERY...
                                              search the evidence (docs/search.md); flags first
  auditroom pin add --engagement ID --evidence EVID (--control C | --request R)
                    [--page N | --sheet S --row N | --line N | --record N --line N |
                     --section header|body --line N] [--note TEXT]
                                              pin a place in a file to a control or request
  auditroom pin list --engagement ID [--evidence EVID] [--control C | --request R]
  auditroom pin remove --engagement ID --evidence EVID --pin PIN
  auditroom controls import --engagement ID [--sheet S] [--header-row N]
                              [--map field=COLUMN]... [--dry-run] FILE
                                              import a control matrix (CSV or XLSX)
  auditroom requests import --engagement ID [...] FILE
                                              import a PBC request list (CSV or XLSX)
  auditroom requests list --engagement ID     each request's status and linked evidence
  auditroom requests link|unlink --engagement ID --request R --evidence EVID
                                              link evidence to a request by hand, or undo a link
  auditroom evidence list --engagement ID [--request R] [--control C]
                                              the evidence files, or those linked to R or naming C
  auditroom evidence show --engagement ID EVID
                                              one file: as-of date and its source, links, pins, copies
  auditroom evidence link|unlink --engagement ID --evidence EVID --control C
                                              link evidence to a control by hand, or undo a link
  auditroom criteria import --engagement ID [...] FILE
                                              import your copy of the criteria text (CSV, XLSX, YAML)
  auditroom coverage --engagement ID [--today YYYY-MM-DD]
                                              criteria, controls, requests, evidence and the gaps
  auditroom sample size --confidence C --tolerable T [--expected-rate E | --expected-deviations K]
                              [--population N]     statistical attribute sample size
  auditroom sample size --frequency annual|quarterly|monthly|weekly|daily|multiple-daily
                              [--risk lower|higher] [--period-start D --period-end D [--pro-rate]]
                                              sample size by control frequency (risk default higher)
  auditroom sample evaluate --size N --deviations K --confidence C [--tolerable T]
                                              upper deviation limit and conclusion
  auditroom sample mus-size --book-value BV --tolerable-misstatement TM
                              [--expected-misstatement EM] --confidence C
                                              monetary-unit sample size (docs/methodology.md)
  auditroom population create --engagement ID --evidence EVID --key COL [--date COL, else proposed]
                              [--amount COL] [--stratum COL] [--sheet S] [--header-row N]
                              [--stated-count N] [--name NAME] [--date-order dmy|mdy]
                              [--filter "COL=V" | "COL!=V" | "COL in (A,B)" | "COL between D1..D2"]...
                              [--control C] [--frequency F] [--business-days]
                                              (the gap check follows C's frequency unless F is given)
                                              a frozen population from a CSV or XLSX evidence file
  auditroom population list --engagement ID
  auditroom sample draw --engagement ID --population PID --seed S [--method {{methods}}]
                              --size N | --frequency F [--risk R] [--pro-rate]
                              | --confidence C --tolerable T [--expected-rate E] [--finite-population]
                                              draw a sample (docs/methodology.md, Selection)
  auditroom test create --engagement ID --control C --sample SID --attribute "A=text" [--attribute "B=text"]...
                    [--title T] [--procedure P] [--confidence C --tolerable T]
                                              a test of a control; rates from the sample's plan, else 90% and 10%
  auditroom test list --engagement ID [--control C]
  auditroom test show --engagement ID TEST
  auditroom test set --engagement ID --test TID --item N --attribute A --result pass|exception|na
                    [--note T] [--evidence EVID [--page N | --sheet S --row N | --line N]]
                                              record one result, and the evidence behind it
  auditroom test signoff --engagement ID --test TID --role preparer|reviewer
                                              the reviewer must be someone other than the preparer
  auditroom finding create --engagement ID --title T --control C --criteria CC8.1[,...] --condition T
                    --criterion-text T --cause T --effect T --recommendation T [--exception TID:ITEM:ATTR]...
                    [--template NAME] [--owner O] [--likelihood L --magnitude M [--kind K] [--pervasive]]
                                              a draft finding, evaluated when likelihood and magnitude are given
  auditroom finding submit|return|issue|finalise --engagement ID --finding F [--comment T]
                                              move a finding; issue signs it off as the reviewer first
  auditroom finding list --engagement ID [--status S]
                                              findings, their classification and response
  auditroom finding show --engagement ID FINDING
                                              one finding, its response and the files sent with it
  auditroom finding respond --engagement ID --finding F --position agree|partially_agree|disagree
                    --text T --responder NAME [--action A --owner O --target-date D] [--evidence FILE]...
                                              answer a finding in a responder copy (compliance lead)
  auditroom finding evaluate --control C --criteria CC6.2[,...] --likelihood L --magnitude M
                    [--kind design|operating] [--pervasive] [--compensating CONTROL=CRITERIA]...
                    [--related REF=LIKELIHOOD/MAGNITUDE/CRITERIA]...
                                              classify a deficiency (docs/methodology.md)
  auditroom packet export --engagement ID --out FILE
                                              auditor: the issued findings; responder copy: the responses
  auditroom packet open FILE                  compliance lead: open a findings packet as a responder copy
  auditroom packet import --engagement ID [--confirm F-001,...] FILE
                                              auditor: take in a response packet; responses to findings
                                              changed since are flagged unless confirmed
  auditroom report --engagement ID --out FILE.pdf [--final] [--prepared-by NAME] [--date YYYY-MM-DD] [--force]
                              the PDF findings report; a draft is stamped DRAFT on every page,
                              a final one needs --prepared-by (default: the actor)
{{exports}}
                              every export takes [--confidence C] [--tolerable T] for tests that
                              record no rates of their own (default 90% and 10%); files are 0600;
                              report and exports replace a file already there only with --force
  auditroom verify  [--engagement ID]         recheck the trail's hash chain
  auditroom serve   [--addr 127.0.0.1:PORT]   the app in a browser, on this machine only
  auditroom demo    [--open]                  create (or reopen) the demo engagement

Global flags (before or after the command):
  --data DIR               data folder (default: $AUDITROOM_DATA, else the user's data folder)
  --passphrase-file FILE   read the passphrase from FILE (default: $AUDITROOM_PASSPHRASE, else a prompt)
  --json                   print one JSON document on stdout

Every command records $AUDITROOM_ACTOR as who did it (default: the operating-system user), so a
second person can review on the same machine and data folder.

Packet commands take the packet's own passphrase (not the data folder's) from
--packet-passphrase-file FILE, else $AUDITROOM_PACKET_PASSPHRASE, else a prompt.
`

// errUntilStopped ends a command that runs until a signal stops it
// (serve): that stop is success, not a job cut short.
var errUntilStopped = errors.New("stopped as asked")

// Run executes one command line and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	g := &globals{env: env}
	err := run(ctx, g, args)
	if errors.Is(err, errUntilStopped) {
		return 0
	}
	if err == nil && ctx.Err() != nil {
		// A job stopped by SIGINT or SIGTERM has not done what was asked.
		err = audit.Errorf(audit.ECANCELED, "stopped by a signal; what was done before it is kept")
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(env.Stdout, usage)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "auditroom: %s (see auditroom --help)\n", oneLine(ue.msg))
		return 2
	default:
		msg := audit.ErrorMessage(err)
		if audit.ErrorCode(err) == audit.EINTERNAL {
			msg = "internal error: " + err.Error()
		}
		fmt.Fprintf(env.Stderr, "auditroom: %s\n", oneLine(msg))
		return 1
	}
}

func run(ctx context.Context, g *globals, args []string) error {
	if err := g.setActor(); err != nil {
		return err
	}
	top := g.flags("auditroom")
	if err := top.Parse(args); err != nil {
		return err
	}
	rest := top.Args()
	if len(rest) == 0 {
		return openWindow(g, "")
	}
	cmd, rest := rest[0], rest[1:]
	switch cmd {
	case "version":
		return version(g, rest)
	case "engagement":
		if len(rest) == 0 {
			return usagef("engagement needs a subcommand: create, list, backup or restore")
		}
		switch rest[0] {
		case "create":
			return engagementCreate(ctx, g, rest[1:])
		case "list":
			return engagementList(ctx, g, rest[1:])
		case "backup":
			return engagementBackup(ctx, g, rest[1:])
		case "restore":
			return engagementRestore(ctx, g, rest[1:])
		}
		return usagef("unknown engagement subcommand %q: use create, list, backup or restore", rest[0])
	case "verify":
		return verify(ctx, g, rest)
	case "passphrase":
		return passphraseCmd(ctx, g, rest)
	case "settings":
		return settingsCmd(ctx, g, rest)
	case "controls":
		return scopeCommand(ctx, g, scope.ControlsImport, rest)
	case "requests":
		return requestsCmd(ctx, g, rest)
	case "evidence":
		return evidenceCmd(ctx, g, rest)
	case "criteria":
		return scopeCommand(ctx, g, scope.CriteriaImport, rest)
	case "coverage":
		return coverageCmd(ctx, g, rest)
	case "import":
		return importCmd(ctx, g, rest)
	case "reindex":
		return reindexCmd(ctx, g, rest)
	case "search":
		return searchCmd(ctx, g, rest)
	case "pin":
		return pinCmd(ctx, g, rest)
	case "population":
		return populationCmd(ctx, g, rest)
	case "sample":
		return sampleCmd(ctx, g, rest)
	case "test":
		return testCmd(ctx, g, rest)
	case "finding":
		return findingCmd(ctx, g, rest)
	case "packet":
		return packetCmd(ctx, g, rest)
	case "export":
		return exportCmd(ctx, g, rest)
	case "report":
		return reportCmd(ctx, g, rest)
	case "worker":
		// Hidden: a parser process started by the import (backend/worker).
		return worker.Serve(os.Stdin, os.Stdout, rest)
	case "serve":
		return serve(ctx, g, rest)
	case "demo":
		return demoCmd(ctx, g, rest)
	case "help":
		return flag.ErrHelp
	}
	return usagef("unknown command %q", cmd)
}

// globals are the flags every command takes, before or after its name.
type globals struct {
	env            Env
	data           string
	passphraseFile string
	json           bool
	actor          string // who every command records: see setActor
}

// setActor names who is at the keyboard for the trail, sign-offs and the
// findings workflow: $AUDITROOM_ACTOR, else the operating-system user. It
// lets a second person review on the same machine and data folder (the
// reviewer must not be the preparer), and the tests play both.
func (g *globals) setActor() error {
	g.actor = strings.TrimSpace(g.env.Getenv("AUDITROOM_ACTOR"))
	if len(g.actor) > 64 || strings.ContainsFunc(g.actor, unicode.IsControl) {
		return usagef("AUDITROOM_ACTOR must be a name on one line of at most 64 characters")
	}
	if g.actor == "" {
		g.actor = app.CurrentUser()
	}
	return nil
}

// flags makes a flag set carrying the global flags. Values parsed earlier
// are the defaults, so a flag given before the command survives.
func (g *globals) flags(name string) *flag.FlagSet {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.SetOutput(io.Discard)
	set.StringVar(&g.data, "data", g.data, "data folder")
	set.StringVar(&g.passphraseFile, "passphrase-file", g.passphraseFile, "file holding the passphrase")
	set.BoolVar(&g.json, "json", g.json, "print JSON")
	return set
}

// parse parses a command's flags and refuses positional arguments unless
// the command takes them.
func parse(set *flag.FlagSet, args []string, positional bool) error {
	if err := set.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s: %v", set.Name(), err)
	}
	if !positional && set.NArg() > 0 {
		return usagef("%s: unexpected argument %q", set.Name(), set.Arg(0))
	}
	return nil
}

// dataDir is --data, else $AUDITROOM_DATA, else the user's data folder.
func (g *globals) dataDir() (string, error) {
	dir := g.data
	if dir == "" {
		dir = g.env.Getenv("AUDITROOM_DATA")
	}
	if dir == "" {
		base := g.env.Getenv("XDG_DATA_HOME")
		if base == "" && runtime.GOOS == "linux" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", audit.Wrap(audit.EINVALID, err, "no data folder: pass --data or set AUDITROOM_DATA")
			}
			base = filepath.Join(home, ".local", "share")
		}
		if base == "" {
			cfg, err := os.UserConfigDir()
			if err != nil {
				return "", audit.Wrap(audit.EINVALID, err, "no data folder: pass --data or set AUDITROOM_DATA")
			}
			base = cfg
		}
		dir = filepath.Join(base, "auditroom")
	}
	return filepath.Abs(dir)
}

// print writes v as JSON with --json, else the text.
func (g *globals) print(v any, text string) error {
	if g.json {
		enc := json.NewEncoder(g.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	_, err := io.WriteString(g.env.Stdout, text)
	return err
}

func version(g *globals, args []string) error {
	if err := parse(g.flags("version"), args, false); err != nil {
		return err
	}
	v := struct {
		Version string `json:"version"`
		Go      string `json:"go"`
	}{app.Version, runtime.Version()}
	return g.print(v, fmt.Sprintf("auditroom %s (%s)\n", v.Version, v.Go))
}

func openWindow(g *globals, start string) error {
	dir, err := g.dataDir()
	if err != nil {
		return err
	}
	a := app.New(app.Options{DataDir: dir, StartEngagement: start})
	return runWindow(g, a)
}

func runWindow(g *globals, a *app.App) error {
	if err := app.RunDesktop(a, g.env.Assets, g.env.Icon); err != nil {
		return audit.Wrap(audit.EINVALID, err, "cannot open the window (this binary may lack the desktop build tags: use make build)")
	}
	return nil
}

// table lays out tab-separated lines under a header in aligned columns, or
// says empty when there are none.
func table(empty, header string, lines []string) string {
	if len(lines) == 0 {
		return empty + "\n"
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, l := range lines {
		fmt.Fprintln(tw, l)
	}
	tw.Flush()
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
