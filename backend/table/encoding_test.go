package table

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func utf16le(t *testing.T, s string, bom bool) []byte {
	t.Helper()
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.UseBOM
	}
	b, err := unicode.UTF16(unicode.LittleEndian, policy).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeAndStream(t *testing.T) {
	text := "id,name,amount\n1,Zoë Müller,12.50\n2,Łukasz,3\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().String("id,name\n1,Zoë Müller\n")
	// Mostly ASCII with one Windows-1252 byte far past the sniffed head.
	late := strings.Repeat("a,b\n", streamSniff/4+100) + "caf\xe9,x\n"
	for _, tc := range []struct {
		name    string
		in      []byte
		want    string
		enc     string
		wantAll string // what Decode gives, when it differs from the stream
	}{
		{"utf-8", []byte(text), text, UTF8, ""},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), text...), text, UTF8BOM, ""},
		{"utf-16le bom", utf16le(t, text, true), text, UTF16LE, ""},
		{"utf-16le no bom", utf16le(t, text, false), text, UTF16LE, ""},
		{"windows-1252", []byte(cp1252), "id,name\n1,Zoë Müller\n", Windows1252, ""},
		{"latin byte after the head", []byte(late), strings.Repeat("a,b\n", streamSniff/4+100) + "café,x\n", UTF8, "windows-1252"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One byte at a time, so characters split across reads.
			r, enc, err := NewReader(iotest.OneByteReader(bytes.NewReader(tc.in)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tc.enc || string(got) != tc.want {
				t.Errorf("NewReader: %s %q, want %s %q", enc, cut(string(got)), tc.enc, cut(tc.want))
			}
			s, whole := Decode(tc.in)
			wantEnc := tc.enc
			if tc.wantAll != "" {
				wantEnc = tc.wantAll // Decode sees the whole file and picks once
			}
			if whole != wantEnc || s != tc.want {
				t.Errorf("Decode: %s %q, want %s %q", whole, cut(s), wantEnc, cut(tc.want))
			}
		})
	}
}

func cut(s string) string {
	if len(s) > 60 {
		return "…" + s[len(s)-60:]
	}
	return s
}

func TestDelimiter(t *testing.T) {
	for _, tc := range []struct {
		text string
		want rune
	}{
		{"a,b,c\n1,2,3\n4,5,6\n", ','},
		{"a;b;c\n1;2,5;3\n4;5;6\n", ';'},
		{"a\tb\n1\t2\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{`a,"b,c"` + "\n1,\"2,3\"\n", ','},
		{"just words\nmore words\n", 0},
		{"one\tline", '\t'},
	} {
		if got := Delimiter(tc.text); got != tc.want {
			t.Errorf("Delimiter(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
