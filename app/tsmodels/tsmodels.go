// Package tsmodels writes the TypeScript models of the JSON the frontend
// exchanges with the bound structs: every type their exported methods take
// and return, found by reflection and shaped as encoding/json marshals it.
// The source of each Go package gives the doc comments and the constants of
// its string types. The frontend's api modules import the result
// (frontend/src/api/models.ts), so tsc checks them against Go.
package tsmodels

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Options say what to generate from.
type Options struct {
	// Command regenerates the file; its header names it.
	Command string
	// Root is the module's folder, whose packages' source gives the doc
	// comments and constants; "" leaves them out.
	Root string
	// Extra are values whose types are sent as `any` (a job's result), so
	// that no method signature reaches them.
	Extra []any
	// Overrides are the TypeScript types of Go types with their own
	// MarshalJSON, whose shape reflection cannot see.
	Overrides map[reflect.Type]string
}

var (
	errorType     = reflect.TypeFor[error]()
	timeType      = reflect.TypeFor[time.Time]()
	rawType       = reflect.TypeFor[json.RawMessage]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
)

// Generate writes models.ts for the bound structs (pointers to structs, as
// Wails binds them).
func Generate(bound []any, opt Options) ([]byte, error) {
	g := &gen{opt: opt, named: map[reflect.Type]bool{}, src: map[string]*source{}}
	for _, b := range bound {
		t := reflect.TypeOf(b)
		for i := range t.NumMethod() {
			m := t.Method(i)
			for j := 1; j < m.Type.NumIn(); j++ { // 0 is the receiver
				if _, err := g.ts(m.Type.In(j)); err != nil {
					return nil, fmt.Errorf("%s.%s argument %d: %w", t.Elem().Name(), m.Name, j, err)
				}
			}
			for j := range m.Type.NumOut() {
				if out := m.Type.Out(j); out != errorType {
					if _, err := g.ts(out); err != nil {
						return nil, fmt.Errorf("%s.%s result: %w", t.Elem().Name(), m.Name, err)
					}
				}
			}
		}
	}
	for _, x := range opt.Extra {
		if _, err := g.ts(reflect.TypeOf(x)); err != nil {
			return nil, err
		}
	}
	return g.write()
}

type gen struct {
	opt   Options
	named map[reflect.Type]bool // the named types to declare
	queue []reflect.Type        // named types whose declarations are still to be walked
	src   map[string]*source    // parsed packages, by import path
}

// ts is the TypeScript type of t, queueing the named types it refers to.
func (g *gen) ts(t reflect.Type) (string, error) {
	if t.Kind() == reflect.Pointer {
		return g.ts(t.Elem())
	}
	if o, ok := g.opt.Overrides[t]; ok {
		return o, nil
	}
	switch {
	case t == timeType:
		return "string", nil
	case t == rawType:
		return "unknown", nil
	case t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType):
		return "", fmt.Errorf("%s has its own MarshalJSON: give its TypeScript type in Options.Overrides", t)
	case t.Implements(textType) || reflect.PointerTo(t).Implements(textType):
		return "string", nil
	}
	switch t.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string", nil // base64
		}
		e, err := g.ts(t.Elem())
		return list(e), err
	case reflect.Array:
		e, err := g.ts(t.Elem())
		if err != nil || t.Len() > 4 {
			return list(e), err
		}
		return "[" + strings.Repeat(e+", ", t.Len()-1) + e + "]", nil
	case reflect.Map:
		v, err := g.ts(t.Elem())
		if err != nil {
			return "", err
		}
		if t.Key().Kind() == reflect.String && t.Key().PkgPath() != "" {
			k, err := g.ts(t.Key())
			// A map need not have every key of a union.
			return "Partial<Record<" + k + ", " + v + ">>", err
		}
		return "Record<string, " + v + ">", nil
	case reflect.Interface:
		return "unknown", nil
	case reflect.Struct:
		if t.Name() == "" {
			return g.inline(t)
		}
	}
	if t.PkgPath() == "" {
		return basic(t)
	}
	if strings.Contains(t.Name(), "[") {
		return "", fmt.Errorf("%s is generic: give it a named instance", t)
	}
	if !g.named[t] {
		g.named[t] = true
		g.queue = append(g.queue, t)
	}
	return namespace(t) + "." + t.Name(), nil
}

func basic(t reflect.Type) (string, error) {
	switch t.Kind() {
	case reflect.String:
		return "string", nil
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number", nil
	}
	return "", fmt.Errorf("%s (%s) cannot be sent as JSON", t, t.Kind())
}

func list(e string) string {
	if strings.ContainsAny(e, "|&") {
		return "(" + e + ")[]"
	}
	return e + "[]"
}

// reserved are the Go package names TypeScript does not take as a
// namespace's name; they get a trailing underscore.
var reserved = map[string]bool{"export": true, "import": true, "default": true, "delete": true,
	"new": true, "this": true, "typeof": true, "void": true, "with": true, "enum": true, "class": true,
	"extends": true, "super": true, "in": true, "instanceof": true, "function": true, "let": true}

// namespace is the TypeScript namespace of a named type: its Go package's
// name, so that scope.Preview and population.Preview stay apart.
func namespace(t reflect.Type) string {
	p := t.PkgPath()
	p = p[strings.LastIndex(p, "/")+1:]
	if reserved[p] {
		p += "_"
	}
	return p
}

// field is one JSON member of a struct.
type field struct {
	name     string
	ts       string
	optional bool
	doc      string
	depth    int
	tagged   bool
}

// object is the TypeScript object type of a struct, its members as
// encoding/json writes them: embedded structs flattened, the shallower
// field (then the tagged one) winning a name.
func (g *gen) object(t reflect.Type, indent string) (string, error) {
	var all []field
	if err := g.fields(t, 0, false, &all); err != nil {
		return "", err
	}
	byName := map[string][]field{}
	var order []string
	for _, f := range all {
		if byName[f.name] == nil {
			order = append(order, f.name)
		}
		byName[f.name] = append(byName[f.name], f)
	}
	if len(order) == 0 {
		return "{}", nil
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, name := range order {
		f, ok := dominant(byName[name])
		if !ok {
			continue // encoding/json drops an ambiguous name
		}
		writeDoc(&b, indent+"  ", f.doc)
		opt := ""
		if f.optional {
			opt = "?"
		}
		fmt.Fprintf(&b, "%s  %s%s: %s;\n", indent, key(f.name), opt, f.ts)
	}
	b.WriteString(indent + "}")
	return b.String(), nil
}

// inline is an unnamed struct's object type, on one line.
func (g *gen) inline(t reflect.Type) (string, error) {
	obj, err := g.object(t, "")
	if err != nil || obj == "{}" {
		return obj, err
	}
	var members []string
	for _, l := range strings.Split(obj, "\n") {
		if l = strings.TrimSpace(l); l != "{" && l != "}" && !strings.HasPrefix(l, "/**") && !strings.HasPrefix(l, "*") {
			members = append(members, strings.TrimSuffix(l, ";"))
		}
	}
	return "{ " + strings.Join(members, "; ") + " }", nil
}

func dominant(fs []field) (field, bool) {
	depth := fs[0].depth
	for _, f := range fs {
		depth = min(depth, f.depth)
	}
	var top, tagged []field
	for _, f := range fs {
		if f.depth == depth {
			top = append(top, f)
			if f.tagged {
				tagged = append(tagged, f)
			}
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	if len(top) == 1 {
		return top[0], true
	}
	return field{}, false
}

func (g *gen) fields(t reflect.Type, depth int, viaPointer bool, out *[]field) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if !sf.IsExported() && et.Kind() != reflect.Struct {
				continue
			}
			if name == "" && et.Kind() == reflect.Struct && g.opt.Overrides[et] == "" && et != timeType {
				if et.Name() != "" && sf.IsExported() { // declared too, for the frontend to name the part
					if _, err := g.ts(et); err != nil {
						return err
					}
				}
				// A nil embedded pointer leaves its fields out.
				if err := g.fields(et, depth+1, viaPointer || ft.Kind() == reflect.Pointer, out); err != nil {
					return err
				}
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		tagged := name != ""
		if name == "" {
			name = sf.Name
		}
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		var s string
		var err error
		if strings.Contains(","+opts+",", ",string,") {
			s = "string"
		} else if s, err = g.ts(ft); err != nil {
			return fmt.Errorf("%s.%s: %w", t, sf.Name, err)
		}
		// A nil pointer is null unless omitted; slices and maps are sent
		// empty, never null (the app's test of every method checks it).
		if ft.Kind() == reflect.Pointer && !omit {
			s += " | null"
		}
		*out = append(*out, field{name: name, ts: s, optional: omit || viaPointer, depth: depth, tagged: tagged,
			doc: g.fieldDoc(t, sf.Name)})
	}
	return nil
}

// key quotes a member name TypeScript would not read bare.
func key(name string) string {
	for i, r := range name {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			q, _ := json.Marshal(name)
			return string(q)
		}
	}
	return name
}

// write declares every named type, in namespaces and names sorted.
func (g *gen) write() ([]byte, error) {
	decls := map[string]map[string]string{} // namespace → type name → declaration
	for len(g.queue) > 0 {
		t := g.queue[0]
		g.queue = g.queue[1:]
		d, err := g.declare(t)
		if err != nil {
			return nil, err
		}
		ns := namespace(t)
		if decls[ns] == nil {
			decls[ns] = map[string]string{}
		}
		decls[ns][t.Name()] = d
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by %s; DO NOT EDIT.\n", g.opt.Command)
	b.WriteString("//\n// The JSON of the Go types the bound methods take and return (app/tsmodels),\n")
	b.WriteString("// one namespace per Go package. Lists and maps are never null.\n")
	for _, ns := range sortedKeys(decls) {
		fmt.Fprintf(&b, "\nexport namespace %s {\n", ns)
		for i, name := range sortedKeys(decls[ns]) {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(decls[ns][name])
		}
		b.WriteString("}\n")
	}
	return b.Bytes(), nil
}

func (g *gen) declare(t reflect.Type) (string, error) {
	var b strings.Builder
	doc := g.typeDoc(t)
	writeDoc(&b, "  ", doc)
	if t.Kind() == reflect.Struct {
		obj, err := g.object(t, "  ")
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "  export interface %s %s\n", t.Name(), obj)
		return b.String(), nil
	}
	var s string
	var err error
	if t.Kind() == reflect.String {
		if values := g.constants(t); len(values) > 0 {
			quoted := make([]string, len(values))
			for i, v := range values {
				q, _ := json.Marshal(v)
				quoted[i] = "'" + strings.ReplaceAll(strings.Trim(string(q), `"`), "'", `\'`) + "'"
			}
			s = strings.Join(quoted, " | ")
		}
	}
	if s == "" {
		// The underlying type: reflect.New of the kind, unnamed.
		u, err2 := g.underlying(t)
		s, err = u, err2
	}
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "  export type %s = %s;\n", t.Name(), s)
	return b.String(), nil
}

// underlying is the TypeScript type of a named non-struct type's
// underlying type.
func (g *gen) underlying(t reflect.Type) (string, error) {
	switch t.Kind() {
	case reflect.Slice:
		return g.ts(reflect.SliceOf(t.Elem()))
	case reflect.Array:
		return g.ts(reflect.ArrayOf(t.Len(), t.Elem()))
	case reflect.Map:
		return g.ts(reflect.MapOf(t.Key(), t.Elem()))
	case reflect.Pointer:
		return g.ts(t.Elem())
	}
	return basic(t)
}

// writeDoc writes a JSDoc comment, one line when it fits one.
func writeDoc(b *strings.Builder, indent, doc string) {
	doc = strings.TrimSpace(strings.ReplaceAll(doc, "*/", "*\\/"))
	if doc == "" {
		return
	}
	lines := strings.Split(doc, "\n")
	if len(lines) == 1 {
		fmt.Fprintf(b, "%s/** %s */\n", indent, lines[0])
		return
	}
	fmt.Fprintf(b, "%s/**\n", indent)
	for _, l := range lines {
		fmt.Fprintf(b, "%s%s\n", indent, strings.TrimRight(" * "+l, " "))
	}
	fmt.Fprintf(b, "%s */\n", indent)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
