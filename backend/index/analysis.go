package index

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	tokenizer "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// splitName is the token filter splitting compound words: the Unicode
// word rules keep "review.pdf", "ANONYMOUS_PRINCIPAL", "bucketName" and
// "s3.amazonaws.com" whole, which logs, JSON and file names are full of.
// The whole word stays, and its parts follow it, one position each, so
// that "bucket" and "review" find them and a phrase typed the same way
// still matches. Case changes split ("bucketName", "XMLParser"), as do
// '_', '.' and ':' between letters or digits; letters and digits stay
// together ("CC6", "S3").
const splitName = "auditroom_split"

// maxSplit bounds the parts of one word, so that a base64 or hex blob is
// not cut into dozens of terms.
const maxSplit = 8

// foldName is the token filter folding accents: "Année" → "annee" once
// lower-cased. Bleve ships accent folding only as a character filter, which
// rewrites the text before it is split into words and so shifts every term
// location after the first accent; folding each token instead keeps the
// locations pointing into the stored text, which highlighting needs.
const foldName = "auditroom_fold"

func init() {
	err := registry.RegisterTokenFilter(foldName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	if err == nil {
		err = registry.RegisterTokenFilter(splitName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return splitFilter{}, nil
		})
	}
	if err != nil {
		panic(err)
	}
}

type splitFilter struct{}

func (splitFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	shift := 0
	for i, t := range input {
		t.Position += shift
		parts := splitWord(t.Term)
		if len(parts) < 2 || len(parts) > maxSplit {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make(analysis.TokenStream, 0, len(input)+len(parts)), input[:i]...)
		}
		out = append(out, t)
		for j, p := range parts {
			out = append(out, &analysis.Token{
				Term:     append([]byte(nil), t.Term[p[0]:p[1]]...),
				Start:    t.Start + p[0],
				End:      t.Start + p[1],
				Position: t.Position + j,
				Type:     t.Type,
			})
		}
		shift += len(parts) - 1
	}
	if out == nil {
		return input
	}
	return out
}

// splitWord returns the byte ranges of the parts of a compound word, or
// nil when it is not one.
func splitWord(w []byte) [][2]int {
	var parts [][2]int
	start := -1 // of the part being read
	var prev, prev2 rune
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '\'' && r != '’':
			if start >= 0 {
				parts = append(parts, [2]int{start, i})
				start = -1
			}
		case start < 0:
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			// bucket|Name
			parts = append(parts, [2]int{start, i})
			start = i
		case unicode.IsLower(r) && unicode.IsUpper(prev) && unicode.IsUpper(prev2) && i-utf8.RuneLen(prev) > start:
			// XML|Parser: the last capital starts the next part.
			cut := i - utf8.RuneLen(prev)
			parts = append(parts, [2]int{start, cut})
			start = cut
		}
		prev2, prev = prev, r
		if start < 0 {
			prev2, prev = 0, 0
		}
		i += size
	}
	if start >= 0 {
		parts = append(parts, [2]int{start, len(w)})
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = foldBytes(t.Term)
	}
	return input
}

var folder = asciifolding.New()

func foldBytes(b []byte) []byte {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return folder.Filter(b)
		}
	}
	return b
}

// Fold lower-cases s and folds its accents as the index does, without
// stemming: for the terms of prefix and wildcard queries, which Bleve does
// not analyse, and for the name keyword.
func Fold(s string) string {
	return string(foldBytes([]byte(strings.ToLower(s))))
}

// For query terms only: termsAnalyzer is textAnalyzer without splitting
// compound words (whole words are indexed too), wordsAnalyzer without
// stemming either.
const (
	termsAnalyzer = "auditroom_terms"
	wordsAnalyzer = "auditroom_words"
)

// analyzers are built once: the two for query terms, and the text field's
// own for Tokens.
var analyzers = sync.OnceValue(func() (a struct{ terms, words, text analysis.Analyzer }) {
	m, err := newMapping()
	if err == nil {
		err = m.AddCustomAnalyzer(wordsAnalyzer, map[string]any{
			"type":          custom.Name,
			"tokenizer":     tokenizer.Name,
			"token_filters": []string{en.PossessiveName, lowercase.Name, foldName},
		})
	}
	if err == nil {
		err = m.AddCustomAnalyzer(termsAnalyzer, map[string]any{
			"type":          custom.Name,
			"tokenizer":     tokenizer.Name,
			"token_filters": []string{en.PossessiveName, lowercase.Name, foldName, porter.Name},
		})
	}
	if err != nil {
		panic(err) // the analyzers are built from constants: a fault of ours
	}
	a.terms, a.words, a.text = m.AnalyzerNamed(termsAnalyzer), m.AnalyzerNamed(wordsAnalyzer), m.AnalyzerNamed(textAnalyzer)
	return a
})

// Terms returns the terms the index keeps for the words of s, folded and
// stemmed, compound words whole. A fuzzy query is made of these.
func Terms(s string) []string {
	return terms(analyzers().terms, s)
}

// Words returns the words of s as the index splits and folds them, but
// not stemmed: the last one of a prefix query is matched as typed.
func Words(s string) []string {
	return terms(analyzers().words, s)
}

func terms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// Token is a term the index keeps for a text, and where it is: what the
// viewer needs to mark the words a query matched, as the index matched
// them.
type Token struct {
	Term       string // folded and stemmed, as indexed
	Word       string // the word as written, folded but not stemmed
	Start, End int    // byte offsets in the text
	Position   int    // from 1; a compound word's first part shares its position
}

// Tokens analyses s as the index analyses extracted text.
func Tokens(s string) []Token {
	stream := analyzers().text.Analyze([]byte(s))
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		out = append(out, Token{Term: string(t.Term), Word: Fold(s[t.Start:t.End]),
			Start: t.Start, End: t.End, Position: t.Position})
	}
	return out
}
