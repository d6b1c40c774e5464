package index

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSplitWord(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"review.pdf", []string{"review", "pdf"}},
		{"ANONYMOUS_PRINCIPAL", []string{"ANONYMOUS", "PRINCIPAL"}},
		{"bucketName", []string{"bucket", "Name"}},
		{"AwsSecurityAudit", []string{"Aws", "Security", "Audit"}},
		{"XMLParser", []string{"XML", "Parser"}},
		{"s3.amazonaws.com", []string{"s3", "amazonaws", "com"}},
		{"Année_fiscale", []string{"Année", "fiscale"}},
		{"CC6.1", []string{"CC6", "1"}},
		{"plain", nil},
		{"don't", nil},
		{"UPPER", nil},
		{"Capital", nil},
		{"_x_", nil},
	} {
		var got []string
		for _, p := range splitWord([]byte(tc.in)) {
			got = append(got, tc.in[p[0]:p[1]])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitWord(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The text analyzer keeps compound words whole and adds their parts, with
// locations in the text as written, accents and all.
func TestTextAnalyzer(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	text := "Année bucketName: review.pdf Controls"
	var got []string
	for _, tok := range m.AnalyzerNamed(textAnalyzer).Analyze([]byte(text)) {
		got = append(got, fmt.Sprintf("%s@%d=%s", tok.Term, tok.Position, text[tok.Start:tok.End]))
	}
	want := []string{"anne@1=Année", "bucketnam@2=bucketName", "bucket@2=bucket", "name@3=Name",
		"review.pdf@4=review.pdf", "review@4=review", "pdf@5=pdf", "control@6=Controls"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("analyze %q:\n got %q\nwant %q", text, got, want)
	}
	if got, want := Terms("Année AwsSecurityAudit"), []string{"anne", "awssecurityaudit"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if got, want := Words("Contrôles d'accès"), []string{"controles", "d'acces"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
	if got := Fold("Réunion ÉTÉ.PDF"); got != "reunion ete.pdf" {
		t.Errorf("Fold = %q", got)
	}
}

// Tokens are the text field's terms with the words as written, folded, and
// their byte offsets, accents and all.
func TestTokens(t *testing.T) {
	text := "Année bucketName Reviews"
	var got []string
	for _, tok := range Tokens(text) {
		got = append(got, fmt.Sprintf("%s/%s@%d=%s", tok.Term, tok.Word, tok.Position, text[tok.Start:tok.End]))
	}
	want := []string{"anne/annee@1=Année", "bucketnam/bucketname@2=bucketName", "bucket/bucket@2=bucket",
		"name/name@3=Name", "review/reviews@4=Reviews"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens(%q):\n got %q\nwant %q", text, got, want)
	}
}
