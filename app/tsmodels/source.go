package tsmodels

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// source is what one Go package's files say of its types: doc comments
// and the constants of each named type, in the order declared.
type source struct {
	types  map[string]string            // type → doc
	fields map[string]map[string]string // type → field → doc
	consts map[string][]string          // type → string constants
}

// pkg parses the package of t from the module's source; nil outside the
// module or without Options.Root.
func (g *gen) pkg(t reflect.Type) *source {
	path := t.PkgPath()
	if s, ok := g.src[path]; ok {
		return s
	}
	g.src[path] = nil
	dir := g.dir(path)
	if dir == "" {
		return nil
	}
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return nil
	}
	s := &source{types: map[string]string{}, fields: map[string]map[string]string{}, consts: map[string][]string{}}
	fset := token.NewFileSet()
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil
		}
		s.read(f)
	}
	g.src[path] = s
	return s
}

// dir is the folder of a package of the module at Options.Root.
func (g *gen) dir(path string) string {
	if g.opt.Root == "" {
		return ""
	}
	mod, err := os.ReadFile(filepath.Join(g.opt.Root, "go.mod"))
	if err != nil {
		return ""
	}
	first, _, _ := strings.Cut(string(mod), "\n")
	module := strings.TrimSpace(strings.TrimPrefix(first, "module"))
	if path == module {
		return g.opt.Root
	}
	if rest, ok := strings.CutPrefix(path, module+"/"); ok {
		return filepath.Join(g.opt.Root, filepath.FromSlash(rest))
	}
	return ""
}

func (s *source) read(f *ast.File) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		switch gd.Tok {
		case token.TYPE:
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				s.types[ts.Name.Name] = doc.Text()
				if st, ok := ts.Type.(*ast.StructType); ok {
					s.fields[ts.Name.Name] = fieldDocs(st)
				}
			}
		case token.CONST:
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ, _ := vs.Type.(*ast.Ident)
				for _, v := range vs.Values {
					// T("x") types an otherwise untyped constant.
					if call, ok := v.(*ast.CallExpr); ok && len(call.Args) == 1 {
						if id, ok := call.Fun.(*ast.Ident); ok && typ == nil {
							if str, ok := stringLit(call.Args[0]); ok {
								s.consts[id.Name] = append(s.consts[id.Name], str)
							}
						}
						continue
					}
					if str, ok := stringLit(v); ok && typ != nil {
						s.consts[typ.Name] = append(s.consts[typ.Name], str)
					}
				}
			}
		}
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func fieldDocs(st *ast.StructType) map[string]string {
	out := map[string]string{}
	for _, f := range st.Fields.List {
		doc := f.Doc.Text()
		if doc == "" {
			doc = f.Comment.Text()
		}
		for _, n := range f.Names {
			out[n.Name] = doc
		}
	}
	return out
}

// typeDoc is the Go type's qualified name and its doc comment, which Go
// style starts with the type's name.
func (g *gen) typeDoc(t reflect.Type) string {
	pkg := t.PkgPath()
	name := pkg[strings.LastIndex(pkg, "/")+1:] + "." + t.Name()
	var doc string
	if s := g.pkg(t); s != nil {
		doc = strings.TrimSpace(s.types[t.Name()])
	}
	if rest, ok := strings.CutPrefix(doc, t.Name()+" "); ok {
		return name + " " + rest
	}
	if doc == "" {
		return name
	}
	return name + ": " + doc
}

func (g *gen) fieldDoc(t reflect.Type, field string) string {
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	if s := g.pkg(t); s != nil {
		return strings.TrimSpace(s.fields[t.Name()][field])
	}
	return ""
}

// constants are the values of the string constants of type t declared in
// its own package.
func (g *gen) constants(t reflect.Type) []string {
	s := g.pkg(t)
	if s == nil {
		return nil
	}
	var out []string
	for _, v := range s.consts[t.Name()] {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
