package selection

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// maxSeed bounds a seed's length.
const maxSeed = 100

// ValidateSeed checks a seed: 1 to 100 characters, none of them a control
// character (so that it cannot hold the newlines the stream's messages use
// as separators).
func ValidateSeed(seed string) error {
	switch {
	case seed == "":
		return audit.Errorf(audit.EINVALID, "seed is required: any number or word; write it down, it redraws the sample")
	case utf8.RuneCountInString(seed) > maxSeed:
		return audit.Errorf(audit.EINVALID, "seed is longer than %d characters", maxSeed)
	case !utf8.ValidString(seed) || strings.IndexFunc(seed, unicode.IsControl) >= 0:
		return audit.Errorf(audit.EINVALID, "seed %q holds a control character", seed)
	}
	return nil
}

// stream is the random number stream of auditroom-random-v1: the n-th
// value (n = 0, 1, 2, …) is the first 8 bytes, read big-endian, of
//
//	SHA-256("auditroom-random-v1\n" + seed + "\n" + name + "\n" + decimal(n))
//
// where name tells apart the streams of one sample ("main", "extend",
// "stratum:" + label) and decimal(n) has no leading zeros.
type stream struct {
	prefix int    // length of the message before the counter
	buf    []byte // the message
	n      uint64
}

func newStream(seed, name string) *stream {
	p := []byte(Algorithm + "\n" + seed + "\n" + name + "\n")
	return &stream{prefix: len(p), buf: p}
}

// next returns the stream's next 64-bit value.
func (s *stream) next() uint64 {
	msg := strconv.AppendUint(s.buf[:s.prefix], s.n, 10)
	s.buf = msg
	s.n++
	sum := sha256.Sum256(msg)
	return binary.BigEndian.Uint64(sum[:8])
}

// below returns a number uniform in [0, n), n > 0, without bias: a value x
// at or above L = 2^64 − (2^64 mod n) is discarded for the next one, and
// the result is x mod n.
func (s *stream) below(n uint64) uint64 {
	rem := (math.MaxUint64%n + 1) % n // 2^64 mod n
	for {
		x := s.next()
		if rem == 0 || x < -rem { // -rem is 2^64 − rem in uint64 arithmetic
			return x % n
		}
	}
}
