package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
	tables "auditroom/backend/table"
)

// mapFlags collects repeated --map field=COLUMN flags.
type mapFlags map[string]int

func (m mapFlags) String() string { return "" }

// Set reads field=COLUMN, the column as a letter ("E") or "none".
func (m mapFlags) Set(v string) error {
	field, col, ok := strings.Cut(v, "=")
	if !ok || field == "" || col == "" {
		return fmt.Errorf("--map takes field=COLUMN, e.g. criteria=E")
	}
	if strings.EqualFold(col, "none") {
		m[field] = -1
		return nil
	}
	n, ok := tables.ColumnIndex(col)
	if !ok {
		return fmt.Errorf("--map %s: %q is not a column letter", field, col)
	}
	m[field] = n
	return nil
}

// scopeImport is `auditroom controls|requests|criteria import`.
func scopeImport(ctx context.Context, g *globals, kind scope.ImportKind, args []string) error {
	name := string(kind) + " import"
	set := g.flags(name)
	id := set.String("engagement", "", "engagement ID")
	sheet := set.String("sheet", "", "worksheet of a workbook (default: the one that fits best)")
	header := set.Int("header-row", 0, "1-based row holding the headers (default: found)")
	dry := set.Bool("dry-run", false, "check and show what would change, store nothing")
	mapping := mapFlags{}
	set.Var(mapping, "map", "field=COLUMN, e.g. criteria=E (repeatable; COLUMN none to skip a field)")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" {
		return usagef("%s: --engagement is required", name)
	}
	if set.NArg() != 1 {
		return usagef("%s: name one CSV, XLSX or YAML file", name)
	}
	for field := range mapping {
		if !hasField(kind, field) {
			return usagef("%s: --map: %s has no field %q (fields: %s)", name, kind, field, fieldNames(kind))
		}
	}
	file := set.Arg(0)
	data, err := readLimited(file)
	if err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	opt := scope.Options{Sheet: *sheet, HeaderRow: *header, Mapping: mapping}
	p, ierr := h.Import(ctx, *id, g.actor, kind, filepath.Base(file), data, opt, !*dry)
	if ierr != nil && len(p.Errors) == 0 {
		return ierr
	}
	if err := g.print(p, previewText(p)); err != nil {
		return err
	}
	return ierr
}

func hasField(kind scope.ImportKind, name string) bool {
	for _, f := range scope.Fields(kind) {
		if f.Name == name {
			return true
		}
	}
	return false
}

func fieldNames(kind scope.ImportKind) string {
	var n []string
	for _, f := range scope.Fields(kind) {
		n = append(n, f.Name)
	}
	return strings.Join(n, ", ")
}

// readLimited reads an import file, refusing one too large to be a list.
func readLimited(file string) ([]byte, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", file)
	}
	if st.Size() > scope.MaxFileSize {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: a control matrix or request list should be far smaller", file, scope.MaxFileSize>>20)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", file)
	}
	return data, nil
}

func previewText(p scope.Preview) string {
	var b strings.Builder
	where := p.File
	if p.Sheet != "" {
		where += ", sheet " + strconv.Quote(p.Sheet)
	}
	fmt.Fprintf(&b, "%s: header on row %d, %d rows\n", where, p.HeaderRow, p.Total)
	for _, m := range p.Mapping {
		col := "(none)"
		if m.Column >= 0 && m.Column < len(p.Columns) {
			c := p.Columns[m.Column]
			col = fmt.Sprintf("column %s %q", c.Letter, c.Header)
		}
		fmt.Fprintf(&b, "  %-16s %s\n", m.Label, col)
	}
	for _, e := range p.Errors {
		fmt.Fprintf(&b, "error: %s\n", e.Message)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w.Message)
	}
	if len(p.Errors) > 0 {
		return b.String()
	}
	verb := "would add"
	if p.Applied {
		verb = "added"
	}
	fmt.Fprintf(&b, "%s %d, changed %d, unchanged %d", verb, len(p.Diff.Added), len(p.Diff.Changed), len(p.Diff.Unchanged))
	if n := len(p.Diff.NotInFile); n > 0 {
		fmt.Fprintf(&b, "; %d stored but not in the file (kept)", n)
	}
	b.WriteString("\n")
	for _, c := range p.Diff.Changed {
		for _, f := range c.Fields {
			fmt.Fprintf(&b, "  %s %s: %q → %q\n", c.ID, f.Field, f.From, f.To)
		}
	}
	return b.String()
}

// scopeCommand dispatches `auditroom controls|requests|criteria SUBCOMMAND`.
func scopeCommand(ctx context.Context, g *globals, kind scope.ImportKind, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return usagef("%s needs a subcommand: import", kind)
	}
	return scopeImport(ctx, g, kind, args[1:])
}

// coverageCmd is `auditroom coverage`.
func coverageCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("coverage")
	id := set.String("engagement", "", "engagement ID")
	today := set.String("today", time.Now().Format(audit.DateLayout), "YYYY-MM-DD that decides what is overdue")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("coverage: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	cv, err := h.Coverage(ctx, *id, *today)
	if err != nil {
		return err
	}
	return g.print(cv, coverageText(cv))
}

func coverageText(cv scope.Coverage) string {
	var b strings.Builder
	s := cv.Summary
	fmt.Fprintf(&b, "criteria covered: %d of %d\ncontrols with evidence: %d of %d\nrequests accepted: %d of %d (%d overdue, %d flagged)\n",
		s.CriteriaCovered, s.Criteria, s.ControlsWithEvidence, s.Controls, s.RequestsAccepted, s.Requests, s.Overdue, s.Flagged)
	fmt.Fprintf(&b, "evidence dated outside the period: %d (%d undated)\n", s.EvidenceOutOfPeriod, s.EvidenceUndated)
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if g := cv.Gaps.CriteriaWithoutControl; len(g) > 0 {
		fmt.Fprintln(tw, "\nCRITERIA WITHOUT A CONTROL")
		for _, c := range g {
			fmt.Fprintf(tw, "%s\t%s\n", c.ID, c.Title)
		}
	}
	if g := cv.Gaps.ControlsWithoutEvidence; len(g) > 0 {
		fmt.Fprintf(tw, "\nCONTROLS WITHOUT EVIDENCE\n%s\n", strings.Join(g, ", "))
	}
	if g := cv.Gaps.OverdueRequests; len(g) > 0 {
		fmt.Fprintln(tw, "\nOVERDUE REQUESTS (as of "+cv.Today+")")
		for _, r := range g {
			fmt.Fprintf(tw, "%s\tdue %s\t%s\t%s\n", r.ID, r.Due, r.Status, oneLine(r.Description))
		}
	}
	if g := cv.Gaps.FlaggedRequests; len(g) > 0 {
		fmt.Fprintln(tw, "\nFLAGGED REQUESTS")
		for _, r := range g {
			fmt.Fprintf(tw, "%s\t%s\n", r.ID, oneLine(r.Description))
		}
	}
	if g := cv.Gaps.EvidenceOutOfPeriod; len(g) > 0 {
		fmt.Fprintln(tw, "\nEVIDENCE DATED OUTSIDE THE PERIOD")
		for _, ev := range g {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", oneLine(ev.Path), cmp.Or(ev.AsOf, "unknown"), ev.Reason)
		}
	}
	tw.Flush()
	return b.String()
}
