package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The demo company, its people and what they did in 2026. Every file of
// the demo is drawn from this one model, so the files agree with each
// other: the person a ticket names worked there that day, a terminated
// person's access shows up in the reviews that followed, and so on.

const (
	company = "Acme Holdings"
	domain  = "acmeholdings.example"
	year    = 2026
)

// Seeds of the generator's random choices; changing one changes the files.
const (
	seedTickets = 0x5eed0001
	seedReviews = 0x5eed0002
	seedLogs    = 0x5eed0003
)

// person is one employee or contractor on the HR roster.
type person struct {
	ID         string
	Name       string
	Department string
	Title      string
	Manager    string // employee ID; "" for the CEO
	Hired      string // YYYY-MM-DD
	Terminated string // YYYY-MM-DD; "" while employed
	Removed    string // day access was removed; "" if never (only for the terminated)
	RemovedBy  string // who removed it
}

func (p person) Email() string {
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(p.Name, "'", "")))
	return f[0] + "." + f[len(f)-1] + "@" + domain
}

// User is the short login name: first initial and surname.
func (p person) User() string {
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(p.Name, "'", "")))
	return f[0][:1] + f[len(f)-1]
}

// employedOn reports whether p worked there on day (YYYY-MM-DD).
func (p person) employedOn(day string) bool {
	return p.Hired <= day && (p.Terminated == "" || day <= p.Terminated)
}

// hasAccessOn reports whether p's accounts were live on day: from hire
// until access was removed, which for one leaver never happened.
func (p person) hasAccessOn(day string) bool {
	if p.Hired > day {
		return false
	}
	if p.Terminated == "" {
		return true
	}
	return p.Removed == "" || day < p.Removed
}

// roster is the company: IDs are stable, so are names and dates.
var roster = []person{
	{ID: "E1001", Name: "Dana Whitfield", Department: "Executive", Title: "Chief Executive Officer", Hired: "2017-03-01"},
	{ID: "E1002", Name: "Marcus Oyelaran", Department: "Executive", Title: "Chief Technology Officer", Manager: "E1001", Hired: "2017-03-01"},
	{ID: "E1003", Name: "Olivia Park", Department: "Finance", Title: "Chief Financial Officer", Manager: "E1001", Hired: "2018-06-11"},
	{ID: "E1004", Name: "Elena Kowalski", Department: "Security", Title: "Head of Security and Compliance", Manager: "E1002", Hired: "2019-01-14"},
	{ID: "E1005", Name: "Priya Raman", Department: "Engineering", Title: "VP Engineering", Manager: "E1002", Hired: "2018-09-03"},
	{ID: "E1006", Name: "Tom Becker", Department: "IT", Title: "IT Manager", Manager: "E1004", Hired: "2019-05-20"},
	{ID: "E1007", Name: "Grace Liu", Department: "People", Title: "Head of People", Manager: "E1001", Hired: "2019-08-12"},
	{ID: "E1008", Name: "James O'Connor", Department: "Sales", Title: "VP Sales", Manager: "E1001", Hired: "2019-02-04"},
	{ID: "E1009", Name: "Brian Walsh", Department: "Customer Success", Title: "Customer Success Manager", Manager: "E1017", Hired: "2021-04-19",
		Terminated: "2026-05-15", Removed: "2026-05-22", RemovedBy: "Tom Becker"},
	{ID: "E1010", Name: "Sam Ortiz", Department: "Engineering", Title: "Engineering Manager, Platform", Manager: "E1005", Hired: "2020-01-06"},
	{ID: "E1011", Name: "Hannah Brandt", Department: "Engineering", Title: "Engineering Manager, Product", Manager: "E1005", Hired: "2020-07-13"},
	{ID: "E1012", Name: "Omar Haddad", Department: "Sales", Title: "Account Executive", Manager: "E1008", Hired: "2022-03-07",
		Terminated: "2026-12-18", Removed: "2026-12-21", RemovedBy: "Tom Becker"},
	{ID: "E1013", Name: "Kofi Mensah", Department: "Engineering", Title: "SRE Lead", Manager: "E1010", Hired: "2020-10-05"},
	{ID: "E1014", Name: "Rachel Adeyemi", Department: "Security", Title: "Compliance Manager", Manager: "E1004", Hired: "2021-09-13"},
	{ID: "E1015", Name: "Lucas Moreau", Department: "Engineering", Title: "Senior Software Engineer", Manager: "E1010", Hired: "2020-11-16"},
	{ID: "E1016", Name: "Mei Tanaka", Department: "Engineering", Title: "Software Engineer", Manager: "E1011", Hired: "2022-01-10"},
	{ID: "E1017", Name: "Sofia Rossi", Department: "Customer Success", Title: "Head of Customer Success", Manager: "E1001", Hired: "2020-03-02"},
	{ID: "E1018", Name: "Martin Novak", Department: "Finance", Title: "Financial Controller", Manager: "E1003", Hired: "2021-06-01",
		Terminated: "2026-10-16", Removed: "2026-10-30", RemovedBy: "Tom Becker"},
	{ID: "E1019", Name: "Ines Carvalho", Department: "Engineering", Title: "Site Reliability Engineer", Manager: "E1013", Hired: "2021-02-22"},
	{ID: "E1020", Name: "David Kim", Department: "Engineering", Title: "Senior Software Engineer", Manager: "E1011", Hired: "2021-03-15"},
	{ID: "E1021", Name: "Nathan Cole", Department: "Sales", Title: "Sales Development Representative", Manager: "E1008", Hired: "2024-05-06",
		Terminated: "2026-02-27", Removed: "2026-02-27", RemovedBy: "Tom Becker"},
	{ID: "E1022", Name: "Amara Nwosu", Department: "Engineering", Title: "Software Engineer", Manager: "E1010", Hired: "2022-08-22"},
	{ID: "E1023", Name: "Jonas Lindqvist", Department: "Engineering", Title: "Site Reliability Engineer", Manager: "E1013", Hired: "2023-01-09"},
	{ID: "E1024", Name: "Fatima Zahra", Department: "Product", Title: "Product Manager", Manager: "E1005", Hired: "2022-04-04"},
	{ID: "E1025", Name: "George Papadopoulos", Department: "Customer Success", Title: "Support Engineer", Manager: "E1017", Hired: "2023-03-20"},
	{ID: "E1026", Name: "Isabel Romero", Department: "Sales", Title: "Account Executive", Manager: "E1008", Hired: "2023-06-12"},
	{ID: "E1027", Name: "Chloe Dubois", Department: "Marketing", Title: "Marketing Manager", Manager: "E1001", Hired: "2022-09-26",
		Terminated: "2026-09-30", Removed: "2026-09-30", RemovedBy: "Tom Becker"},
	{ID: "E1028", Name: "Ravi Shah", Department: "Engineering", Title: "Software Engineer", Manager: "E1011", Hired: "2023-07-17"},
	{ID: "E1029", Name: "Anna Schmidt", Department: "People", Title: "People Partner", Manager: "E1007", Hired: "2023-10-02"},
	{ID: "E1030", Name: "Tariq Aziz", Department: "IT", Title: "IT Support Specialist", Manager: "E1006", Hired: "2023-11-13"},
	{ID: "E1031", Name: "Yuki Sato", Department: "Engineering", Title: "Software Engineer", Manager: "E1010", Hired: "2024-02-05"},
	{ID: "E1032", Name: "Emily Harper", Department: "Product", Title: "Product Designer", Manager: "E1024", Hired: "2024-03-11"},
	{ID: "E1033", Name: "Aisha Karim", Department: "Engineering", Title: "Software Engineer", Manager: "E1011", Hired: "2023-05-08",
		Terminated: "2026-03-31", Removed: "2026-04-01", RemovedBy: "Tom Becker"},
	{ID: "E1034", Name: "Peter Jansen", Department: "Customer Success", Title: "Support Engineer", Manager: "E1017", Hired: "2024-06-17"},
	{ID: "E1035", Name: "Laura Bianchi", Department: "Finance", Title: "Accountant", Manager: "E1003", Hired: "2024-08-19"},
	{ID: "E1036", Name: "Noah Fischer", Department: "Engineering", Title: "Software Engineer", Manager: "E1011", Hired: "2024-09-09"},
	{ID: "E1037", Name: "Zoe Wright", Department: "Sales", Title: "Account Executive", Manager: "E1008", Hired: "2025-01-13"},
	{ID: "E1038", Name: "Daniel Okafor", Department: "Engineering", Title: "Software Engineer", Manager: "E1010", Hired: "2025-04-07"},
	{ID: "E1039", Name: "Hana Novotna", Department: "Security", Title: "Security Engineer", Manager: "E1004", Hired: "2025-06-02"},
	{ID: "E1040", Name: "Victor Hale", Department: "Engineering", Title: "Contract DevOps Engineer", Manager: "E1013", Hired: "2025-09-15",
		Terminated: "2026-08-14", RemovedBy: ""},
	{ID: "E1041", Name: "Julia Costa", Department: "Customer Success", Title: "Customer Success Manager", Manager: "E1017", Hired: "2026-02-02"},
	{ID: "E1042", Name: "Ben Thompson", Department: "Engineering", Title: "Software Engineer", Manager: "E1011", Hired: "2026-03-16"},
	{ID: "E1043", Name: "Sara Lindgren", Department: "Sales", Title: "Sales Development Representative", Manager: "E1008", Hired: "2026-04-06"},
	{ID: "E1044", Name: "Kwame Boateng", Department: "Engineering", Title: "Site Reliability Engineer", Manager: "E1013", Hired: "2026-06-01"},
	{ID: "E1045", Name: "Lena Fischer", Department: "Engineering", Title: "Software Engineer", Manager: "E1010", Hired: "2024-11-04",
		Terminated: "2026-11-20", Removed: "2026-11-20", RemovedBy: "Tom Becker"},
	{ID: "E1046", Name: "Marta Wojcik", Department: "Finance", Title: "Financial Controller", Manager: "E1003", Hired: "2026-10-19"},
	{ID: "E1047", Name: "Arjun Mehta", Department: "Engineering", Title: "Software Engineer", Manager: "E1010", Hired: "2026-09-07"},
}

// byID finds a person on the roster.
func byID(id string) person {
	for _, p := range roster {
		if p.ID == id {
			return p
		}
	}
	panic("demo: no person " + id)
}

// byName finds a person by name.
func byName(name string) person {
	for _, p := range roster {
		if p.Name == name {
			return p
		}
	}
	panic("demo: no person " + name)
}

// neverRemoved is the leaver whose access was never removed: the finding
// the demo's access controls lead to.
func neverRemoved() person { return byID("E1040") }

// day turns a date into a time at an hour of that day, UTC.
func day(d string, hour, minute int) time.Time {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		panic("demo: bad date " + d)
	}
	return t.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// workdays lists the weekdays of the year (no holidays: a demo).
func workdays() []string {
	var out []string
	for t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); t.Year() == year; t = t.AddDate(0, 0, 1) {
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, t.Format(time.DateOnly))
		}
	}
	return out
}

// addWorkdays moves d forward n weekdays.
func addWorkdays(d string, n int) string {
	t := day(d, 0, 0)
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t.Format(time.DateOnly)
}

// engineers lists the people who write and ship code, employed on day.
func engineers(d string) []person {
	var out []person
	for _, p := range roster {
		if p.Department == "Engineering" && p.employedOn(d) && !strings.HasPrefix(p.Title, "VP") {
			out = append(out, p)
		}
	}
	return out
}

// pick returns one element chosen by r.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// newRand is a generator with a fixed seed, so the files are the same on
// every run.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// quarter names the review quarters and the day each review was signed.
var quarters = []struct {
	Sheet, Reviewed string
}{
	{"Q1 2026", "2026-03-20"},
	{"Q2 2026", "2026-06-19"},
	{"Q3 2026", "2026-09-18"},
	{"Q4 2026", "2026-12-11"},
}

// system is one application whose access is reviewed each quarter.
type system struct {
	Name     string
	Reviewer string // person's name
	roles    func(p person) string
}

var systems = []system{
	{"AWS Production", "Kofi Mensah", func(p person) string {
		switch {
		case p.Title == "SRE Lead" || strings.Contains(p.Title, "Site Reliability") || strings.Contains(p.Title, "DevOps"):
			return "AdministratorAccess"
		case p.Department == "Engineering" && strings.Contains(p.Title, "Manager"):
			return "ReadOnlyAccess"
		case p.Department == "Engineering":
			return "DeveloperPowerUser"
		case p.Department == "Security":
			return "SecurityAudit"
		}
		return ""
	}},
	{"GitHub", "Priya Raman", func(p person) string {
		switch {
		case p.Department == "Engineering" && (strings.Contains(p.Title, "Manager") || strings.Contains(p.Title, "Lead") || strings.HasPrefix(p.Title, "VP")):
			return "Owner"
		case p.Department == "Engineering" || p.Department == "Security" || p.Title == "Product Designer":
			return "Member"
		}
		return ""
	}},
	{"Okta", "Tom Becker", func(p person) string {
		switch {
		case p.Department == "IT":
			return "Super Administrator"
		case p.Department == "Security":
			return "Read-only Administrator"
		}
		return "User"
	}},
	{"Salesforce", "James O'Connor", func(p person) string {
		switch {
		case p.Title == "VP Sales":
			return "System Administrator"
		case p.Department == "Sales":
			return "Sales User"
		case p.Department == "Customer Success":
			return "Service User"
		case p.Department == "Finance":
			return "Read Only"
		}
		return ""
	}},
}

// review is one row of a quarterly access review.
type review struct {
	Quarter, Reviewed string
	User              person
	System, Role      string
	Reviewer          string
	Decision          string // Keep or Remove
	Comment           string
}

// reviews draws the four quarterly reviews. The reviewers keep almost every
// account, remove a few no longer needed, and keep the account of the
// contractor who left in August, whose access was never removed.
func reviews() []review {
	r := newRand(seedReviews)
	removed := map[string]bool{} // person/system removed at an earlier review
	var out []review
	for _, q := range quarters {
		var rows []review
		for _, s := range systems {
			for _, p := range roster {
				role := s.roles(p)
				if role == "" || !p.hasAccessOn(q.Reviewed) || removed[p.ID+"/"+s.Name] {
					continue
				}
				rows = append(rows, review{Quarter: q.Sheet, Reviewed: q.Reviewed, User: p, System: s.Name, Role: role,
					Reviewer: s.Reviewer, Decision: "Keep"})
			}
		}
		// Two accounts a quarter are no longer needed; never the
		// reviewer's own, nor an administrator's.
		for n := 0; n < 2; {
			i := r.IntN(len(rows))
			row := &rows[i]
			if row.Decision == "Remove" || row.User.Name == row.Reviewer || strings.Contains(row.Role, "Admin") || row.User.ID == neverRemoved().ID {
				continue
			}
			row.Decision, row.Comment = "Remove", pick(r, []string{
				"No longer needed for role",
				"Moved teams; access not required",
				"Inactive for more than 90 days",
			})
			removed[row.User.ID+"/"+row.System] = true
			n++
		}
		out = append(out, rows...)
	}
	return out
}

// ticket is one change ticket of the export.
type ticket struct {
	ID          string
	Summary     string
	Type        string // standard, normal or emergency
	Risk        string
	RequestedBy string
	ApprovedBy  string // "" when nobody approved it: an exception
	Approved    string // YYYY-MM-DD; "" with ApprovedBy
	Deployed    string
	Environment string
}

var services = []string{"billing-api", "web-app", "auth-service", "notifications", "reporting", "ingest-pipeline", "search-service", "admin-portal"}

var changeSummaries = []string{
	"Upgrade %s dependencies to patched versions",
	"Fix pagination bug in %s",
	"Add database index for slow %s query",
	"Rotate TLS certificate for %s",
	"Increase autoscaling limit for %s",
	"Apply OS security patches to %s hosts",
	"Feature flag rollout for %s",
	"Update IAM role used by %s",
	"Refactor retry handling in %s",
	"Add audit logging to %s",
	"Tune connection pool for %s",
	"Remove deprecated endpoint from %s",
}

// emergencies are the emergency changes of the year: deployed first,
// approved after. The one on 14 May is the one whose approval e-mail the
// pack holds.
var emergencies = []struct{ Deployed, Summary, OnCall string }{
	{"2026-02-11", "Hotfix: revert faulty release causing login failures", "Jonas Lindqvist"},
	{"2026-05-14", "Hotfix: payment webhook outage, restore signature check", "Ines Carvalho"},
	{"2026-08-03", "Hotfix: disable runaway export job exhausting database connections", "Victor Hale"},
	{"2026-10-22", "Hotfix: patch OpenSSL vulnerability on edge load balancers", "Kwame Boateng"},
}

// emailedEmergency is the emergency change approved by e-mail.
const emailedEmergency = "2026-05-14"

// managerOf returns the approver for a requester: their manager when that
// manager approves changes, else the VP.
func approverFor(p person) person {
	m := byID(p.Manager)
	switch m.Name {
	case "Sam Ortiz", "Hannah Brandt", "Kofi Mensah", "Priya Raman":
		return m
	}
	return byName("Priya Raman")
}

// tickets draws the year's change tickets, in deployment order. Five
// normal production changes were never approved and one was approved by
// its own requester: the exceptions a test of CM-01 finds.
func tickets() []ticket {
	r := newRand(seedTickets)
	var out []ticket
	for _, d := range workdays() {
		for range r.IntN(3) + r.IntN(2) {
			devs := engineers(d)
			req := pick(r, devs)
			appr := approverFor(req)
			if appr.ID == req.ID {
				appr = byName("Priya Raman")
			}
			typ, risk := "normal", pick(r, []string{"low", "low", "medium", "medium", "high"})
			if r.IntN(4) == 0 {
				typ, risk = "standard", "low"
			}
			env := "production"
			if r.IntN(7) == 0 {
				env = "staging"
			}
			deployed := addWorkdays(d, r.IntN(3))
			if deployed[:4] != d[:4] {
				deployed = d
			}
			out = append(out, ticket{
				Summary: fmt.Sprintf(pick(r, changeSummaries), pick(r, services)), Type: typ, Risk: risk,
				RequestedBy: req.Name, ApprovedBy: appr.Name, Approved: d, Deployed: deployed, Environment: env,
			})
		}
	}
	for _, e := range emergencies {
		out = append(out, ticket{Summary: e.Summary, Type: "emergency", Risk: "high", RequestedBy: e.OnCall,
			ApprovedBy: "Priya Raman", Approved: addWorkdays(e.Deployed, 1), Deployed: e.Deployed, Environment: "production"})
	}
	slices.SortStableFunc(out, func(a, b ticket) int { return strings.Compare(a.Deployed, b.Deployed) })
	for i := range out {
		out[i].ID = fmt.Sprintf("CHG-%d", 10001+i)
	}
	// The exceptions, at fixed places so that the demo's story holds.
	var normal []int
	for i, t := range out {
		if t.Type == "normal" && t.Environment == "production" {
			normal = append(normal, i)
		}
	}
	for _, k := range []int{17, 64, 121, 170, 203} {
		i := normal[k*len(normal)/230]
		out[i].ApprovedBy, out[i].Approved = "", ""
	}
	self := normal[len(normal)*3/4]
	out[self].ApprovedBy = out[self].RequestedBy
	return out
}

// emergencyTicket is the emergency change approved by e-mail.
func emergencyTicket() ticket {
	for _, t := range tickets() {
		if t.Type == "emergency" && t.Deployed == emailedEmergency {
			return t
		}
	}
	panic("demo: no emailed emergency change")
}
