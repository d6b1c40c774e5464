package app

import (
	"context"
	"io/fs"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// RunDesktop opens the window and blocks until it closes. It needs a binary
// built with the desktop tags; without them Wails returns an error saying so.
func RunDesktop(a *App, assets fs.FS, icon []byte) error {
	var ctx context.Context
	var stop func()
	emit := func(name string) func(*menu.CallbackData) {
		return func(*menu.CallbackData) { runtime.EventsEmit(ctx, name) }
	}

	bar := menu.NewMenu()
	file := bar.AddSubmenu("File")
	file.AddText("New engagement", keys.CmdOrCtrl("n"), emit("menu:new-engagement"))
	file.AddText("Open engagement…", keys.CmdOrCtrl("o"), emit("menu:open"))
	file.AddSeparator()
	file.AddText("Lock", keys.CmdOrCtrl("l"), emit("menu:lock"))
	file.AddSeparator()
	file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { runtime.Quit(ctx) })
	bar.Append(menu.EditMenu())

	return wails.Run(&options.App{
		Title:     "Audit Room",
		Width:     1280,
		Height:    820,
		MinWidth:  900,
		MinHeight: 600,
		Menu:      bar,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		OnStartup: func(c context.Context) {
			ctx = c
			a.Dialogs.native = windowDialogs{ctx}
			stop = a.events.Listen(func(name string, data any) { runtime.EventsEmit(ctx, name, data) })
		},
		OnShutdown: func(context.Context) {
			if stop != nil {
				stop()
			}
			a.Close()
		},
		Bind: a.Bound(),
		// Bound methods return plain errors; the window shows them as
		// serve does (FormatError).
		ErrorFormatter: FormatError,
		// Files dropped on the window arrive as paths (runtime.OnFileDrop
		// in the frontend); the drop is only accepted on the import area.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true, CSSDropProperty: "--wails-drop-target", CSSDropValue: "drop"},
		Linux: &linux.Options{
			Icon:             icon,
			ProgramName:      "auditroom",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
}

// windowDialogs are the window's GTK dialogs, through the Wails runtime.
type windowDialogs struct{ ctx context.Context }

func (w windowDialogs) OpenFiles(title string) ([]string, error) {
	return runtime.OpenMultipleFilesDialog(w.ctx, runtime.OpenDialogOptions{Title: title})
}

func (w windowDialogs) OpenFolder(title string, create bool) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: create})
}

func (w windowDialogs) SaveFile(title, name, filterName, pattern string) (string, error) {
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: name, CanCreateDirectories: true,
		Filters: []runtime.FileFilter{{DisplayName: filterName, Pattern: pattern}}})
}
