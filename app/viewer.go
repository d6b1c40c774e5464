package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/search"
	"auditroom/backend/store"
	"auditroom/backend/view"
)

// Viewer kinds: how a file is shown.
const (
	KindPDF   = extract.ViewPDF
	KindSheet = extract.ViewSheet
	KindText  = extract.ViewText
	KindEmail = extract.ViewEmail
	KindImage = extract.ViewImage
	KindOther = extract.ViewOther
)

// Limits of what the viewer sends at once.
const (
	defaultRows = 100
	maxRows     = 1000
	// maxImage is the largest image sent to the screen whole.
	maxImage = 20 << 20
)

// ViewerDocument is what the viewer needs to open a file.
type ViewerDocument struct {
	Evidence audit.Evidence   `json:"evidence"`
	Kind     string           `json:"kind"`   // pdf, sheet, text, email, image or other
	Pages    int              `json:"pages"`  // of a PDF
	Sheets   []view.SheetInfo `json:"sheets"` // of a spreadsheet or CSV file, in order
	Lines    int              `json:"lines"`  // of text, or of an e-mail's body
	// PartLines is the first line of each stored part (text, e-mail), so
	// that a search hit, which names its part, opens on its line.
	PartLines []int `json:"part_lines"`
	// Problem says why the file cannot be shown, when it cannot; "" when
	// it can.
	Problem string `json:"problem"`
}

// ViewerPage is one PDF page drawn, with the query's matches on it.
type ViewerPage struct {
	Page   int     `json:"page"`
	Pages  int     `json:"pages"`
	Width  float64 `json:"width"` // of the page, in points
	Height float64 `json:"height"`
	Scale  float64 `json:"scale"` // image pixels per point
	PNG    string  `json:"png"`   // base64
	// Highlights are the matches MuPDF could place, in points from the
	// page's top left.
	Highlights []view.Rect `json:"highlights"`
	// Text is the page's text as the search indexed it, and TextMarks the
	// matches in it ([start, end) in runes): shown beside the page when
	// the matches cannot be placed on it, as in the invisible text of a
	// scan's OCR layer.
	Text      string   `json:"text"`
	TextMarks [][2]int `json:"text_marks"`
}

// SheetQuery asks for rows of a sheet.
type SheetQuery struct {
	Sheet  string `json:"sheet"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"` // 0 means 100; at most 1000
	Row    int    `json:"row"`   // when set, the page holding this row instead of Offset
	Query  string `json:"query"` // whose matches are marked
}

// SheetPage is a page of a sheet's rows.
type SheetPage struct {
	Sheet  string     `json:"sheet"`
	Offset int        `json:"offset"`
	Total  int        `json:"total"`
	Rows   []view.Row `json:"rows"`
}

// LinesQuery asks for lines of text.
type LinesQuery struct {
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"` // 0 means 100; at most 1000
	Line   int    `json:"line"`  // when set, the page holding this line instead of Offset
	Query  string `json:"query"`
	// Record, when set, asks for the page holding this JSON record instead:
	// a file written on one line holds all its records on line 1.
	Record int `json:"record"`
}

// LinesPage is a page of numbered lines.
type LinesPage struct {
	Offset int         `json:"offset"`
	Total  int         `json:"total"`
	Lines  []view.Line `json:"lines"`
}

// Header is one header of an e-mail.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ViewerEmail is an e-mail's headers and attachments; its body is read as
// lines (TextLines).
type ViewerEmail struct {
	Headers     []Header         `json:"headers"`
	Attachments []audit.Evidence `json:"attachments"`
}

// ViewerImage is an image to show.
type ViewerImage struct {
	Data string `json:"data"` // base64
	MIME string `json:"mime"`
}

// Viewer shows one evidence file, read from the encrypted store: PDF pages
// drawn in a worker process, sheets, text and e-mail from their stored
// text, images. Drawing a new page cancels the one still being drawn, as
// the reviewer turns pages faster than MuPDF draws them.
type Viewer struct {
	session *Session

	mu      sync.Mutex
	drawing uint64             // the latest page asked for
	cancel  context.CancelFunc // cancels it; nil once it ended
}

// Open says how to show a file.
func (v *Viewer) Open(engagementID, evidenceID string) (ViewerDocument, error) {
	ctx := context.Background()
	h, ev, err := v.evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return ViewerDocument{}, ui(err)
	}
	doc := ViewerDocument{Evidence: ev, Kind: kindOf(ev), Sheets: []view.SheetInfo{}, PartLines: []int{}}
	switch doc.Kind {
	case KindPDF:
		if ev.Status == audit.Encrypted {
			doc.Problem = "This PDF needs a password to open: Audit Room keeps it, with its hash and provenance, but cannot show its pages."
			break
		}
		doc.Pages, _ = strconv.Atoi(ev.Meta["pages"])
		if doc.Pages == 0 {
			// Extraction did not count the pages: ask MuPDF.
			p, err := v.render(ctx, h, engagementID, ev.ID, view.PageRequest{})
			if err != nil {
				doc.Problem = audit.ErrorMessage(err)
			}
			doc.Pages = p.Pages
		}
	case KindSheet, KindText, KindEmail:
		parts, err := h.Parts(ctx, engagementID, ev.ID)
		if err != nil {
			return doc, ui(err)
		}
		if doc.Kind == KindSheet && sheetRows(parts) {
			doc.Sheets = view.NewSheets(parts).List()
			break
		}
		if doc.Kind == KindSheet {
			doc.Kind = KindText // a CSV file read as lines, being malformed
		}
		t := view.NewText(parts, doc.Kind == KindEmail)
		doc.Lines, doc.PartLines = t.Len(), t.PartLines()
		if len(parts) == 0 && doc.Kind == KindText {
			doc.Problem = noText(ev)
		}
	case KindOther:
		doc.Problem = noText(ev)
	}
	return doc, nil
}

// PDFPage draws page (from 1) of a PDF at scale (image pixels per point:
// 1 is 72 dots per inch), marking query's matches.
func (v *Viewer) PDFPage(engagementID, evidenceID string, page int, scale float64, query string) (ViewerPage, error) {
	ctx, done := v.latest()
	defer done()
	m, err := search.NewMarker(query)
	if err != nil {
		return ViewerPage{}, ui(err)
	}
	h, ev, err := v.evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return ViewerPage{}, ui(err)
	}
	if kindOf(ev) != KindPDF {
		return ViewerPage{}, ui(audit.Errorf(audit.EINVALID, "%s is not a PDF", ev.Name))
	}
	p, err := v.render(ctx, h, engagementID, ev.ID, view.PageRequest{Page: page, Scale: scale})
	if err != nil {
		return ViewerPage{}, ui(err)
	}
	out := ViewerPage{Page: p.Number, Pages: p.Pages, Width: p.Width, Height: p.Height, Scale: p.Scale,
		PNG: base64.StdEncoding.EncodeToString(p.PNG), Highlights: []view.Rect{},
		Text: p.Text, TextMarks: [][2]int{}}
	if !m.Empty() {
		out.Highlights = view.Highlights(p.Layout, p.Boxes, m.Marks(p.Layout))
		out.TextMarks = append(out.TextMarks, m.Marks(p.Text)...)
	}
	return out, nil
}

// SheetRows returns a page of a sheet's rows with query's matches marked.
func (v *Viewer) SheetRows(engagementID, evidenceID string, q SheetQuery) (SheetPage, error) {
	m, err := search.NewMarker(q.Query)
	if err != nil {
		return SheetPage{}, ui(err)
	}
	ctx := context.Background()
	parts, ev, err := v.parts(ctx, engagementID, evidenceID)
	if err != nil {
		return SheetPage{}, ui(err)
	}
	if kindOf(ev) != KindSheet || !sheetRows(parts) {
		return SheetPage{}, ui(audit.Errorf(audit.EINVALID, "%s is not read as a spreadsheet", ev.Name))
	}
	s := view.NewSheets(parts)
	if !s.Has(q.Sheet) {
		return SheetPage{}, ui(audit.Errorf(audit.ENOTFOUND, "%s has no sheet %q", ev.Name, q.Sheet))
	}
	limit := rowLimit(q.Limit)
	offset := q.Offset
	if q.Row > 0 {
		offset = s.Find(q.Sheet, q.Row) / limit * limit
	}
	rows := s.Rows(q.Sheet, offset, limit, m)
	return SheetPage{Sheet: q.Sheet, Offset: max(offset, 0), Total: s.Len(q.Sheet), Rows: rows}, nil
}

// TextLines returns a page of a file's numbered lines (an e-mail's body)
// with query's matches marked.
func (v *Viewer) TextLines(engagementID, evidenceID string, q LinesQuery) (LinesPage, error) {
	m, err := search.NewMarker(q.Query)
	if err != nil {
		return LinesPage{}, ui(err)
	}
	ctx := context.Background()
	parts, ev, err := v.parts(ctx, engagementID, evidenceID)
	if err != nil {
		return LinesPage{}, ui(err)
	}
	t := view.NewText(parts, kindOf(ev) == KindEmail)
	limit := rowLimit(q.Limit)
	offset := q.Offset
	if q.Record > 0 {
		offset = t.FindRecord(q.Record) / limit * limit
	} else if q.Line > 0 {
		offset = t.Find(q.Line) / limit * limit
	}
	return LinesPage{Offset: max(offset, 0), Total: t.Len(), Lines: t.Lines(offset, limit, m)}, nil
}

// Hits lists where query matches in a file, in order: the pages of a PDF,
// the rows of a sheet, the lines of text, at most view.MaxHits.
func (v *Viewer) Hits(engagementID, evidenceID, query string) ([]view.Location, error) {
	m, err := search.NewMarker(query)
	if err != nil {
		return nil, ui(err)
	}
	ctx := context.Background()
	parts, ev, err := v.parts(ctx, engagementID, evidenceID)
	if err != nil {
		return nil, ui(err)
	}
	switch kind := kindOf(ev); {
	case kind == KindPDF:
		return view.PageHits(parts, m), nil
	case kind == KindSheet && sheetRows(parts):
		return view.NewSheets(parts).Hits(m), nil
	case kind == KindSheet, kind == KindText, kind == KindEmail:
		return view.NewText(parts, kind == KindEmail).Hits(m), nil
	}
	return []view.Location{}, nil
}

// Email returns an e-mail's headers and the attachments imported from it.
func (v *Viewer) Email(engagementID, evidenceID string) (ViewerEmail, error) {
	ctx := context.Background()
	h, ev, err := v.evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return ViewerEmail{}, ui(err)
	}
	if kindOf(ev) != KindEmail {
		return ViewerEmail{}, ui(audit.Errorf(audit.EINVALID, "%s is not an e-mail", ev.Name))
	}
	out := ViewerEmail{Headers: []Header{}, Attachments: []audit.Evidence{}}
	for _, k := range [][2]string{{"From", "from"}, {"To", "to"}, {"Cc", "cc"}, {"Subject", "subject"}, {"Date", "date"}, {"Message-ID", "message_id"}} {
		if val := ev.Meta[k[1]]; val != "" {
			out.Headers = append(out.Headers, Header{Name: k[0], Value: val})
		}
	}
	err = h.ForEachEvidence(ctx, engagementID, func(c audit.Evidence) error {
		if c.Parent == ev.ID {
			out.Attachments = append(out.Attachments, c)
		}
		return nil
	})
	slices.SortFunc(out.Attachments, func(a, b audit.Evidence) int { return strings.Compare(a.Path, b.Path) })
	return out, ui(err)
}

// Image returns an image to show. Those a browser shows by itself are sent
// as they are; others (TIFF) are drawn as PNG by MuPDF in a worker.
func (v *Viewer) Image(engagementID, evidenceID string) (ViewerImage, error) {
	ctx := context.Background()
	h, ev, err := v.evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return ViewerImage{}, ui(err)
	}
	if kindOf(ev) != KindImage {
		return ViewerImage{}, ui(audit.Errorf(audit.EINVALID, "%s is not an image", ev.Name))
	}
	if ev.Size > maxImage {
		return ViewerImage{}, ui(audit.Errorf(audit.EINVALID, "%s is too large to show (%d MB; the viewer shows images up to %d MB)", ev.Name, ev.Size>>20, maxImage>>20))
	}
	data, err := v.content(ctx, h, engagementID, ev.ID)
	if err != nil {
		return ViewerImage{}, ui(err)
	}
	if mime := imageMIME(data); mime != "" {
		return ViewerImage{Data: base64.StdEncoding.EncodeToString(data), MIME: mime}, nil
	}
	p, err := v.session.renderers().Render(ctx, data, view.PageRequest{Page: 1})
	if err != nil {
		return ViewerImage{}, ui(audit.Errorf(audit.EINVALID, "cannot show %s: %s", ev.Name, audit.ErrorMessage(err)))
	}
	return ViewerImage{Data: base64.StdEncoding.EncodeToString(p.PNG), MIME: "image/png"}, nil
}

// latest starts a page drawing, cancelling the one still running.
func (v *Viewer) latest() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	v.mu.Lock()
	if v.cancel != nil {
		v.cancel()
	}
	v.drawing++
	id := v.drawing
	v.cancel = cancel
	v.mu.Unlock()
	return ctx, func() {
		v.mu.Lock()
		if v.drawing == id {
			v.cancel = nil
		}
		v.mu.Unlock()
		cancel()
	}
}

func (v *Viewer) evidence(ctx context.Context, engagementID, evidenceID string) (*store.Home, audit.Evidence, error) {
	h, err := v.session.open()
	if err != nil {
		return nil, audit.Evidence{}, err
	}
	ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
	return h, ev, err
}

func (v *Viewer) parts(ctx context.Context, engagementID, evidenceID string) ([]audit.Part, audit.Evidence, error) {
	h, ev, err := v.evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return nil, ev, err
	}
	parts, err := h.Parts(ctx, engagementID, ev.ID)
	return parts, ev, err
}

// content reads a file's bytes from the store into memory, never to disk.
func (v *Viewer) content(ctx context.Context, h *store.Home, engagementID, evidenceID string) ([]byte, error) {
	var buf bytes.Buffer
	if err := h.Content(ctx, engagementID, evidenceID, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render draws a PDF page in a viewer worker.
func (v *Viewer) render(ctx context.Context, h *store.Home, engagementID, evidenceID string, req view.PageRequest) (view.Page, error) {
	data, err := v.content(ctx, h, engagementID, evidenceID)
	if err != nil {
		return view.Page{}, err
	}
	return v.session.renderers().Render(ctx, data, req)
}

// kindOf says how the viewer shows a file of this type (extract.Types).
func kindOf(ev audit.Evidence) string { return extract.ViewerOf(ev.Type) }

// sheetRows reports whether parts are rows: a malformed CSV file is stored
// as lines.
func sheetRows(parts []audit.Part) bool {
	for _, p := range parts {
		if p.Row > 0 || p.Sheet != "" {
			return true
		}
	}
	return false
}

// noText says why there is nothing to show of a file.
func noText(ev audit.Evidence) string {
	why := "Audit Room cannot show this type of file"
	if ev.Reason != "" {
		why = "No text could be read from this file: " + ev.Reason
	}
	return fmt.Sprintf("%s. Its hash and provenance are in the evidence details.", why)
}

func rowLimit(n int) int {
	if n <= 0 {
		return defaultRows
	}
	return min(n, maxRows)
}

// imageMIME names the image types a browser shows by itself, from their
// first bytes; "" for others.
func imageMIME(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(b, []byte("BM")):
		return "image/bmp"
	}
	return ""
}
