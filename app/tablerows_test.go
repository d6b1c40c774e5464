package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"auditroom/backend/ingest"
	"auditroom/backend/population"
	"auditroom/backend/store"
)

// A Windows-1252 CSV file with semicolons, a title row, blank lines and a
// quoted cell over two lines, imported into an engagement built from
// nothing: the search, the viewer and the frozen population cite each row
// at the same row number, the one a spreadsheet shows.
func TestTableRowsAgree(t *testing.T) {
	a, e := unlocked(t)
	text := "Leavers FY26 – HR export;;;\n" + // row 1
		"\n" + // row 2
		"User;Removed on;Team;Note\n" + // row 3
		"u001;2026-02-03;Finance;Müller\n" + // row 4
		"u002;2026-03-04;Sales;\"handed over\nto IT\"\n" + // row 5, lines 5 and 6
		"\n" + // row 6, line 7
		"u003;2026-04-05;Ops;zzcitedkey\n" // row 7, line 8
	data, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "leavers.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := a.Session.open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := a.Session.index(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, h, e.ID, []string{dir}, ingest.Options{Actor: "tester", Extractor: a.Session.parsers(), Index: ix}, nil); err != nil {
		t.Fatal(err)
	}
	page, err := a.Evidence.List(e.ID, store.EvidenceFilter{Limit: 10})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("evidence %+v, %v", page, err)
	}
	ev := page.Items[0]

	res, err := a.Search.Run(e.ID, "zzcitedkey", 0, 10)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Row != 7 || res.Hits[0].Line != 8 {
		t.Fatalf("search hits %+v, %v; want row 7, line 8", res.Hits, err)
	}
	hits, err := a.Viewer.Hits(e.ID, ev.ID, "müller")
	if err != nil || len(hits) != 1 || hits[0].Row != 4 {
		t.Errorf("viewer hits %+v, %v; want row 4", hits, err)
	}

	pv, err := a.Testing.PreviewPopulation(e.ID, ev.ID, "", 3)
	if err != nil || pv.Encoding != "windows-1252" || pv.Delimiter != ";" || len(pv.Columns) != 4 || pv.Columns[3].Header != "Note" {
		t.Fatalf("preview %+v, %v", pv, err)
	}
	job, err := a.Testing.CreatePopulation(e.ID, population.Options{EvidenceID: ev.ID, HeaderRow: 3, Key: "User", Date: "Removed on"})
	if err != nil {
		t.Fatal(err)
	}
	j := finished(t, a, job.ID)
	p, ok := j.Result.(population.Population)
	if j.State != JobDone || !ok {
		t.Fatalf("population job %s: %v", j.State, j.Error)
	}
	rows, err := a.Testing.PopulationRows(e.ID, p.ID, 0, 10)
	if err != nil || len(rows.Rows) != 3 {
		t.Fatalf("population rows %+v, %v", rows, err)
	}
	for i, want := range []struct {
		key  string
		row  int
		date string
		note string
	}{{"u001", 4, "2026-02-03", "Müller"}, {"u002", 5, "2026-03-04", "handed over\nto IT"}, {"u003", 7, "2026-04-05", "zzcitedkey"}} {
		r := rows.Rows[i]
		if r.Key != want.key || r.Row != want.row || r.Date != want.date || len(r.Cells) != 4 || r.Cells[3] != want.note {
			t.Errorf("population row %d: key %s, row %d, date %s, cells %q; want %s on row %d, %s, %q", i, r.Key, r.Row, r.Date, r.Cells, want.key, want.row, want.date, want.note)
		}
	}
}
