package export_test

import (
	"fmt"

	"auditroom/backend/export"
)

// A CSV field that a spreadsheet would run as a formula is written as text.
func ExampleDefuse() {
	for _, field := range []string{`=HYPERLINK("http://evil.example","open")`, "+9 days late", "E1047"} {
		fmt.Println(export.Defuse(field))
	}
	// Output:
	// '=HYPERLINK("http://evil.example","open")
	// '+9 days late
	// E1047
}

// An object's UUID depends only on the engagement's ID and its own, so it
// is the same in every export; anyone can recompute it (docs/exports.md).
func ExampleUUID() {
	fmt.Println(export.UUID("eng_5hvrod3os6lo", "risk/F-001"))
	// Output:
	// fc4d9a11-02e1-5e18-b1bc-a29ee381488f
}
