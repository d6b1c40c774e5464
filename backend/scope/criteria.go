// Package scope holds what an engagement covers: the Trust Services
// Criteria catalogue, the control matrix, the PBC ("provided by client")
// request list, the importers that read them from spreadsheets, and the
// coverage picture that joins them.
package scope

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"auditroom/backend/audit"
)

// Criterion is one of the 2017 Trust Services Criteria. The catalogue holds
// the identifiers and short titles written by this project; the full text
// and points of focus are AICPA's and come only from a file the user
// imports (see CriterionText).
type Criterion struct {
	ID       string         `json:"id"`       // e.g. "CC6.1"
	Category audit.Category `json:"category"` // the Trust Services category it belongs to
	Title    string         `json:"title"`    // a short title of our own, not AICPA's wording
}

// CriterionText is the user's own copy of a criterion's wording, imported
// from a file they hold.
type CriterionText struct {
	ID            string `json:"id"`
	Title         string `json:"title,omitempty"`           // their title, if the file has one
	Text          string `json:"text,omitempty"`            // the criterion text
	PointsOfFocus string `json:"points_of_focus,omitempty"` // as written in the file, one per line
}

// catalogue lists every criterion in the order the criteria number them.
var catalogue = []Criterion{
	{"CC1.1", audit.Security, "Integrity and ethical values"},
	{"CC1.2", audit.Security, "Board independence and oversight"},
	{"CC1.3", audit.Security, "Structures, reporting lines and authority"},
	{"CC1.4", audit.Security, "Attracting and keeping competent people"},
	{"CC1.5", audit.Security, "Accountability for internal control"},
	{"CC2.1", audit.Security, "Quality information for internal control"},
	{"CC2.2", audit.Security, "Communication inside the entity"},
	{"CC2.3", audit.Security, "Communication with outside parties"},
	{"CC3.1", audit.Security, "Objectives clear enough to assess risk"},
	{"CC3.2", audit.Security, "Identifying and analysing risk"},
	{"CC3.3", audit.Security, "Fraud risk"},
	{"CC3.4", audit.Security, "Changes that affect internal control"},
	{"CC4.1", audit.Security, "Ongoing and separate evaluations"},
	{"CC4.2", audit.Security, "Reporting deficiencies"},
	{"CC5.1", audit.Security, "Control activities that reduce risk"},
	{"CC5.2", audit.Security, "General controls over technology"},
	{"CC5.3", audit.Security, "Policies and the procedures that apply them"},
	{"CC6.1", audit.Security, "Logical access security"},
	{"CC6.2", audit.Security, "Registering and authorising users"},
	{"CC6.3", audit.Security, "Changing and removing access by role"},
	{"CC6.4", audit.Security, "Physical access"},
	{"CC6.5", audit.Security, "Disposing of assets and their data"},
	{"CC6.6", audit.Security, "Threats from outside the system boundary"},
	{"CC6.7", audit.Security, "Data in transit and on removable media"},
	{"CC6.8", audit.Security, "Unauthorised and malicious software"},
	{"CC7.1", audit.Security, "Detecting configuration changes and vulnerabilities"},
	{"CC7.2", audit.Security, "Monitoring for anomalies"},
	{"CC7.3", audit.Security, "Evaluating security events"},
	{"CC7.4", audit.Security, "Responding to incidents"},
	{"CC7.5", audit.Security, "Recovering from incidents"},
	{"CC8.1", audit.Security, "Change management"},
	{"CC9.1", audit.Security, "Risk of business disruption"},
	{"CC9.2", audit.Security, "Vendor and business partner risk"},
	{"A1.1", audit.Availability, "Capacity planning"},
	{"A1.2", audit.Availability, "Environmental protection, backup and recovery infrastructure"},
	{"A1.3", audit.Availability, "Testing recovery plans"},
	{"C1.1", audit.Confidentiality, "Identifying and protecting confidential information"},
	{"C1.2", audit.Confidentiality, "Disposing of confidential information"},
	{"PI1.1", audit.ProcessingIntegrity, "Information about processing objectives"},
	{"PI1.2", audit.ProcessingIntegrity, "Complete and accurate inputs"},
	{"PI1.3", audit.ProcessingIntegrity, "Complete and accurate processing"},
	{"PI1.4", audit.ProcessingIntegrity, "Complete, accurate and timely outputs"},
	{"PI1.5", audit.ProcessingIntegrity, "Storing inputs, items in process and outputs"},
	{"P1.1", audit.Privacy, "Privacy notice"},
	{"P2.1", audit.Privacy, "Choice and consent"},
	{"P3.1", audit.Privacy, "Collecting only what the objectives need"},
	{"P3.2", audit.Privacy, "Explicit consent where required"},
	{"P4.1", audit.Privacy, "Using personal information as intended"},
	{"P4.2", audit.Privacy, "Retaining personal information"},
	{"P4.3", audit.Privacy, "Disposing of personal information"},
	{"P5.1", audit.Privacy, "Access by data subjects"},
	{"P5.2", audit.Privacy, "Correcting personal information"},
	{"P6.1", audit.Privacy, "Disclosure to third parties"},
	{"P6.2", audit.Privacy, "Record of authorised disclosures"},
	{"P6.3", audit.Privacy, "Record of unauthorised disclosures"},
	{"P6.4", audit.Privacy, "Privacy commitments of vendors"},
	{"P6.5", audit.Privacy, "Vendors reporting breaches"},
	{"P6.6", audit.Privacy, "Notifying affected parties of breaches"},
	{"P6.7", audit.Privacy, "Accounting of disclosures to data subjects"},
	{"P7.1", audit.Privacy, "Quality of personal information"},
	{"P8.1", audit.Privacy, "Inquiries, complaints and disputes"},
}

var byID = func() map[string]int {
	m := make(map[string]int, len(catalogue))
	for i, c := range catalogue {
		m[c.ID] = i
	}
	return m
}()

// Catalogue returns every criterion, grouped by category in the order the
// criteria number them.
func Catalogue() []Criterion { return slices.Clone(catalogue) }

// Lookup returns the criterion with the given ID, written in any case and
// spacing ("cc 6.1"), and whether there is one.
func Lookup(id string) (Criterion, bool) {
	i, ok := byID[normalizeID(id)]
	if !ok {
		return Criterion{}, false
	}
	return catalogue[i], true
}

// InScope returns the criteria of the given categories, in catalogue order.
// Security is always in scope.
func InScope(categories []audit.Category) []Criterion {
	in := map[audit.Category]bool{audit.Security: true}
	for _, c := range categories {
		in[c] = true
	}
	var out []Criterion
	for _, c := range catalogue {
		if in[c.Category] {
			out = append(out, c)
		}
	}
	return out
}

// IsInScope reports whether criterion id belongs to one of categories.
func IsInScope(id string, categories []audit.Category) bool {
	c, ok := Lookup(id)
	if !ok {
		return false
	}
	return c.Category == audit.Security || slices.Contains(categories, c.Category)
}

// order returns a criterion's place in the catalogue, for sorting.
func order(id string) int {
	if i, ok := byID[id]; ok {
		return i
	}
	return len(catalogue)
}

// SortCriteria sorts IDs in catalogue order and drops duplicates.
func SortCriteria(ids []string) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int {
		if c := order(a) - order(b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}

func normalizeID(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// criterionRef finds criterion-like references: a series letter code, a
// number, a dot and a number ("CC6.1", "cc 6.1", "PI1.5").
var criterionRef = regexp.MustCompile(`(?i)\b(CC|PI|A|C|P)\s?(\d{1,2})\.(\d{1,2})\b`)

// separators may stand between criteria in one cell.
var separators = regexp.MustCompile(`^(?i)[\s,;/|&+]*(and)?[\s,;/|&+]*$`)

// rangeSep stands between the two ends of a range ("CC1.1-CC1.5").
var rangeSep = regexp.MustCompile(`^(?i)\s*(-|–|—|to|through|thru)\s*$`)

// ParseCriteria reads the criteria a cell lists: IDs separated by commas,
// semicolons, slashes, new lines or "and" ("CC6.1, CC6.2; CC6.3"), and
// ranges within one series ("CC1.1-CC1.5"). It returns the known IDs in
// catalogue order and, separately, anything it could not read as a known
// criterion, as written.
func ParseCriteria(cell string) (ids, unknown []string) {
	matches := criterionRef.FindAllStringSubmatchIndex(cell, -1)
	prevEnd := 0
	var prev string // the last ID read, for ranges
	junk := func(s string) {
		if s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ",;/|&+-–—")); s != "" {
			unknown = append(unknown, s)
		}
	}
	for _, m := range matches {
		between := cell[prevEnd:m[0]]
		id := strings.ToUpper(cell[m[2]:m[3]]) + cell[m[4]:m[5]] + "." + cell[m[6]:m[7]]
		id = canonicalNumbers(id)
		raw := cell[m[0]:m[1]]
		_, known := byID[id]
		switch {
		case prev != "" && rangeSep.MatchString(between):
			expanded, ok := expandRange(prev, id)
			if !ok {
				unknown = append(unknown, prev+"-"+raw)
				break
			}
			ids = append(ids, expanded...)
		case separators.MatchString(between):
			if known {
				ids = append(ids, id)
			} else {
				unknown = append(unknown, strings.TrimSpace(raw))
			}
		default:
			junk(between)
			if known {
				ids = append(ids, id)
			} else {
				unknown = append(unknown, strings.TrimSpace(raw))
			}
		}
		prev = ""
		if known {
			prev = id
		}
		prevEnd = m[1]
	}
	junk(cell[prevEnd:])
	return SortCriteria(ids), unknown
}

// canonicalNumbers drops leading zeros: "CC06.01" is "CC6.1".
func canonicalNumbers(id string) string {
	i := strings.IndexFunc(id, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return id
	}
	prefix, nums := id[:i], strings.SplitN(id[i:], ".", 2)
	if len(nums) != 2 {
		return id
	}
	a, err1 := strconv.Atoi(nums[0])
	b, err2 := strconv.Atoi(nums[1])
	if err1 != nil || err2 != nil {
		return id
	}
	return prefix + strconv.Itoa(a) + "." + strconv.Itoa(b)
}

// expandRange lists the criteria from a to b inclusive, both of one category
// and a before b.
func expandRange(a, b string) ([]string, bool) {
	i, j := byID[a], byID[b]
	if i > j || catalogue[i].Category != catalogue[j].Category {
		return nil, false
	}
	out := make([]string, 0, j-i+1)
	for _, c := range catalogue[i : j+1] {
		out = append(out, c.ID)
	}
	return out, true
}
