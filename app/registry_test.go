package app

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateRegistry = flag.Bool("update-registry", false, "rewrite frontend/src/test/registry.json from the Go tables")

// The frontend's tests fake Session.Registry with frontend/src/test/registry.json;
// this keeps that file what Go serves, so they test the real lists.
func TestRegistryMatchesFrontendFixture(t *testing.T) {
	r, err := (&Session{}).Registry()
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const fixture = "../frontend/src/test/registry.json"
	if *updateRegistry {
		if err := os.WriteFile(fixture, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what Session.Registry serves: run go test ./app -run TestRegistry -update-registry\n%s", fixture, got)
	}
}

func TestRegistryNamesHowEachTypeIsShown(t *testing.T) {
	r, _ := (&Session{}).Registry()
	seen := map[string]EvidenceType{}
	for _, e := range r.EvidenceTypes {
		seen[e.Name] = e
	}
	for name, want := range map[string]EvidenceType{
		"pdf":  {Name: "pdf", Label: "PDF", Viewer: KindPDF},
		"xlsx": {Name: "xlsx", Label: "Excel workbook", Viewer: KindSheet},
		"msg":  {Name: "msg", Label: "Outlook message", Viewer: KindEmail},
		"zip":  {Name: "zip", Label: "Zip archive", Viewer: KindOther},
	} {
		if seen[name] != want {
			t.Errorf("%s: got %+v, want %+v", name, seen[name], want)
		}
	}
}
