// Package population turns a CSV or XLSX evidence file into a frozen
// population: every row hashed, its key, date, amount and stratum read,
// and the completeness checks an auditor looks at before sampling (row
// count, dates outside the period, gaps, duplicate and blank keys, cells
// that cannot be read). It reads the file as a stream, so a population of
// a million rows never sits whole in memory.
package population

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/table"
)

// Date orders for dates written with numbers only, such as 03/04/2026.
const (
	OrderAuto = table.OrderAuto // decided from the file's first rows
	OrderDMY  = table.OrderDMY  // day/month/year
	OrderMDY  = table.OrderMDY  // month/day/year
)

// Limits on what a population reads.
const (
	maxName     = 200
	maxRowBytes = 1 << 20 // one row's cells in all
	maxColumns  = table.MaxColumns
)

// Population is a frozen list of items to sample from: one per data row of
// a CSV file or worksheet, in file order.
type Population struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	EvidenceID   string   `json:"evidence_id"`
	File         string   `json:"file"`          // the evidence file's name
	SourceSHA256 string   `json:"source_sha256"` // of the evidence file's bytes
	Format       string   `json:"format"`        // csv or xlsx
	Encoding     string   `json:"encoding,omitempty"`
	Delimiter    string   `json:"delimiter,omitempty"` // of a CSV file: ",", ";", "tab" or "|"
	Sheet        string   `json:"sheet,omitempty"`     // of a workbook
	HeaderRow    int      `json:"header_row"`          // the row holding the headers, as a spreadsheet numbers it
	Headers      []string `json:"headers"`
	Key          Column   `json:"key"`
	Date         Column   `json:"date"`
	Amount       *Column  `json:"amount,omitempty"`
	Stratum      *Column  `json:"stratum,omitempty"`
	DateOrder    string   `json:"date_order,omitempty"` // dmy or mdy, when the file's dates needed one
	// Filters restrict the population to the rows meeting all of them;
	// Excluded counts the rows of the file they left out.
	Filters  []Filter `json:"filters,omitempty"`
	Excluded int      `json:"excluded,omitempty"`
	// Control is the control the population is for, if named. Frequency
	// and BusinessDays are the control's, for the gap check, and
	// FrequencySource says where Frequency came from.
	Control         string    `json:"control,omitempty"`
	Frequency       string    `json:"frequency,omitempty"`
	FrequencySource string    `json:"frequency_source,omitempty"` // FromControl, Typed, or empty: none, every day
	BusinessDays    bool      `json:"business_days,omitempty"`
	Rows            int       `json:"rows"`
	Hash            string    `json:"hash"` // SHA-256 over the filters' digest, if any, and the ordered row hashes, hex
	Checks          Checks    `json:"checks"`
	CreatedAt       time.Time `json:"created_at"`
	CreatedBy       string    `json:"created_by"`
}

// Where a population's gap-check frequency came from.
const (
	FromControl = "control" // the control matrix's, for the control the population is for
	Typed       = "typed"   // given when the population was created, over the control's if any
)

// UseControl makes the control the population is for (frequency as the
// matrix gives it, empty when it does not say) the gap check's frequency,
// unless one was typed, and returns which was used: FromControl, Typed or
// empty when there is none.
func (o *Options) UseControl(frequency string) string {
	switch {
	case o.Frequency != "":
		return Typed
	case frequency != "":
		o.Frequency = frequency
		return FromControl
	}
	return ""
}

// FrequencyText says which frequency the gap check follows and where it
// came from, as the CLI prints it: "from control CC8.1 (weekly)".
func (p Population) FrequencyText() string {
	f := p.Frequency
	if p.BusinessDays {
		f += ", business days"
	}
	switch p.FrequencySource {
	case FromControl:
		return fmt.Sprintf("from control %s (%s)", p.Control, f)
	case Typed:
		return "typed (" + f + ")"
	}
	if p.BusinessDays {
		return "not stated (every business day)"
	}
	return "not stated (every day)"
}

// gridExtra is how many columns besides the key and the date a test grid
// shows of each sampled row until the tester picks others.
const gridExtra = 2

// DefaultColumns are the columns (indexes, from 0) a test grid shows of
// each sampled row: the key, the date and the first two others in file
// order, so the tester reads the item without opening the file.
func (p Population) DefaultColumns() []int {
	cols := []int{p.Key.Index}
	if p.Date.Index != p.Key.Index {
		cols = append(cols, p.Date.Index)
	}
	for i := range p.Headers {
		if len(cols) >= 2+gridExtra {
			break
		}
		if i != p.Key.Index && i != p.Date.Index {
			cols = append(cols, i)
		}
	}
	return cols
}

// Columns names the columns at indexes, in that order; an index outside the
// file is refused.
func (p Population) Columns(indexes []int) ([]Column, error) {
	out := make([]Column, 0, len(indexes))
	seen := map[int]bool{}
	for _, i := range indexes {
		if i < 0 || i >= len(p.Headers) {
			return nil, audit.Errorf(audit.EINVALID, "population %s has no column %d: it has %d columns", p.Name, i+1, len(p.Headers))
		}
		if seen[i] {
			return nil, audit.Errorf(audit.EINVALID, "column %s is chosen twice", table.ColumnLetter(i))
		}
		seen[i] = true
		out = append(out, Column{Index: i, Letter: table.ColumnLetter(i), Header: p.Headers[i]})
	}
	return out, nil
}

// GridColumns are the columns a test grid shows of each sampled row: those
// chosen for the test, or the defaults when none are chosen or they no
// longer fit the population.
func (p Population) GridColumns(chosen []int) []Column {
	if len(chosen) > 0 {
		if cols, err := p.Columns(chosen); err == nil {
			return cols
		}
	}
	cols, _ := p.Columns(p.DefaultColumns())
	return cols
}

// Values are the row's cells in cols, in order; "" past the row's end.
func (r Row) Values(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if c.Index < len(r.Cells) {
			out[i] = r.Cells[c.Index]
		}
	}
	return out
}

// Column is one column of the file.
type Column struct {
	Index  int    `json:"index"`  // from 0
	Letter string `json:"letter"` // as a spreadsheet names it: A, B, … AA
	Header string `json:"header"`
}

// Row is one item of a population.
type Row struct {
	Index   int      `json:"index"` // position in the population, from 0
	Row     int      `json:"row"`   // the row a spreadsheet shows it on, as the search cites it
	Key     string   `json:"key"`
	Date    string   `json:"date,omitempty"` // YYYY-MM-DD; empty when the cell is not a date
	Amount  *Amount  `json:"amount,omitempty"`
	Stratum string   `json:"stratum,omitempty"`
	Hash    string   `json:"hash"`  // SHA-256 of the row's cells, hex (see RowHash)
	Cells   []string `json:"cells"` // every cell, as read
}

// Period is the span the population should cover: the engagement's period.
type Period struct {
	Start string `json:"start"` // YYYY-MM-DD
	End   string `json:"end"`
}

// Options say how to read a population from an evidence file. Columns are
// named by their header (case does not matter) or by letter.
type Options struct {
	EvidenceID  string `json:"evidence_id"`
	Name        string `json:"name,omitempty"`       // defaults to the file's name
	Sheet       string `json:"sheet,omitempty"`      // of a workbook; defaults to the first
	HeaderRow   int    `json:"header_row,omitempty"` // defaults to 1
	Key         string `json:"key"`
	Date        string `json:"date"`
	Amount      string `json:"amount,omitempty"`
	Stratum     string `json:"stratum,omitempty"`
	StatedCount *int   `json:"stated_count,omitempty"` // the row count the client gave, if any
	DateOrder   string `json:"date_order,omitempty"`   // OrderAuto, OrderDMY or OrderMDY
	// Filters keep only the rows meeting every one (see ParseFilter).
	Filters []string `json:"filters,omitempty"`
	// Control is the control the population is for: its frequency is the
	// gap check's unless Frequency is given (see UseControl).
	Control string `json:"control,omitempty"`
	// Frequency is how often the control operates (annual … multiple-daily,
	// as-needed), and BusinessDays that it operates Monday to Friday: the
	// gap check reports only gaps longer than these allow.
	Frequency    string `json:"frequency,omitempty"`
	BusinessDays bool   `json:"business_days,omitempty"`
}

// Normalize trims the texts and fills the header row's default.
func (o *Options) Normalize() {
	for _, s := range []*string{&o.EvidenceID, &o.Name, &o.Sheet, &o.Key, &o.Date, &o.Amount, &o.Stratum, &o.DateOrder, &o.Frequency, &o.Control} {
		*s = strings.TrimSpace(*s)
	}
	o.DateOrder = strings.ToLower(o.DateOrder)
	o.Frequency = strings.ToLower(o.Frequency)
	if o.HeaderRow == 0 {
		o.HeaderRow = 1
	}
}

// Validate checks normalized options.
func (o *Options) Validate() error {
	switch {
	case o.EvidenceID == "":
		return audit.Errorf(audit.EINVALID, "evidence is required: name the CSV or XLSX file the population comes from")
	case o.Key == "":
		return audit.Errorf(audit.EINVALID, "key column is required: name the column that identifies each row")
	case o.Date == "":
		return audit.Errorf(audit.EINVALID, "date column is required: name the column holding each row's date")
	case o.HeaderRow < 1:
		return audit.Errorf(audit.EINVALID, "header row %d must be 1 or more", o.HeaderRow)
	case o.StatedCount != nil && *o.StatedCount < 0:
		return audit.Errorf(audit.EINVALID, "stated count %d must not be negative", *o.StatedCount)
	case utf8.RuneCountInString(o.Name) > maxName:
		return audit.Errorf(audit.EINVALID, "name is longer than %d characters", maxName)
	}
	switch o.DateOrder {
	case OrderAuto, OrderDMY, OrderMDY:
	default:
		return audit.Errorf(audit.EINVALID, "date order %q must be dmy or mdy (or empty to decide from the file)", o.DateOrder)
	}
	if _, ok := gapAllowance[o.Frequency]; !ok {
		return audit.Errorf(audit.EINVALID, "frequency %q must be annual, quarterly, monthly, weekly, daily, multiple-daily or as-needed", o.Frequency)
	}
	for _, f := range o.Filters {
		if _, err := ParseFilter(f); err != nil {
			return err
		}
	}
	return nil
}

// RowHash is the SHA-256 of a row's canonical cells: each cell, in column
// order, as its length in bytes (4 bytes, big-endian) followed by its UTF-8
// bytes. Cells are taken as read (a CSV cell unquoted and decoded to UTF-8;
// a workbook cell's stored value, so a date is its serial number), and
// empty cells at the end of the row are left out, so a trailing comma does
// not change the hash.
func RowHash(cells []string) [32]byte {
	h := sha256.New()
	var n [4]byte
	for _, c := range trimRow(cells) {
		binary.BigEndian.PutUint32(n[:], uint32(len(c)))
		h.Write(n[:])
		h.Write([]byte(c))
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// Hash is the SHA-256 over the 32-byte hashes of the rows, in population
// order: it changes if any row changes, moves, appears or goes.
func Hash(rowHashes [][32]byte) string {
	h := sha256.New()
	for _, r := range rowHashes {
		h.Write(r[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// trimRow drops empty cells at the end of a row.
func trimRow(cells []string) []string {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// blank reports whether every cell is empty or spaces.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
