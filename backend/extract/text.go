package extract

import (
	"auditroom/backend/audit"

	"encoding/csv"
	"errors"
	"io"
	"strings"

	"auditroom/backend/extract/textenc"
)

// decodeText converts b to UTF-8 (see textenc.Decode) and names the
// encoding it was in.
func decodeText(b []byte) (string, string) { return textenc.Decode(b) }

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
	delim := textenc.Delimiter(textenc.Lines(s, 20))
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
	// A record is cited by the row a spreadsheet shows it on, which
	// counts blank lines but not the line breaks inside quoted cells, and
	// by the line it starts on.
	row, breaks := 0, 0
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
		start, _ := r.FieldPos(0)
		m := audit.Mark{Row: start - breaks, Line: start}
		for _, f := range rec {
			breaks += strings.Count(f, "\n")
		}
		if err := c.unit(m, strings.Join(rec, "\t")); err != nil {
			j.stopErr(err)
			j.meta("rows", itoa(row))
			return
		}
	}
	j.stopErr(c.flush())
	j.meta("rows", itoa(row))
}
