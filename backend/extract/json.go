package extract

import (
	"auditroom/backend/audit"
	"auditroom/backend/table"

	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// flatten writes v as "path: value" lines, keys sorted, so both keys and
// values are searchable.
func flatten(b *strings.Builder, prefix string, v any, depth int) {
	if depth > 64 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(b, p, x[k], depth+1)
		}
		if len(x) == 0 && prefix != "" {
			fmt.Fprintf(b, "%s: {}\n", prefix)
		}
	case []any:
		for i, e := range x {
			flatten(b, fmt.Sprintf("%s[%d]", prefix, i), e, depth+1)
		}
	case nil:
		fmt.Fprintf(b, "%s: null\n", label(prefix))
	case string:
		fmt.Fprintf(b, "%s: %s\n", label(prefix), x)
	default:
		fmt.Fprintf(b, "%s: %v\n", label(prefix), x)
	}
}

func label(p string) string {
	if p == "" {
		return "value"
	}
	return p
}

func flattenString(v any) string {
	var b strings.Builder
	flatten(&b, "", v, 0)
	return b.String()
}

// extractJSON flattens a JSON document. A CloudTrail file {"Records":[...]}
// gives one part per record; a top-level array gives its elements grouped
// into parts of about 4 KB; any other document is flattened and chunked.
func extractJSON(j *job) {
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		// Broken JSON still has searchable text.
		j.meta("json_error", err.Error())
		j.lines(s)
		return
	}
	if obj, ok := v.(map[string]any); ok {
		if recs, ok := obj["Records"].([]any); ok {
			j.meta("records", itoa(len(recs)))
			lines := elementLines(s, "Records")
			for i, r := range recs {
				if i%256 == 0 && j.interrupted() {
					return
				}
				p := Part{Record: i + 1, Line: lineAt(lines, i), Text: flattenString(r)}
				p.Marks = []audit.Mark{{Record: p.Record, Line: p.Line}}
				if err := j.out.add(p); err != nil {
					j.stopErr(err)
					return
				}
			}
			return
		}
	}
	if arr, ok := v.([]any); ok {
		j.meta("records", itoa(len(arr)))
		c := chunker{out: &j.out}
		lines := elementLines(s, "")
		for i, e := range arr {
			if i%256 == 0 && j.interrupted() {
				return
			}
			if err := c.unit(audit.Mark{Record: i + 1, Line: lineAt(lines, i)}, flattenString(e)); err != nil {
				j.stopErr(err)
				return
			}
		}
		j.stopErr(c.flush())
		return
	}
	// Any other document: each value on a line of its own, numbered by the
	// line of the file it is on, so that a hit names that line.
	c := chunker{out: &j.out}
	err := flattenLines(s, c.line)
	if err == nil {
		err = c.flush()
	}
	j.stopErr(err)
}

// flattenLines writes a JSON document's values as "path: value" lines,
// as flatten does but in the order of the file, each with the line (from
// 1) the value stands on. The document has been decoded once already.
func flattenLines(s string, emit func(line int, text string) error) error {
	type frame struct {
		prefix  string
		array   bool
		n       int // elements of an array so far
		key     string
		wantKey bool // an object's next token is a key or its end
		empty   bool
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var stack []*frame
	line, counted := 1, 0
	for {
		pos := int(d.InputOffset())
		for pos < len(s) && strings.IndexByte(" \t\r\n,:", s[pos]) >= 0 {
			pos++
		}
		line += strings.Count(s[counted:pos], "\n")
		counted = pos
		tok, err := d.Token()
		if err != nil {
			return nil // the end, or past what Decode accepted
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if delim, ok := tok.(json.Delim); ok && (delim == '}' || delim == ']') {
			if top != nil && top.empty && !top.array && top.prefix != "" {
				if err := emit(line, top.prefix+": {}"); err != nil {
					return err
				}
			}
			stack = stack[:max(len(stack)-1, 0)]
			continue
		}
		path := ""
		switch {
		case top == nil:
		case !top.array && top.wantKey:
			top.key, _ = tok.(string)
			top.wantKey = false
			continue
		case top.array:
			path = fmt.Sprintf("%s[%d]", top.prefix, top.n)
			top.n++
		default:
			path = top.key
			if top.prefix != "" {
				path = top.prefix + "." + top.key
			}
			top.wantKey = true
		}
		if top != nil {
			top.empty = false
		}
		switch x := tok.(type) {
		case json.Delim:
			if len(stack) >= 64 {
				return nil
			}
			stack = append(stack, &frame{prefix: path, array: x == '[', wantKey: x == '{', empty: true})
			continue
		case nil:
			err = emit(line, label(path)+": null")
		case string:
			err = emit(line, label(path)+": "+x)
		default:
			err = emit(line, fmt.Sprintf("%s: %v", label(path), x))
		}
		if err != nil {
			return err
		}
	}
}

// elementLines is the line (from 1) each element of the document's
// top-level array starts on, or of the array under key of its top-level
// object; nil if the document is not shaped so.
func elementLines(s, key string) []int {
	d := json.NewDecoder(strings.NewReader(s))
	if tok, err := d.Token(); err != nil || (key == "" && tok != json.Delim('[')) {
		return nil
	}
	if key != "" {
		for {
			k, err := d.Token()
			if err != nil || k == json.Delim('}') {
				return nil
			}
			if k == key {
				if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
					return nil
				}
				break
			}
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return nil
			}
		}
	}
	var out []int
	line, counted := 1, 0
	for d.More() {
		pos := int(d.InputOffset())
		for pos < len(s) && strings.IndexByte(" \t\r\n,", s[pos]) >= 0 {
			pos++
		}
		line += strings.Count(s[counted:pos], "\n")
		counted = pos
		out = append(out, line)
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			break
		}
	}
	return out
}

// lineAt is lines[i], or 0 past its end.
func lineAt(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

// extractNDJSON flattens one JSON value per line, with line numbers.
func extractNDJSON(j *job) {
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	c := chunker{out: &j.out}
	records := 0
	err := table.EachLine(s, func(n int, l string) error {
		if n%1024 == 0 && j.interrupted() {
			return j.ctx.Err()
		}
		t := bytes.TrimSpace([]byte(l))
		if len(t) == 0 {
			return nil
		}
		var v any
		d := json.NewDecoder(bytes.NewReader(t))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return c.line(n, l)
		}
		records++
		return c.unit(audit.Mark{Record: records, Line: n}, flattenString(v))
	})
	if err == nil {
		err = c.flush()
	}
	j.stopErr(err)
	j.meta("records", itoa(records))
}
