package population

import (
	"crypto/sha256"
	"regexp"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
)

// Filter operators.
const (
	OpEquals    = "="
	OpNotEquals = "!="
	OpIn        = "in"
	OpBetween   = "between"
)

// maxFilters bounds the filters of one population.
const maxFilters = 20

// Filter restricts a population, at freeze time, to the rows whose cell in
// one column meets it. Cells and values compare trimmed and without regard
// to case; a date range is inclusive and reads the cells as the date
// column's dates are read.
type Filter struct {
	Column string   `json:"column"` // as given: a header or a letter
	Header string   `json:"header"` // the column it resolved to
	Op     string   `json:"op"`     // =, !=, in or between
	Values []string `json:"values"` // one value; the list for in; from and to for between
	Text   string   `json:"text"`   // String(), as the hash covers it
	index  int
}

// The filter syntax (docs/user-guide.md, "Populations"):
//
//	environment=production          the cell equals the value
//	status!=cancelled               the cell is anything else, blank included
//	type in (standard,emergency)    the cell is one of the values
//	Deployed On between 2026-01-01..2026-06-30   the cell is a date in the range
var (
	inSyntax      = regexp.MustCompile(`(?i)^(.+?)\s+in\s*\((.*)\)$`)
	betweenSyntax = regexp.MustCompile(`(?i)^(.+?)\s+between\s+(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$`)
)

// ParseFilter reads one filter.
func ParseFilter(s string) (Filter, error) {
	s = strings.TrimSpace(s)
	bad := func(why string) (Filter, error) {
		return Filter{}, audit.Errorf(audit.EINVALID, "filter %q: %s (write column=value, column!=value, column in (a,b) or column between YYYY-MM-DD..YYYY-MM-DD)", s, why)
	}
	var f Filter
	if m := betweenSyntax.FindStringSubmatch(s); m != nil {
		f = Filter{Column: strings.TrimSpace(m[1]), Op: OpBetween, Values: []string{m[2], m[3]}}
		from, err := time.Parse(audit.DateLayout, m[2])
		if err != nil {
			return bad(m[2] + " is not a date")
		}
		to, err := time.Parse(audit.DateLayout, m[3])
		if err != nil {
			return bad(m[3] + " is not a date")
		}
		if to.Before(from) {
			return bad("the range ends before it starts")
		}
	} else if m := inSyntax.FindStringSubmatch(s); m != nil {
		f = Filter{Column: strings.TrimSpace(m[1]), Op: OpIn}
		for v := range strings.SplitSeq(m[2], ",") {
			if v = strings.TrimSpace(v); v != "" {
				f.Values = append(f.Values, v)
			}
		}
		if len(f.Values) == 0 {
			return bad("the list is empty")
		}
	} else if i := strings.Index(s, "!="); i >= 0 {
		f = Filter{Column: strings.TrimSpace(s[:i]), Op: OpNotEquals, Values: []string{strings.TrimSpace(s[i+2:])}}
	} else if i := strings.Index(s, "="); i >= 0 {
		f = Filter{Column: strings.TrimSpace(s[:i]), Op: OpEquals, Values: []string{strings.TrimSpace(s[i+1:])}}
	} else {
		return bad("no operator")
	}
	if f.Column == "" {
		return bad("no column")
	}
	return f, nil
}

// String writes the filter in its canonical form, as the population
// records it and its hash covers: the column's header, the operator and
// the values.
func (f Filter) String() string {
	col := f.Header
	if col == "" {
		col = f.Column
	}
	switch f.Op {
	case OpIn:
		return col + " in (" + strings.Join(f.Values, ", ") + ")"
	case OpBetween:
		return col + " between " + f.Values[0] + ".." + f.Values[1]
	}
	return col + " " + f.Op + " " + f.Values[0]
}

// keeps reports whether a row meets the filter; date reads a cell as a date.
func (f Filter) keeps(cells []string, date func(string) string) bool {
	c := strings.TrimSpace(cell(cells, f.index))
	switch f.Op {
	case OpEquals:
		return strings.EqualFold(c, f.Values[0])
	case OpNotEquals:
		return !strings.EqualFold(c, f.Values[0])
	case OpIn:
		return slices.ContainsFunc(f.Values, func(v string) bool { return strings.EqualFold(c, v) })
	}
	d := date(c)
	return d != "" && d >= f.Values[0] && d <= f.Values[1]
}

// parseFilters reads the options' filters against the file's headers.
func parseFilters(specs, headers []string, file string) ([]Filter, error) {
	if len(specs) > maxFilters {
		return nil, audit.Errorf(audit.EINVALID, "%d filters: at most %d", len(specs), maxFilters)
	}
	var out []Filter
	for _, s := range specs {
		f, err := ParseFilter(s)
		if err != nil {
			return nil, err
		}
		col, err := resolve("filter", f.Column, headers, file)
		if err != nil {
			return nil, err
		}
		f.Header, f.index = col.Header, col.Index
		if f.Header == "" {
			f.Header = col.Letter
		}
		f.Text = f.String()
		out = append(out, f)
	}
	return out, nil
}

// filterDigest is what a filtered population's hash starts from: the
// SHA-256 of its filters in canonical form, one a line. A population
// without filters hashes its rows alone, as before filters existed.
func filterDigest(fs []Filter) []byte {
	if len(fs) == 0 {
		return nil
	}
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return sum[:]
}

// FilterTexts lists the population's filters in canonical form.
func (p Population) FilterTexts() []string {
	var out []string
	for _, f := range p.Filters {
		out = append(out, f.String())
	}
	return out
}
