package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
)

// TestCompressedEvidenceReadsBack stores a log that compresses well and
// random bytes that do not, through both ways content is written, and
// reads every byte back as it was; the log is stored compressed, the random
// bytes as they are.
func TestCompressedEvidenceReadsBack(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())

	var log bytes.Buffer
	for i := range 60000 { // about 3.5 MB: more than one chunk, more than one flush
		fmt.Fprintf(&log, "2026-03-%02d 10:%02d:%02d sshd[%d]: Accepted publickey for deploy from 10.0.4.%d\n", i%28+1, i/60%60, i%60, 4000+i, i%250)
	}
	noise := make([]byte, chunkSize+12345)
	rand.Read(noise)

	logCopy := testCopy(1, "auth.log", "")
	logCopy.Content = log.Bytes()
	logCopy.Parts = []audit.Part{{Line: 1, Text: strings.Repeat("Accepted publickey for deploy\n", 5000)}}
	if _, err := h.CommitCopies(ctx, e.ID, "alice", []Copy{logCopy}); err != nil {
		t.Fatal(err)
	}
	noiseID := fmt.Sprintf("%024x", 2)
	if n, err := h.PutContent(ctx, e.ID, noiseID, bytes.NewReader(noise)); err != nil || n != int64(len(noise)) {
		t.Fatalf("PutContent: %d, %v", n, err)
	}
	streamedID := fmt.Sprintf("%024x", 3)
	if _, err := h.PutContent(ctx, e.ID, streamedID, bytes.NewReader(log.Bytes())); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		id   string
		want []byte
	}{{logCopy.Evidence.ID, log.Bytes()}, {noiseID, noise}, {streamedID, log.Bytes()}} {
		var got bytes.Buffer
		if err := h.Content(ctx, e.ID, c.id, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), c.want) {
			t.Errorf("content of %s: %d bytes read back, differing from the %d stored", c.id, got.Len(), len(c.want))
		}
	}
	parts, err := h.Parts(ctx, e.ID, logCopy.Evidence.ID)
	if err != nil || len(parts) != 1 || parts[0].Text != logCopy.Parts[0].Text {
		t.Fatalf("parts of auth.log: %d parts, %v", len(parts), err)
	}

	// What is on disk: the first chunk of the log compressed, the random
	// chunk not.
	db, err := h.engagementDB(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(txn *badger.Txn) error {
		for _, c := range []struct {
			key    []byte
			packed bool
		}{{blobKey(logCopy.Evidence.ID, 0), true}, {partKey(logCopy.Evidence.ID, 0), true}, {blobKey(noiseID, 0), false}} {
			item, err := txn.Get(c.key)
			if err != nil {
				return err
			}
			if got := item.UserMeta()&metaZstd != 0; got != c.packed {
				t.Errorf("%s stored compressed: %v, want %v (%d bytes stored)", c.key, got, c.packed, item.ValueSize())
			}
			if c.packed && item.ValueSize() > chunkSize/4 {
				t.Errorf("%s: %d bytes stored; the log compresses far below that", c.key, item.ValueSize())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUncompressedValuesStillRead writes content and text the way stores
// did before compression (plain values, no mark) and reads them back.
func TestUncompressedValuesStillRead(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	id := fmt.Sprintf("%024x", 9)
	part, _ := json.Marshal(audit.Part{Page: 2, Text: "Quarterly access review signed by J. Doe"})
	db, err := h.engagementDB(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(blobKey(id, 0), []byte("%PDF-1.4 first chunk ")); err != nil {
			return err
		}
		if err := txn.Set(blobKey(id, 1), []byte("second chunk")); err != nil {
			return err
		}
		return txn.Set(partKey(id, 0), part)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := h.Content(ctx, e.ID, id, &got); err != nil || got.String() != "%PDF-1.4 first chunk second chunk" {
		t.Errorf("old content: %q, %v", got.String(), err)
	}
	parts, err := h.Parts(ctx, e.ID, id)
	if err != nil || len(parts) != 1 || parts[0].Page != 2 || parts[0].Text != "Quarterly access review signed by J. Doe" {
		t.Errorf("old parts: %+v, %v", parts, err)
	}
}
