package scope

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/table"
)

// Limits on what an import reads, so that a hostile file stays small.
const (
	MaxFileSize = 5 << 20 // bytes of the file as given
	maxRows     = 10000   // rows of one sheet
	maxColumns  = 200     // columns of one row
	maxCell     = 32767   // characters of one cell, Excel's own limit
	maxSheets   = 50
)

// sheet is one grid of cells: a CSV file, or one worksheet of a workbook.
type sheet struct {
	name string
	rows [][]string
}

// readSheets reads a CSV, XLSX or YAML file into grids of text, a row's
// index being its row number less one. The format is told by content (an
// XLSX is a zip) and, for YAML, by the file name.
func readSheets(name string, data []byte) ([]sheet, error) {
	if len(data) > MaxFileSize {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: a control matrix or request list should be far smaller", name, MaxFileSize>>20)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			text, _ := table.Decode(data)
			rows, err := yamlRows(text)
			if err != nil {
				return nil, audit.Wrap(audit.EINVALID, err, "%s is not YAML this import understands", name)
			}
			return []sheet{{name: "", rows: rows}}, nil
		}
	}
	t, err := table.Open(name, data, table.Options{MaxInflate: 200 << 20})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if t.Format == table.CSV {
		rows, err := gridRows(t, true)
		if err != nil {
			return nil, audit.Wrap(audit.EINVALID, err, "%s is not a CSV file this import understands", name)
		}
		return []sheet{{name: "", rows: rows}}, nil
	}
	var out []sheet
	for i, sn := range t.Sheets {
		if i >= maxSheets {
			break
		}
		if err := t.Select(sn); err != nil {
			return nil, err
		}
		rows, err := gridRows(t, false)
		if err != nil {
			return nil, err
		}
		// A merged cell holds its value in the top-left cell only; spread it
		// over the range, so a header merged across columns names them all.
		for _, m := range t.Merged() {
			rows = spreadMerge(rows, m)
		}
		out = append(out, sheet{name: sn, rows: rows})
	}
	return out, nil
}

// gridRows reads a table's rows into a grid, row n at index n-1, blank rows
// nil, up to maxRows: more is an error in a CSV file (strict) and cut off in
// a sheet.
func gridRows(t *table.Reader, strict bool) ([][]string, error) {
	var rows [][]string
	for {
		r, err := t.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		if len(r.Cells) == 0 {
			continue // a sheet's empty row: padded below if more follow
		}
		if r.Num > maxRows {
			if strict {
				return nil, audit.Errorf(audit.EINVALID, "more than %d rows", maxRows)
			}
			return rows, nil
		}
		for len(rows) < r.Num-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, clip(r.Cells))
	}
}

// clip bounds a row's width and its cells' length.
func clip(rec []string) []string {
	if len(rec) > maxColumns {
		rec = rec[:maxColumns]
	}
	for i, c := range rec {
		if len(c) > maxCell*4 {
			c = c[:maxCell*4]
		}
		rec[i] = strings.ToValidUTF8(c, "\uFFFD")
	}
	return rec
}

func spreadMerge(rows [][]string, m table.Range) [][]string {
	if m.LastRow > maxRows || m.LastCol >= maxColumns {
		return rows
	}
	for len(rows) < m.LastRow {
		rows = append(rows, nil)
	}
	for r := m.FirstRow - 1; r < m.LastRow; r++ {
		for len(rows[r]) <= m.LastCol {
			rows[r] = append(rows[r], "")
		}
		for c := m.FirstCol; c <= m.LastCol; c++ {
			if rows[r][c] == "" {
				rows[r][c] = m.Value
			}
		}
	}
	return rows
}

// blank reports whether every cell of a row is empty or space.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}
