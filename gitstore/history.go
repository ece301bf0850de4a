package gitstore

import (
	"fmt"

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
// any file.
func (s *Snapshot) FolderHistory(dir string) (map[string]*FileLog, error) {
	logs := map[string]*FileLog{}
	c, err := s.repo.git.CommitObject(s.Commit)
	if err != nil {
		return nil, err
	}
	entries := func(c *object.Commit) (Hash, map[string]Hash, error) {
		t, err := c.Tree()
		if err != nil {
			return plumbing.ZeroHash, nil, err
		}
		e, err := t.FindEntry(dir)
		if err != nil {
			return plumbing.ZeroHash, nil, nil // no such folder here
		}
		sub, err := object.GetTree(s.repo.git.Storer, e.Hash)
		if err != nil {
			return plumbing.ZeroHash, nil, err
		}
		m := make(map[string]Hash, len(sub.Entries))
		for _, x := range sub.Entries {
			m[x.Name] = x.Hash
		}
		return e.Hash, m, nil
	}
	curTree, cur, err := entries(c)
	if err != nil {
		return nil, fmt.Errorf("read %s at %s: %w", dir, c.Hash, err)
	}
	for c != nil {
		var parent *object.Commit
		if len(c.ParentHashes) > 0 {
			if parent, err = s.repo.git.CommitObject(c.ParentHashes[0]); err != nil {
				return nil, fmt.Errorf("read commit %s: %w", c.ParentHashes[0], err)
			}
		}
		var prevTree Hash
		var prev map[string]Hash
		if parent != nil {
			if prevTree, prev, err = entries(parent); err != nil {
				return nil, fmt.Errorf("read %s at %s: %w", dir, parent.Hash, err)
			}
		}
		if curTree != prevTree {
			for name, h := range cur {
				old, existed := prev[name]
				if existed && old == h {
					continue
				}
				l := logs[name]
				if l == nil {
					l = &FileLog{
						Last:   Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
						LastAt: c.Hash,
					}
					logs[name] = l
				}
				l.Changes++
				if !existed {
					l.Created = c.Hash
				}
			}
		}
		c, curTree, cur = parent, prevTree, prev
	}
	return logs, nil
}
