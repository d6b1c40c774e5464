package pack

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IDsFromPath finds Trust Services criterion-style control IDs and request IDs
// in the folder and file names of a pack path, each once, in order of first
// appearance, normalised to upper case.
//
// Control IDs are CC1.1…CC9.9, A1.1…A1.9, C1.1…C1.9, PI1.1…PI1.9 and
// P1.1…P8.9, matched case-insensitively as whole tokens: a letter or digit
// may not touch either end, nor may ".digit" follow ("CC6.1_access_review",
// "CC6.1 - Access/" and "cc6.1.pdf" match; "ACC6.10x" and "CC6.1.2" do not).
//
// Request IDs are PBC, REQ or RFI followed by digits, optionally after '-' or
// '_', and R followed by '-' and digits ("PBC-012", "pbc_12", "REQ7", "R-12"),
// as whole tokens; they are returned as PREFIX-DIGITS ("PBC-012").
func IDsFromPath(path string) (controls, requests []string) {
	for i := 0; i < len(path); {
		if i > 0 && isAlnumBefore(path, i) {
			i++
			continue
		}
		if id, n := controlAt(path[i:]); n > 0 {
			controls = appendNew(controls, id)
			i += n
			continue
		}
		if id, n := requestAt(path[i:]); n > 0 {
			requests = appendNew(requests, id)
			i += n
			continue
		}
		i++
	}
	return controls, requests
}

// controlAt matches a control ID at the start of s and returns it and its
// length, or 0.
func controlAt(s string) (string, int) {
	prefixes := []struct {
		p      string
		lo, hi byte // range of the first number
	}{
		{"PI", '1', '1'}, {"CC", '1', '9'}, {"A", '1', '1'}, {"C", '1', '1'}, {"P", '1', '8'},
	}
	for _, pr := range prefixes {
		n := len(pr.p)
		if len(s) < n+3 || !strings.EqualFold(s[:n], pr.p) {
			continue
		}
		d1, dot, d2 := s[n], s[n+1], s[n+2]
		if d1 < pr.lo || d1 > pr.hi || dot != '.' || d2 < '1' || d2 > '9' {
			continue
		}
		if !tokenEnds(s[n+3:]) {
			continue
		}
		return strings.ToUpper(s[:n+3]), n + 3
	}
	return "", 0
}

// requestAt matches a request ID at the start of s.
func requestAt(s string) (string, int) {
	for _, p := range []string{"PBC", "REQ", "RFI", "R"} {
		n := len(p)
		if len(s) <= n || !strings.EqualFold(s[:n], p) {
			continue
		}
		i := n
		if s[i] == '-' || (s[i] == '_' && p != "R") {
			i++
		} else if p == "R" {
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || !tokenEnds(s[j:]) {
			continue
		}
		return p + "-" + s[i:j], j
	}
	return "", 0
}

// tokenEnds reports whether a token may end before rest: rest is empty or
// starts with neither a letter or digit nor ".digit".
func tokenEnds(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	return !(r == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9')
}

// isAlnumBefore reports whether the rune before s[i] is a letter or digit.
func isAlnumBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
