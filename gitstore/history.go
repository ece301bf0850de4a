package gitstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FileLog is what the history says of one file of a folder.
type FileLog struct {
	Last    Signature // author of the newest commit that changed the file
	LastAt  Hash
	Created Hash // the commit that added the file
	Changes int  // commits that changed it, its creation included
}

// FolderHistory walks the first-parent history from the snapshot back to
// the first commit once, and reports for each file directly in dir when it
// last changed and when it was created. Commits that leave the folder's
// tree as it was are passed over by comparing tree hashes, without reading
// any file; the others are compared entry by entry, skipping the part
// before the first difference, without decoding the trees into objects.
//
// The answer for a commit never changes, so it is kept in a cache under
// the Git folder (see historyCache): the next walk stops where the last one
// started and adds what came since. Deleting the cache changes nothing but
// the time taken.
func (s *Snapshot) FolderHistory(dir string) (map[string]*FileLog, error) {
	return s.FolderHistoryProgress(dir, nil)
}

// FolderHistoryProgress is FolderHistory, calling progress (when not nil)
// after each commit it reads with how many it has read.
func (s *Snapshot) FolderHistoryProgress(dir string, progress func(commits int)) (map[string]*FileLog, error) {
	o := s.repo.newObjectReader()
	defer o.close()
	cache := s.repo.loadHistory(dir)
	if cache != nil && cache.Commit == s.Commit {
		return cache.Logs, nil
	}
	logs := map[string]*FileLog{}
	c, err := o.commit(s.Commit)
	if err != nil {
		return nil, err
	}
	curTree, cur, err := o.folder(c.tree, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s at %s: %w", dir, c.hash, err)
	}
	var curBounds, spare []int // where the entries of cur start; a buffer to reuse
	for n := 1; ; n++ {
		if progress != nil {
			progress(n)
		}
		var parent *commitInfo
		if c.hasParent {
			if parent, err = o.commit(c.parent); err != nil {
				return nil, fmt.Errorf("read commit %s: %w", c.parent, err)
			}
		}
		var prevTree Hash
		var prev []byte
		if parent != nil {
			if prevTree, prev, err = o.folder(parent.tree, dir); err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", dir, parent.hash, err)
			}
		}
		if curTree != prevTree {
			var sig *Signature
			prevBounds, err := diffTrees(cur, prev, curBounds, spare, func(name, old, new []byte) {
				if new == nil {
					return // deleted: the history of files that are there
				}
				existed := old != nil
				l := logs[string(name)]
				if l == nil {
					if sig == nil {
						sig = c.author()
					}
					l = &FileLog{Last: *sig, LastAt: c.hash}
					logs[string(name)] = l
				}
				l.Changes++
				if !existed && l.Created.IsZero() {
					// Walking back, the first creation met is the latest:
					// a file deleted and added again starts afresh.
					l.Created = c.hash
				}
			})
			if err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", dir, c.hash, err)
			}
			spare, curBounds = curBounds, prevBounds
		}
		if parent == nil {
			break
		}
		if cache != nil && parent.hash == cache.Commit {
			mergeHistory(logs, cache.Logs)
			break
		}
		c, curTree, cur = parent, prevTree, prev
	}
	s.repo.saveHistory(dir, s.Commit, logs)
	return logs, nil
}

// mergeHistory adds the history up to an older commit to the history
// since: the newest change and the newest creation win, changes add up.
func mergeHistory(logs, older map[string]*FileLog) {
	for name, o := range older {
		l := logs[name]
		if l == nil {
			c := *o
			logs[name] = &c
			continue
		}
		l.Changes += o.Changes
		if l.Created.IsZero() {
			l.Created = o.Created
		}
	}
}

// commitInfo is what a history walk needs of a commit.
type commitInfo struct {
	hash, tree, parent Hash
	hasParent          bool
	merge              bool   // has more than one parent
	others             []Hash // the parents after the first
	authorLine         []byte
	committerLine      []byte
	message            string
}

func (c *commitInfo) author() *Signature { return decodeSignature(c.authorLine) }

func (c *commitInfo) committer() *Signature { return decodeSignature(c.committerLine) }

func decodeSignature(line []byte) *Signature {
	var s object.Signature
	s.Decode(line)
	return &Signature{Name: s.Name, Email: s.Email, When: s.When}
}

// parents lists all the commit's parents, the first first.
func (c *commitInfo) parents() []Hash {
	if !c.hasParent {
		return nil
	}
	return append([]Hash{c.parent}, c.others...)
}

func (o *objectReader) commit(h Hash) (*commitInfo, error) {
	raw, err := o.read(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	c, err := parseCommit(h, raw)
	if err == nil && o.r.isShallow(h) {
		// A shallow clone's history starts here, as git log's does.
		c.hasParent, c.merge, c.others = false, false, nil
	}
	return c, err
}

// parseCommit reads what a history walk needs from a commit's content.
func parseCommit(h Hash, raw []byte) (*commitInfo, error) {
	c := &commitInfo{hash: h}
	seenTree := false
	// As git reads a commit: the tree on the first line, the parents on
	// the lines straight after it, and nowhere else; a "parent" line
	// further down is some other header's, not a parent.
	parents := true
	for first := true; len(raw) > 0; first = false {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(line) == 0 {
			c.message = string(raw) // what follows the headers
			break
		}
		key, value, _ := bytes.Cut(line, []byte{' '})
		switch {
		case first:
			if string(key) != "tree" || !parseHash(value, &c.tree) {
				return nil, fmt.Errorf("commit %s: bad tree line", h)
			}
			seenTree = true
			continue
		case parents && string(key) == "parent":
			if c.hasParent {
				var p Hash
				if !parseHash(value, &p) {
					return nil, fmt.Errorf("commit %s: bad parent line", h)
				}
				c.merge = true
				c.others = append(c.others, p)
			} else {
				if !parseHash(value, &c.parent) {
					return nil, fmt.Errorf("commit %s: bad parent line", h)
				}
				c.hasParent = true
			}
			continue
		case string(key) == "author" && c.authorLine == nil:
			c.authorLine = value
		case string(key) == "committer" && c.committerLine == nil:
			c.committerLine = value
		}
		parents = false
	}
	if !seenTree {
		return nil, fmt.Errorf("commit %s has no tree", h)
	}
	return c, nil
}

func parseHash(hexText []byte, h *Hash) bool {
	if len(hexText) != 2*len(h) {
		return false
	}
	_, err := hex.Decode(h[:], hexText)
	return err == nil
}

// folder returns the id and content of the tree at dir below root, or a
// zero id when there is no such folder.
func (o *objectReader) folder(root Hash, dir string) (Hash, []byte, error) {
	h := root
	for _, name := range strings.Split(dir, "/") {
		raw, err := o.read(plumbing.TreeObject, h)
		if err != nil {
			return plumbing.ZeroHash, nil, err
		}
		found := false
		for i := 0; i < len(raw); {
			e, err := parseEntry(raw, i)
			if err != nil {
				return plumbing.ZeroHash, nil, err
			}
			if string(e.name) == name {
				if !e.dir {
					return plumbing.ZeroHash, nil, nil
				}
				copy(h[:], e.hash)
				found = true
				break
			}
			i = e.end
		}
		if !found {
			return plumbing.ZeroHash, nil, nil
		}
	}
	raw, err := o.read(plumbing.TreeObject, h)
	return h, raw, err
}

// rawEntry is one entry of a tree object's content.
type rawEntry struct {
	name []byte
	dir  bool
	hash []byte
	end  int // where the next entry starts
}

var errBadTree = errors.New("malformed tree object")

func parseEntry(raw []byte, i int) (rawEntry, error) {
	sp := bytes.IndexByte(raw[i:], ' ')
	if sp < 0 {
		return rawEntry{}, errBadTree
	}
	nul := bytes.IndexByte(raw[i+sp:], 0)
	if nul < 0 {
		return rawEntry{}, errBadTree
	}
	nameEnd := i + sp + nul
	end := nameEnd + 1 + 20
	if end > len(raw) {
		return rawEntry{}, errBadTree
	}
	return rawEntry{name: raw[i+sp+1 : nameEnd], dir: dirMode(raw[i : i+sp]), hash: raw[nameEnd+1 : end], end: end}, nil
}

// dirMode reports whether a tree entry's octal mode is a folder's as git
// reads it (canon_mode: the file type bits, so a hostile "41000" is a
// folder too, as go-git also takes it), not only the canonical "40000".
func dirMode(mode []byte) bool {
	if string(mode) == "40000" {
		return true
	}
	// A 32-bit value that wraps, as git's get_mode reads it: a hostile
	// "100040000" is a folder to git and go-git, so it is one here too.
	var m uint32
	for _, c := range mode {
		if c < '0' || c > '7' {
			return false
		}
		m = m<<3 | uint32(c-'0')
	}
	return m&0o170000 == 0o040000
}

// diffTrees calls changed for each entry that differs between cur and
// prev, in tree order, with its id in each (nil where it is not there: old
// nil for an entry cur added, cur nil for one it removed). curBounds holds
// where each entry of cur starts, and len(cur) last (nil: work it out);
// diffTrees returns the same for prev, in prevBuf's memory. It skips the
// entries the two share at the start and at the end without parsing them,
// so one changed entry among ten thousand costs little more than comparing
// the bytes, and a walk down a long history parses each tree once only
// where it differs from the next.
func diffTrees(cur, prev []byte, curBounds, prevBuf []int, changed func(name, old, new []byte)) ([]int, error) {
	if curBounds == nil {
		var err error
		if curBounds, err = entryBounds(cur, nil); err != nil {
			return nil, err
		}
	}
	same := commonPrefix(cur, prev)
	// The entries wholly in the common prefix start at the same places.
	k := sort.SearchInts(curBounds, same+1) - 1
	if k >= len(curBounds)-1 {
		k = len(curBounds) - 2 // cur is a prefix of prev: compare its last entry
	}
	if k < 0 {
		k = 0
	}
	ci := curBounds[k]
	pi := ci
	bounds := append(prevBuf[:0], curBounds[:k]...)
	tail := commonSuffix(cur[ci:], prev[pi:])
	shift := len(prev) - len(cur)
	var p rawEntry
	havePrev := false
	for ci < len(cur) {
		if pi == ci+shift && len(cur)-ci <= tail && !havePrev {
			// The rest is the same, shifted.
			j := sort.SearchInts(curBounds, ci)
			for _, b := range curBounds[j:] {
				bounds = append(bounds, b+shift)
			}
			return bounds, nil
		}
		c, err := parseEntry(cur, ci)
		if err != nil {
			return nil, err
		}
		var old []byte
		for pi < len(prev) || havePrev {
			if !havePrev {
				if p, err = parseEntry(prev, pi); err != nil {
					return nil, err
				}
				bounds = append(bounds, pi)
				havePrev = true
			}
			d := compareEntries(p, c)
			if d < 0 {
				changed(p.name, p.hash, nil) // gone from cur
				pi, havePrev = p.end, false
				continue
			}
			if d == 0 {
				old = p.hash
				pi, havePrev = p.end, false
			}
			break
		}
		if !bytes.Equal(old, c.hash) {
			changed(c.name, old, c.hash)
		}
		ci = c.end
	}
	// What is left of prev is gone from cur.
	if havePrev {
		changed(p.name, p.hash, nil)
		pi = p.end
	}
	start := len(bounds)
	bounds, err := entryBounds(prev[pi:], bounds, pi)
	if err != nil {
		return nil, err
	}
	for _, b := range bounds[start : len(bounds)-1] {
		e, _ := parseEntry(prev, b)
		changed(e.name, e.hash, nil)
	}
	return bounds, nil
}

// entryBounds appends where each entry of raw starts (plus base), and
// len(raw) + base last.
func entryBounds(raw []byte, bounds []int, base ...int) ([]int, error) {
	off := 0
	if len(base) > 0 {
		off = base[0]
	}
	for i := 0; i < len(raw); {
		e, err := parseEntry(raw, i)
		if err != nil {
			return nil, err
		}
		bounds = append(bounds, i+off)
		i = e.end
	}
	return append(bounds, len(raw)+off), nil
}

// compareEntries orders entries as Git does: a folder as if its name ended
// in a slash.
func compareEntries(a, b rawEntry) int {
	n := min(len(a.name), len(b.name))
	if d := bytes.Compare(a.name[:n], b.name[:n]); d != 0 {
		return d
	}
	next := func(e rawEntry) int {
		switch {
		case len(e.name) > n:
			return int(e.name[n])
		case e.dir:
			return '/'
		}
		return -1
	}
	an, bn := next(a), next(b)
	switch {
	case an < bn:
		return -1
	case an > bn:
		return 1
	}
	return 0
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	// Whole blocks first: bytes.Equal is much faster than a loop.
	const block = 256
	i := 0
	for i+block <= n && bytes.Equal(a[i:i+block], b[i:i+block]) {
		i += block
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	const block = 256
	i := 0
	for i+block <= n && bytes.Equal(a[len(a)-i-block:len(a)-i], b[len(b)-i-block:len(b)-i]) {
		i += block
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}
