package index

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Bleve's scorch segments would otherwise sit on disk as plain files. Its
// segment format calls process-wide hooks on every piece it writes and
// reads; these encrypt each piece with AES-GCM under the key of the index
// the file belongs to, found by its path. The id written beside each
// segment names the key, so a reader never guesses.

const hookPrefix = "auditroom-aesgcm-v1:"

// keys is the process's open indexes, by folder: the key the hooks seal
// and open its files with, and where Bleve's persister reports a failure
// to write (durable.go).
var keys = struct {
	sync.RWMutex
	byDir map[string]*openIndex
	byID  map[string][]byte // key id → key
}{byDir: map[string]*openIndex{}, byID: map[string][]byte{}}

type openIndex struct {
	key  []byte
	disk *durability
}

var installHooks sync.Once

// register makes an index folder known until unregister: its key to the
// hooks, and the durability its write failures are reported to.
func register(dir string, key []byte) *durability {
	installHooks.Do(func() {
		bleveindex.WriterHook = writerHook
		bleveindex.ReaderHook = readerHook
	})
	disk := newDurability(dir)
	keys.Lock()
	defer keys.Unlock()
	keys.byDir[filepath.Clean(dir)] = &openIndex{key: key, disk: disk}
	keys.byID[keyID(key)] = key
	return disk
}

func unregister(dir string) {
	keys.Lock()
	defer keys.Unlock()
	if o, ok := keys.byDir[filepath.Clean(dir)]; ok {
		delete(keys.byDir, filepath.Clean(dir))
		delete(keys.byID, keyID(o.key))
	}
}

func keyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("key id\x00"), key...))
	return hookPrefix + hex.EncodeToString(sum[:8])
}

// keyFor finds the key of the index that owns path.
func keyFor(path string) ([]byte, bool) {
	keys.RLock()
	defer keys.RUnlock()
	for dir := filepath.Clean(path); ; dir = filepath.Dir(dir) {
		if o, ok := keys.byDir[dir]; ok {
			return o.key, true
		}
		if dir == filepath.Dir(dir) {
			return nil, false
		}
	}
}

func writerHook(context []byte) (string, func([]byte) []byte, error) {
	path := string(context)
	if path == "" {
		// An in-memory segment, never written to disk.
		return "", func(b []byte) []byte { return b }, nil
	}
	key, ok := keyFor(path)
	if !ok {
		return "", nil, fmt.Errorf("no encryption key for index file %s", path)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return "", nil, err
	}
	// A random prefix and a counter make every nonce under this key unique.
	var nonce [12]byte
	if _, err := rand.Read(nonce[:4]); err != nil {
		return "", nil, err
	}
	var mu sync.Mutex
	var n uint64
	seal := func(plain []byte) []byte {
		mu.Lock()
		n++
		binary.BigEndian.PutUint64(nonce[4:], n)
		nc := nonce
		mu.Unlock()
		out := aead.Seal(nil, nc[:], plain, nil)
		return append(out, nc[:]...)
	}
	return keyID(key), seal, nil
}

func readerHook(id string, _ []byte) (func([]byte) ([]byte, error), error) {
	if id == "" {
		return func(b []byte) ([]byte, error) { return b, nil }, nil
	}
	if !strings.HasPrefix(id, hookPrefix) {
		return nil, fmt.Errorf("index file written with unknown hook %q", id)
	}
	keys.RLock()
	key, ok := keys.byID[id]
	keys.RUnlock()
	if !ok {
		return nil, fmt.Errorf("index file needs key %s, which is not unlocked", id)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return func(sealed []byte) ([]byte, error) {
		if len(sealed) < 12 {
			return nil, errors.New("index file piece too short")
		}
		nc, body := sealed[len(sealed)-12:], sealed[:len(sealed)-12]
		return aead.Open(nil, nc, body, nil)
	}, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
