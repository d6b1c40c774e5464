package population

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/table"
)

// orderSample is how many data rows decide the date order of a file that
// writes dates with numbers only, when the options leave it open.
const orderSample = 1000

// Read reads a population from src: the rows below the header row, each
// hashed and passed to emit in file order, with the completeness checks
// against period. Rows with no cell filled are skipped and counted (a CSV
// file's empty lines are not rows at all).
// progress, if not nil, is called now and then with the rows read so far.
// It returns the population without the fields the store fills (ID,
// evidence, creation); EINVALID for options the file does not fit, and
// ECANCELED when ctx ends.
func Read(ctx context.Context, src Source, opt Options, period Period, emit func(Row) error, progress func(rows int)) (Population, error) {
	opt.Normalize()
	if err := opt.Validate(); err != nil {
		return Population{}, err
	}
	t, err := open(src, opt.Sheet)
	if err != nil {
		return Population{}, err
	}
	defer t.Close()
	p := Population{Name: opt.Name, File: src.Name, Format: t.Format, Encoding: t.Encoding, Delimiter: t.Delimiter,
		Sheet: t.Sheet, HeaderRow: opt.HeaderRow}
	if p.Name == "" {
		p.Name = src.Name
	}
	if p.Headers, err = header(t, src.Name, opt.HeaderRow); err != nil {
		return p, err
	}
	cols := map[string]*Column{}
	for _, c := range []struct {
		what, spec string
		into       **Column
	}{{"key", opt.Key, nil}, {"date", opt.Date, nil}, {"amount", opt.Amount, &p.Amount}, {"stratum", opt.Stratum, &p.Stratum}} {
		if c.spec == "" {
			continue
		}
		col, err := resolve(c.what, c.spec, p.Headers, src.Name)
		if err != nil {
			return p, err
		}
		cols[c.what] = &col
		if c.into != nil {
			*c.into = &col
		}
	}
	p.Key, p.Date = *cols["key"], *cols["date"]

	// The first rows are read ahead to decide the order of numeric dates.
	var ahead []numbered
	dates := table.Dates{Order: opt.DateOrder, Serial: t.Format == XLSX}
	if dates.Order == OrderAuto {
		if ahead, err = readAhead(ctx, t, orderSample); err != nil {
			return p, err
		}
		if dates.Order, err = decideOrder(ahead, p.Date.Index, src.Name); err != nil {
			return p, err
		}
	}
	p.DateOrder = dates.Order

	if p.Filters, err = parseFilters(opt.Filters, p.Headers, src.Name); err != nil {
		return p, err
	}
	p.Frequency, p.BusinessDays = opt.Frequency, opt.BusinessDays
	chk, err := newChecker(period, opt.StatedCount, p.Amount != nil, gapRule{opt.Frequency, opt.BusinessDays})
	if err != nil {
		return p, err
	}
	all := sha256.New()
	all.Write(filterDigest(p.Filters))
	asDate := func(c string) string { d, _ := dates.Parse(c); return d }
	handle := func(cells []string, line int) error {
		cells = trimRow(cells)
		if blank(cells) {
			chk.blankRows++
			return nil
		}
		if err := rowFits(cells, line, src.Name); err != nil {
			return err
		}
		for _, f := range p.Filters {
			if !f.keeps(cells, asDate) {
				p.Excluded++
				return nil
			}
		}
		r := Row{Index: chk.rows, Row: line, Cells: cells, Key: strings.TrimSpace(cell(cells, p.Key.Index))}
		h := RowHash(cells)
		all.Write(h[:])
		r.Hash = hex.EncodeToString(h[:])
		dateCell := cell(cells, p.Date.Index)
		var why, amountCell, amountWhy string
		r.Date, why = dates.Parse(dateCell)
		if p.Amount != nil {
			amountCell = cell(cells, p.Amount.Index)
			if a, err := ParseAmount(amountCell); err == nil {
				r.Amount = &a
			} else if strings.TrimSpace(amountCell) == "" {
				amountWhy = "blank"
			} else {
				amountWhy = strings.TrimPrefix(audit.ErrorMessage(err), `"`+amountCell+`" is not an amount: `)
			}
		}
		if p.Stratum != nil {
			r.Stratum = strings.TrimSpace(cell(cells, p.Stratum.Index))
		}
		chk.add(line, r.Key, r.Date, dateCell, why, r.Amount, amountCell, amountWhy)
		return emit(r)
	}
	for _, a := range ahead {
		if err := handle(a.cells, a.line); err != nil {
			return p, err
		}
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return p, audit.Wrap(audit.ECANCELED, err, "canceled")
			}
			if progress != nil {
				progress(chk.rows)
			}
		}
		r, err := t.Next()
		cells, line := r.Cells, r.Num
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		if err := handle(cells, line); err != nil {
			return p, err
		}
	}
	if chk.rows == 0 && len(p.Filters) > 0 {
		return p, audit.Errorf(audit.EINVALID, "%s: the filters leave none of its %d rows", src.Name, p.Excluded)
	}
	if chk.rows == 0 {
		return p, audit.Errorf(audit.EINVALID, "%s has no rows below the header row %d", src.Name, opt.HeaderRow)
	}
	p.Rows = chk.rows
	p.Hash = hex.EncodeToString(all.Sum(nil))
	p.Checks = chk.result()
	if progress != nil {
		progress(p.Rows)
	}
	return p, nil
}

type numbered struct {
	cells []string
	line  int
}

// header skips to the header row and returns its cells, trimmed.
func header(t *table.Reader, name string, at int) ([]string, error) {
	for {
		r, err := t.Next()
		cells, line := r.Cells, r.Num
		if errors.Is(err, io.EOF) {
			return nil, audit.Errorf(audit.EINVALID, "%s ends before row %d, the header row", name, at)
		}
		if err != nil {
			return nil, err
		}
		if line < at {
			continue
		}
		if line > at || blank(cells) {
			return nil, audit.Errorf(audit.EINVALID, "row %d of %s is blank: choose the row that holds the column headers", at, name)
		}
		h := trimRow(cells)
		out := make([]string, len(h))
		for i, c := range h {
			out[i] = strings.TrimSpace(c)
		}
		return out, nil
	}
}

func readAhead(ctx context.Context, t *table.Reader, n int) ([]numbered, error) {
	var out []numbered
	for len(out) < n {
		if err := ctx.Err(); err != nil {
			return nil, audit.Wrap(audit.ECANCELED, err, "canceled")
		}
		r, err := t.Next()
		cells, line := r.Cells, r.Num
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, numbered{cells, line})
	}
	return out, nil
}

// decideOrder reads the order of numeric dates from the rows that prove
// one (13/02/2026 is day first); it refuses a file that proves both.
func decideOrder(rows []numbered, col int, name string) (string, error) {
	var dmy, mdy *numbered
	for i := range rows {
		switch table.Vote(cell(rows[i].cells, col)) {
		case OrderDMY:
			dmy = cmpOr(dmy, &rows[i])
		case OrderMDY:
			mdy = cmpOr(mdy, &rows[i])
		}
	}
	switch {
	case dmy != nil && mdy != nil:
		return "", audit.Errorf(audit.EINVALID, "the dates of %s are written both day first (row %d: %s) and month first (row %d: %s): correct the file or choose the date order",
			name, dmy.line, cell(dmy.cells, col), mdy.line, cell(mdy.cells, col))
	case dmy != nil:
		return OrderDMY, nil
	case mdy != nil:
		return OrderMDY, nil
	}
	return OrderAuto, nil
}

func cmpOr[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

// resolve finds a column by header (case and surrounding spaces do not
// matter) or, failing that, by letter.
func resolve(what, spec string, headers []string, file string) (Column, error) {
	found := -1
	for i, h := range headers {
		if strings.EqualFold(h, spec) {
			if found >= 0 {
				return Column{}, audit.Errorf(audit.EINVALID, "%s has two columns headed %q (%s and %s): name the %s column by letter",
					file, spec, table.ColumnLetter(found), table.ColumnLetter(i), what)
			}
			found = i
		}
	}
	if found < 0 {
		i, ok := table.ColumnIndex(spec)
		if !ok {
			return Column{}, audit.Errorf(audit.EINVALID, "%s has no column %q for the %s (columns: %s)", file, spec, what, strings.Join(headers, ", "))
		}
		found = i
	}
	return Column{Index: found, Letter: table.ColumnLetter(found), Header: cell(headers, found)}, nil
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

func rowFits(cells []string, line int, name string) error {
	if len(cells) > maxColumns {
		return audit.Errorf(audit.EINVALID, "row %d of %s has more than %d columns", line, name, maxColumns)
	}
	n := 0
	for _, c := range cells {
		n += len(c)
	}
	if n > maxRowBytes {
		return audit.Errorf(audit.EINVALID, "row %d of %s holds more than %d MB of text", line, name, maxRowBytes>>20)
	}
	return nil
}
