package rss

import (
	"runtime"
	"testing"
	"time"
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

func TestWatchSeesAnonymousMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("RssAnon is Linux's")
	}
	stop := Watch(time.Millisecond)
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	top := stop()
	runtime.KeepAlive(buf)
	if top.Anon < 64<<20 || top.File <= 0 {
		t.Errorf("Watch = %+v after touching 64 MiB; want anon over 64 MiB and some file pages", top)
	}
}
