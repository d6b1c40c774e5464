package pack

import (
	"slices"
	"testing"
)

func TestIDsFromPath(t *testing.T) {
	tests := []struct {
		path     string
		controls []string
		requests []string
	}{
		{"CC6.1_access_review/users.csv", []string{"CC6.1"}, nil},
		{"CC6.1 - Access/report.pdf", []string{"CC6.1"}, nil},
		{"ACC6.10x/file", nil, nil},
		{"CC6.10/file", nil, nil},
		{"CC6.1.2/file", nil, nil},
		{"evidence/cc7.2.pdf", []string{"CC7.2"}, nil},
		{"PBC-012 User list/CC6.2,CC6.3/a.pdf", []string{"CC6.2", "CC6.3"}, []string{"PBC-012"}},
		{"r-12_tickets.csv", nil, []string{"R-12"}},
		{"req-7/rfi_3/pbc12.txt", nil, []string{"REQ-7", "RFI-3", "PBC-12"}},
		{"R12/PBC-1a/XPBC-2/REQ-", nil, nil},
		{"A1.2/C1.1/PI1.5/P8.1/P9.1/P1.1", []string{"A1.2", "C1.1", "PI1.5", "P8.1", "P1.1"}, nil},
		{"CC6.1/again/CC6.1.txt", []string{"CC6.1"}, nil},
		{"outer.zip/inner.zip/CC9.2 vendor/PBC-3.xlsx", []string{"CC9.2"}, []string{"PBC-3"}},
		{"Übersicht CC1.1", []string{"CC1.1"}, nil},
		{"éCC1.1", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		c, r := IDsFromPath(tt.path)
		if !slices.Equal(c, tt.controls) || !slices.Equal(r, tt.requests) {
			t.Errorf("IDsFromPath(%q) = %q, %q; want %q, %q", tt.path, c, r, tt.controls, tt.requests)
		}
	}
}
