package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping below does; an index built
// with another version is rebuilt.
const MappingVersion = "1"

const versionKey = "auditroom.mapping_version"

// Field names.
const (
	fieldEvidence = "evidence_id"
	fieldPart     = "part"
	fieldName     = "name"      // the file name, exact (name:)
	fieldNameText = "name_text" // the file name, analysed like text
	fieldPath     = "path"
	fieldPack     = "pack"
	fieldType     = "type"
	fieldStatus   = "status"
	fieldControls = "control"
	fieldRequests = "request"
	fieldAsOf     = "as_of"
	fieldPage     = "page"
	fieldSheet    = "sheet"
	fieldRow      = "row"
	fieldLine     = "line"
	fieldText     = "text"
)

// textAnalyzer folds accents and case and stems English, so that "Annee"
// finds "Année" and "controls" finds "control". Stop words stay, so that
// quoted phrases match the words as written.
const textAnalyzer = "auditroom_text"

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, porter.Name},
	}); err != nil {
		return nil, err
	}
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		f.Store = store
		f.IncludeTermVectors = store // for highlighting
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.IncludeInAll = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldEvidence, kw(true))
	part := num()
	part.Store = true
	doc.AddFieldMappingsAt(fieldPart, part)
	doc.AddFieldMappingsAt(fieldName, kw(false))
	doc.AddFieldMappingsAt(fieldNameText, text(false))
	doc.AddFieldMappingsAt(fieldPath, text(false))
	doc.AddFieldMappingsAt(fieldPack, kw(false))
	doc.AddFieldMappingsAt(fieldType, kw(false))
	doc.AddFieldMappingsAt(fieldStatus, kw(false))
	doc.AddFieldMappingsAt(fieldControls, kw(false))
	doc.AddFieldMappingsAt(fieldRequests, kw(false))
	asOf := bleve.NewDateTimeFieldMapping()
	asOf.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldAsOf, asOf)
	doc.AddFieldMappingsAt(fieldPage, num())
	doc.AddFieldMappingsAt(fieldSheet, kw(false))
	doc.AddFieldMappingsAt(fieldRow, num())
	doc.AddFieldMappingsAt(fieldLine, num())
	doc.AddFieldMappingsAt(fieldText, text(true))
	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	return m, nil
}
