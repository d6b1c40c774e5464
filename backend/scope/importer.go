package scope

import (
	"fmt"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/table"
)

// Options steer an import away from what it would choose by itself.
type Options struct {
	Sheet     string         `json:"sheet,omitempty"`      // worksheet of a workbook; empty picks the one that fits best
	HeaderRow int            `json:"header_row,omitempty"` // 1-based row of the headers; 0 finds it
	Mapping   map[string]int `json:"mapping,omitempty"`    // field → 0-based column; -1 reads the field from no column
}

// Column is one column of the chosen sheet.
type Column struct {
	Index  int    `json:"index"`  // 0-based
	Letter string `json:"letter"` // "A", "B" …
	Header string `json:"header"` // the text in the header row
}

// FieldMapping says which column a field is read from.
type FieldMapping struct {
	Field
	Column int  `json:"column"` // 0-based; -1 when no column
	Auto   bool `json:"auto"`   // chosen by the import, not by the user
}

// RowError is a problem with one row (or, with Row 0, the whole file).
type RowError struct {
	Row     int    `json:"row"`             // 1-based row of the sheet, as a spreadsheet numbers it
	Field   string `json:"field,omitempty"` // the field at fault, if one
	Message string `json:"message"`
}

// PreviewRow is one data row as the mapping reads it.
type PreviewRow struct {
	Row    int               `json:"row"`    // 1-based row of the sheet
	Values map[string]string `json:"values"` // field → cell text
}

// ItemChange is an item a re-import changes, field by field.
type ItemChange struct {
	ID     string        `json:"id"`
	Fields []FieldChange `json:"fields"`
}

// Diff is what applying an import does to what is stored.
type Diff struct {
	Added     []string     `json:"added"`
	Changed   []ItemChange `json:"changed"`
	Unchanged []string     `json:"unchanged"`
	NotInFile []string     `json:"not_in_file"` // stored items the file leaves out; they are kept
}

// Preview is what an import would do, shown before anything is stored.
type Preview struct {
	Kind      ImportKind     `json:"kind"`
	File      string         `json:"file"`
	Sheets    []string       `json:"sheets"`     // worksheets of a workbook; empty for CSV and YAML
	Sheet     string         `json:"sheet"`      // the one read
	HeaderRow int            `json:"header_row"` // 1-based; 0 when no header was found
	Columns   []Column       `json:"columns"`
	Mapping   []FieldMapping `json:"mapping"`
	Rows      []PreviewRow   `json:"rows"`  // the first rows, as read
	Total     int            `json:"total"` // data rows read
	Errors    []RowError     `json:"errors"`
	Warnings  []RowError     `json:"warnings"`
	Diff      Diff           `json:"diff"`
	Applied   bool           `json:"applied"` // set once stored
}

// OK reports whether the file can be applied: no errors and something read.
func (p *Preview) OK() bool { return len(p.Errors) == 0 }

// State is what the engagement already holds, against which an import is
// checked and compared.
type State struct {
	Categories []audit.Category
	Controls   []Control
	Requests   []Request
	Texts      []CriterionText
}

// Parsed is a preview and the items it read.
type Parsed struct {
	Preview
	Controls []Control
	Requests []Request
	Texts    []CriterionText
}

// previewRows is how many rows a preview shows.
const previewRows = 20

// Prepare reads a file and checks every row against st, without storing
// anything. Problems with rows land in Preview.Errors; an error is returned
// only for a file that cannot be read at all (EINVALID).
func Prepare(kind ImportKind, file string, data []byte, opt Options, st State) (Parsed, error) {
	switch kind {
	case ControlsImport, RequestsImport, CriteriaImport:
	default:
		return Parsed{}, audit.Errorf(audit.EINVALID, "unknown import %q: use controls, requests or criteria", kind)
	}
	sheets, err := readSheets(file, data)
	if err != nil {
		return Parsed{}, err
	}
	specs := specsFor(kind)
	p := Parsed{Preview: Preview{Kind: kind, File: file, Sheets: []string{}, Columns: []Column{}, Rows: []PreviewRow{},
		Errors: []RowError{}, Warnings: []RowError{}, Diff: emptyDiff()}}

	sh, err := chooseSheet(sheets, specs, opt.Sheet)
	if err != nil {
		return Parsed{}, err
	}
	if len(sheets) > 1 || sheets[0].name != "" {
		for _, s := range sheets {
			p.Sheets = append(p.Sheets, s.name)
		}
	}
	p.Sheet = sh.name

	head := -1
	switch {
	case opt.HeaderRow > 0 && opt.HeaderRow <= len(sh.rows):
		head = opt.HeaderRow - 1
	case opt.HeaderRow > 0:
		return Parsed{}, audit.Errorf(audit.EINVALID, "header row %d is past the end of the sheet (%d rows)", opt.HeaderRow, len(sh.rows))
	default:
		head = findHeader(specs, sh.rows)
	}
	if head < 0 {
		p.Errors = append(p.Errors, RowError{Message: "no header row names a column this import reads (" + fieldLabels(specs) + "): choose the header row and the columns"})
		// Show the first non-blank row as a header anyway, so that columns can be chosen.
		for i, r := range sh.rows {
			if !blank(r) {
				head = i
				break
			}
		}
		if head < 0 {
			p.Errors[0].Message = "the file has no rows"
			return p, nil
		}
	}
	p.HeaderRow = head + 1
	header := sh.rows[head]
	width := len(header)
	var body [][]string
	var rowNums []int
	for i := head + 1; i < len(sh.rows); i++ {
		width = max(width, len(sh.rows[i]))
		if blank(sh.rows[i]) {
			continue
		}
		body = append(body, sh.rows[i])
		rowNums = append(rowNums, i+1)
	}
	for i := range width {
		p.Columns = append(p.Columns, Column{Index: i, Letter: table.ColumnLetter(i), Header: cell(header, i)})
	}

	auto := autoMap(specs, header, body)
	cols := map[string]int{}
	for _, s := range specs {
		col, ok := auto[s.Name]
		isAuto := ok
		if v, set := opt.Mapping[s.Name]; set {
			col, ok, isAuto = v, v >= 0, false
		}
		if ok && (col < 0 || col >= width) {
			return Parsed{}, audit.Errorf(audit.EINVALID, "column %d for %s is outside the sheet's %d columns", col+1, s.Label, width)
		}
		if !ok {
			col = -1
		}
		cols[s.Name] = col
		p.Mapping = append(p.Mapping, FieldMapping{Field: s.Field, Column: col, Auto: isAuto})
		if s.Required && col < 0 && head >= 0 && len(p.Errors) == 0 {
			p.Errors = append(p.Errors, RowError{Field: s.Name, Message: fmt.Sprintf("no column holds the %s: choose one", s.Label)})
		}
	}

	values := func(row []string) map[string]string {
		v := map[string]string{}
		for name, col := range cols {
			if col >= 0 {
				v[name] = cell(row, col)
			}
		}
		return v
	}
	// Drop rows that repeat the header (a header merged over two rows).
	var kept [][]string
	var keptNums []int
	for i, row := range body {
		if repeatsHeader(row, header) {
			continue
		}
		kept = append(kept, row)
		keptNums = append(keptNums, rowNums[i])
	}
	for i, row := range kept {
		if i >= previewRows {
			break
		}
		p.Rows = append(p.Rows, PreviewRow{Row: keptNums[i], Values: values(row)})
	}
	p.Total = len(kept)
	if len(p.Errors) > 0 {
		return p, nil
	}
	if len(kept) == 0 {
		p.Errors = append(p.Errors, RowError{Message: "no rows below the header"})
		return p, nil
	}
	rows := make([]record, len(kept))
	for i, row := range kept {
		rows[i] = record{num: keptNums[i], v: values(row)}
	}
	switch kind {
	case ControlsImport:
		p.readControls(rows, st)
	case RequestsImport:
		p.readRequests(rows, st)
	case CriteriaImport:
		p.readTexts(rows, st)
	}
	return p, nil
}

// repeatsHeader reports whether every filled cell of row holds the header
// above it: the lower half of a header merged over two rows.
func repeatsHeader(row, header []string) bool {
	for i := range row {
		if v := cell(row, i); v != "" && !strings.EqualFold(v, cell(header, i)) {
			return false
		}
	}
	return true
}

func emptyDiff() Diff {
	return Diff{Added: []string{}, Changed: []ItemChange{}, Unchanged: []string{}, NotInFile: []string{}}
}

func fieldLabels(specs []fieldSpec) string {
	var l []string
	for _, s := range specs {
		l = append(l, s.Label)
	}
	return strings.Join(l, ", ")
}

// chooseSheet returns the named sheet, or the one whose best header row
// names the most fields.
func chooseSheet(sheets []sheet, specs []fieldSpec, name string) (sheet, error) {
	if name != "" {
		for _, s := range sheets {
			if s.name == name {
				return s, nil
			}
		}
		return sheet{}, audit.Errorf(audit.EINVALID, "the workbook has no sheet %q", name)
	}
	best, score := 0, -1
	for i, s := range sheets {
		h := findHeader(specs, s.rows)
		if h < 0 {
			continue
		}
		if sc := rowScore(specs, s.rows[h]); sc > score {
			best, score = i, sc
		}
	}
	return sheets[best], nil
}

// record is one data row: its sheet row number and its cells by field.
type record struct {
	num int
	v   map[string]string
}

func (p *Parsed) fail(row int, field, format string, args ...any) {
	p.Errors = append(p.Errors, RowError{Row: row, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *Parsed) warn(row int, field, format string, args ...any) {
	p.Warnings = append(p.Warnings, RowError{Row: row, Field: field, Message: fmt.Sprintf(format, args...)})
}

// firstLine keeps a title to one line.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func (p *Parsed) readControls(rows []record, st State) {
	seen := map[string]int{}
	for _, r := range rows {
		c := Control{ID: r.v["id"], Title: firstLine(r.v["title"]), Description: r.v["description"], Owner: firstLine(r.v["owner"])}
		if c.ID == "" {
			p.fail(r.num, "id", "row %d: the control ID is blank", r.num)
			continue
		}
		key := strings.ToLower(c.ID)
		if prev, dup := seen[key]; dup {
			p.fail(r.num, "id", "row %d: duplicate control ID %s (also on row %d)", r.num, c.ID, prev)
			continue
		}
		seen[key] = r.num
		if f, ok := ParseFrequency(r.v["frequency"]); ok {
			c.Frequency = f
		} else {
			p.fail(r.num, "frequency", "row %d: frequency %q of %s is not annual, quarterly, monthly, weekly, daily, multiple times a day or as needed", r.num, r.v["frequency"], c.ID)
		}
		n, k, ok := ParseNatureKind(r.v["nature"])
		if !ok {
			p.fail(r.num, "nature", "row %d: nature %q of %s is neither manual nor automated", r.num, r.v["nature"], c.ID)
		}
		n2, k2, ok2 := ParseNatureKind(r.v["kind"])
		if !ok2 {
			p.fail(r.num, "kind", "row %d: kind %q of %s is neither preventive nor detective", r.num, r.v["kind"], c.ID)
		}
		c.Nature, c.Kind = cmpOr(n, n2), cmpOr(k2, k)
		if key, ok := ParseKey(r.v["key"]); ok {
			c.Key = key
		} else {
			p.fail(r.num, "key", "row %d: key control %q of %s is not yes or no", r.num, r.v["key"], c.ID)
		}
		ids, unknown := ParseCriteria(r.v["criteria"])
		for _, u := range unknown {
			p.fail(r.num, "criteria", "row %d: %s maps to unknown criterion %q", r.num, c.ID, u)
		}
		var out []string
		for _, id := range ids {
			if !IsInScope(id, st.Categories) {
				out = append(out, id)
			}
		}
		if len(out) > 0 {
			p.warn(r.num, "criteria", "row %d: %s maps to %s, outside the engagement's categories; kept but not in coverage", r.num, c.ID, strings.Join(out, ", "))
		}
		c.Criteria = ids
		c.Normalize()
		if err := c.Validate(); err != nil {
			p.fail(r.num, "", "row %d: %s", r.num, audit.ErrorMessage(err))
			continue
		}
		p.Controls = append(p.Controls, c)
	}
	if len(p.Errors) == 0 {
		p.Diff = DiffControls(st.Controls, p.Controls)
	}
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

func (p *Parsed) readRequests(rows []record, st State) {
	known := map[string]string{}
	for _, c := range st.Controls {
		known[strings.ToLower(c.ID)] = c.ID
	}
	seen := map[string]int{}
	for _, r := range rows {
		q := Request{ID: r.v["id"], Description: r.v["description"], Owner: firstLine(r.v["owner"])}
		if q.ID == "" {
			p.fail(r.num, "id", "row %d: the request ID is blank", r.num)
			continue
		}
		key := strings.ToLower(q.ID)
		if prev, dup := seen[key]; dup {
			p.fail(r.num, "id", "row %d: duplicate request ID %s (also on row %d)", r.num, q.ID, prev)
			continue
		}
		seen[key] = r.num
		for _, c := range splitList(r.v["controls"]) {
			id, ok := known[strings.ToLower(c)]
			if !ok {
				p.fail(r.num, "controls", "row %d: %s names control %q, which is not in the control matrix (import the matrix first)", r.num, q.ID, c)
				continue
			}
			q.Controls = append(q.Controls, id)
		}
		if d := r.v["due"]; d != "" {
			due, err := ParseDue(d)
			if err != nil {
				p.fail(r.num, "due", "row %d: due date of %s: %s", r.num, q.ID, audit.ErrorMessage(err))
			}
			q.Due = due
		}
		q.Normalize()
		if err := q.Validate(); err != nil {
			p.fail(r.num, "", "row %d: %s", r.num, audit.ErrorMessage(err))
			continue
		}
		p.Requests = append(p.Requests, q)
	}
	if len(p.Errors) == 0 {
		p.Diff = DiffRequests(st.Requests, p.Requests)
	}
}

func (p *Parsed) readTexts(rows []record, st State) {
	seen := map[string]int{}
	for _, r := range rows {
		cr, ok := Lookup(r.v["id"])
		switch {
		case r.v["id"] == "":
			p.fail(r.num, "id", "row %d: the criterion ID is blank", r.num)
			continue
		case !ok:
			p.fail(r.num, "id", "row %d: %q is not a 2017 Trust Services Criteria ID", r.num, r.v["id"])
			continue
		}
		if prev, dup := seen[cr.ID]; dup {
			p.fail(r.num, "id", "row %d: duplicate criterion %s (also on row %d)", r.num, cr.ID, prev)
			continue
		}
		seen[cr.ID] = r.num
		t := CriterionText{ID: cr.ID, Title: firstLine(r.v["title"]), Text: r.v["text"], PointsOfFocus: r.v["points_of_focus"]}
		if err := t.Validate(); err != nil {
			p.fail(r.num, "", "row %d: %s", r.num, audit.ErrorMessage(err))
			continue
		}
		p.Texts = append(p.Texts, t)
	}
	if len(p.Errors) == 0 {
		p.Diff = DiffTexts(st.Texts, p.Texts)
	}
}

// Validate reports the first rule a criterion text breaks.
func (t *CriterionText) Validate() error {
	if _, ok := byID[t.ID]; !ok {
		return audit.Errorf(audit.EINVALID, "%q is not a 2017 Trust Services Criteria ID", t.ID)
	}
	if err := validLine("title of "+t.ID, t.Title, maxTitleLen, false); err != nil {
		return err
	}
	if err := validText("text of "+t.ID, t.Text); err != nil {
		return err
	}
	return validText("points of focus of "+t.ID, t.PointsOfFocus)
}

// splitList splits a cell listing several IDs on commas, semicolons and
// new lines.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseDue reads a due date as table.Dates reads a cell: YYYY-MM-DD, an
// Excel date serial, "30 Nov 2026", "Nov 30, 2026", or D/M/Y and M/D/Y
// when only one reading is a date. It returns YYYY-MM-DD.
func ParseDue(s string) (string, error) {
	d, why := table.Dates{Serial: true}.Parse(s)
	switch {
	case why == table.Ambiguous:
		return "", audit.Errorf(audit.EINVALID, "%q could be day/month or month/day: write it as YYYY-MM-DD", strings.TrimSpace(s))
	case d == "":
		return "", audit.Errorf(audit.EINVALID, "%q is not a date (write YYYY-MM-DD)", strings.TrimSpace(s))
	}
	return d, nil
}

// DiffControls compares a file's controls with the stored ones, by ID.
func DiffControls(stored, file []Control) Diff {
	return diffByID(stored, file, func(c Control) string { return c.ID },
		func(c, old Control) []FieldChange { return c.Changes(old) })
}

// DiffRequests compares a file's requests with the stored ones, by ID.
// Status, history and evidence are not the file's to change.
func DiffRequests(stored, file []Request) Diff {
	return diffByID(stored, file, func(r Request) string { return r.ID },
		func(r, old Request) []FieldChange { return r.Changes(old) })
}

// DiffTexts compares a file's criterion texts with the stored ones.
func DiffTexts(stored, file []CriterionText) Diff {
	d := diffByID(stored, file, func(t CriterionText) string { return t.ID },
		func(t, o CriterionText) []FieldChange {
			var ch []FieldChange
			for _, f := range []FieldChange{{"title", o.Title, t.Title}, {"text", o.Text, t.Text}, {"points_of_focus", o.PointsOfFocus, t.PointsOfFocus}} {
				if f.From != f.To {
					ch = append(ch, f)
				}
			}
			return ch
		})
	slices.Sort(d.NotInFile)
	return d
}

// diffByID compares a file's items with the stored ones by their IDs: an
// item only in the file is added, one whose changes (from the stored item,
// or the zero item when there is none) are not empty is changed, and a
// stored item the file leaves out is not in the file. Lists keep the
// order of file, then of stored.
func diffByID[T any](stored, file []T, id func(T) string, changes func(item, old T) []FieldChange) Diff {
	d := emptyDiff()
	old := map[string]T{}
	for _, s := range stored {
		old[id(s)] = s
	}
	in := map[string]bool{}
	for _, f := range file {
		fid := id(f)
		in[fid] = true
		o, ok := old[fid]
		switch ch := changes(f, o); {
		case !ok:
			d.Added = append(d.Added, fid)
		case len(ch) > 0:
			d.Changed = append(d.Changed, ItemChange{fid, ch})
		default:
			d.Unchanged = append(d.Unchanged, fid)
		}
	}
	for _, s := range stored {
		if sid := id(s); !in[sid] {
			d.NotInFile = append(d.NotInFile, sid)
		}
	}
	return d
}
