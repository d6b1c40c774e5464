// Command userlisting writes the user listing the scratch end-to-end flow
// imports (frontend/e2e/scratch.test.mjs), with excelize as a client's
// export tool would: two sheets, a title row above each header, unique
// employee IDs, and the export's time in the document properties.
//
//	go run ./frontend/e2e/userlisting OUT.xlsx
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: userlisting OUT.xlsx")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "userlisting:", err)
		os.Exit(1)
	}
}

// write lays out "Active users" (E10001 … from row 4) and "Leavers"
// (E20001 … from row 4, so E20004 is row 7).
func write(out string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Active users"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Leavers"); err != nil {
		return err
	}
	sheets := []struct {
		name string
		rows [][]any
	}{
		{"Active users", [][]any{{"Acme Holdings: user listing as at 30 June 2026"}, {}, {"Employee ID", "Name", "Role", "Department"}}},
		{"Leavers", [][]any{{"Leavers, 1 January to 30 June 2026"}, {}, {"Employee ID", "Name", "Left on", "Access removed on"}}},
	}
	for i := 1; i <= 20; i++ {
		sheets[0].rows = append(sheets[0].rows, []any{fmt.Sprintf("E1%04d", i), fmt.Sprintf("Active user %d", i), "engineer", "Engineering"})
	}
	for i := 1; i <= 6; i++ {
		sheets[1].rows = append(sheets[1].rows, []any{fmt.Sprintf("E2%04d", i), fmt.Sprintf("Leaver %d", i),
			fmt.Sprintf("2026-%02d-15", i), fmt.Sprintf("2026-%02d-20", i)})
	}
	for _, s := range sheets {
		for n, r := range s.rows {
			if err := f.SetSheetRow(s.name, fmt.Sprintf("A%d", n+1), &r); err != nil {
				return err
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Acme IT", Created: "2026-07-01T06:00:00Z", Modified: "2026-07-01T06:00:00Z"}); err != nil {
		return err
	}
	return f.SaveAs(out)
}
