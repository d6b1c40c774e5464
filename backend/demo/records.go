package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// The exports a client hands over: the change tickets, the HR roster, the
// termination list, training records and the access review workbook.

func writeCSV(rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // as spreadsheet programs write it
	w.WriteAll(rows) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// ticketRow is where each ticket sits in the export: the header is row 1.
func ticketRow(id string) int {
	for i, t := range tickets() {
		if t.ID == id {
			return i + 2
		}
	}
	return 0
}

func ticketsCSV() []byte {
	rows := [][]string{{"Ticket ID", "Summary", "Change Type", "Risk", "Requested By", "Approved By", "Approval Date", "Deployed Date", "Environment", "Status"}}
	for _, t := range tickets() {
		rows = append(rows, []string{t.ID, t.Summary, t.Type, t.Risk, t.RequestedBy, t.ApprovedBy, t.Approved, t.Deployed, t.Environment, "Deployed"})
	}
	return writeCSV(rows)
}

func rosterCSV() []byte {
	rows := [][]string{{"Employee ID", "Name", "Email", "Department", "Job Title", "Manager", "Hire Date", "Status", "Termination Date"}}
	for _, p := range roster {
		status, mgr := "Active", ""
		if p.Terminated != "" {
			status = "Terminated"
		}
		if p.Manager != "" {
			mgr = byID(p.Manager).Name
		}
		rows = append(rows, []string{p.ID, p.Name, p.Email(), p.Department, p.Title, mgr, p.Hired, status, p.Terminated})
	}
	return writeCSV(rows)
}

// leavers lists the people who left in the year, by termination date.
func leavers() []person {
	var out []person
	for _, d := range workdays() {
		for _, p := range roster {
			if p.Terminated == d {
				out = append(out, p)
			}
		}
	}
	return out
}

// terminationRow is where a leaver sits in the termination list.
func terminationRow(id string) int {
	for i, p := range leavers() {
		if p.ID == id {
			return i + 2
		}
	}
	return 0
}

func terminationsCSV() []byte {
	rows := [][]string{{"Employee ID", "Employee", "Department", "Termination Date", "Access Removed Date", "Removed By", "IT Ticket"}}
	for i, p := range leavers() {
		ticket := fmt.Sprintf("IT-%d", 4120+i*37)
		if p.Removed == "" {
			ticket = ""
		}
		rows = append(rows, []string{p.ID, p.Name, p.Department, p.Terminated, p.Removed, p.RemovedBy, ticket})
	}
	return writeCSV(rows)
}

// trainingCSV lists the security awareness training completed in the
// year: joiners within their first month, everyone else in October.
func trainingCSV() []byte {
	rows := [][]string{{"Employee ID", "Name", "Course", "Assigned", "Completed", "Score"}}
	for i, p := range roster {
		assigned, done := "2026-10-01", addWorkdays("2026-10-01", 3+i%9)
		if p.Hired >= "2026-01-01" {
			assigned, done = p.Hired, addWorkdays(p.Hired, 2+i%5)
		}
		if p.Terminated != "" && p.Terminated < assigned {
			continue
		}
		if p.Terminated != "" && p.Terminated < done {
			done = ""
		}
		score := ""
		if done != "" {
			score = fmt.Sprint(80 + (i*7)%21)
		}
		rows = append(rows, []string{p.ID, p.Name, "Security Awareness 2026", assigned, done, score})
	}
	return writeCSV(rows)
}

// reviewRow is where one person's account on a system sits in a quarter's
// sheet of the review workbook; the header is row 4, under a title.
func reviewRow(quarter, userID, system string) int {
	n := 0
	for _, r := range reviews() {
		if r.Quarter != quarter {
			continue
		}
		n++
		if r.User.ID == userID && r.System == system {
			return reviewHeaderRow + n
		}
	}
	return 0
}

const reviewHeaderRow = 4

// reviewXLSX is the quarterly user access review: a sheet per quarter
// with the reviewer's decision on every account.
func reviewXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	created := day("2026-12-14", 17, 45)
	stamp := created.Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: "User access review 2026", Creator: "Tom Becker", LastModifiedBy: "Elena Kowalski",
		Created: stamp, Modified: stamp, Subject: "Quarterly user access review: AWS Production, GitHub, Okta, Salesforce", Description: company}); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDE6F0"}, Pattern: 1}})
	if err != nil {
		return nil, err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return nil, err
	}
	all := reviews()
	for qi, q := range quarters {
		if qi == 0 {
			if err := f.SetSheetName("Sheet1", q.Sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(q.Sheet); err != nil {
			return nil, err
		}
		set := func(cell string, v any) {
			if err == nil {
				err = f.SetCellValue(q.Sheet, cell, v)
			}
		}
		set("A1", fmt.Sprintf("%s user access review, %s", company, q.Sheet))
		set("A2", fmt.Sprintf("Review signed %s. Systems: AWS Production, GitHub, Okta, Salesforce.", q.Reviewed))
		header := []string{"User", "Email", "Department", "System", "Role", "Reviewer", "Decision", "Review Date", "Comment"}
		for i, h := range header {
			col, _ := excelize.ColumnNumberToName(i + 1)
			set(fmt.Sprintf("%s%d", col, reviewHeaderRow), h)
		}
		row := reviewHeaderRow
		for _, r := range all {
			if r.Quarter != q.Sheet {
				continue
			}
			row++
			for i, v := range []string{r.User.Name, r.User.Email(), r.User.Department, r.System, r.Role, r.Reviewer, r.Decision, r.Reviewed, r.Comment} {
				col, _ := excelize.ColumnNumberToName(i + 1)
				set(fmt.Sprintf("%s%d", col, row), v)
			}
		}
		if err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(q.Sheet, "A1", "A1", title); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(q.Sheet, fmt.Sprintf("A%d", reviewHeaderRow), fmt.Sprintf("I%d", reviewHeaderRow), bold); err != nil {
			return nil, err
		}
		for i, w := range []float64{22, 34, 18, 16, 24, 18, 10, 12, 34} {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(q.Sheet, col, col, w); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newFixedZip(w, created) })
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
