package cli

import (
	"context"
	"fmt"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
	"auditroom/backend/search"
)

func searchCmd(ctx context.Context, g *globals, args []string) error {
	set := g.flags("search")
	id := set.String("engagement", "", "engagement ID")
	limit := set.Int("limit", search.DefaultLimit, "hits to show")
	offset := set.Int("offset", 0, "hits to skip")
	if err := parse(set, args, true); err != nil {
		return err
	}
	if *id == "" {
		return usagef("search: --engagement is required")
	}
	// Flags stop at the first word of the query, so that -word excludes.
	for _, a := range set.Args() {
		if name, ok := strings.CutPrefix(a, "--"); ok && set.Lookup(strings.SplitN(name, "=", 2)[0]) != nil {
			return usagef("search: put %s before the query", a)
		}
	}
	q := strings.Join(set.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("search: type a query after the flags")
	}
	if *limit <= 0 || *limit > search.MaxLimit {
		return usagef("search: --limit must be between 1 and %d", search.MaxLimit)
	}
	if *offset < 0 {
		return usagef("search: --offset must not be negative")
	}
	// Bad syntax is reported before the store is opened.
	if _, err := search.Parse(q); err != nil {
		return err
	}
	h, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.Engagement(ctx, *id); err != nil {
		return err
	}
	ix, err := ingest.OpenIndex(ctx, h, *id)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := search.Search(ctx, ix, q, *offset, *limit)
	if err != nil {
		return err
	}
	return g.print(res, searchText(res, *offset))
}

// searchText is a line a hit: score, name, path, where in the file, and
// the first fragment with its matches in «».
func searchText(res search.Results, offset int) string {
	var b strings.Builder
	for _, h := range res.Hits {
		fmt.Fprintf(&b, "%.3f  %s  %s", h.Score, h.Name, h.Path)
		if at := place(h); at != "" {
			b.WriteString("  " + at)
		}
		if len(h.Fragments) > 0 {
			b.WriteString("  " + marked(h.Fragments[0]))
		}
		b.WriteByte('\n')
	}
	switch {
	case res.Total == 0:
		b.WriteString("no files match\n")
	case len(res.Hits) == 0:
		fmt.Fprintf(&b, "%d files match; none from %d\n", res.Total, offset+1)
	default:
		fmt.Fprintf(&b, "%d–%d of %d files (%.1f ms)\n", offset+1, offset+len(res.Hits), res.Total, res.Took)
	}
	return b.String()
}

// place is where in its file a hit's match is (audit.Locator).
func place(h search.Hit) string {
	if h.Locator == (audit.Locator{}) {
		return ""
	}
	return h.Locator.String()
}

// marked puts « and » around the highlights of a fragment.
func marked(f search.Fragment) string {
	runes := []rune(f.Text)
	var b strings.Builder
	at := 0
	for _, h := range f.Highlights {
		if h[0] < at || h[1] > len(runes) || h[0] >= h[1] {
			continue
		}
		b.WriteString(string(runes[at:h[0]]) + "«" + string(runes[h[0]:h[1]]) + "»")
		at = h[1]
	}
	b.WriteString(string(runes[at:]))
	return b.String()
}
