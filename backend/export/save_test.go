package export_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/sampling"
)

// An export over a file already there is refused, naming it, and leaves
// it as it was; with Overwrite it is replaced. A folder export checks
// every file before it writes any.
func TestSaveRefusesToOverwrite(t *testing.T) {
	d := gather(t)
	dir := t.TempDir()
	ctx := context.Background()
	old := filepath.Join(dir, "csv", "exceptions.csv")
	os.MkdirAll(filepath.Dir(old), 0o700)
	os.WriteFile(old, []byte("kept"), 0o600)
	for _, target := range []export.Target{
		{Format: export.FormatCSV, Path: filepath.Join(dir, "csv")},
		{Format: export.FormatCSV, Kind: export.Exceptions, Path: old},
	} {
		_, err := export.Save(ctx, d, target, nil)
		if audit.ErrorCode(err) != audit.ECONFLICT || !errors.Is(err, export.ErrExists) ||
			audit.ErrorMessage(err) != old+" already exists" {
			t.Errorf("Save(%+v) over a file: %v", target, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "csv", "findings.csv")); err == nil {
			t.Errorf("Save(%+v) wrote findings.csv before refusing", target)
		}
		if b, _ := os.ReadFile(old); string(b) != "kept" {
			t.Errorf("Save(%+v) changed the file it refused to replace: %q", target, b)
		}
	}
	res, err := export.Save(ctx, d, export.Target{Format: export.FormatCSV, Kind: export.Exceptions, Path: old, Overwrite: true}, nil)
	if b, _ := os.ReadFile(old); err != nil || string(b) == "kept" || res.Files[0].Path != old {
		t.Errorf("Save with Overwrite: %+v, %v, file %q", res, err, b)
	}
}

func TestSave(t *testing.T) {
	d := gather(t)
	dir := t.TempDir()
	ctx := context.Background()
	for _, tc := range []struct {
		target export.Target
		files  []string
	}{
		{export.Target{Format: export.FormatXLSX, Path: filepath.Join(dir, "acme.xlsx")}, []string{"acme.xlsx"}},
		{export.Target{Format: export.FormatCSV, Path: filepath.Join(dir, "csv")}, []string{"csv/findings.csv", "csv/exceptions.csv"}},
		{export.Target{Format: export.FormatCSV, Kind: export.Exceptions, Path: filepath.Join(dir, "x.csv")}, []string{"x.csv"}},
		{export.Target{Format: export.FormatOSCAL, Path: filepath.Join(dir, "oscal")}, []string{"oscal/assessment-results.json", "oscal/poam.json"}},
	} {
		res, err := export.Save(ctx, d, tc.target, nil)
		if err != nil {
			t.Fatalf("Save(%+v): %v", tc.target, err)
		}
		if len(res.Files) != len(tc.files) || len(res.Skipped) != 0 || res.EngagementID != fixture.ID {
			t.Fatalf("Save(%+v) = %+v", tc.target, res)
		}
		for i, name := range tc.files {
			f := res.Files[i]
			b, err := os.ReadFile(f.Path)
			if err != nil || f.Path != filepath.Join(dir, name) {
				t.Fatalf("file %d of %+v: %+v, %v", i, tc.target, f, err)
			}
			sum := sha256.Sum256(b)
			if f.Bytes != int64(len(b)) || f.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: reported %d bytes, SHA-256 %s; the file has %d bytes", name, f.Bytes, f.SHA256, len(b))
			}
			if info, _ := os.Stat(f.Path); info.Mode().Perm() != 0o600 {
				t.Errorf("%s is %v, want readable by its owner only", name, info.Mode().Perm())
			}
		}
	}
	if info, _ := os.Stat(filepath.Join(dir, "csv")); info.Mode().Perm() != 0o700 {
		t.Errorf("the export folder is %v, want 0700", info.Mode().Perm())
	}
	partials, _ := filepath.Glob(filepath.Join(dir, "*", "*.partial"))
	more, _ := filepath.Glob(filepath.Join(dir, "*.partial"))
	if len(partials)+len(more) != 0 {
		t.Errorf("partial files left: %v %v", partials, more)
	}

	// Without findings the folder export writes the assessment results and says why there is no POA&M.
	empty := *d
	empty.Findings = nil
	res, err := export.Save(ctx, &empty, export.Target{Format: export.FormatOSCAL, Path: filepath.Join(dir, "none")}, nil)
	if err != nil || len(res.Files) != 1 || res.Files[0].Kind != "assessment-results" || len(res.Skipped) != 1 || res.Skipped[0].File != "poam.json" {
		t.Errorf("OSCAL without findings: %+v, %v", res, err)
	}
}

// A write that fails leaves neither a partial file nor a damaged one.
func TestWriteFileFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.csv")
	if err := os.WriteFile(path, []byte("the previous export"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	_, err := export.WriteFile(path, "findings", func(w io.Writer) error {
		io.WriteString(w, "half a file")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WriteFile: %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the previous export" {
		t.Errorf("the file holds %q after a failed export", b)
	}
	if _, err := os.Stat(path + ".partial"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the partial file is left: %v", err)
	}
	// Nor does a writer that panics.
	func() {
		defer func() { recover() }()
		export.WriteFile(path, "findings", func(w io.Writer) error {
			io.WriteString(w, "half a file")
			panic("a bug")
		})
	}()
	if _, err := os.Stat(path + ".partial"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the partial file is left after a panic: %v", err)
	}
}

func TestSaveRefuses(t *testing.T) {
	d := gather(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, tc := range []struct {
		target export.Target
		want   string
	}{
		{export.Target{Format: "pdf", Path: file}, `export format "pdf" must be xlsx, csv, oscal or jsonl`},
		{export.Target{Format: export.FormatCSV, Path: " "}, "name the file or folder to export to"},
		{export.Target{Format: export.FormatXLSX, Kind: export.Findings, Path: file}, "an xlsx export is one workbook"},
		{export.Target{Format: export.FormatOSCAL, Kind: export.Findings, Path: file}, `oscal kind "findings" must be assessment-results or poam`},
		{export.Target{Format: export.FormatXLSX, Path: dir}, dir + " is a folder: name a file to export to"},
		{export.Target{Format: export.FormatCSV, Path: file}, file + " is a file: name a folder to export into"},
		{export.Target{Format: export.FormatXLSX, Path: filepath.Join(dir, "no", "such", "folder.xlsx")}, "cannot write to "},
	} {
		_, err := export.Save(context.Background(), d, tc.target, nil)
		if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("Save(%+v): %v, want invalid: %q", tc.target, err, tc.want)
		}
	}
	_, err := export.Gather(context.Background(), home, fixture.ID, export.Options{Tolerable: sampling.MustRate("110%")})
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), "tolerable rate 110% is not between 0 and 1") {
		t.Errorf("a tolerable rate of 110%%: %v", err)
	}
}

// While a file is written, nothing of it is named in its folder, so a kill
// mid-write leaves nothing readable; once done, only the file is there.
func TestWriteFileLeavesNothingNamedMidWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "FILE.pdf")
	f, err := export.WriteFile(path, "draft", func(w io.Writer) error {
		if _, err := io.WriteString(w, "confidential findings"); err != nil {
			return err
		}
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != 0 {
			t.Errorf("mid-write the folder holds %v (%v), want nothing", entries, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "FILE.pdf" || f.Bytes != 21 {
		t.Errorf("after the write: %v, %+v", entries, f)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("FILE.pdf: %v, %v; want mode 0600", info.Mode(), err)
	}
	if b, _ := os.ReadFile(path); string(b) != "confidential findings" {
		t.Errorf("FILE.pdf holds %q", b)
	}
}
