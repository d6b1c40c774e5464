package app

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"testing"

	"auditroom/app/tsmodels"
	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/ingest"
	"auditroom/backend/population"
)

var updateModels = flag.Bool("update-models", false, "rewrite frontend/src/api/models.ts from the Go types (make types)")

const modelsFile = "../frontend/src/api/models.ts"

// models generates the TypeScript models of everything the bound methods
// take and return.
func models() ([]byte, error) {
	return tsmodels.Generate(New(Options{}).Bound(), tsmodels.Options{
		Command: "make types",
		Root:    "..",
		// What the jobs' work returns (a Job's result is `any`).
		Extra: []any{audit.Verification{}, ingest.Summary{}, population.Population{}, export.Result{}},
		// An amount is written as its decimal string ("1234.50").
		Overrides: map[reflect.Type]string{reflect.TypeFor[population.Amount](): "string"},
	})
}

// The frontend's api modules take their types from models.ts, so this keeps
// them checked against what Go sends.
func TestModelsMatchGo(t *testing.T) {
	got, err := models()
	if err != nil {
		t.Fatal(err)
	}
	if *updateModels {
		if err := os.WriteFile(modelsFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(modelsFile)
	if err != nil {
		t.Fatalf("%v: run make types", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what the Go types generate: run make types", modelsFile)
	}
}
