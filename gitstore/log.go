package gitstore

import (

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
	list, err := s.WalkChanges(watch...)
	if err != nil {
		return nil, err
	}
	out := make([]CommitChanges, len(list))
	for i, c := range list {
		changes := make([]FileChange, len(c.Changes))
		for j, ch := range c.Changes {
			changes[j] = FileChange(ch)
		}
		out[i] = CommitChanges{Commit: c.Commit, Author: c.Author, Message: c.Message, Changes: changes}
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
