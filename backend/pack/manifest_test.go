package pack

import (
	"slices"
	"strings"
	"testing"
)

func TestIsManifest(t *testing.T) {
	for path, want := range map[string]bool{
		"manifest.csv": true, "MANIFEST.JSON": true, "Manifest.Csv": true,
		"sub/manifest.csv": false, "a.zip/manifest.json": false, "manifest.xlsx": false, "my-manifest.csv": false,
	} {
		if got := IsManifest(path); got != want {
			t.Errorf("IsManifest(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     string
		want     []ManifestEntry
		problems []string // substrings, in order
		err      string
	}{
		{
			name: "csv", file: "manifest.csv",
			data: "Path, Request ID ,Control_IDs,Description,AS OF\n" +
				"access/users.csv,pbc-012,\"CC6.1; cc6.2,CC6.3\",User list,2024-12-31\n" +
				"\n" +
				"logs\\app.log,REQ-7,\"CC7.2\nCC7.3\",Logs,\n",
			want: []ManifestEntry{
				{Path: "access/users.csv", RequestID: "PBC-012", ControlIDs: []string{"CC6.1", "CC6.2", "CC6.3"}, Description: "User list", AsOf: "2024-12-31"},
				{Path: "logs/app.log", RequestID: "REQ-7", ControlIDs: []string{"CC7.2", "CC7.3"}, Description: "Logs"},
			},
		},
		{
			name: "csv with BOM, semicolons, bad rows", file: "MANIFEST.CSV",
			data: "\ufeffpath;as_of\nok.txt;2024-02-29\nbad.txt;31/12/2024\n;2024-01-01\n../up.txt;\nfeb.txt;2023-02-29\n",
			want: []ManifestEntry{
				{Path: "ok.txt", AsOf: "2024-02-29"}, {Path: "bad.txt"}, {Path: "up.txt"}, {Path: "feb.txt"},
			},
			problems: []string{`row 3: as_of "31/12/2024" is not a date`, "row 4: no path", "row 5: unsafe path ../up.txt read as up.txt", "row 6: as_of"},
		},
		{
			name: "windows-1252", file: "manifest.csv",
			data: "path,description\n\xdcbersicht.pdf,Caf\xe9 \x80\n",
			want: []ManifestEntry{{Path: "Übersicht.pdf", Description: "Café €"}},
		},
		{
			name: "json array", file: "manifest.json",
			data: `[{"path":"a.pdf","request_id":"R-1","control_ids":["CC1.1","cc1.2;CC1.3"],"as_of":"2024-01-31"},
			        {"path":"b.pdf","control_ids":"A1.2, C1.1","request_id":12},
			        {"path":"c.pdf","as_of":"2024-13-01"}, 7]`,
			want: []ManifestEntry{
				{Path: "a.pdf", RequestID: "R-1", ControlIDs: []string{"CC1.1", "CC1.2", "CC1.3"}, AsOf: "2024-01-31"},
				{Path: "b.pdf", RequestID: "12", ControlIDs: []string{"A1.2", "C1.1"}},
				{Path: "c.pdf"},
			},
			problems: []string{"entry 3: as_of", "entry 4:"},
		},
		{
			name: "json files object", file: "manifest.json",
			data: `{"files":[{"Path":"x/y.txt","Description":"d"}]}`,
			want: []ManifestEntry{{Path: "x/y.txt", Description: "d"}},
		},
		{name: "no path column", file: "manifest.csv", data: "file_name_x,request\nfoo,bar\n", err: "no path column"},
		{name: "empty csv", file: "manifest.csv", data: "", err: "empty manifest"},
		{name: "bad json", file: "manifest.json", data: `{"files": [`, err: "invalid JSON"},
		{name: "json without files", file: "manifest.json", data: `{"other": 1}`, err: `no "files" array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs, err := ParseManifest(tt.file, []byte(tt.data))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, manifestEqual) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if len(probs) != len(tt.problems) {
				t.Fatalf("problems %v, want %q", probs, tt.problems)
			}
			for i, p := range probs {
				if !strings.Contains(p.Reason, tt.problems[i]) || p.Path != tt.file {
					t.Errorf("problem %d: %+v, want %q", i, p, tt.problems[i])
				}
			}
		})
	}
}

func manifestEqual(a, b ManifestEntry) bool {
	return a.Path == b.Path && a.RequestID == b.RequestID && slices.Equal(a.ControlIDs, b.ControlIDs) &&
		a.Description == b.Description && a.AsOf == b.AsOf
}
