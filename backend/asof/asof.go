// Package asof finds the date an evidence file speaks of in its file and
// folder names, and tells a real file time from a placeholder.
//
// Names are tried before file times because a pack copied or zipped on
// the day it was sent carries that day as every file's time, while a name
// such as user-listing-2026-06-30.xlsx says what the file is as of.
package asof

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Sources of an as-of date, stored in audit.Evidence.AsOfSource.
const (
	Manifest   = "manifest"
	Document   = "document"
	FileName   = "file name"
	FolderName = "folder name"
	FileTime   = "file time"
	Edited     = "edited"
	Unknown    = "unknown"
)

// Options say how to read ambiguous names.
type Options struct {
	MDY        bool       // 06-30-2026 is month first; otherwise day first (30-06-2026)
	FYEndMonth time.Month // the month a fiscal year ends (FY26); zero means December
}

const layout = "2006-01-02"

var (
	sep      = `[-_. ]`
	ymd      = regexp.MustCompile(`(?:^|[^0-9])((\d{4})` + sep + `(\d{1,2})` + sep + `(\d{1,2}))(?:[^0-9]|$)`)
	compact  = regexp.MustCompile(`(?:^|[^0-9])((\d{4})(\d{2})(\d{2}))(?:[^0-9]|$)`)
	dmy      = regexp.MustCompile(`(?:^|[^0-9])((\d{1,2})` + sep + `(\d{1,2})` + sep + `(\d{4}))(?:[^0-9]|$)`)
	quarter  = regexp.MustCompile(`(?i)(?:^|[^0-9a-z])((\d{4})` + sep + `?q([1-4])|q([1-4])` + sep + `?(\d{4}))(?:[^0-9a-z]|$)`)
	month    = regexp.MustCompile(`(?i)(?:^|[^a-z])((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*` + sep + `?(\d{4}))(?:[^0-9]|$)`)
	fiscal   = regexp.MustCompile(`(?i)(?:^|[^a-z])(fy` + sep + `?(\d{4}|\d{2}))(?:[^0-9]|$)`)
	monthNum = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

// FromName returns the date a single file or folder name gives, as
// YYYY-MM-DD, and the fragment of the name it was read from. Whole dates
// win over months, quarters and fiscal years; the first of each kind wins.
func FromName(name string, o Options) (date, fragment string, ok bool) {
	if m := ymd.FindStringSubmatch(name); m != nil {
		if d, ok := day(m[2], m[3], m[4]); ok {
			return d, m[1], true
		}
	}
	if m := compact.FindStringSubmatch(name); m != nil {
		if d, ok := day(m[2], m[3], m[4]); ok {
			return d, m[1], true
		}
	}
	if m := dmy.FindStringSubmatch(name); m != nil {
		dd, mm := m[2], m[3]
		if o.MDY {
			dd, mm = mm, dd
		}
		if d, ok := day(m[4], mm, dd); ok {
			return d, m[1], true
		}
	}
	if m := month.FindStringSubmatch(name); m != nil {
		if d, ok := monthEnd(m[3], monthNum[strings.ToLower(m[2])[:3]]); ok {
			return d, m[1], true
		}
	}
	if m := quarter.FindStringSubmatch(name); m != nil {
		y, q := m[2], m[3]
		if y == "" {
			y, q = m[5], m[4]
		}
		n, _ := strconv.Atoi(q)
		if d, ok := monthEnd(y, time.Month(3*n)); ok {
			return d, m[1], true
		}
	}
	if m := fiscal.FindStringSubmatch(name); m != nil {
		y := m[2]
		if len(y) == 2 {
			y = "20" + y
		}
		end := o.FYEndMonth
		if end == 0 {
			end = time.December
		}
		if d, ok := monthEnd(y, end); ok {
			return d, m[1], true
		}
	}
	return "", "", false
}

// FromPath returns the date a path inside a pack gives: from the file's
// name (its extension aside) if it has one, else from the nearest folder
// that does. source is FileName or FolderName.
func FromPath(p string, o Options) (date, source, fragment string, ok bool) {
	p = strings.Trim(p, "/")
	base := path.Base(p)
	if d, f, ok := FromName(strings.TrimSuffix(base, path.Ext(base)), o); ok {
		return d, FileName, f, true
	}
	for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if d, f, ok := FromName(path.Base(dir), o); ok {
			return d, FolderName, f, true
		}
	}
	return "", "", "", false
}

// RealTime reports whether a file time is one someone could have meant:
// not missing, not the DOS epoch (1980-01-01) zip tools write for "no
// time", not before it, and not in the future of now.
func RealTime(t, now time.Time) bool {
	if t.IsZero() {
		return false
	}
	u := t.UTC()
	return u.Year() >= 1980 && u.Format(layout) != "1980-01-01" && !u.After(now)
}

func day(y, m, d string) (string, bool) {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	if yy < 1980 || yy > 2199 || mm < 1 || mm > 12 || dd < 1 {
		return "", false
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return "", false
	}
	return t.Format(layout), true
}

func monthEnd(y string, m time.Month) (string, bool) {
	yy, _ := strconv.Atoi(y)
	if yy < 1980 || yy > 2199 || m < 1 || m > 12 {
		return "", false
	}
	return time.Date(yy, m+1, 0, 0, 0, 0, 0, time.UTC).Format(layout), true
}

// rank orders the sources from least to most trusted.
var rank = map[string]int{Unknown: 0, FileTime: 1, FolderName: 2, FileName: 3, Document: 4, Manifest: 5, Edited: 6}

// Outranks reports whether a date from source a should replace one from b,
// as when a second copy of a file arrives: a person's edit beats a
// manifest, which beats the document, its names, then its file time.
func Outranks(a, b string) bool { return rank[a] > rank[b] }
