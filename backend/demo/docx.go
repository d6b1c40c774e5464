package demo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"
)

// fixedZip is a zip writer whose every entry carries the same time, so
// that a document written twice is the same bytes. It also serves
// excelize, whose own writer stamps nothing but leaves the time zero.
type fixedZip struct {
	zw *zip.Writer
	at time.Time
}

func newFixedZip(w io.Writer, at time.Time) *fixedZip { return &fixedZip{zw: zip.NewWriter(w), at: at} }

func (z *fixedZip) Create(name string) (io.Writer, error) {
	return z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.at})
}

func (z *fixedZip) AddFS(fs.FS) error { return fmt.Errorf("demo: AddFS is not used") }

func (z *fixedZip) Close() error { return z.zw.Close() }

func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeDOCX renders the blocks as a minimal WordprocessingML document with
// core properties (title, author, creation date).
func writeDOCX(info docInfo, blocks []block) ([]byte, error) {
	var body strings.Builder
	for _, b := range blocks {
		var rpr, ppr string
		switch b.Kind {
		case "title":
			rpr, ppr = `<w:rPr><w:b/><w:sz w:val="40"/></w:rPr>`, `<w:pPr><w:spacing w:after="120"/></w:pPr>`
		case "heading":
			rpr, ppr = `<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>`, `<w:pPr><w:spacing w:before="240" w:after="80"/></w:pPr>`
		case "meta":
			rpr = `<w:rPr><w:i/><w:sz w:val="18"/></w:rPr>`
		case "bullet":
			ppr = `<w:pPr><w:ind w:left="360" w:hanging="240"/></w:pPr>`
		}
		text := b.Text
		if b.Kind == "bullet" {
			text = "\u2022\t" + text
		}
		fmt.Fprintf(&body, `<w:p>%s<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>`, ppr, rpr, xmlText(text))
	}
	stamp := info.Created.UTC().Format(time.RFC3339)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
			`<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + xmlText(info.Title) + `</dc:title><dc:subject>` + xmlText(info.Subject) + `</dc:subject><dc:creator>` + xmlText(info.Author) +
			`</dc:creator><cp:keywords>` + xmlText(info.Keywords) + `</cp:keywords><cp:lastModifiedBy>` + xmlText(info.Author) + `</cp:lastModifiedBy><cp:revision>3</cp:revision>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>` + company + `</Company></Properties>`},
	}
	var buf bytes.Buffer
	z := newFixedZip(&buf, info.Created)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
