package extract

import (
	"auditroom/backend/audit"
	"auditroom/backend/table"

	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"path"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
)

// maxMIMEDepth bounds nested multiparts and attached messages.
const maxMIMEDepth = 16

// maxChildren bounds the attachments taken from one message.
const maxChildren = 1000

var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// decodeHeader decodes RFC 2047 encoded words; raw 8-bit headers are taken
// as UTF-8 when valid, else Windows-1252.
func decodeHeader(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		s = d
	}
	if !isValidUTF8(s) {
		s, _ = decodeText([]byte(s))
	}
	return strings.TrimSpace(s)
}

// mailBody collects the text and attachments of one message.
type mailBody struct {
	plain, html []string
	children    []Child
	depth       int
}

// extractEML parses an RFC 5322 message: headers into Meta and the first
// part, text/plain preferred over stripped HTML, attachments as Children.
func extractEML(j *job) {
	data := j.data
	// An mbox "From " separator line is not a header.
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		}
	}
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		// Broken headers: the raw text is still evidence.
		j.meta("mail_error", err.Error())
		s, _ := decodeText(data)
		j.lines(s)
		return
	}
	h := msg.Header
	header := func(k string) string { return decodeHeader(h.Get(k)) }
	subject := header("Subject")
	j.res.Title = subject
	j.meta("subject", subject)
	j.meta("from", header("From"))
	j.meta("to", header("To"))
	j.meta("cc", header("Cc"))
	j.meta("message_id", strings.Trim(h.Get("Message-Id"), "<> "))
	j.meta("date", h.Get("Date"))
	if t, err := mail.ParseDate(h.Get("Date")); err == nil {
		j.res.AsOf, j.res.AsOfField = t, "Date header"
	} else if t, ok := lenientMailDate(h.Get("Date")); ok {
		j.res.AsOf, j.res.AsOfField = t, "Date header"
	}

	var mb mailBody
	body, _ := io.ReadAll(io.LimitReader(msg.Body, int64(len(j.data))+1))
	mb.walk(textproto.MIMEHeader(h), body)
	if len(mb.children) > maxChildren {
		mb.children = mb.children[:maxChildren]
		j.meta("children_truncated", "true")
	}
	j.res.Children = mb.children
	if len(mb.children) > 0 {
		j.meta("attachments", itoa(len(mb.children)))
	}
	text := strings.Join(mb.plain, "\n")
	if strings.TrimSpace(text) == "" {
		text = strings.Join(mb.html, "\n")
	}
	j.mailParts(mailHead(j.res.Meta, h.Get("Date")), text)
}

// mailHead is the header block that opens a message's first part.
func mailHead(meta map[string]string, date string) string {
	var b strings.Builder
	for _, kv := range [][2]string{{"From", meta["from"]}, {"To", meta["to"]}, {"Cc", meta["cc"]}, {"Subject", meta["subject"]}, {"Date", date}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
		}
	}
	return b.String()
}

// mailParts emits the header block and body: the header goes with the first
// lines of the body, the rest is chunked by lines. The header block is a unit without numbers, cited as the header.
func (j *job) mailParts(head, body string) {
	c := chunker{out: &j.out, base: Part{Section: audit.SectionBody}}
	err := c.unit(audit.Mark{}, head)
	if err == nil {
		err = table.EachLine(body, func(n int, l string) error { return c.line(n, l) })
	}
	if err == nil {
		err = c.flush()
	}
	j.stopErr(err)
}

// walk descends a MIME entity.
func (mb *mailBody) walk(h textproto.MIMEHeader, body []byte) {
	mb.depth++
	defer func() { mb.depth-- }()
	if mb.depth > maxMIMEDepth {
		return
	}
	ct := h.Get("Content-Type")
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil || ct == "" {
		mediaType, params = "text/plain", map[string]string{}
		if i := strings.IndexByte(ct, ';'); i > 0 {
			mediaType = strings.ToLower(strings.TrimSpace(ct[:i]))
		} else if ct != "" {
			mediaType = strings.ToLower(strings.TrimSpace(ct))
		}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	filename = decodeHeader(filename)

	if strings.HasPrefix(mediaType, "multipart/") && params["boundary"] != "" {
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		var alt []func()
		parts := 0
		for range 10000 {
			p, err := mr.NextRawPart()
			if err != nil {
				break
			}
			pb, err := io.ReadAll(p)
			if err != nil && len(pb) == 0 {
				break
			}
			ph := p.Header
			parts++
			if mediaType == "multipart/alternative" {
				alt = append(alt, func() { mb.walk(ph, pb) })
				continue
			}
			mb.walk(ph, pb)
		}
		mb.alternative(alt)
		if parts == 0 {
			// No boundary found: the body is still text.
			mb.plain = append(mb.plain, decodeCharset("", body))
		}
		return
	}

	data := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	isText := strings.HasPrefix(mediaType, "text/") || mediaType == "text" ||
		mediaType == "message/delivery-status" || mediaType == "message/disposition-notification"
	if disp == "attachment" || (filename != "" && !(isText && disp == "inline")) || (!isText && !strings.HasPrefix(mediaType, "multipart/")) {
		if len(data) == 0 {
			return
		}
		if filename == "" {
			filename = "attachment" + extFor(mediaType)
		}
		mb.children = append(mb.children, Child{Name: path.Base(strings.ReplaceAll(filename, "\\", "/")), Data: data})
		return
	}
	text := decodeCharset(params["charset"], data)
	if strings.HasPrefix(mediaType, "text/html") {
		t, _ := htmlText([]byte(text), "text/html; charset=utf-8")
		mb.html = append(mb.html, t)
		return
	}
	mb.plain = append(mb.plain, text)
}

// alternative runs the alternatives of a multipart/alternative and keeps the
// plain text when one gave it, else the HTML.
func (mb *mailBody) alternative(alts []func()) {
	if len(alts) == 0 {
		return
	}
	plain, html := len(mb.plain), len(mb.html)
	for _, a := range alts {
		a()
	}
	if len(mb.plain) > plain && len(mb.html) > html {
		mb.html = mb.html[:html]
	}
}

func extFor(mediaType string) string {
	switch mediaType {
	case "message/rfc822":
		return ".eml"
	case "application/pdf":
		return ".pdf"
	}
	if exts, err := mime.ExtensionsByType(mediaType); err == nil && len(exts) > 0 {
		return exts[0]
	}
	return ".bin"
}

// decodeTransfer undoes base64 or quoted-printable, leniently: a broken body
// gives what could be decoded.
func decodeTransfer(cte string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, body)
		if i := bytes.IndexByte(clean, '='); i >= 0 {
			clean = clean[:i]
		}
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, err := base64.RawStdEncoding.Decode(out, clean)
		if err != nil {
			var ce base64.CorruptInputError
			if errors.As(err, &ce) {
				// Keep the decodable prefix.
				n, _ = base64.RawStdEncoding.Decode(out, clean[:int(ce)/4*4])
			}
		}
		return out[:n]
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil && len(out) == 0 {
			return body
		}
		return out
	}
	return body
}

// decodeCharset converts text in a named charset to UTF-8.
func decodeCharset(label string, b []byte) string {
	label = strings.TrimSpace(strings.ToLower(label))
	if label != "" && label != "utf-8" && label != "us-ascii" {
		if e, err := htmlindex.Get(label); err == nil {
			if out, err := e.NewDecoder().Bytes(b); err == nil {
				return table.Clean(string(out))
			}
		}
	}
	s, _ := decodeText(b)
	return s
}

// lenientMailDate accepts a few common malformed Date headers.
func lenientMailDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 06 15:04:05 -0700", "Mon Jan 2 15:04:05 2006", "Mon, 2 Jan 2006 15:04 -0700",
		time.RFC3339, "2006-01-02 15:04:05",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
