package extract

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// maxStream caps one OLE stream read from a message.
const maxStream = 64 << 20

// msgProps are the properties read from one storage of an Outlook message,
// keyed by the eight hex digits of tag and type (e.g. "0037001F").
type msgProps map[string][]byte

// extractMSG reads an Outlook .msg (OLE compound file): subject, sender,
// recipients, body (plain, else HTML, stripped), delivery date, attachments.
func extractMSG(j *job) {
	r, err := mscfb.New(bytes.NewReader(j.data))
	if err != nil {
		j.fail("corrupt ole container: %s", err.Error())
		return
	}
	root := msgProps{}
	attach := map[string]msgProps{}
	var rootProps []byte
	for _, f := range r.File {
		if j.ctx.Err() != nil {
			j.interrupted()
			return
		}
		if f.Size == 0 && !strings.HasPrefix(f.Name, "__substg1.0_") {
			continue
		}
		switch {
		case len(f.Path) == 0 && strings.HasPrefix(f.Name, "__substg1.0_"):
			root[strings.ToUpper(strings.TrimPrefix(f.Name, "__substg1.0_"))] = readStream(f)
		case len(f.Path) == 0 && f.Name == "__properties_version1.0":
			rootProps = readStream(f)
		case len(f.Path) == 1 && strings.HasPrefix(f.Path[0], "__attach_version1.0_#") && strings.HasPrefix(f.Name, "__substg1.0_"):
			a := attach[f.Path[0]]
			if a == nil {
				a = msgProps{}
				attach[f.Path[0]] = a
			}
			a[strings.ToUpper(strings.TrimPrefix(f.Name, "__substg1.0_"))] = readStream(f)
		}
	}
	if len(root) == 0 && rootProps == nil {
		j.fail("not an outlook message: no message properties")
		return
	}
	fixed := fixedProps(rootProps, 32)
	cp := 1252
	if v, ok := fixed[0x3FDE0003]; ok && v > 0 { // PR_INTERNET_CPID
		cp = int(uint32(v))
	} else if v, ok := fixed[0x3FFD0003]; ok && v > 0 { // PR_MESSAGE_CODEPAGE
		cp = int(uint32(v))
	}
	str := func(p msgProps, id string) string { return p.str(id, cp) }

	subject := str(root, "0037")
	j.res.Title = subject
	j.meta("subject", subject)
	from := str(root, "0C1A")
	if addr := firstNonEmpty(str(root, "5D01"), str(root, "0C1F"), str(root, "0065")); addr != "" && !strings.Contains(from, addr) {
		if from != "" {
			from += " <" + addr + ">"
		} else {
			from = addr
		}
	}
	j.meta("from", from)
	j.meta("to", str(root, "0E04"))
	j.meta("cc", str(root, "0E03"))
	j.meta("message_id", strings.Trim(str(root, "1035"), "<> "))
	for i, tag := range []uint32{0x0E060040, 0x00390040, 0x30070040} {
		if v, ok := fixed[tag]; ok && v != 0 {
			if t := filetime(v); !t.IsZero() {
				j.res.AsOf, j.res.AsOfField = t, [...]string{"delivery time", "submit time", "creation time"}[i]
				break
			}
		}
	}
	date := ""
	if !j.res.AsOf.IsZero() {
		date = j.res.AsOf.Format(time.RFC1123Z)
	}

	body := str(root, "1000")
	if strings.TrimSpace(body) == "" {
		if h := root["10130102"]; len(h) > 0 {
			body, _ = htmlText(h, "text/html")
		} else if h := str(root, "1013"); h != "" {
			body, _ = htmlText([]byte(h), "text/html; charset=utf-8")
		}
	}

	for i := 0; i < len(attach) && len(j.res.Children) < maxChildren; i++ {
		a := attach[fmt.Sprintf("__attach_version1.0_#%08X", i)]
		if a == nil {
			continue
		}
		data := a["37010102"]
		if len(data) == 0 {
			continue // embedded message or OLE object: not a plain file
		}
		name := firstNonEmpty(str(a, "3707"), str(a, "3704"), str(a, "3001"), fmt.Sprintf("attachment-%d.bin", i+1))
		name = strings.ReplaceAll(name, "\\", "/")
		if k := strings.LastIndexByte(name, '/'); k >= 0 {
			name = name[k+1:]
		}
		j.res.Children = append(j.res.Children, Child{Name: name, Data: data})
	}
	if len(j.res.Children) > 0 {
		j.meta("attachments", itoa(len(j.res.Children)))
	}
	j.mailParts(mailHead(j.res.Meta, date), body)
}

func readStream(f *mscfb.File) []byte {
	b, _ := io.ReadAll(io.LimitReader(f, maxStream))
	return b
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// str returns a string property by its four hex digit id, Unicode (001F)
// first, else 8-bit (001E) in the message code page.
func (p msgProps) str(id string, cp int) string {
	if b, ok := p[id+"001F"]; ok {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	}
	if b, ok := p[id+"001E"]; ok {
		b = bytes.TrimRight(b, "\x00")
		return decodeCodepage(cp, b)
	}
	return ""
}

// decodeCodepage decodes 8-bit text in a Windows code page.
func decodeCodepage(cp int, b []byte) string {
	names := map[int]string{65001: "utf-8", 932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5",
		20127: "us-ascii", 20866: "koi8-r", 21866: "koi8-u", 28591: "iso-8859-1", 28592: "iso-8859-2",
		28595: "iso-8859-5", 28597: "iso-8859-7", 50220: "iso-2022-jp", 51932: "euc-jp", 54936: "gb18030"}
	label, ok := names[cp]
	if !ok && (cp == 874 || cp >= 1250 && cp <= 1258) {
		label = fmt.Sprintf("windows-%d", cp)
	}
	if label == "" {
		label = "windows-1252"
	}
	return decodeCharset(label, b)
}

// fixedProps reads the fixed-size property values of a __properties_version1.0
// stream after a header of hdr bytes: 16-byte entries of tag, flags, value.
func fixedProps(b []byte, hdr int) map[uint32]uint64 {
	out := map[uint32]uint64{}
	for off := hdr; off+16 <= len(b); off += 16 {
		tag := binary.LittleEndian.Uint32(b[off:])
		out[tag] = binary.LittleEndian.Uint64(b[off+8:])
	}
	return out
}

// filetime converts a Windows FILETIME (100 ns since 1601) to UTC.
func filetime(v uint64) time.Time {
	const epochDiff = 116444736000000000
	if v < epochDiff {
		return time.Time{}
	}
	d := v - epochDiff
	secs := d / 1e7
	if secs > 7258118400 { // 2200-01-01
		return time.Time{}
	}
	return time.Unix(int64(secs), int64(d%1e7)*100).UTC()
}
