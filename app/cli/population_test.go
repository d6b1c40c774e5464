package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type populationOut struct {
	ID           string `json:"id"`
	Rows         int    `json:"rows"`
	Hash         string `json:"hash"`
	SourceSHA256 string `json:"source_sha256"`
	Checks       struct {
		Items []struct {
			ID      string `json:"id"`
			OK      bool   `json:"ok"`
			Count   int    `json:"count"`
			Message string `json:"message"`
		} `json:"items"`
	} `json:"checks"`
}

type sampleOut struct {
	ID             string `json:"id"`
	Algorithm      string `json:"algorithm"`
	Method         string `json:"method"`
	Seed           string `json:"seed"`
	PopulationHash string `json:"population_hash"`
	Items          []struct {
		Number, Index, Row int
		Key                string
	} `json:"items"`
}

// importCSV imports one CSV file and returns its evidence ID: the first 24
// hex digits of its SHA-256.
func importCSV(t *testing.T, env []string, engID, name, content string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var sum importSummary
	mustJSON(t, auditroom(t, env, "import", "--engagement", engID, "--json", dir), &sum)
	if sum.Imported != 1 {
		t.Fatalf("import: %+v", sum)
	}
	h := sha256.Sum256([]byte(content))
	return hex.EncodeToString(h[:12])
}

func TestPopulationAndSampleCommands(t *testing.T) {
	data := t.TempDir()
	env := []string{"AUDITROOM_DATA=" + data, "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	var csv strings.Builder
	csv.WriteString("Ticket;Closed;Amount\n")
	for i := range 300 {
		fmt.Fprintf(&csv, "INC-%d;%02d/%02d/2026;%d,50\n", i, i%28+1, i%12+1, i*10)
	}
	csv.WriteString("INC-7;31/12/2026;1,00\n") // a duplicate key
	ev := importCSV(t, env, id, "incidents.csv", csv.String())

	var p populationOut
	mustJSON(t, auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "ticket",
		"--date", "Closed", "--amount", "C", "--stated-count", "301", "--json"), &p)
	if !strings.HasPrefix(p.ID, "pop_") || p.Rows != 301 || len(p.Hash) != 64 || !strings.HasPrefix(p.SourceSHA256, ev) {
		t.Fatalf("population %+v", p)
	}
	checks := map[string]bool{}
	for _, c := range p.Checks.Items {
		checks[c.ID] = c.OK
	}
	if !checks["count"] || checks["duplicate_keys"] || !checks["dates"] || !checks["amounts"] || !checks["period"] {
		t.Errorf("checks %+v", p.Checks.Items)
	}

	// The text form names the checks to look at.
	r := auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "A", "--date", "B", "--name", "again")
	if r.code != 0 || !strings.Contains(r.stdout, "CHECK  duplicate_keys  1 key appears more than once") || !strings.Contains(r.stdout, "row 302: INC-7, first on row 9") {
		t.Errorf("text output: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Without --date the proposed column is taken and named on stderr.
	r = auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "ticket", "--filter", "ticket=INC-9")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "date column B (Closed: 19 of the first 19 rows are dates); choose another with --date\n") {
		t.Errorf("proposed date column: exit %d, stderr %q", r.code, r.stderr)
	}
	// Filters at freeze time: recorded in canonical form and counted.
	var filtered struct {
		Rows     int    `json:"rows"`
		Excluded int    `json:"excluded"`
		Hash     string `json:"hash"`
		Filters  []struct {
			Header string   `json:"header"`
			Op     string   `json:"op"`
			Values []string `json:"values"`
		} `json:"filters"`
		Frequency    string `json:"frequency"`
		BusinessDays bool   `json:"business_days"`
	}
	mustJSON(t, auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "ticket", "--date", "Closed",
		"--filter", "ticket in (INC-1, INC-2,INC-3)", "--filter", "Closed between 2026-03-01..2026-12-31", "--frequency", "daily", "--business-days", "--json"), &filtered)
	if filtered.Rows != 2 || filtered.Excluded != 299 || filtered.Hash == p.Hash || len(filtered.Filters) != 2 ||
		filtered.Filters[0].Header != "Ticket" || filtered.Filters[0].Op != "in" || strings.Join(filtered.Filters[0].Values, "|") != "INC-1|INC-2|INC-3" ||
		filtered.Filters[1].Op != "between" || filtered.Frequency != "daily" || !filtered.BusinessDays {
		t.Errorf("filtered population %+v", filtered)
	}
	r = auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "ticket", "--date", "Closed", "--filter", "Ticket=INC-5")
	if r.code != 0 || !strings.Contains(r.stdout, "filter Ticket = INC-5\nthe filters left out 300 rows of the file\n") {
		t.Errorf("filtered text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var list struct {
		Populations []populationOut `json:"populations"`
	}
	mustJSON(t, auditroom(t, env, "population", "list", "--engagement", id, "--json"), &list)
	if len(list.Populations) != 5 || list.Populations[0].ID != p.ID {
		t.Errorf("list %+v", list)
	}

	// The same seed draws the same sample; another seed another.
	draw := func(seed string, extra ...string) sampleOut {
		var s sampleOut
		args := append([]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "25", "--seed", seed, "--json"}, extra...)
		mustJSON(t, auditroom(t, env, args...), &s)
		return s
	}
	a, b, c := draw("20261231"), draw("20261231"), draw("other")
	keys := func(s sampleOut) []string {
		var out []string
		for _, it := range s.Items {
			out = append(out, it.Key)
		}
		return out
	}
	if a.Algorithm != "auditroom-random-v1" || a.Method != "random" || a.Seed != "20261231" || a.PopulationHash != p.Hash || len(a.Items) != 25 ||
		a.ID == b.ID || !slices.Equal(keys(a), keys(b)) || slices.Equal(keys(a), keys(c)) {
		t.Errorf("draws %+v\n%+v\n%+v", a, b, c)
	}
	if it := a.Items[0]; it.Number != 1 || it.Row != it.Index+2 {
		t.Errorf("first item %+v", it)
	}
	if m := draw("m", "--method", "mus"); len(m.Items) == 0 || m.Method != "mus" {
		t.Errorf("monetary-unit draw %+v", m)
	}
	// Sized by a plan: the plan comes back in the JSON, with why.
	var planned struct {
		Items []struct{} `json:"items"`
		Plan  struct {
			Basis      string `json:"basis"`
			SampleSize int    `json:"sample_size"`
			Confidence string `json:"confidence"`
			Tolerable  string `json:"tolerable"`
			Rationale  string `json:"rationale"`
			Frequency  struct {
				Frequency string `json:"frequency"`
				Risk      string `json:"risk"`
				ProRated  bool   `json:"pro_rated"`
			} `json:"frequency"`
		} `json:"plan"`
	}
	mustJSON(t, auditroom(t, env, "sample", "draw", "--engagement", id, "--population", p.ID, "--seed", "plan",
		"--frequency", "daily", "--risk", "lower", "--json"), &planned)
	if pl := planned.Plan; len(planned.Items) != 20 || pl.Basis != "frequency" || pl.SampleSize != 20 || pl.Confidence != "90%" || pl.Tolerable != "11%" ||
		pl.Frequency.Frequency != "daily" || pl.Frequency.Risk != "lower" || pl.Frequency.ProRated ||
		pl.Rationale != "A daily control at lower risk: 20 from the frequency table. A test of it is evaluated at 90% confidence and a 11% tolerable rate, what a sample of 20 without deviations supports at lower risk." {
		t.Errorf("planned draw %+v", planned)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"population"}, 2, "population needs a subcommand"},
		{[]string{"population", "create", "--engagement", id, "--key", "a", "--date", "b"}, 2, "--evidence is required"},
		{[]string{"population", "create", "--engagement", id, "--evidence", ev, "--key", "ticket", "--date", "Closed", "--filter", "region"}, 1, `filter "region": no operator`},
		{[]string{"population", "create", "--engagement", id, "--evidence", ev, "--key", "nope", "--date", "Closed"}, 1, `incidents.csv has no column "nope" for the key`},
		{[]string{"population", "create", "--engagement", id, "--evidence", ev, "--key", "a", "--date", "b", "--date-order", "ydm"}, 1, `date order "ydm" must be dmy or mdy`},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "5"}, 2, "--seed is required"},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--seed", "1", "--frequency", "daily", "--confidence", "95%"}, 1, "by frequency or by confidence and tolerable rate, not both"},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "0", "--seed", "1"}, 2, "give --size (items above 0), or --frequency"},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "500", "--seed", "1"}, 1, "sample size 500 is larger than the population of 301 items"},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "5", "--seed", "1", "--method", "stratified"}, 1, "has no stratum column"},
		{[]string{"sample", "draw", "--engagement", id, "--population", "pop_aaaaaaaaaaaa", "--size", "5", "--seed", "1"}, 1, "no population pop_aaaaaaaaaaaa"},
		{[]string{"sample", "draw", "--engagement", id, "--population", p.ID, "--size", "5", "--seed", "1", "--method", "lucky"}, 1, `method "lucky" must be random`},
	} {
		r := auditroom(t, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("auditroom %v: exit %d, stderr %q; want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	var v struct{ Intact bool }
	mustJSON(t, auditroom(t, env, "verify", "--json"), &v)
	if !v.Intact {
		t.Errorf("trail broken")
	}
}
