package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"auditroom/backend/audit"
	"auditroom/backend/export"
)

// schema compiles one of NIST's OSCAL schemas from testdata/oscal, with
// formats (date-time, uri, uri-reference) asserted, not just noted.
func schema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "oscal", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	anchorRefs(doc)
	// The schema's anchors (#json-schema-directive …) resolve against its
	// own $id, so it is added and compiled under that URL.
	id, _ := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compile %s: %v", file, err)
	}
	return s
}

// anchorRefs keeps the anchors of NIST's schemas in force. They are
// written as "$id": "#name" beside a "$ref", and draft-07 ignores every
// keyword beside a "$ref", so a strict validator finds no such anchor.
// Moving the "$ref" into an "allOf" of one validates exactly the same
// instances and lets the "$id" stand. Only the parsed copy in memory is
// changed; the files in testdata/oscal stay as NIST published them.
func anchorRefs(v any) {
	switch x := v.(type) {
	case map[string]any:
		id, _ := x["$id"].(string)
		if ref, ok := x["$ref"]; ok && strings.HasPrefix(id, "#") {
			delete(x, "$ref")
			x["allOf"] = []any{map[string]any{"$ref": ref}}
		}
		for _, c := range x {
			anchorRefs(c)
		}
	case []any:
		for _, c := range x {
			anchorRefs(c)
		}
	}
}

// oscalDoc writes one of the fixture's OSCAL documents and checks it
// against its schema; it returns the bytes and the decoded document.
func oscalDoc(t *testing.T, kind export.Kind, schemaFile string) ([]byte, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := export.OSCAL(context.Background(), home, fixture.ID, kind, &buf, export.Options{}); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", kind, err)
	}
	if err := schema(t, schemaFile).Validate(inst); err != nil {
		t.Fatalf("%s does not meet NIST's schema:\n%v", kind, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

// at walks a decoded document: keys for objects, ints for arrays.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %v is not an object", path, v)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at %v: %v has no item %d", path, v, k)
			}
			v = a[k]
		}
	}
	return v
}

func list(t *testing.T, v any, path ...any) []any {
	t.Helper()
	a, _ := at(t, v, path...).([]any)
	return a
}

// resources maps the back matter's resources by "#uuid".
func resources(t *testing.T, doc any, root string) map[string]any {
	out := map[string]any{}
	for _, r := range list(t, doc, root, "back-matter", "resources") {
		out["#"+at(t, r, "uuid").(string)] = r
	}
	return out
}

// propValue finds a prop by name.
func propValue(t *testing.T, v any, name string) string {
	t.Helper()
	for _, p := range list(t, v, "props") {
		if at(t, p, "name") == name {
			return at(t, p, "value").(string)
		}
	}
	return ""
}

func TestAssessmentResults(t *testing.T) {
	raw, doc := oscalDoc(t, export.AssessmentResults, "oscal_assessment-results_schema.json")
	ar := "assessment-results"
	if v := at(t, doc, ar, "metadata", "oscal-version"); v != export.OSCALVersion {
		t.Errorf("oscal-version %v", v)
	}
	res := resources(t, doc, ar)
	if _, ok := res[at(t, doc, ar, "import-ap", "href").(string)]; !ok {
		t.Errorf("import-ap %v points at no resource", at(t, doc, ar, "import-ap", "href"))
	}
	result := at(t, doc, ar, "results", 0)
	var included []string
	for _, c := range list(t, result, "reviewed-controls", "control-selections", 0, "include-controls") {
		included = append(included, at(t, c, "control-id").(string))
	}
	if !slices.Contains(included, "CC6.2") || !slices.Contains(included, "A1.2") || slices.Contains(included, "C1.1") {
		t.Errorf("criteria reviewed %v: want security and availability, not confidentiality", included)
	}

	// Each exception is an observation, its evidence cited by hash.
	obs := list(t, result, "observations")
	if len(obs) != 2 {
		t.Fatalf("%d observations, want the 2 exceptions", len(obs))
	}
	o := obs[0]
	if at(t, o, "uuid") != export.UUID(fixture.ID, "exception/"+fixture.Access.ID+"/7/A") || at(t, o, "remarks") != "+9 days: access removed on 2026-05-21; the HR notice from Zoë Müller reached IT late (ticket IT-4471)" ||
		propValue(t, o, "item-key") != fixture.AccessSample.Items[6].Key || !slices.Equal(list(t, o, "methods"), []any{"TEST"}) {
		t.Errorf("observation %v", o)
	}
	evidence := list(t, o, "relevant-evidence")
	if len(evidence) != 2 {
		t.Fatalf("relevant evidence %v: want the population row and the pinned row", evidence)
	}
	for _, e := range evidence {
		r, ok := res[at(t, e, "href").(string)]
		if !ok {
			t.Fatalf("relevant evidence %v points at no resource", e)
		}
		h := at(t, r, "rlinks", 0, "hashes", 0)
		if at(t, h, "algorithm") != "SHA-256" || at(t, h, "value") != fixture.Leavers.SHA256 || at(t, r, "rlinks", 0, "href") != "acme-pbc-2026.zip/hr/leavers-2026.csv" {
			t.Errorf("resource %v: want leavers-2026.csv by its SHA-256", r)
		}
	}

	// The finding states its criterion not satisfied, and links its risk
	// and observations.
	fs := list(t, result, "findings")
	if len(fs) != 2 {
		t.Fatalf("%d findings, want one per finding and criterion", len(fs))
	}
	f := fs[0]
	if at(t, f, "target", "type") != "objective-id" || at(t, f, "target", "target-id") != "CC6.2" || at(t, f, "target", "status", "state") != "not-satisfied" ||
		propValue(t, f, "finding-id") != "F-001" || len(list(t, f, "related-observations")) != 2 {
		t.Errorf("finding %v", f)
	}
	risks := list(t, result, "risks")
	if len(risks) != 2 || at(t, f, "related-risks", 0, "risk-uuid") != at(t, risks[0], "uuid") {
		t.Fatalf("risks %v", risks)
	}
	// The response: the auditor's recommendation and management's plan.
	r := risks[0]
	if at(t, r, "status") != "remediating" || at(t, r, "deadline") != "2026-09-30T00:00:00Z" || len(list(t, r, "remediations")) != 2 ||
		at(t, r, "remediations", 0, "lifecycle") != "recommendation" || at(t, r, "remediations", 1, "lifecycle") != "planned" ||
		!strings.HasPrefix(at(t, r, "remediations", 1, "description").(string), "- Automate the HR leaver feed") {
		t.Errorf("risk of F-001 %v", r)
	}
	if at(t, risks[1], "status") != "open" || at(t, risks[1], "remediations") != nil {
		t.Errorf("risk of the unanswered F-002 %v", risks[1])
	}

	// Exporting again gives the same document: same UUIDs, same bytes.
	again, _ := oscalDoc(t, export.AssessmentResults, "oscal_assessment-results_schema.json")
	if !bytes.Equal(raw, again) {
		t.Error("a second export of the same engagement differs")
	}
}

func TestPOAM(t *testing.T) {
	_, doc := oscalDoc(t, export.POAM, "oscal_poam_schema.json")
	p := "plan-of-action-and-milestones"
	items := list(t, doc, p, "poam-items")
	if len(items) != 2 {
		t.Fatalf("%d POA&M items, want one per finding", len(items))
	}
	it := items[0]
	if at(t, it, "title") != "F-001 Access not removed on termination" || propValue(t, it, "target-date") != "2026-09-30" ||
		propValue(t, it, "action-owner") != "Head of IT" || propValue(t, it, "position") != "agree" ||
		!strings.Contains(at(t, it, "remarks").(string), "Corrective action: - Automate") || len(list(t, it, "related-observations")) != 2 {
		t.Errorf("POA&M item of F-001 %v", it)
	}
	if at(t, items[1], "remarks") != "Management response pending." {
		t.Errorf("POA&M item of F-002 %v", items[1])
	}
	// The corrective action's milestone falls on the target date, owned by
	// a party named in the metadata.
	task := at(t, doc, p, "risks", 0, "remediations", 1, "tasks", 0)
	if at(t, task, "timing", "on-date", "date") != "2026-09-30T00:00:00Z" || at(t, task, "responsible-roles", 0, "role-id") != "action-owner" {
		t.Errorf("milestone %v", task)
	}
	owner := at(t, task, "responsible-roles", 0, "party-uuids", 0)
	i := slices.IndexFunc(list(t, doc, p, "metadata", "parties"), func(x any) bool { return at(t, x, "uuid") == owner })
	if i < 0 || at(t, doc, p, "metadata", "parties", i, "name") != "Head of IT" {
		t.Errorf("the action owner %v is not a party named Head of IT", owner)
	}
	// Only the observations the findings cite; every relevant evidence resolves.
	res := resources(t, doc, p)
	for _, o := range list(t, doc, p, "observations") {
		for _, e := range list(t, o, "relevant-evidence") {
			if _, ok := res[at(t, e, "href").(string)]; !ok {
				t.Errorf("evidence %v points at no resource", e)
			}
		}
	}
}

// The validator is not a formality: a document missing what the schema
// requires, or with a malformed UUID, fails.
func TestOSCALSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteOSCAL(gather(t), export.AssessmentResults, &buf); err != nil {
		t.Fatal(err)
	}
	s := schema(t, "oscal_assessment-results_schema.json")
	for _, tc := range []struct {
		name  string
		spoil func(doc map[string]any)
	}{
		{"observation without collected", func(doc map[string]any) {
			delete(at(t, doc, "assessment-results", "results", 0, "observations", 0).(map[string]any), "collected")
		}},
		{"finding target with an unknown state", func(doc map[string]any) {
			at(t, doc, "assessment-results", "results", 0, "findings", 0, "target", "status").(map[string]any)["state"] = "partly"
		}},
		{"random text for a UUID", func(doc map[string]any) {
			doc["assessment-results"].(map[string]any)["uuid"] = "F-001"
		}},
		{"a time without a zone", func(doc map[string]any) {
			at(t, doc, "assessment-results", "metadata").(map[string]any)["last-modified"] = "2026-05-01T10:00:00"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			tc.spoil(doc)
			b, _ := json.Marshal(doc)
			inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := s.Validate(inst); err == nil {
				t.Error("the broken document passed the schema")
			}
		})
	}
}

func TestPOAMWithoutFindings(t *testing.T) {
	d := gather(t)
	d.Findings = nil
	err := export.WriteOSCAL(d, export.POAM, &bytes.Buffer{})
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), "has no findings: a POA&M needs at least one item") {
		t.Errorf("POA&M of an engagement without findings: %v", err)
	}
}

func TestUUID(t *testing.T) {
	a := export.UUID("eng_one", "risk/F-001")
	if a != export.UUID("eng_one", "risk/F-001") {
		t.Error("the same object has two UUIDs")
	}
	for _, other := range []string{export.UUID("eng_two", "risk/F-001"), export.UUID("eng_one", "risk/F-002")} {
		if other == a {
			t.Errorf("%s names two objects", a)
		}
	}
	u, err := uuid.Parse(a)
	if err != nil || u.Version() != 5 || u.Variant() != uuid.RFC4122 {
		t.Errorf("%s: version %d, variant %v, %v; want an RFC 4122 version 5 UUID", a, u.Version(), u.Variant(), err)
	}
}

// An engagement with nothing in it yet exports too: an empty workbook and
// tables, and assessment results with no observations, still schema-valid.
func TestEmptyEngagement(t *testing.T) {
	ctx := context.Background()
	e, err := home.CreateEngagement(ctx, "tester", audit.Engagement{Name: "Empty", Client: "Nobody Ltd", Type: audit.Type1, PeriodStart: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := export.Gather(ctx, home, e.ID, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(ctx, d, &buf, nil); err != nil || buf.Len() == 0 {
		t.Errorf("workbook of an empty engagement: %d bytes, %v", buf.Len(), err)
	}
	for _, k := range export.CSVKinds {
		buf.Reset()
		if err := export.WriteCSV(d, k, &buf); err != nil || strings.Count(buf.String(), "\r\n") != 1 {
			t.Errorf("%s of an empty engagement: %q, %v", k, buf.String(), err)
		}
	}
	buf.Reset()
	if err := export.WriteOSCAL(d, export.AssessmentResults, &buf); err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err := schema(t, "oscal_assessment-results_schema.json").Validate(inst); err != nil {
		t.Errorf("assessment results of an empty engagement:\n%v", err)
	}
}
