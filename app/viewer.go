package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

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
type Header = view.Header

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
	latest  latest
}

// Open says how to show a file.
func (v *Viewer) Open(engagementID, evidenceID string) (ViewerDocument, error) {
	return call(v.session, func(ctx context.Context, h *store.Home) (ViewerDocument, error) {
		ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
		if err != nil {
			return ViewerDocument{}, err
		}
		return v.document(ctx, h, engagementID, ev)
	})
}

// document works out how to show ev: its kind and its pages, sheets or
// lines, or why it cannot be shown.
func (v *Viewer) document(ctx context.Context, h *store.Home, engagementID string, ev audit.Evidence) (ViewerDocument, error) {
	doc := ViewerDocument{Evidence: ev, Kind: extract.ViewerOf(ev.Type), Sheets: []view.SheetInfo{}, PartLines: []int{}}
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
			return doc, err
		}
		if doc.Kind = view.Kind(ev, parts); doc.Kind == KindSheet {
			doc.Sheets = view.NewSheets(parts).List()
			break
		}
		t := view.NewText(parts, doc.Kind == KindEmail)
		doc.Lines, doc.PartLines = t.Len(), t.PartLines()
		if len(parts) == 0 && doc.Kind == KindText {
			doc.Problem = view.NoText(ev)
		}
	case KindOther:
		doc.Problem = view.NoText(ev)
	}
	return doc, nil
}

// PDFPage draws page (from 1) of a PDF at scale (image pixels per point:
// 1 is 72 dots per inch), marking query's matches.
func (v *Viewer) PDFPage(engagementID, evidenceID string, page int, scale float64, query string) (ViewerPage, error) {
	ctx, done := v.latest.start()
	defer done()
	m, err := search.NewMarker(query)
	if err != nil {
		return ViewerPage{}, err
	}
	return callIn(ctx, v.session, func(ctx context.Context, h *store.Home) (ViewerPage, error) {
		ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
		if err != nil {
			return ViewerPage{}, err
		}
		if extract.ViewerOf(ev.Type) != KindPDF {
			return ViewerPage{}, audit.Errorf(audit.EINVALID, "%s is not a PDF", ev.Name)
		}
		p, err := v.render(ctx, h, engagementID, ev.ID, view.PageRequest{Page: page, Scale: scale})
		if err != nil {
			return ViewerPage{}, err
		}
		out := ViewerPage{Page: p.Number, Pages: p.Pages, Width: p.Width, Height: p.Height, Scale: p.Scale,
			PNG: base64.StdEncoding.EncodeToString(p.PNG), Highlights: []view.Rect{},
			Text: p.Text, TextMarks: [][2]int{}}
		if !m.Empty() {
			out.Highlights = view.Highlights(p.Layout, p.Boxes, m.Marks(p.Layout))
			out.TextMarks = append(out.TextMarks, m.Marks(p.Text)...)
		}
		return out, nil
	})
}

// SheetRows returns a page of a sheet's rows with query's matches marked.
func (v *Viewer) SheetRows(engagementID, evidenceID string, q SheetQuery) (SheetPage, error) {
	m, err := search.NewMarker(q.Query)
	if err != nil {
		return SheetPage{}, err
	}
	return call(v.session, func(ctx context.Context, h *store.Home) (SheetPage, error) {
		parts, ev, err := parts(ctx, h, engagementID, evidenceID)
		if err != nil {
			return SheetPage{}, err
		}
		if view.Kind(ev, parts) != KindSheet {
			return SheetPage{}, audit.Errorf(audit.EINVALID, "%s is not read as a spreadsheet", ev.Name)
		}
		s := view.NewSheets(parts)
		if !s.Has(q.Sheet) {
			return SheetPage{}, audit.Errorf(audit.ENOTFOUND, "%s has no sheet %q", ev.Name, q.Sheet)
		}
		limit := view.Limit(q.Limit)
		offset := q.Offset
		if q.Row > 0 {
			offset = s.Find(q.Sheet, q.Row) / limit * limit
		}
		rows := s.Rows(q.Sheet, offset, limit, m)
		return SheetPage{Sheet: q.Sheet, Offset: max(offset, 0), Total: s.Len(q.Sheet), Rows: rows}, nil
	})
}

// TextLines returns a page of a file's numbered lines (an e-mail's body)
// with query's matches marked.
func (v *Viewer) TextLines(engagementID, evidenceID string, q LinesQuery) (LinesPage, error) {
	m, err := search.NewMarker(q.Query)
	if err != nil {
		return LinesPage{}, err
	}
	return call(v.session, func(ctx context.Context, h *store.Home) (LinesPage, error) {
		parts, ev, err := parts(ctx, h, engagementID, evidenceID)
		if err != nil {
			return LinesPage{}, err
		}
		t := view.NewText(parts, extract.ViewerOf(ev.Type) == KindEmail)
		limit := view.Limit(q.Limit)
		offset := q.Offset
		if q.Record > 0 {
			offset = t.FindRecord(q.Record) / limit * limit
		} else if q.Line > 0 {
			offset = t.Find(q.Line) / limit * limit
		}
		return LinesPage{Offset: max(offset, 0), Total: t.Len(), Lines: t.Lines(offset, limit, m)}, nil
	})
}

// Hits lists where query matches in a file, in order: the pages of a PDF,
// the rows of a sheet, the lines of text, at most view.MaxHits.
func (v *Viewer) Hits(engagementID, evidenceID, query string) ([]view.Location, error) {
	m, err := search.NewMarker(query)
	if err != nil {
		return nil, err
	}
	return call(v.session, func(ctx context.Context, h *store.Home) ([]view.Location, error) {
		parts, ev, err := parts(ctx, h, engagementID, evidenceID)
		if err != nil {
			return nil, err
		}
		return view.Hits(view.Kind(ev, parts), parts, m), nil
	})
}

// Email returns an e-mail's headers and the attachments imported from it.
func (v *Viewer) Email(engagementID, evidenceID string) (ViewerEmail, error) {
	return call(v.session, func(ctx context.Context, h *store.Home) (ViewerEmail, error) {
		ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
		if err != nil {
			return ViewerEmail{}, err
		}
		if extract.ViewerOf(ev.Type) != KindEmail {
			return ViewerEmail{}, audit.Errorf(audit.EINVALID, "%s is not an e-mail", ev.Name)
		}
		out := ViewerEmail{Headers: view.EmailHeaders(ev), Attachments: []audit.Evidence{}}
		err = h.ForEachEvidence(ctx, engagementID, func(c audit.Evidence) error {
			if c.Parent == ev.ID {
				out.Attachments = append(out.Attachments, c)
			}
			return nil
		})
		slices.SortFunc(out.Attachments, func(a, b audit.Evidence) int { return strings.Compare(a.Path, b.Path) })
		return out, err
	})
}

// Image returns an image to show. Those a browser shows by itself are sent
// as they are; others (TIFF) are drawn as PNG by MuPDF in a worker.
func (v *Viewer) Image(engagementID, evidenceID string) (ViewerImage, error) {
	return call(v.session, func(ctx context.Context, h *store.Home) (ViewerImage, error) {
		ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
		if err != nil {
			return ViewerImage{}, err
		}
		if extract.ViewerOf(ev.Type) != KindImage {
			return ViewerImage{}, audit.Errorf(audit.EINVALID, "%s is not an image", ev.Name)
		}
		if ev.Size > view.MaxImage {
			return ViewerImage{}, audit.Errorf(audit.EINVALID, "%s is too large to show (%d MB; the viewer shows images up to %d MB)", ev.Name, ev.Size>>20, view.MaxImage>>20)
		}
		data, err := content(ctx, h, engagementID, ev.ID)
		if err != nil {
			return ViewerImage{}, err
		}
		if mime := view.ImageMIME(data); mime != "" {
			return ViewerImage{Data: base64.StdEncoding.EncodeToString(data), MIME: mime}, nil
		}
		p, err := v.session.renderers().Render(ctx, data, view.PageRequest{Page: 1})
		if err != nil {
			return ViewerImage{}, audit.Errorf(audit.EINVALID, "cannot show %s: %s", ev.Name, audit.ErrorMessage(err))
		}
		return ViewerImage{Data: base64.StdEncoding.EncodeToString(p.PNG), MIME: "image/png"}, nil
	})
}

// parts reads a file's record and its stored text.
func parts(ctx context.Context, h *store.Home, engagementID, evidenceID string) ([]audit.Part, audit.Evidence, error) {
	ev, _, err := h.Evidence(ctx, engagementID, evidenceID)
	if err != nil {
		return nil, ev, err
	}
	parts, err := h.Parts(ctx, engagementID, ev.ID)
	return parts, ev, err
}

// content reads a file's bytes from the store into memory, never to disk.
func content(ctx context.Context, h *store.Home, engagementID, evidenceID string) ([]byte, error) {
	var buf bytes.Buffer
	if err := h.Content(ctx, engagementID, evidenceID, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render draws a PDF page in a viewer worker.
func (v *Viewer) render(ctx context.Context, h *store.Home, engagementID, evidenceID string, req view.PageRequest) (view.Page, error) {
	data, err := content(ctx, h, engagementID, evidenceID)
	if err != nil {
		return view.Page{}, err
	}
	return v.session.renderers().Render(ctx, data, req)
}
