package cli_test

import (
	"strings"
	"testing"
)

type pinJSON struct {
	ID         string `json:"id"`
	EvidenceID string `json:"evidence_id"`
	Line       int    `json:"line"`
	Target     string `json:"target"`
	TargetID   string `json:"target_id"`
	Note       string `json:"note"`
	PinnedBy   string `json:"pinned_by"`
}

// TestPinCommands finds a log line by search and pins it to a control, the
// way a reviewer would from the command line.
func TestPinCommands(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", searchPack(t)), &sum)
	matrix := writeFile(t, "matrix.csv", "Ref,Name,TSC\nAC-01,Access removed on termination,CC6.2\n")
	if r := auditroom(t, env, "controls", "import", "--engagement", id, matrix); r.code != 0 {
		t.Fatalf("controls import: %q", r.stderr)
	}
	var found searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "revoked"), &found)
	if len(found.Hits) != 1 {
		t.Fatalf("search: %+v", found)
	}
	hit := found.Hits[0]

	var p pinJSON
	mustJSON(t, auditroom(t, env, "pin", "add", "--engagement", id, "--evidence", hit.EvidenceID,
		"--line", "2", "--control", "AC-01", "--note", "jdoe revoked", "--json"), &p)
	if p.ID == "" || p.EvidenceID != hit.EvidenceID || p.Line != 2 || p.Target != "control" || p.TargetID != "AC-01" || p.PinnedBy == "" {
		t.Fatalf("pin add: %+v", p)
	}
	r := auditroom(t, env, "pin", "add", "--engagement", id, "--evidence", hit.EvidenceID, "--line", "2", "--control", "AC-01")
	if r.code != 0 || r.stdout != "pinned "+hit.EvidenceID+" (line 2) to control AC-01: pin "+p.ID+"\n" {
		t.Errorf("pinning again: exit %d, %q", r.code, r.stdout)
	}

	var pins []pinJSON
	mustJSON(t, auditroom(t, env, "pin", "list", "--engagement", id, "--control", "AC-01", "--json"), &pins)
	if len(pins) != 1 || pins[0].ID != p.ID || pins[0].Note != "jdoe revoked" {
		t.Fatalf("pin list --control: %+v", pins)
	}
	mustJSON(t, auditroom(t, env, "pin", "list", "--engagement", id, "--request", "PBC-012", "--json"), &pins)
	if len(pins) != 0 {
		t.Errorf("pins to a request nobody pinned: %+v", pins)
	}
	if r := auditroom(t, env, "pin", "list", "--engagement", id); r.code != 0 || !strings.Contains(r.stdout, "line 2  control AC-01  \"jdoe revoked\"") {
		t.Errorf("pin list text: %q", r.stdout)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"add", "--engagement", id, "--evidence", hit.EvidenceID, "--control", "ZZ-9"}, 1, "auditroom: no control ZZ-9\n"},
		{[]string{"add", "--engagement", id, "--evidence", "nope", "--request", "PBC-1"}, 1, "auditroom: no evidence file nope\n"},
		{[]string{"add", "--engagement", id, "--evidence", hit.EvidenceID, "--control", "AC-01", "--page", "-2"}, 1, "auditroom: page, row, line and record must be 1 or more\n"},
		{[]string{"add", "--engagement", id, "--evidence", hit.EvidenceID}, 2, "give one of --control or --request"},
		{[]string{"remove", "--engagement", id, "--evidence", hit.EvidenceID, "--pin", "0000"}, 1, "auditroom: no pin 0000 on evidence " + hit.EvidenceID + "\n"},
		{[]string{"frobnicate"}, 2, `unknown pin subcommand "frobnicate"`},
	} {
		r := auditroom(t, env, append([]string{"pin"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("pin %v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}

	if r := auditroom(t, env, "pin", "remove", "--engagement", id, "--evidence", hit.EvidenceID, "--pin", p.ID); r.code != 0 {
		t.Fatalf("pin remove: %q", r.stderr)
	}
	mustJSON(t, auditroom(t, env, "pin", "list", "--engagement", id, "--json"), &pins)
	if len(pins) != 0 {
		t.Errorf("after remove: %+v", pins)
	}
	if r := auditroom(t, env, "verify", "--engagement", id); r.code != 0 {
		t.Errorf("verify after pins: %q", r.stderr)
	}
}
