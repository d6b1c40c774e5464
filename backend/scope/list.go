package scope

import (
	"slices"
	"strings"
	"unicode"
)

// CompareIDs orders references the way people read them: "AC-2" before
// "AC-10", letters without regard to case.
func CompareIDs(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if unicode.IsDigit(ra[i]) && unicode.IsDigit(rb[j]) {
			si := i
			for i < len(ra) && unicode.IsDigit(ra[i]) {
				i++
			}
			sj := j
			for j < len(rb) && unicode.IsDigit(rb[j]) {
				j++
			}
			na := strings.TrimLeft(string(ra[si:i]), "0")
			nb := strings.TrimLeft(string(rb[sj:j]), "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		ca, cb := unicode.ToLower(ra[i]), unicode.ToLower(rb[j])
		if ca != cb {
			return int(ca) - int(cb)
		}
		i++
		j++
	}
	if c := (len(ra) - i) - (len(rb) - j); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// SortControls sorts controls by ID, in reading order.
func SortControls(cs []Control) {
	slices.SortFunc(cs, func(a, b Control) int { return CompareIDs(a.ID, b.ID) })
}

// SortRequests sorts requests by ID, in reading order.
func SortRequests(rs []Request) {
	slices.SortFunc(rs, func(a, b Request) int { return CompareIDs(a.ID, b.ID) })
}

// Page bounds.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// ControlFilter selects, sorts and pages controls.
type ControlFilter struct {
	Query     string    `json:"query,omitempty"`     // words found in ID, title, description or owner
	Criterion string    `json:"criterion,omitempty"` // mapped to this criterion
	Frequency Frequency `json:"frequency,omitempty"`
	Owner     string    `json:"owner,omitempty"`    // exact owner
	KeyOnly   bool      `json:"key_only,omitempty"` // key controls only
	Unmapped  bool      `json:"unmapped,omitempty"` // controls mapped to no criterion
	Sort      string    `json:"sort,omitempty"`     // id (default), title, owner, frequency
	Desc      bool      `json:"desc,omitempty"`
	Offset    int       `json:"offset,omitempty"`
	Limit     int       `json:"limit,omitempty"` // 0 means 100; at most 1000
}

// FilterControls returns one page of the controls f selects and how many
// it selects in all.
func FilterControls(all []Control, f ControlFilter) ([]Control, int) {
	var crit string
	if f.Criterion != "" {
		if c, ok := Lookup(f.Criterion); ok {
			crit = c.ID
		} else {
			crit = f.Criterion
		}
	}
	words := strings.Fields(strings.ToLower(f.Query))
	var out []Control
	for _, c := range all {
		switch {
		case crit != "" && !slices.Contains(c.Criteria, crit),
			f.Frequency != "" && c.Frequency != f.Frequency,
			f.Owner != "" && !strings.EqualFold(c.Owner, f.Owner),
			f.KeyOnly && !c.Key,
			f.Unmapped && len(c.Criteria) > 0,
			!matches(words, c.ID, c.Title, c.Description, c.Owner):
			continue
		}
		out = append(out, c)
	}
	key := func(c Control) string {
		switch f.Sort {
		case "title":
			return c.Title
		case "owner":
			return c.Owner
		case "frequency":
			return string(rune('a' + slices.Index(Frequencies, c.Frequency) + 1))
		}
		return c.ID
	}
	sortByKey(out, key, func(c Control) string { return c.ID }, f.Desc)
	return page(out, f.Offset, f.Limit)
}

// RequestFilter selects, sorts and pages requests.
type RequestFilter struct {
	Query   string `json:"query,omitempty"`   // words found in ID, description or owner
	Status  Status `json:"status,omitempty"`  // in this status
	Control string `json:"control,omitempty"` // linked to this control
	Owner   string `json:"owner,omitempty"`
	Overdue bool   `json:"overdue,omitempty"` // overdue as of Today only
	Today   string `json:"today,omitempty"`   // YYYY-MM-DD for Overdue
	Sort    string `json:"sort,omitempty"`    // id (default), due, status, owner
	Desc    bool   `json:"desc,omitempty"`
	Offset  int    `json:"offset,omitempty"`
	Limit   int    `json:"limit,omitempty"`
}

// FilterRequests returns one page of the requests f selects and how many
// it selects in all.
func FilterRequests(all []Request, f RequestFilter) ([]Request, int) {
	words := strings.Fields(strings.ToLower(f.Query))
	var out []Request
	for _, r := range all {
		switch {
		case f.Status != "" && r.Status != f.Status,
			f.Control != "" && !slices.ContainsFunc(r.Controls, func(c string) bool { return strings.EqualFold(c, f.Control) }),
			f.Owner != "" && !strings.EqualFold(r.Owner, f.Owner),
			f.Overdue && !r.Overdue(f.Today),
			!matches(words, r.ID, r.Description, r.Owner):
			continue
		}
		out = append(out, r)
	}
	key := func(r Request) string {
		switch f.Sort {
		case "due":
			if r.Due == "" {
				return "9999-99-99" // undated last
			}
			return r.Due
		case "status":
			return string(rune('a' + slices.Index(Statuses, r.Status)))
		case "owner":
			return r.Owner
		}
		return r.ID
	}
	sortByKey(out, key, func(r Request) string { return r.ID }, f.Desc)
	return page(out, f.Offset, f.Limit)
}

func matches(words []string, fields ...string) bool {
	if len(words) == 0 {
		return true
	}
	text := strings.ToLower(strings.Join(fields, "\x00"))
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// sortByKey sorts items by key and then by ID, both compared as IDs are
// (CompareIDs), in reverse when desc is set.
func sortByKey[T any](items []T, key, id func(T) string, desc bool) {
	slices.SortStableFunc(items, func(a, b T) int {
		c := CompareIDs(key(a), key(b))
		if c == 0 {
			c = CompareIDs(id(a), id(b))
		}
		if desc {
			return -c
		}
		return c
	})
}

// page returns one page of items and how many there are in all.
func page[T any](items []T, offset, limit int) ([]T, int) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	total := len(items)
	offset = max(0, min(offset, total))
	end := min(total, offset+limit)
	out := make([]T, 0, end-offset)
	return append(out, items[offset:end]...), total
}
