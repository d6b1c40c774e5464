package export

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// OSCALVersion is the OSCAL release the documents follow; the tests check
// them against that release's schemas (testdata/oscal).
const OSCALVersion = "1.1.1"

// PropNS qualifies the props Audit Room adds, as OSCAL asks of names
// outside its own.
const PropNS = "urn:auditroom:oscal"

// namespace is the UUIDv5 namespace of every OSCAL object Audit Room writes.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(PropNS))

// UUID is the stable identifier of an object of an engagement: a UUIDv5
// of the engagement's ID and the object's, so that exporting the same
// engagement again gives every observation, risk and finding the UUID it
// had, and a tool reading both exports sees the same objects.
func UUID(engID, object string) string {
	return uuid.NewSHA1(namespace, []byte(engID+"\x00"+object)).String()
}

// OSCAL reads an engagement and writes one OSCAL document to w.
func OSCAL(ctx context.Context, h *store.Home, engID string, kind Kind, w io.Writer, opt Options) error {
	d, err := Gather(ctx, h, engID, opt)
	if err != nil {
		return err
	}
	return WriteOSCAL(d, kind, w)
}

// WriteOSCAL writes the assessment results or the POA&M as indented JSON.
// A POA&M needs at least one item: an engagement without findings has
// none, and WriteOSCAL returns EINVALID.
func WriteOSCAL(d *Data, kind Kind, w io.Writer) error {
	o := &oscalBuilder{d: d, parties: map[string]party{}}
	var doc any
	switch kind {
	case AssessmentResults:
		doc = o.assessmentResults()
	case POAM:
		if len(d.Findings) == 0 {
			return audit.Errorf(audit.EINVALID, "engagement %s has no findings: a POA&M needs at least one item", d.Engagement.ID)
		}
		doc = o.poam()
	default:
		return audit.Errorf(audit.EINVALID, "oscal kind %q must be assessment-results or poam", kind)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write %s", FileName(kind))
	}
	return nil
}

// oscalBuilder turns Data into OSCAL objects, collecting the parties and
// evidence resources they refer to as it goes.
type oscalBuilder struct {
	d         *Data
	parties   map[string]party // by name
	resources []string         // evidence IDs cited, in order of first citation
}

func (o *oscalBuilder) id(object string) string { return UUID(o.d.Engagement.ID, object) }

// Roles the parties play.
const (
	roleAssessor    = "assessor"
	roleResponder   = "responder"
	roleActionOwner = "action-owner"
)

func (o *oscalBuilder) metadata(title string) metadata {
	e := o.d.Engagement
	o.party(e.Client, "organization")
	m := metadata{
		Title:        title,
		LastModified: oscalTime(o.d.Modified),
		Version:      o.d.Modified.UTC().Format("2006.01.02-150405"),
		OSCALVersion: OSCALVersion,
		Props: props("engagement-id", e.ID, "engagement", e.Name, "client", e.Client,
			"report-type", "SOC 2 "+reportType(e.Type), "period-start", e.PeriodStart, "period-end", e.PeriodEnd,
			"confidence", o.d.Confidence.Percent(), "tolerable-rate", o.d.Tolerable.Percent()),
		Roles: []role{{roleAssessor, "Service auditor"}, {roleResponder, "Management responder"},
			{roleActionOwner, "Owner of a corrective action"}},
	}
	return m
}

// finish adds the parties met while building to the metadata.
func (o *oscalBuilder) finish(m *metadata) {
	for _, p := range o.parties {
		m.Parties = append(m.Parties, p)
	}
	slices.SortFunc(m.Parties, func(a, b party) int { return strings.Compare(a.Name, b.Name) })
}

// party returns the UUID of a person or organization by name.
func (o *oscalBuilder) party(name, kind string) string {
	name = strings.Join(strings.Fields(name), " ")
	if p, ok := o.parties[name]; ok {
		return p.UUID
	}
	p := party{UUID: o.id("party/" + name), Type: kind, Name: name}
	o.parties[name] = p
	return p.UUID
}

func (o *oscalBuilder) by(name string) []origin {
	if strings.TrimSpace(name) == "" {
		return nil
	}
	return []origin{{Actors: []actor{{Type: "party", ActorUUID: o.party(name, "person"), RoleID: roleAssessor}}}}
}

func (o *oscalBuilder) assessmentResults() assessmentResultsDoc {
	d, e := o.d, o.d.Engagement
	m := o.metadata("Assessment results: " + e.Name)
	r := result{
		UUID:        o.id("result"),
		Title:       "SOC 2 " + reportType(e.Type) + " examination of " + e.Client,
		Description: fmt.Sprintf("Tests of controls over %s to %s: %d tests, %d exceptions, %d findings.", e.PeriodStart, e.PeriodEnd, len(d.Tests), len(d.Exceptions), len(d.Findings)),
		Start:       e.PeriodStart + "T00:00:00Z",
		End:         e.PeriodEnd + "T23:59:59Z",
		ReviewedControls: reviewedControls{ControlSelections: []controlSelection{{
			Description:     "The Trust Services Criteria in scope of the engagement.",
			IncludeControls: o.criteriaInScope(),
		}}},
	}
	for _, x := range d.Exceptions {
		r.Observations = append(r.Observations, o.observation(x))
	}
	for _, f := range d.Findings {
		r.Risks = append(r.Risks, o.risk(f))
		r.Findings = append(r.Findings, o.findings(f)...)
	}
	plan := o.id("assessment-plan")
	bm := &backMatter{Resources: []resource{{UUID: plan, Title: "Assessment plan: " + e.Name,
		Description: "The engagement's scope, controls and tests as planned in Audit Room (engagement " + e.ID + "). No OSCAL assessment plan is exported; this resource stands for it."}}}
	if ev := o.backMatter(); ev != nil {
		bm.Resources = append(bm.Resources, ev.Resources...)
	}
	o.finish(&m)
	return assessmentResultsDoc{assessmentResults{UUID: o.id("assessment-results"), Metadata: m,
		ImportAP: importAP{Href: "#" + plan}, Results: []result{r}, BackMatter: bm}}
}

func (o *oscalBuilder) poam() poamDoc {
	d, e := o.d, o.d.Engagement
	m := o.metadata("Plan of action and milestones: " + e.Name)
	p := poam{UUID: o.id("poam"), SystemID: &systemID{ID: e.ID}}
	cited := map[findings.ExceptionRef]bool{}
	for _, f := range d.Findings {
		for _, r := range f.Exceptions {
			cited[r] = true
		}
	}
	for _, x := range d.Exceptions {
		if cited[x.Ref()] {
			p.Observations = append(p.Observations, o.observation(x))
		}
	}
	for _, f := range d.Findings {
		p.Risks = append(p.Risks, o.risk(f))
		fs := o.findings(f)
		p.Findings = append(p.Findings, fs...)
		p.POAMItems = append(p.POAMItems, o.poamItem(f, fs))
	}
	p.BackMatter = o.backMatter()
	o.finish(&m)
	p.Metadata = m
	return poamDoc{p}
}

func (o *oscalBuilder) criteriaInScope() []selectControl {
	var out []selectControl
	for _, c := range o.d.Criteria {
		out = append(out, selectControl{ControlID: token(c.ID)})
	}
	return out
}

// observation is an exception: what was tested on which item, what was
// found, and the evidence, cited by hash through a back-matter resource.
// The first evidence is always the sample item's row in the population's
// source file.
func (o *oscalBuilder) observation(x findings.Exception) observation {
	d := o.d
	t, _ := d.Test(x.TestID)
	ob := observation{
		UUID:        o.id(exceptionObject(x.Ref())),
		Title:       fmt.Sprintf("Exception: %s, %s", x.Ref(), x.ControlID),
		Description: fmt.Sprintf("Sample item %d (%s) did not meet attribute %s of the test of control %s: %s", x.Item, x.ItemKey, x.Attribute, x.ControlID, x.AttributeText),
		Props: props("control-id", x.ControlID, "test-id", x.TestID, "sample-item", fmt.Sprint(x.Item),
			"item-key", x.ItemKey, "attribute", x.Attribute, "criteria", strings.Join(x.Criteria, " ")),
		Methods:   []string{"TEST"},
		Types:     []string{"finding"},
		Origins:   o.by(preparerOf(t)),
		Collected: oscalTime(t.UpdatedAt),
		Remarks:   x.Note,
	}
	if p, s := t.Population, t.Sample; p != nil && s != nil {
		if i := slices.IndexFunc(s.Items, func(it selection.Item) bool { return it.Number == x.Item }); i >= 0 {
			ob.RelevantEvidence = append(ob.RelevantEvidence, o.evidence(p.EvidenceID, audit.Locator{Sheet: p.Sheet, Row: s.Items[i].Row},
				"the sample item's row in the population "+p.Name))
		}
	}
	for _, r := range x.Evidence {
		ob.RelevantEvidence = append(ob.RelevantEvidence, o.evidence(r.EvidenceID, r.Locator, "pinned to the exception"))
	}
	return ob
}

// evidence cites a place in an evidence file and records the file for the
// back matter.
func (o *oscalBuilder) evidence(id string, at audit.Locator, why string) relevantEvidence {
	if !slices.Contains(o.resources, id) {
		o.resources = append(o.resources, id)
	}
	ev := o.d.Evidence[id]
	return relevantEvidence{Href: "#" + o.id("evidence/"+ev.SHA256), Description: ev.Name + ", " + at.String() + ": " + why,
		Props: props("sha256", ev.SHA256)}
}

// risk is a finding as a risk: its condition and effect, the auditor's
// recommendation, and management's response and corrective action.
func (o *oscalBuilder) risk(f Finding) risk {
	r := risk{
		UUID:        o.id("risk/" + f.ID),
		Title:       f.ID + " " + f.Title,
		Description: joinNonEmpty("\n\n", orDefault(f.Condition, f.Title), prefixed("Cause: ", f.Cause)),
		Statement:   orDefault(f.Effect, "The effect is not stated in the finding."),
		Props: props("finding-id", f.ID, "classification", classification(f.Finding), "finding-status", words(string(f.Status)),
			"owner", f.Owner),
		Status:  "open",
		Origins: o.by(f.CreatedBy),
	}
	for _, ref := range f.Exceptions {
		if slices.ContainsFunc(o.d.Exceptions, func(x findings.Exception) bool { return x.Ref() == ref }) {
			r.RelatedObservations = append(r.RelatedObservations, relatedObservation{o.id(exceptionObject(ref))})
		}
	}
	for _, ev := range f.Evidence {
		re := o.evidence(ev.EvidenceID, ev.Locator, "cited by "+f.ID)
		r.Links = append(r.Links, link{Href: re.Href, Rel: "reference", Text: re.Description})
	}
	if f.Recommendation != "" {
		r.Remediations = append(r.Remediations, response{UUID: o.id("recommendation/" + f.ID), Lifecycle: "recommendation",
			Title: "Auditor's recommendation", Description: f.Recommendation, Origins: o.by(f.CreatedBy)})
	}
	resp := f.Response
	if resp == nil {
		return r
	}
	responder := o.party(resp.Responder, "person")
	entry := riskLogEntry{UUID: o.id("response/" + f.ID), Title: "Management response: " + words(string(resp.Position)),
		Description: resp.Text, Start: oscalTime(resp.RespondedAt), LoggedBy: []loggedBy{{PartyUUID: responder, RoleID: roleResponder}},
		Props: props("position", string(resp.Position), "answers-version", resp.FindingVersion)}
	if resp.CorrectiveAction != "" {
		plan := response{UUID: o.id("corrective-action/" + f.ID), Lifecycle: "planned", Title: "Management's corrective action",
			Description: resp.CorrectiveAction, Remarks: resp.Text,
			Props:   props("position", string(resp.Position), "responder", resp.Responder, "owner", resp.Owner, "target-date", resp.TargetDate),
			Origins: []origin{{Actors: []actor{{Type: "party", ActorUUID: responder, RoleID: roleResponder}}}}}
		t := task{UUID: o.id("milestone/" + f.ID), Type: "milestone", Title: "Corrective action complete"}
		if resp.TargetDate != "" {
			t.Timing = &timing{OnDate: &onDate{Date: resp.TargetDate + "T00:00:00Z"}}
			r.Deadline = resp.TargetDate + "T00:00:00Z"
		}
		if resp.Owner != "" {
			t.ResponsibleRoles = []responsibleRole{{RoleID: roleActionOwner, PartyUUIDs: []string{o.party(resp.Owner, "person")}}}
		}
		plan.Tasks = []task{t}
		for _, ev := range resp.Evidence {
			re := o.evidence(ev.EvidenceID, audit.Locator{}, "sent with the response")
			plan.Links = append(plan.Links, link{Href: re.Href, Rel: "evidence", Text: re.Description})
		}
		r.Remediations = append(r.Remediations, plan)
		entry.RelatedResponses = []relatedResponse{{plan.UUID}}
		if resp.Position != findings.Disagree {
			r.Status, entry.StatusChange = "remediating", "remediating"
		}
	}
	r.RiskLog = &riskLog{Entries: []riskLogEntry{entry}}
	return r
}

// findings states, for each criterion a finding names, that it is not
// satisfied, with the SOC 2 evaluation's view of whether the criterion is
// still met. A finding naming no criterion targets its own ID.
func (o *oscalBuilder) findings(f Finding) []oscalFinding {
	base := oscalFinding{
		Title:       f.ID + " " + f.Title,
		Description: orDefault(f.Condition, f.Title),
		Props: props("finding-id", f.ID, "classification", classification(f.Finding), "finding-status", words(string(f.Status)),
			"version", f.Version),
		Origins:      o.by(f.CreatedBy),
		RelatedRisks: []relatedRisk{{o.id("risk/" + f.ID)}},
		Remarks:      f.Rationale,
	}
	for _, ref := range f.Exceptions {
		if slices.ContainsFunc(o.d.Exceptions, func(x findings.Exception) bool { return x.Ref() == ref }) {
			base.RelatedObservations = append(base.RelatedObservations, relatedObservation{o.id(exceptionObject(ref))})
		}
	}
	if len(f.Criteria) == 0 {
		x := base
		x.UUID = o.id("finding/" + f.ID)
		x.Target = target{Type: "statement-id", TargetID: token(f.ID), Status: targetStatus{State: "not-satisfied", Reason: "fail"}}
		return []oscalFinding{x}
	}
	var out []oscalFinding
	for _, c := range f.Criteria {
		x := base
		x.UUID = o.id("finding/" + f.ID + "/" + c)
		x.Props = append(slices.Clone(base.Props), props("criterion", c)...)
		x.Target = target{Type: "objective-id", TargetID: token(c), Status: targetStatus{State: "not-satisfied", Reason: "fail"}}
		if cr, ok := scope.Lookup(c); ok {
			x.Target.Title = cr.ID + " " + cr.Title
		}
		if met, known := criterionMet(f.Finding, c); known {
			x.Target.Remarks = "A " + classification(f.Finding) + ": the criterion is still met; the deficiency is reported with the tests."
			if !met {
				x.Target.Remarks = "A " + classification(f.Finding) + ": the controls do not give reasonable assurance that the criterion is met."
			}
		}
		out = append(out, x)
	}
	return out
}

func (o *oscalBuilder) poamItem(f Finding, fs []oscalFinding) poamItem {
	it := poamItem{
		UUID:         o.id("poam-item/" + f.ID),
		Title:        f.ID + " " + f.Title,
		Description:  orDefault(f.Condition, f.Title),
		Props:        props("finding-id", f.ID, "classification", classification(f.Finding), "owner", f.Owner),
		Origins:      o.by(f.CreatedBy),
		RelatedRisks: []relatedRisk{{o.id("risk/" + f.ID)}},
		Remarks:      "Management response pending.",
	}
	for _, x := range fs {
		it.RelatedFindings = append(it.RelatedFindings, relatedFinding{x.UUID})
	}
	it.RelatedObservations = fs[0].RelatedObservations
	if r := f.Response; r != nil {
		it.Props = append(it.Props, props("position", string(r.Position), "responder", r.Responder,
			"action-owner", r.Owner, "target-date", r.TargetDate)...)
		it.Remarks = joinNonEmpty("\n\n", r.Text, prefixed("Corrective action: ", r.CorrectiveAction))
	}
	return it
}

// backMatter lists every evidence file cited, with its SHA-256 and where
// its copies came from.
func (o *oscalBuilder) backMatter() *backMatter {
	bm := &backMatter{}
	for _, id := range o.resources {
		ev := o.d.Evidence[id]
		var prov []string
		for _, p := range ev.Provenance {
			line := fmt.Sprintf("%s / %s, imported %s by %s", p.Pack, p.Path, oscalTime(p.ImportedAt), p.ImportedBy)
			if p.Source != "" {
				line += " (" + p.Source + ")"
			}
			prov = append(prov, line)
		}
		res := resource{UUID: o.id("evidence/" + ev.SHA256), Title: ev.Name,
			Description: fmt.Sprintf("Evidence file %s: %s, %d bytes.", ev.ID, orDefault(ev.Type, "unknown type"), ev.Size),
			Props:       props("evidence-id", ev.ID, "as-of", ev.AsOf),
			RLinks:      []rlink{{Href: evidenceHref(ev), MediaType: ev.MIME, Hashes: []hash{{"SHA-256", ev.SHA256}}}},
			Remarks:     strings.Join(prov, "\n")}
		bm.Resources = append(bm.Resources, res)
	}
	if len(bm.Resources) == 0 {
		return nil
	}
	return bm
}

// evidenceHref is where a copy of the file came from, relative: the pack
// and the path inside it.
func evidenceHref(ev Evidence) string {
	path := ev.Name
	if len(ev.Provenance) > 0 {
		path = ev.Provenance[0].Pack + "/" + ev.Provenance[0].Path
	} else if ev.Pack != "" {
		path = ev.Pack + "/" + ev.Path
	}
	return (&url.URL{Path: path}).String()
}

// criterionMet says whether the evaluation leaves the criterion met, and
// whether there is an evaluation to say so.
func criterionMet(f findings.Finding, c string) (met, known bool) {
	e := f.Evaluation
	if e == nil {
		return false, false
	}
	if e.Override != nil {
		return e.Override.Classification != deficiency.MaterialWeakness, true
	}
	for _, r := range e.Proposed.Criteria {
		if r.Criterion == c {
			return r.Met, true
		}
	}
	return false, false
}

func exceptionObject(r findings.ExceptionRef) string {
	return fmt.Sprintf("exception/%s/%d/%s", r.TestID, r.Item, r.Attribute)
}

// props makes Audit Room's props from name, value pairs, leaving out empty
// values: an OSCAL string may not be empty nor start or end with a space.
func props(kv ...string) []prop {
	var out []prop
	for i := 0; i+1 < len(kv); i += 2 {
		v := strings.Join(strings.Fields(kv[i+1]), " ")
		if v != "" {
			out = append(out, prop{Name: kv[i], NS: PropNS, Value: v})
		}
	}
	return out
}

// token makes an OSCAL token (an XML NCName) of an ID: letters, digits,
// '.', '-' and '_', starting with a letter or '_'.
func token(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	t := b.String()
	if t == "" || !(unicode.IsLetter([]rune(t)[0]) || t[0] == '_') {
		t = "_" + t
	}
	return t
}

func oscalTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func preparerOf(t Test) string {
	if t.Preparer != nil {
		return t.Preparer.Actor
	}
	return t.CreatedBy
}
