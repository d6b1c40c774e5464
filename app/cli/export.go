package cli

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/export"
)

// exportCmd is `auditroom export FORMAT`, a format of export.Formats: one
// of one file to a file; a folder format into a folder (findings.csv and
// exceptions.csv; assessment-results.json and poam.json), or with --kind
// one table or document to a file.
func exportCmd(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("export needs a format: %s", export.FormatNames())
	}
	format := args[0]
	f, err := export.FormatOf(format)
	if err != nil {
		return usagef("unknown export format %q: use %s", format, export.FormatNames())
	}
	cmd := "export " + format
	set := g.flags(cmd)
	var target export.Target
	id := set.String("engagement", "", "engagement ID")
	out := set.String("out", "", "the file (xlsx, or with --kind) or folder to write")
	kind := ""
	if f.Folder() {
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

// exportUsage is the usage text's lines for each export format.
func exportUsage() string {
	var b strings.Builder
	for _, f := range export.Formats {
		fmt.Fprintf(&b, "  auditroom export %s --engagement ID %s\n", f.Name, f.Usage)
		if kinds := f.Kinds(); len(kinds) > 0 {
			names := make([]string, len(kinds))
			for i, k := range kinds {
				names[i] = string(k)
			}
			fmt.Fprintf(&b, "  auditroom export %s --engagement ID --kind %s --out FILE%s\n", f.Name, strings.Join(names, "|"), path.Ext(f.Docs[0].File))
		}
	}
	return b.String()
}
