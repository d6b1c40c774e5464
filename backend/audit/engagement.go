package audit

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportType is the kind of SOC 2 report the engagement leads to.
type ReportType string

const (
	Type1 ReportType = "type1" // design of controls as of one date
	Type2 ReportType = "type2" // design and operating effectiveness over a period
)

// Category is a Trust Services category. Security is always in scope.
type Category string

const (
	Security            Category = "security"
	Availability        Category = "availability"
	ProcessingIntegrity Category = "processing-integrity"
	Confidentiality     Category = "confidentiality"
	Privacy             Category = "privacy"
)

// Categories lists the Trust Services categories in the order the criteria
// number them.
var Categories = []Category{Security, Availability, ProcessingIntegrity, Confidentiality, Privacy}

// DateLayout is how dates without a time travel through the CLI, JSON and UI.
const DateLayout = "2006-01-02"

// Role says whose engagement it is.
type Role string

const (
	// Auditor is the default: the auditor's own engagement.
	Auditor Role = ""
	// Responder is a compliance lead's copy, opened from a findings packet:
	// it holds the issued findings to answer and nothing else of the audit.
	Responder Role = "responder"
)

// Longest accepted texts, so that a pasted document cannot become a name.
const (
	maxNameLen = 200
	maxPeriod  = 2 * 366 * 24 * time.Hour
)

// Engagement is one audit: a client, a report type, a period and the
// categories in scope. Everything else an engagement holds hangs off its ID.
type Engagement struct {
	ID          string     `json:"id"`           // assigned by the store, never reused
	Name        string     `json:"name"`         // the auditor's name for the engagement
	Client      string     `json:"client"`       // the organisation under audit
	Type        ReportType `json:"type"`         // type1 or type2
	PeriodStart string     `json:"period_start"` // YYYY-MM-DD; a Type 1 report's as-of date
	PeriodEnd   string     `json:"period_end"`   // YYYY-MM-DD; equals PeriodStart for Type 1
	Categories  []Category `json:"categories"`   // in scope; always includes security
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	Role        Role       `json:"role,omitempty"`   // Auditor (empty) or Responder
	Origin      string     `json:"origin,omitempty"` // a responder copy: the auditor's engagement ID it answers
	// DateOrder says how evidence names such as 03-04-2026 read: DMY
	// (empty, the default) or MDY.
	DateOrder string `json:"date_order,omitempty"`
}

// Date orders of numeric dates in evidence names.
const (
	DMY = "dmy"
	MDY = "mdy"
)

// Normalize trims the texts, fills a Type 1 report's end date, puts Security
// in scope and orders the categories. Validate expects a normalized value.
func (e *Engagement) Normalize() {
	e.Name = strings.TrimSpace(e.Name)
	e.Client = strings.TrimSpace(e.Client)
	e.Type = ReportType(strings.ToLower(strings.TrimSpace(string(e.Type))))
	e.PeriodStart = strings.TrimSpace(e.PeriodStart)
	e.PeriodEnd = strings.TrimSpace(e.PeriodEnd)
	if e.DateOrder = strings.ToLower(strings.TrimSpace(e.DateOrder)); e.DateOrder == DMY {
		e.DateOrder = ""
	}
	if e.Type == Type1 && e.PeriodEnd == "" {
		e.PeriodEnd = e.PeriodStart
	}
	in := map[Category]bool{Security: true}
	for _, c := range e.Categories {
		in[Category(strings.ToLower(strings.TrimSpace(string(c))))] = true
	}
	e.Categories = make([]Category, 0, len(Categories))
	for _, c := range Categories {
		if in[c] {
			e.Categories = append(e.Categories, c)
			delete(in, c)
		}
	}
	// Unknown categories stay, sorted, so that Validate can name them.
	var unknown []Category
	for c := range in {
		unknown = append(unknown, c)
	}
	slices.Sort(unknown)
	e.Categories = append(e.Categories, unknown...)
}

// Validate reports the first rule the engagement breaks as an EINVALID error
// naming the field.
func (e *Engagement) Validate() error {
	if err := validText("name", e.Name); err != nil {
		return err
	}
	if err := validText("client", e.Client); err != nil {
		return err
	}
	if e.Type != Type1 && e.Type != Type2 {
		return Errorf(EINVALID, "type must be type1 or type2, not %q", e.Type)
	}
	start, err := ParseDate("period start", e.PeriodStart)
	if err != nil {
		return err
	}
	end, err := ParseDate("period end", e.PeriodEnd)
	if err != nil {
		return err
	}
	switch {
	case e.Type == Type1 && !end.Equal(start):
		return Errorf(EINVALID, "a type 1 report is as of one date: period end must equal period start")
	case e.Type == Type2 && !end.After(start):
		return Errorf(EINVALID, "period end %s must be after period start %s", e.PeriodEnd, e.PeriodStart)
	case end.Sub(start) > maxPeriod:
		return Errorf(EINVALID, "period %s to %s is longer than two years", e.PeriodStart, e.PeriodEnd)
	}
	if e.DateOrder != "" && e.DateOrder != MDY {
		return Errorf(EINVALID, "date order %q must be dmy or mdy", e.DateOrder)
	}
	switch {
	case e.Role != Auditor && e.Role != Responder:
		return Errorf(EINVALID, "role %q must be empty or responder", e.Role)
	case e.Role == Responder && e.Origin == "":
		return Errorf(EINVALID, "a responder copy names the engagement it answers")
	case len(e.Origin) > 64:
		return Errorf(EINVALID, "origin is longer than 64 characters")
	}
	for _, c := range e.Categories {
		if !slices.Contains(Categories, c) {
			return Errorf(EINVALID, "unknown trust services category %q (known: security, availability, processing-integrity, confidentiality, privacy)", c)
		}
	}
	return nil
}

// AsOfIssue says why evidence dated asOf (YYYY-MM-DD, or empty when
// unknown) needs a look in this engagement, or "" when it is within the
// period. A Type 1 report's evidence may predate its as-of date, so only a
// later date is out of its period.
func (e *Engagement) AsOfIssue(asOf string) string {
	switch {
	case asOf == "":
		return "date unknown"
	case asOf > e.PeriodEnd && e.Type == Type1:
		return "after the as-of date " + e.PeriodEnd
	case asOf > e.PeriodEnd:
		return "after the period end " + e.PeriodEnd
	case asOf < e.PeriodStart && e.Type == Type2:
		return "before the period start " + e.PeriodStart
	}
	return ""
}

// ParseDate parses a YYYY-MM-DD date, naming field in the error.
func ParseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, Errorf(EINVALID, "%s is required (YYYY-MM-DD)", field)
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%s %q is not a date of the form YYYY-MM-DD", field, s)
	}
	return t, nil
}

func validText(field, s string) error {
	switch {
	case s == "":
		return Errorf(EINVALID, "%s is required", field)
	case !utf8.ValidString(s):
		return Errorf(EINVALID, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > maxNameLen:
		return Errorf(EINVALID, "%s is longer than %d characters", field, maxNameLen)
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return Errorf(EINVALID, "%s contains control characters", field)
	}
	return nil
}
