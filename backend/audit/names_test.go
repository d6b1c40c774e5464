package audit

import "testing"

func TestVisibleName(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202Egpj.exe":        "invoice<U+202E>gpj.exe",
		"report\u2066final\u2069.pdf": "report<U+2066>final<U+2069>.pdf",
		"Zugriffsprüfung Q3.xlsx":     "Zugriffsprüfung Q3.xlsx",
		"عقد.pdf":                     "عقد.pdf", // right-to-left letters are not controls
	} {
		if got := VisibleName(in); got != want {
			t.Errorf("VisibleName(%q) = %q, want %q", in, got, want)
		}
	}
}
