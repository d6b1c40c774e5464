// Package pdftest writes small PDFs for tests, by hand, so that each test
// shows exactly what is on its pages: US Letter pages (612 × 792 points)
// whose content streams draw text in Helvetica (font /F1), whose widths
// MuPDF knows.
package pdftest

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/gen2brain/go-fitz"
	"golang.org/x/text/encoding/charmap"
)

// PDF returns a PDF with one page per content stream, such as
// "BT /F1 12 Tf 72 720 Td (Hello) Tj ET".
func PDF(pages ...string) []byte { return write(pages, "") }

// Encrypted returns a PDF that opens only with the user password,
// encrypted as the PDF standard security handler (revision 2, RC4) does.
func Encrypted(userPassword string, pages ...string) []byte {
	return write(pages, userPassword)
}

// Text is a page's content stream drawing lines of text from the top
// left, 12 points high, 20 apart, in Windows-1252 as the font is encoded.
func Text(lines ...string) string {
	var b bytes.Buffer
	b.WriteString("BT /F1 12 Tf 72 720 Td")
	for i, l := range lines {
		if i > 0 {
			b.WriteString(" 0 -20 Td")
		}
		fmt.Fprintf(&b, " (%s) Tj", escape(l))
	}
	b.WriteString(" ET")
	return b.String()
}

// escape quotes a PDF string's backslashes and parentheses.
func escape(s string) string {
	var b bytes.Buffer
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		enc = s
	}
	for _, c := range []byte(enc) {
		if c == '\\' || c == '(' || c == ')' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pdfPad is the padding of passwords in the standard security handler.
var pdfPad = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

func padded(pw string) []byte { return append([]byte(pw), pdfPad...)[:32] }

func rc4x(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

func write(pages []string, password string) []byte {
	const id = "0123456789abcdef"
	var key, o, u []byte
	const perms = -4
	if password != "" {
		ok := md5.Sum(padded("owner " + password))
		o = rc4x(ok[:5], padded(password))
		h := md5.New()
		h.Write(padded(password))
		h.Write(o)
		binary.Write(h, binary.LittleEndian, int32(perms))
		h.Write([]byte(id))
		key = h.Sum(nil)[:5]
		u = rc4x(key, pdfPad)
	}
	crypt := func(num int, data []byte) []byte {
		if key == nil {
			return data
		}
		k := append(append([]byte{}, key...), byte(num), byte(num>>8), byte(num>>16), 0, 0)
		sum := md5.Sum(k)
		return rc4x(sum[:10], data)
	}
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for _, content := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", len(offsets)+2))
		data := crypt(len(offsets)+1, []byte(content))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data))
	}
	trailer := ""
	if key != nil {
		obj(fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%x> /U <%x> /P %d >>", o, u, perms))
		trailer = fmt.Sprintf(" /Encrypt %d 0 R", len(offsets))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /ID [<%x> <%x>]%s >>\nstartxref\n%d\n%%%%EOF\n",
		len(offsets)+1, id, id, trailer, xref)
	return b.Bytes()
}

// Words is the text MuPDF reads from each page of a PDF, its runs of space
// folded to one, a line per page: what a reader of the PDF finds in it.
func Words(pdf []byte) (string, error) {
	doc, err := fitz.NewFromMemory(pdf)
	if err != nil {
		return "", err
	}
	defer doc.Close()
	var b strings.Builder
	for i := range doc.NumPage() {
		s, err := doc.Text(i)
		if err != nil {
			return "", err
		}
		b.WriteString(strings.Join(strings.Fields(s), " "))
		b.WriteByte('\n')
	}
	return b.String(), nil
}
