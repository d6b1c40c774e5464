package rss

import (
	"runtime"
	"testing"
)

func TestPeakGrowsWithUse(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux's")
	}
	before := Peak()
	if before <= 0 {
		t.Fatalf("Peak = %d", before)
	}
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	if after := Peak(); after < before+32<<20 {
		t.Errorf("peak %d after touching 64 MiB, was %d", after, before)
	}
	runtime.KeepAlive(buf)
}
