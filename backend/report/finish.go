package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/color"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/phpdave11/gofpdf"
)

// pdfcpu otherwise writes a configuration folder into the user's home the
// first time it builds a configuration.
func init() { api.DisableConfigDir() }

// stampDesc places the DRAFT stamp: diagonal, large, translucent and on
// top of the content, so that table fills cannot hide it.
const stampDesc = "rotation:45, opacity:0.13, scalefactor:0.75 rel"

// stampPDF is the DRAFT stamp as a page of its own, drawn in the report's
// embedded DejaVu Sans Bold: pdfcpu's text stamps use the standard
// Helvetica-Bold, which a PDF names but does not carry, so that a reader
// without it drew another font.
func stampPDF() ([]byte, error) {
	const size = 110.0 // points
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "pt", Size: gofpdf.SizeType{Wd: 1, Ht: 1}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes(family, "B", dejavusansbold.TTF)
	pdf.SetFont(family, "B", size)
	w := pdf.GetStringWidth("DRAFT")
	pdf.AddPageFormat("P", gofpdf.SizeType{Wd: w, Ht: size})
	pdf.SetTextColor(int(draftInk.Red), int(draftInk.Green), int(draftInk.Blue))
	pdf.Text(0, size*0.8, "DRAFT")
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// finish turns maroto's PDF into the report: the DRAFT stamp on every page of
// a draft, the outline, the attachments and the document properties. It
// works on bytes in memory and returns bytes.
func finish(r *Report, raw []byte, outline []entry, anchors map[string]int) ([]byte, error) {
	conf := model.NewDefaultConfiguration()
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(raw), conf)
	if err != nil {
		return nil, fmt.Errorf("read the laid-out report: %w", err)
	}
	if r.Status == Draft {
		stamp, err := stampPDF()
		if err != nil {
			return nil, fmt.Errorf("draft stamp: %w", err)
		}
		wm, err := api.PDFWatermarkForReadSeeker(bytes.NewReader(stamp), 1, stampDesc, true, false, types.POINTS)
		if err != nil {
			return nil, fmt.Errorf("draft stamp: %w", err)
		}
		if err := api.WatermarkContext(ctx, nil, wm); err != nil {
			return nil, fmt.Errorf("draft stamp: %w", err)
		}
	}
	if err := pdfcpu.AddBookmarks(ctx, bookmarks(outline, anchors), true); err != nil {
		return nil, fmt.Errorf("outline: %w", err)
	}
	mod := time.Now()
	for _, a := range []struct {
		name, desc string
		data       []byte
	}{
		{workpaperName, "Workpapers (XLSX)", r.Workpaper},
		{manifestName, "Evidence manifest (JSON)", r.Manifest},
	} {
		if len(a.data) == 0 {
			continue
		}
		err := ctx.AddAttachment(model.Attachment{Reader: bytes.NewReader(a.data), ID: a.name, FileName: a.name, Desc: a.desc, ModTime: &mod}, false)
		if err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.name, err)
		}
	}
	if err := pdfcpu.PropertiesAdd(ctx, properties(r)); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	var out bytes.Buffer
	out.Grow(len(raw) + len(r.Workpaper) + len(r.Manifest) + 64<<10)
	if err := api.WriteContext(ctx, &out); err != nil {
		return nil, fmt.Errorf("write the report: %w", err)
	}
	return out.Bytes(), nil
}

// bookmarks is the outline: one bookmark per section, the findings nested
// under theirs.
func bookmarks(outline []entry, anchors map[string]int) []pdfcpu.Bookmark {
	var bms []pdfcpu.Bookmark
	for _, e := range outline {
		title, _ := clean(e.title)
		title = strings.Replace(title, "  ", " ", 1)
		bm := pdfcpu.Bookmark{Title: title, PageFrom: anchors[e.key]}
		if e.level == 0 {
			bm.Bold = true
			bm.Color = &color.SimpleColor{R: 0.12, G: 0.23, B: 0.37}
			bms = append(bms, bm)
			continue
		}
		last := &bms[len(bms)-1]
		last.Kids = append(last.Kids, bm)
	}
	return bms
}

// properties are the document information entries: the standard ones and
// the engagement and status, which document managers can index.
func properties(r *Report) map[string]string {
	status := "Draft"
	if r.Status == Final {
		status = "Final"
	}
	e := r.Engagement
	return map[string]string{
		"Title":      "Findings report: " + e.Client + " (" + status + ")",
		"Author":     r.PreparedBy,
		"Subject":    e.Name,
		"Keywords":   strings.Join([]string{status, reportType(e.Type, false), e.Client, "findings report"}, ", "),
		"Creator":    "Audit Room",
		"Engagement": e.Name,
		"Client":     e.Client,
		"Status":     status,
		"Period":     e.PeriodStart + " to " + e.PeriodEnd,
		"ReportDate": r.Date,
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
