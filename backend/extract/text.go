package extract

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText converts b to UTF-8: a UTF-8 or UTF-16 byte order mark wins, then
// valid UTF-8, then UTF-16 guessed from NUL bytes, else Windows-1252 (a
// superset of the printable Latin-1). It returns the text and the encoding name.
func decodeText(b []byte) (string, string) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return clean(string(b[3:])), "utf-8-bom"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), b), "utf-16le"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), b), "utf-16be"
	case utf8.Valid(b):
		return string(b), "utf-8"
	}
	// Valid UTF-8 cut at the end of a sniffed head is still UTF-8.
	if len(b) > 4 && utf8.Valid(b[:len(b)-4]) && !bytes.Contains(b, []byte{0}) {
		cut := len(b)
		for i := 0; i < 3 && cut > 0 && !utf8.RuneStart(b[cut-1]); i++ {
			cut--
		}
		if cut > 0 && utf8.RuneStart(b[cut-1]) && b[cut-1] >= 0xC0 {
			cut--
		}
		if utf8.Valid(b[:cut]) {
			return string(b[:cut]), "utf-8"
		}
	}
	switch utf16NoBOM(b) {
	case "utf-16le":
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b), "utf-16le"
	case "utf-16be":
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b), "utf-16be"
	}
	return decodeWith(charmap.Windows1252, b), "windows-1252"
}

func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return clean(string(out))
}

// forEachLine calls fn for each line of s (1-based), without line endings.
func forEachLine(s string, fn func(n int, line string) error) error {
	for n := 1; s != ""; n++ {
		i := strings.IndexByte(s, '\n')
		var l string
		if i < 0 {
			l, s = s, ""
		} else {
			l, s = s[:i], s[i+1:]
		}
		if err := fn(n, strings.TrimRight(l, "\r")); err != nil {
			return err
		}
	}
	return nil
}

// extractText handles plain text, logs and markdown: lines grouped into parts
// of about 4 KB.
func extractText(j *job) {
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	if j.res.Type == "markdown" {
		j.res.Title = markdownTitle(s)
	}
	j.lines(s)
}

// lines chunks s by lines into the job's parts.
func (j *job) lines(s string) {
	c := chunker{out: &j.out}
	err := forEachLine(s, func(n int, l string) error {
		if n%1024 == 0 && j.interrupted() {
			return j.ctx.Err()
		}
		return c.line(n, l)
	})
	if err == nil {
		err = c.flush()
	}
	j.stopErr(err)
}

// stopErr records err from a chunked walk; the text cap is not an error.
func (j *job) stopErr(err error) {
	if err == nil || errors.Is(err, errStop) {
		return
	}
	if j.ctx.Err() != nil {
		j.interrupted()
		return
	}
	j.fail("%s", err.Error())
}

// markdownTitle is the first ATX heading, or a title: key in YAML front matter.
func markdownTitle(s string) string {
	var title string
	front := strings.HasPrefix(s, "---")
	_ = forEachLine(s, func(n int, l string) error {
		if n > 200 {
			return errStop
		}
		if front && n > 1 && strings.TrimSpace(l) == "---" {
			front = false
			return nil
		}
		if front {
			if v, ok := strings.CutPrefix(l, "title:"); ok {
				title = strings.Trim(strings.TrimSpace(v), `"'`)
				return errStop
			}
			return nil
		}
		if strings.HasPrefix(l, "# ") {
			title = strings.TrimSpace(l[2:])
			return errStop
		}
		return nil
	})
	return title
}

// extractCSV handles CSV and TSV: encoding detection, delimiter sniffing, rows
// joined by tabs and grouped into parts of about 4 KB.
func extractCSV(j *job) {
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	delim := sniffDelimiter(sampleLines(s, 20))
	if delim == 0 {
		delim = ','
		if j.res.Type == "tsv" {
			delim = '\t'
		}
	}
	names := map[rune]string{',': ",", ';': ";", '\t': "tab", '|': "|"}
	j.meta("delimiter", names[delim])

	r := csv.NewReader(strings.NewReader(s))
	r.Comma = delim
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	c := chunker{out: &j.out, rows: true}
	row := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A malformed file still has searchable text: fall back to lines.
			j.meta("csv_error", err.Error())
			j.out = collector{max: j.out.max}
			j.lines(s)
			return
		}
		row++
		if row%1024 == 0 && j.interrupted() {
			return
		}
		if err := c.line(row, strings.Join(rec, "\t")); err != nil {
			j.stopErr(err)
			j.meta("rows", itoa(row))
			return
		}
	}
	j.stopErr(c.flush())
	j.meta("rows", itoa(row))
}
