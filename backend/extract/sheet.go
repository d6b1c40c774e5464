package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"auditroom/backend/table"
)

// sheetUnzipLimit caps how much a workbook may inflate in all.
const sheetUnzipLimit = 256 << 20

// extractXLSX reads every sheet row by row through excelize, rows as cells
// joined by tabs, grouped into parts of about 4 KB per sheet.
func extractXLSX(j *job) {
	zr, ok := j.openZip()
	if !ok {
		return
	}
	if zipFile(zr, "xl/workbook.bin") != nil {
		j.set(StatusNotExtracted, "binary excel workbook (.xlsb) is not supported")
		return
	}
	j.coreProps(zr)
	t, err := table.Open(j.name, j.data, table.Options{Type: table.XLSX, Displayed: true, MaxInflate: sheetUnzipLimit})
	if err != nil {
		if cause := errors.Unwrap(err); cause != nil {
			err = cause // what excelize said
		}
		j.meta("excelize_error", err.Error())
		j.rawXLSX(zr)
		return
	}
	defer t.Close()
	j.meta("sheets", itoa(len(t.Sheets)))
	j.meta("sheet_names", strings.Join(t.Sheets, ", "))
	var sheetErrs []string
	for _, name := range t.Sheets {
		if err := j.sheet(t, name); err != nil {
			if errors.Is(err, errStop) || j.ctx.Err() != nil {
				j.stopErr(err)
				return
			}
			if cause := errors.Unwrap(err); cause != nil {
				err = cause
			}
			sheetErrs = append(sheetErrs, name+": "+err.Error())
		}
	}
	if len(sheetErrs) > 0 {
		j.meta("excelize_error", strings.Join(sheetErrs, "; "))
		// Fall back to reading the sheet XML directly, which tolerates
		// what excelize rejects (undeclared entities, odd cell names).
		j.out = collector{max: j.out.max}
		j.rawXLSX(zr)
	}
}

// sheet reads one worksheet: a line per row that has text, cells as
// displayed joined by tabs, numbered by the workbook's own rows.
func (j *job) sheet(t *table.Reader, name string) error {
	if err := t.Select(name); err != nil {
		return err
	}
	c := chunker{out: &j.out, base: Part{Sheet: name}, rows: true}
	for {
		r, err := t.Next()
		if err == io.EOF {
			return c.flush()
		}
		if err != nil {
			_ = c.flush()
			return err
		}
		if r.Num%512 == 0 && j.ctx.Err() != nil {
			return j.ctx.Err()
		}
		line := strings.TrimRight(strings.Join(r.Cells, "\t"), "\t")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := c.line(r.Num, line); err != nil {
			return err
		}
	}
}

// maxRepeat bounds repeated ODF rows and cells, which files use to pad to
// the sheet's full size.
const maxRepeat = 1024

// extractODS reads content.xml of an OpenDocument spreadsheet: a line per
// row, cells joined by tabs, parts per sheet.
func extractODS(j *job) {
	b, ok := j.odfContent()
	if !ok {
		return
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var (
		c            *chunker
		sheets       []string
		row          int
		rowRepeat    int
		cells        []string
		pendingEmpty int
		cell         strings.Builder
		cellRepeat   int
		inCell       bool
		paras        int
	)
	attr := func(se xml.StartElement, local string) string {
		for _, a := range se.Attr {
			if a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	repeat := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 1
		}
		return n
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			j.meta("xml_error", err.Error())
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table":
				if t.Name.Space != "" && !strings.Contains(t.Name.Space, "table") {
					continue
				}
				name := attr(t, "name")
				sheets = append(sheets, name)
				c = &chunker{out: &j.out, base: Part{Sheet: name}, rows: true}
				row = 0
			case "table-row":
				rowRepeat = repeat(attr(t, "number-rows-repeated"))
				cells, pendingEmpty = cells[:0], 0
				row++
				if row%512 == 0 && j.interrupted() {
					return
				}
			case "table-cell", "covered-table-cell":
				inCell, paras = true, 0
				cell.Reset()
				cellRepeat = repeat(attr(t, "number-columns-repeated"))
			case "p", "h":
				if inCell && paras > 0 {
					cell.WriteByte(' ')
				}
				paras++
			case "s":
				if inCell {
					cell.WriteByte(' ')
				}
			case "tab":
				if inCell {
					cell.WriteByte(' ')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "table-cell", "covered-table-cell":
				inCell = false
				v := strings.TrimSpace(cell.String())
				if v == "" {
					pendingEmpty += cellRepeat
					continue
				}
				for i := 0; i < min(pendingEmpty, maxRepeat); i++ {
					cells = append(cells, "")
				}
				pendingEmpty = 0
				for i := 0; i < min(cellRepeat, maxRepeat); i++ {
					cells = append(cells, v)
				}
			case "table-row":
				if len(cells) > 0 && c != nil {
					if err := c.line(row, strings.Join(cells, "\t")); err != nil {
						j.stopErr(err)
						return
					}
				}
				row += rowRepeat - 1
			case "table":
				if c != nil {
					if err := c.flush(); err != nil {
						j.stopErr(err)
						return
					}
					c = nil
				}
			}
		case xml.CharData:
			if inCell && paras > 0 {
				cell.Write(t)
			}
		}
	}
	if c != nil {
		j.stopErr(c.flush())
	}
	j.meta("sheets", itoa(len(sheets)))
	j.meta("sheet_names", strings.Join(sheets, ", "))
}

// rawXLSX reads a workbook's XML parts directly: shared strings, inline
// strings and cell values, a line per row. It is the fallback for workbooks
// excelize refuses; entities stay unresolved.
func (j *job) rawXLSX(zr *zip.Reader) {
	type sheetRef struct{ name, target string }
	var sheets []sheetRef
	rels := map[string]string{}
	if b, err := readPart(zr, "xl/_rels/workbook.xml.rels"); err == nil && b != nil {
		walkXML(b, func(_ *xml.Decoder, se xml.StartElement) {
			if se.Name.Local == "Relationship" {
				rels[xmlAttr(se, "Id")] = xmlAttr(se, "Target")
			}
		})
	}
	wb, err := readPart(zr, "xl/workbook.xml")
	if err != nil || wb == nil {
		if err == nil {
			err = errors.New("missing")
		}
		j.partErr("xl/workbook.xml", err)
		return
	}
	walkXML(wb, func(_ *xml.Decoder, se xml.StartElement) {
		if se.Name.Local != "sheet" {
			return
		}
		target := rels[xmlAttr(se, "id")]
		switch {
		case target == "":
			return
		case strings.HasPrefix(target, "/"):
			target = strings.TrimPrefix(target, "/")
		default:
			target = path.Join("xl", target)
		}
		sheets = append(sheets, sheetRef{xmlAttr(se, "name"), target})
	})
	var shared []string
	if b, err := readPart(zr, "xl/sharedStrings.xml"); err == nil && b != nil {
		shared = sharedStrings(b)
	} else if err != nil {
		j.partErr("xl/sharedStrings.xml", err)
		return
	}
	j.meta("sheets", itoa(len(sheets)))
	var names []string
	read := 0
	for _, sh := range sheets {
		names = append(names, sh.name)
		b, err := readPart(zr, sh.target)
		if err != nil {
			j.partErr(sh.target, err)
			return
		}
		if b == nil {
			continue
		}
		read++
		if err := j.rawSheet(sh.name, b, shared); err != nil {
			j.stopErr(err)
			return
		}
	}
	j.meta("sheet_names", strings.Join(names, ", "))
	if read == 0 && len(sheets) > 0 {
		j.fail("no worksheet part found in the workbook")
	}
}

func xmlAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads the <si> items of xl/sharedStrings.xml.
func sharedStrings(b []byte) []string {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var out []string
	var cur strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh": // phonetic hints are not part of the text
				_ = d.Skip()
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, cur.String())
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && cur.Len() < 1<<20 {
				cur.Write(t)
			}
		}
	}
}

// rawSheet emits the rows of one worksheet part.
func (j *job) rawSheet(name string, b []byte, shared []string) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	c := chunker{out: &j.out, base: Part{Sheet: name}, rows: true}
	var (
		cells    []string
		row      int
		cellType string
		val      strings.Builder
		inV      bool
	)
	for {
		tok, err := d.Token()
		if err != nil {
			if err != io.EOF {
				j.meta("xml_error", name+": "+err.Error())
			}
			return c.flush()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				if r, err := strconv.Atoi(xmlAttr(t, "r")); err == nil && r > 0 {
					row = r
				}
				cells = cells[:0]
				if row%512 == 0 && j.ctx.Err() != nil {
					return j.ctx.Err()
				}
			case "c":
				cellType = xmlAttr(t, "t")
				val.Reset()
			case "v", "t":
				inV = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inV = false
			case "c":
				v := val.String()
				if cellType == "s" {
					if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(shared) {
						v = shared[i]
					}
				}
				cells = append(cells, v)
			case "row":
				line := strings.TrimRight(strings.Join(cells, "\t"), "\t")
				if strings.TrimSpace(line) != "" {
					if err := c.line(row, line); err != nil {
						return err
					}
				}
			}
		case xml.CharData:
			if inV && val.Len() < 1<<20 {
				val.Write(t)
			}
		}
	}
}
