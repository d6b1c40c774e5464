package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// A draft may hold a finding the auditor has not yet classified: it is
// printed, marked "not yet evaluated", rather than failing the report.
func TestDraftWithAnUnevaluatedFinding(t *testing.T) {
	r := &Report{
		Engagement: audit.Engagement{Name: "Nordlicht GmbH SOC 2 Type 1", Client: "Nordlicht GmbH", Type: audit.Type1,
			PeriodStart: "2025-06-30", PeriodEnd: "2025-06-30", Categories: []audit.Category{audit.Security}},
		Status: Draft, Date: "2025-08-01", PreparedBy: "Jürgen Weiß",
		Findings: []Finding{{ID: "F-1", Title: "Terminated user kept VPN access", Condition: "One leaver of 25 kept access for 41 days."}},
	}
	pdf, err := Build(context.Background(), r, nil)
	if err != nil {
		t.Fatalf("draft with an unevaluated finding: %v", err)
	}
	all := flat(strings.Join(pageTexts(t, pdf), "\n"))
	for _, want := range []string{"FINDING F-1 NOT YET EVALUATED", "Terminated user kept VPN access"} {
		if !strings.Contains(all, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
}

// Every font a draft uses, the DRAFT stamp's included, is embedded, as
// poppler's pdffonts reads the file.
func TestDraftFontsAreEmbedded(t *testing.T) {
	pdffonts, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("pdffonts (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "draft.pdf")
	if err := os.WriteFile(path, build(t, acme(t, Draft)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdffonts, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	var names []string
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [encoding…] emb sub uni object ID: emb is the fifth from the end.
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("a font is not embedded: %s", l)
		}
		names = append(names, f[0])
	}
	if slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "Helvetica") }) {
		t.Errorf("fonts %v: the stamp's Helvetica is still used", names)
	}
}
