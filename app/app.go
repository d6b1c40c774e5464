// Package app is the binding layer: small structs bound to the Wails window
// and to the browser transport of `auditroom serve`, the job registry, and the
// only package that imports the Wails runtime. It holds no domain rules; those
// live in backend/.
package app

import (
	"os"
	"os/user"
)

// Version is the application version, set at build time with
// -ldflags "-X auditroom/app.Version=…".
var Version = "0.1.0-dev"

// App is everything the frontend can call, bound under the names
// "app.<Struct>.<Method>" in both transports.
type App struct {
	Session     *Session
	Engagements *Engagements
	Jobs        *Jobs
	Evidence    *Evidence
	Scope       *Scope
	Search      *Search
	Testing     *Testing
	Viewer      *Viewer
	Findings    *Findings
	Sampling    *Sampling
	Exports     *Exports
	Reports     *Reports
	Dialogs     *Dialogs
	Backups     *Backups
	events      *Events
}

// Options configure an App.
type Options struct {
	DataDir string // the data folder holding the encrypted store
	Actor   string // who is recorded in the trail; defaults to the OS user
	// StartEngagement, when set, is where the UI opens once unlocked.
	StartEngagement string
}

// New builds the bound structs around one data folder.
func New(opt Options) *App {
	if opt.Actor == "" {
		opt.Actor = CurrentUser()
	}
	ev := &Events{}
	jobs := &Jobs{events: ev}
	s := &Session{dir: opt.DataDir, actor: opt.Actor, jobs: jobs, start: opt.StartEngagement}
	dialogs := &Dialogs{}
	return &App{
		Session:     s,
		Engagements: &Engagements{session: s, jobs: jobs},
		Jobs:        jobs,
		Evidence:    &Evidence{session: s, jobs: jobs},
		Scope:       &Scope{session: s},
		Search:      &Search{session: s},
		Testing:     &Testing{session: s, jobs: jobs},
		Viewer:      &Viewer{session: s},
		Findings:    &Findings{session: s},
		Sampling:    &Sampling{},
		Exports:     &Exports{session: s, jobs: jobs},
		Reports:     &Reports{session: s, jobs: jobs},
		Dialogs:     dialogs,
		Backups:     &Backups{session: s, dialogs: dialogs},
		events:      ev,
	}
}

// Bound lists the structs whose exported methods the frontend may call.
func (a *App) Bound() []any {
	return []any{a.Session, a.Engagements, a.Jobs, a.Evidence, a.Scope, a.Search, a.Testing, a.Viewer, a.Findings, a.Sampling, a.Exports, a.Reports, a.Dialogs, a.Backups}
}

// Close cancels running jobs and locks the store.
func (a *App) Close() {
	_, _ = a.Session.Lock()
}

// CurrentUser names the person at the keyboard for the trail.
func CurrentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "unknown"
}
