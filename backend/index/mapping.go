package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// MappingVersion changes whenever the mapping below does; an index built
// with another version is rebuilt.
//
// 2: accents folded per token (analysis.go) so that term locations are
// offsets in the stored text; compound words split; name, path and the
// place of a part stored for results; name keyword folded; a year keyword;
// BM25 scoring.
//
// 3: text fields no longer copied into Bleve's catch-all _all field, which
// no search reads (backend/search names its fields): analysing every text
// twice was half the CPU of an import. Queries without a field search the
// text.
//
// 4: doc values only for the fields read per file (evidence and facets,
// files.go); page, row and line stored for results but not indexed, since
// no query reads them: a numeric field indexes many terms a value.
//
// 5: each document stores where its rows, lines and records start
// (marks), its record, e-mail section and attachment name, so that a hit
// names the place of the match itself rather than where its part starts.
const MappingVersion = "5"

const versionKey = "auditroom.mapping_version"

// Field names.
const (
	fieldEvidence = "evidence_id"
	fieldPart     = "part"
	fieldName     = "name"      // the file name folded to lower case without accents, exact (name:)
	fieldNameText = "name_text" // the file name, analysed like text
	fieldPath     = "path"
	fieldPack     = "pack"
	fieldType     = "type"
	fieldStatus   = "status"
	fieldControls = "control"
	fieldRequests = "request"
	fieldAsOf     = "as_of"
	fieldYear     = "year" // of as_of, a keyword for facets
	fieldPage     = "page"
	fieldSheet    = "sheet"
	fieldRow      = "row"
	fieldLine     = "line"
	fieldText     = "text"

	fieldRecord     = "record"
	fieldSection    = "section"
	fieldAttachment = "attachment"
	fieldMarks      = "marks" // EncodeMarks
)

// Field names for queries (backend/search).
const (
	FieldEvidence = fieldEvidence
	FieldPart     = fieldPart
	FieldName     = fieldName
	FieldNameText = fieldNameText
	FieldPath     = fieldPath
	FieldPack     = fieldPack
	FieldType     = fieldType
	FieldStatus   = fieldStatus
	FieldControls = fieldControls
	FieldRequests = fieldRequests
	FieldAsOf     = fieldAsOf
	FieldYear     = fieldYear
	FieldPage     = fieldPage
	FieldSheet    = fieldSheet
	FieldRow      = fieldRow
	FieldLine     = fieldLine
	FieldText     = fieldText

	FieldRecord     = fieldRecord
	FieldSection    = fieldSection
	FieldAttachment = fieldAttachment
	FieldMarks      = fieldMarks
)

// textAnalyzer folds accents and case and stems English, so that "Annee"
// finds "Année" and "controls" finds "control". Stop words stay, so that
// quoted phrases match the words as written. Accents are folded per token,
// not before tokenizing, so that term locations are byte offsets in the
// text as stored.
const textAnalyzer = "auditroom_text"

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	if err := m.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, splitName, lowercase.Name, foldName, porter.Name},
	}); err != nil {
		return nil, err
	}
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		f.Store = store
		f.IncludeTermVectors = store // for highlighting
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// facet is a keyword read per file from doc values (files.go).
	facet := func(store bool) *mapping.FieldMapping {
		f := kw(store)
		f.DocValues = true
		return f
	}
	num := func(index bool) *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.IncludeInAll = false
		f.Store = true
		f.Index = index
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldEvidence, facet(true))
	doc.AddFieldMappingsAt(fieldPart, num(true))
	doc.AddFieldMappingsAt(fieldName, kw(false))
	doc.AddFieldMappingsAt(fieldNameText, text(true))
	doc.AddFieldMappingsAt(fieldPath, text(true))
	doc.AddFieldMappingsAt(fieldPack, kw(true))
	doc.AddFieldMappingsAt(fieldType, facet(true))
	doc.AddFieldMappingsAt(fieldStatus, kw(false))
	doc.AddFieldMappingsAt(fieldControls, facet(false))
	doc.AddFieldMappingsAt(fieldRequests, facet(false))
	asOf := bleve.NewDateTimeFieldMapping()
	asOf.IncludeInAll = false
	asOf.Store = true
	asOf.DocValues = false
	doc.AddFieldMappingsAt(fieldAsOf, asOf)
	doc.AddFieldMappingsAt(fieldYear, facet(false))
	doc.AddFieldMappingsAt(fieldPage, num(false))
	doc.AddFieldMappingsAt(fieldSheet, kw(true))
	doc.AddFieldMappingsAt(fieldRow, num(false))
	doc.AddFieldMappingsAt(fieldLine, num(false))
	doc.AddFieldMappingsAt(fieldText, text(true))
	doc.AddFieldMappingsAt(fieldRecord, num(false))
	stored := func() *mapping.FieldMapping { f := kw(true); f.Index = false; return f }
	doc.AddFieldMappingsAt(fieldSection, stored())
	doc.AddFieldMappingsAt(fieldAttachment, stored())
	doc.AddFieldMappingsAt(fieldMarks, stored())
	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	m.DefaultField = fieldText
	return m, nil
}
