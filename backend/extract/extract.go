// Package extract turns one evidence file into searchable text and metadata.
//
// Extraction reads hostile input. The package never panics to its caller and
// always returns valid UTF-8, but parsers such as MuPDF can still hang or
// exhaust memory on crafted files, so callers run it in a worker process with
// time and memory limits (see DESIGN.md, "Untrusted files never run in the
// app's process").
package extract

import (
	"auditroom/backend/audit"
	"auditroom/backend/table"

	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status values of a Result.
const (
	StatusExtracted    = "extracted"
	StatusEncrypted    = "encrypted"
	StatusNotExtracted = "not_extracted"
	StatusFailed       = "failed"
)

// DefaultMaxText is the text cap used when Options.MaxText is zero.
const DefaultMaxText = 32 << 20

// partSize is the target size of a chunked part in bytes.
const partSize = 4 << 10

// Result is what extraction learned about one file.
type Result struct {
	Type      string            `json:"type"`                     // by content: the Name of one of Types
	MIME      string            `json:"mime"`                     // MIME type for Type
	Status    string            `json:"status"`                   // extracted, encrypted, not_extracted, failed
	Reason    string            `json:"reason,omitempty"`         // lower case, why the file was not (fully) extracted
	Title     string            `json:"title,omitempty"`          // document title if the content names one
	AsOf      time.Time         `json:"as_of,omitempty,omitzero"` // document date if the content says; zero if unknown
	AsOfField string            `json:"as_of_field,omitempty"`    // where in the content AsOf was read, e.g. "pdf CreationDate"
	Meta      map[string]string `json:"meta,omitempty"`           // author, subject, from, to, pages, sheets, encoding, delimiter…
	Parts     []Part            `json:"parts,omitempty"`          // text with its location
	Children  []Child           `json:"-"`                        // e-mail attachments, to become child evidence
	Thumbnail []byte            `json:"-"`                        // PNG no larger than 256x256
}

// Part is a unit of text with where it sits and where each of its rows,
// lines or records starts, so a search hit can name the page, sheet and
// row, or line of the match itself.
type Part = audit.Part

// Child is a file found inside another, such as an e-mail attachment.
type Child struct {
	Name string
	Data []byte
}

// Options tune extraction.
type Options struct {
	MaxText   int    // total text cap in bytes across parts (default 32 MiB); beyond it extraction stops and Meta["truncated"] is "true"
	Tesseract string // path to a tesseract binary for image OCR; empty turns OCR off
	// Page, if set, is called before each page of a PDF is read, so that
	// the worker's watchdog can tell a parser stuck on one page from one
	// making progress. It stays in the process (gob skips funcs).
	Page func(page, pages int)
}

// errStop is returned by extractors when the text cap is reached; it is not a failure.
var errStop = fmt.Errorf("text cap reached")

// job carries the state of one extraction.
type job struct {
	ctx  context.Context
	name string
	data []byte
	opt  Options
	res  *Result
	out  collector
}

// Extract extracts text and metadata from one file. It never panics, honours
// ctx between units of work (pages, rows, lines), and every text it returns is
// valid UTF-8.
func Extract(ctx context.Context, name string, data []byte, opt Options) (res Result) {
	if opt.MaxText <= 0 {
		opt.MaxText = DefaultMaxText
	}
	res.Type = Detect(name, data)
	res.MIME = typeByName[res.Type].MIME
	res.Meta = map[string]string{}
	j := &job{ctx: ctx, name: name, data: data, opt: opt, res: &res, out: collector{max: opt.MaxText}}
	defer func() {
		if r := recover(); r != nil {
			res.Status = StatusFailed
			res.Reason = fmt.Sprintf("extractor panicked: %v", r)
			res.Meta["panic_stack"] = firstLines(string(debug.Stack()), 12)
		}
		j.finish()
	}()
	if err := ctx.Err(); err != nil {
		res.Status, res.Reason = StatusFailed, "interrupted: "+err.Error()
		return res
	}
	fn, ok := extractors[res.Type]
	if !ok {
		res.Status, res.Reason = StatusNotExtracted, "no text extractor for this type"
		return res
	}
	res.Status = StatusExtracted
	fn(j)
	return res
}

// fail records a failure with a lower-case reason.
func (j *job) fail(format string, args ...any) {
	j.res.Status = StatusFailed
	j.res.Reason = strings.ToLower(fmt.Sprintf(format, args...))
}

// set records a status other than extracted, with its reason.
func (j *job) set(status, reason string) {
	j.res.Status, j.res.Reason = status, reason
}

// interrupted reports whether ctx is done, recording it as a failure.
func (j *job) interrupted() bool {
	err := j.ctx.Err()
	if err == nil {
		return false
	}
	j.res.Status, j.res.Reason = StatusFailed, "interrupted: "+err.Error()
	return true
}

// meta sets a metadata value when it is not empty.
func (j *job) meta(key, value string) {
	value = strings.TrimSpace(table.Clean(value))
	if value != "" {
		j.res.Meta[key] = value
	}
}

// finish applies the invariants every Result keeps.
func (j *job) finish() {
	r := j.res
	r.Parts = j.out.parts
	if j.out.truncated {
		r.Meta["truncated"] = "true"
	}
	r.Title = strings.TrimSpace(table.Clean(r.Title))
	for k, v := range r.Meta {
		r.Meta[k] = table.Clean(v)
	}
	if len(r.Meta) == 0 {
		r.Meta = nil
	}
	if r.Status == "" {
		r.Status = StatusFailed
	}
	if r.Status != StatusExtracted && r.Reason == "" {
		r.Reason = "unknown error"
	}
	if r.Status == StatusExtracted {
		r.Reason = ""
	}
	if r.MIME == "" {
		r.MIME = "application/octet-stream"
	}
}

// collector gathers parts under the text cap.
type collector struct {
	max       int
	total     int
	parts     []Part
	truncated bool
}

// add appends a part, returning errStop once the cap is reached.
func (c *collector) add(p Part) error {
	if c.truncated {
		return errStop
	}
	p.Text = table.Clean(p.Text)
	if strings.TrimSpace(p.Text) == "" {
		return nil
	}
	if c.total+len(p.Text) > c.max {
		p.Text = cutUTF8(p.Text, c.max-c.total)
		c.truncated = true
		for i, m := range p.Marks {
			if m.At >= len(p.Text) {
				p.Marks = p.Marks[:i]
				break
			}
		}
		if p.Text != "" {
			c.parts = append(c.parts, p)
			c.total += len(p.Text)
		}
		return errStop
	}
	c.total += len(p.Text)
	c.parts = append(c.parts, p)
	return nil
}

// cutUTF8 shortens s to at most n bytes without splitting a rune.
func cutUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// chunker groups consecutive lines or rows into parts of about partSize bytes.
type chunker struct {
	out   *collector
	base  Part // Sheet/Page/Section copied into every part
	buf   strings.Builder
	marks []audit.Mark // where each row, line or record of buf starts
	rows  bool
}

// line adds one line or row numbered n (1-based).
func (c *chunker) line(n int, s string) error {
	if c.rows {
		return c.unit(audit.Mark{Row: n}, s)
	}
	return c.unit(audit.Mark{Line: n}, s)
}

// unit adds one row, line or record with its numbers in m (m.At is set
// here). The text is cleaned first, so that the offsets stay true when the
// collector cleans the part.
func (c *chunker) unit(m audit.Mark, s string) error {
	m.At = c.buf.Len()
	c.marks = append(c.marks, m)
	c.buf.WriteString(table.Clean(s))
	c.buf.WriteByte('\n')
	if c.buf.Len() >= partSize {
		return c.flush()
	}
	return nil
}

func (c *chunker) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	p := c.base
	p.Text = c.buf.String()
	if len(c.marks) > 0 {
		first := c.marks[0]
		p.Row, p.Line, p.Record = first.Row, first.Line, first.Record
		if !countsOn(c.marks, p.Text) && (p.Section != "" || numbered(c.marks)) {
			p.Marks = c.marks
		}
	}
	c.buf.Reset()
	c.marks = nil
	return c.out.add(p)
}

// numbered reports whether any mark has a number: flattened JSON has
// none, and needs no marks.
func numbered(marks []audit.Mark) bool {
	for _, m := range marks {
		if m.Row != 0 || m.Line != 0 || m.Record != 0 {
			return true
		}
	}
	return false
}

// countsOn reports whether marks say no more than a part without them
// does (audit.Part.Locate): one text line each, numbered one on from the
// last by a single row or line number, as in a plain text file or log.
// Such parts are stored without marks.
func countsOn(marks []audit.Mark, text string) bool {
	first := marks[0]
	if first.Record != 0 || first.At != 0 || (first.Row == 0) == (first.Line == 0) {
		return false
	}
	for i, m := range marks {
		end := len(text)
		if i+1 < len(marks) {
			end = marks[i+1].At
		}
		if strings.IndexByte(text[m.At:end], '\n') != end-m.At-1 {
			return false // a unit of several lines, or none
		}
		if i > 0 {
			prev := marks[i-1]
			if m.Record != 0 || m.Row != prev.Row+min(prev.Row, 1) || m.Line != prev.Line+min(prev.Line, 1) {
				return false
			}
		}
	}
	return true
}

func itoa(n int) string { return strconv.Itoa(n) }

func isValidUTF8(s string) bool { return utf8.ValidString(s) }
