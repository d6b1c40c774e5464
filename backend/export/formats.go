package export

import (
	"context"
	"io"
	"path"
	"strings"

	"auditroom/backend/audit"
)

// Formats an export writes.
const (
	FormatXLSX  = "xlsx"
	FormatCSV   = "csv"
	FormatOSCAL = "oscal"
)

// Format is one export format with everything the faces need: the CLI's
// `export NAME`, the UI's row, the trail's "export.NAME", and the files it
// writes. A new format is one entry here (and its writer); the CLI, the
// bound Exports.Export, the save dialog and the Reports screen read it.
type Format struct {
	Name  string `json:"name"`  // Target.Format
	Label string `json:"label"` // as the Reports screen lists it
	Noun  string `json:"noun"`  // what a job or an error calls what it writes: "the workbook"
	// Usage is the CLI's help line for it, after "export NAME --engagement ID".
	Usage string `json:"-"`
	// Docs are the files it writes. One: the export is that file, at the
	// path given. More: the path is a folder, each written under its File,
	// or with a Kind one of them to a file.
	Docs []Doc `json:"docs"`
}

// Doc is one file a format writes.
type Doc struct {
	Kind Kind   `json:"kind,omitempty"` // "" for a format of one file
	File string `json:"file"`           // its name in a folder, or the name the save dialog offers
	// write writes it from d.
	write func(ctx context.Context, d *Data, w io.Writer, progress func(string, int, int)) error
	// skip says why a folder export leaves it out; "" writes it.
	skip func(d *Data) string
}

// Folder reports whether the format writes a folder of files.
func (f Format) Folder() bool { return len(f.Docs) > 1 }

// Kinds lists the kinds of a folder format, in the order it writes them.
func (f Format) Kinds() []Kind {
	var out []Kind
	for _, d := range f.Docs {
		if d.Kind != "" {
			out = append(out, d.Kind)
		}
	}
	return out
}

// Formats lists the export formats, in the order the screens show them
// (set in init: the writers' errors name files through FileName).
var Formats []Format

func init() {
	Formats = []Format{
		{Name: FormatXLSX, Label: "Workpapers (XLSX)", Noun: "workbook",
			Usage: "--out FILE.xlsx\n                              the workpapers: a sheet per test, the exceptions, the findings",
			Docs:  []Doc{{File: "Workpapers.xlsx", write: WriteXLSX}}},
		{Name: FormatCSV, Label: "Findings and exceptions (CSV)", Noun: "CSV files",
			Usage: "--out FOLDER\n                              findings.csv and exceptions.csv (UTF-8 with BOM, RFC 4180)",
			Docs:  []Doc{csvDoc(Findings), csvDoc(Exceptions)}},
		{Name: FormatOSCAL, Label: "OSCAL assessment results and POA&M (JSON)", Noun: "OSCAL documents",
			Usage: "--out FOLDER\n                              OSCAL 1.1 assessment-results.json and poam.json",
			Docs: []Doc{oscalDoc(AssessmentResults), {Kind: POAM, File: "poam.json", write: oscalDoc(POAM).write,
				skip: func(d *Data) string {
					if len(d.Findings) == 0 {
						return "the engagement has no findings, and a POA&M needs at least one item"
					}
					return ""
				}}}},
		{Name: "jsonl", Label: "Exceptions register (JSON lines)", Noun: "exceptions register",
			Usage: "--out FILE.jsonl\n                              the exceptions, one JSON object a line, IDs last",
			Docs:  []Doc{{Kind: Exceptions, File: "exceptions.jsonl", write: writeExceptionsJSONL}}},
	}
	CSVKinds = mustFormat(FormatCSV).Kinds()
	OSCALKinds = mustFormat(FormatOSCAL).Kinds()
}

func csvDoc(k Kind) Doc {
	return Doc{Kind: k, File: string(k) + ".csv", write: func(_ context.Context, d *Data, w io.Writer, _ func(string, int, int)) error {
		return WriteCSV(d, k, w)
	}}
}

func oscalDoc(k Kind) Doc {
	return Doc{Kind: k, File: string(k) + ".json", write: func(_ context.Context, d *Data, w io.Writer, _ func(string, int, int)) error {
		return WriteOSCAL(d, k, w)
	}}
}

// CSVKinds and OSCALKinds list the kinds of each format, in the order a
// folder export writes them.
var CSVKinds, OSCALKinds []Kind

// FormatOf looks a format up by name, or says which names there are.
func FormatOf(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, audit.Errorf(audit.EINVALID, "export format %q must be %s", name, FormatNames())
}

// FormatNames lists the format names as a sentence does: "xlsx, csv or oscal".
func FormatNames() string {
	var names []string
	for _, f := range Formats {
		names = append(names, f.Name)
	}
	return orList(names)
}

func mustFormat(name string) Format {
	f, err := FormatOf(name)
	if err != nil {
		panic(err)
	}
	return f
}

// FileName is the name a folder export gives a kind's file.
func FileName(k Kind) string {
	for _, f := range Formats {
		for _, d := range f.Docs {
			if d.Kind == k {
				return d.File
			}
		}
	}
	return string(k)
}

// ParseKind reads a kind of the named folder format.
func ParseKind(format, s string) (Kind, error) {
	f, err := FormatOf(format)
	if err != nil {
		return "", err
	}
	var names []string
	for _, k := range f.Kinds() {
		if string(k) == s {
			return k, nil
		}
		names = append(names, string(k))
	}
	return "", audit.Errorf(audit.EINVALID, "%s kind %q must be %s", format, s, orList(names))
}

// doc is the Doc of kind k, or the only one of a one-file format.
func (f Format) doc(k Kind) Doc {
	for _, d := range f.Docs {
		if d.Kind == k || !f.Folder() {
			return d
		}
	}
	return Doc{}
}

// Ext is the extension of a one-file format's file: ".xlsx".
func (f Format) Ext() string { return path.Ext(f.Docs[0].File) }

func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
