package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"

	"auditroom/backend/table"
)

// htmlBlocks end a line of text.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "table": true, "section": true, "article": true, "header": true,
	"footer": true, "pre": true, "blockquote": true, "hr": true, "ul": true, "ol": true, "dt": true,
	"dd": true, "title": true, "form": true, "nav": true, "aside": true, "main": true,
}

// htmlText returns the visible text of an HTML document (script, style and
// similar skipped) and its <title>.
func htmlText(b []byte, contentType string) (text, title string) {
	r, err := charset.NewReader(bytes.NewReader(b), contentType)
	if err != nil {
		r = bytes.NewReader(b)
	}
	z := html.NewTokenizer(r)
	z.SetMaxBuf(64 << 20)
	var sb, tb strings.Builder
	skip, inTitle := 0, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapseBlank(sb.String()), strings.TrimSpace(tb.String())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template", "svg":
				skip++
			case "title":
				inTitle = true
			case "td", "th":
				sb.WriteByte('\t')
			}
			if htmlBlocks[tag] {
				sb.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template", "svg":
				if skip > 0 {
					skip--
				}
			case "title":
				inTitle = false
			}
			if htmlBlocks[tag] {
				sb.WriteByte('\n')
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			if inTitle {
				tb.WriteString(t)
			}
			sb.WriteString(collapseSpace(t))
		}
	}
}

// collapseSpace folds runs of white space inside a text node to one space.
func collapseSpace(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		if s != "" {
			return " "
		}
		return ""
	}
	out := strings.Join(f, " ")
	if s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r' {
		out = " " + out
	}
	if e := s[len(s)-1]; e == ' ' || e == '\n' || e == '\t' || e == '\r' {
		out += " "
	}
	return out
}

// collapseBlank trims lines and drops blank ones.
func collapseBlank(s string) string {
	var b strings.Builder
	_ = table.EachLine(s, func(_ int, l string) error {
		l = strings.TrimSpace(l)
		if l != "" {
			b.WriteString(l)
			b.WriteByte('\n')
		}
		return nil
	})
	return b.String()
}

func extractHTML(j *job) {
	text, title := htmlText(j.data, "text/html")
	j.res.Title = title
	j.lines(text)
}

// xmlText returns the character data of an XML document, one text node a
// line. Entities are never resolved: encoding/xml knows only the five
// predefined ones, ignores DTDs and never fetches anything, so entity bombs
// and external entities stay inert.
func xmlText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = charsetReader
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		if cd, ok := tok.(xml.CharData); ok {
			if t := strings.TrimSpace(string(cd)); t != "" {
				b.WriteString(t)
				b.WriteByte('\n')
			}
		}
		if b.Len() > 256<<20 {
			return b.String(), errors.New("xml text too large")
		}
	}
}

// charsetReader decodes the encodings an XML declaration may name.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, err
	}
	return e.NewDecoder().Reader(in), nil
}

func extractXML(j *job) {
	data := j.data
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		s, _ := decodeText(data)
		// The declaration still names UTF-16; the text is UTF-8 now.
		s = strings.Replace(s, `encoding="UTF-16"`, `encoding="UTF-8"`, 1)
		s = strings.Replace(s, `encoding="utf-16"`, `encoding="utf-8"`, 1)
		data = []byte(s)
	}
	text, err := xmlText(bytes.NewReader(data))
	if err != nil {
		j.meta("xml_error", err.Error())
	}
	if strings.TrimSpace(text) == "" && err != nil {
		j.fail("malformed xml: %s", err.Error())
		return
	}
	j.lines(text)
}
