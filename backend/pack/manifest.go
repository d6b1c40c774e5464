package pack

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"auditroom/backend/table"
)

// ManifestEntry maps one pack path to a PBC request and controls.
type ManifestEntry struct {
	Path        string   `json:"path"`
	RequestID   string   `json:"request_id"`
	ControlIDs  []string `json:"control_ids"`
	Description string   `json:"description"`
	AsOf        string   `json:"as_of"` // YYYY-MM-DD or empty
}

// IsManifest reports whether a pack path is a manifest: "manifest.csv" or
// "manifest.json" at the pack root, in any case.
func IsManifest(path string) bool {
	return strings.EqualFold(path, "manifest.csv") || strings.EqualFold(path, "manifest.json")
}

// ParseManifest reads a manifest.csv or manifest.json, chosen by name's
// extension (by content when it has neither).
//
// CSV: a header row naming the columns path, request_id, control_ids,
// description and as_of, in any order, case and spacing ("Request ID" works;
// so do the aliases file, request, controls, control_id, date); only path is
// required. It is read by backend/table: the encoding and the delimiter
// are guessed as for any table, and rows are numbered as a spreadsheet
// shows them.
//
// JSON: an array of entries, or {"files": [...]}; control_ids may be an array
// or one string.
//
// In both, control_ids are separated by , ; or newlines and upper-cased;
// paths are shown as Entry.Path shows them (backslashes to '/', unsafe parts
// dropped); as_of must be YYYY-MM-DD. A row with a bad date keeps its mapping
// with AsOf empty and yields a Problem naming the row; a row without a path
// is skipped with a Problem. Problems carry the manifest's name as Path. A
// manifest that cannot be read at all is an error naming the reason.
func ParseManifest(name string, data []byte) ([]ManifestEntry, []Problem, error) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".json"):
		return parseJSONManifest(name, data)
	case strings.HasSuffix(lower, ".csv"):
		return parseCSVManifest(name, data)
	}
	if t := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n"); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return parseJSONManifest(name, data)
	}
	return parseCSVManifest(name, data)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// manifestColumns maps normalised header names to fields.
var manifestColumns = map[string]string{
	"path": "path", "file": "path", "file_path": "path", "filename": "path", "file_name": "path",
	"request_id": "request_id", "request": "request_id", "pbc_id": "request_id", "pbc": "request_id",
	"control_ids": "control_ids", "control_id": "control_ids", "controls": "control_ids", "control": "control_ids",
	"description": "description",
	"as_of":       "as_of", "as_of_date": "as_of", "date": "as_of",
}

func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return '_'
		}
		return r
	}, s)
}

func parseCSVManifest(name string, data []byte) ([]ManifestEntry, []Problem, error) {
	t, err := table.Open(name, data, table.Options{Type: table.CSV})
	if err != nil {
		return nil, nil, err
	}
	first, err := t.Next()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty manifest", name)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: unreadable header row: %w", name, err)
	}
	header := first.Cells
	col := map[string]int{}
	for i, h := range header {
		if f, ok := manifestColumns[normHeader(h)]; ok {
			if _, dup := col[f]; !dup {
				col[f] = i
			}
		}
	}
	if _, ok := col["path"]; !ok {
		return nil, nil, fmt.Errorf("%s: no path column in the header row", name)
	}
	get := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var (
		entries  []ManifestEntry
		problems []Problem
	)
	for {
		row, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("row %d: %v", row.Num, pe.Err)})
				continue
			}
			return entries, problems, fmt.Errorf("%s: %w", name, err)
		}
		rec := row.Cells
		if blank(rec) {
			continue
		}
		e, probs := manifestEntry(name, fmt.Sprintf("row %d", row.Num),
			get(rec, "path"), get(rec, "request_id"), splitControls(get(rec, "control_ids")),
			get(rec, "description"), get(rec, "as_of"))
		problems = append(problems, probs...)
		if e.Path != "" {
			entries = append(entries, e)
		}
	}
	return entries, problems, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// jsonManifestEntry accepts control_ids as an array or a single string.
type jsonManifestEntry struct {
	Path        string          `json:"path"`
	RequestID   json.RawMessage `json:"request_id"`
	ControlIDs  json.RawMessage `json:"control_ids"`
	Description string          `json:"description"`
	AsOf        string          `json:"as_of"`
}

func parseJSONManifest(name string, data []byte) ([]ManifestEntry, []Problem, error) {
	text, _ := table.Decode(data)
	raw := []byte(strings.TrimSpace(text))
	var rows []json.RawMessage
	if len(raw) > 0 && raw[0] == '{' {
		var obj struct {
			Files []json.RawMessage `json:"files"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
		}
		if obj.Files == nil {
			return nil, nil, fmt.Errorf("%s: no \"files\" array", name)
		}
		rows = obj.Files
	} else if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, nil, fmt.Errorf("%s: invalid JSON: expected an array of entries or {\"files\": [...]}: %w", name, err)
	}
	var (
		entries  []ManifestEntry
		problems []Problem
	)
	for i, row := range rows {
		where := fmt.Sprintf("entry %d", i+1)
		var j jsonManifestEntry
		if err := json.Unmarshal(row, &j); err != nil {
			problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("%s: %v", where, err)})
			continue
		}
		req, err := jsonString(j.RequestID)
		if err != nil {
			problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("%s: request_id: %v", where, err)})
		}
		controls, err := jsonControls(j.ControlIDs)
		if err != nil {
			problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("%s: control_ids: %v", where, err)})
		}
		e, probs := manifestEntry(name, where, strings.TrimSpace(j.Path), strings.TrimSpace(req), controls,
			strings.TrimSpace(j.Description), strings.TrimSpace(j.AsOf))
		problems = append(problems, probs...)
		if e.Path != "" {
			entries = append(entries, e)
		}
	}
	return entries, problems, nil
}

// jsonString accepts a string or a number (request IDs are sometimes written
// as numbers).
func jsonString(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", errors.New("not a string")
}

func jsonControls(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		var out []string
		for _, s := range list {
			out = append(out, splitControls(s)...)
		}
		return dedup(out), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, errors.New("not a string or an array of strings")
	}
	return splitControls(s), nil
}

// splitControls splits a control_ids cell on , ; and newlines.
func splitControls(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if f = strings.ToUpper(strings.TrimSpace(f)); f != "" {
			out = append(out, f)
		}
	}
	return dedup(out)
}

func dedup(list []string) []string {
	var out []string
	for _, s := range list {
		out = appendNew(out, s)
	}
	return out
}

// manifestEntry validates one row; where names it in problems.
func manifestEntry(name, where, path, request string, controls []string, desc, asOf string) (ManifestEntry, []Problem) {
	var problems []Problem
	if path == "" {
		return ManifestEntry{}, []Problem{{Path: name, Reason: where + ": no path"}}
	}
	clean, unsafe := displayPath(path)
	if unsafe {
		problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("%s: unsafe path %s read as %s", where, displayName(path), clean)})
	}
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			problems = append(problems, Problem{Path: name, Reason: fmt.Sprintf("%s: as_of %q is not a date in YYYY-MM-DD form", where, displayName(asOf))})
			asOf = ""
		}
	}
	return ManifestEntry{
		Path:        clean,
		RequestID:   strings.ToUpper(request),
		ControlIDs:  controls,
		Description: desc,
		AsOf:        asOf,
	}, problems
}
