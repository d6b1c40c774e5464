package audit

import (
	"fmt"
	"strings"
)

// VisibleName shows the bidirectional control characters of a name as
// text, "<U+202E>", rather than obeying them: a file named
// "invoice\u202Egpj.exe" would otherwise read as "invoiceexe.jpg". Every
// name shown to a person (evidence, zip entries, attachments) goes through
// it.
func VisibleName(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isBidiControl(r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidiControl reports the characters that reorder text: the marks
// (ALM, LRM, RLM), the embeddings and overrides (LRE…RLO) and the
// isolates (LRI…PDI).
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}
