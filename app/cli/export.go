package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/export"
)

// exportCmd is `auditroom export xlsx|csv|oscal`: the workbook to a file;
// CSV and OSCAL into a folder (findings.csv and exceptions.csv;
// assessment-results.json and poam.json), or with --kind one table or
// document to a file.
func exportCmd(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("export needs a format: xlsx, csv or oscal")
	}
	format := args[0]
	switch format {
	case export.FormatXLSX, export.FormatCSV, export.FormatOSCAL:
	default:
		return usagef("unknown export format %q: use xlsx, csv or oscal", format)
	}
	cmd := "export " + format
	set := g.flags(cmd)
	var target export.Target
	id := set.String("engagement", "", "engagement ID")
	out := set.String("out", "", "the file (xlsx, or with --kind) or folder to write")
	kind := ""
	if format != export.FormatXLSX {
		set.StringVar(&kind, "kind", "", "one table or document to a file instead of all into a folder")
	}
	set.BoolVar(&target.Overwrite, "force", false, "replace files already there")
	confidence := set.String("confidence", export.DefaultConfidence.Percent(), "confidence to evaluate each sample at")
	tolerable := set.String("tolerable", export.DefaultTolerable.Percent(), "tolerable deviation rate to judge the samples against")
	if err := parse(set, args[1:], false); err != nil {
		return err
	}
	for _, req := range []struct{ flag, val string }{{"engagement", *id}, {"out", *out}} {
		if req.val == "" {
			return usagef("%s: --%s is required", cmd, req.flag)
		}
	}
	opt := export.Options{}
	var err error
	if opt.Confidence, err = rateFlag(cmd, "confidence", *confidence); err != nil {
		return err
	}
	if opt.Tolerable, err = rateFlag(cmd, "tolerable", *tolerable); err != nil {
		return err
	}
	if err := opt.Validate(); err != nil {
		return badValue(cmd, err)
	}
	target.Format, target.Kind, target.Path = format, export.Kind(kind), *out
	if err := target.Validate(); err != nil {
		return badValue(cmd, err)
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	d, err := export.Gather(ctx, h, *id, opt)
	if err != nil {
		return err
	}
	res, err := export.Save(ctx, d, target, nil)
	if err != nil {
		return forceHint(err)
	}
	if err := export.Record(ctx, h, g.actor, res); err != nil {
		return err
	}
	var b strings.Builder
	for _, f := range res.Files {
		fmt.Fprintf(&b, "wrote %s (%d bytes, sha256 %s)\n", f.Path, f.Bytes, f.SHA256)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(&b, "did not write %s: %s\n", s.File, s.Reason)
	}
	return g.print(res, b.String())
}

// forceHint tells how to replace a file an export or report refused to
// write over.
func forceHint(err error) error {
	if errors.Is(err, export.ErrExists) {
		return audit.Wrap(audit.ECONFLICT, err, "%s: pass --force to replace it", audit.ErrorMessage(err))
	}
	return err
}
