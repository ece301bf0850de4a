package gitstore

import (
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// IndexStat tells the blob id of working tree files from the stat data the
// index keeps for them, as git status does, so that checking ten thousand
// files for changes reads none of them.
type IndexStat struct {
	entries   map[string]*index.Entry
	indexTime time.Time
}

// IndexStat reads the index. An unreadable index gives an IndexStat that
// knows nothing, so every file is read.
func (r *Repo) IndexStat() *IndexStat {
	s := &IndexStat{entries: map[string]*index.Entry{}}
	fi, err := os.Stat(filepath.Join(r.gitDir(), "index"))
	if err != nil {
		return s
	}
	idx, err := r.readIndex()
	if err != nil {
		return s
	}
	s.indexTime = fi.ModTime()
	for _, e := range idx.Entries {
		if e.Stage == 0 {
			s.entries[e.Name] = e
		}
	}
	return s
}

// Hash returns the blob id of the file at path (slash-separated, from the
// top of the working tree), whose Lstat is fi, when the index vouches for
// it: same size, modification time and inode as when it was staged, and
// modified before the index was written (a file changed within the same
// instant could differ unnoticed: git calls it racily clean). Otherwise ok
// is false, and the caller must read the file.
func (s *IndexStat) Hash(path string, fi os.FileInfo) (h Hash, ok bool) {
	e := s.entries[path]
	if e == nil || !fi.Mode().IsRegular() || int64(e.Size) != fi.Size() || !e.ModifiedAt.Equal(fi.ModTime()) ||
		!fi.ModTime().Before(s.indexTime) {
		return h, false
	}
	if !sameInode(e, fi) {
		return h, false
	}
	return e.Hash, true
}
