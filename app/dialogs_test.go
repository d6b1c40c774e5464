package app

import (
	"slices"
	"testing"

	"auditroom/backend/audit"
)

// The window's dialogs are GTK's, exercised in TestDesktopWindow; here a
// recorder stands in for them to check what each target asks for.
type recordedDialogs struct{ calls [][]string }

func (r *recordedDialogs) OpenFiles(title string) ([]string, error) {
	r.calls = append(r.calls, []string{"files", title})
	return nil, nil // cancelled
}

func (r *recordedDialogs) OpenFolder(title string, create bool) (string, error) {
	r.calls = append(r.calls, []string{"folder", title, map[bool]string{true: "create", false: ""}[create]})
	return "/home/me/out", nil
}

func (r *recordedDialogs) SaveFile(title, name, filterName, pattern string) (string, error) {
	r.calls = append(r.calls, []string{"save", title, name, filterName, pattern})
	return "/home/me/" + name, nil
}

func TestDialogs(t *testing.T) {
	var browser Dialogs
	_, err := browser.SaveAs(SavePDF, "r.pdf")
	wantUIError(t, err, audit.EINVALID, "file dialogs open only in the desktop window: type the full path instead")
	_, err = browser.Import(false)
	wantUIError(t, err, audit.EINVALID, "file dialogs open only in the desktop window: type the full path instead")

	rec := &recordedDialogs{}
	d := Dialogs{native: rec}
	if p, err := d.SaveAs(SavePDF, "Draft findings report.pdf"); err != nil || p != "/home/me/Draft findings report.pdf" {
		t.Errorf("pdf: %q, %v", p, err)
	}
	if p, err := d.SaveAs(SaveFolder, ""); err != nil || p != "/home/me/out" {
		t.Errorf("folder: %q, %v", p, err)
	}
	_, err = d.SaveAs("docx", "x.docx")
	wantUIError(t, err, audit.EINVALID, `save target "docx" must be pdf, xlsx, jsonl or folder`)
	if paths, err := d.Import(false); err != nil || paths == nil || len(paths) != 0 {
		t.Errorf("cancelled import: %#v, %v", paths, err)
	}
	want := [][]string{
		{"save", "Save the findings report", "Draft findings report.pdf", "PDF documents", "*.pdf"},
		{"folder", "Choose the folder to export to", "create"},
		{"files", "Import evidence packs or files"},
	}
	if !slices.EqualFunc(rec.calls, want, slices.Equal) {
		t.Errorf("dialogs asked %q, want %q", rec.calls, want)
	}
}
