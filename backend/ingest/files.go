package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/pack"
)

var errTooLarge = errors.New("too large to hold in memory")

// readAll reads an entry whole, refusing more than limit bytes.
func readAll(e pack.Entry, limit int64) ([]byte, error) {
	r, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// prefixed names a file for the summary: pack name, then path inside it.
func prefixed(info *packInfo, p string) string {
	if p == "" || p == info.name {
		return info.name
	}
	return info.name + "/" + p
}

// safeName keeps an attachment's name readable and free of separators.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "attachment"
	}
	return s
}

func withMeta(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// coded keeps a coded error, and makes any other the reason a pack could
// not be read.
func coded(err error, format string, args ...any) error {
	var e *audit.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return audit.Wrap(audit.ECANCELED, err, "canceled")
	}
	return audit.Wrap(audit.EINVALID, err, format, args...)
}
