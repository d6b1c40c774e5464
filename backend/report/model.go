// Package report lays out the PDF findings report: the document that leaves
// the audit room. It renders an input model of plain structs (filled from the
// store by its caller) with maroto, then finishes the PDF with pdfcpu (the
// DRAFT stamp, outline, document properties and attachments), all in memory.
package report

import (
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
)

// Status is whether the report is a draft or the final issue.
type Status string

const (
	Draft Status = "draft" // stamped DRAFT on every page; responses may be pending
	Final Status = "final" // the issued report
)

// Classification is the severity the auditor gave a finding.
type Classification string

const (
	ControlDeficiency     Classification = "control_deficiency"
	SignificantDeficiency Classification = "significant_deficiency"
	MaterialWeakness      Classification = "material_weakness"
	// Unevaluated is a finding not classified yet, which only a draft shows.
	Unevaluated Classification = ""
)

// Classifications lists the classifications from the most severe down, the
// order the report counts and presents them in.
var Classifications = []Classification{MaterialWeakness, SignificantDeficiency, ControlDeficiency}

// Label is the classification as the report words it.
func (c Classification) Label() string {
	switch c {
	case MaterialWeakness:
		return "Material weakness"
	case SignificantDeficiency:
		return "Significant deficiency"
	case ControlDeficiency:
		return "Control deficiency"
	case Unevaluated:
		return "Not yet evaluated"
	}
	return string(c)
}

// Position is management's stance on a finding.
type Position string

const (
	Agree          Position = "agree"
	PartiallyAgree Position = "partially_agree"
	Disagree       Position = "disagree"
)

// Label is the position as the report words it.
func (p Position) Label() string {
	switch p {
	case Agree:
		return "Agrees"
	case PartiallyAgree:
		return "Partially agrees"
	case Disagree:
		return "Disagrees"
	}
	return string(p)
}

// Report is everything the findings report shows. Dates without a time are
// YYYY-MM-DD strings (audit.DateLayout), as everywhere else in Audit Room.
type Report struct {
	Engagement audit.Engagement // name, client, type, period and categories
	Status     Status           // Draft or Final
	Date       string           // the report's date, YYYY-MM-DD
	PreparedBy string           // who signs the report: a person or the firm
	Criteria   []Criterion      // Trust Services criteria in scope, in catalogue order
	Sampling   Sampling         // how samples were sized and drawn
	Findings   []Finding        // in the order the report presents them
	Evidence   []Evidence       // the appendix: every evidence file a finding cites
	Workpaper  []byte           // XLSX workpapers, attached to the PDF; optional
	Manifest   []byte           // JSON evidence manifest, attached to the PDF; optional
}

// Criterion is one Trust Services criterion in scope.
type Criterion struct {
	ID   string // e.g. "CC6.1"
	Name string // the catalogue's short title, e.g. "Logical access security"
}

// Sampling is the methodology section's account of sampling.
type Sampling struct {
	Approach string       // the approach in prose; paragraphs separated by blank lines
	Tests    []SampleTest // the sizes used, one per test
}

// SampleTest is the sample size used for one test and why.
type SampleTest struct {
	Control     string // control ID and, optionally, a short name
	Population  int    // items in the population; 0 when not counted (e.g. an annual control)
	Size        int    // items tested
	Method      string // e.g. "Random (seeded)", "Systematic", "Judgmental"
	Explanation string // why this size: the frequency table row or the attribute sampling inputs
}

// Finding is one finding with its management response.
type Finding struct {
	ID             string
	Title          string
	Classification Classification
	Rationale      string   // why this classification (likelihood, magnitude, compensating controls)
	Condition      string   // what was found
	Criteria       []string // linked Trust Services criteria IDs, e.g. "CC6.2"
	CriteriaText   string   // the criterion or policy the condition falls short of
	Cause          string
	Effect         string
	Recommendation string
	Status         string   // the finding's workflow status, e.g. "issued"
	Controls       []string // linked control IDs
	Exceptions     []Exception
	Evidence       []EvidenceRef
	Response       *Response // nil while management has not responded
}

// Exception is one sample that failed one attribute.
type Exception struct {
	Sample      string // the sample item, e.g. "CHG-1042" or "#14 jdoe"
	Attribute   string // the attribute it failed, e.g. "B: approved before deployment"
	Description string
}

// EvidenceRef is a finding's pointer into an evidence file.
type EvidenceRef struct {
	Name string // file name
	audit.Locator
	SHA256 string // of the file, 64 hex digits; must be in the appendix
}

// Location is where in the file the reference points, as the report words it.
func (r EvidenceRef) Location() string { return r.Locator.String() }

// Response is management's response to a finding.
type Response struct {
	Position         Position
	Text             string
	CorrectiveAction string
	Owner            string
	TargetDate       string // YYYY-MM-DD
	Responder        string // who wrote the response
	Received         string // YYYY-MM-DD, when the auditor received it
}

// Evidence is one appendix entry: a file and where it came from.
type Evidence struct {
	Name       string
	SHA256     string // 64 hex digits
	AsOf       string // YYYY-MM-DD, empty when unknown
	AsOfSource string // where the date came from: manifest, document, file name, …
	AsOfDetail string // the field or name fragment it was read from
	AsOfIssue  string // why the date needs a look (audit.Engagement.AsOfIssue), empty when in period
	Provenance []Provenance
}

// Provenance is one copy of an evidence file: its chain of custody.
type Provenance struct {
	Pack                 string    // the evidence pack's name
	Path                 string    // the path inside the pack
	ModTime              time.Time // the file's time in the pack; zero when the pack gave none
	ImportedAt           time.Time
	ImportedBy           string
	ProvidedByManagement bool // the client supplied it (as opposed to auditor-obtained)
}

// ShortHash is the first 12 hex digits of a SHA-256, as the finding pages cite it.
func ShortHash(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// CategoryOf names the Trust Services category a criterion ID belongs to:
// CC is the common criteria (Security); A, C, PI and P the others.
func CategoryOf(id string) string {
	prefix := strings.ToUpper(strings.TrimRight(id, "0123456789."))
	switch prefix {
	case "CC", "A", "C", "PI", "P":
		return prefix
	}
	return ""
}

// categoryNames are the category prefixes in the order the criteria number
// them, with the report's wording.
var categoryNames = []struct{ Prefix, Name string }{
	{"CC", "Common criteria (Security)"},
	{"A", "Availability"},
	{"PI", "Processing integrity"},
	{"C", "Confidentiality"},
	{"P", "Privacy"},
}

// Validate checks what the layout relies on and names the first problem.
func (m *Report) Validate() error {
	e := m.Engagement
	if strings.TrimSpace(e.Name) == "" {
		return audit.Errorf(audit.EINVALID, "report engagement: the name is empty")
	}
	if strings.TrimSpace(e.Client) == "" {
		return audit.Errorf(audit.EINVALID, "report engagement %q: the client is empty", e.Name)
	}
	if e.Type != audit.Type1 && e.Type != audit.Type2 {
		return audit.Errorf(audit.EINVALID, "report engagement %q: report type %q is neither type1 nor type2", e.Name, e.Type)
	}
	if err := checkDate("engagement period start", e.PeriodStart); err != nil {
		return err
	}
	if err := checkDate("engagement period end", e.PeriodEnd); err != nil {
		return err
	}
	if m.Status != Draft && m.Status != Final {
		return audit.Errorf(audit.EINVALID, "report status %q is neither draft nor final", m.Status)
	}
	if err := checkDate("report date", m.Date); err != nil {
		return err
	}
	if m.Status == Final && strings.TrimSpace(m.PreparedBy) == "" {
		return audit.Errorf(audit.EINVALID, "report: a final report needs prepared by")
	}
	hashes := map[string]bool{}
	for i, ev := range m.Evidence {
		if !isSHA256(ev.SHA256) {
			return audit.Errorf(audit.EINVALID, "evidence appendix entry %d (%s): SHA-256 %q is not 64 hex digits", i+1, ev.Name, ev.SHA256)
		}
		if hashes[strings.ToLower(ev.SHA256)] {
			return audit.Errorf(audit.EINVALID, "evidence appendix lists %s (%s) twice", ev.Name, ShortHash(ev.SHA256))
		}
		hashes[strings.ToLower(ev.SHA256)] = true
	}
	ids := map[string]bool{}
	for _, f := range m.Findings {
		if err := f.validate(m.Status, hashes); err != nil {
			return err
		}
		if ids[f.ID] {
			return audit.Errorf(audit.EINVALID, "finding %s appears twice", f.ID)
		}
		ids[f.ID] = true
	}
	if len(m.Workpaper) > 0 && !slices.Equal(m.Workpaper[:min(4, len(m.Workpaper))], []byte("PK\x03\x04")) {
		return audit.Errorf(audit.EINVALID, "report workpaper attachment is not an XLSX file (no zip signature)")
	}
	if len(m.Manifest) > 0 && !json.Valid(m.Manifest) {
		return audit.Errorf(audit.EINVALID, "report evidence manifest attachment is not valid JSON")
	}
	return nil
}

func (f *Finding) validate(status Status, hashes map[string]bool) error {
	if strings.TrimSpace(f.ID) == "" {
		return audit.Errorf(audit.EINVALID, "finding %q: the ID is empty", f.Title)
	}
	if strings.TrimSpace(f.Title) == "" {
		return audit.Errorf(audit.EINVALID, "finding %s: the title is empty", f.ID)
	}
	if f.Classification == Unevaluated && status == Final {
		return audit.Errorf(audit.EINVALID, "finding %s is not yet evaluated: a final report needs its classification", f.ID)
	}
	if f.Classification != Unevaluated && !slices.Contains(Classifications, f.Classification) {
		return audit.Errorf(audit.EINVALID, "finding %s: classification %q is not control_deficiency, significant_deficiency or material_weakness", f.ID, f.Classification)
	}
	for _, id := range f.Criteria {
		if CategoryOf(id) == "" {
			return audit.Errorf(audit.EINVALID, "finding %s: %q is not a Trust Services criterion ID", f.ID, id)
		}
	}
	for _, r := range f.Evidence {
		if !isSHA256(r.SHA256) {
			return audit.Errorf(audit.EINVALID, "finding %s: evidence %s has SHA-256 %q, not 64 hex digits", f.ID, r.Name, r.SHA256)
		}
		if !hashes[strings.ToLower(r.SHA256)] {
			return audit.Errorf(audit.EINVALID, "finding %s cites evidence %s (%s) that the evidence appendix lacks", f.ID, r.Name, ShortHash(r.SHA256))
		}
	}
	if r := f.Response; r != nil {
		if r.Position != Agree && r.Position != PartiallyAgree && r.Position != Disagree {
			return audit.Errorf(audit.EINVALID, "finding %s: response position %q is not agree, partially_agree or disagree", f.ID, r.Position)
		}
		if r.TargetDate != "" {
			if err := checkDate("finding "+f.ID+" response target date", r.TargetDate); err != nil {
				return err
			}
		}
		if r.Received != "" {
			if err := checkDate("finding "+f.ID+" response received date", r.Received); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkDate(what, s string) error {
	if _, err := time.Parse(audit.DateLayout, s); err != nil {
		return audit.Errorf(audit.EINVALID, "%s %q is not a date (YYYY-MM-DD)", what, s)
	}
	return nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
