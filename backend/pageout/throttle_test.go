package pageout

import "testing"

func TestThrottleIsDueOnceEveryEveryBytes(t *testing.T) {
	th := Throttle{Every: 100}
	var got []bool
	for _, n := range []int64{60, 30, 20, 0, 99, 1, 250} {
		th.Wrote(n)
		got = append(got, th.Due())
	}
	want := []bool{false, false, true, false, false, true, true}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("after each write, due: %v; want %v", got, want)
		}
	}
}
