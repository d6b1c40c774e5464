package sampling

import (
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
)

func date(s string) time.Time {
	t, err := time.Parse(audit.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFrequencySizeDefaults(t *testing.T) {
	want := map[Frequency][2]int{Annual: {1, 1}, Quarterly: {2, 2}, Monthly: {2, 5}, Weekly: {5, 15}, Daily: {20, 40}, MultipleDaily: {25, 60}}
	for _, f := range Frequencies {
		for i, r := range []Risk{LowerRisk, HigherRisk} {
			p, err := FrequencySize(FrequencyInput{Frequency: f, Risk: r})
			if err != nil || p.SampleSize != want[f][i] || p.ProRated {
				t.Errorf("%s %s: got %+v, %v; want %d", f, r, p, err, want[f][i])
			}
			// A full year (and a leap year) keeps the table's size.
			for _, end := range []string{"2026-12-31", "2027-06-30"} {
				p, err = FrequencySize(FrequencyInput{Frequency: f, Risk: r, PeriodStart: date("2026-01-01"), PeriodEnd: date(end), ProRate: true})
				if err != nil || p.SampleSize != want[f][i] || p.ProRated || !strings.Contains(p.Explanation, "12 months or more") {
					t.Errorf("%s %s to %s: got %+v, %v; want %d unchanged", f, r, end, p, err, want[f][i])
				}
			}
		}
	}
	p, err := FrequencySize(FrequencyInput{Frequency: Daily, Risk: HigherRisk, PeriodStart: date("2024-03-01"), PeriodEnd: date("2025-02-28")})
	if err != nil || p.ProRated || p.PeriodDays != 365 {
		t.Errorf("March to February: %+v, %v; want a full year", p, err)
	}
}

func TestFrequencySizeProRated(t *testing.T) {
	for _, tc := range []struct {
		f          Frequency
		r          Risk
		start, end string
		n, occ     int
		explain    string
	}{
		// 90 days: a weekly control runs ⌈90 / 7⌉ = 13 times; 15 × 13 / 52 = 3.75 → 4.
		{Weekly, HigherRisk, "2026-01-01", "2026-03-31", 4, 13, "15 × 13 / 52 = 3.75, rounded up to 4."},
		{Weekly, LowerRisk, "2026-01-01", "2026-03-31", 2, 13, "5 × 13 / 52 = 1.25, rounded up to 2."},
		{Daily, HigherRisk, "2026-01-01", "2026-03-31", 10, 90, "40 × 90 / 365 = 9.86, rounded up to 10."},
		{Daily, LowerRisk, "2026-01-01", "2026-06-30", 10, 181, "20 × 181 / 365 = 9.92"},
		{MultipleDaily, HigherRisk, "2026-01-01", "2026-03-31", 15, 90, "60 × 90 / 365 = 14.79, rounded up to 15."},
		{Monthly, LowerRisk, "2026-01-01", "2026-03-31", 1, 3, "2 × 3 / 12 = 0.5, rounded up to 1."},
		{Monthly, HigherRisk, "2026-04-01", "2026-09-30", 3, 6, "5 × 6 / 12 = 2.5, rounded up to 3."},
		{Quarterly, HigherRisk, "2026-01-01", "2026-03-31", 1, 1, "2 × 1 / 4 = 0.5, rounded up to 1."},
		{Quarterly, HigherRisk, "2026-01-15", "2026-07-14", 1, 2, "2 × 2 / 4 = 1, rounded up to 1."},
		{Monthly, HigherRisk, "2026-01-15", "2026-04-15", 2, 4, "4 times in the period's 4 months; 5 × 4 / 12 = 1.67, rounded up to 2."},
		{Annual, LowerRisk, "2026-01-01", "2026-06-30", 1, 1, "1 × 1 / 1 = 1, rounded up to 1."},
		// One day of a quarterly control: 2 × 1 / 4 rounds up to 1, and one occurrence caps it.
		{Quarterly, LowerRisk, "2026-05-05", "2026-05-05", 1, 1, "rounded up to 1"},
	} {
		p, err := FrequencySize(FrequencyInput{Frequency: tc.f, Risk: tc.r, PeriodStart: date(tc.start), PeriodEnd: date(tc.end), ProRate: true})
		if err != nil || p.SampleSize != tc.n || p.OccurrencesInPeriod != tc.occ || !p.ProRated || !strings.Contains(p.Explanation, tc.explain) {
			t.Errorf("%s %s %s..%s: got n=%d occ=%d %q, %v; want n=%d occ=%d containing %q", tc.f, tc.r, tc.start, tc.end, p.SampleSize, p.OccurrencesInPeriod, p.Explanation, err, tc.n, tc.occ, tc.explain)
		}
	}
}

// A pro-rated size never exceeds the full-year size, never falls below 1,
// and grows with the period.
func TestFrequencySizeProperties(t *testing.T) {
	start := date("2026-01-01")
	for _, f := range Frequencies {
		for _, r := range []Risk{LowerRisk, HigherRisk} {
			full, _ := FrequencySize(FrequencyInput{Frequency: f, Risk: r})
			prev := 0
			for days := 1; days <= 366; days++ {
				p, err := FrequencySize(FrequencyInput{Frequency: f, Risk: r, PeriodStart: start, PeriodEnd: start.AddDate(0, 0, days-1), ProRate: true})
				if err != nil {
					t.Fatal(err)
				}
				if p.SampleSize < 1 || p.SampleSize > full.SampleSize || p.SampleSize < prev {
					t.Fatalf("%s %s %d days: %d (full year %d, a day shorter %d)", f, r, days, p.SampleSize, full.SampleSize, prev)
				}
				prev = p.SampleSize
			}
		}
	}
}

func TestFrequencyErrors(t *testing.T) {
	custom := DefaultFrequencyTable()
	custom[Weekly] = SizeRange{10, 8}
	missing := DefaultFrequencyTable()
	delete(missing, Daily)
	for _, tc := range []struct {
		in   FrequencyInput
		want string
	}{
		{FrequencyInput{Frequency: "hourly", Risk: LowerRisk}, `frequency "hourly" is not one of annual, quarterly, monthly, weekly, daily, multiple-daily`},
		{FrequencyInput{Frequency: Daily, Risk: "medium"}, `risk "medium" is not lower or higher`},
		{FrequencyInput{Frequency: Daily, Risk: LowerRisk, PeriodStart: date("2026-01-01")}, "both the period start and the period end"},
		{FrequencyInput{Frequency: Daily, Risk: LowerRisk, PeriodStart: date("2026-06-01"), PeriodEnd: date("2026-01-01")}, "period end 2026-01-01 is before period start 2026-06-01"},
		{FrequencyInput{Frequency: Daily, Risk: LowerRisk, Table: custom}, "weekly higher-risk size 8 is below the lower-risk size 10"},
		{FrequencyInput{Frequency: Daily, Risk: LowerRisk, Table: missing}, "no sizes for daily"},
	} {
		if _, err := FrequencySize(tc.in); audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("FrequencySize(%+v) = %v, want EINVALID containing %q", tc.in, err, tc.want)
		}
	}
}

// An engagement's own table replaces the defaults.
func TestFrequencyCustomTable(t *testing.T) {
	table := DefaultFrequencyTable()
	table[Daily] = SizeRange{25, 45}
	p, err := FrequencySize(FrequencyInput{Frequency: Daily, Risk: HigherRisk, Table: table})
	if err != nil || p.SampleSize != 45 {
		t.Errorf("custom daily higher: %+v, %v; want 45", p, err)
	}
}
