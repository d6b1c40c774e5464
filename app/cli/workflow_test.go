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
	"strings"
	"testing"

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
		"Ref,Name,Owner,Frequency,TSC\nCM-01,Change approval,Eng,As needed,CC8.1\n"))
	ok(ana, "requests", "import", "--engagement", id, writeFile(t, "pbc.csv",
		"PBC #,Request,Control,Owner,Due date\nPBC-1,Change tickets,CM-01,Raj,2026-03-01\n"))
	var changes strings.Builder
	changes.WriteString("Ticket,Closed,Approver\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&changes, "CHG-%d,2026-%02d-%02d,lee\n", 1000+i, i%12+1, i%28+1)
	}
	ev := importCSV(t, ana, id, "changes.csv", changes.String())

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
	if cell.Result != "exception" || cell.Note != "no test evidence" || len(cell.Pins) != 1 || cell.Pins[0].EvidenceID != ev || cell.Pins[0].Row != second.Row {
		t.Errorf("cell 2/B %+v, want the exception citing %s row %d", cell, ev, second.Row)
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
		fmt.Sprintf("changes.csv row %d", second.Row), "We will block untested deployments."} {
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
