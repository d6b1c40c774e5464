package extract

import (
	"context"
	"testing"
)

// fuzzExtract runs Detect and Extract and checks the Result invariants; a
// recovered panic counts as a failure so the fuzzer reports it.
func fuzzExtract(t *testing.T, name string, data []byte) {
	_ = Detect(name, data)
	r := Extract(context.Background(), name, data, Options{MaxText: 1 << 20})
	checkInvariants(t, name, r)
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n",
		"Nom;Année\nÉlodie;2024\n",
		"\xef\xbb\xbfid,name\n1,x\n",
		"\xff\xfei\x00d\x00,\x00n\x00\n\x00",
		"id,name\n2,\xa9\n",
		"\"unterminated,quote\n1,2\n",
		"a\tb\n\"x\"\"y\"\tz\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, "data.csv", data)
	})
}

func FuzzEML(f *testing.F) {
	for _, s := range []string{
		"From: a@b.c\r\nTo: d@e.f\r\nSubject: hi\r\nDate: Tue, 02 Jan 2024 15:04:05 +0100\r\n\r\nbody\r\n",
		"From: a@b.c\nSubject: =?ISO-8859-1?Q?Ann=E9e?=\nContent-Type: multipart/mixed; boundary=X\n\n--X\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9\n--X\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--X--\n",
		"From: a@b.c\nTo: x\nContent-Type: multipart/alternative; boundary=\"A\"\n\n--A\nContent-Type: text/html\n\n<p>hi</p>\n--A--\n",
		"From: a@b.c\nTo: x\nContent-Type: message/rfc822\n\nFrom: inner@b.c\nSubject: inner\n\ntext\n",
		"Subject: =?NONE?B?VEVTVA=?=\n\nTEST\n",
		"From: a@b.c\nTo: x\nContent-Transfer-Encoding: base64\n\n!!!notbase64",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, "mail.eml", data)
	})
}

// FuzzText covers the other text parsers: JSON, NDJSON, HTML, XML, markdown.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		`{"Records":[{"eventName":"ConsoleLogin","userIdentity":{"type":"Root"}}]}`,
		"{\"a\":1}\n{\"b\":[1,2,{\"c\":null}]}\n",
		"<html><title>t</title><script>x</script><p>para</p></html>",
		`<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE a [<!ENTITY e "ee">]><a>&e; t</a>`,
		"---\ntitle: x\n---\n# H\n",
		"2024-01-01 00:00:00 INFO start\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, "input", data)
	})
}

// FuzzOffice covers the zip-based readers (OOXML, ODF) and Detect on zips.
func FuzzOffice(f *testing.F) {
	f.Add(zipOf(f, "word/document.xml", `<w:document><w:body><w:p><w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>`, "docProps/core.xml", coreXML))
	f.Add(zipOf(f, "xl/workbook.xml", `<workbook><sheets><sheet name="S" r:id="rId1" xmlns:r="r"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/sharedStrings.xml", `<sst><si><t>a</t></si></sst>`,
		"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c><c><v>2</v></c></row></sheetData></worksheet>`))
	f.Add(zipOf(f, "ppt/slides/slide1.xml", `<p:sld><a:p><a:r><a:t>slide</a:t></a:r></a:p></p:sld>`))
	f.Add(zipOf(f, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", `<table:table table:name="T"><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, "file.docx", data)
	})
}
