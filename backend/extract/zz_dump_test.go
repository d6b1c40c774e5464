package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	for _, p := range strings.Fields(os.Getenv("DUMP")) {
		data, err := os.ReadFile(corpusDir + "/" + p)
		if err != nil {
			t.Fatal(err)
		}
		r := Extract(context.Background(), p, data, Options{})
		if len(r.Parts) > 2 {
			r.Parts = r.Parts[:2]
		}
		for i := range r.Parts {
			r.Parts[i].Text = cutUTF8(r.Parts[i].Text, 300)
		}
		b, _ := json.MarshalIndent(r, "", " ")
		fmt.Printf("== %s children=%d thumb=%d\n%s\n", p, len(r.Children), len(r.Thumbnail), b)
	}
}
