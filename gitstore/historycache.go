package gitstore

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
)

// historyCacheVersion changes whenever what FolderHistory computes or how
// the cache is written changes, so an old cache is never read.
const historyCacheVersion = 2

// historyCache is FolderHistory's answer for one folder at one commit. The
// answer for a commit never changes (a commit's id is the hash of its whole
// history), so it can be kept as long as anyone likes; one per folder is
// kept, the last computed, under the Git folder, where it is never
// committed.
type historyCache struct {
	Version int
	Dir     string
	Commit  Hash
	Logs    map[string]*FileLog
}

func (r *Repo) historyCacheFile(dir string) string {
	return filepath.Join(r.CacheDir(), "history-"+strings.ReplaceAll(dir, "/", "%")+".gob")
}

// CacheDir is where skillmap keeps caches: in the Git folder, never
// committed, and safe to delete at any time. It may not exist yet.
func (r *Repo) CacheDir() string {
	return filepath.Join(r.gitDir(), "skillmap")
}

// loadHistory returns the cached history of dir, or nil when there is none
// that can be used.
func (r *Repo) loadHistory(dir string) *historyCache {
	f, err := os.Open(r.historyCacheFile(dir))
	if err != nil {
		return nil
	}
	defer f.Close()
	var c historyCache
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&c); err != nil || c.Version != historyCacheVersion || c.Dir != dir || c.Logs == nil {
		return nil
	}
	return &c
}

// saveHistory keeps the history of dir at commit for the next walk. It is
// only a cache: failing to write it is not an error.
func (r *Repo) saveHistory(dir string, commit Hash, logs map[string]*FileLog) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(historyCache{Version: historyCacheVersion, Dir: dir, Commit: commit, Logs: logs}); err != nil {
		return
	}
	saveCacheFile(r.historyCacheFile(dir), buf.Bytes())
}

// saveCacheFile replaces a cache file in one step, so a reader never sees
// half of one; failing to is not an error.
func saveCacheFile(name string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return
	}
	_ = replaceFile(name, data, 0o644)
}
