package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func chainOf(t *testing.T, n int) []Event {
	t.Helper()
	var out []Event
	var prev *Event
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		e, err := NewEvent(prev, at.Add(time.Duration(i)*time.Minute), "ana", "test.step", "thing/1", map[string]int{"step": i})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestChain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tamper  func([]Event) []Event
		brokeAt uint64
		reason  string
	}{
		{"intact", func(e []Event) []Event { return e }, 0, ""},
		{"actor edited", func(e []Event) []Event { e[2].Actor = "mallory"; return e }, 3, "event hash does not match"},
		{"change edited", func(e []Event) []Event { e[1].Change = json.RawMessage(`{"step":9}`); return e }, 2, "change does not match its digest"},
		{"rehashed after edit", func(e []Event) []Event { e[2].Actor = "mallory"; e[2].Hash = e[2].ComputeHash(); return e }, 4, "previous hash"},
		{"event removed", func(e []Event) []Event { return append(e[:1], e[2:]...) }, 2, "sequence is 3, expected 2"},
		{"events swapped", func(e []Event) []Event { e[3], e[4] = e[4], e[3]; return e }, 4, "sequence is 5, expected 4"},
		{"first event prev set", func(e []Event) []Event { e[0].Prev = "00"; e[0].Hash = e[0].ComputeHash(); return e }, 1, "previous hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events := tc.tamper(chainOf(t, 5))
			var c Chain
			for _, e := range events {
				c.Add(e)
			}
			v := c.Result()
			if v.BrokeAt != tc.brokeAt || v.Intact != (tc.brokeAt == 0) || !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("verification %+v, want broken at %d with reason containing %q", v, tc.brokeAt, tc.reason)
			}
			if v.Intact && (v.Events != 5 || v.Head != events[4].Hash) {
				t.Errorf("intact chain reports %d events, head %s", v.Events, v.Head)
			}
		})
	}
}

// The hash covers the time in UTC, so a reader in another zone agrees.
func TestHashIgnoresZone(t *testing.T) {
	e := chainOf(t, 1)[0]
	e.Time = e.Time.In(time.FixedZone("CET", 3600))
	if e.ComputeHash() != e.Hash {
		t.Errorf("hash changed with the time zone")
	}
}
