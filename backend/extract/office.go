package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/richardlehane/mscfb"
)

// maxPartSize caps how far one zip entry may inflate.
const maxPartSize = 64 << 20

var errTooLarge = errors.New("document too large when inflated")

// openZip opens data as a zip container, mapping errors to a reason.
func (j *job) openZip() (*zip.Reader, bool) {
	zr, err := zip.NewReader(bytes.NewReader(j.data), int64(len(j.data)))
	if err != nil {
		j.fail("corrupt zip container: %s", strings.TrimPrefix(err.Error(), "zip: "))
		return nil, false
	}
	return zr, true
}

// zipFile finds an entry by name, case-insensitively as Office does.
func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// readZipFile reads one entry, refusing to inflate past maxPartSize.
func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPartSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxPartSize {
		return nil, errTooLarge
	}
	return b, nil
}

// readPart reads a named entry; a missing entry gives nil, nil.
func readPart(zr *zip.Reader, name string) ([]byte, error) {
	f := zipFile(zr, name)
	if f == nil {
		return nil, nil
	}
	return readZipFile(f)
}

// partErr records a failure reading a required part.
func (j *job) partErr(name string, err error) {
	if errors.Is(err, errTooLarge) {
		j.fail("%s", errTooLarge.Error())
		return
	}
	j.fail("cannot read %s: %s", name, strings.TrimPrefix(err.Error(), "zip: "))
}

// coreProps reads docProps/core.xml (OOXML) into the result.
func (j *job) coreProps(zr *zip.Reader) {
	modified := j.docProps(zr, "docProps/core.xml", map[string]string{
		"creator":        "author",
		"subject":        "subject",
		"description":    "description",
		"keywords":       "keywords",
		"lastModifiedBy": "last_modified_by",
	}, "created", "modified")
	if !modified.IsZero() {
		j.meta("modified", modified.Format(time.RFC3339))
	}
}

// docProps reads a package's document properties part: the element
// "title" into the title, each element named in meta into the metadata
// key it maps to, and the elements createdEl and modifiedEl (ISO dates)
// into the as-of date, the creation if known, else the last change. It
// returns the last change, zero if the part does not say.
func (j *job) docProps(zr *zip.Reader, part string, meta map[string]string, createdEl, modifiedEl string) (modified time.Time) {
	b, err := readPart(zr, part)
	if err != nil || b == nil {
		return time.Time{}
	}
	var created time.Time
	walkXML(b, func(d *xml.Decoder, se xml.StartElement) {
		name := se.Name.Local
		key, isMeta := meta[name]
		if name != "title" && name != createdEl && name != modifiedEl && !isMeta {
			return
		}
		var v string
		if d.DecodeElement(&v, &se) != nil {
			return
		}
		v = strings.TrimSpace(v)
		switch {
		case name == "title":
			j.res.Title = v
		case name == createdEl:
			created = parseISODate(v)
		case name == modifiedEl:
			modified = parseISODate(v)
		default:
			j.meta(key, v)
		}
	})
	if !created.IsZero() {
		j.res.AsOf, j.res.AsOfField = created, part+" "+createdEl
	} else if !modified.IsZero() {
		j.res.AsOf, j.res.AsOfField = modified, part+" "+modifiedEl
	}
	return modified
}

func parseISODate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1900 {
			return t
		}
	}
	return time.Time{}
}

// walkXML calls fn for every start element; fn may consume the element.
func walkXML(b []byte, fn func(*xml.Decoder, xml.StartElement)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok {
			fn(d, se)
		}
	}
}

// ooxmlText turns WordprocessingML or DrawingML into text: runs of w:t or a:t,
// tabs and breaks, a line per paragraph.
func ooxmlText(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = charsetReader
	var sb strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sb.String(), nil
		}
		if err != nil {
			return sb.String(), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t", "delText", "instrText":
				inText = t.Name.Local == "t"
			case "tab":
				sb.WriteByte('\t')
			case "br", "cr":
				sb.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t", "delText", "instrText":
				inText = false
			case "p":
				sb.WriteByte('\n')
			case "tc":
				sb.WriteByte('\t')
			}
		case xml.CharData:
			if inText {
				sb.Write(t)
			}
		}
	}
}

// extractDOCX reads word/document.xml plus footnotes, endnotes, headers,
// footers and comments, a line per paragraph, chunked.
func extractDOCX(j *job) {
	zr, ok := j.openZip()
	if !ok {
		return
	}
	j.coreProps(zr)
	main := zipFile(zr, "word/document.xml")
	if main == nil {
		for _, f := range zr.File { // glossary or oddly named main part
			if strings.HasPrefix(f.Name, "word/") && strings.HasSuffix(f.Name, ".xml") && !strings.Contains(f.Name, "/_rels/") {
				if strings.Contains(f.Name, "document") {
					main = f
					break
				}
			}
		}
	}
	if main == nil {
		j.fail("no word/document.xml in the package")
		return
	}
	names := []string{main.Name}
	for _, f := range zr.File {
		n := f.Name
		if strings.HasPrefix(n, "word/") && (strings.HasPrefix(n, "word/header") || strings.HasPrefix(n, "word/footer") ||
			n == "word/footnotes.xml" || n == "word/endnotes.xml" || n == "word/comments.xml") {
			names = append(names, n)
		}
	}
	var text strings.Builder
	for i, n := range names {
		if j.interrupted() {
			return
		}
		b, err := readPart(zr, n)
		if err != nil {
			if i == 0 {
				j.partErr(n, err)
				return
			}
			j.meta("part_error", n+": "+err.Error())
			continue
		}
		t, err := ooxmlText(b)
		if err != nil {
			j.meta("xml_error", n+": "+err.Error())
		}
		text.WriteString(t)
		if text.Len() > j.opt.MaxText {
			break
		}
	}
	j.lines(text.String())
}

// extractPPTX gives one part per slide, slides numbered by their part names.
func extractPPTX(j *job) {
	zr, ok := j.openZip()
	if !ok {
		return
	}
	j.coreProps(zr)
	type slide struct {
		n int
		f *zip.File
	}
	var slides []slide
	for _, f := range zr.File {
		if rest, ok := strings.CutPrefix(f.Name, "ppt/slides/slide"); ok && strings.HasSuffix(rest, ".xml") {
			if n, err := strconv.Atoi(strings.TrimSuffix(rest, ".xml")); err == nil {
				slides = append(slides, slide{n, f})
			}
		}
	}
	sort.Slice(slides, func(a, b int) bool { return slides[a].n < slides[b].n })
	j.meta("slides", itoa(len(slides)))
	for _, s := range slides {
		if j.interrupted() {
			return
		}
		b, err := readZipFile(s.f)
		if err != nil {
			j.partErr(s.f.Name, err)
			return
		}
		t, err := ooxmlText(b)
		if err != nil {
			j.meta("xml_error", fmt.Sprintf("slide %d: %s", s.n, err))
		}
		if err := j.out.add(Part{Page: s.n, Text: t}); err != nil {
			j.stopErr(err)
			return
		}
	}
}

// odfMeta reads meta.xml of an OpenDocument package.
func (j *job) odfMeta(zr *zip.Reader) {
	j.docProps(zr, "meta.xml", map[string]string{
		"initial-creator": "author",
		"creator":         "last_modified_by",
		"subject":         "subject",
	}, "creation-date", "date")
}

// odfText turns ODF text content into lines, a line per paragraph or heading.
func odfText(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var sb strings.Builder
	depth := 0 // inside text:p or text:h
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sb.String(), nil
		}
		if err != nil {
			return sb.String(), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p", "h":
				depth++
			case "s":
				sb.WriteByte(' ')
			case "tab":
				sb.WriteByte('\t')
			case "line-break":
				sb.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Local == "p" || t.Name.Local == "h" {
				depth--
				sb.WriteByte('\n')
			}
		case xml.CharData:
			if depth > 0 {
				sb.Write(t)
			}
		}
	}
}

func extractODT(j *job) {
	b, ok := j.odfContent()
	if !ok {
		return
	}
	t, err := odfText(b)
	if err != nil {
		j.meta("xml_error", err.Error())
	}
	j.lines(t)
}

// odfContent opens an OpenDocument package, reads its metadata and returns
// its content.xml. It returns false, the result saying why, for a package
// that cannot be opened, is password protected or has no content.xml.
func (j *job) odfContent() ([]byte, bool) {
	zr, ok := j.openZip()
	if !ok {
		return nil, false
	}
	if odfEncrypted(zr) {
		j.set(StatusEncrypted, "opendocument file is password protected")
		return nil, false
	}
	j.odfMeta(zr)
	b, err := readPart(zr, "content.xml")
	if err != nil || b == nil {
		if err == nil {
			err = errors.New("missing")
		}
		j.partErr("content.xml", err)
		return nil, false
	}
	return b, true
}

// odfEncrypted reports whether the manifest declares encrypted entries.
func odfEncrypted(zr *zip.Reader) bool {
	b, err := readPart(zr, "META-INF/manifest.xml")
	return err == nil && bytes.Contains(b, []byte("encryption-data"))
}

// extractZip leaves archives to the importer, which opens them itself.
func extractZip(j *job) {
	if zr, err := zip.NewReader(bytes.NewReader(j.data), int64(len(j.data))); err == nil {
		j.meta("entries", itoa(len(zr.File)))
	}
	j.set(StatusNotExtracted, "archive: the importer opens its entries")
}

// extractOLE handles OLE2 containers that are not Outlook messages:
// password-protected OOXML (EncryptionInfo stream) and legacy binary Office.
func extractOLE(j *job) {
	r, err := mscfb.New(bytes.NewReader(j.data))
	if err != nil {
		j.fail("corrupt ole container: %s", err.Error())
		return
	}
	var streams []string
	for _, f := range r.File {
		streams = append(streams, f.Name)
	}
	has := func(n string) bool {
		for _, s := range streams {
			if strings.EqualFold(s, n) {
				return true
			}
		}
		return false
	}
	switch {
	case has("EncryptionInfo") || has("EncryptedPackage"):
		j.meta("container", "encrypted office document")
		j.set(StatusEncrypted, "office document needs a password")
	case has("WordDocument"):
		j.meta("format", "word 97-2003")
		j.set(StatusNotExtracted, "legacy binary office format is not supported")
	case has("Workbook") || has("Book"):
		j.meta("format", "excel 97-2003")
		j.set(StatusNotExtracted, "legacy binary office format is not supported")
	case has("PowerPoint Document"):
		j.meta("format", "powerpoint 97-2003")
		j.set(StatusNotExtracted, "legacy binary office format is not supported")
	default:
		j.set(StatusNotExtracted, "no text extractor for this type")
	}
}
