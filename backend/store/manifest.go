package store

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"google.golang.org/protobuf/proto"
)

// Badger writes a flushed memtable's level-0 table into its MANIFEST and
// then syncs it; when that sync fails it deletes the table file but leaves
// the entry written, and then refuses to open the database ("file does not
// exist for table N"). Nothing is lost: the flush failed, so the memtable's
// own file still holds the entries and is replayed at open. The store
// therefore records the table's deletion as Badger itself would, once, and
// opens again. A missing table of a deeper level (a compaction's output)
// is real loss and stays an error.
const missingTable = "file does not exist for table"

// dropUnflushedTables appends to the MANIFEST of the database at path a
// deletion of each level-0 table it lists whose file is gone. It reports
// whether it dropped any.
func dropUnflushedTables(path string) (bool, error) {
	name := filepath.Join(path, badger.ManifestFilename)
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return false, err
	}
	defer f.Close()
	m, valid, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(path).WithLogger(badgerLog))
	if err != nil {
		return false, err
	}
	set := &pb.ManifestChangeSet{}
	for id, t := range m.Tables {
		if _, err := os.Stat(table.NewFilename(id, path)); errors.Is(err, os.ErrNotExist) {
			if t.Level != 0 {
				return false, nil
			}
			set.Changes = append(set.Changes, &pb.ManifestChange{Id: id, Op: pb.ManifestChange_DELETE})
		}
	}
	if len(set.Changes) == 0 {
		return false, nil
	}
	b, err := proto.Marshal(set)
	if err != nil {
		return false, err
	}
	head := make([]byte, 8, 8+len(b))
	binary.BigEndian.PutUint32(head[0:4], uint32(len(b)))
	binary.BigEndian.PutUint32(head[4:8], crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
	// A torn change set after the last whole one is dropped first, as
	// Badger does, so that this one is read.
	if err := f.Truncate(valid); err != nil {
		return false, err
	}
	if _, err := f.WriteAt(append(head, b...), valid); err != nil {
		return false, err
	}
	return true, f.Sync()
}
