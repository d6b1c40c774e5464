package cli

import (
	"context"
	"fmt"

	"auditroom/backend/export"
)

// reportCmd is `auditroom report`: the PDF findings report, a draft (stamped
// DRAFT on every page) unless --final.
func reportCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("report")
	id := set.String("engagement", "", "engagement ID")
	out := set.String("out", "", "the PDF file to write")
	final := set.Bool("final", false, "the final report: every finding issued, no DRAFT stamp")
	preparedBy := set.String("prepared-by", g.actor, "who signs the report: a person or the firm")
	force := set.Bool("force", false, "replace a file already at --out")
	date := set.String("date", "", "the report's date, YYYY-MM-DD (default today)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" || *out == "" {
		return usagef("report: --engagement and --out are required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	res, _, err := export.SaveReport(ctx, h, *id, g.actor, *out,
		export.ReportOptions{Final: *final, PreparedBy: *preparedBy, Date: *date, Overwrite: *force})
	if err != nil {
		return forceHint(err)
	}
	f := res.Files[0]
	return g.print(res, fmt.Sprintf("wrote %s (%d bytes, sha256 %s)\n", f.Path, f.Bytes, f.SHA256))
}
