package export

import (
	"context"
	"encoding/json"
	"io"
)

// exceptionLine is one exception as a line of the JSON-lines register:
// what a reader checks first (control, test, item, attribute, note, the
// evidence cited, the findings), the IDs that look them up last. The
// field names are stable.
type exceptionLine struct {
	Control         string   `json:"control"`
	Test            string   `json:"test"`
	Criteria        []string `json:"criteria"`
	SampleItem      int      `json:"sample_item"`
	ItemKey         string   `json:"item_key"`
	Attribute       string   `json:"attribute"`
	AttributeTested string   `json:"attribute_tested"`
	Note            string   `json:"note"`
	Evidence        []string `json:"evidence"` // as the workpapers cite it: name, place, SHA-256
	Findings        []string `json:"findings"`
	TestID          string   `json:"test_id"`
	EvidenceIDs     []string `json:"evidence_ids"`
}

// writeExceptionsJSONL writes the exceptions register as JSON lines, one
// exception a line in the register's order (item, then attribute, test by
// test), so that a line-oriented tool can read it without a CSV parser.
func writeExceptionsJSONL(_ context.Context, d *Data, w io.Writer, _ func(string, int, int)) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, x := range d.Exceptions {
		l := exceptionLine{Control: x.ControlID, Test: d.testName(x.TestID), Criteria: nonNil(x.Criteria), SampleItem: x.Item,
			ItemKey: x.ItemKey, Attribute: x.Attribute, AttributeTested: x.AttributeText, Note: x.Note,
			Evidence: []string{}, Findings: nonNil(d.FindingsOf(x)), TestID: x.TestID, EvidenceIDs: []string{}}
		for _, r := range x.Evidence {
			l.Evidence = append(l.Evidence, d.Cite(r.EvidenceID, r.Locator))
			l.EvidenceIDs = append(l.EvidenceIDs, r.EvidenceID)
		}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
