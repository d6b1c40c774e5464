package ingest

import (
	"context"
	"encoding/base64"
	"slices"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

const linksPBC = `Request ID,Description,Controls,Owner,Due
PBC-003,User listing at period end,,Jane,2026-12-31
PBC-004,Backup reports,,Raj,2026-12-31
PBC-005,Emergency change approvals,,Raj,2026-12-31
PBC-006,Nothing sent yet,,Raj,2026-12-31
`

// TestImportLinksRequests builds an engagement from nothing: the PBC list,
// then a pack whose file names, folders and manifest name requests. Each
// request lists exactly its files and is received; an e-mail's attachment
// follows the e-mail.
func TestImportLinksRequests(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.h.Import(ctx, e.eng, "tester", scope.RequestsImport, "pbc.csv", []byte(linksPBC), scope.Options{}, true); err != nil {
		t.Fatal(err)
	}
	att := base64.StdEncoding.EncodeToString([]byte("CHG-88 approved by the CAB chair on 2026-05-15\n"))
	eml := "From: cab@example.com\r\nTo: audit@example.com\r\nSubject: CHG-88 approval\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain\r\n\r\nApproval attached.\r\n" +
		"--XX\r\nContent-Type: text/plain; name=\"approval.txt\"\r\nContent-Disposition: attachment; filename=\"approval.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		att + "\r\n--XX--\r\n"
	pack := t.TempDir() + "/acme-pbc"
	write(t, pack, map[string]string{
		"PBC-003 user listing.csv":         "user,role\nana,admin\nbo,viewer\n",
		"PBC-004/backup-job-report.txt":    "backup job 2026-12-01 completed\n",
		"PBC-004/restore-test.txt":         "restore test 2026-09-24 passed\n",
		"changes/chg-88.eml":               eml,
		"misc/PBC-099 not on the list.txt": "a request the list does not hold\n",
		"manifest.csv":                     "path,request_id,control_ids,description,as_of\nchanges/chg-88.eml,PBC-005,,CHG-88 approval,2026-05-15\n",
	})
	sum := e.importPaths(t, ctx, pack)
	if len(sum.Failed) != 0 {
		t.Fatalf("failed: %+v", sum.Failed)
	}
	ids := map[string]string{} // path → evidence ID
	err := e.h.ForEachEvidence(ctx, e.eng, func(ev audit.Evidence) error {
		ids[ev.Path] = ev.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	attachment := ids["changes/chg-88.eml/approval.txt"]
	if attachment == "" {
		t.Fatalf("the attachment was not stored: %v", ids)
	}
	want := map[string][]string{
		"PBC-003": {ids["PBC-003 user listing.csv"]},
		"PBC-004": sorted(ids["PBC-004/backup-job-report.txt"], ids["PBC-004/restore-test.txt"]),
		"PBC-005": sorted(ids["changes/chg-88.eml"], attachment),
		"PBC-006": {},
	}
	rs, err := e.h.Requests(ctx, e.eng)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		status := scope.Received
		if r.ID == "PBC-006" {
			status = scope.Open
		}
		if got := sorted(r.Evidence...); !slices.Equal(got, want[r.ID]) || r.Status != status {
			t.Errorf("%s: %s with %v, want %s with %v", r.ID, r.Status, got, status, want[r.ID])
		}
	}
	if ev, _, err := e.h.Evidence(ctx, e.eng, attachment); err != nil || !slices.Equal(ev.Requests, []string{"PBC-005"}) {
		t.Errorf("the attachment names %v (%v), want its e-mail's [PBC-005]", ev.Requests, err)
	}
	// The file naming a request not on the list keeps the name it carries.
	if ev, _, _ := e.h.Evidence(ctx, e.eng, ids["misc/PBC-099 not on the list.txt"]); !slices.Equal(ev.Requests, []string{"PBC-099"}) {
		t.Errorf("PBC-099 file names %v", ev.Requests)
	}
	events, _, err := e.h.Trail(ctx, e.eng, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, ev := range events {
		if ev.Action == "request.link" {
			links++
			if ev.Actor != "tester" {
				t.Errorf("link by %q, want the importer", ev.Actor)
			}
		}
	}
	if links != 5 {
		t.Errorf("%d request.link events, want 5", links)
	}

	// A second import of the same pack links nothing again.
	e.importPaths(t, ctx, pack)
	if r, _ := e.h.Requests(ctx, e.eng); len(r[1].Evidence) != 2 || len(r[1].History) != 2 {
		t.Errorf("after re-import %s: %v, %d history entries", r[1].ID, r[1].Evidence, len(r[1].History))
	}
}

func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}
