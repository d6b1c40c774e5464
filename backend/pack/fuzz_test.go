package pack

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func FuzzWalkZip(f *testing.F) {
	flat := zipBytes(f, zfile{name: "a.txt", body: []byte("hello")}, zfile{name: "../b.txt", body: []byte("x"), store: true})
	nested := zipBytes(f, zfile{name: "in.zip", body: flat}, zfile{name: "c.txt"})
	comp, crc := deflateZeros(f, 64<<10)
	f.Add(flat)
	f.Add(nested)
	f.Add(flat[:len(flat)/2])
	f.Add(rawZip(f, "bomb", comp, 64<<10, crc))
	f.Add(rawZip(f, "liar", comp, 10, crc))
	f.Add([]byte(sigLocal))
	lim := Limits{MaxRatio: 50, MaxEntrySize: 1 << 20, MaxTotal: 4 << 20, MaxEntries: 100, MaxDepth: 3, MaxNested: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := filepath.Join(t.TempDir(), "pack.zip")
		if err := os.WriteFile(src, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		entries, total := 0, int64(0)
		_, err := Walk(ctx, src, lim, func(e Entry) error {
			entries++
			if e.Depth > lim.MaxDepth || e.Size > lim.MaxEntrySize || strings.Contains(e.Path, "..") || strings.HasPrefix(e.Path, "/") {
				t.Errorf("entry out of bounds: %+v", e)
			}
			rc, err := e.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			n, _ := io.Copy(io.Discard, rc)
			if n > e.Size {
				t.Errorf("%s: read %d bytes, declared %d", e.Path, n, e.Size)
			}
			total += n
			return nil
		})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
		if entries > lim.MaxEntries || total > lim.MaxTotal {
			t.Errorf("%d entries, %d bytes: over the limits", entries, total)
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	f.Add(false, []byte("path,request_id,control_ids,description,as_of\na.txt,PBC-1,\"CC6.1;CC6.2\",d,2024-01-01\n"))
	f.Add(false, []byte("\ufeffpath;as_of\n../x;31/12/2024\n"))
	f.Add(false, []byte("path\n\"unterminated\n"))
	f.Add(true, []byte(`[{"path":"a","control_ids":["CC1.1"],"as_of":"2024-02-30"}]`))
	f.Add(true, []byte(`{"files":[{"path":"b","control_ids":"CC1.1,CC1.2","request_id":3}]}`))
	f.Fuzz(func(t *testing.T, isJSON bool, data []byte) {
		name := "manifest.csv"
		if isJSON {
			name = "manifest.json"
		}
		entries, _, err := ParseManifest(name, data)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.Path == "" || strings.Contains("/"+e.Path+"/", "/../") || strings.HasPrefix(e.Path, "/") {
				t.Errorf("bad path %q", e.Path)
			}
			if e.AsOf != "" {
				if _, err := time.Parse(time.DateOnly, e.AsOf); err != nil {
					t.Errorf("bad as_of %q", e.AsOf)
				}
			}
		}
	})
}

func FuzzIDsFromPath(f *testing.F) {
	for _, s := range []string{"CC6.1_access/PBC-012.pdf", "ACC6.10x", "r-1/REQ_2/p8.1", "PI1.1.1", "\xff\xfeCC1.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		controls, requests := IDsFromPath(path)
		// Found IDs are found again, alone and joined.
		c2, r2 := IDsFromPath(strings.Join(controls, "/") + "/" + strings.Join(requests, "/"))
		if strings.Join(c2, ",") != strings.Join(controls, ",") || strings.Join(r2, ",") != strings.Join(requests, ",") {
			t.Errorf("IDsFromPath(%q) = %q, %q; rejoined gives %q, %q", path, controls, requests, c2, r2)
		}
		for _, c := range controls {
			if c != strings.ToUpper(c) || len(c) < 4 || len(c) > 5 {
				t.Errorf("control %q", c)
			}
		}
		for _, r := range requests {
			if r != strings.ToUpper(r) || !strings.Contains(r, "-") {
				t.Errorf("request %q", r)
			}
		}
	})
}
