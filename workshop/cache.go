package workshop

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// parseCacheName is the file of parsed responses in the repository's cache
// folder (under .git, never committed; delete it any time).
const parseCacheName = "parsed.bin"

// Build is the version of the running skillmap (buildinfo's String), set
// by the command before any cache is read: part of BuildID.
var Build string

// BuildID identifies this build of skillmap, so that a parse cache is only
// ever read by the parser that wrote it: the executable's path, size,
// modification time and inode (replacing or rebuilding it changes them),
// and the module version and commit it was built from.
var BuildID = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	id := fmt.Sprintf("%s\x00%d\x00%d\x00%s", exe, fi.Size(), fi.ModTime().UnixNano(), Build)
	if fid := fileID(fi); fid != "" {
		id += "\x00" + fid
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				id += "\x00" + s.Value
			}
		}
	}
	sum := sha256.Sum256([]byte(id))
	return sum[:]
})

// openParseCaches keeps each repository's parse cache once read, so that a
// command reading two states of a workshop (report --compare, audit) reads
// and parses the files they share once.
var openParseCaches sync.Map // repository root → *survey.ParseCache

// LoadParseCache returns the repository's parse cache, empty when there is
// none; nil when this build cannot identify itself, and so cannot use one.
func LoadParseCache(repo *gitstore.Repo) *survey.ParseCache {
	if c, ok := openParseCaches.Load(repo.Root()); ok {
		return c.(*survey.ParseCache)
	}
	c := readParseCache(repo)
	if c != nil {
		openParseCaches.Store(repo.Root(), c)
	}
	return c
}

func readParseCache(repo *gitstore.Repo) *survey.ParseCache {
	id := BuildID()
	if id == nil {
		return nil
	}
	f, err := os.Open(filepath.Join(repo.CacheDir(), parseCacheName))
	if err != nil {
		return survey.NewParseCache()
	}
	defer f.Close()
	return survey.ReadParseCache(f, id)
}

// SaveParseCache writes the cache back if it changed. Failing to is not an
// error: it is only a cache.
func SaveParseCache(repo *gitstore.Repo, c *survey.ParseCache) {
	if c == nil || !c.Changed() {
		return
	}
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, BuildID()); err != nil {
		return
	}
	dir := repo.CacheDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	_ = gitstore.WriteFileAtomic(filepath.Join(dir, parseCacheName), buf.Bytes())
}

func parseKey(h gitstore.Hash, file string) survey.ParseKey {
	return survey.ParseKey{Blob: h, File: file}
}
