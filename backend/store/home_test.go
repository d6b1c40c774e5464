package store

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf16"

	"auditroom/backend/audit"
)

func TestEngagementSurvivesReopen(t *testing.T) {
	h := newHome(t)
	created := mustCreateEngagement(t, h, acme())
	mustClose(t, h)

	h = mustOpen(t, h.Dir())
	list, err := h.Engagements(context.Background())
	if err != nil {
		t.Fatalf("Engagements: %v", err)
	}
	want := audit.Engagement{
		ID:          created.ID,
		Name:        "Acme FY26",
		Client:      "Acme Holdings",
		Type:        audit.Type2,
		PeriodStart: "2026-01-01",
		PeriodEnd:   "2026-12-31",
		Categories:  []audit.Category{audit.Security, audit.Availability},
		CreatedAt:   created.CreatedAt,
		CreatedBy:   "alice@example.com",
	}
	if len(list) != 1 || !reflect.DeepEqual(list[0], want) {
		t.Fatalf("Engagements after reopen = %+v, want [%+v]", list, want)
	}
	if !validID.MatchString(created.ID) || created.CreatedAt.IsZero() || created.CreatedAt.Location().String() != "UTC" {
		t.Errorf("created engagement has ID %q, CreatedAt %v: want eng_ + 12 base32, a UTC time", created.ID, created.CreatedAt)
	}
	got, err := h.Engagement(context.Background(), created.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Engagement(%s) = %+v, %v, want %+v", created.ID, got, err, want)
	}
}

func TestEngagementsNewestFirst(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	if list, err := h.Engagements(ctx); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("Engagements of a new folder = %#v, %v, want an empty slice", list, err)
	}
	var ids []string
	for _, name := range []string{"first", "second", "third"} {
		e := acme()
		e.Name = name
		ids = append(ids, mustCreateEngagement(t, h, e).ID)
	}
	list, err := h.Engagements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.ID)
	}
	want := []string{ids[2], ids[1], ids[0]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Engagements order = %v, want %v", got, want)
	}
}

func TestNothingReadableOnDisk(t *testing.T) {
	h := newHome(t)
	secrets := []string{"Zanzibar Quokka Trust", "Project Nightjar FY26", "xq7-marmalade-9"}
	mustCreateEngagement(t, h, audit.Engagement{
		Name: secrets[1] + " " + secrets[2], Client: secrets[0], Type: audit.Type1, PeriodStart: "2026-06-30",
	})
	mustCreateEngagement(t, h, audit.Engagement{
		Name: secrets[1], Client: secrets[0] + " Ltd", Type: audit.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31",
	})
	mustClose(t, h)

	var needles [][]byte
	for _, s := range secrets {
		needles = append(needles, []byte(s))
		var le []byte
		for _, u := range utf16.Encode([]rune(s)) {
			le = append(le, byte(u), byte(u>>8))
		}
		needles = append(needles, le)
	}
	files, control := 0, false
	err := filepath.WalkDir(h.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Positive control: the scan does see plain text where there is some.
		control = control || bytes.Contains(b, []byte(`"kdf":"argon2id"`))
		for _, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("%s contains %q in plain bytes", path, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !control {
		t.Error("the scan did not find auditroom.json's plain settings; it reads nothing")
	}
	if files < 5 {
		t.Fatalf("walked %d files; the data folder should hold more", files)
	}
}

func TestWrongPassphrase(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	mustClose(t, h)

	before := hashDir(t, h.Dir())
	for _, wrong := range []string{"not the passphrase", "", testPassphrase + " "} {
		_, err := Open(context.Background(), h.Dir(), wrong)
		wantError(t, err, audit.EPASSPHRASE, "wrong passphrase")
	}
	if after := hashDir(t, h.Dir()); after != before {
		t.Fatalf("a failed Open changed the data folder")
	}
	h = mustOpen(t, h.Dir())
	list, err := h.Engagements(context.Background())
	if err != nil || len(list) != 1 || list[0].ID != e.ID {
		t.Fatalf("Engagements after failed attempts = %+v, %v, want %s", list, err, e.ID)
	}
}

func TestCreateRefusesShortPassphrase(t *testing.T) {
	dir := t.TempDir()
	_, err := Create(context.Background(), dir, "seven77")
	wantError(t, err, audit.EINVALID, "passphrase must be at least 8 characters")
	if Initialized(dir) {
		t.Fatal("a refused Create left the folder initialised")
	}
}

func TestCreateConflictAndOpenNotFound(t *testing.T) {
	h := newHome(t)
	if !Initialized(h.Dir()) {
		t.Fatal("Initialized after Create = false")
	}
	_, err := Create(context.Background(), h.Dir(), testPassphrase)
	wantError(t, err, audit.ECONFLICT, "")

	empty := t.TempDir()
	_, err = Open(context.Background(), empty, testPassphrase)
	wantError(t, err, audit.ENOTFOUND, "no audit room data in "+empty)
}

func TestCreateReplacesAbandonedHome(t *testing.T) {
	// A Create that died before writing auditroom.json leaves a home
	// database nobody can open; the next Create must not trip over it.
	h := newHome(t)
	mustClose(t, h)
	if err := os.Remove(settingsPath(h.Dir())); err != nil {
		t.Fatal(err)
	}
	h2, err := Create(context.Background(), h.Dir(), "another passphrase")
	if err != nil {
		t.Fatalf("Create over an abandoned home: %v", err)
	}
	mustClose(t, h2)
	if _, err := Open(context.Background(), h.Dir(), "another passphrase"); err != nil {
		t.Fatalf("Open after recreate: %v", err)
	}
}

func TestCreateLeavesForeignHomeAlone(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "home", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(mine), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Create(context.Background(), dir, testPassphrase)
	wantError(t, err, audit.ECONFLICT, "")
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("Create removed a file it did not make: %v", err)
	}
}

func TestOpenTwiceLocked(t *testing.T) {
	h := newHome(t)
	_, err := Open(context.Background(), h.Dir(), testPassphrase)
	wantError(t, err, audit.ELOCKED, "data folder "+h.Dir()+" is open in another Audit Room process")
	// The first Home is unharmed.
	if _, err := h.Engagements(context.Background()); err != nil {
		t.Fatalf("Engagements on the first Home: %v", err)
	}
}

func TestClosedHomeIsLocked(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	mustClose(t, h)
	mustClose(t, h) // twice is harmless
	ctx := context.Background()
	_, err := h.Engagements(ctx)
	wantError(t, err, audit.ELOCKED, "")
	_, _, err = h.Trail(ctx, e.ID, 0, 0)
	wantError(t, err, audit.ELOCKED, "")
}

func TestRealKDFParameters(t *testing.T) {
	saved := kdfDefaults
	kdfDefaults = realKDF
	defer func() { kdfDefaults = saved }()

	h := newHome(t)
	mustClose(t, h)
	s, err := readSettings(h.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if s.Time != 3 || s.MemoryKiB != 65536 || s.Threads != 4 || s.KDF != "argon2id" || len(s.Salt) != 16 {
		t.Fatalf("settings = %+v, want argon2id t=3 m=65536 p=4 with a 16-byte salt", s)
	}
	_, err = Open(context.Background(), h.Dir(), "wrong passphrase!")
	wantError(t, err, audit.EPASSPHRASE, "wrong passphrase")
	mustClose(t, mustOpen(t, h.Dir()))
}
