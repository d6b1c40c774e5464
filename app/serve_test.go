package app

import (
	"context"
	"net"
	"testing"

	"auditroom/backend/audit"
)

// serve binds the loopback IP it checked, never the name: a localhost that
// /etc/hosts maps to 0.0.0.0 is refused, not bound on every interface.
func TestServeBindsTheLoopbackIPItChecked(t *testing.T) {
	hosts := map[string][]net.IP{
		"localhost":  {net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		"everywhere": {net.ParseIP("0.0.0.0")},
		"mixed":      {net.ParseIP("127.0.0.1"), net.ParseIP("192.168.1.20")},
	}
	lookup := func(_ context.Context, _, host string) ([]net.IP, error) {
		if ips, ok := hosts[host]; ok {
			return ips, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	for addr, want := range map[string]string{
		"localhost:8080": "127.0.0.1:8080",
		"127.0.0.1:0":    "127.0.0.1:0",
		"[::1]:9000":     "[::1]:9000",
	} {
		if got, err := loopback(addr, lookup); err != nil || got != want {
			t.Errorf("%s binds %q, %v; want %q", addr, got, err, want)
		}
	}
	for addr, want := range map[string]string{
		"everywhere:8080": `address "everywhere:8080" is not a loopback address (everywhere is 0.0.0.0): serve listens on this machine only`,
		"mixed:8080":      `address "mixed:8080" is not a loopback address (mixed is 192.168.1.20): serve listens on this machine only`,
		"0.0.0.0:8080":    `address "0.0.0.0:8080" is not a loopback address (0.0.0.0 is 0.0.0.0): serve listens on this machine only`,
		"nowhere:8080":    `address "nowhere:8080": cannot resolve nowhere: lookup nowhere: no such host`,
		"8080":            `address "8080" is not host:port`,
	} {
		_, err := loopback(addr, lookup)
		if audit.ErrorCode(err) != audit.EINVALID || audit.ErrorMessage(err) != want {
			t.Errorf("%s: %v; want EINVALID %q", addr, err, want)
		}
	}
}
