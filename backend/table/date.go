package table

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
)

// timeTail is an optional time of day after a date; the date is taken as
// written, whatever the time or zone.
const timeTail = `(?:[T ]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$`

var (
	reISO     = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})` + timeTail)
	reNumeric = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})` + timeTail)
	reDayMon  = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?[- ]([A-Za-z]{3,9})\.?[- ,]+(\d{4}|\d{2})` + timeTail)
	reMonDay  = regexp.MustCompile(`^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})` + timeTail)
	reSerial  = regexp.MustCompile(`^\d{5}(?:\.\d+)?$`)
)

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// Date orders for dates written with numbers only, such as 03/04/2026.
const (
	OrderAuto = ""    // undecided: a date that reads both ways is refused
	OrderDMY  = "dmy" // day/month/year
	OrderMDY  = "mdy" // month/day/year
)

// Dates reads date cells as the file writes them, the one parser of dates
// in tables (due dates of a PBC list, a population's date column):
// YYYY-MM-DD (or with / or .), D/M/Y or M/D/Y (separators / . -, a
// two-digit year being 20YY), "5 Mar 2026", "5-Mar-26", "Mar 5, 2026",
// any of these followed by a time of day, and in a workbook an Excel date
// serial number. Only the date is kept, as written: a time zone does not
// move it.
type Dates struct {
	Order  string // OrderDMY, OrderMDY, or OrderAuto while undecided
	Serial bool   // numbers are Excel serial dates (a workbook)
}

// Ambiguous is the reason Parse gives for a date that reads both as
// day/month and as month/day while the order is undecided.
const Ambiguous = "could be day/month or month/day: choose the date order"

// Parse returns the date as YYYY-MM-DD, or "" and why not.
func (d Dates) Parse(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "blank"
	}
	// The common case first, without a regular expression.
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' && (len(s) == 10 || s[10] == 'T' || s[10] == ' ') {
		if v := ymd(s[:4], s[5:7], s[8:10]); v != "" && (len(s) == 10 || reISO.MatchString(s)) {
			return v, ""
		}
	}
	if m := reISO.FindStringSubmatch(s); m != nil {
		return orWhy(ymd(m[1], m[2], m[3]))
	}
	if m := reNumeric.FindStringSubmatch(s); m != nil {
		dmy, mdy := ymd(m[3], m[2], m[1]), ymd(m[3], m[1], m[2])
		switch {
		case dmy == "" && mdy == "":
			return "", "no such day"
		case dmy == mdy || mdy == "":
			return orWhy(dmy)
		case dmy == "":
			return mdy, ""
		case d.Order == OrderDMY:
			return dmy, ""
		case d.Order == OrderMDY:
			return mdy, ""
		}
		return "", Ambiguous
	}
	if m := reDayMon.FindStringSubmatch(s); m != nil {
		if mo, ok := months[strings.ToLower(m[2])]; ok {
			return orWhy(ymd(m[3], strconv.Itoa(mo), m[1]))
		}
	}
	if m := reMonDay.FindStringSubmatch(s); m != nil {
		if mo, ok := months[strings.ToLower(m[1])]; ok {
			return orWhy(ymd(m[3], strconv.Itoa(mo), m[2]))
		}
	}
	if d.Serial && reSerial.MatchString(s) {
		// 20000 to 80000 is 1954 to 2119: a smaller number in a date
		// column is more likely a mistake than a date.
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 20000 && f < 80000 {
			if t, err := excelize.ExcelDateToTime(f, false); err == nil {
				return t.Format(audit.DateLayout), ""
			}
		}
	}
	return "", "not a date"
}

func orWhy(date string) (string, string) {
	if date == "" {
		return "", "no such day"
	}
	return date, ""
}

// Vote tells which order a numeric date proves: OrderDMY for 13/02/2026,
// OrderMDY for 02/13/2026, OrderAuto when it proves neither.
func Vote(s string) string {
	m := reNumeric.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return OrderAuto
	}
	dmy, mdy := ymd(m[3], m[2], m[1]), ymd(m[3], m[1], m[2])
	switch {
	case dmy != "" && mdy == "":
		return OrderDMY
	case mdy != "" && dmy == "":
		return OrderMDY
	}
	return OrderAuto
}

// ymd returns a valid date as YYYY-MM-DD, or "".
func ymd(ys, ms, ds string) string {
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	if len(ys) == 2 {
		y += 2000
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || y < 1900 || y > 2200 {
		return ""
	}
	return t.Format(audit.DateLayout)
}
