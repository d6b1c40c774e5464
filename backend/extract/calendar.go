package extract

import (
	"auditroom/backend/table"

	"strings"
	"time"
)

// isCalendar recognises an iCalendar file (RFC 5545) by its first line.
func isCalendar(t string) bool {
	first, _, _ := strings.Cut(t, "\n")
	return strings.EqualFold(strings.TrimSpace(first), "BEGIN:VCALENDAR")
}

// extractCalendar reads an iCalendar file line by line, so that a hit is
// cited by the file's own line: each property as "NAME: value", its
// parameters dropped and its escapes undone, so the words of a value
// are words to the index ("SUMMARY:Access" would be one token); a folded
// continuation is kept on its own line, unfolded of its leading space.
// The title is the first event's summary, else the calendar's name; the
// as-of date is the first DTSTAMP.
func extractCalendar(j *job) {
	s, enc := decodeText(j.data)
	j.meta("encoding", enc)
	c := chunker{out: &j.out}
	events, calName := 0, ""
	err := table.EachLine(s, func(n int, l string) error {
		if n%1024 == 0 && j.interrupted() {
			return j.ctx.Err()
		}
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			return c.line(n, unescapeCalendar(l[1:]))
		}
		name, value, ok := cutProperty(l)
		if !ok {
			return c.line(n, l)
		}
		value = unescapeCalendar(value)
		switch {
		case name == "BEGIN" && strings.EqualFold(value, "VEVENT"):
			events++
		case name == "SUMMARY" && events == 1 && j.res.Title == "":
			j.res.Title = value
		case name == "X-WR-CALNAME" && calName == "":
			calName = value
		case name == "DTSTAMP" && j.res.AsOf.IsZero():
			if t, err := time.Parse("20060102T150405Z", value); err == nil {
				j.res.AsOf, j.res.AsOfField = t, "ics DTSTAMP"
			}
		}
		return c.line(n, name+": "+value)
	})
	if err == nil {
		err = c.flush()
	}
	if j.res.Title == "" {
		j.res.Title = calName
	}
	j.meta("events", itoa(events))
	j.stopErr(err)
}

// cutProperty splits a content line into its upper-case name, without
// parameters, and its value: the colon that ends the name is the first
// one outside a quoted parameter value.
func cutProperty(l string) (name, value string, ok bool) {
	quoted := false
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '"':
			quoted = !quoted
		case ':':
			if quoted {
				continue
			}
			name, _, _ = strings.Cut(l[:i], ";")
			if name == "" {
				return "", "", false
			}
			return strings.ToUpper(name), l[i+1:], true
		}
	}
	return "", "", false
}

var calendarEscapes = strings.NewReplacer(`\n`, " ", `\N`, " ", `\,`, ",", `\;`, ";", `\\`, `\`)

// unescapeCalendar undoes a text value's escapes; a line break in a value
// becomes a space, so that the cited line stays one line.
func unescapeCalendar(v string) string { return calendarEscapes.Replace(v) }
