package store

import (
	"github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/zstd"
)

// Evidence content chunks and text parts are compressed with zstd before
// Badger encrypts them: text, CSV and logs shrink to a fraction, and
// encrypted bytes no longer compress. Badger's own block compression covers
// only its tables, not the value log where these values live.
//
// A compressed value is marked in the entry's user-meta byte, which Badger
// keeps beside each value. Values written before compression have it zero
// and are read as they are, so older stores need no conversion.
const metaZstd byte = 1

var (
	// Both are safe for concurrent use through EncodeAll and DecodeAll.
	// The fastest level keeps an import's CPU on extraction and indexing.
	zstdEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zstdDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

// packed returns the entry storing v under k: compressed when that makes it
// smaller, else as it is (PDFs, images and zips are compressed already).
func packed(k, v []byte) *badger.Entry {
	c := zstdEnc.EncodeAll(v, make([]byte, 0, len(v)/2))
	if len(c) < len(v) {
		return badger.NewEntry(k, c).WithMeta(metaZstd)
	}
	return badger.NewEntry(k, v)
}

// unpacked calls fn with the stored value of item as it was written.
func unpacked(item *badger.Item, fn func([]byte) error) error {
	if item.UserMeta()&metaZstd == 0 {
		return item.Value(fn)
	}
	return item.Value(func(c []byte) error {
		v, err := zstdDec.DecodeAll(c, nil)
		if err != nil {
			return err
		}
		return fn(v)
	})
}
