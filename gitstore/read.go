package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNotFound means a path is not in a snapshot.
var ErrNotFound = errors.New("not found")

// Snapshot is the state of the workshop at one commit, read from the object
// store without touching the working tree.
type Snapshot struct {
	repo   *Repo
	Commit Hash
	When   time.Time // the commit's committer date
	tree   *object.Tree
}

// ErrNoCommits means the repository has no commits yet.
var ErrNoCommits = errors.New("the repository has no commits yet")

// At resolves a revision (branch, tag, hash, HEAD~2 and so on) to a
// snapshot.
func (r *Repo) At(rev string) (*Snapshot, error) {
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		if rev == "HEAD" {
			return nil, ErrNoCommits
		}
		return nil, fmt.Errorf("unknown revision %q: %w", rev, err)
	}
	c, err := r.git.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("revision %q is not a commit: %w", rev, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("read tree of %s: %w", c.Hash, err)
	}
	return &Snapshot{repo: r, Commit: c.Hash, When: c.Committer.When, tree: t}, nil
}

// EntryKind says what a tree entry is. Only regular files are read: links
// and submodules are reported, never followed.
type EntryKind int

// The kinds of tree entry.
const (
	KindFile EntryKind = iota
	KindDir
	KindSymlink
	KindSubmodule
	KindOther
)

func (k EntryKind) String() string {
	return [...]string{"file", "folder", "symbolic link", "submodule", "special file"}[k]
}

// Entry is one name in a snapshot's folder.
type Entry struct {
	Name string
	Hash Hash
	Kind EntryKind
	Size int64 // files only
}

func kindOf(m filemode.FileMode) EntryKind {
	switch m {
	case filemode.Regular, filemode.Executable, filemode.Deprecated:
		return KindFile
	case filemode.Dir:
		return KindDir
	case filemode.Symlink:
		return KindSymlink
	case filemode.Submodule:
		return KindSubmodule
	}
	return KindOther
}

// Dir lists a folder of the snapshot; a missing folder is empty.
func (s *Snapshot) Dir(dir string) ([]Entry, error) {
	t, err := s.tree.Tree(dir)
	if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s at %s: %w", dir, s.Commit, err)
	}
	out := make([]Entry, 0, len(t.Entries))
	for _, e := range t.Entries {
		out = append(out, Entry{Name: e.Name, Hash: e.Hash, Kind: kindOf(e.Mode)})
	}
	return out, nil
}

// ReadFile returns a regular file's content.
func (s *Snapshot) ReadFile(path string) ([]byte, error) {
	e, err := s.tree.FindEntry(path)
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", path, s.Commit.String()[:12], ErrNotFound)
	}
	if k := kindOf(e.Mode); k != KindFile {
		return nil, fmt.Errorf("%s at %s is a %s, not a file", path, s.Commit.String()[:12], k)
	}
	// Whoever can push can commit a huge settings file: it is refused by
	// its size, before it is read.
	l, err := envLimits()
	if err != nil {
		return nil, err
	}
	data, err := s.repo.ReadBlob(e.Hash, l.maxBlob)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s at %s: %w (the limit is set by %s)", path, s.Commit.String()[:12], err, EnvMaxBlob)
	}
	return data, err
}

// ErrTooLarge means a blob is over the size a caller would read.
var ErrTooLarge = errors.New("file too large")

// ReadBlob returns a blob's content. With max ≥ 0, a blob larger than max
// bytes is not read and ErrTooLarge is returned.
func (r *Repo) ReadBlob(h Hash, max int64) ([]byte, error) {
	obj, err := r.encodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	if max >= 0 && obj.Size() > max {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, obj.Size(), max)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	buf := bytes.NewBuffer(make([]byte, 0, obj.Size()))
	if _, err := buf.ReadFrom(rd); err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	return buf.Bytes(), nil
}

// BlobHash is the Git blob id of data.
func BlobHash(data []byte) Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, data)
}

// WorktreeFile reads a file of the working tree.
func (r *Repo) WorktreeFile(path string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(path)))
	if err != nil {
		return nil, err
	}
	return r.fromWorktree(path, data, r.indexHasCRLF(path)), nil
}

// IsMissingObject reports whether an error is for an object the
// repository does not have (ErrMissingObject), as in a partial clone (git
// clone --filter=blob:none), which holds the history but not every version
// of every file.
func IsMissingObject(err error) bool {
	return errors.Is(err, ErrMissingObject) || errors.Is(err, plumbing.ErrObjectNotFound)
}
