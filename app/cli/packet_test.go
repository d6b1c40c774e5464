package cli_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/store"
)

// withStore opens the data folder in this process, for what the CLI has
// no command for (writing and issuing findings), and closes it again
// before the binary runs.
func withStore(t *testing.T, dir string, fn func(h *store.Home)) {
	t.Helper()
	h, err := store.Open(context.Background(), dir, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	fn(h)
}

func termination(recommendation string) findings.Input {
	return findings.Input{Title: "Access not removed on termination", Condition: "2 of 25 leavers kept access.",
		Criteria: []string{"CC6.2"}, Recommendation: recommendation, Controls: []string{"AC-01"}, Owner: "Head of IT",
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}}}
}

func TestPacketCommands(t *testing.T) {
	auditorData, leadData := t.TempDir(), t.TempDir()
	auditor := []string{"AUDITROOM_DATA=" + auditorData, "AUDITROOM_PASSPHRASE=correct horse battery", packetPass}
	lead := []string{"AUDITROOM_DATA=" + leadData, "AUDITROOM_PASSPHRASE=another passphrase", packetPass}
	id := createAcme(t, auditor)
	issueF001(t, auditorData, id)

	var list struct {
		Findings []struct {
			ID, Status, Classification string
			Response                   *struct{ Position string }
		}
	}
	mustJSON(t, auditroom(t, auditor, "finding", "list", "--engagement", id, "--json"), &list)
	if len(list.Findings) != 1 || list.Findings[0].ID != "F-001" || list.Findings[0].Status != "issued" ||
		list.Findings[0].Classification != "significant_deficiency" || list.Findings[0].Response != nil {
		t.Fatalf("finding list %+v", list)
	}
	r := auditroom(t, auditor, "finding", "list", "--engagement", id)
	if r.code != 0 || !strings.Contains(r.stdout, "F-001  issued  significant deficiency  CC6.2     -         Access not removed on termination") {
		t.Errorf("finding list text: %q %q", r.stdout, r.stderr)
	}

	findingsFile := filepath.Join(t.TempDir(), "acme-findings.age")
	var exported struct {
		PacketID string `json:"packet_id"`
		SHA256   string `json:"sha256"`
	}
	mustJSON(t, auditroom(t, auditor, "packet", "export", "--engagement", id, "--out", findingsFile, "--json"), &exported)
	if !strings.HasPrefix(exported.PacketID, "fnd_") || len(exported.SHA256) != 64 {
		t.Fatalf("export %+v", exported)
	}

	// The compliance lead: a fresh data folder, made by opening the packet.
	var opened struct {
		ID, Role, Origin string
	}
	mustJSON(t, auditroom(t, lead, "packet", "open", "--json", findingsFile), &opened)
	if opened.Role != "responder" || opened.Origin != id {
		t.Fatalf("opened %+v", opened)
	}
	attachment := writeFile(t, "leaver-feed.txt", "CHG-4471 automates leaver notices from HR to IT.\n")
	r = auditroom(t, lead, "finding", "respond", "--engagement", opened.ID, "--finding", "F-001", "--position", "agree",
		"--text", "Agreed.", "--action", "Automate the leaver feed.", "--owner", "Head of IT", "--target-date", "2026-09-30",
		"--responder", "Dana Ruiz", "--evidence", attachment)
	if r.code != 0 || !strings.Contains(r.stdout, "response to F-001 saved (agree, 1 files)") {
		t.Fatalf("respond: %d %q %q", r.code, r.stdout, r.stderr)
	}
	responseFile := filepath.Join(t.TempDir(), "acme-response.age")
	if r := auditroom(t, lead, "packet", "export", "--engagement", opened.ID, "--out", responseFile); r.code != 0 || !strings.Contains(r.stdout, "with the responses for F-001") {
		t.Fatalf("export responses: %d %q %q", r.code, r.stdout, r.stderr)
	}

	// The auditor takes it in: not with the wrong passphrase.
	wrong := []string{auditor[0], auditor[1], "AUDITROOM_PACKET_PASSPHRASE=not the one"}
	r = auditroom(t, wrong, "packet", "import", "--engagement", id, responseFile)
	if r.code != 1 || r.stderr != "auditroom: the passphrase does not open packet acme-response.age\n" {
		t.Fatalf("wrong passphrase: %d %q", r.code, r.stderr)
	}
	var res struct {
		Applied   []string `json:"applied"`
		Unchanged []string `json:"unchanged"`
		Confirmed []string `json:"confirmed"`
		Evidence  int      `json:"evidence"`
	}
	mustJSON(t, auditroom(t, auditor, "packet", "import", "--engagement", id, "--json", responseFile), &res)
	if strings.Join(res.Applied, ",") != "F-001" || res.Evidence != 1 {
		t.Fatalf("import %+v", res)
	}
	var shown struct {
		Finding  struct{ Status string }
		Response struct{ Text, Responder string }
		Evidence []struct {
			Evidence   struct{ Name string }
			Provenance []struct{ Source string }
		}
	}
	mustJSON(t, auditroom(t, auditor, "finding", "show", "--engagement", id, "--json", "F-001"), &shown)
	if shown.Finding.Status != "response_received" || shown.Response.Text != "Agreed." || len(shown.Evidence) != 1 ||
		shown.Evidence[0].Evidence.Name != "leaver-feed.txt" || shown.Evidence[0].Provenance[0].Source != "provided by management" {
		t.Fatalf("shown %+v", shown)
	}
	res.Applied = nil
	mustJSON(t, auditroom(t, auditor, "packet", "import", "--engagement", id, "--json", responseFile), &res)
	if len(res.Applied) != 0 || strings.Join(res.Unchanged, ",") != "F-001" {
		t.Fatalf("import again %+v", res)
	}

	// A finding edited after issue: the next response is flagged.
	withStore(t, auditorData, func(h *store.Home) {
		if _, err := h.UpdateFinding(context.Background(), id, "ana", "F-001", termination("Remove access within one hour.")); err != nil {
			t.Fatal(err)
		}
	})
	auditroom(t, lead, "finding", "respond", "--engagement", opened.ID, "--finding", "F-001", "--position", "disagree",
		"--text", "One hour is not practical.", "--responder", "Dana Ruiz")
	second := filepath.Join(t.TempDir(), "acme-response-2.age")
	auditroom(t, lead, "packet", "export", "--engagement", opened.ID, "--out", second)
	r = auditroom(t, auditor, "packet", "import", "--engagement", id, second)
	if r.code != 1 || !strings.Contains(r.stdout, "flagged F-001: F-001 changed since the version the response answers") ||
		r.stderr != "auditroom: 1 responses not taken in: their findings changed since the version answered; check them and rerun with --confirm F-001\n" {
		t.Fatalf("flagged import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	mustJSON(t, auditroom(t, auditor, "packet", "import", "--engagement", id, "--confirm", "F-001", "--json", second), &res)
	if strings.Join(res.Confirmed, ",") != "F-001" {
		t.Fatalf("confirmed import %+v", res)
	}
	if r := auditroom(t, auditor, "verify", "--engagement", id); r.code != 0 {
		t.Errorf("verify after the exchange: %d %q", r.code, r.stderr)
	}
}

func TestPacketUsage(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	tampered := writeFile(t, "x.age", "age-encryption.org/v1\n-> scrypt AAAA 10\nnot really\n--- AAAA\n")
	for _, tc := range []struct {
		args []string
		env  []string
		code int
		want string
	}{
		{[]string{"packet"}, env, 2, "packet needs a subcommand"},
		{[]string{"packet", "send"}, env, 2, `unknown packet subcommand "send"`},
		{[]string{"packet", "export", "--engagement", id}, env, 2, "--engagement and --out are required"},
		{[]string{"packet", "import", "--engagement", id}, env, 2, "one response packet file"},
		{[]string{"packet", "open"}, env, 2, "name the findings packet file"},
		{[]string{"finding", "list"}, env, 2, "--engagement is required"},
		{[]string{"finding", "respond", "--engagement", id}, env, 2, "--finding and --position are required"},
		{[]string{"packet", "export", "--engagement", id, "--out", filepath.Join(data, "p.age")}, env, 1, "packet passphrase required"},
		{[]string{"packet", "export", "--engagement", id, "--out", filepath.Join(t.TempDir(), "p.age"), "--packet-passphrase-file", writeFile(t, "pp", "harbour-orange-kite\n")},
			env, 1, "has no issued findings to send"},
		{[]string{"packet", "import", "--engagement", id, "--packet-passphrase-file", writeFile(t, "pp", "harbour-orange-kite\n"), tampered},
			env, 1, "x.age is not an intact packet"},
		{[]string{"finding", "show", "--engagement", id, "F-404"}, env, 1, "no finding F-404"},
		{[]string{"finding", "respond", "--engagement", id, "--finding", "F-001", "--position", "agree"}, env, 1, "is the auditor's: responses are written in the responder copy"},
	} {
		r := auditroom(t, tc.env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "p.age")); err == nil {
		t.Error("a refused export left a file")
	}
}

func TestFindingEvaluate(t *testing.T) {
	var res struct {
		Classification string   `json:"classification"`
		Alone          string   `json:"alone"`
		Opinion        string   `json:"opinion"`
		CriteriaNotMet []string `json:"criteria_not_met"`
		Explanation    []string `json:"explanation"`
	}
	base := []string{"finding", "evaluate", "--json", "--control", "AC-01", "--criteria", "CC6.2",
		"--likelihood", "reasonably_possible", "--magnitude", "more_than_inconsequential"}
	for _, tc := range []struct {
		extra                 []string
		class, alone, opinion string
	}{
		{nil, "significant_deficiency", "significant_deficiency", "unmodified"},
		{[]string{"--compensating", "AC-09=CC6.2"}, "control_deficiency", "control_deficiency", "unmodified"},
		{[]string{"--related", "F-002=reasonably_possible/more_than_inconsequential/CC6.2"}, "material_weakness", "significant_deficiency", "qualified"},
		{[]string{"--pervasive"}, "material_weakness", "material_weakness", "adverse"},
	} {
		mustJSON(t, auditroom(t, nil, append(base, tc.extra...)...), &res)
		if res.Classification != tc.class || res.Alone != tc.alone || res.Opinion != tc.opinion || len(res.Explanation) < 3 {
			t.Errorf("evaluate %v = %+v, want %s (alone %s), %s", tc.extra, res, tc.class, tc.alone, tc.opinion)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"finding", "evaluate", "--control", "AC-01"}, "--control, --criteria, --likelihood and --magnitude are required"},
		{append(base[:len(base):len(base)], "--compensating", "AC-09"), "--compensating takes CONTROL=CRITERIA"},
		{append(base[:len(base):len(base)], "--related", "F-002=probable"), "--related takes REF=LIKELIHOOD/MAGNITUDE/CRITERIA"},
		{append(base[:len(base):len(base)], "--kind", "both"), `kind "both" must be design or operating`},
	} {
		r := auditroom(t, nil, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// A packet that cannot be opened into a new data folder leaves no folder.
func TestFailedPacketOpenLeavesNothing(t *testing.T) {
	data := filepath.Join(t.TempDir(), "lead")
	tampered := writeFile(t, "x.age", "age-encryption.org/v1\n-> scrypt AAAA 10\nnot really\n--- AAAA\n")
	r := auditroom(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"},
		"packet", "open", "--packet-passphrase-file", writeFile(t, "pp", "harbour-orange-kite\n"), tampered)
	if r.code != 1 || !strings.Contains(r.stderr, "x.age is not an intact packet") {
		t.Errorf("packet open of a damaged packet: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed open left the data folder %s: %v", data, err)
	}
}
