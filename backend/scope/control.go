package scope

import (
	"slices"
	"strings"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// Frequency is how often a control operates; it drives sample sizes later.
type Frequency string

const (
	Annual        Frequency = "annual"
	Quarterly     Frequency = "quarterly"
	Monthly       Frequency = "monthly"
	Weekly        Frequency = "weekly"
	Daily         Frequency = "daily"
	MultipleDaily Frequency = "multiple-daily" // several times a day, or continuously
	AsNeeded      Frequency = "as-needed"      // when an event calls for it
)

// Frequencies lists the frequencies from rarest to most frequent, then as-needed.
var Frequencies = []Frequency{Annual, Quarterly, Monthly, Weekly, Daily, MultipleDaily, AsNeeded}

// Nature says whether a person or a system performs a control.
type Nature string

const (
	Manual    Nature = "manual"
	Automated Nature = "automated"
)

// Kind says whether a control stops a problem or finds it afterwards.
type Kind string

const (
	Preventive Kind = "preventive"
	Detective  Kind = "detective"
)

// Longest accepted texts.
const (
	maxIDLen    = 64
	maxTitleLen = 500
	maxTextLen  = 20000
)

// Control is one row of the control matrix.
type Control struct {
	ID          string    `json:"id"`                    // the organisation's own reference, e.g. "AC-01"
	Title       string    `json:"title"`                 // a short name
	Description string    `json:"description,omitempty"` // the control activity as the organisation words it
	Owner       string    `json:"owner,omitempty"`       // who performs it
	Frequency   Frequency `json:"frequency,omitempty"`   // empty when the matrix does not say
	Nature      Nature    `json:"nature,omitempty"`      // manual or automated; empty when unknown
	Kind        Kind      `json:"kind,omitempty"`        // preventive or detective; empty when unknown
	Key         bool      `json:"key"`                   // a key control
	Criteria    []string  `json:"criteria"`              // mapped criteria, in catalogue order
}

// Normalize trims the texts, canonicalises the criteria and sorts them.
func (c *Control) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Title = strings.TrimSpace(c.Title)
	c.Description = strings.TrimSpace(c.Description)
	c.Owner = strings.TrimSpace(c.Owner)
	ids := make([]string, 0, len(c.Criteria))
	for _, id := range c.Criteria {
		if cr, ok := Lookup(id); ok {
			ids = append(ids, cr.ID)
		} else {
			ids = append(ids, strings.TrimSpace(id)) // Validate names it
		}
	}
	c.Criteria = SortCriteria(ids)
}

// Validate reports the first rule the control breaks as an EINVALID error.
func (c *Control) Validate() error {
	if err := validID("control id", c.ID); err != nil {
		return err
	}
	if err := validLine("title of control "+c.ID, c.Title, maxTitleLen, false); err != nil {
		return err
	}
	if err := validLine("owner of control "+c.ID, c.Owner, maxTitleLen, false); err != nil {
		return err
	}
	if err := validText("description of control "+c.ID, c.Description); err != nil {
		return err
	}
	if c.Frequency != "" && !slices.Contains(Frequencies, c.Frequency) {
		return audit.Errorf(audit.EINVALID, "frequency %q of control %s is not one of annual, quarterly, monthly, weekly, daily, multiple-daily, as-needed", c.Frequency, c.ID)
	}
	if c.Nature != "" && c.Nature != Manual && c.Nature != Automated {
		return audit.Errorf(audit.EINVALID, "nature %q of control %s must be manual or automated", c.Nature, c.ID)
	}
	if c.Kind != "" && c.Kind != Preventive && c.Kind != Detective {
		return audit.Errorf(audit.EINVALID, "kind %q of control %s must be preventive or detective", c.Kind, c.ID)
	}
	for _, id := range c.Criteria {
		if _, ok := byID[id]; !ok {
			return audit.Errorf(audit.EINVALID, "control %s maps to unknown criterion %q", c.ID, id)
		}
	}
	return nil
}

// validID checks an identifier the organisation chose: one line, short.
func validID(field, s string) error {
	if s == "" {
		return audit.Errorf(audit.EINVALID, "%s is required", field)
	}
	return validLine(field, s, maxIDLen, true)
}

func validLine(field, s string, max int, required bool) error {
	switch {
	case s == "" && required:
		return audit.Errorf(audit.EINVALID, "%s is required", field)
	case !utf8.ValidString(s):
		return audit.Errorf(audit.EINVALID, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > max:
		return audit.Errorf(audit.EINVALID, "%s is longer than %d characters", field, max)
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return audit.Errorf(audit.EINVALID, "%s contains line breaks or control characters", field)
	}
	return nil
}

// validText checks a multi-line text: new lines and tabs are fine.
func validText(field, s string) error {
	switch {
	case !utf8.ValidString(s):
		return audit.Errorf(audit.EINVALID, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > maxTextLen:
		return audit.Errorf(audit.EINVALID, "%s is longer than %d characters", field, maxTextLen)
	case strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f }):
		return audit.Errorf(audit.EINVALID, "%s contains control characters", field)
	}
	return nil
}

// ParseFrequency reads the ways matrices write a frequency ("Annually",
// "Multiple times a day", "Ad hoc"). Blank is no frequency.
func ParseFrequency(s string) (Frequency, bool) {
	k := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '/' || r == '.'
	}), " ")
	switch k {
	case "":
		return "", true
	case "annual", "annually", "yearly", "once a year", "every year", "1x year", "1 year":
		return Annual, true
	case "quarterly", "quarter", "every quarter", "once a quarter":
		return Quarterly, true
	case "monthly", "month", "every month", "once a month":
		return Monthly, true
	case "weekly", "week", "every week", "once a week":
		return Weekly, true
	case "daily", "day", "every day", "once a day":
		return Daily, true
	case "multiple daily", "multiple times a day", "multiple times per day", "multiple times daily",
		"several times a day", "many times a day", "continuous", "continuously", "real time", "realtime", "recurring", "hourly":
		return MultipleDaily, true
	case "as needed", "as required", "ad hoc", "adhoc", "on demand", "event driven", "per event", "per occurrence", "as necessary", "upon occurrence", "when needed":
		return AsNeeded, true
	}
	return "", false
}

// ParseNatureKind reads nature and kind from a cell that may hold either or
// both ("Manual", "Automated / Detective", "IT-dependent manual; preventive").
// ok is false when the cell has words but neither could be read.
func ParseNatureKind(s string) (Nature, Kind, bool) {
	l := strings.ToLower(s)
	var n Nature
	var k Kind
	switch {
	case strings.Contains(l, "automat"):
		n = Automated
	case strings.Contains(l, "manual"):
		n = Manual
	}
	switch {
	case strings.Contains(l, "prevent"):
		k = Preventive
	case strings.Contains(l, "detect"):
		k = Detective
	}
	return n, k, n != "" || k != "" || strings.TrimSpace(s) == ""
}

// ParseKey reads a yes/no cell: yes, y, x, true, 1, key, ✓ … Blank is no.
func ParseKey(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "x", "true", "1", "key", "key control", "✓", "✔", "ja", "oui", "si", "sí":
		return true, true
	case "", "no", "n", "false", "0", "-", "non-key", "nonkey", "not key", "nein", "non":
		return false, true
	}
	return false, false
}

// FieldChange is one field of an item that an import or an edit changes.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Changes lists the fields that differ from old to c, by their JSON names.
func (c *Control) Changes(old Control) []FieldChange {
	var out []FieldChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, FieldChange{field, from, to})
		}
	}
	add("title", old.Title, c.Title)
	add("description", old.Description, c.Description)
	add("owner", old.Owner, c.Owner)
	add("frequency", string(old.Frequency), string(c.Frequency))
	add("nature", string(old.Nature), string(c.Nature))
	add("kind", string(old.Kind), string(c.Kind))
	add("key", yesNo(old.Key), yesNo(c.Key))
	add("criteria", strings.Join(old.Criteria, ", "), strings.Join(c.Criteria, ", "))
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
