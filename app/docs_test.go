package app

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestArchitectureMapMatchesCode reads the package map at the top of
// docs/architecture.md and checks it against the tree: every Go package of
// backend/ and app/ is named, every name is a package, and no package
// imports one of a group above its own.
func TestArchitectureMapMatchesCode(t *testing.T) {
	layer := architectureLayers(t, "../docs/architecture.md")

	// owner maps a directory to the entry of the map it belongs to:
	// backend/x/y is part of backend/x (test helpers live inside the package
	// they help), app/ and app/cli/ are entries of their own.
	owner := func(dir string) string {
		parts := strings.Split(filepath.ToSlash(dir), "/")
		if parts[0] == "backend" && len(parts) > 2 {
			parts = parts[:2]
		}
		return strings.Join(parts, "/") + "/"
	}

	imports := map[string]map[string]bool{} // entry → entries it imports
	for _, root := range []string{"backend", "app"} {
		err := filepath.WalkDir(filepath.Join("..", root), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel("..", filepath.Dir(path))
			from := owner(rel)
			if imports[from] == nil {
				imports[from] = map[string]bool{}
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if rest, ok := strings.CutPrefix(p, "auditroom/"); ok {
					imports[from][owner(rest)] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	for pkg := range imports {
		if _, ok := layer[pkg]; !ok {
			t.Errorf("docs/architecture.md does not name %s", pkg)
		}
	}
	for name := range layer {
		if _, ok := imports[name]; !ok && strings.HasPrefix(name, "backend/") {
			t.Errorf("docs/architecture.md names %s, which is not a package", name)
		}
	}
	for from, tos := range imports {
		for to := range tos {
			if l, named := layer[to]; named && l < layer[from] {
				t.Errorf("%s imports %s, from a group above its own in docs/architecture.md", from, to)
			}
		}
	}
}

// architectureLayers reads the map's code block: a line at the margin opens
// a group, a line indented by two spaces names a package ("  backend/x/ …").
// Groups are numbered from the top, so a higher number is a lower layer.
func architectureLayers(t *testing.T, path string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block := strings.SplitN(string(b), "```", 3)
	if len(block) < 3 {
		t.Fatalf("%s has no package map", path)
	}
	entry := regexp.MustCompile(`^  (\S+/)\s`)
	layer, group := map[string]int{}, 0
	for _, line := range strings.Split(block[1], "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "main.go"):
		case !strings.HasPrefix(line, " "):
			group++
		default:
			if m := entry.FindStringSubmatch(line); m != nil {
				layer[m[1]] = group
			}
		}
	}
	if len(layer) == 0 {
		t.Fatalf("%s: no packages in the map", path)
	}
	return layer
}
