package app

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
	"auditroom/backend/store"
	"auditroom/backend/view/pdftest"
)

// boundCall is one call of a bound method, by its Wails name.
type boundCall struct {
	method string
	args   []any
}

// sweep calls each method as the server does and reports every list or
// map its result would send as null; it returns the methods that answered.
func sweep(t *testing.T, a *App, calls []boundCall) map[string]bool {
	t.Helper()
	methods := bindMethods(a.Bound())
	ok := map[string]bool{}
	for _, c := range calls {
		m, found := methods[c.method]
		if !found {
			t.Fatalf("no method %s", c.method)
		}
		in := make([]reflect.Value, len(c.args))
		for i, arg := range c.args {
			in[i] = reflect.ValueOf(arg)
		}
		out := m.Call(in)
		if err := out[len(out)-1]; !err.IsNil() {
			t.Logf("%s: %v", c.method, err.Interface())
			continue // the page shows the error, not the value
		}
		ok[c.method] = true
		if len(out) == 2 {
			for _, path := range nulls(out[0], c.method) {
				t.Errorf("%s is null", path)
			}
		}
	}
	return ok
}

// nulls are the paths of the nil slices and maps encoding/json would write
// as null in v.
func nulls(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulls(v.Elem(), path)
		}
	case reflect.Slice, reflect.Map:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // base64, or raw JSON (unknown to the frontend)
		}
		if v.IsNil() {
			return []string{path}
		}
		if v.Kind() == reflect.Map {
			var out []string
			for it := v.MapRange(); it.Next(); {
				out = append(out, nulls(it.Value(), path+"["+it.Key().String()+"]")...)
			}
			return out
		}
		fallthrough
	case reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, nulls(v.Index(i), path+"["+strconv.Itoa(i)+"]")...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			tag := sf.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if !sf.IsExported() || tag == "-" {
				continue
			}
			f := v.Field(i)
			if (f.Kind() == reflect.Slice || f.Kind() == reflect.Map || f.Kind() == reflect.Pointer) && f.IsNil() &&
				(strings.Contains(","+opts+",", ",omitempty,") || f.Kind() == reflect.Pointer) {
				continue // left out, or a nil pointer: null by design
			}
			if name == "" {
				name = sf.Name
			}
			p := path + "." + name
			if sf.Anonymous && tag == "" {
				p = path
			}
			out = append(out, nulls(f, p)...)
		}
		return out
	}
	return nil
}

// Every bound method, on an engagement made from nothing, sends its lists
// and maps as [] and {}: first with nothing in it, then with evidence,
// scope, a tested sample, an issued finding, its response and a report.
func TestBoundResultsHaveNoNullLists(t *testing.T) {
	if got := nulls(reflect.ValueOf(TrailPage{Events: []audit.Event{{}}}), "page"); !slices.Equal(got, []string{"page.names"}) {
		t.Fatalf("nulls of a page without names = %v", got)
	}
	a, empty := unlocked(t)
	a.Dialogs.native = &recordedDialogs{}
	e, err := a.Engagements.Create(EngagementInput{Name: "Acme FY26", Client: "Acme", Type: "type2", PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	answered := sweep(t, a, reads(empty.ID, ids{}))

	// Evidence, imported as a user's import is, as a job.
	var logo bytes.Buffer
	if err := png.Encode(&logo, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pack")
	os.MkdirAll(dir, 0o755)
	for name, data := range map[string][]byte{
		"leavers.csv": []byte(changesCSV(30)),
		"review.pdf":  pdftest.PDF(pdftest.Text("Quarterly user access review", "Signed by the CISO")),
		"mail.eml":    []byte(testMail),
		"auth.log":    []byte("2026-03-01 login jdoe\n2026-03-02 access review by CISO\n"),
		"logo.png":    logo.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for m := range sweep(t, a, []boundCall{{"app.Evidence.Import", []any{e.ID, []string{dir}}}}) {
		answered[m] = true
	}
	for _, j := range mustJobs(t, a) {
		if j = finished(t, a, j.ID); j.State != JobDone {
			t.Fatalf("import: %+v", j)
		}
	}
	x := ids{files: map[string]string{}}
	page, _ := a.Evidence.List(e.ID, store.EvidenceFilter{Limit: 100})
	for _, ev := range page.Items {
		x.files[ev.Name] = ev.ID
	}
	f := issuedFinding(t, a, e.ID) // imports the control matrix
	x.finding = f.ID
	pbc := "ID,Description,Controls,Due\nR1,Leavers,AC-01,2026-02-01\n"
	if _, err := a.Scope.ApplyImport(e.ID, ImportFile{Kind: "requests", Name: "pbc.csv", Content: base64.StdEncoding.EncodeToString([]byte(pbc))}); err != nil {
		t.Fatal(err)
	}
	_, s, v := sampledTest(t, a, e.ID, population.Options{EvidenceID: x.files["leavers.csv"], Key: "Ticket", Date: "Opened"},
		SampleInput{Method: "random", Size: 5, Seed: "nulls"},
		controltest.Input{Control: "AC-01", Procedure: "Inspect the approval.", Attributes: []controltest.Attribute{{Description: "Approved"}}})
	x.population, x.sample, x.test = s.PopulationID, s.ID, v.Test.ID
	pin, err := a.Evidence.Pin(e.ID, audit.Pin{EvidenceID: x.files["review.pdf"], Target: audit.PinControl, TargetID: "AC-01", Locator: audit.Locator{Page: 1}})
	if err != nil {
		t.Fatal(err)
	}
	x.pin = pin.ID
	x.packet = filepath.Join(t.TempDir(), "findings.age")
	x.report = filepath.Join(t.TempDir(), "report.pdf")
	x.xlsx = filepath.Join(t.TempDir(), "workpapers.xlsx")
	x.backup = filepath.Join(t.TempDir(), "acme.age")

	for m := range sweep(t, a, reads(e.ID, x)) {
		answered[m] = true
	}
	as(a, "rita") // the reviewer of the finding tester prepared
	for m := range sweep(t, a, changes(e.ID, x)) {
		answered[m] = true
	}
	as(a, "tester")
	for m := range sweep(t, a, []boundCall{{"app.Findings.SignOff", []any{e.ID, x.finding}}}) {
		answered[m] = true
	}
	jobs := mustJobs(t, a)
	for _, j := range jobs {
		finished(t, a, j.ID)
	}
	for m := range sweep(t, a, append(reads(e.ID, x), boundCall{"app.Reports.Preview", []any{e.ID, 1, 0.5}},
		boundCall{"app.Jobs.Get", []any{jobs[0].ID}}, boundCall{"app.Jobs.Cancel", []any{jobs[0].ID}})) {
		answered[m] = true
	}

	// A responder copy, in a data folder of its own, answers the finding.
	b := New(Options{DataDir: t.TempDir(), Actor: "dana"})
	t.Cleanup(b.Close)
	if _, err := b.Session.Create("another passphrase entirely"); err != nil {
		t.Fatal(err)
	}
	re, err := b.Findings.OpenResponderPacket(x.packet, packetPass)
	if err != nil {
		t.Fatal(err)
	}
	response := filepath.Join(t.TempDir(), "response.age")
	for m := range sweep(t, b, []boundCall{
		{"app.Findings.Respond", []any{re.ID, f.ID, ResponseInput{Position: findings.Agree, Text: "Agreed.", CorrectiveAction: "Automate the leaver feed.", Owner: "Head of IT", TargetDate: "2026-09-30", Responder: "Dana Ruiz", Evidence: []string{}, Files: []string{}}}},
		{"app.Findings.Get", []any{re.ID, f.ID}},
		{"app.Findings.ExportResponse", []any{re.ID, response, packetPass}},
		{"app.Findings.OpenResponderPacket", []any{x.packet, packetPass}},
		{"app.Session.Create", []any{"p"}}, // already made: answers an error
	}) {
		answered[m] = true
	}
	for m := range sweep(t, a, []boundCall{
		{"app.Findings.ImportPacket", []any{e.ID, response, packetPass, []string{}}},
		{"app.Findings.Get", []any{e.ID, f.ID}},
		{"app.Findings.Packets", []any{e.ID}},
		{"app.Session.Lock", nil},
		{"app.Session.Unlock", []any{"correct horse battery"}},
		{"app.Backups.ChangePassphrase", []any{"correct horse battery", "a new long passphrase"}},
	}) {
		answered[m] = true
	}

	fresh := New(Options{DataDir: t.TempDir()})
	t.Cleanup(fresh.Close)
	for m := range sweep(t, fresh, []boundCall{{"app.Session.Create", []any{"a new passphrase"}}}) {
		answered[m] = true
	}
	// Every method must have answered once, so that none escapes the check.
	for name := range bindMethods(a.Bound()) {
		if !answered[name] && name != "app.Session.Adopt" { // Adopt takes the CLI's open store and returns nothing
			t.Errorf("%s never answered in the sweep: add a call of it", name)
		}
	}
}

func mustJobs(t *testing.T, a *App) []Job {
	t.Helper()
	list, err := a.Jobs.List()
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// ids name what the engagement holds.
type ids struct {
	files                             map[string]string // evidence by name
	population, sample, test, finding string
	pin                               string
	packet, report, xlsx, backup      string // where files are written
}

// reads are the calls that change nothing.
func reads(eng string, x ids) []boundCall {
	file := func(name string) string { return x.files[name] }
	out := []boundCall{
		{"app.Session.Status", nil},
		{"app.Session.Registry", nil},
		{"app.Session.Unlock", []any{"correct horse battery"}},
		{"app.Engagements.List", nil},
		{"app.Engagements.Get", []any{eng}},
		{"app.Engagements.Trail", []any{eng, 0, 100}},
		{"app.Jobs.List", nil},
		{"app.Evidence.Status", nil},
		{"app.Evidence.List", []any{eng, store.EvidenceFilter{}}},
		{"app.Evidence.PinsTo", []any{eng, "control", "AC-01"}},
		{"app.Scope.Criteria", []any{eng, CriteriaFilter{}}},
		{"app.Scope.Controls", []any{eng, scope.ControlFilter{}}},
		{"app.Scope.Requests", []any{eng, scope.RequestFilter{}}},
		{"app.Scope.Coverage", []any{eng}},
		{"app.Search.Run", []any{eng, "access review", 0, 20}},
		{"app.Search.Run", []any{eng, "nothing-matches-this", 0, 20}},
		{"app.Testing.Populations", []any{eng}},
		{"app.Testing.Samples", []any{eng, ""}},
		{"app.Testing.Tests", []any{eng, ""}},
		{"app.Findings.Exceptions", []any{eng}},
		{"app.Findings.List", []any{eng, FindingFilter{}}},
		{"app.Findings.Templates", []any{eng}},
		{"app.Findings.Packets", []any{eng}},
		{"app.Findings.Evaluate", []any{eng, deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.Remote, Magnitude: deficiency.Inconsequential}}}},
		{"app.Sampling.AttributeSize", []any{AttributeSizeInput{Confidence: "90%", Tolerable: "10%"}}},
		{"app.Sampling.FrequencySize", []any{FrequencySizeInput{Frequency: "daily", Risk: "lower"}}},
		{"app.Sampling.Evaluate", []any{EvaluationInput{SampleSize: 25, Deviations: 1, Confidence: "90%", Tolerable: "10%"}}},
		{"app.Dialogs.Import", []any{false}},
		{"app.Dialogs.Import", []any{true}},
		{"app.Dialogs.SaveAs", []any{"pdf", "report.pdf"}},
		{"app.Backups.Scheduled", []any{eng}},
		{"app.Backups.ChooseBackup", nil},
		{"app.Backups.SaveBackupAs", []any{"acme.age"}},
	}
	if x.files == nil {
		return out
	}
	for _, name := range []string{"leavers.csv", "review.pdf", "mail.eml", "auth.log"} {
		out = append(out,
			boundCall{"app.Evidence.Get", []any{eng, file(name)}},
			boundCall{"app.Viewer.Open", []any{eng, file(name)}},
			boundCall{"app.Viewer.Hits", []any{eng, file(name), "access"}},
			boundCall{"app.Viewer.Hits", []any{eng, file(name), "nothing-matches-this"}})
	}
	return append(out,
		boundCall{"app.Viewer.PDFPage", []any{eng, file("review.pdf"), 1, 0.5, "review"}},
		boundCall{"app.Viewer.PDFPage", []any{eng, file("review.pdf"), 1, 0.5, ""}},
		boundCall{"app.Viewer.SheetRows", []any{eng, file("leavers.csv"), SheetQuery{Query: "CHG"}}},
		boundCall{"app.Viewer.SheetRows", []any{eng, file("leavers.csv"), SheetQuery{}}},
		boundCall{"app.Viewer.TextLines", []any{eng, file("auth.log"), LinesQuery{}}},
		boundCall{"app.Viewer.Email", []any{eng, file("mail.eml")}},
		boundCall{"app.Viewer.Image", []any{eng, file("logo.png")}},
		boundCall{"app.Testing.PreviewPopulation", []any{eng, file("leavers.csv"), "", 0}},
		boundCall{"app.Testing.Population", []any{eng, x.population}},
		boundCall{"app.Testing.PopulationRows", []any{eng, x.population, 0, 10}},
		boundCall{"app.Testing.Sample", []any{eng, x.sample}},
		boundCall{"app.Testing.RedrawSample", []any{eng, x.sample}},
		boundCall{"app.Testing.Test", []any{eng, x.test}},
		boundCall{"app.Findings.Get", []any{eng, x.finding}},
		boundCall{"app.Scope.PreviewImport", []any{eng, ImportFile{Kind: "controls", Name: "m.csv",
			Content: base64.StdEncoding.EncodeToString([]byte("Control ID,Title,TSC\nAC-01,Leaver access removal,CC6.2\n"))}}},
	)
}

// changes are the calls that change the engagement, in an order that works.
func changes(eng string, x ids) []boundCall {
	csv, pdf := x.files["leavers.csv"], x.files["review.pdf"]
	var cells []boundCall // every cell of the extended sample, for the sign-off
	for item := 1; item <= 7; item++ {
		for _, attr := range []string{"A", "B"} {
			cells = append(cells, boundCall{"app.Testing.SetCell", []any{eng, x.test, item, attr, "pass", ""}})
		}
	}
	return slices.Concat([]boundCall{
		{"app.Engagements.Create", []any{EngagementInput{Name: "Other", Client: "C", Type: "type1", PeriodStart: "2026-06-30", Categories: []string{}}}},
		{"app.Evidence.SetAsOf", []any{eng, pdf, "2026-03-31"}},
		{"app.Evidence.Unpin", []any{eng, pdf, x.pin}},
		{"app.Evidence.Pin", []any{eng, audit.Pin{EvidenceID: pdf, Target: audit.PinRequest, TargetID: "R1", Locator: audit.Locator{Page: 1}}}},
		{"app.Scope.SaveControl", []any{eng, scope.Control{ID: "AC-20", Title: "Backups", Criteria: []string{}}, true}},
		{"app.Scope.SetRequestStatus", []any{eng, "R1", "accepted", ""}},
		{"app.Scope.LinkEvidence", []any{eng, "R1", csv, true}},
		{"app.Scope.LinkControl", []any{eng, "AC-20", csv, true}},
		{"app.Scope.ApplyImport", []any{eng, ImportFile{Kind: "controls", Name: "m.csv",
			Content: base64.StdEncoding.EncodeToString([]byte("Control ID,Title,TSC\nAC-01,Leaver access removal,CC6.2\nAC-09,Monthly account reconciliation,CC6.2\n"))}}},
		{"app.Testing.CreatePopulation", []any{eng, population.Options{EvidenceID: csv, Key: "Ticket", Date: "Opened"}}},
		{"app.Testing.DrawSample", []any{eng, x.population, SampleInput{Method: "random", Size: 3, Seed: "other"}}},
		{"app.Testing.ExtendSample", []any{eng, x.sample, 7, []selection.Pick{}}},
		{"app.Testing.CreateTest", []any{eng, controltest.Input{Control: "AC-09", Procedure: "Reperform.", Attributes: []controltest.Attribute{}}}},
		{"app.Testing.UpdateTest", []any{eng, x.test, controltest.Input{Control: "AC-01", Procedure: "Inspect the approval.",
			SampleID: x.sample, Attributes: []controltest.Attribute{{Description: "Approved"}, {Description: "In time"}}}}},
		{"app.Testing.SetCell", []any{eng, x.test, 1, "A", "exception", "no approval"}},
		{"app.Testing.PinToCell", []any{eng, x.test, 1, "A", controltest.Pin{EvidenceID: csv, Locator: audit.Locator{Row: 2}}}},
		{"app.Testing.UnpinFromCell", []any{eng, x.test, 1, "A", 0}},
		{"app.Testing.SetTestColumns", []any{eng, x.test, []int{0, 1}}},
	}, cells, []boundCall{
		{"app.Testing.SignOff", []any{eng, x.test, "preparer"}},
		{"app.Findings.Save", []any{eng, "", findings.Input{Title: "Backups untested", Condition: "No restore test.", Criteria: []string{}}}},
		{"app.Findings.ExportPacket", []any{eng, x.packet, packetPass}},
		{"app.Backups.Backup", []any{eng, x.backup, packetPass}},
		{"app.Backups.Restore", []any{x.backup, packetPass, true}},
		{"app.Findings.SetStatus", []any{eng, x.finding, "in_review", "reopened"}},
		{"app.Findings.Cite", []any{eng, x.finding, findings.EvidenceRef{EvidenceID: pdf, Locator: audit.Locator{Page: 1}}}},
		{"app.Reports.Generate", []any{eng, ReportInput{Path: x.report}}},
		{"app.Exports.Export", []any{eng, "xlsx", x.xlsx, false}},
		{"app.Engagements.Verify", []any{eng}},
	})
}
