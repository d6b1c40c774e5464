package pack

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// An office document is a zip, but one piece of evidence: its parts are not
// walked, whether it is the pack, sits in a folder, or in a zip.
func TestDocumentsAreNotWalked(t *testing.T) {
	var doc bytes.Buffer
	zw := zip.NewWriter(&doc)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<xml/>"))
	}
	zw.Close()
	var pack bytes.Buffer
	zw = zip.NewWriter(&pack)
	w, _ := zw.Create("inner/report.docx")
	w.Write(doc.Bytes())
	zw.Close()

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "report.docx"), doc.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "pack.zip"), pack.Bytes(), 0o644)
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{filepath.Join(dir, "report.docx"), []string{"report.docx"}},
		{filepath.Join(dir, "pack.zip"), []string{"inner/report.docx"}},
		{dir, []string{"pack.zip", "pack.zip/inner/report.docx", "report.docx"}},
	} {
		var got []string
		if _, err := Walk(context.Background(), tc.src, DefaultLimits(), func(e Entry) error {
			got = append(got, e.Path)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("Walk(%s) visited %v, want %v", tc.src, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Walk(%s) visited %v, want %v", tc.src, got, tc.want)
				break
			}
		}
	}
}
