package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

type requestJSON struct {
	ID            string   `json:"id"`
	Status        string   `json:"status"`
	Evidence      []string `json:"evidence"`
	EvidenceCount int      `json:"evidence_count"`
	History       []struct {
		Status  string `json:"status"`
		Comment string `json:"comment"`
	} `json:"history"`
}

type evidenceJSON struct {
	ID         string   `json:"id"`
	Path       string   `json:"path"`
	AsOf       string   `json:"as_of"`
	AsOfSource string   `json:"as_of_source"`
	Requests   []string `json:"requests"`
}

func evidenceID(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])[:24]
}

// TestEvidenceAndRequestCommands builds an engagement from nothing (a PBC
// list, then a pack naming its requests in file and folder names) and
// follows the links through every new command.
func TestEvidenceAndRequestCommands(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	pbc := writeFile(t, "pbc.csv", "Request ID,Description,Due\nPBC-003,User listing,2026-12-31\nPBC-004,Backup reports,2026-12-31\nPBC-005,Change tickets,2026-12-31\n")
	if r := auditroom(t, env, "requests", "import", "--engagement", id, pbc); r.code != 0 {
		t.Fatalf("requests import: %q", r.stderr)
	}
	users, backup := "user,role\nana,admin\nbo,viewer\n", "backup job completed without errors\n"
	pack := filepath.Join(t.TempDir(), "acme-pbc")
	day := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for name, body := range map[string]string{"PBC-003 user listing.csv": users, "PBC-004/backup-report.txt": backup} {
		p := filepath.Join(pack, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, day, day); err != nil {
			t.Fatal(err)
		}
	}
	if r := auditroom(t, env, "import", "--engagement", id, pack); r.code != 0 {
		t.Fatalf("import: %q", r.stderr)
	}
	usersID, backupID := evidenceID(users), evidenceID(backup)

	var rs []requestJSON
	mustJSON(t, auditroom(t, env, "requests", "list", "--engagement", id, "--json"), &rs)
	if len(rs) != 3 || rs[0].ID != "PBC-003" || rs[0].Status != "received" || rs[0].EvidenceCount != 1 || !slices.Equal(rs[0].Evidence, []string{usersID}) ||
		rs[1].ID != "PBC-004" || rs[1].Status != "received" || !slices.Equal(rs[1].Evidence, []string{backupID}) ||
		rs[2].ID != "PBC-005" || rs[2].Status != "open" || rs[2].EvidenceCount != 0 {
		t.Fatalf("requests list: %+v", rs)
	}
	if r := auditroom(t, env, "requests", "list", "--engagement", id); r.code != 0 || !strings.Contains(r.stdout, "PBC-003  received  1 linked  2026-12-31  User listing") {
		t.Errorf("requests list text: %q", r.stdout)
	}

	var list []evidenceJSON
	mustJSON(t, auditroom(t, env, "evidence", "list", "--engagement", id, "--request", "PBC-004", "--json"), &list)
	if len(list) != 1 || list[0].ID != backupID || list[0].Path != "PBC-004/backup-report.txt" || !slices.Equal(list[0].Requests, []string{"PBC-004"}) {
		t.Fatalf("evidence list --request PBC-004: %+v", list)
	}
	mustJSON(t, auditroom(t, env, "evidence", "list", "--engagement", id, "--control", "AC-01", "--json"), &list)
	if len(list) != 0 {
		t.Errorf("evidence list --control AC-01: %+v", list)
	}

	// By hand: the backup report answers PBC-005 too, then not.
	var req requestJSON
	mustJSON(t, auditroom(t, env, "requests", "link", "--engagement", id, "--request", "PBC-005", "--evidence", backupID, "--json"), &req)
	if req.ID != "PBC-005" || req.Status != "received" || req.EvidenceCount != 1 || !slices.Equal(req.Evidence, []string{backupID}) {
		t.Fatalf("requests link: %+v", req)
	}
	// Search follows the hand-made link.
	var found searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "backup request:PBC-005"), &found)
	if found.Total != 1 || found.Hits[0].EvidenceID != backupID {
		t.Fatalf("search request:PBC-005 after the link: %+v", found)
	}
	var show struct {
		Evidence   evidenceJSON `json:"evidence"`
		Requests   []string     `json:"requests"`
		Controls   []string     `json:"controls"`
		Pins       []pinJSON    `json:"pins"`
		Provenance []struct {
			Pack string `json:"pack"`
			Path string `json:"path"`
		} `json:"provenance"`
	}
	mustJSON(t, auditroom(t, env, "evidence", "show", "--engagement", id, "--json", backupID), &show)
	if show.Evidence.ID != backupID || show.Evidence.AsOf != "2026-11-30" || show.Evidence.AsOfSource != "file time" ||
		!slices.Equal(show.Requests, []string{"PBC-004", "PBC-005"}) || show.Controls == nil || len(show.Controls) != 0 || show.Pins == nil ||
		len(show.Provenance) != 1 || show.Provenance[0].Pack != "acme-pbc" || show.Provenance[0].Path != "PBC-004/backup-report.txt" {
		t.Fatalf("evidence show: %+v", show)
	}
	mustJSON(t, auditroom(t, env, "requests", "unlink", "--engagement", id, "--request", "PBC-005", "--evidence", backupID, "--json"), &req)
	if req.Status != "open" || req.EvidenceCount != 0 || req.History[len(req.History)-1].Comment != "evidence "+backupID+" unlinked" {
		t.Fatalf("requests unlink: %+v", req)
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "backup request:PBC-005"), &found)
	if found.Total != 0 {
		t.Fatalf("search request:PBC-005 after the unlink: %+v", found)
	}
	if r := auditroom(t, env, "evidence", "show", "--engagement", id, backupID); r.code != 0 || !strings.Contains(r.stdout, "as of     2026-11-30 (file time)\nrequests  PBC-004\n") {
		t.Errorf("evidence show text: %q", r.stdout)
	}

	// A pin to a request links the file.
	if r := auditroom(t, env, "pin", "add", "--engagement", id, "--evidence", usersID, "--row", "2", "--request", "PBC-005"); r.code != 0 {
		t.Fatalf("pin add: %q", r.stderr)
	}
	mustJSON(t, auditroom(t, env, "evidence", "show", "--engagement", id, "--json", usersID), &show)
	if !slices.Equal(show.Requests, []string{"PBC-003", "PBC-005"}) || len(show.Pins) != 1 || show.Pins[0].TargetID != "PBC-005" {
		t.Fatalf("evidence show after the pin: %+v", show)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"requests", "unlink", "--engagement", id, "--request", "PBC-005", "--evidence", backupID}, 1, "auditroom: evidence " + backupID + " is not linked to request PBC-005\n"},
		{[]string{"requests", "link", "--engagement", id, "--request", "PBC-9", "--evidence", backupID}, 1, "auditroom: no request PBC-9\n"},
		{[]string{"requests", "link", "--engagement", id, "--request", "PBC-005"}, 2, "--engagement, --request and --evidence are required"},
		{[]string{"evidence", "show", "--engagement", id, "0000"}, 1, "auditroom: no evidence 0000\n"},
		{[]string{"evidence", "show", "--engagement", id}, 2, "one evidence ID"},
		{[]string{"evidence", "frobnicate"}, 2, `unknown evidence subcommand "frobnicate"`},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
