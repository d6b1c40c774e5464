package index

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The index holds a document per part of a file, but a reviewer counts
// files: how many match, and how many of them are PDFs or cite CC6.1. A
// search learns which file each matching document belongs to from a table
// kept per segment of the index, built once from the segment's doc values:
// reading them match by match, as a Bleve facet does, was most of the time
// of a broad search. Segments never change once written (a merge makes a
// new one), so a segment's table holds for as long as the segment lives.

// facetFields are the fields counted per file, in the order of fileFacets.
var facetFields = []string{fieldType, fieldControls, fieldRequests, fieldYear}

// fileFacets are a document's values of the facetFields; every document of
// a file carries its file's values.
type fileFacets [4][]string

// fileTable maps index documents to files, for one open index.
type fileTable struct {
	mu   sync.Mutex
	ords map[string]uint32    // evidence ID → ordinal, from 0
	segs map[uint64]*segFiles // by scorch segment ID
}

// segFiles is what one segment's documents belong to, by local number.
type segFiles struct {
	file   []uint32 // the file's ordinal + 1; 0 for a document without one
	facets []uint32 // index into sets
	sets   []fileFacets
}

// view is the tables of the segments of one snapshot, with the first
// document number of each (scorch numbers a snapshot's documents segment
// after segment).
type view struct {
	t      *fileTable
	starts []uint64
	segs   []*segFiles
	files  int // ordinals known when the view was made
}

func newFileTable() *fileTable {
	return &fileTable{ords: map[string]uint32{}, segs: map[uint64]*segFiles{}}
}

// view returns the tables of snap's segments, building those not seen
// before and forgetting those snap no longer has.
func (t *fileTable) view(snap *scorch.IndexSnapshot) (*view, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	segs := snap.Segments()
	v := &view{t: t, starts: make([]uint64, len(segs)), segs: make([]*segFiles, len(segs))}
	live := make(map[uint64]bool, len(segs))
	var next uint64
	for i, ss := range segs {
		v.starts[i] = next
		next += ss.Segment().Count()
		live[ss.Id()] = true
		sf := t.segs[ss.Id()]
		if sf == nil {
			var err error
			if sf, err = t.build(ss.Segment()); err != nil {
				return nil, err
			}
			t.segs[ss.Id()] = sf
		}
		v.segs[i] = sf
	}
	for id := range t.segs {
		if !live[id] {
			delete(t.segs, id)
		}
	}
	v.files = len(t.ords)
	return v, nil
}

// build reads a segment's evidence IDs and facet values from its doc
// values, one pass in document order.
func (t *fileTable) build(seg segment.Segment) (*segFiles, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("index segment %T has no doc values", seg)
	}
	n := seg.Count()
	sf := &segFiles{file: make([]uint32, n), facets: make([]uint32, n)}
	setAt := map[string]uint32{}
	fields := append([]string{fieldEvidence}, facetFields...)
	var state segment.DocVisitState
	var key strings.Builder
	for doc := range n {
		var ev string
		var f fileFacets
		var err error
		state, err = dv.VisitDocValues(doc, fields, func(field string, term []byte) {
			if field == fieldEvidence {
				ev = string(term)
				return
			}
			for i, name := range facetFields {
				if name == field {
					f[i] = append(f[i], string(term))
				}
			}
		}, state)
		if err != nil {
			return nil, err
		}
		if ev != "" {
			ord, ok := t.ords[ev]
			if !ok {
				ord = uint32(len(t.ords))
				t.ords[ev] = ord
			}
			sf.file[doc] = ord + 1
		}
		key.Reset()
		for _, vs := range f {
			for _, s := range vs {
				key.WriteString(s)
				key.WriteByte(0)
			}
			key.WriteByte(1)
		}
		at, ok := setAt[key.String()]
		if !ok {
			at = uint32(len(sf.sets))
			setAt[key.String()] = at
			sf.sets = append(sf.sets, f)
		}
		sf.facets[doc] = at
	}
	return sf, nil
}

// locate finds a snapshot document's segment and local number.
func (v *view) locate(doc uint64) (*segFiles, uint64) {
	i := sort.Search(len(v.starts), func(i int) bool { return v.starts[i] > doc }) - 1
	return v.segs[i], doc - v.starts[i]
}

// Files is a set of files with how many matching documents each has, the
// outcome of a search counted by file.
type Files struct {
	t     *fileTable
	parts []int32 // matching documents, by file ordinal
	files int
	docs  uint64
	// facet sets counted once per file, per segment table
	sets map[*segFiles][]int32
}

func (v *view) newFiles() *Files {
	return &Files{t: v.t, parts: make([]int32, v.files), sets: map[*segFiles][]int32{}}
}

// add counts a matching document, given its number in the snapshot; it
// reports false for a document of a file outside only (when only is not
// nil) or in skip, which is not counted.
func (v *view) add(fs *Files, doc uint64, only, skip *Files) bool {
	sf, local := v.locate(doc)
	ord := sf.file[local]
	if ord == 0 {
		if only != nil {
			return false
		}
		fs.docs++
		return true
	}
	ord--
	if skip != nil && skip.Has(ord) || only != nil && !only.Has(ord) {
		return false
	}
	fs.docs++
	if fs.parts[ord] == 0 {
		fs.files++
		counts := fs.sets[sf]
		if counts == nil {
			counts = make([]int32, len(sf.sets))
			fs.sets[sf] = counts
		}
		counts[sf.facets[local]]++
	}
	fs.parts[ord]++
	return true
}

// Has reports whether the file of this ordinal is in the set.
func (fs *Files) Has(ord uint32) bool { return int(ord) < len(fs.parts) && fs.parts[ord] > 0 }

// Len is how many files are in the set.
func (fs *Files) Len() int { return fs.files }

// Docs is how many matching documents were counted.
func (fs *Files) Docs() uint64 { return fs.docs }

// Parts is how many of a file's documents matched.
func (fs *Files) Parts(evidenceID string) int {
	fs.t.mu.Lock()
	ord, ok := fs.t.ords[evidenceID]
	fs.t.mu.Unlock()
	if !ok || int(ord) >= len(fs.parts) {
		return 0
	}
	return int(fs.parts[ord])
}

// Facets counts the files by each value of a facet field (FieldType,
// FieldControls, FieldRequests, FieldYear): each file counts once in each
// value it has.
func (fs *Files) Facets() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, f := range facetFields {
		out[f] = map[string]int{}
	}
	for sf, counts := range fs.sets {
		for i, n := range counts {
			if n == 0 {
				continue
			}
			for j, values := range sf.sets[i] {
				for _, val := range values {
					out[facetFields[j]][val] += int(n)
				}
			}
		}
	}
	return out
}

// And is the files in both sets, Or those in either and Without those in
// fs but not in o. What they return is a set to search within
// (SearchFiles), counting one document a file and no facets.
func (fs *Files) And(o *Files) *Files { return fs.combine(o, func(a, b bool) bool { return a && b }) }

// Or is the files in either set; see And.
func (fs *Files) Or(o *Files) *Files { return fs.combine(o, func(a, b bool) bool { return a || b }) }

// Without is the files in fs but not in o; see And.
func (fs *Files) Without(o *Files) *Files {
	return fs.combine(o, func(a, b bool) bool { return a && !b })
}

func (fs *Files) combine(o *Files, keep func(a, b bool) bool) *Files {
	n := max(len(fs.parts), len(o.parts))
	out := &Files{t: fs.t, parts: make([]int32, n), sets: map[*segFiles][]int32{}}
	for i := range n {
		if keep(fs.Has(uint32(i)), o.Has(uint32(i))) {
			out.parts[i] = 1
			out.files++
		}
	}
	out.docs = uint64(out.files)
	return out
}
