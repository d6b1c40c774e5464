package extract

import "strings"

// Viewer kinds: how the evidence viewer shows a file of a type.
const (
	ViewPDF   = "pdf"
	ViewSheet = "sheet"
	ViewText  = "text"
	ViewEmail = "email"
	ViewImage = "image"
	ViewOther = "other"
)

// Type is one type of evidence file with everything the faces need of it:
// how Detect recognises it, the extractor that reads it, how the viewer
// shows it and what the screens call it. A new type is one entry here
// (and its extractor); nothing else lists types.
type Type struct {
	Name   string `json:"name"`   // Result.Type, as stored on the evidence
	Label  string `json:"label"`  // as the screens name it
	MIME   string `json:"mime"`   // Result.MIME
	Viewer string `json:"viewer"` // a View kind
	// Exts are names that make a text file this type when its content
	// says nothing stronger (JSON, markup, mail, or a Text sniff).
	Exts []string `json:"exts,omitempty"`
	// Magic recognises a binary file by its first bytes.
	Magic func(head []byte) bool `json:"-"`
	// Text recognises a text file by its decoded beginning, before the
	// extension and the delimiter and log heuristics are consulted.
	Text func(text string) bool `json:"-"`
	// extract reads the file; nil for types kept without text.
	extract func(*job)
}

// Types lists every type Detect names, in the order Detect tries their
// Magic and Text sniffs.
var Types = []Type{
	{Name: "pdf", Label: "PDF", MIME: "application/pdf", Viewer: ViewPDF, Magic: isPDF, extract: extractPDF},
	{Name: "image", Label: "Image", MIME: "application/octet-stream", Viewer: ViewImage, Magic: isImage, extract: extractImage},
	{Name: "docx", Label: "Word document", MIME: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Viewer: ViewText, extract: extractDOCX},
	{Name: "xlsx", Label: "Excel workbook", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Viewer: ViewSheet, extract: extractXLSX},
	{Name: "pptx", Label: "PowerPoint deck", MIME: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Viewer: ViewText, extract: extractPPTX},
	{Name: "odt", Label: "OpenDocument text", MIME: "application/vnd.oasis.opendocument.text", Viewer: ViewText, extract: extractODT},
	{Name: "ods", Label: "OpenDocument spreadsheet", MIME: "application/vnd.oasis.opendocument.spreadsheet", Viewer: ViewSheet, extract: extractODS},
	{Name: "csv", Label: "CSV", MIME: "text/csv", Viewer: ViewSheet, Exts: []string{".csv"}, extract: extractCSV},
	{Name: "tsv", Label: "TSV", MIME: "text/tab-separated-values", Viewer: ViewSheet, Exts: []string{".tsv", ".tab"}, extract: extractCSV},
	{Name: "json", Label: "JSON", MIME: "application/json", Viewer: ViewText, extract: extractJSON},
	{Name: "ndjson", Label: "JSON lines", MIME: "application/x-ndjson", Viewer: ViewText, extract: extractNDJSON},
	{Name: "text", Label: "Text", MIME: "text/plain", Viewer: ViewText, extract: extractText},
	{Name: "log", Label: "Log", MIME: "text/plain", Viewer: ViewText, Exts: []string{".log"}, extract: extractText},
	{Name: "markdown", Label: "Markdown", MIME: "text/markdown", Viewer: ViewText, Exts: []string{".md", ".markdown", ".mdown", ".mkd"}, extract: extractText},
	// Named .htm or .html, a text is HTML only if it holds a tag (detectText).
	{Name: "html", Label: "HTML", MIME: "text/html", Viewer: ViewText, Exts: []string{".htm", ".html", ".xhtml"}, extract: extractHTML},
	{Name: "xml", Label: "XML", MIME: "application/xml", Viewer: ViewText, extract: extractXML},
	{Name: "ics", Label: "Calendar (iCalendar)", MIME: "text/calendar", Viewer: ViewText, Exts: []string{".ics", ".ifb"}, Text: isCalendar, extract: extractCalendar},
	{Name: "eml", Label: "E-mail", MIME: "message/rfc822", Viewer: ViewEmail, extract: extractEML},
	{Name: "msg", Label: "Outlook message", MIME: "application/vnd.ms-outlook", Viewer: ViewEmail, extract: extractMSG},
	{Name: "zip", Label: "Zip archive", MIME: "application/zip", Viewer: ViewOther, extract: extractZip},
	{Name: "ole", Label: "Legacy Office file", MIME: "application/x-ole-storage", Viewer: ViewOther, extract: extractOLE},
	{Name: "unknown", Label: "Unknown", MIME: "application/octet-stream", Viewer: ViewOther},
}

// TypeOf looks a type up by name; ok is false for a name Types lacks.
func TypeOf(name string) (Type, bool) {
	t, ok := typeByName[name]
	return t, ok
}

// ViewerOf says how the viewer shows a file of the named type.
func ViewerOf(name string) string {
	if t, ok := typeByName[name]; ok {
		return t.Viewer
	}
	return ViewOther
}

var (
	typeByName = map[string]Type{}
	typeByExt  = map[string]string{}
	// extractors maps a detected type to its extractor. Each sets Status
	// and Reason through the job when it cannot extract.
	extractors = map[string]func(*job){}
)

func init() {
	for _, t := range Types {
		typeByName[t.Name] = t
		for _, e := range t.Exts {
			typeByExt[strings.ToLower(e)] = t.Name
		}
		if t.extract != nil {
			extractors[t.Name] = t.extract
		}
	}
}

// sniffMagic names the type whose Magic recognises head, or "".
func sniffMagic(head []byte) string {
	for _, t := range Types {
		if t.Magic != nil && t.Magic(head) {
			return t.Name
		}
	}
	return ""
}

// sniffText names the type whose Text recognises t, or "".
func sniffText(t string) string {
	for _, ty := range Types {
		if ty.Text != nil && ty.Text(t) {
			return ty.Name
		}
	}
	return ""
}
