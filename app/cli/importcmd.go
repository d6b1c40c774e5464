package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/app"
	"auditroom/backend/extract"
	"auditroom/backend/ingest"
	"auditroom/backend/worker"
)

func importCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("import")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" {
		return usagef("import: --engagement is required")
	}
	if set.NArg() == 0 {
		return usagef("import: name at least one zip file, folder or file to import")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.Engagement(ctx, *id); err != nil {
		return err
	}
	cmd, err := app.WorkerCommand()
	if err != nil {
		return err
	}
	pool := worker.NewPool(cmd, 0, extract.Options{Tesseract: app.Tesseract()})
	defer pool.Close()
	ix, err := ingest.OpenIndex(ctx, h, *id)
	if err != nil {
		return err
	}
	defer ix.Close()
	var last int
	sum, err := ingest.Import(ctx, h, *id, set.Args(), ingest.Options{Actor: g.actor, Extractor: pool, Index: ix},
		func(p ingest.Progress) {
			// A line every 5% on stderr, so a long import shows it is alive.
			if g.json || p.FilesTotal == 0 {
				return
			}
			if pct := p.FilesDone * 20 / p.FilesTotal; pct > last {
				last = pct
				fmt.Fprintf(g.env.Stderr, "%d of %d files\n", p.FilesDone, p.FilesTotal)
			}
		})
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d files, %d imported, %d duplicates, %d failed, %d not extracted, %d encrypted in %.1f s\n",
		sum.FilesTotal, sum.Imported, sum.Duplicates, len(sum.Failed), len(sum.NotExtracted), len(sum.Encrypted), sum.ElapsedS)
	for _, p := range sum.Failed {
		fmt.Fprintf(&b, "failed: %s: %s\n", p.Path, p.Reason)
	}
	if sum.Canceled {
		b.WriteString(sum.CancelNote() + "\n")
	}
	return g.print(sum, b.String())
}

func reindexCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("reindex")
	id := set.String("engagement", "", "engagement ID")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if *id == "" {
		return usagef("reindex: --engagement is required")
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	ix, err := ingest.OpenIndex(ctx, h, *id)
	if err != nil {
		return err
	}
	defer ix.Close()
	n, err := ingest.Reindex(ctx, h, *id, ix, nil)
	if err != nil {
		return err
	}
	docs, _ := ix.Count()
	out := struct {
		Evidence  int    `json:"evidence"`
		Documents uint64 `json:"documents"`
	}{n, docs}
	return g.print(out, fmt.Sprintf("reindexed %d evidence files (%d index documents)\n", n, docs))
}
