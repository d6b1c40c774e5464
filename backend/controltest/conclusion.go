package controltest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Summary is what the results of a test come to.
type Summary struct {
	SampleSize  int                `json:"sample_size"`
	Cells       int                `json:"cells"`      // items × attributes
	Pending     int                `json:"pending"`    // cells without a result
	Complete    bool               `json:"complete"`   // every cell has a result
	Exceptions  int                `json:"exceptions"` // cells with an exception
	Deviations  int                `json:"deviations"` // items with at least one exception, each counted once
	Deviating   []int              `json:"deviating"`  // their numbers
	ByAttribute []AttributeSummary `json:"by_attribute"`
	Conclusion  string             `json:"conclusion"`
}

// AttributeSummary counts one attribute's results.
type AttributeSummary struct {
	ID            string `json:"id"`
	Pass          int    `json:"pass"`
	Exception     int    `json:"exception"`
	NotApplicable int    `json:"not_applicable"`
	Pending       int    `json:"pending"`
	Items         []int  `json:"items"` // the items with an exception
}

// Summary counts the results over a sample of size items and writes the
// conclusion.
func (t *Test) Summary(size int) Summary {
	s := Summary{SampleSize: size, Cells: size * len(t.Attributes), Deviating: []int{}, ByAttribute: []AttributeSummary{}}
	deviating := map[int]bool{}
	for _, a := range t.Attributes {
		as := AttributeSummary{ID: a.ID, Items: []int{}}
		for item := 1; item <= size; item++ {
			switch t.Cells[CellKey(item, a.ID)].Result {
			case Pass:
				as.Pass++
			case Exception:
				as.Exception++
				as.Items = append(as.Items, item)
				deviating[item] = true
			case NotApplicable:
				as.NotApplicable++
			default:
				as.Pending++
			}
		}
		s.Pending += as.Pending
		s.Exceptions += as.Exception
		s.ByAttribute = append(s.ByAttribute, as)
	}
	for item := range deviating {
		s.Deviating = append(s.Deviating, item)
	}
	slices.Sort(s.Deviating)
	s.Deviations = len(s.Deviating)
	s.Complete = s.Cells > 0 && s.Pending == 0
	s.Conclusion = t.conclusion(s)
	return s
}

// conclusion writes the test's result in the words of a workpaper:
//
//	No exceptions noted.
//	Exceptions noted: 2 of 25 samples lacked documented approval (samples 7 and 19).
//	Exceptions noted: 3 of 25 samples had exceptions: 2 lacked documented
//	approval (samples 7 and 19); 1 did not meet attribute C, "Closed within
//	SLA" (sample 12).
//
// While cells are empty it begins "Testing incomplete: N of M results not
// recorded." and speaks of the exceptions so far.
func (t *Test) conclusion(s Summary) string {
	switch {
	case t.SampleID == "" || s.SampleSize == 0:
		return "No sample linked yet."
	case len(t.Attributes) == 0:
		return "No attributes to test yet."
	}
	var b strings.Builder
	if s.Pending > 0 {
		fmt.Fprintf(&b, "Testing incomplete: %d of %d results not recorded. ", s.Pending, s.Cells)
	}
	if s.Deviations == 0 {
		if s.Pending > 0 {
			b.WriteString("No exceptions noted so far.")
		} else {
			b.WriteString("No exceptions noted.")
		}
		return b.String()
	}
	var parts []string
	for i, as := range s.ByAttribute {
		if as.Exception > 0 {
			parts = append(parts, fmt.Sprintf("%d %s (%s)", as.Exception, phrase(t.Attributes[i]), samples(as.Items)))
		}
	}
	of := fmt.Sprintf("%d of %d %s", s.Deviations, s.SampleSize, plural(s.SampleSize, "sample", "samples"))
	if len(parts) == 1 {
		// "2 of 25 samples lacked documented approval (samples 7 and 19)."
		_, rest, _ := strings.Cut(parts[0], " ")
		fmt.Fprintf(&b, "Exceptions noted: %s %s.", of, rest)
		return b.String()
	}
	fmt.Fprintf(&b, "Exceptions noted: %s had exceptions: %s.", of, strings.Join(parts, "; "))
	return b.String()
}

// phrase is what an exception in the attribute means, to follow a count.
func phrase(a Attribute) string {
	if a.Exception != "" {
		return a.Exception
	}
	return fmt.Sprintf("did not meet attribute %s, \"%s\"", a.ID, strings.TrimSuffix(a.Description, "."))
}

// samples lists item numbers: "sample 7", "samples 7 and 19", "samples 3,
// 7 and 19".
func samples(items []int) string {
	s := make([]string, len(items))
	for i, n := range items {
		s[i] = strconv.Itoa(n)
	}
	switch len(s) {
	case 1:
		return "sample " + s[0]
	case 2:
		return "samples " + s[0] + " and " + s[1]
	}
	return "samples " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
