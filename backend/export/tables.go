package export

import (
	"fmt"
	"strings"

	"auditroom/backend/findings"
)

// column is one column of a table as both the workbook and the CSV files
// show it.
type column struct {
	Header string
	Width  float64 // in the workbook, in characters
	Wrap   bool    // long text: wrapped in the workbook
}

// table is a header and rows of strings and ints.
type table struct {
	Columns []column
	Rows    [][]any
}

// exceptionTable is the exceptions register, one row per exception cell:
// the control and the test's name first, the test's ID last, for lookups.
func exceptionTable(d *Data) table {
	t := table{Columns: []column{
		{"Control", 12, false}, {"Test", 32, true}, {"Criteria", 14, true}, {"Sample item", 8, false},
		{"Item key", 16, false}, {"Attribute", 9, false}, {"Attribute tested", 36, true}, {"Note", 44, true},
		{"Evidence", 56, true}, {"Findings", 12, false}, {"Test ID", 18, false},
	}}
	for _, x := range d.Exceptions {
		var cites []string
		for _, r := range x.Evidence {
			cites = append(cites, d.Cite(r.EvidenceID, r.Locator))
		}
		t.Rows = append(t.Rows, []any{x.ControlID, d.testName(x.TestID), strings.Join(x.Criteria, ", "), x.Item, x.ItemKey,
			x.Attribute, x.AttributeText, x.Note, strings.Join(cites, "\n"), strings.Join(d.FindingsOf(x), ", "), x.TestID})
	}
	return t
}

// findingTable is the findings list with management's responses.
func findingTable(d *Data) table {
	t := table{Columns: []column{
		{"ID", 8, false}, {"Title", 36, true}, {"Classification", 22, false}, {"Criteria", 14, true},
		{"Controls", 14, true}, {"Status", 18, false}, {"Owner", 18, false}, {"Response position", 18, false},
		{"Corrective action", 44, true}, {"Action owner", 18, false}, {"Target date", 12, false},
		{"Responder", 18, false}, {"Exceptions", 24, true}, {"Condition", 56, true},
	}}
	for _, f := range d.Findings {
		position, action, owner, target, responder := "pending", "", "", "", ""
		if r := f.Response; r != nil {
			position, action, owner, target, responder = words(string(r.Position)), r.CorrectiveAction, r.Owner, r.TargetDate, r.Responder
		}
		var refs []string
		for _, x := range f.Exceptions {
			refs = append(refs, d.exceptionName(x))
		}
		t.Rows = append(t.Rows, []any{f.ID, f.Title, classification(f.Finding), strings.Join(f.Criteria, ", "),
			strings.Join(f.Controls, ", "), words(string(f.Status)), f.Owner, position, action, owner, target,
			responder, strings.Join(refs, "\n"), f.Condition})
	}
	return t
}

// testName is the name of the test with that ID, or the ID of one the
// data does not hold.
func (d *Data) testName(id string) string {
	for _, t := range d.Tests {
		if t.ID == id {
			return t.Name()
		}
	}
	return id
}

// exceptionName is how a person reads a finding's exception: the control,
// the test's name and the cell, e.g. "AC-01 Leavers removed on time, item 7/A".
func (d *Data) exceptionName(r findings.ExceptionRef) string {
	for _, t := range d.Tests {
		if t.ID == r.TestID {
			return fmt.Sprintf("%s %s, item %d/%s", t.Control.ID, t.Name(), r.Item, r.Attribute)
		}
	}
	return r.String()
}

// classification is a finding's classification in words, or "not evaluated".
func classification(f findings.Finding) string {
	if f.Classification == "" {
		return "not evaluated"
	}
	return f.Classification.Label()
}

// words turns an enum value into words: "partially_agree" → "partially agree".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
