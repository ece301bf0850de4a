package gitstore

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// PathChange is a watched path a commit added, changed or deleted. Old is
// zero for an added path, New for a deleted one. Brought is set in a merge
// for a version one of its other parents already had: the merge took it in
// rather than wrote it (the commits that wrote it are the ones to ask).
type PathChange struct {
	Path     string
	Old, New Hash
	Brought  bool
}

// CommitPaths is a commit and the watched paths it changed, against its
// first parent.
type CommitPaths struct {
	Commit    Hash
	Parents   []Hash // the first first; none for a root commit
	Author    Signature
	Committer Signature
	Message   string
	Merge     bool // a merge: Changes are against its first parent
	Changes   []PathChange
}

// WalkChanges returns, oldest first, the commits of the first-parent
// history of the snapshot that changed any of the watched paths: a file, or
// every entry directly in a folder (given with a trailing slash), in tree
// order. It reads the objects itself and compares folders as bytes, as
// FolderHistory does, so ten thousand commits of a folder of ten thousand
// files take seconds; and it keeps its answer in the cache folder, by
// commit, so the next walk reads only the commits made since.
func (s *Snapshot) WalkChanges(watch ...string) ([]CommitPaths, error) {
	return s.walkChanges(false, nil, watch)
}

// WalkChangesProgress is WalkChanges, calling progress (when not nil) after
// each commit it reads with how many it has read.
func (s *Snapshot) WalkChangesProgress(progress func(commits int), watch ...string) ([]CommitPaths, error) {
	return s.walkChanges(false, progress, watch)
}

// WalkAllChanges is WalkChanges over every commit that reached the
// snapshot, both sides of every merge, each listed once, parents before
// children, including the commits that changed no watched path (an audit
// needs the whole graph to know the state before each commit). It is the
// same walk, taking up the commits of a side branch where its merge left
// them, and keeps its answer as WalkChanges does.
func (s *Snapshot) WalkAllChanges(progress func(commits int), watch ...string) ([]CommitPaths, error) {
	return s.walkChanges(true, progress, watch)
}

func (s *Snapshot) walkChanges(all bool, progress func(commits int), watch []string) ([]CommitPaths, error) {
	key := changesKey(watch)
	if all {
		key = "all\x00" + key
	}
	cache := s.repo.loadChanges(key)
	if cache != nil && cache.Commit == s.Commit {
		return cache.List, nil
	}
	list, err := s.walk(all, progress, watch, cache)
	if errors.Is(err, errCacheNotAncestor) {
		list, err = s.walk(all, progress, watch, nil)
	}
	if err != nil {
		return nil, err
	}
	// An earlier state answered from the cache keeps the cache where it
	// is, at the later one a report walks again next time.
	if cache == nil || !isPrefix(list, cache.List) {
		s.repo.saveChanges(key, s.Commit, list)
	}
	return list, nil
}

// isPrefix reports whether list is the start of cached, commit for commit.
func isPrefix(list, cached []CommitPaths) bool {
	if len(list) > len(cached) {
		return false
	}
	for i := range list {
		if list[i].Commit != cached[i].Commit {
			return false
		}
	}
	return true
}

// errCacheNotAncestor says a walk met commits of the cached history
// without meeting the commit it was cached at: the history was rewritten.
var errCacheNotAncestor = errors.New("cached history is not below this commit")

// watched is the state of one watched path at a commit.
type watched struct {
	hash   Hash
	raw    []byte // a folder's content
	bounds []int
}

func (s *Snapshot) walk(all bool, progress func(commits int), watch []string, cache *changesCache) ([]CommitPaths, error) {
	o := s.repo.newObjectReader()
	defer o.close()
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
	// The commits the cache already answers for: the one it was made at,
	// and for a walk of all commits every commit of its list (the whole
	// history below it).
	covered := map[Hash]bool{}
	// For a first-parent walk, every commit of the cached list answers
	// too: its own first-parent history is the list up to it. So a walk
	// of an earlier state (a closed round, below the cached head) stops
	// at the first listed commit it meets.
	listed := map[Hash]int{}
	if cache != nil {
		covered[cache.Commit] = true
		for i, c := range cache.List {
			if all {
				covered[c.Commit] = true
			} else {
				listed[c.Commit] = i
			}
		}
	}
	hitCache, metCovered := false, false
	cut := -1 // the cached list answers up to and including cut
	stop := func(h Hash) bool {
		if i, ok := listed[h]; ok && h != cache.Commit {
			hitCache, metCovered, cut = true, true, i
			return true
		}
		if !covered[h] {
			return false
		}
		metCovered = true
		if h == cache.Commit {
			hitCache = true
		}
		return true
	}
	visited := map[Hash]bool{}
	var found []CommitPaths // in the order walked: newest first along each chain
	var spare []int
	n := 0
	// Each start is walked down its first parents until a commit already
	// walked (or cached); a merge's other parents are started later.
	starts := []Hash{s.Commit}
	for len(starts) > 0 {
		h := starts[len(starts)-1]
		starts = starts[:len(starts)-1]
		if visited[h] || stop(h) {
			continue
		}
		c, err := o.commit(h)
		if err != nil {
			return nil, fmt.Errorf("read commit %s: %w", h, err)
		}
		cur, err := state(c)
		if err != nil {
			return nil, err
		}
		for {
			n++
			if progress != nil {
				progress(n)
			}
			visited[c.hash] = true
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
			// What each other parent of a merge already had, to tell what
			// the merge brought in from what it wrote.
			var theirs []map[string]bool // per other parent: the paths where it differs from c
			for _, other := range c.others {
				oc, err := o.commit(other)
				if err != nil {
					return nil, fmt.Errorf("read commit %s: %w", other, err)
				}
				ost, err := state(oc)
				if err != nil {
					return nil, err
				}
				differs := map[string]bool{}
				for i, w := range watch {
					if cur[i].hash == ost[i].hash {
						continue
					}
					dir, isDir := strings.CutSuffix(w, "/")
					if !isDir {
						differs[w] = true
						continue
					}
					if _, err := diffTrees(cur[i].raw, ost[i].raw, nil, nil, func(name, _, _ []byte) {
						differs[dir+"/"+string(name)] = true
					}); err != nil {
						return nil, fmt.Errorf("read %s at %s: %w", dir, other, err)
					}
				}
				theirs = append(theirs, differs)
				if all {
					starts = append(starts, other)
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
			for k := range changes {
				for _, differs := range theirs {
					if !differs[changes[k].Path] {
						changes[k].Brought = true
						break
					}
				}
			}
			if all || len(changes) > 0 {
				found = append(found, CommitPaths{Commit: c.hash, Parents: c.parents(), Author: *c.author(), Committer: *c.committer(),
					Message: c.message, Merge: c.merge, Changes: changes})
			}
			if parent == nil || visited[parent.hash] || stop(parent.hash) {
				break
			}
			c, cur = parent, prev
		}
	}
	if metCovered && !hitCache {
		return nil, errCacheNotAncestor
	}
	var older []CommitPaths
	if hitCache {
		older = cache.List
		if cut >= 0 {
			older = cache.List[:cut+1]
		}
	}
	if !all {
		slices.Reverse(found)
		return append(slices.Clip(older), found...), nil
	}
	return append(slices.Clip(older), topoOrder(found)...), nil
}

// topoOrder puts commits in an order with every commit after its parents
// (those in the list), the first parent's line first, as git log --topo-order
// --reverse would.
func topoOrder(found []CommitPaths) []CommitPaths {
	at := make(map[Hash]int, len(found))
	for i, c := range found {
		at[c.Commit] = i
	}
	out := make([]CommitPaths, 0, len(found))
	done := make([]bool, len(found))
	type frame struct{ i, next int }
	for root := range found {
		if done[root] {
			continue
		}
		stack := []frame{{root, 0}}
		done[root] = true
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			ps := found[f.i].Parents
			if f.next < len(ps) {
				p, ok := at[ps[f.next]]
				f.next++
				if ok && !done[p] {
					done[p] = true
					stack = append(stack, frame{p, 0})
				}
				continue
			}
			out = append(out, found[f.i])
			stack = stack[:len(stack)-1]
		}
	}
	return out
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
const changesCacheVersion = 4

// changesCache is WalkChanges' answer for one list of watched paths at one
// commit: it never changes, since a commit's id is the hash of its history.
// The list is packed by packCommits: gob reads a list of tens of thousands
// of commits' ids and paths ten times slower.
type changesCache struct {
	Version int
	Watch   string
	Commit  Hash
	Packed  []byte

	List []CommitPaths `gob:"-"`
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
	if c.List, err = unpackCommits(c.Packed); err != nil {
		return nil
	}
	c.Packed = nil
	return &c
}

// saveChanges keeps an answer for the next walk; failing to is not an
// error.
func (r *Repo) saveChanges(key string, commit Hash, list []CommitPaths) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(changesCache{Version: changesCacheVersion, Watch: key, Commit: commit, Packed: packCommits(list)}); err != nil {
		return
	}
	saveCacheFile(r.changesCacheFile(key), buf.Bytes())
}

// packCommits writes a list of commits as bytes: ids as they are, numbers
// as varints, text with its length first, paths as the index of a table of
// the names seen.
func packCommits(list []CommitPaths) []byte {
	var b []byte
	paths := map[string]int{}
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	sig := func(s Signature) {
		str(s.Name)
		str(s.Email)
		_, off := s.When.Zone()
		b = binary.AppendVarint(b, s.When.Unix())
		b = binary.AppendVarint(b, int64(off))
	}
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, c := range list {
		b = append(b, c.Commit[:]...)
		b = binary.AppendUvarint(b, uint64(len(c.Parents)))
		for _, p := range c.Parents {
			b = append(b, p[:]...)
		}
		sig(c.Author)
		sig(c.Committer)
		str(c.Message)
		flags := byte(0)
		if c.Merge {
			flags = 1
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(len(c.Changes)))
		for _, ch := range c.Changes {
			if i, ok := paths[ch.Path]; ok {
				b = binary.AppendUvarint(b, uint64(i+1))
			} else {
				paths[ch.Path] = len(paths)
				b = binary.AppendUvarint(b, 0)
				str(ch.Path)
			}
			b = append(b, ch.Old[:]...)
			b = append(b, ch.New[:]...)
			flags := byte(0)
			if ch.Brought {
				flags = 1
			}
			b = append(b, flags)
		}
	}
	return b
}

var errBadPack = errors.New("malformed changes cache")

// unpackCommits reads what packCommits wrote.
func unpackCommits(b []byte) ([]CommitPaths, error) {
	bad := false
	uvarint := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > uint64(len(b))*64+1<<20 {
			bad = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	take := func(n int) []byte {
		if bad || n > len(b) {
			bad = true
			return nil
		}
		out := b[:n]
		b = b[n:]
		return out
	}
	hash := func() (h Hash) {
		copy(h[:], take(len(h)))
		return h
	}
	str := func() string { return string(take(uvarint())) }
	zones := map[int]*time.Location{}
	sig := func() Signature {
		s := Signature{Name: str(), Email: str()}
		sec, off := varint(), int(varint())
		loc := zones[off]
		if loc == nil {
			loc = time.FixedZone("", off)
			zones[off] = loc
		}
		s.When = time.Unix(sec, 0).In(loc)
		return s
	}
	n := uvarint()
	if n > len(b) {
		return nil, errBadPack
	}
	list := make([]CommitPaths, n)
	var paths []string
	for i := range list {
		c := &list[i]
		c.Commit = hash()
		if np := uvarint(); np > 0 && !bad {
			c.Parents = make([]Hash, np)
			for k := range c.Parents {
				c.Parents[k] = hash()
			}
		}
		c.Author, c.Committer, c.Message = sig(), sig(), str()
		if f := take(1); len(f) == 1 {
			c.Merge = f[0] == 1
		}
		nc := uvarint()
		if bad || nc > len(b) {
			return nil, errBadPack
		}
		if nc > 0 {
			c.Changes = make([]PathChange, nc)
		}
		for k := range c.Changes {
			ch := &c.Changes[k]
			if j := uvarint(); j > 0 && j <= len(paths) {
				ch.Path = paths[j-1]
			} else if j == 0 {
				ch.Path = str()
				paths = append(paths, ch.Path)
			} else {
				return nil, errBadPack
			}
			ch.Old, ch.New = hash(), hash()
			if f := take(1); len(f) == 1 {
				ch.Brought = f[0] == 1
			}
		}
		if bad {
			return nil, errBadPack
		}
	}
	if bad || len(b) != 0 {
		return nil, errBadPack
	}
	return list, nil
}
