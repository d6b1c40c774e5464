package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"

	"auditroom/backend/table"
)

// sniffLen is how much of a file the text heuristics look at.
const sniffLen = table.SniffLen

var (
	magicOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicZip  = []byte("PK\x03\x04")
	magicZipE = []byte("PK\x05\x06")
)

// Detect names the type of a file (an entry of Types) by its content: zip
// directory names, OLE stream names, the types' Magic, JSON, markup, the
// types' Text sniffs and mail. The name only breaks ties between text kinds
// (a type's Exts); a text file named .pdf is text.
// head may be the whole file or its beginning.
func Detect(name string, head []byte) string {
	switch {
	case bytes.HasPrefix(head, magicOLE):
		return detectOLE(name, head)
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipE):
		return detectZip(head)
	}
	if kind := sniffMagic(head); kind != "" {
		return kind
	}
	if !looksText(head) {
		return "unknown"
	}
	return detectText(name, head)
}

func isPDF(b []byte) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	return bytes.Contains(b, []byte("%PDF-"))
}

func isImage(b []byte) bool {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")),
		bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")),
		bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")),
		len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP",
		len(b) >= 14 && string(b[:2]) == "BM" && binary.LittleEndian.Uint32(b[2:6]) >= 14 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0:
		return true
	}
	return false
}

// detectOLE tells Outlook messages, encrypted OOXML and legacy office files apart.
func detectOLE(name string, b []byte) string {
	r, err := mscfb.New(bytes.NewReader(b))
	if err != nil {
		// A truncated head or a corrupt container: fall back on the name.
		if strings.EqualFold(path.Ext(name), ".msg") {
			return "msg"
		}
		return "ole"
	}
	for _, f := range r.File {
		if strings.HasPrefix(f.Name, "__substg1.0_") || strings.HasPrefix(f.Name, "__properties_version1.0") {
			return "msg"
		}
	}
	return "ole"
}

// detectZip looks at the entry names of a zip container.
func detectZip(b []byte) string {
	names := map[string]string{}
	for n, v := range zipNames(b) {
		// Some writers use backslashes or odd case; Office accepts them.
		names[strings.ToLower(strings.ReplaceAll(n, "\\", "/"))] = v
	}
	has := func(n string) bool { _, ok := names[strings.ToLower(n)]; return ok }
	hasPrefix := func(p string) bool {
		for n := range names {
			if strings.HasPrefix(n, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("word/document.xml") || hasPrefix("word/"):
		return "docx"
	case has("xl/workbook.xml") || has("xl/workbook.bin") || hasPrefix("xl/"):
		return "xlsx"
	case hasPrefix("ppt/"):
		return "pptx"
	}
	if mt, ok := names["mimetype"]; ok {
		switch strings.TrimSpace(mt) {
		case "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template":
			return "odt"
		case "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template":
			return "ods"
		}
		// Other OpenDocument kinds, EPUB and the like are documents, not
		// archives for the importer to open.
		return "unknown"
	}
	if has("[Content_Types].xml") {
		return "unknown" // another OPC package: Visio, themes, XPS
	}
	return "zip"
}

// zipNames lists entry names, from the central directory when the whole file
// is there, else from the local headers in b. The value is the content of a
// small stored "mimetype" entry, empty for others.
func zipNames(b []byte) map[string]string {
	names := map[string]string{}
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		for _, f := range zr.File {
			names[f.Name] = ""
			if f.Name == "mimetype" && f.UncompressedSize64 < 200 {
				if rc, err := f.Open(); err == nil {
					var buf [200]byte
					n, _ := rc.Read(buf[:])
					rc.Close()
					names[f.Name] = string(buf[:n])
				}
			}
		}
		return names
	}
	// Walk local file headers.
	for off := 0; off+30 <= len(b) && len(names) < 10000; {
		if !bytes.Equal(b[off:off+4], magicZip) {
			next := bytes.Index(b[off+1:], magicZip)
			if next < 0 {
				break
			}
			off += 1 + next
			continue
		}
		method := binary.LittleEndian.Uint16(b[off+8:])
		csize := int(binary.LittleEndian.Uint32(b[off+18:]))
		nlen := int(binary.LittleEndian.Uint16(b[off+26:]))
		xlen := int(binary.LittleEndian.Uint16(b[off+28:]))
		start := off + 30
		if start+nlen > len(b) {
			break
		}
		n := string(b[start : start+nlen])
		names[n] = ""
		data := start + nlen + xlen
		if n == "mimetype" && method == 0 && csize < 200 && data+csize <= len(b) {
			names[n] = string(b[data : data+csize])
		}
		off = data
		if csize > 0 && data+csize <= len(b) {
			off = data + csize
		}
		if off <= start {
			off = start
		}
	}
	return names
}

// looksText reports whether b reads as text in UTF-8, UTF-16 or a single-byte
// code page: few control characters and no NUL bytes outside UTF-16.
func looksText(b []byte) bool {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	if len(b) == 0 {
		return true
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return true
	}
	if table.UTF16NoBOM(b) != "" {
		return true
	}
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b:
			ctrl++
		}
	}
	return ctrl*100 < len(b)*2
}

var (
	reMailHeader = regexp.MustCompile(`(?i)^(from|to|cc|subject|date|received|return-path|message-id|mime-version|delivered-to|x-[a-z0-9-]+|reply-to|sender|content-type|in-reply-to|references|thread-topic|dkim-signature|authentication-results|x-mailer):`)
	reHeaderLine = regexp.MustCompile(`^[!-9;-~]+:`)
	reLogLine    = regexp.MustCompile(`^(\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{2}/[A-Z][a-z]{2}/\d{4}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\S+ \S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}|#(separator|fields|Version))`)
)

// detectText sorts text into json, ndjson, html, xml, eml, csv, tsv, log,
// markdown or text.
func detectText(name string, head []byte) string {
	s, _ := decodeText(head)
	if len(s) > sniffLen {
		s = cutUTF8(s, sniffLen)
	}
	t := strings.TrimLeft(s, " \t\r\n\ufeff")
	ext := strings.ToLower(path.Ext(name))
	base := strings.ToLower(path.Base(name))
	if strings.HasSuffix(base, ".md.tmpl") || strings.HasSuffix(base, ".markdown.tmpl") {
		ext = ".md"
	}
	switch {
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		if kind := sniffJSON(head, t); kind != "" {
			return kind
		}
	case strings.HasPrefix(t, "<"):
		// A file named as plain text that merely starts with a tag is
		// text that mentions markup, kept whole; only a declaration
		// makes it markup.
		if kind := sniffMarkup(t, !plainTextExt[ext]); kind != "" {
			return kind
		}
	}
	if kind := sniffText(t); kind != "" {
		return kind
	}
	if looksMail(s) {
		return "eml"
	}
	if kind := typeByExt[ext]; kind != "" && (kind != "html" || strings.Contains(t, "<")) {
		return kind
	}
	lines := table.Lines(s, 20)
	if len(lines) >= 2 {
		if d := table.Delimiter(s); d == '\t' {
			return "tsv"
		} else if d != 0 && ext != ".txt" && ext != ".yaml" && ext != ".yml" {
			return "csv"
		}
		logs := 0
		for _, l := range lines {
			if reLogLine.MatchString(l) {
				logs++
			}
		}
		if logs*2 > len(lines) {
			return "log"
		}
	}
	return "text"
}

// sniffJSON tells json from ndjson; "" when the text is neither.
func sniffJSON(whole []byte, t string) string {
	if len(whole) <= 64<<20 && json.Valid(bytes.TrimPrefix(whole, []byte("\xef\xbb\xbf"))) && utf8.Valid(whole) {
		return "json"
	}
	lines := table.Lines(t, 5)
	if len(lines) >= 1 && strings.HasPrefix(lines[0], "{") && json.Valid([]byte(lines[0])) {
		ok := 0
		for _, l := range lines {
			if json.Valid([]byte(l)) {
				ok++
			}
		}
		// The last sampled line may be cut by the head.
		if ok >= len(lines)-1 && (len(lines) > 1 || len(t) < sniffLen) {
			if len(lines) == 1 && len(whole) > 0 {
				return "json"
			}
			return "ndjson"
		}
	}
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		// Looks like JSON but is cut or broken; still JSON by intent.
		if strings.Contains(t, "\":") {
			return "json"
		}
	}
	return ""
}

// plainTextExt are the names that say "this is text", not markup.
var plainTextExt = map[string]bool{".txt": true, ".text": true, ".log": true, ".md": true, ".markdown": true, ".csv": true, ".tsv": true}

// sniffMarkup tells html from xml by a declaration or, when weak signs
// count, by a leading tag; "" when the text is neither.
func sniffMarkup(t string, weak bool) string {
	low := strings.ToLower(t)
	if len(low) > 2048 {
		low = low[:2048]
	}
	switch {
	case strings.HasPrefix(low, "<!doctype html"), strings.HasPrefix(low, "<html"):
		return "html"
	case strings.HasPrefix(low, "<?xml"), strings.HasPrefix(low, "<!doctype"):
		return "xml"
	case !weak:
	case strings.Contains(low, "<html"), strings.Contains(low, "<body"), strings.Contains(low, "<head>"):
		return "html"
	case strings.HasPrefix(low, "<!--"):
		return "xml"
	case len(low) > 1 && (low[1] >= 'a' && low[1] <= 'z' || low[1] == '_'):
		return "xml"
	}
	return ""
}

// looksMail checks the first lines for an RFC 5322 header block.
func looksMail(s string) bool {
	lines := table.Lines(s, 40)
	if len(lines) == 0 {
		return false
	}
	start := 0
	if strings.HasPrefix(lines[0], "From ") { // mbox separator
		start = 1
	}
	known := 0
	for _, l := range lines[start:] {
		if l == "" {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue
		}
		if !reHeaderLine.MatchString(l) {
			return false
		}
		if reMailHeader.MatchString(l) {
			known++
		}
	}
	return known >= 2
}
