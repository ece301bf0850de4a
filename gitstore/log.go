package gitstore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FileChange is one file a commit added, changed or deleted. Old is zero
// for an added file and New for a deleted one.
type FileChange struct {
	Path     string
	Old, New Hash
}

// CommitChanges is a commit and the watched files it changed, against its
// first parent.
type CommitChanges struct {
	Commit  Hash
	Author  Signature
	Message string
	Changes []FileChange
}

// Changes walks the first-parent history of the snapshot once, oldest
// first, and returns the commits that changed any of the watched paths: a
// file, or every file directly in a folder (given with a trailing slash).
// A folder whose tree hash did not change is passed over without being
// read; one that did is compared entry by entry, in the order trees keep.
func (s *Snapshot) Changes(watch ...string) ([]CommitChanges, error) {
	var chain []*object.Commit
	c, err := s.repo.git.CommitObject(s.Commit)
	for err == nil {
		chain = append(chain, c)
		if len(c.ParentHashes) == 0 {
			break
		}
		c, err = s.repo.git.CommitObject(c.ParentHashes[0])
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	slices.Reverse(chain)
	prev := make([]object.TreeEntry, len(watch)) // the watched entry at the last commit
	prevFiles := make([][]object.TreeEntry, len(watch))
	var out []CommitChanges
	for _, c := range chain {
		t, err := c.Tree()
		if err != nil {
			return nil, fmt.Errorf("read tree of %s: %w", c.Hash, err)
		}
		var changes []FileChange
		for i, w := range watch {
			dir, isDir := strings.CutSuffix(w, "/")
			var cur object.TreeEntry
			if e, err := t.FindEntry(strings.TrimSuffix(w, "/")); err == nil {
				cur = *e
			}
			if cur.Hash == prev[i].Hash {
				continue
			}
			if !isDir {
				changes = append(changes, FileChange{Path: w, Old: prev[i].Hash, New: cur.Hash})
				prev[i] = cur
				continue
			}
			var files []object.TreeEntry
			if !cur.Hash.IsZero() && !cur.Mode.IsFile() {
				sub, err := object.GetTree(s.repo.git.Storer, cur.Hash)
				if err != nil {
					return nil, fmt.Errorf("read %s at %s: %w", dir, c.Hash, err)
				}
				files = sub.Entries
			}
			changes = append(changes, diffEntries(dir, prevFiles[i], files)...)
			prev[i], prevFiles[i] = cur, files
		}
		if len(changes) > 0 {
			out = append(out, CommitChanges{
				Commit:  c.Hash,
				Author:  Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
				Message: c.Message,
				Changes: changes,
			})
		}
	}
	return out, nil
}

// diffEntries compares two folders' entries, both in tree order, in one
// pass.
func diffEntries(dir string, old, cur []object.TreeEntry) []FileChange {
	var out []FileChange
	i, j := 0, 0
	for i < len(old) || j < len(cur) {
		switch {
		case j == len(cur) || i < len(old) && old[i].Name < cur[j].Name:
			out = append(out, FileChange{Path: dir + "/" + old[i].Name, Old: old[i].Hash})
			i++
		case i == len(old) || cur[j].Name < old[i].Name:
			out = append(out, FileChange{Path: dir + "/" + cur[j].Name, New: cur[j].Hash})
			j++
		default:
			if old[i].Hash != cur[j].Hash {
				out = append(out, FileChange{Path: dir + "/" + cur[j].Name, Old: old[i].Hash, New: cur[j].Hash})
			}
			i++
			j++
		}
	}
	return out
}

// ZeroHash is the hash of nothing: a file that is not there.
var ZeroHash = plumbing.ZeroHash
