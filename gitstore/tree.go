package gitstore

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Trees are read and written here without a working copy: the files that
// differ between two trees, what a tree holds at a path, and a tree with
// some paths changed, rewriting only the trees on their way.

// fileEntry is what a tree holds at a path: a file, link or submodule, or
// nothing (zero Hash).
type fileEntry struct {
	Hash plumbing.Hash
	Mode filemode.FileMode
}

func (e fileEntry) absent() bool { return e.Hash.IsZero() }

// same says whether two entries hold the same thing. A file's executable
// bit is not content.
func (e fileEntry) same(o fileEntry) bool {
	return e.Hash == o.Hash && (e.Mode == filemode.Symlink) == (o.Mode == filemode.Symlink) &&
		(e.Mode == filemode.Submodule) == (o.Mode == filemode.Submodule)
}

// change is one path that differs between two trees.
type change struct{ From, To fileEntry }

// treeOf returns a commit's tree hash; zero for the zero commit.
func (r *Repo) treeOf(commit plumbing.Hash) (plumbing.Hash, error) {
	if commit.IsZero() {
		return plumbing.ZeroHash, nil
	}
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("read commit %s: %w", commit, err)
	}
	return c.TreeHash, nil
}

func (r *Repo) treeEntries(h plumbing.Hash) (map[string]object.TreeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := object.GetTree(r.git.Storer, h)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	m := make(map[string]object.TreeEntry, len(t.Entries))
	for _, e := range t.Entries {
		m[e.Name] = e
	}
	return m, nil
}

// diffTrees adds to out every path whose file differs between trees a and
// b (either may be zero: the empty tree), reading only the folders whose
// tree hashes differ.
func (r *Repo) diffTrees(a, b plumbing.Hash, prefix string, out map[string]change) error {
	if a == b {
		return nil
	}
	ae, err := r.treeEntries(a)
	if err != nil {
		return err
	}
	be, err := r.treeEntries(b)
	if err != nil {
		return err
	}
	names := make(map[string]bool, len(ae)+len(be))
	for n := range ae {
		names[n] = true
	}
	for n := range be {
		names[n] = true
	}
	for name := range names {
		x, inA := ae[name]
		y, inB := be[name]
		if inA && inB && x.Hash == y.Hash && x.Mode == y.Mode {
			continue
		}
		p := name
		if prefix != "" {
			p = prefix + "/" + name
		}
		xDir, yDir := inA && x.Mode == filemode.Dir, inB && y.Mode == filemode.Dir
		var xh, yh plumbing.Hash
		if xDir {
			xh = x.Hash
		}
		if yDir {
			yh = y.Hash
		}
		if xDir || yDir {
			if err := r.diffTrees(xh, yh, p, out); err != nil {
				return err
			}
		}
		var c change
		if inA && !xDir {
			c.From = fileEntry{x.Hash, x.Mode}
		}
		if inB && !yDir {
			c.To = fileEntry{y.Hash, y.Mode}
		}
		if !c.From.absent() || !c.To.absent() {
			out[p] = c
		}
	}
	return nil
}

// entryAt returns what a tree holds at a path: a folder counts as nothing.
func (r *Repo) entryAt(tree plumbing.Hash, p string) (fileEntry, error) {
	if tree.IsZero() {
		return fileEntry{}, nil
	}
	t, err := object.GetTree(r.git.Storer, tree)
	if err != nil {
		return fileEntry{}, fmt.Errorf("read tree %s: %w", tree, err)
	}
	e, err := t.FindEntry(p)
	if err != nil || e.Mode == filemode.Dir {
		return fileEntry{}, nil
	}
	return fileEntry{e.Hash, e.Mode}, nil
}

// errPathBlocked means a path cannot be set in a tree because a file
// stands where a folder would be, or a folder where the file would be.
var errPathBlocked = errors.New("a file and a folder of the same name")

// blocked says whether setting a file at p in tree would replace a folder
// or a file on its way.
func (r *Repo) blocked(tree plumbing.Hash, p string) (bool, error) {
	if tree.IsZero() {
		return false, nil
	}
	t, err := object.GetTree(r.git.Storer, tree)
	if err != nil {
		return false, err
	}
	if e, err := t.FindEntry(p); err == nil && e.Mode == filemode.Dir {
		return true, nil
	}
	for i := strings.Index(p, "/"); i >= 0; {
		if e, err := t.FindEntry(p[:i]); err == nil && e.Mode != filemode.Dir {
			return true, nil
		}
		j := strings.Index(p[i+1:], "/")
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false, nil
}

// editTree writes the tree of base with the given paths set (a zero Hash
// removes the path), rewriting only the trees on their paths and dropping
// folders left empty. It returns the zero hash for an empty tree.
func (r *Repo) editTree(base plumbing.Hash, edits map[string]fileEntry) (plumbing.Hash, error) {
	m, err := r.treeEntries(base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if m == nil {
		m = map[string]object.TreeEntry{}
	}
	sub := map[string]map[string]fileEntry{}
	for p, e := range edits {
		dir, rest, nested := strings.Cut(p, "/")
		if !nested {
			if x, ok := m[p]; ok && x.Mode == filemode.Dir && !e.absent() {
				return plumbing.ZeroHash, fmt.Errorf("%s: %w", p, errPathBlocked)
			}
			if e.absent() {
				delete(m, p)
			} else {
				m[p] = object.TreeEntry{Name: p, Mode: e.Mode, Hash: e.Hash}
			}
			continue
		}
		if sub[dir] == nil {
			sub[dir] = map[string]fileEntry{}
		}
		sub[dir][rest] = e
	}
	for dir, es := range sub {
		var subBase plumbing.Hash
		if x, ok := m[dir]; ok {
			if x.Mode != filemode.Dir {
				for _, e := range es {
					if !e.absent() {
						return plumbing.ZeroHash, fmt.Errorf("%s: %w", dir, errPathBlocked)
					}
				}
				continue
			}
			subBase = x.Hash
		}
		h, err := r.editTree(subBase, es)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if h.IsZero() {
			delete(m, dir)
		} else {
			m[dir] = object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: h}
		}
	}
	if len(m) == 0 {
		return plumbing.ZeroHash, nil
	}
	return r.writeTree(m)
}

func (r *Repo) writeTree(m map[string]object.TreeEntry) (plumbing.Hash, error) {
	t := &object.Tree{Entries: make([]object.TreeEntry, 0, len(m))}
	for _, e := range m {
		t.Entries = append(t.Entries, e)
	}
	sort.Sort(object.TreeEntrySorter(t.Entries))
	obj := r.git.Storer.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	if r.git.Storer.HasEncodedObject(obj.Hash()) == nil {
		return obj.Hash(), nil
	}
	return r.git.Storer.SetEncodedObject(obj)
}

// rootTree is editTree for a commit's tree: an empty result is the empty
// tree, which a commit still needs.
func (r *Repo) rootTree(base plumbing.Hash, edits map[string]fileEntry) (plumbing.Hash, error) {
	h, err := r.editTree(base, edits)
	if err != nil || !h.IsZero() {
		return h, err
	}
	return r.writeTree(nil)
}
