package table

import "testing"

func TestColumnLetters(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %s, want %s", i, got, want)
		}
		if back, ok := ColumnIndex(want); !ok || back != i {
			t.Errorf("ColumnIndex(%s) = %d, %v; want %d", want, back, ok, i)
		}
	}
	for _, bad := range []string{"", "A1", "XFE", "ABCD", "é"} {
		if _, ok := ColumnIndex(bad); ok {
			t.Errorf("ColumnIndex(%q) accepted", bad)
		}
	}
}
