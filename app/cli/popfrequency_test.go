package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPopulationFrequencyFromControl builds an engagement from nothing with
// a control matrix giving CC8.1-01 as weekly, and a weekly change log with
// one week missing: the population for CC8.1-01 takes the control's
// frequency, and its gap check reports only that gap; a typed frequency
// overrides it, and each population says where its frequency came from.
func TestPopulationFrequencyFromControl(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env) // period 2026-01-01 to 2026-12-31
	matrix := writeFile(t, "matrix.csv", "Control ID,Control,Frequency,TSC\nCC8.1-01,Weekly change review,Weekly,CC8.1\nCC6.1-01,Access review,,CC6.1\n")
	if r := auditroom(t, env, "controls", "import", "--engagement", id, matrix); r.code != 0 {
		t.Fatalf("controls import: %q", r.stderr)
	}
	// A review every Thursday from 1 January to 31 December, but none on 12 March.
	var log strings.Builder
	log.WriteString("Review,Reviewed on\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := 0; k <= 52; k++ {
		if k != 10 {
			fmt.Fprintf(&log, "REV-%02d,%s\n", k, start.AddDate(0, 0, 7*k).Format("2006-01-02"))
		}
	}
	pack := filepath.Join(t.TempDir(), "pack")
	if err := os.MkdirAll(pack, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pack, "change reviews.csv"), []byte(log.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := auditroom(t, env, "import", "--engagement", id, pack); r.code != 0 {
		t.Fatalf("import: %q", r.stderr)
	}
	ev := evidenceID(log.String())

	type pop struct {
		Control         string `json:"control"`
		Frequency       string `json:"frequency"`
		FrequencySource string `json:"frequency_source"`
		Rows            int    `json:"rows"`
		Checks          struct {
			Items []struct {
				ID       string `json:"id"`
				OK       bool   `json:"ok"`
				Count    int    `json:"count"`
				Message  string `json:"message"`
				Examples []struct {
					From string `json:"from"`
					To   string `json:"to"`
					Days int    `json:"days"`
				} `json:"examples"`
			} `json:"items"`
		} `json:"checks"`
	}
	gaps := func(p pop) string {
		for _, c := range p.Checks.Items {
			if c.ID == "gaps" {
				var ex []string
				for _, e := range c.Examples {
					ex = append(ex, fmt.Sprintf("%s..%s %d", e.From, e.To, e.Days))
				}
				return fmt.Sprintf("%d: %s [%s]", c.Count, c.Message, strings.Join(ex, ", "))
			}
		}
		t.Fatalf("no gaps check in %+v", p.Checks)
		return ""
	}
	create := func(extra ...string) pop {
		t.Helper()
		var p pop
		args := append([]string{"population", "create", "--engagement", id, "--evidence", ev, "--key", "Review", "--date", "Reviewed on", "--json"}, extra...)
		mustJSON(t, auditroom(t, env, args...), &p)
		return p
	}

	weekly := create("--control", "CC8.1-01")
	if weekly.Control != "CC8.1-01" || weekly.Frequency != "weekly" || weekly.FrequencySource != "control" || weekly.Rows != 52 {
		t.Fatalf("population for CC8.1-01: %+v", weekly)
	}
	if got, want := gaps(weekly), "1: 1 gap of 7 days or more without rows, longer than a weekly control allows; the longest runs from 2026-03-06 to 2026-03-18 (13 days) [2026-03-06..2026-03-18 13]"; got != want {
		t.Fatalf("gap check of the weekly population:\n%s\nwant\n%s", got, want)
	}
	if r := auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "Review", "--date", "Reviewed on", "--control", "CC8.1-01"); r.code != 0 ||
		!strings.Contains(r.stdout, "gap check frequency from control CC8.1-01 (weekly)\n") {
		t.Fatalf("population create text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Typed, the frequency wins over the control's: every day without a row is a gap.
	daily := create("--control", "CC8.1-01", "--frequency", "daily")
	if daily.Control != "CC8.1-01" || daily.Frequency != "daily" || daily.FrequencySource != "typed" {
		t.Fatalf("typed over the control: %+v", daily)
	}
	if got := gaps(daily); !strings.HasPrefix(got, "51: 313 of the 365 days in the period have no rows, in 51 gaps; the longest runs from 2026-03-06 to 2026-03-18 (13 days)") {
		t.Fatalf("gap check of the daily population: %s", got)
	}
	// A control whose matrix row gives no frequency leaves every day to check.
	none := create("--control", "CC6.1-01")
	if none.Control != "CC6.1-01" || none.Frequency != "" || none.FrequencySource != "" {
		t.Fatalf("control without a frequency: %+v", none)
	}
	if r := auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "Review", "--date", "Reviewed on", "--control", "CC9.9"); r.code != 1 ||
		r.stderr != "auditroom: no control CC9.9\n" {
		t.Fatalf("unknown control: exit %d, %q", r.code, r.stderr)
	}
}
