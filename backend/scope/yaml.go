package scope

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"auditroom/backend/audit"
)

// yamlRows turns a YAML file of criteria into a grid whose first row is the
// keys found, so that it goes through the same column mapping as a sheet.
// Accepted shapes: a list of mappings; a mapping holding one such list
// (e.g. "criteria:"); or a mapping from criterion ID to its fields (or to
// its text). A list value (points of focus) becomes one line per item.
func yamlRows(text string) ([][]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, audit.Errorf(audit.EINVALID, "the file is empty")
	}
	root := doc.Content[0]
	var items []*yaml.Node
	var ids []string // keys of an ID → fields mapping
	switch root.Kind {
	case yaml.SequenceNode:
		items = root.Content
	case yaml.MappingNode:
		for i := 0; i+1 < len(root.Content); i += 2 {
			if v := root.Content[i+1]; v.Kind == yaml.SequenceNode && len(root.Content) == 2 {
				items = v.Content
				break
			}
		}
		if items == nil {
			for i := 0; i+1 < len(root.Content); i += 2 {
				ids = append(ids, root.Content[i].Value)
				items = append(items, root.Content[i+1])
			}
		}
	default:
		return nil, audit.Errorf(audit.EINVALID, "expected a list of criteria or a mapping of criterion IDs")
	}
	if len(items) > maxRows {
		return nil, audit.Errorf(audit.EINVALID, "more than %d entries", maxRows)
	}
	var keys []string
	records := make([]map[string]string, 0, len(items))
	for n, it := range items {
		rec := map[string]string{}
		if ids != nil {
			rec["id"] = ids[n]
		}
		switch it.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(it.Content); i += 2 {
				rec[it.Content[i].Value] = yamlText(it.Content[i+1])
			}
		case yaml.ScalarNode:
			rec["text"] = it.Value
		default:
			return nil, audit.Errorf(audit.EINVALID, "entry %d is neither a mapping nor a text", n+1)
		}
		for _, k := range sortedKeys(rec) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		records = append(records, rec)
	}
	if len(keys) > maxColumns {
		return nil, audit.Errorf(audit.EINVALID, "more than %d different keys", maxColumns)
	}
	rows := [][]string{keys}
	for _, rec := range records {
		row := make([]string, len(keys))
		for i, k := range keys {
			row[i] = rec[k]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// sortedKeys puts "id" first so a mapping keyed by ID reads naturally.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "id":
			return -1
		case b == "id":
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys
}

func yamlText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.SequenceNode:
		lines := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			lines = append(lines, yamlText(c))
		}
		return strings.Join(lines, "\n")
	case yaml.MappingNode:
		var lines []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			lines = append(lines, fmt.Sprintf("%s: %s", n.Content[i].Value, yamlText(n.Content[i+1])))
		}
		return strings.Join(lines, "\n")
	case yaml.AliasNode:
		return "" // aliases are not followed: a billion laughs stays small
	}
	return ""
}
