package app

import (
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/export"
)

// Dialogs opens the desktop window's file dialogs: to choose evidence to
// import, and where to save a report or an export. In a browser (auditroom
// serve) there is no window to open them on: each says to type the path.
type Dialogs struct {
	native NativeDialogs // set by RunDesktop; nil in a browser
}

// NativeDialogs are the window's own dialogs. Each returns "" or nothing
// when the user cancels.
type NativeDialogs interface {
	OpenFiles(title string) ([]string, error)
	OpenFolder(title string, create bool) (string, error)
	SaveFile(title, name, filterName, pattern string) (string, error)
}

// Targets of SaveAs.
const (
	SavePDF    = "pdf"    // the findings report
	SaveXLSX   = "xlsx"   // the workbook
	SaveFolder = "folder" // the CSV files or the OSCAL documents
)

func (d *Dialogs) window() error {
	if d.native == nil {
		return audit.Errorf(audit.EINVALID, "file dialogs open only in the desktop window: type the full path instead")
	}
	return nil
}

// Import opens the dialog for zip files and other files to import, or the
// folder dialog, and returns what the user picked (nothing if cancelled).
func (d *Dialogs) Import(folder bool) ([]string, error) {
	if err := d.window(); err != nil {
		return nil, err
	}
	if folder {
		dir, err := d.native.OpenFolder("Import an evidence folder", false)
		if dir == "" {
			return []string{}, err
		}
		return []string{dir}, err
	}
	paths, err := d.native.OpenFiles("Import evidence packs or files")
	if paths == nil {
		paths = []string{}
	}
	return paths, err
}

// SaveAs asks where to write a report or an export (SavePDF, SaveXLSX,
// SaveFolder or the name of another one-file export format), suggesting name for a file; it returns the full path, or ""
// if the user cancelled.
func (d *Dialogs) SaveAs(target, name string) (string, error) {
	if err := d.window(); err != nil {
		return "", err
	}
	var path string
	var err error
	switch target {
	case SavePDF:
		path, err = d.native.SaveFile("Save the findings report", name, "PDF documents", "*.pdf")
	case SaveXLSX:
		path, err = d.native.SaveFile("Save the workpapers", name, "Excel workbooks", "*.xlsx")
	case SaveFolder:
		path, err = d.native.OpenFolder("Choose the folder to export to", true)
	default:
		// Another one-file export format: its label and extension.
		f, ferr := export.FormatOf(target)
		if ferr != nil || f.Folder() {
			var files []string
			for _, f := range export.Formats {
				if !f.Folder() {
					files = append(files, f.Name)
				}
			}
			return "", audit.Errorf(audit.EINVALID, "save target %q must be pdf, %s or folder", target, strings.Join(files, ", "))
		}
		path, err = d.native.SaveFile("Save the "+f.Noun, name, f.Label, "*"+f.Ext())
	}
	return path, err
}
