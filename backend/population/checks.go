package population

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"time"

	"auditroom/backend/audit"
)

// maxExamples is how many rows each check names.
const maxExamples = 5

// Check IDs, in the order the checks are listed.
const (
	CheckCount      = "count"          // rows against the count the client stated
	CheckPeriod     = "period"         // rows dated outside the period
	CheckGaps       = "gaps"           // days of the period without rows
	CheckDuplicates = "duplicate_keys" // keys on more than one row
	CheckBlankKeys  = "blank_keys"     // rows without a key
	CheckDates      = "dates"          // date cells that are not dates
	CheckAmounts    = "amounts"        // amount cells that are not amounts
)

// Checks are the completeness checks shown with a population.
type Checks struct {
	Period      Period  `json:"period"`               // the period the dates were checked against
	FirstDate   string  `json:"first_date,omitempty"` // of the rows with a date
	LastDate    string  `json:"last_date,omitempty"`
	BlankRows   int     `json:"blank_rows"`             // rows with no cell filled, skipped
	AmountTotal *Amount `json:"amount_total,omitempty"` // of the amounts read
	Items       []Check `json:"items"`
}

// Check is one completeness check: whether it passed, how many rows it
// concerns, a sentence saying so, and the first rows concerned.
type Check struct {
	ID       string    `json:"id"`
	OK       bool      `json:"ok"`
	Count    int       `json:"count"`
	Message  string    `json:"message"`
	Examples []Example `json:"examples,omitempty"`
}

// Example is one row a check concerns (or, for gaps, one gap).
type Example struct {
	Row      int    `json:"row,omitempty"`       // the row in the file
	Key      string `json:"key,omitempty"`       // its key
	Value    string `json:"value,omitempty"`     // the cell as written
	Reason   string `json:"reason,omitempty"`    // why the cell could not be read
	FirstRow int    `json:"first_row,omitempty"` // a duplicate key's first row
	From     string `json:"from,omitempty"`      // a gap's first day
	To       string `json:"to,omitempty"`        // a gap's last day
	Days     int    `json:"days,omitempty"`      // a gap's length
}

// checker computes the checks row by row. Duplicate keys are found by a
// map from each key's 128-bit hash to its first row, so the keys
// themselves need not stay in memory.
type checker struct {
	start, end time.Time
	perDay     []int32 // rows dated on each day of the period
	stated     *int
	hasAmount  bool
	rule       gapRule

	rows, blankRows    int
	first, last        string
	outside, badDate   []Example
	outsideN, badDateN int
	blankKey           []Example
	blankKeyN          int
	badAmount          []Example
	badAmountN         int
	total              int64
	overflow           bool
	seen               map[[16]byte]uint32 // key hash → first row, high bit once seen twice
	dupRows, dupKeys   int
	dupExamples        []Example
}

const repeated = 1 << 31

func newChecker(p Period, stated *int, hasAmount bool, rule gapRule) (*checker, error) {
	start, err := audit.ParseDate("period start", p.Start)
	if err != nil {
		return nil, err
	}
	end, err := audit.ParseDate("period end", p.End)
	if err != nil {
		return nil, err
	}
	days := int(end.Sub(start).Hours()/24) + 1
	if days < 1 || days > 3700 {
		return nil, audit.Errorf(audit.EINVALID, "period %s to %s is not one a population can be checked against", p.Start, p.End)
	}
	return &checker{start: start, end: end, perDay: make([]int32, days), stated: stated, hasAmount: hasAmount, rule: rule,
		seen: map[[16]byte]uint32{}}, nil
}

func (c *checker) add(row int, key, date, dateCell, dateWhy string, amount *Amount, amountCell, amountWhy string) {
	c.rows++
	if key == "" {
		c.blankKeyN++
		if len(c.blankKey) < maxExamples {
			c.blankKey = append(c.blankKey, Example{Row: row})
		}
	} else {
		sum := sha256.Sum256([]byte(key))
		var k [16]byte
		copy(k[:], sum[:16])
		if first, ok := c.seen[k]; ok {
			c.dupRows++
			if first&repeated == 0 {
				c.dupKeys++
				c.seen[k] = first | repeated
			}
			if len(c.dupExamples) < maxExamples {
				c.dupExamples = append(c.dupExamples, Example{Row: row, Key: key, FirstRow: int(first &^ repeated)})
			}
		} else {
			c.seen[k] = uint32(row)
		}
	}
	if date == "" {
		c.badDateN++
		if len(c.badDate) < maxExamples {
			c.badDate = append(c.badDate, Example{Row: row, Key: key, Value: dateCell, Reason: dateWhy})
		}
	} else {
		if c.first == "" || date < c.first {
			c.first = date
		}
		if date > c.last {
			c.last = date
		}
		t, _ := time.Parse(audit.DateLayout, date)
		if t.Before(c.start) || t.After(c.end) {
			c.outsideN++
			if len(c.outside) < maxExamples {
				c.outside = append(c.outside, Example{Row: row, Key: key, Value: date})
			}
		} else {
			c.perDay[int(t.Sub(c.start).Hours()/24)]++
		}
	}
	if !c.hasAmount {
		return
	}
	if amount == nil {
		c.badAmountN++
		if len(c.badAmount) < maxExamples {
			c.badAmount = append(c.badAmount, Example{Row: row, Key: key, Value: amountCell, Reason: amountWhy})
		}
		return
	}
	c.total += int64(*amount)
	if c.total > maxAmount*1000 || c.total < -maxAmount*1000 {
		c.overflow = true
	}
}

// result lists the checks in a fixed order.
func (c *checker) result() Checks {
	out := Checks{Period: Period{c.start.Format(audit.DateLayout), c.end.Format(audit.DateLayout)},
		FirstDate: c.first, LastDate: c.last, BlankRows: c.blankRows}
	if c.hasAmount && !c.overflow {
		t := Amount(c.total)
		out.AmountTotal = &t
	}
	period := out.Period.Start + " to " + out.Period.End
	rows := count(c.rows, "row", "rows")

	cnt := Check{ID: CheckCount, OK: true, Count: c.rows, Message: rows + "; the client stated no count"}
	if c.stated != nil {
		s := *c.stated
		cnt.OK = s == c.rows
		switch {
		case s == c.rows:
			cnt.Message = rows + ", as the client stated"
		case c.rows < s:
			cnt.Message = fmt.Sprintf("%s, %s fewer than the %s the client stated", rows, thousands(s-c.rows), thousands(s))
		default:
			cnt.Message = fmt.Sprintf("%s, %s more than the %s the client stated", rows, thousands(c.rows-s), thousands(s))
		}
	}
	out.Items = append(out.Items, cnt)

	p := Check{ID: CheckPeriod, OK: c.outsideN == 0, Count: c.outsideN, Examples: c.outside,
		Message: "every dated row falls in the period " + period}
	if c.outsideN > 0 {
		p.Message = fmt.Sprintf("%s dated outside the period %s", count(c.outsideN, "row is", "rows are"), period)
	}
	out.Items = append(out.Items, p)
	out.Items = append(out.Items, c.gaps())

	d := Check{ID: CheckDuplicates, OK: c.dupRows == 0, Count: c.dupRows, Examples: c.dupExamples, Message: "no key appears on more than one row"}
	if c.dupRows > 0 {
		d.Message = fmt.Sprintf("%s more than once: %s repeat an earlier row's key",
			count(c.dupKeys, "key appears", "keys appear"), count(c.dupRows, "row", "rows"))
	}
	out.Items = append(out.Items, d)

	b := Check{ID: CheckBlankKeys, OK: c.blankKeyN == 0, Count: c.blankKeyN, Examples: c.blankKey, Message: "every row has a key"}
	if c.blankKeyN > 0 {
		b.Message = count(c.blankKeyN, "row has", "rows have") + " no key"
	}
	out.Items = append(out.Items, b)

	dt := Check{ID: CheckDates, OK: c.badDateN == 0, Count: c.badDateN, Examples: c.badDate, Message: "every row has a date"}
	if c.badDateN > 0 {
		dt.Message = count(c.badDateN, "row has", "rows have") + " no date that can be read"
	}
	out.Items = append(out.Items, dt)

	if c.hasAmount {
		a := Check{ID: CheckAmounts, OK: c.badAmountN == 0, Count: c.badAmountN, Examples: c.badAmount, Message: "every row has an amount"}
		if c.badAmountN > 0 {
			a.Message = count(c.badAmountN, "row has", "rows have") + " no amount that can be read"
		}
		out.Items = append(out.Items, a)
	}
	return out
}

// gapRule is what the gap check allows: the control's frequency and
// whether it operates on business days only.
type gapRule struct {
	frequency string
	business  bool
}

// gapAllowance is, by frequency, the fewest days without rows that make a
// gap: a daily control (or one that operates several times a day, or as
// needed, or of no stated frequency) should leave no day without rows, a
// weekly one no 7 days running, a monthly one no 31, a quarterly one no
// 92, an annual one no 366.
var gapAllowance = map[string]int{"": 1, "as-needed": 1, "multiple-daily": 1, "daily": 1,
	"weekly": 7, "monthly": 31, "quarterly": 92, "annual": 366}

// skips reports whether day i of the period is not an operating day: a
// Saturday or Sunday for a business-day control counted in days.
func (c *checker) skips(i int) bool {
	if !c.rule.business || gapAllowance[c.rule.frequency] != 1 {
		return false
	}
	wd := c.start.AddDate(0, 0, i).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// gaps lists the runs of consecutive days in the period on which no row is
// dated and that are at least as long as the control's frequency allows
// (gapAllowance), the longest first. For a business-day control counted in
// days, weekends neither count nor end a run: a row missing on Friday and
// Monday is one gap of two business days.
func (c *checker) gaps() Check {
	type gap struct{ from, to, days int }
	var all []gap
	allow := gapAllowance[c.rule.frequency]
	unit, units := "day", "days"
	if allow == 1 && c.rule.business {
		unit, units = "business day", "business days"
	}
	empty, operating := 0, 0
	for i := 0; i < len(c.perDay); {
		if c.skips(i) {
			i++
			continue
		}
		operating++
		if c.perDay[i] != 0 {
			i++
			continue
		}
		g := gap{from: i}
		j := i
		for ; j < len(c.perDay) && (c.perDay[j] == 0 || c.skips(j)); j++ {
			if !c.skips(j) {
				g.days++
				g.to = j
			}
		}
		operating += g.days - 1
		if g.days >= allow {
			all = append(all, g)
			empty += g.days
		}
		i = j
	}
	slices.SortStableFunc(all, func(a, b gap) int { return cmp.Compare(b.days, a.days) })
	ch := Check{ID: CheckGaps, OK: len(all) == 0, Count: len(all)}
	switch {
	case allow == 1:
		ch.Message = "every " + unit + " of the period has at least one row"
	default:
		ch.Message = fmt.Sprintf("no %d days running without rows, as a %s control allows", allow, c.rule.frequency)
	}
	for _, g := range all[:min(len(all), maxExamples)] {
		ch.Examples = append(ch.Examples, Example{
			From: c.start.AddDate(0, 0, g.from).Format(audit.DateLayout),
			To:   c.start.AddDate(0, 0, g.to).Format(audit.DateLayout),
			Days: g.days,
		})
	}
	if len(all) == 0 {
		return ch
	}
	e := ch.Examples[0]
	if allow == 1 {
		ch.Message = fmt.Sprintf("%s of the %s in the period %s no rows, in %s; the longest runs from %s to %s (%s)",
			thousands(empty), count(operating, unit, units), plural(empty, "has", "have"),
			count(len(all), "gap", "gaps"), e.From, e.To, count(e.Days, unit, units))
		return ch
	}
	ch.Message = fmt.Sprintf("%s of %d days or more without rows, longer than a %s control allows; the longest runs from %s to %s (%s)",
		count(len(all), "gap", "gaps"), allow, c.rule.frequency, e.From, e.To, count(e.Days, "day", "days"))
	return ch
}

func count(n int, one, many string) string { return thousands(n) + " " + plural(n, one, many) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
