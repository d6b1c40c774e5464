package extract

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"auditroom/backend/audit"

	"auditroom/backend/table"
)

// decodeText converts b to UTF-8 (see table.Decode) and names the
// encoding it was in.
func decodeText(b []byte) (string, string) { return table.Decode(b) }

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
	err := table.EachLine(s, func(n int, l string) error {
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
	_ = table.EachLine(s, func(n int, l string) error {
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

// extractCSV handles CSV and TSV, read by backend/table as a population
// reads them: rows joined by tabs and grouped into parts of about 4 KB,
// each cited by the row a spreadsheet shows it on and the line it starts
// on.
func extractCSV(j *job) {
	t, err := table.Open(j.name, j.data, table.Options{Type: j.res.Type})
	if err != nil {
		j.csvLines(err)
		return
	}
	j.meta("encoding", t.Encoding)
	j.meta("delimiter", t.Delimiter)
	c := chunker{out: &j.out, rows: true}
	rows := 0
	for {
		r, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			j.csvLines(err)
			return
		}
		rows++
		if rows%1024 == 0 && j.interrupted() {
			return
		}
		if err := c.unit(audit.Mark{Row: r.Num, Line: r.Line}, strings.Join(r.Cells, "\t")); err != nil {
			j.stopErr(err)
			j.meta("rows", itoa(rows))
			return
		}
	}
	j.stopErr(c.flush())
	j.meta("rows", itoa(rows))
}

// csvLines falls back to lines for a file the table reader refused: a
// malformed file still has searchable text.
func (j *job) csvLines(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		err = pe
	}
	j.meta("csv_error", err.Error())
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	j.out = collector{max: j.out.max}
	j.lines(s)
}
