package cli_test

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

type searchResults struct {
	Total int `json:"total"`
	Hits  []struct {
		EvidenceID string  `json:"evidence_id"`
		Name       string  `json:"name"`
		Path       string  `json:"path"`
		Type       string  `json:"type"`
		Score      float64 `json:"score"`
		Row        int     `json:"row"`
		Line       int     `json:"line"`
		AsOf       string  `json:"as_of"`
		Fragments  []struct {
			Text       string   `json:"text"`
			Highlights [][2]int `json:"highlights"`
		} `json:"fragments"`
	} `json:"hits"`
	Facets struct {
		Type []struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"type"`
	} `json:"facets"`
}

// searchPack is a small pack: a review under a control folder, a CSV under
// a request folder, a log, a draft and a file with accents.
func searchPack(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	for name, body := range map[string]string{
		"CC6.1_access/review-2026.md": "# Quarterly access review\n\nThe payroll ledger access review was approved by the controller.\n",
		"PBC-012/firewall.csv":        "rule,owner,status\nallow 443,network,Reconciliation approved\n",
		"logs/auth.log":               "2026-03-01 INFO user jdoe logged in\n2026-03-02 INFO user jdoe terminated, access revoked\n",
		"accents.txt":                 "Année fiscale: contrôles clôturés\n",
		"draft.md":                    "Draft access review, not approved\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSearchCommand(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", id, "--json", searchPack(t)), &sum)
	if sum.Imported != 5 {
		t.Fatalf("import: %+v", sum)
	}

	names := func(r searchResults) []string {
		out := []string{}
		for _, h := range r.Hits {
			out = append(out, h.Name)
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range []struct {
		name  string
		query []string
		want  []string // file names, sorted
	}{
		{"words", []string{"payroll", "ledger"}, []string{"review-2026.md"}},
		{"phrase", []string{`"access review"`}, []string{"draft.md", "review-2026.md"}},
		{"phrase in order only", []string{`"review access"`}, []string{}},
		{"prefix", []string{"reconcil*"}, []string{"firewall.csv"}},
		{"fuzzy", []string{"payrol~"}, []string{"review-2026.md"}},
		{"fuzzy two edits", []string{"pyrl~2"}, []string{"review-2026.md"}},
		{"fuzzy one edit only", []string{"pyrl~"}, []string{}},
		{"fuzzy, inflected", []string{"revokd~"}, []string{"auth.log"}},
		{"exclusion", []string{"access", "-draft"}, []string{"auth.log", "review-2026.md"}},
		{"excluded phrase", []string{`access -"not approved"`}, []string{"auth.log", "review-2026.md"}},
		{"control filter", []string{"control:cc6.1"}, []string{"review-2026.md"}},
		{"request filter", []string{"approved request:pbc-012"}, []string{"firewall.csv"}},
		{"type filter", []string{"type:CSV"}, []string{"firewall.csv"}},
		{"excluded type", []string{"approved -type:markdown"}, []string{"firewall.csv"}},
		{"name filter", []string{"name:*.md"}, []string{"draft.md", "review-2026.md"}},
		{"date filter", []string{"access before:2000-01-01"}, []string{}},
		{"accents folded", []string{"annee", "CONTROLES"}, []string{"accents.txt"}},
		{"accents kept", []string{"Année"}, []string{"accents.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r searchResults
			mustJSON(t, auditroom(t, env, append([]string{"search", "--engagement", id, "--json"}, tc.query...)...), &r)
			if got := names(r); !reflect.DeepEqual(got, tc.want) || r.Total != len(tc.want) {
				t.Errorf("search %q: %v (total %d), want %v", tc.query, got, r.Total, tc.want)
			}
		})
	}

	// A hit says where its match is (the log's second line, though its
	// part starts on the first), with fragments as text and highlight ranges.
	var r searchResults
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "revoked"), &r)
	if len(r.Hits) != 1 || r.Hits[0].Line != 2 || r.Hits[0].Type != "log" || r.Hits[0].Path != "logs/auth.log" ||
		len(r.Hits[0].EvidenceID) != 24 || r.Hits[0].Score <= 0 || r.Hits[0].AsOf == "" || len(r.Hits[0].Fragments) != 1 {
		t.Fatalf("revoked: %+v", r)
	}
	f := r.Hits[0].Fragments[0]
	if runes := []rune(f.Text); len(f.Highlights) != 1 || string(runes[f.Highlights[0][0]:f.Highlights[0][1]]) != "revoked" {
		t.Errorf("fragment %+v: want \"revoked\" highlighted", f)
	}
	mustJSON(t, auditroom(t, env, "search", "--engagement", id, "--json", "--limit", "1", "access"), &r)
	if r.Total != 3 || len(r.Hits) != 1 || r.Hits[0].Name != "review-2026.md" {
		t.Errorf("--limit 1: %+v", r)
	}

	// Text: a line a hit, the match in «».
	out := auditroom(t, env, "search", "--engagement", id, "Annee")
	lines := strings.Split(strings.TrimSpace(out.stdout), "\n")
	if out.code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "accents.txt") || !strings.Contains(lines[0], "line 1") ||
		!strings.Contains(lines[0], "«Année» fiscale") || !strings.HasPrefix(lines[1], "1–1 of 1 files") {
		t.Errorf("text output: exit %d\n%s", out.code, out.stdout)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{`access "review`}, 1, "auditroom: unclosed quote at position 8\n"},
		{[]string{"owner:alice"}, 1, "auditroom: unknown filter owner: at position 1: filters are type, control, request, pack, name, after, before, status, year; put text with a colon in quotes\n"},
		{[]string{"after:2026-02-30"}, 1, "auditroom: after:2026-02-30 at position 1 is not a date: use YYYY-MM-DD, YYYY-MM or YYYY\n"},
		{[]string{}, 2, "type a query"},
		{[]string{"access", "--json"}, 2, "put --json before the query"},
		{[]string{"--limit", "0", "access"}, 2, "--limit must be between 1 and 500"},
	} {
		r := auditroom(t, env, append([]string{"search", "--engagement", id}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("search %q: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.want)
		}
	}
	if r := auditroom(t, env, "search", "access"); r.code != 2 || !strings.Contains(r.stderr, "--engagement is required") {
		t.Errorf("no engagement: exit %d, %q", r.code, r.stderr)
	}
}
