package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// The Outlook messages of the kill tests, from the shared corpus: each
// carries attachments that become evidence of their own.
var killMsgs = []string{"no_recipient_address.msg", "attachment_test_msg.msg", "58214_with_attachment.msg"}

// corpusMsg reads one from ../shared/corpus beside the repository, or from
// $AUDITROOM_CORPUS (for a checkout elsewhere).
func corpusMsg(t *testing.T, name string) []byte {
	t.Helper()
	dir := os.Getenv("AUDITROOM_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	b, err := os.ReadFile(filepath.Join(dir, "apache-poi", "hsmf", name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the shared corpus is not at %s (apache-poi/hsmf/%s; set AUDITROOM_CORPUS): the kill tests need its Outlook messages", dir, name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type attachment struct{ name, body string }

// eml writes an e-mail whose attachments are parts with a file name, as a
// mail client sends them.
func eml(subject, text string, atts ...attachment) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Dana Ruiz <dana@acme.example>\r\nTo: audit@firm.example\r\nSubject: %s\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n--b0\r\nContent-Type: text/plain\r\n\r\n%s\r\n", subject, text)
	for _, a := range atts {
		fmt.Fprintf(&b, "--b0\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"%s\"\r\n"+
			"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n", a.name, base64.StdEncoding.EncodeToString([]byte(a.body)))
	}
	b.WriteString("--b0--\r\n")
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(files[n])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// killPack writes a small pack of containers: e-mails with attachments, one
// forwarding an e-mail with its own, Outlook messages, and a zip in a zip
// holding both kinds. No container appears twice, so which copy holds the
// attachments never depends on the order of work.
func killPack(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "evidence-pack")
	inner := eml("Quokka change approved", "Approved for release.", attachment{"quokka-ticket.txt", "CHG-2210 quokka release approved by CAB\n"})
	files := map[string][]byte{
		"logs/backup-2026-03.log": []byte("2026-03-01 backup wombat completed\n2026-03-02 backup wombat completed\n"),
		"logs/access-2026-03.log": []byte("2026-03-03 access review bilby signed\n"),
		"mail/approval.eml": eml("Numbat access review", "Please find the review attached.",
			attachment{"numbat-review.txt", "Numbat access review Q1: 42 accounts checked\n"},
			attachment{"numbat-users.csv", "user,role\nana,admin\nben,reader\n"}),
		"mail/forward.eml":       eml("Fwd: Quokka change approved", "Forwarding the approval.", attachment{"approval.eml", string(inner)}),
		"outlook/" + killMsgs[0]: corpusMsg(t, killMsgs[0]),
		"outlook/" + killMsgs[1]: corpusMsg(t, killMsgs[1]),
		"archive.zip": zipOf(t, map[string][]byte{
			"readme.txt": []byte("Dingo archive of March approvals\n"),
			"inner.zip": zipOf(t, map[string][]byte{
				"nested.eml":  eml("Dingo firewall review", "Reviewed.", attachment{"dingo-rules.txt", "allow 443 dingo gateway\n"}),
				killMsgs[2]:   corpusMsg(t, killMsgs[2]),
				"notes/a.txt": []byte("Dingo notes\n"),
			}),
		}),
	}
	for n, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// copyDir copies a closed data folder, so that each kill starts from the
// same empty engagement without creating it again.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyRef is one stored copy of a file as a person checks it: where it was
// found and what its content hashes to.
type copyRef struct{ Path, SHA256 string }

// engagementState reads from the store every copy recorded and the paths
// of the evidence not marked indexed.
func engagementState(t *testing.T, data, eng string) (copies []copyRef, notIndexed []string) {
	t.Helper()
	withStore(t, data, func(h *store.Home) {
		ctx := context.Background()
		var ids []string
		if err := h.ForEachEvidence(ctx, eng, func(e audit.Evidence) error { ids = append(ids, e.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			ev, provs, err := h.Evidence(ctx, eng, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range provs {
				copies = append(copies, copyRef{p.Pack + "/" + p.Path, ev.SHA256})
			}
		}
		missing, err := h.NotIndexed(ctx, eng, index.MappingVersion)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range missing {
			notIndexed = append(notIndexed, e.Path)
		}
	})
	slices.SortFunc(copies, func(a, b copyRef) int { return strings.Compare(a.Path+a.SHA256, b.Path+b.SHA256) })
	slices.Sort(notIndexed)
	return copies, notIndexed
}

// searchable lists, as "evidence_id path", every file a search of the pack
// finds: what the index holds, one hit per file.
func searchable(t *testing.T, env []string, eng, packName string) []string {
	t.Helper()
	var res struct {
		Total int
		Hits  []struct {
			EvidenceID string `json:"evidence_id"`
			Path       string
		}
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", eng, "--limit", "500", "--json", "pack:"+packName), &res)
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.EvidenceID+" "+h.Path)
	}
	slices.Sort(out)
	return out
}

// importKilledAfter runs an import that SIGKILLs itself once n files are
// committed (AUDITROOM_TEST_KILL_AFTER), and fails unless it was killed.
func importKilledAfter(t *testing.T, env []string, n int, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), fmt.Sprintf("AUDITROOM_TEST_KILL_AFTER=%d", n)}, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("%v with a kill after %d commits ended without being killed (%v): %s", args, n, err, stderr.String())
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("%v with a kill after %d commits: %v, not SIGKILL: %s", args, n, err, stderr.String())
	}
}

type verifyOut struct {
	Intact      bool
	Engagements []struct {
		NotIndexed []struct {
			EvidenceID string `json:"evidence_id"`
			Path       string `json:"path"`
		} `json:"not_indexed"`
	}
}

// spread picks up to most points of 1..total, evenly, always the first
// and the last.
func spread(total, most int) []int {
	if total <= most {
		out := make([]int, total)
		for i := range out {
			out[i] = i + 1
		}
		return out
	}
	out := make([]int, most)
	for i := range out {
		out[i] = 1 + i*(total-1)/(most-1)
	}
	return out
}

// TestImportKilledLosesNothing kills an import of a pack of containers
// (nested zips, e-mails, Outlook messages and their attachments) after each
// of many commits, then checks that verify holds and names exactly the
// files stored but not yet indexed, and that importing again stores and
// indexes exactly what one clean import does: every copy, with its path
// and hash, and every file found by a search.
func TestImportKilledLosesNothing(t *testing.T) {
	pack := killPack(t)
	template := t.TempDir()
	env := func(data string) []string {
		return []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	}
	id := createAcme(t, env(template))

	clean := t.TempDir()
	copyDir(t, template, clean)
	var sum importSummary
	mustJSON(t, auditroom(t, env(clean), "import", "--engagement", id, "--json", pack), &sum)
	wantCopies, notIndexed := engagementState(t, clean, id)
	wantFound := searchable(t, env(clean), id, "evidence-pack")
	if len(notIndexed) != 0 {
		t.Fatalf("a clean import left %v out of the index", notIndexed)
	}
	for _, p := range []string{"evidence-pack/outlook/no_recipient_address.msg/1.jpg",
		"evidence-pack/archive.zip/inner.zip/nested.eml/dingo-rules.txt",
		"evidence-pack/mail/forward.eml/approval.eml/quokka-ticket.txt"} {
		if !slices.ContainsFunc(wantCopies, func(c copyRef) bool { return c.Path == p }) {
			t.Fatalf("the clean import lacks attachment %s: %v", p, wantCopies)
		}
	}
	if len(wantFound) != len(wantCopies) {
		t.Fatalf("a clean import finds %d files of %d copies: %v", len(wantFound), len(wantCopies), wantFound)
	}
	t.Logf("clean import: %d copies (%d files in the pack)", len(wantCopies), sum.FilesTotal)

	for _, n := range spread(len(wantCopies), 24) {
		t.Run(fmt.Sprintf("after %d commits", n), func(t *testing.T) {
			data := t.TempDir()
			copyDir(t, template, data)
			importKilledAfter(t, env(data), n, "import", "--engagement", id, pack)

			stored, notIndexed := engagementState(t, data, id)
			if len(stored) < n {
				t.Fatalf("killed after %d commits, %d copies stored", n, len(stored))
			}
			var v verifyOut
			mustJSON(t, auditroom(t, env(data), "verify", "--json"), &v)
			if !v.Intact || len(v.Engagements) != 1 {
				t.Fatalf("verify after the kill: %+v", v)
			}
			var listed []string
			for _, e := range v.Engagements[0].NotIndexed {
				listed = append(listed, e.Path)
			}
			slices.Sort(listed)
			if !slices.Equal(listed, notIndexed) || len(listed) == 0 {
				t.Errorf("verify lists %v not indexed; the store holds %v unmarked (a kill before the index's write leaves some)", listed, notIndexed)
			}

			mustJSON(t, auditroom(t, env(data), "import", "--engagement", id, "--json", pack), &sum)
			if len(sum.Failed) != 0 {
				t.Errorf("import after the kill failed %v", sum.Failed)
			}
			got, notIndexed := engagementState(t, data, id)
			if !slices.Equal(got, wantCopies) {
				t.Errorf("after the kill and a new import the store holds\n%v\nwant, as a clean import,\n%v", got, wantCopies)
			}
			if len(notIndexed) != 0 {
				t.Errorf("after the new import %v are not indexed", notIndexed)
			}
			if found := searchable(t, env(data), id, "evidence-pack"); !slices.Equal(found, wantFound) {
				t.Errorf("after the kill and a new import a search finds\n%v\nwant\n%v", found, wantFound)
			}
		})
	}
}

// faultTemplate makes a data folder from nothing: an engagement, a
// baseline file imported before any fault, control AC-01 and an issued
// finding F-001, as an auditor has them before reporting.
func faultTemplate(t *testing.T) (string, string) {
	template := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + template, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	baseline := filepath.Join(t.TempDir(), "baseline")
	os.MkdirAll(baseline, 0o755)
	os.WriteFile(filepath.Join(baseline, "baseline.txt"), []byte("Wombat baseline register, signed 2026-02-01\n"), 0o644)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", baseline), &sum)
	issueF001(t, template, id)
	return template, id
}

// issueF001 puts control AC-01 and finding F-001 (two leavers kept access)
// into the engagement, reviewed by a second person and issued: what a
// findings packet carries to management.
func issueF001(t *testing.T, data, id string) {
	t.Helper()
	ctx := context.Background()
	withStore(t, data, func(h *store.Home) {
		if _, err := h.PutControl(ctx, id, "ana", scope.Control{ID: "AC-01", Title: "Leaver access removal", Criteria: []string{"CC6.2"}}, true); err != nil {
			t.Fatal(err)
		}
		f, err := h.CreateFinding(ctx, id, "ana", termination("Remove access on the day."))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.MoveFinding(ctx, id, "ana", f.ID, findings.InReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := h.SignOffFinding(ctx, id, "ben", f.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.MoveFinding(ctx, id, "ben", f.ID, findings.Issued, ""); err != nil {
			t.Fatal(err)
		}
	})
}

var packetPass = "AUDITROOM_PACKET_PASSPHRASE=harbour-orange-kite"

// responsePacket is the compliance lead's answer to F-001 of the data
// folder template, made as the lead makes it: the findings packet opened
// in a folder of their own, a response with the evidence files, the
// response packet.
func responsePacket(t *testing.T, template, id string, evidence ...string) string {
	dir := t.TempDir()
	auditor := []string{"AUDITROOM_DATA=" + filepath.Join(dir, "auditor"), "AUDITROOM_PASSPHRASE=correct horse battery", packetPass}
	copyDir(t, template, filepath.Join(dir, "auditor"))
	lead := []string{"AUDITROOM_DATA=" + filepath.Join(dir, "lead"), "AUDITROOM_PASSPHRASE=another passphrase", packetPass}
	findingsFile := filepath.Join(dir, "findings.age")
	if r := auditroom(t, auditor, "packet", "export", "--engagement", id, "--out", findingsFile); r.code != 0 {
		t.Fatalf("packet export: %q", r.stderr)
	}
	var opened struct{ ID string }
	mustJSON(t, auditroom(t, lead, "packet", "open", "--json", findingsFile), &opened)
	args := []string{"finding", "respond", "--engagement", opened.ID, "--finding", "F-001", "--position", "agree",
		"--text", "Agreed.", "--action", "Automate the leaver feed.", "--owner", "Head of IT", "--target-date", "2026-09-30",
		"--responder", "Dana Ruiz"}
	for _, e := range evidence {
		args = append(args, "--evidence", e)
	}
	if r := auditroom(t, lead, args...); r.code != 0 {
		t.Fatalf("respond: %q", r.stderr)
	}
	response := filepath.Join(dir, "response.age")
	if r := auditroom(t, lead, "packet", "export", "--engagement", opened.ID, "--out", response); r.code != 0 {
		t.Fatalf("packet export of the response: %q", r.stderr)
	}
	return response
}

// TestPacketImportKilledLosesNothing kills the import of a response packet
// carrying files (an e-mail with attachments among them) after each file
// committed, then checks that verify holds, the file imported before is
// still found, and importing the packet again gives exactly what one clean
// import does: the response taken in, every copy stored and searchable.
func TestPacketImportKilledLosesNothing(t *testing.T) {
	template, id := faultTemplate(t)
	dir := t.TempDir()
	var evidence []string
	for i, body := range []string{"Quokka leaver ticket CHG-4471 closed\n", "user,removed\nana,2026-03-02\nben,2026-03-03\n", "Bilby HR feed log 2026-03-01\n"} {
		p := filepath.Join(dir, []string{"ticket.txt", "leavers.csv", "feed.log"}[i])
		os.WriteFile(p, []byte(body), 0o600)
		evidence = append(evidence, p)
	}
	// Fourteen leaver tickets more, so the kill falls at twenty places.
	for i := range 14 {
		p := filepath.Join(dir, fmt.Sprintf("leaver-%02d.txt", i+1))
		os.WriteFile(p, []byte(fmt.Sprintf("Quokka leaver ticket CHG-45%02d closed\n", i+1)), 0o600)
		evidence = append(evidence, p)
	}
	mail := filepath.Join(dir, "approval.eml")
	os.WriteFile(mail, eml("Numbat leaver approval", "Approved.", attachment{"numbat-list.txt", "Numbat leavers Q1: 2\n"},
		attachment{"numbat-signoff.txt", "Signed off by Head of IT\n"}), 0o600)
	response := responsePacket(t, template, id, append(evidence, mail)...)
	env := func(data string) []string {
		return []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery", packetPass}
	}
	outcome := func(data string) string {
		var shown struct {
			Finding  struct{ Status string }
			Response struct{ Text, Responder string }
			Evidence []struct{ Evidence struct{ Name string } }
		}
		mustJSON(t, auditroom(t, env(data), "finding", "show", "--engagement", id, "--json", "F-001"), &shown)
		copies, notIndexed := engagementState(t, data, id)
		var found struct{ Hits []struct{ Path string } }
		mustJSON(t, auditroom(t, env(data), "search", "--engagement", id, "--limit", "100", "--json", "numbat OR quokka OR bilby OR ana OR wombat"), &found)
		return fmt.Sprintf("%+v\nstored %v\nnot indexed %v\nfound %+v", shown, copies, notIndexed, found.Hits)
	}
	clean := t.TempDir()
	copyDir(t, template, clean)
	var res struct {
		Applied  []string
		Evidence int
	}
	mustJSON(t, auditroom(t, env(clean), "packet", "import", "--engagement", id, "--json", response), &res)
	if strings.Join(res.Applied, ",") != "F-001" || res.Evidence != 20 {
		t.Fatalf("clean packet import: %+v; want F-001 applied with 20 files (18 sent, 2 attached to the e-mail)", res)
	}
	want := outcome(clean)
	for n := 1; n <= res.Evidence; n++ {
		t.Run(fmt.Sprintf("after %d commits", n), func(t *testing.T) {
			data := t.TempDir()
			copyDir(t, template, data)
			importKilledAfter(t, env(data), n, "packet", "import", "--engagement", id, response)
			mustVerify(t, env(data))
			mustFind(t, env(data), id, "wombat", "baseline.txt")
			var again struct{ Applied []string }
			mustJSON(t, auditroom(t, env(data), "packet", "import", "--engagement", id, "--json", response), &again)
			if strings.Join(again.Applied, ",") != "F-001" {
				t.Errorf("the packet imported again after the kill: %+v; want F-001 applied", again)
			}
			if got := outcome(data); got != want {
				t.Errorf("after the kill and a new import:\n%s\nwant, as a clean import,\n%s", got, want)
			}
		})
	}
}
