package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"auditroom/backend/audit"
)

// BOM starts every CSV file: the UTF-8 byte order mark. Without it Excel
// reads a CSV file in the system's legacy code page and turns "Müller"
// into "MÃ¼ller"; with it Excel, LibreOffice and Numbers read UTF-8, and
// most CSV libraries skip it.
const BOM = "\ufeff"

// WriteCSV writes the findings or the exceptions as CSV: RFC 4180 (fields
// quoted where needed, CRLF line ends), UTF-8 with a BOM, one header row.
// A field that a spreadsheet would read as a formula (starting with =, +,
// -, @, a tab or a carriage return) is prefixed with a single quote, as
// OWASP advises against CSV injection: the text comes from evidence and
// from the client, and must open as text, never run.
func WriteCSV(d *Data, kind Kind, w io.Writer) error {
	var t table
	switch kind {
	case Findings:
		t = findingTable(d)
	case Exceptions:
		t = exceptionTable(d)
	default:
		return audit.Errorf(audit.EINVALID, "csv kind %q must be findings or exceptions", kind)
	}
	if _, err := io.WriteString(w, BOM); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write %s", FileName(kind))
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Header
	}
	if err := cw.Write(head); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write %s", FileName(kind))
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = Defuse(fmt.Sprint(v))
		}
		if err := cw.Write(rec); err != nil {
			return audit.Wrap(audit.EINVALID, err, "write %s", FileName(kind))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write %s", FileName(kind))
	}
	return nil
}

// Defuse prefixes a field a spreadsheet would take for a formula with a
// single quote, which spreadsheets show as text and do not evaluate.
func Defuse(field string) string {
	if field != "" && strings.ContainsRune("=+-@\t\r", rune(field[0])) {
		return "'" + field
	}
	return field
}
