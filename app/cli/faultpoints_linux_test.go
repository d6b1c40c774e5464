//go:build linux && amd64

package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"auditroom/backend/store"

	"github.com/xuri/excelize/v2"
)

// faultJob is one path of the product run with a fault at each step: its
// command line, writing to out (a file or folder beside the data folder),
// and what a person checks once it has completed, as one string compared
// with the clean run's.
type faultJob struct {
	name   string
	args   func(out string) []string
	result func(t *testing.T, data, out string) string
	// faulted, when set, checks what a faulted run left in out whatever
	// its exit status (a restore's target folder: nothing, or all).
	faulted func(t *testing.T, out, want string)
}

// mostFaultPoints bounds the points tried per path, spread over all of
// them, to keep the suite within a few minutes on two cores; `make faults`
// (AUDITROOM_FAULT_ALL=1) tries every one.
const mostFaultPoints = 12

// faultHangLimit is how long one faulted command may take before it is
// called a hang.
const faultHangLimit = 60 * time.Second

// crashWords are what a Go crash or a signal death prints.
var crashWords = []string{"goroutine ", "panic", "fatal error", "SIGBUS", "SIGSEGV"}

// runFaultPath runs job once cleanly on a copy of template, counting its
// fault points, then once per chosen point with that call failing (EIO,
// every third ENOSPC), and after each: the one line naming the folder and
// no crash, verify intact, the evidence imported before still found, and
// the job repeated without faults reaching the clean run's result.
func runFaultPath(t *testing.T, template, id string, job faultJob) {
	env := func(data string) []string {
		return []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery", packetPass}
	}
	data, outDir := t.TempDir(), t.TempDir()
	copyDir(t, template, data)
	out := filepath.Join(outDir, "clean")
	r, clean := runFaulted(t, env(data), faultPlan{roots: []string{data, outDir}}, faultHangLimit, job.args(out)...)
	if r.code != 0 {
		t.Fatalf("%s without faults: exit %d, stderr %q", job.name, r.code, r.stderr)
	}
	want := job.result(t, data, out)
	points := spread(len(clean.points), mostFaultPoints)
	if os.Getenv("AUDITROOM_FAULT_ALL") != "" {
		points = spread(len(clean.points), len(clean.points))
	}
	if only := os.Getenv("AUDITROOM_FAULT_POINTS"); only != "" { // to rerun chosen points: "4,37"
		points = nil
		for _, f := range strings.Split(only, ",") {
			n, _ := strconv.Atoi(f)
			points = append(points, n)
		}
		for i, p := range clean.points {
			t.Logf("point %d: %s", i+1, p)
		}
	}
	exercised, survived, absorbed, unreached := 0, 0, 0, 0
	for i, n := range points {
		reached := false
		errno := syscall.EIO
		if i%3 == 2 {
			errno = syscall.ENOSPC
		}
		ok := t.Run(fmt.Sprintf("%d of %d %s", n, len(clean.points), errno), func(t *testing.T) {
			data, outDir := t.TempDir(), t.TempDir()
			copyDir(t, template, data)
			faulted := filepath.Join(outDir, "faulted")
			r, run := runFaulted(t, env(data), faultPlan{roots: []string{data, outDir}, failAt: n, errno: errno}, faultHangLimit,
				job.args(faulted)...)
			if run.failed == "" {
				unreached++
				t.Skipf("the run made %d counted calls, fewer than %d", len(run.points), n)
			}
			reached = true
			exercised++
			for _, w := range crashWords {
				if strings.Contains(r.stderr, w) {
					t.Errorf("fault at %s: stderr holds %q: %s", run.failed, w, r.stderr)
				}
			}
			switch r.code {
			case 1:
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				last := lines[len(lines)-1]
				if !strings.HasPrefix(last, "auditroom: ") || !(strings.Contains(last, data) || strings.Contains(last, outDir)) ||
					strings.Contains(last, "internal error") {
					t.Errorf("fault at %s: stderr ends %q; want one line naming the data folder %s or the output folder", run.failed, last, data)
				}
				// Before it, only Badger's log of the fault may be.
				for _, l := range lines[:len(lines)-1] {
					if strings.HasPrefix(l, "auditroom: ") {
						t.Errorf("fault at %s: stderr has a second line %q", run.failed, l)
					}
				}
			case 0:
				// A success after a fault must be a real one: what it wrote
				// is what the clean run wrote.
				absorbed++
				if got := job.result(t, data, faulted); got != want {
					t.Errorf("fault at %s: exit 0, but the result differs from the clean run's:\n%s\nwant\n%s", run.failed, got, want)
				}
			default:
				t.Errorf("fault at %s: exit %d, stderr %q; want 1", run.failed, r.code, r.stderr)
			}
			if job.faulted != nil {
				job.faulted(t, faulted, want)
			}
			mustVerify(t, env(data))
			mustFind(t, env(data), id, "wombat", "baseline.txt")
			again := filepath.Join(outDir, "again")
			if r := auditroom(t, env(data), job.args(again)...); r.code != 0 {
				t.Fatalf("after a fault at %s, %s again: exit %d, stderr %q", run.failed, job.name, r.code, r.stderr)
			}
			if got := job.result(t, data, again); got != want {
				t.Errorf("after a fault at %s and %s again:\n%s\nwant, as the clean run,\n%s", run.failed, job.name, got, want)
			}
		})
		// A run that never reached its point (the job made fewer calls this
		// time) is a skip, not a survival.
		if ok && reached {
			survived++
		}
	}
	fmt.Printf("%s: fault points %d, exercised: %d, survived: %d (%d absorbed without an error, %d not reached)\n",
		job.name, len(clean.points), exercised, survived, absorbed, unreached)
}

// faultPack is a small pack: a log, an e-mail with an attachment, and a
// zip holding a zip with an e-mail of its own.
func faultPack(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "fault-pack")
	files := map[string][]byte{
		"logs/backup-2026-03.log": []byte("2026-03-01 backup numbat completed\n"),
		"mail/approval.eml": eml("Numbat access review", "Please find the review attached.",
			attachment{"numbat-review.txt", "Numbat access review Q1: 42 accounts checked\n"}),
		"archive.zip": zipOf(t, map[string][]byte{
			"readme.txt": []byte("Dingo archive of March approvals\n"),
			"inner.zip": zipOf(t, map[string][]byte{
				"nested.eml": eml("Dingo firewall review", "Reviewed.", attachment{"dingo-rules.txt", "allow 443 dingo gateway\n"}),
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

// filesHashed lists the files under out (a file or a folder) by name and
// SHA-256, as a reviewer would cite them.
func filesHashed(t *testing.T, out string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(out, p)
		sum := sha256.Sum256(b)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func TestFaultInjection(t *testing.T) {
	template, id := faultTemplate(t)
	pack := faultPack(t)
	env := func(data string) []string {
		return []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	}
	response := responsePacket(t, template, id, writeFile(t, "leaver-feed.txt", "CHG-4471 automates leaver notices.\n"))
	backupFile := filepath.Join(t.TempDir(), "acme.age")
	if r := auditroom(t, env(template), "engagement", "backup", "--engagement", id, "--out", backupFile); r.code != 0 {
		t.Fatalf("engagement backup: %q", r.stderr)
	}
	// The search comes first: it opens the index, which indexes what a
	// fault after the restore's commit left unindexed.
	restored := func(t *testing.T, _, out string) string {
		found := searchable(t, env(out), id, "baseline")
		copies, notIndexed := engagementState(t, out, id)
		return fmt.Sprintf("stored %v\nnot indexed %v\nfound %v", copies, notIndexed, found)
	}
	jobs := []faultJob{
		{"import", func(string) []string { return []string{"import", "--engagement", id, "--json", pack} },
			func(t *testing.T, data, _ string) string {
				copies, notIndexed := engagementState(t, data, id)
				return fmt.Sprintf("stored %v\nnot indexed %v\nfound %v", copies, notIndexed, searchable(t, env(data), id, "fault-pack"))
			}, nil},
		{"report draft", func(out string) []string {
			return []string{"report", "--engagement", id, "--out", out, "--date", "2027-01-31", "--prepared-by", "Example LLP"}
		}, pdfText, nil},
		{"report final", func(out string) []string {
			return []string{"report", "--engagement", id, "--out", out, "--date", "2027-01-31", "--prepared-by", "Example LLP", "--final"}
		}, pdfText, nil},
		{"export xlsx", func(out string) []string { return []string{"export", "xlsx", "--engagement", id, "--out", out} },
			func(t *testing.T, _, out string) string { return sheetText(t, out) }, nil},
		{"export csv", func(out string) []string { return []string{"export", "csv", "--engagement", id, "--out", out} },
			func(t *testing.T, _, out string) string { return filesHashed(t, out) }, nil},
		{"packet export", func(out string) []string { return []string{"packet", "export", "--engagement", id, "--out", out} },
			func(t *testing.T, _, out string) string { return packetFindings(t, out) }, nil},
		{"packet import", func(string) []string { return []string{"packet", "import", "--engagement", id, "--json", response} },
			func(t *testing.T, data, _ string) string {
				var shown struct {
					Finding  struct{ Status string }
					Response struct{ Text, Responder string }
					Evidence []struct{ Evidence struct{ Name string } }
				}
				mustJSON(t, auditroom(t, env(data), "finding", "show", "--engagement", id, "--json", "F-001"), &shown)
				return fmt.Sprintf("%+v", shown)
			}, nil},
		// A restore into a new data folder (out): after a fault the folder
		// holds no engagement or the whole one, never part of it.
		{"engagement restore", func(out string) []string {
			return []string{"--data", out, "engagement", "restore", "--json", backupFile}
		},
			restored, func(t *testing.T, out, want string) {
				if !store.Initialized(out) {
					return
				}
				var list struct{ Engagements []struct{ ID string } }
				mustJSON(t, auditroom(t, env(out), "engagement", "list", "--json"), &list)
				if len(list.Engagements) == 0 {
					return
				}
				if len(list.Engagements) != 1 || list.Engagements[0].ID != id {
					t.Fatalf("after a faulted restore the folder lists %+v; want nothing or %s", list.Engagements, id)
				}
				mustVerify(t, env(out))
				if got := restored(t, "", out); got != want {
					t.Errorf("after a faulted restore the folder lists %s, but holds\n%s\nwant\n%s", id, got, want)
				}
			}},
	}
	for _, job := range jobs {
		t.Run(job.name, func(t *testing.T) { runFaultPath(t, template, id, job) })
	}
}

// pdfText is a report's text as poppler reads it (a PDF's bytes carry the
// time it was made), with the SHA-256 of anything but the evidence (the
// trail's head, which holds event times) masked.
func pdfText(t *testing.T, data, out string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	text, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", out, err)
	}
	copies := withEvidenceHashes(t, data)
	words := strings.Fields(string(text))
	for i, w := range words {
		if len(w) == 64 && strings.Trim(w, "0123456789abcdef") == "" && !copies[w] {
			words[i] = "<sha256>"
		}
	}
	return strings.Join(words, " ")
}

// withEvidenceHashes is the set of the SHA-256 of every evidence file of
// the data folder's one engagement.
func withEvidenceHashes(t *testing.T, data string) map[string]bool {
	t.Helper()
	var engs struct{ Engagements []struct{ ID string } }
	mustJSON(t, auditroom(t, []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}, "engagement", "list", "--json"), &engs)
	set := map[string]bool{}
	for _, e := range engs.Engagements {
		copies, _ := engagementState(t, data, e.ID)
		for _, c := range copies {
			set[c.SHA256] = true
		}
	}
	return set
}

// sheetText is every cell of a workbook, sheet by sheet (the zip's bytes
// carry times).
func sheetText(t *testing.T, out string) string {
	t.Helper()
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatalf("open %s: %v", out, err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %q\n", sheet, rows)
	}
	return b.String()
}

// packetFindings opens a findings packet as the lead would, into a folder
// of its own, and lists what it holds.
func packetFindings(t *testing.T, out string) string {
	t.Helper()
	lead := []string{"AUDITROOM_DATA=" + filepath.Join(t.TempDir(), "lead"), "AUDITROOM_PASSPHRASE=another passphrase", packetPass}
	var opened struct{ ID, Role string }
	mustJSON(t, auditroom(t, lead, "packet", "open", "--json", out), &opened)
	var list struct {
		Findings []struct{ ID, Status, Classification, Title string }
	}
	mustJSON(t, auditroom(t, lead, "finding", "list", "--engagement", opened.ID, "--json"), &list)
	return fmt.Sprintf("%s %+v", opened.Role, list.Findings)
}
