package scope

import (
	"regexp"
	"slices"
	"strings"

	"auditroom/backend/table"
)

// Kind of file an import reads.
type ImportKind string

const (
	ControlsImport ImportKind = "controls"
	RequestsImport ImportKind = "requests"
	CriteriaImport ImportKind = "criteria"
)

// Field is one thing an import reads from a column.
type Field struct {
	Name     string `json:"name"`     // e.g. "criteria"
	Label    string `json:"label"`    // e.g. "Criteria"
	Required bool   `json:"required"` // the import cannot go on without it
}

// fieldSpec is a field with the headers that name it and a test of whether
// a cell fits it, used to choose between headers that both could be it.
type fieldSpec struct {
	Field
	exact []string          // normalised headers that name the field outright
	words []string          // words in a header that suggest it
	fits  func(string) bool // a cell the field could hold; nil when anything fits
	idish bool              // a "… control" column of short codes may be it
}

var controlFields = []fieldSpec{
	{Field: Field{"id", "Control ID", true},
		exact: []string{"control id", "id", "ref", "reference", "control ref", "control reference", "control number", "control no", "control code", "control nr", "ctrl id", "control identifier"},
		words: []string{"id", "ref", "reference", "number", "code"}, fits: looksLikeID, idish: true},
	{Field: Field{"title", "Title", false},
		exact: []string{"control", "title", "name", "control name", "control title", "short description", "control objective"},
		words: []string{"title", "name"}},
	{Field: Field{"description", "Description", false},
		exact: []string{"description", "activity", "control description", "control activity", "control activities", "details", "narrative", "control narrative", "procedure"},
		words: []string{"description", "activity", "activities", "narrative"}},
	{Field: Field{"owner", "Owner", false},
		exact: []string{"owner", "control owner", "responsible", "responsible party", "performer", "performed by", "process owner"},
		words: []string{"owner", "responsible"}},
	{Field: Field{"frequency", "Frequency", false},
		exact: []string{"frequency", "control frequency", "how often", "periodicity", "timing"},
		words: []string{"frequency"}, fits: func(s string) bool { _, ok := ParseFrequency(s); return ok }},
	{Field: Field{"nature", "Nature (manual/automated)", false},
		exact: []string{"type", "nature", "control type", "control nature", "manual automated", "manual or automated", "automation", "automated manual"},
		words: []string{"nature", "type", "manual", "automated"}, fits: func(s string) bool { n, _, _ := ParseNatureKind(s); return n != "" }},
	{Field: Field{"kind", "Kind (preventive/detective)", false},
		exact: []string{"kind", "preventive detective", "preventive or detective", "control kind", "detective preventive", "prevent detect"},
		words: []string{"preventive", "detective"}, fits: func(s string) bool { _, k, _ := ParseNatureKind(s); return k != "" }},
	{Field: Field{"key", "Key control", false},
		exact: []string{"key", "key control", "is key", "key y n", "key control y n"},
		words: []string{"key"}, fits: func(s string) bool { _, ok := ParseKey(s); return ok }},
	{Field: Field{"criteria", "Criteria", false},
		exact: []string{"tsc", "criteria", "criterion", "mapping", "tsc mapping", "trust services criteria", "trust service criteria",
			"soc 2 criteria", "soc2 criteria", "tsc reference", "tsc ref", "tsc s", "tscs", "criteria mapping", "mapped criteria", "common criteria", "tsc criteria", "soc 2 mapping", "soc2 mapping"},
		words: []string{"tsc", "criteria", "criterion", "mapping", "soc2", "soc", "trust"}, fits: fitsCriteria},
}

var requestFields = []fieldSpec{
	{Field: Field{"id", "Request ID", true},
		exact: []string{"request id", "id", "ref", "reference", "pbc id", "pbc", "pbc ref", "pbc number", "pbc no", "request number", "request no", "request ref", "item", "item number", "item no", "no", "number", "request"},
		words: []string{"id", "ref", "number", "pbc"}, fits: looksLikeID, idish: true},
	{Field: Field{"description", "Description", false},
		exact: []string{"description", "request description", "item description", "evidence requested", "documentation requested", "details", "requested item", "requested items", "request detail", "request details", "requested evidence", "evidence"},
		words: []string{"description", "requested", "detail", "details"}},
	{Field: Field{"controls", "Controls", false},
		exact: []string{"control", "controls", "control id", "control ids", "control ref", "related controls", "control reference", "linked controls", "mapped controls", "control s", "control number"},
		words: []string{"control", "controls"}},
	{Field: Field{"owner", "Owner", false},
		exact: []string{"owner", "assignee", "assigned to", "responsible", "provided by", "client owner", "contact", "request owner", "client contact"},
		words: []string{"owner", "assignee", "assigned", "responsible"}},
	{Field: Field{"due", "Due date", false},
		exact: []string{"due", "due date", "deadline", "date due", "target date", "due by"},
		words: []string{"due", "deadline"}, fits: func(s string) bool { _, err := ParseDue(s); return err == nil }},
}

var criteriaFields = []fieldSpec{
	{Field: Field{"id", "Criterion ID", true},
		exact: []string{"id", "criterion", "criterion id", "criteria id", "tsc", "tsc id", "ref", "reference", "number", "criteria"},
		words: []string{"id", "criterion", "ref", "tsc"}, fits: func(s string) bool { _, ok := Lookup(s); return ok }},
	{Field: Field{"title", "Title", false},
		exact: []string{"title", "name", "criterion title", "heading", "short title"},
		words: []string{"title", "name"}},
	{Field: Field{"text", "Text", false},
		exact: []string{"text", "criterion text", "criteria text", "description", "requirement", "statement", "criterion description"},
		words: []string{"text", "description", "requirement"}},
	{Field: Field{"points_of_focus", "Points of focus", false},
		exact: []string{"points of focus", "point of focus", "pof", "focus points", "points"},
		words: []string{"focus"}},
}

// Fields returns the fields an import of kind reads, in column order of a
// typical file.
func Fields(kind ImportKind) []Field {
	specs := specsFor(kind)
	out := make([]Field, len(specs))
	for i, s := range specs {
		out[i] = s.Field
	}
	return out
}

func specsFor(kind ImportKind) []fieldSpec {
	switch kind {
	case RequestsImport:
		return requestFields
	case CriteriaImport:
		return criteriaFields
	}
	return controlFields
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// normHeader lower-cases a header and keeps only words: "Control ID #"
// becomes "control id number", "SOC2_Control" becomes "soc2 control".
func normHeader(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "#", " number ")
	return strings.TrimSpace(nonWord.ReplaceAllString(s, " "))
}

// headerScore says how strongly a header names a field: 10 for an exact
// name, 5 for a word in it, 0 for nothing.
func headerScore(spec fieldSpec, header string) int {
	h := normHeader(header)
	if h == "" {
		return 0
	}
	if slices.Contains(spec.exact, h) {
		return 10
	}
	words := strings.Fields(h)
	for _, w := range spec.words {
		if slices.Contains(words, w) || (strings.Contains(w, " ") && strings.Contains(h, w)) {
			return 5
		}
	}
	return 0
}

// looksLikeID is a short reference without much space in it: "AC-01",
// "PBC 12", "CC6.1".
func looksLikeID(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && len(s) <= 32 && strings.Count(s, " ") <= 2 && !strings.ContainsAny(s, "\n\r")
}

func fitsCriteria(s string) bool {
	ids, unknown := ParseCriteria(s)
	return len(ids) > 0 && len(unknown) == 0
}

// fitShare is the share of non-blank cells in column col that fit.
func fitShare(data [][]string, col int, fits func(string) bool) (share float64, distinct float64) {
	seen := map[string]bool{}
	n, ok := 0, 0
	for _, row := range data {
		v := cell(row, col)
		if v == "" {
			continue
		}
		n++
		seen[strings.ToLower(v)] = true
		if fits == nil || fits(v) {
			ok++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(ok) / float64(n), float64(len(seen)) / float64(n)
}

// rowScore counts the fields a row's cells name, to find the header row.
func rowScore(specs []fieldSpec, row []string) int {
	n := 0
	for _, s := range specs {
		for _, c := range row {
			if headerScore(s, c) > 0 {
				n++
				break
			}
		}
	}
	return n
}

// findHeader returns the index of the row most likely to be the header
// among the first rows: the one naming the most fields. Title rows, blank
// rows and notes above it are skipped. It returns -1 if none names a field.
func findHeader(specs []fieldSpec, rows [][]string) int {
	return table.FindHeader(rows, func(row []string) int { return rowScore(specs, row) })
}

// autoMap chooses a column for each field it can: headers that name a
// field outright first, then headers with a telling word whose cells fit
// the field, then, for the criteria, a column whose cells are all
// criteria, and for the ID a column of short codes headed "… control".
func autoMap(specs []fieldSpec, header []string, data [][]string) map[string]int {
	type cand struct {
		field string
		col   int
		score float64
	}
	var cands []cand
	sample := data
	if len(sample) > 200 {
		sample = sample[:200]
	}
	for _, s := range specs {
		for col, h := range header {
			hs := headerScore(s, h)
			share, distinct := fitShare(sample, col, s.fits)
			switch {
			case hs == 10:
				cands = append(cands, cand{s.Name, col, 10 + share})
			case hs == 5 && (s.fits == nil || share >= 0.5):
				cands = append(cands, cand{s.Name, col, 5 + share})
			case s.Name == "criteria" && share >= 0.8:
				cands = append(cands, cand{s.Name, col, 3 + share})
			case s.idish && share >= 0.9 && distinct >= 0.9 && slices.Contains(strings.Fields(normHeader(h)), "control"):
				cands = append(cands, cand{s.Name, col, 4 + share})
			case s.Name == "title" && slices.Contains(strings.Fields(normHeader(h)), "control"):
				cands = append(cands, cand{s.Name, col, 2})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.col - b.col
	})
	m := map[string]int{}
	used := map[int]bool{}
	for _, c := range cands {
		if _, done := m[c.field]; done || used[c.col] {
			continue
		}
		m[c.field] = c.col
		used[c.col] = true
	}
	return m
}
