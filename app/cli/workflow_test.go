package cli_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/store"
)

type testOut struct {
	Test struct {
		ID, Control, Confidence, Tolerable string
		Preparer, Reviewer                 *struct{ Actor string }
	} `json:"test"`
	Grid []struct {
		Item struct {
			Number, Row int
			Key         string
		} `json:"item"`
		Cells []struct {
			Result, Note string
			Pins         []struct {
				EvidenceID string `json:"evidence_id"`
				Sheet      string `json:"sheet"`
				Row        int    `json:"row"`
			}
		} `json:"cells"`
	} `json:"grid"`
	Summary struct {
		Deviations int
		Complete   bool
		Conclusion string
	} `json:"summary"`
}

type findingOut struct {
	ID, Status, Classification, Title string
	CriterionText                     string `json:"criterion_text"`
	Exceptions                        []struct {
		TestID    string `json:"test_id"`
		Item      int
		Attribute string
	}
}

// TestEngagementFromScratch runs a whole engagement through the CLI only,
// from an empty data folder to the final report, with two people: ana
// prepares, ben reviews (AUDITROOM_ACTOR), and the compliance lead answers
// the finding in a packet.
func TestEngagementFromScratch(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	data := t.TempDir()
	pass := "AUDITROOM_PACKET_PASSPHRASE=harbour-orange-kite"
	base := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery", pass}
	ana := append([]string{"AUDITROOM_ACTOR=ana"}, base...)
	ben := append([]string{"AUDITROOM_ACTOR=ben"}, base...)
	lead := []string{"AUDITROOM_ACTOR=dana", "AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=another passphrase", pass}
	ok := func(env []string, args ...string) string {
		t.Helper()
		r := auditroom(t, env, args...)
		if r.code != 0 {
			t.Fatalf("auditroom %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		return r.stdout
	}

	id := createAcme(t, ana)
	ok(ana, "controls", "import", "--engagement", id, writeFile(t, "matrix.csv",
		"Ref,Name,Owner,Frequency,TSC\nCM-01,Change approval,Eng,As needed,CC8.1\nAC-01,User access review,IT,Quarterly,CC6.1\n"))
	ok(ana, "requests", "import", "--engagement", id, writeFile(t, "pbc.csv",
		"PBC #,Request,Control,Owner,Due date\nPBC-1,Change tickets,CM-01,Raj,2026-03-01\nPBC-2,User listing as at 30 June,AC-01,IT,2026-07-15\n"))
	var changes strings.Builder
	changes.WriteString("Ticket,Closed,Approver\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&changes, "CHG-%d,2026-%02d-%02d,lee\n", 1000+i, i%12+1, i%28+1)
	}
	ev := importCSV(t, ana, id, "changes.csv", changes.String())
	users := importUserListing(t, ana, id)

	var pop populationOut
	mustJSON(t, auditroom(t, ana, "population", "create", "--engagement", id, "--evidence", ev, "--key", "Ticket",
		"--date", "Closed", "--json"), &pop)
	var sample sampleOut
	mustJSON(t, auditroom(t, ana, "sample", "draw", "--engagement", id, "--population", pop.ID, "--size", "3",
		"--seed", "20260131", "--json"), &sample)
	if pop.Rows != 40 || len(sample.Items) != 3 {
		t.Fatalf("population %+v, sample %+v", pop, sample)
	}
	second := sample.Items[1]

	// The test: rates from the sample's plan, else the defaults.
	var x testOut
	mustJSON(t, auditroom(t, ana, "test", "create", "--engagement", id, "--control", "CM-01", "--sample", sample.ID,
		"--attribute", "A=Approved before deployment", "--attribute", "B=Tested before deployment",
		"--title", "Change approval", "--procedure", "Inspect each ticket for approval and test evidence.", "--json"), &x)
	tid := x.Test.ID
	if x.Test.Control != "CM-01" || x.Test.Confidence != "90%" || x.Test.Tolerable != "10%" || len(x.Grid) != 3 {
		t.Fatalf("created test %+v", x)
	}
	for item := 1; item <= 3; item++ {
		for _, attr := range []string{"A", "B"} {
			args := []string{"test", "set", "--engagement", id, "--test", tid, "--item", fmt.Sprint(item), "--attribute", attr, "--result", "pass"}
			if item == 2 && attr == "B" {
				args = []string{"test", "set", "--engagement", id, "--test", tid, "--item", "2", "--attribute", "b",
					"--result", "exception", "--note", "no test evidence", "--evidence", ev, "--row", fmt.Sprint(second.Row)}
			}
			ok(ana, args...)
		}
	}
	// The deployer of item 2 is found in the user listing by their ID, and
	// that row, cited as the workbook shows it, is pinned beside the ticket.
	var found struct {
		Hits []struct {
			EvidenceID string `json:"evidence_id"`
			Path       string `json:"path"`
			Sheet      string `json:"sheet"`
			Row        int    `json:"row"`
		} `json:"hits"`
	}
	mustJSON(t, auditroom(t, ana, "search", "--engagement", id, "--json", leaverKey), &found)
	if len(found.Hits) != 1 || found.Hits[0].EvidenceID != users || found.Hits[0].Sheet != "Leavers" || found.Hits[0].Row != leaverRow {
		t.Fatalf("search %s: %+v, want one hit in %s, sheet Leavers, row %d", leaverKey, found.Hits, users, leaverRow)
	}
	if out := ok(ana, "search", "--engagement", id, leaverKey); !strings.Contains(out, "  "+userListingName+"  "+fmt.Sprintf("sheet Leavers, row %d", leaverRow)+"  ") {
		t.Errorf("search %s prints:\n%s", leaverKey, out)
	}
	hit := found.Hits[0]
	ok(ana, "test", "set", "--engagement", id, "--test", tid, "--item", "2", "--attribute", "B", "--result", "exception",
		"--note", "no test evidence; deployed by "+leaverKey+", who had left", "--evidence", hit.EvidenceID, "--sheet", hit.Sheet, "--row", fmt.Sprint(hit.Row))
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"test", "set", "--engagement", id, "--test", tid, "--item", "1", "--attribute", "A", "--result", "maybe"}, 2, `--result "maybe" must be pass, exception or na`},
		{[]string{"test", "set", "--engagement", id, "--test", tid, "--item", "1", "--attribute", "A", "--result", "exception", "--evidence", "nosuch"}, 1, "nosuch"},
		{[]string{"test", "set", "--engagement", id, "--test", tid, "--item", "9", "--attribute", "A", "--result", "pass"}, 1, "the sample has no item 9: items are numbered 1 to 3"},
		{[]string{"test", "create", "--engagement", id, "--control", "CM-01", "--sample", sample.ID, "--attribute", "B=x"}, 2, "give attributes in order as A=text"},
		{[]string{"test", "signoff", "--engagement", id, "--test", tid, "--role", "partner"}, 2, `--role "partner" must be preparer or reviewer`},
		{[]string{"finding", "create", "--engagement", id, "--title", "T", "--exception", "T-1:two:B"}, 2, "must be TEST:ITEM:ATTRIBUTE"},
		{[]string{"finding", "submit", "--engagement", id}, 2, "--engagement and --finding are required"},
	} {
		r := auditroom(t, ana, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("auditroom %v: exit %d, stderr %q; want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}

	mustJSON(t, auditroom(t, ana, "test", "show", "--engagement", id, "--json", tid), &x)
	if x.Grid[0].Cells[0].Result != "pass" || len(x.Grid[0].Cells[0].Pins) != 0 {
		t.Errorf("a refused set changed cell 1/A: %+v", x.Grid[0].Cells[0])
	}
	cell := x.Grid[1].Cells[1]
	if cell.Result != "exception" || cell.Note != "no test evidence; deployed by "+leaverKey+", who had left" || len(cell.Pins) != 2 ||
		cell.Pins[0].EvidenceID != ev || cell.Pins[0].Sheet != "" || cell.Pins[0].Row != second.Row ||
		cell.Pins[1].EvidenceID != users || cell.Pins[1].Sheet != "Leavers" || cell.Pins[1].Row != leaverRow {
		t.Errorf("cell 2/B %+v, want the exception citing %s row %d and %s sheet Leavers, row %d", cell, ev, second.Row, users, leaverRow)
	}
	wantConclusion := `Exceptions noted: 1 of 3 samples did not meet attribute B, "Tested before deployment" (sample 2).`
	if !x.Summary.Complete || x.Summary.Deviations != 1 || x.Summary.Conclusion != wantConclusion {
		t.Errorf("summary %+v, want %q", x.Summary, wantConclusion)
	}

	// Two people sign off; one cannot be both.
	ok(ana, "test", "signoff", "--engagement", id, "--test", tid, "--role", "preparer")
	if r := auditroom(t, ana, "test", "signoff", "--engagement", id, "--test", tid, "--role", "reviewer"); r.code != 1 {
		t.Errorf("the preparer signed off as reviewer: exit %d, stderr %q", r.code, r.stderr)
	}
	mustJSON(t, auditroom(t, ben, "test", "signoff", "--engagement", id, "--test", tid, "--role", "reviewer", "--json"), &x)
	if x.Test.Preparer == nil || x.Test.Preparer.Actor != "ana" || x.Test.Reviewer == nil || x.Test.Reviewer.Actor != "ben" {
		t.Errorf("sign-offs %+v %+v", x.Test.Preparer, x.Test.Reviewer)
	}
	if list := ok(ana, "test", "list", "--engagement", id); !strings.Contains(list, tid+"  CM-01    "+sample.ID+" (3)  1           prepared by ana, reviewed by ben  "+wantConclusion) {
		t.Errorf("test list:\n%s", list)
	}

	// The finding, from the exception, through review to issue.
	var f findingOut
	mustJSON(t, auditroom(t, ana, "finding", "create", "--engagement", id, "--title", "Changes deployed untested",
		"--control", "CM-01", "--criteria", "CC8.1", "--condition", "1 of 3 sampled changes had no test evidence.",
		"--criterion-text", "Changes are tested before deployment (change policy 4.2).", "--cause", "Urgent fixes skip the test step.",
		"--effect", "Untested changes may break processing.", "--recommendation", "Require test evidence for every change.",
		"--exception", tid+":2:B", "--likelihood", "reasonably_possible", "--magnitude", "more_than_inconsequential", "--json"), &f)
	if f.ID != "F-001" || f.Status != "draft" || f.Classification != "significant_deficiency" ||
		len(f.Exceptions) != 1 || f.Exceptions[0].TestID != tid || f.Exceptions[0].Item != 2 || f.Exceptions[0].Attribute != "B" {
		t.Fatalf("created finding %+v", f)
	}
	if out := ok(ana, "finding", "submit", "--engagement", id, "--finding", "F-001"); out != "F-001 is in review\n" {
		t.Errorf("submit: %q", out)
	}
	if r := auditroom(t, ana, "finding", "issue", "--engagement", id, "--finding", "F-001"); r.code != 1 ||
		r.stderr != "auditroom: ana prepared finding F-001: the reviewer must be someone else\n" {
		t.Errorf("the preparer issued: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := ok(ben, "finding", "issue", "--engagement", id, "--finding", "F-001"); out != "F-001 is issued\n" {
		t.Errorf("issue: %q", out)
	}

	// Management answers in a packet.
	packet := filepath.Join(t.TempDir(), "findings.age")
	ok(ben, "packet", "export", "--engagement", id, "--out", packet)
	var opened struct{ ID string }
	mustJSON(t, auditroom(t, lead, "packet", "open", "--json", packet), &opened)
	ok(lead, "finding", "respond", "--engagement", opened.ID, "--finding", "F-001", "--position", "agree",
		"--text", "We will block untested deployments.", "--action", "Gate deployments on test evidence.",
		"--owner", "Head of Engineering", "--target-date", "2027-03-31", "--responder", "Dana Ruiz")
	response := filepath.Join(t.TempDir(), "response.age")
	ok(lead, "packet", "export", "--engagement", opened.ID, "--out", response)
	ok(ben, "packet", "import", "--engagement", id, response)
	mustJSON(t, auditroom(t, ben, "finding", "show", "--engagement", id, "--json", "F-001"), &struct {
		Finding *findingOut `json:"finding"`
	}{&f})
	if f.Status != "response_received" {
		t.Errorf("after the response: %s", f.Status)
	}
	if out := ok(ben, "finding", "finalise", "--engagement", id, "--finding", "F-001"); out != "F-001 is final\n" {
		t.Errorf("finalise: %q", out)
	}

	// The final report: refused without a preparer, then written.
	pdf := filepath.Join(t.TempDir(), "final report.pdf")
	if r := auditroom(t, ben, "report", "--engagement", id, "--out", pdf, "--final", "--prepared-by", " "); r.code != 1 ||
		r.stderr != "auditroom: a final report needs the name of who prepared it: prepared by is empty\n" {
		t.Errorf("final without a preparer: exit %d, stderr %q", r.code, r.stderr)
	}
	var res struct {
		Files []struct{ Kind, Path, SHA256 string } `json:"files"`
	}
	mustJSON(t, auditroom(t, ben, "report", "--engagement", id, "--out", pdf, "--final", "--prepared-by", "Northbridge LLP",
		"--date", "2027-01-31", "--json"), &res)
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{"Northbridge LLP", "CM-01", "Changes deployed untested", "Changes are tested before deployment (change policy 4.2).",
		fmt.Sprintf("changes.csv row %d", second.Row), fmt.Sprintf("%s sheet Leavers, row %d", userListingName, leaverRow),
		"deployed by " + leaverKey + ", who had left", "We will block untested deployments."} {
		if !strings.Contains(s, want) {
			t.Errorf("the final report lacks %q", want)
		}
	}
	if strings.Contains(s, "DRAFT") {
		t.Errorf("the final report is stamped DRAFT")
	}

	// The report is in the trail: who, its kind and the file's SHA-256.
	b, _ := os.ReadFile(pdf)
	sum := sha256.Sum256(b)
	if len(res.Files) != 1 || res.Files[0].Kind != "final" || res.Files[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("report result %+v", res)
	}
	checkReportEvent(t, data, id, "ben", pdf, hex.EncodeToString(sum[:]))

	// Writing over it needs --force; without it the file stays as it was.
	r := auditroom(t, ben, "report", "--engagement", id, "--out", pdf, "--prepared-by", "Northbridge LLP")
	if r.code != 1 || r.stderr != "auditroom: "+pdf+" already exists: pass --force to replace it\n" {
		t.Errorf("report over a file: exit %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(pdf); string(after) != string(b) {
		t.Errorf("the refused report changed the file")
	}
	ok(ben, "report", "--engagement", id, "--out", pdf, "--prepared-by", "Northbridge LLP", "--force")
	if after, _ := os.ReadFile(pdf); string(after) == string(b) {
		t.Errorf("--force did not replace the file")
	}
	xlsx := filepath.Join(t.TempDir(), "workpapers.xlsx")
	ok(ben, "export", "xlsx", "--engagement", id, "--out", xlsx)
	if r := auditroom(t, ben, "export", "xlsx", "--engagement", id, "--out", xlsx); r.code != 1 ||
		r.stderr != "auditroom: "+xlsx+" already exists: pass --force to replace it\n" {
		t.Errorf("export over a file: exit %d, stderr %q", r.code, r.stderr)
	}
	ok(ben, "export", "xlsx", "--engagement", id, "--out", xlsx, "--force")
	var v struct{ Intact bool }
	mustJSON(t, auditroom(t, ben, "verify", "--json"), &v)
	if !v.Intact {
		t.Errorf("trail broken")
	}
}

// checkReportEvent finds the trail event of the report at path and checks
// who wrote it and the SHA-256 it records.
func checkReportEvent(t *testing.T, data, id, actor, path, sha string) {
	t.Helper()
	h, err := store.Open(context.Background(), data, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	events, _, err := h.Trail(context.Background(), id, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		var c struct {
			Files []struct{ Kind, Path, SHA256 string } `json:"files"`
		}
		json.Unmarshal(e.Change, &c)
		if e.Action == "export.report" && len(c.Files) == 1 && c.Files[0].Path == path {
			if e.Actor != actor || c.Files[0].Kind != "final" || c.Files[0].SHA256 != sha {
				t.Errorf("report event %s by %s: %+v, want final by %s with sha256 %s", e.Action, e.Actor, c.Files, actor, sha)
			}
			return
		}
	}
	t.Errorf("no trail event for the report %s", path)
}

// The user listing the client sent for PBC-2: a workbook named with the
// request and the date it is as at, a title row above each sheet's header,
// and one leaver, leaverKey, whose row is cited.
const (
	userListingName = "PBC-2 user-listing-2026-06-30.xlsx"
	leaverKey       = "E20004"
	leaverRow       = 7 // under the title, a blank row and the header: the fourth leaver
)

// importUserListing writes the user listing, imports it, checks it is dated
// by its name and linked to PBC-2, which is now received, and returns its
// evidence ID.
func importUserListing(t *testing.T, env []string, engID string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Active users"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Leavers"); err != nil {
		t.Fatal(err)
	}
	rows := map[string][][]any{
		"Active users": {{"Acme Holdings: user listing as at 30 June 2026"}, {}, {"Employee ID", "Name", "Role", "Department"}},
		"Leavers":      {{"Leavers, 1 January to 30 June 2026"}, {}, {"Employee ID", "Name", "Left on", "Access removed on"}},
	}
	for i := 1; i <= 20; i++ {
		rows["Active users"] = append(rows["Active users"], []any{fmt.Sprintf("E1%04d", i), fmt.Sprintf("Active user %d", i), "engineer", "Engineering"})
	}
	for i := 1; i <= 6; i++ {
		rows["Leavers"] = append(rows["Leavers"], []any{fmt.Sprintf("E2%04d", i), fmt.Sprintf("Leaver %d", i),
			fmt.Sprintf("2026-%02d-15", i), fmt.Sprintf("2026-%02d-20", i)})
	}
	for sheet, rs := range rows {
		for n, r := range rs {
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", n+1), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, _ := f.GetCellValue("Leavers", fmt.Sprintf("A%d", leaverRow)); got != leaverKey {
		t.Fatalf("Leavers row %d holds %q, want %s", leaverRow, got, leaverKey)
	}
	// The export tool records no document dates, so the name dates the file.
	f.Pkg.Store("docProps/core.xml", []byte(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Acme IT</dc:creator></cp:coreProperties>`))
	pack := filepath.Join(t.TempDir(), "Acme PBC")
	if err := os.MkdirAll(pack, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(pack, userListingName)); err != nil {
		t.Fatal(err)
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", engID, "--json", pack), &sum)
	if sum.Imported != 1 || len(sum.Failed) != 0 || len(sum.NotExtracted) != 0 {
		t.Fatalf("import of the user listing: %+v", sum)
	}

	var list []struct {
		ID, Path string
		Requests []string `json:"requests"`
	}
	mustJSON(t, auditroom(t, env, "evidence", "list", "--engagement", engID, "--request", "PBC-2", "--json"), &list)
	if len(list) != 1 || list[0].Path != userListingName || !slices.Equal(list[0].Requests, []string{"PBC-2"}) {
		t.Fatalf("evidence of PBC-2: %+v, want only %s", list, userListingName)
	}
	users := list[0].ID
	var d struct {
		Evidence struct {
			Type       string `json:"type"`
			AsOf       string `json:"as_of"`
			AsOfSource string `json:"as_of_source"`
			AsOfDetail string `json:"as_of_detail"`
			Meta       map[string]string
		} `json:"evidence"`
		Requests []string `json:"requests"`
	}
	mustJSON(t, auditroom(t, env, "evidence", "show", "--engagement", engID, "--json", users), &d)
	if e := d.Evidence; e.Type != "xlsx" || e.AsOf != "2026-06-30" || e.AsOfSource != "file name" || e.AsOfDetail != "2026-06-30" ||
		e.Meta["sheet_names"] != "Active users, Leavers" || !slices.Equal(d.Requests, []string{"PBC-2"}) {
		t.Errorf("evidence show %s: %+v, want an xlsx of sheets Active users and Leavers as of 2026-06-30 from the file name, linked to PBC-2", users, d)
	}
	if out := auditroom(t, env, "evidence", "show", "--engagement", engID, users).stdout; !strings.Contains(out, "\nas of     2026-06-30 (file name)\n") {
		t.Errorf("evidence show prints:\n%s", out)
	}

	var reqs []struct {
		ID, Status string
		Evidence   []string `json:"evidence"`
	}
	mustJSON(t, auditroom(t, env, "requests", "list", "--engagement", engID, "--json"), &reqs)
	if len(reqs) != 2 || reqs[1].ID != "PBC-2" || reqs[1].Status != "received" || !slices.Equal(reqs[1].Evidence, []string{users}) {
		t.Errorf("requests %+v, want PBC-2 received with %s", reqs, users)
	}
	return users
}
