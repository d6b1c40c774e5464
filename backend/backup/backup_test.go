package backup

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"auditroom/backend/agefile"
	"auditroom/backend/audit"
	"auditroom/backend/store"
)

const pass = "correct horse battery"

func TestMain(m *testing.M) {
	ScheduledWorkFactor = 10 // the format is the same at the lowest cost
	os.Exit(m.Run())
}

// folder makes a data folder with one engagement holding one evidence
// file, stored as an import stores it, and closes it.
func folder(t *testing.T) (dir, id string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	h, err := store.Create(ctx, dir, pass)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	e, err := h.CreateEngagement(ctx, "ana", audit.Engagement{Name: "Acme FY26", Client: "Acme Holdings", Type: audit.Type1, PeriodStart: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("Wombat backup register, signed 2026-02-01\n")
	sum := sha256.Sum256(content)
	ev := audit.Evidence{ID: hex.EncodeToString(sum[:12]), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Name: "wombat.txt", Path: "wombat.txt", Pack: "pack", Type: "text", Status: "extracted"}
	if _, err := h.PutContent(ctx, e.ID, ev.ID, bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.CommitEvidence(ctx, e.ID, "ana", ev, audit.Provenance{Pack: "pack", Path: "wombat.txt"}); err != nil {
		t.Fatal(err)
	}
	return dir, e.ID
}

func open(t *testing.T, dir string) *store.Home {
	t.Helper()
	h, err := store.Open(context.Background(), dir, pass)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestScheduledKeepsTheNewest closes a data folder seven times after a
// change and once without: a backup is written at each close that follows
// a change, named by its time, and the newest five are kept.
func TestScheduledKeepsTheNewest(t *testing.T) {
	dir, id := folder(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now = func() time.Time { return at }
	t.Cleanup(func() { now = time.Now })
	var warned []error
	for i := range 7 {
		h := open(t, dir)
		h.OnClose(OnClose(h, "ana", pass, func(err error) { warned = append(warned, err) }))
		if err := h.RecordEvent(ctx, id, "ana", "note", "engagement/"+id, map[string]int{"close": i}); err != nil {
			t.Fatal(err)
		}
		h.Close()
		at = at.Add(90 * time.Minute)
	}
	// Opened and read, not changed: no backup.
	h := open(t, dir)
	h.OnClose(OnClose(h, "ana", pass, func(err error) { warned = append(warned, err) }))
	if _, err := h.Engagement(ctx, id); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if len(warned) > 0 {
		t.Fatalf("warnings: %v", warned)
	}
	got, err := Kept(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"20260302T120000.000Z.age", "20260302T133000.000Z.age", "20260302T150000.000Z.age",
		"20260302T163000.000Z.age", "20260302T180000.000Z.age"}
	if !slices.Equal(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}

	// The newest holds the last change: restored elsewhere, its trail ends
	// with the seventh note and then the restore.
	other := t.TempDir()
	h2, err := store.Create(ctx, other, "another passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	res, err := Restore(ctx, h2, filepath.Join(Folder(dir, id), want[4]), pass, RestoreOptions{Actor: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := h2.Trail(ctx, id, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if !res.Intact || res.Evidence != 1 || len(events) != 10 || string(events[8].Change) != `{"close":6}` || actions[9] != "engagement.restore" {
		t.Errorf("restored %+v with trail %v (last note %s)", res, actions, events[8].Change)
	}

	// Set to keep two, the next close prunes to the newest two.
	h = open(t, dir)
	if err := h.SetBackupsKept(ctx, 2); err != nil {
		t.Fatal(err)
	}
	h.OnClose(OnClose(h, "ana", pass, func(err error) { warned = append(warned, err) }))
	h.RecordEvent(ctx, id, "ana", "note", "engagement/"+id, nil)
	h.Close()
	if got, _ := Kept(dir, id); !slices.Equal(got, []string{"20260302T180000.000Z.age", "20260302T193000.000Z.age"}) {
		t.Errorf("keeping two: %v", got)
	}
}

// rewrite decrypts a backup, changes its plaintext with edit, and seals it
// again with the same passphrase: an intact age file whose content lies.
func rewrite(t *testing.T, path string, edit func([]byte) []byte) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := agefile.Decrypt(f, pass)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "edited.age")
	err = agefile.WriteNew(out, func(w io.Writer) error {
		aw, err := agefile.Encrypt(w, pass, 10)
		if err != nil {
			return err
		}
		aw.Write(edit(plain))
		return aw.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRestoreChecksTheManifest restores backups whose age layer is intact
// but whose content was changed inside: an edited trail event, and content
// that no longer hashes to its record, with the manifest made to match.
func TestRestoreChecksTheManifest(t *testing.T) {
	dir, id := folder(t)
	ctx := context.Background()
	h := open(t, dir)
	file := filepath.Join(t.TempDir(), "acme.age")
	if _, err := Write(ctx, h, id, "ana", file, pass, 10); err != nil {
		t.Fatal(err)
	}
	h.Close()

	trail := rewrite(t, file, func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"actor":"ana"`), []byte(`"actor":"eve"`), 1)
	})
	// The content changed and the manifest recomputed from what is there.
	content := rewrite(t, file, func(b []byte) []byte {
		b = bytes.Replace(b, []byte("Wombat backup"), []byte("Wombat BACKUP"), 1)
		var out bytes.Buffer
		fw := &frameWriter{w: &out}
		fw.raw([]byte(magic))
		parts := newParts()
		readFrames(t, b, func(tag byte, fields [][]byte) {
			switch tag {
			case 'H':
				fw.frame('H', fields[0])
			case 'E':
				parts.add(store.Entry{Key: fields[0], Value: fields[1]})
				fw.frame('E', fields...)
			}
		})
		fw.json('M', parts.manifest())
		return out.Bytes()
	})

	other := t.TempDir()
	h2, err := store.Create(ctx, other, pass)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	for _, c := range []struct{ file, want string }{
		{trail, "backup edited.age fails its checks: part trail does not match its SHA-256 in the manifest; nothing was restored"},
		{content, "backup edited.age fails its checks: the content of evidence " + evidenceID(t) + " does not hash to the SHA-256 its record states; nothing was restored"},
	} {
		_, err := Restore(ctx, h2, c.file, pass, RestoreOptions{Actor: "ben"})
		if audit.ErrorCode(err) != audit.EINVALID || audit.ErrorMessage(err) != c.want {
			t.Errorf("restore: %v; want %q", err, c.want)
		}
	}
	if list, _ := h2.Engagements(ctx); len(list) != 0 {
		t.Errorf("refused restores left %v", list)
	}
	if entries, _ := os.ReadDir(filepath.Join(other, "engagements")); len(entries) != 0 {
		t.Errorf("refused restores left folders %v", entries)
	}
}

func evidenceID(t *testing.T) string {
	sum := sha256.Sum256([]byte("Wombat backup register, signed 2026-02-01\n"))
	return hex.EncodeToString(sum[:12])
}

// readFrames walks the frames of a backup's plaintext.
func readFrames(t *testing.T, b []byte, fn func(tag byte, fields [][]byte)) {
	t.Helper()
	in := bytesReader(b[len(magic):])
	for {
		tag, err := in.ReadByte()
		if err == io.EOF {
			return
		}
		n := 1
		if tag == 'E' {
			n = 2
		}
		var fields [][]byte
		for range n {
			f, err := field(in)
			if err != nil {
				t.Fatal(err)
			}
			fields = append(fields, f)
		}
		fn(tag, fields)
	}
}

func bytesReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
