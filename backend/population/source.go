package population

import (
	"io"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/table"
)

// Formats a population is read from.
const (
	CSV  = table.CSV
	XLSX = table.XLSX
)

// maxWorkbook bounds a workbook, which unlike a CSV file is read whole (a
// zip needs random access).
const maxWorkbook = 512 << 20

// Source is an evidence file to read a population from.
type Source struct {
	Name   string    // the file's name, for messages
	Type   string    // the evidence type the import detected: csv, tsv or xlsx
	Size   int64     // in bytes, for progress
	Reader io.Reader // the file's bytes
}

// Format is the format a population is read in for an evidence type, or
// an EINVALID error naming what the file is.
func Format(name, evidenceType string) (string, error) {
	switch evidenceType {
	case "csv", "tsv":
		return CSV, nil
	case "xlsx":
		return XLSX, nil
	}
	return "", audit.Errorf(audit.EINVALID, "%s is %s, not a CSV or XLSX file: a population is read from a table", name, article(evidenceType))
}

func article(t string) string {
	if t == "" {
		return "of unknown type"
	}
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an " + t
	}
	return "a " + t
}

// open starts reading a source; for a workbook, sheet names the worksheet
// ("" for the first).
func open(src Source, sheet string) (*table.Reader, error) {
	if _, err := Format(src.Name, src.Type); err != nil {
		return nil, err
	}
	return table.Stream(src.Name, src.Reader, table.Options{Type: src.Type, Sheet: sheet, MaxWorkbook: maxWorkbook, MaxInflate: maxWorkbook * 2})
}
