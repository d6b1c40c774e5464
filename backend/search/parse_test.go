package search

import (
	"reflect"
	"testing"

	"auditroom/backend/audit"
)

func TestParse(t *testing.T) {
	w := func(pos int, s string) Clause { return Clause{Kind: Word, Text: s, Pos: pos} }
	f := func(pos int, name, v string) Clause { return Clause{Kind: Filter, Filter: name, Text: v, Pos: pos} }
	not := func(c Clause) Clause { c.Exclude = true; return c }
	for _, tc := range []struct {
		q    string
		want []Clause
	}{
		{"", nil},
		{"   ", nil},
		{"access review", []Clause{w(1, "access"), w(8, "review")}},
		{`"access review" signed`, []Clause{{Kind: Phrase, Text: "access review", Pos: 1}, w(17, "signed")}},
		{"recon* rec~ rec~1 rec~2", []Clause{{Kind: Prefix, Text: "recon", Pos: 1}, {Kind: Fuzzy, Text: "rec", Fuzziness: 1, Pos: 8},
			{Kind: Fuzzy, Text: "rec", Fuzziness: 1, Pos: 13}, {Kind: Fuzzy, Text: "rec", Fuzziness: 2, Pos: 19}}},
		{`-draft -"test data" -type:pdf`, []Clause{not(w(1, "draft")), {Kind: Phrase, Text: "test data", Exclude: true, Pos: 8}, not(f(21, "type", "pdf"))}},
		{"type:PDF control:cc6.1 request:r-12 status:Not-Extracted year:2026", []Clause{f(1, "type", "pdf"), f(10, "control", "CC6.1"),
			f(24, "request", "R-12"), f(37, "status", "not_extracted"), f(58, "year", "2026")}},
		{`pack:"Acme PBC.zip" name:*.XLSX NAME:Report.pdf`, []Clause{f(1, "pack", "Acme PBC.zip"), f(21, "name", "*.XLSX"), f(33, "name", "Report.pdf")}},
		{"after:2026-01-01 before:2026-12 after:2025", []Clause{f(1, "after", "2026-01-01"), f(18, "before", "2026-12"), f(33, "after", "2025")}},
		{"Année contrôle", []Clause{w(1, "Année"), w(7, "contrôle")}},
		{"well-known a~b 10:30 Subject: - x", []Clause{w(1, "well-known"), w(12, "a~b"), w(16, "10:30"), w(22, "Subject:"), w(33, "x")}},
		{`foo"bar baz"`, []Clause{w(1, "foo"), {Kind: Phrase, Text: "bar baz", Pos: 4}}},
		{`"" -"  " x`, []Clause{w(10, "x")}},
		{"--x", []Clause{not(w(1, "-x"))}},
		{"a OR b c", []Clause{{Kind: Or, Pos: 1, Either: [][]Clause{{w(1, "a")}, {w(6, "b")}}}, w(8, "c")}},
		{"a OR b OR c", []Clause{{Kind: Or, Pos: 1, Either: [][]Clause{{w(1, "a")}, {w(6, "b")}, {w(11, "c")}}}}},
		{"(a b) c", []Clause{w(2, "a"), w(4, "b"), w(7, "c")}},
		{"(a b) OR c", []Clause{{Kind: Or, Pos: 1, Either: [][]Clause{{w(2, "a"), w(4, "b")}, {w(10, "c")}}}}},
		{`(a OR "b c") dd*`, []Clause{{Kind: Or, Pos: 2, Either: [][]Clause{{w(2, "a")}, {{Kind: Phrase, Text: "b c", Pos: 7}}}}, {Kind: Prefix, Text: "dd", Pos: 14}}},
		{`"a  b"~5 NEAR(c d e, 10)`, []Clause{{Kind: Near, Text: "a b", Distance: 5, Pos: 1}, {Kind: Near, Text: "c d e", Distance: 10, Pos: 10}}},
		{"a or b a) () x", []Clause{w(1, "a"), w(3, "or"), w(6, "b"), w(8, "a)"), w(14, "x")}},
	} {
		got, err := Parse(tc.q)
		if err != nil || !reflect.DeepEqual(got.Clauses, tc.want) {
			t.Errorf("Parse(%q) = %+v, %v\nwant %+v", tc.q, got.Clauses, err, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{`access "review`, "unclosed quote at position 8"},
		{`name:"Q1 report`, "unclosed quote at position 6"},
		{"after:2026-13-01", "after:2026-13-01 at position 1 is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"},
		{"x before:yesterday", "before:yesterday at position 3 is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"},
		{"after:0001-01-01", "after:0001-01-01 at position 1 is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"},
		{"owner:alice", "unknown filter owner: at position 1: filters are type, control, request, pack, name, after, before, status, year; put text with a colon in quotes"},
		{"see https://example.com", "unknown filter https: at position 5: filters are type, control, request, pack, name, after, before, status, year; put text with a colon in quotes"},
		{"type:", "type: at position 1 needs a value"},
		{`control:""`, "control: at position 1 needs a value"},
		{"status:shredded", "status:shredded at position 1 is not a status: use extracted, encrypted, not_extracted, failed"},
		{"year:26", "year:26 at position 1 is not a year: use four digits, as in year:2026"},
		{"a*", `a* at position 1 is too short a prefix: type at least 2 characters before *`},
		{"x *", `* at position 3 is too short a prefix: type at least 2 characters before *`},
		{"ac*ss", `ac*ss at position 1 has * inside a word: * goes at the end (or anywhere in name: and pack:)`},
		{"~", `~ at position 1 needs a word before ~`},
		{"-~2", `~2 at position 2 needs a word before ~`},
		{"access~3", `access~3 at position 1 asks for 3 edits: use ~ or ~1 for one, ~2 for two`},
		{"a~b~", `a~b~ at position 1 has two ~: use one, at the end of the word`},
		{"Année \"é", "unclosed quote at position 7"}, // positions count characters, not bytes
		{"ORACLE OR", "OR at position 8 needs text after it"},
		{"OR a", "OR at position 1 needs text before it"},
		{"a OR OR b", "OR at position 6 needs text before it"},
		{"(a b", "unclosed parenthesis at position 1: close it with )"},
		{"x (a (b)", "unclosed parenthesis at position 3: close it with )"},
		{"(type:pdf a)", "type:pdf at position 2: filters and exclusions go outside parentheses"},
		{"(a -b)", "-b at position 4: filters and exclusions go outside parentheses"},
		{"a OR -b", "-b at position 6: OR joins text, not filters or exclusions: type:pdf type:docx already means either type"},
		{"type:pdf OR type:docx", "OR at position 10 joins text, not filters or exclusions: type:pdf type:docx already means either type"},
		{"-(a OR b)", "-( at position 1: leave words out one by one, as in -draft -copy"},
		{`"a b"~`, `"a b"~ at position 1 needs a distance, a number of words: use "word word"~5`},
		{`x "a b"~y`, `"a b"~y at position 3 needs a distance, a number of words: use "word word"~5`},
		{`"a"~3`, `"a"~3 at position 1 needs two words or more: use "word word"~5`},
		{"NEAR(a b)", "NEAR(a b) at position 1 needs a distance: use NEAR(word word, 5)"},
		{"NEAR(a, 3)", "NEAR(a, 3) at position 1 needs two words or more: use NEAR(word word, 5)"},
		{"NEAR(a b, 500)", "NEAR(a b, 500) at position 1 asks for a distance over 100: use NEAR(word word, 5)"},
		{"NEAR(a* b, 5)", "NEAR(a* b, 5) at position 1 takes plain words, without * ~ quotes or parentheses: use NEAR(word word, 5)"},
		{"NEAR(a b, 5", "NEAR( at position 1 is not closed: use NEAR(word word, 5)"},
	} {
		_, err := Parse(tc.q)
		if audit.ErrorCode(err) != audit.EINVALID || audit.ErrorMessage(err) != tc.want {
			t.Errorf("Parse(%q) error = %v (%s)\nwant %q", tc.q, err, audit.ErrorCode(err), tc.want)
		}
	}
}

func TestQueryString(t *testing.T) {
	for _, q := range []string{
		`access "access review" recon* rec~2 -draft -"test data" type:pdf name:"Q1 report.pdf" -control:CC6.1 after:2026-01`,
		`Subject: a~b --x`,
		`a OR b c (d e) OR f (g OR h) OR i "j k"~3 NEAR(l m, 4) ((n OR o) p) OR q`,
	} {
		p, err := Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(p.String())
		if err != nil || !sameClauses(p, again) {
			t.Errorf("Parse(%q).String() = %q, which parses as %+v, %v", q, p.String(), again.Clauses, err)
		}
	}
}

// sameClauses compares queries but for positions.
func sameClauses(a, b Query) bool {
	return reflect.DeepEqual(noPos(a.Clauses), noPos(b.Clauses))
}

func noPos(cs []Clause) []Clause {
	var out []Clause
	for _, c := range cs {
		c.Pos = 0
		var alts [][]Clause
		for _, alt := range c.Either {
			alts = append(alts, noPos(alt))
		}
		c.Either = alts
		out = append(out, c)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", `access "access review" recon* rec~2 -draft -"x" type:pdf name:"a b" after:2026-01 before:2026`,
		`"unclosed`, "-", "--", "~", "*", "a:b:c", "x~~", `name:"`, "status:failed", "Année~2 ÉTÉ*", "\x00\xff\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if audit.ErrorCode(err) != audit.EINVALID {
				t.Fatalf("Parse(%q): error %v is not EINVALID", s, err)
			}
			return
		}
		// The canonical form parses back to the same clauses.
		again, err := Parse(q.String())
		if err != nil || !sameClauses(q, again) {
			t.Fatalf("Parse(%q) = %+v; its String %q parses as %+v, %v", s, q.Clauses, q.String(), again.Clauses, err)
		}
		// Every query builds without panicking.
		q.plan().query()
	})
}
