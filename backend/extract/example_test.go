package extract_test

import (
	"context"
	"fmt"

	"auditroom/backend/extract"
)

func ExampleExtract() {
	csv := []byte("user;Année;mfa\nalice;2024;yes\n")
	r := extract.Extract(context.Background(), "users.csv", csv, extract.Options{})
	fmt.Println(r.Type, r.Status, r.Meta["delimiter"], r.Meta["encoding"])
	for _, p := range r.Parts {
		fmt.Printf("row %d: %q\n", p.Row, p.Text)
	}
	// Output:
	// csv extracted ; utf-8
	// row 1: "user\tAnnée\tmfa\nalice\t2024\tyes\n"
}
