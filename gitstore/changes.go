package gitstore

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// PathChange is a watched path a commit added, changed or deleted. Old is
// zero for an added path, New for a deleted one.
type PathChange struct {
	Path     string
	Old, New Hash
}

// CommitPaths is a commit and the watched paths it changed, against its
// first parent.
type CommitPaths struct {
	Commit  Hash
	Author  Signature
	Message string
	Merge   bool // a merge: Changes are against its first parent
	Changes []PathChange
}

// WalkChanges returns, oldest first, the commits of the first-parent
// history of the snapshot that changed any of the watched paths: a file, or
// every entry directly in a folder (given with a trailing slash), in tree
// order. It reads the objects itself and compares folders as bytes, as
// FolderHistory does, so ten thousand commits of a folder of ten thousand
// files take seconds; and it keeps its answer in the cache folder, by
// commit, so the next walk reads only the commits made since.
func (s *Snapshot) WalkChanges(watch ...string) ([]CommitPaths, error) {
	return s.WalkChangesProgress(nil, watch...)
}

// WalkChangesProgress is WalkChanges, calling progress (when not nil) after
// each commit it reads with how many it has read.
func (s *Snapshot) WalkChangesProgress(progress func(commits int), watch ...string) ([]CommitPaths, error) {
	key := changesKey(watch)
	cache := s.repo.loadChanges(key)
	if cache != nil && cache.Commit == s.Commit {
		return cache.List, nil
	}
	o := s.repo.newObjectReader()
	defer o.close()
	type watched struct {
		hash   Hash
		raw    []byte // a folder's content
		bounds []int
	}
	state := func(c *commitInfo) ([]watched, error) {
		ws := make([]watched, len(watch))
		for i, w := range watch {
			p, isDir := strings.CutSuffix(w, "/")
			h, dir, err := o.lookup(c.tree, p)
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", p, c.hash, err)
			}
			ws[i].hash = h
			if isDir && dir {
				if ws[i].raw, err = o.read(plumbing.TreeObject, h); err != nil {
					return nil, fmt.Errorf("read %s at %s: %w", p, c.hash, err)
				}
			}
		}
		return ws, nil
	}
	var newest []CommitPaths // newest first
	c, err := o.commit(s.Commit)
	if err != nil {
		return nil, err
	}
	cur, err := state(c)
	if err != nil {
		return nil, err
	}
	var older []CommitPaths
	var spare []int
	for n := 1; ; n++ {
		if progress != nil {
			progress(n)
		}
		var parent *commitInfo
		prev := make([]watched, len(watch))
		if c.hasParent {
			if parent, err = o.commit(c.parent); err != nil {
				return nil, fmt.Errorf("read commit %s: %w", c.parent, err)
			}
			if prev, err = state(parent); err != nil {
				return nil, err
			}
		}
		var changes []PathChange
		for i, w := range watch {
			if cur[i].hash == prev[i].hash {
				prev[i].bounds = cur[i].bounds
				continue
			}
			dir, isDir := strings.CutSuffix(w, "/")
			if !isDir {
				changes = append(changes, PathChange{Path: w, Old: prev[i].hash, New: cur[i].hash})
				continue
			}
			bounds, err := diffTrees(cur[i].raw, prev[i].raw, cur[i].bounds, spare, func(name, old, new []byte) {
				ch := PathChange{Path: dir + "/" + string(name)}
				copy(ch.Old[:], old)
				copy(ch.New[:], new)
				changes = append(changes, ch)
			})
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", dir, c.hash, err)
			}
			spare, prev[i].bounds = cur[i].bounds, bounds
		}
		if len(changes) > 0 {
			newest = append(newest, CommitPaths{Commit: c.hash, Author: *c.author(), Message: c.message, Merge: c.merge, Changes: changes})
		}
		if parent == nil {
			break
		}
		if cache != nil && parent.hash == cache.Commit {
			older = cache.List
			break
		}
		c, cur = parent, prev
	}
	slices.Reverse(newest)
	list := append(slices.Clip(older), newest...)
	s.repo.saveChanges(key, s.Commit, list)
	return list, nil
}

// lookup finds the entry at path below the tree root: its id, and whether
// it is a folder; a zero id when there is none.
func (o *objectReader) lookup(root Hash, path string) (Hash, bool, error) {
	h, dir := root, true
	for _, name := range strings.Split(path, "/") {
		if !dir {
			return plumbing.ZeroHash, false, nil
		}
		raw, err := o.read(plumbing.TreeObject, h)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		found := false
		for i := 0; i < len(raw); {
			e, err := parseEntry(raw, i)
			if err != nil {
				return plumbing.ZeroHash, false, err
			}
			if string(e.name) == name {
				copy(h[:], e.hash)
				dir, found = e.dir, true
				break
			}
			i = e.end
		}
		if !found {
			return plumbing.ZeroHash, false, nil
		}
	}
	return h, dir, nil
}

// changesCacheVersion changes whenever what WalkChanges computes or how it
// is kept changes.
const changesCacheVersion = 2

// changesCache is WalkChanges' answer for one list of watched paths at one
// commit: it never changes, since a commit's id is the hash of its history.
type changesCache struct {
	Version int
	Watch   string
	Commit  Hash
	List    []CommitPaths
}

func changesKey(watch []string) string { return strings.Join(watch, "\x00") }

func (r *Repo) changesCacheFile(key string) string {
	sum := sha1.Sum([]byte(key))
	return filepath.Join(r.CacheDir(), "changes-"+hex.EncodeToString(sum[:8])+".gob")
}

func (r *Repo) loadChanges(key string) *changesCache {
	f, err := os.Open(r.changesCacheFile(key))
	if err != nil {
		return nil
	}
	defer f.Close()
	var c changesCache
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&c); err != nil || c.Version != changesCacheVersion || c.Watch != key {
		return nil
	}
	return &c
}

// saveChanges keeps an answer for the next walk; failing to is not an
// error.
func (r *Repo) saveChanges(key string, commit Hash, list []CommitPaths) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(changesCache{Version: changesCacheVersion, Watch: key, Commit: commit, List: list}); err != nil {
		return
	}
	saveCacheFile(r.changesCacheFile(key), buf.Bytes())
}

// FromOtherParents reports whether a merge commit's version of path (blob
// h) is the version one of its other parents already had: brought in by
// the merge rather than written in it.
func (r *Repo) FromOtherParents(commit Hash, path string, h Hash) (bool, error) {
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return false, err
	}
	for _, p := range c.ParentHashes[min(1, len(c.ParentHashes)):] {
		pc, err := r.git.CommitObject(p)
		if err != nil {
			return false, err
		}
		t, err := pc.Tree()
		if err != nil {
			return false, err
		}
		if e, err := t.FindEntry(path); err == nil && e.Hash == h {
			return true, nil
		}
		if h.IsZero() {
			if _, err := t.FindEntry(path); err != nil {
				return true, nil // deleted on that side too
			}
		}
	}
	return false, nil
}
