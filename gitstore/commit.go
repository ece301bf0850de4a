package gitstore

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Signature is who wrote a commit, and when.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// File is a file to commit: a slash-separated path in the working tree and
// its content.
type File struct {
	Path string
	Data []byte
}

// ErrNoChanges means a commit would not change anything.
var ErrNoChanges = errors.New("nothing to commit: the files are as already committed")

// Commit writes files into the working tree and commits exactly those files
// on the current branch, as author, leaving everything else (other files'
// changes, anything staged) alone, like "git commit -- paths". It touches
// only the index entries of those files, so it stays fast in a repository
// of thousands of files, and "git status" is clean for them afterwards.
func (r *Repo) Commit(files []File, author Signature, msg string) (Hash, error) {
	unlock, err := r.lock()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer unlock()
	if len(files) >= bulkFiles {
		return r.commitBulk(files, author, msg)
	}
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return plumbing.ZeroHash, err
		}
		// The working tree gets what git would check out for the blob
		// (CRLF with core.autocrlf=true), so git sees it unchanged.
		if err := WriteFileAtomic(filepath.Join(r.root, filepath.FromSlash(f.Path)), r.toWorktree(f.Path, f.Data)); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return r.commitLocked(files, nil, author, author, msg)
}

// CommitRemoving is Commit that also removes files, from the working tree,
// the index and the commit's tree, in the same commit: a file moved is one
// commit, not an add and a delete that a reader of the history could find
// half done. A folder left empty goes too, as Git has no empty folders.
func (r *Repo) CommitRemoving(files []File, remove []string, author Signature, msg string) (Hash, error) {
	unlock, err := r.lock()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer unlock()
	for _, p := range remove {
		if err := checkPath(p); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return plumbing.ZeroHash, err
		}
		if err := WriteFileAtomic(filepath.Join(r.root, filepath.FromSlash(f.Path)), r.toWorktree(f.Path, f.Data)); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	h, err := r.commitLocked(files, remove, author, author, msg)
	if err != nil {
		return h, err
	}
	for _, p := range remove {
		if err := os.Remove(filepath.Join(r.root, filepath.FromSlash(p))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return h, fmt.Errorf("committed %s, but could not remove %s: %w", h, p, err)
		}
	}
	return h, nil
}

// bulkFiles is how many files make Commit write one packfile rather than
// a loose object per file and tree.
const bulkFiles = 64

// commitBulk is Commit for many files, as a batch of one commit; the
// caller holds the lock.
func (r *Repo) commitBulk(files []File, author Signature, msg string) (Hash, error) {
	b, err := r.newBatch()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := b.Commit(files, author, msg)
	if err != nil {
		b.Abort()
		return plumbing.ZeroHash, err
	}
	return h, b.Finish()
}

// CommitWorktree commits paths as they are in the working tree, as author.
func (r *Repo) CommitWorktree(paths []string, author Signature, msg string) (Hash, error) {
	return r.CommitWorktreeAs(paths, author, author, msg)
}

// CommitWorktreeAs is CommitWorktree with a committer other than the
// author: someone committing on another's behalf, which the history then
// says.
func (r *Repo) CommitWorktreeAs(paths []string, author, committer Signature, msg string) (Hash, error) {
	unlock, err := r.lock()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer unlock()
	files := make([]File, len(paths))
	for i, p := range paths {
		if err := checkPath(p); err != nil {
			return plumbing.ZeroHash, err
		}
		data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(p)))
		if err != nil {
			return plumbing.ZeroHash, err
		}
		// What "git add" would store: LF for a CRLF file when git
		// converts line endings.
		files[i] = File{Path: p, Data: r.fromWorktree(p, data, r.indexHasCRLF(p))}
	}
	return r.commitLocked(files, nil, author, committer, msg)
}

func (r *Repo) commitLocked(files []File, remove []string, author, committer Signature, msg string) (Hash, error) {
	// git's index.lock first: if a git command holds it, nothing is
	// committed.
	idx, lock, err := r.lockIndex()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer lock.release()
	branch, parent, err := r.headState()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var base *object.Tree
	var parents []plumbing.Hash
	if !parent.IsZero() {
		c, err := r.git.CommitObject(parent)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read HEAD commit: %w", err)
		}
		if base, err = c.Tree(); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read HEAD tree: %w", err)
		}
		parents = []plumbing.Hash{parent}
	}
	blobs := make(map[string]plumbing.Hash, len(files))
	for _, f := range files {
		h, err := r.writeObject(plumbing.BlobObject, f.Data)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		blobs[f.Path] = h
	}
	for _, p := range remove {
		blobs[p] = plumbing.ZeroHash // buildTree leaves it out
	}
	tree, err := r.buildTree(base, blobs)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if base != nil && tree == base.Hash {
		return plumbing.ZeroHash, ErrNoChanges
	}
	if author.When.IsZero() {
		author.When = time.Now()
	}
	if committer.When.IsZero() {
		committer.When = author.When
	}
	commit := &object.Commit{
		Author:       object.Signature{Name: author.Name, Email: author.Email, When: author.When},
		Committer:    object.Signature{Name: committer.Name, Email: committer.Email, When: committer.When},
		Message:      strings.TrimRight(msg, "\n") + "\n",
		TreeHash:     tree,
		ParentHashes: parents,
	}
	obj := r.git.Storer.NewEncodedObject()
	if err := commit.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	hash, err := r.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write commit: %w", err)
	}
	// Written in one step (go-git rewrites ref files in place, which a
	// killed process could leave empty), if the branch is still at parent.
	if err := r.setRef(branch, parent, hash); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("update %s: %w", branch.Short(), err)
	}
	for _, p := range remove {
		if _, err := idx.Remove(p); err != nil && !errors.Is(err, index.ErrEntryNotFound) {
			return hash, fmt.Errorf("committed %s, but could not update the index (run \"git reset\" to repair it): %w", hash, err)
		}
	}
	if err := r.stage(lock, idx, files, blobs); err != nil {
		return hash, fmt.Errorf("committed %s, but could not update the index (run \"git reset\" to repair it): %w", hash, err)
	}
	return hash, nil
}

// headState returns the branch HEAD points at and its commit (zero when
// the branch has no commits yet).
func (r *Repo) headState() (plumbing.ReferenceName, plumbing.Hash, error) {
	head, err := r.git.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("read HEAD: %w", err)
	}
	if head.Type() != plumbing.SymbolicReference {
		return "", plumbing.ZeroHash, errors.New("HEAD is detached: check out the workshop's branch first (git switch main)")
	}
	branch := head.Target()
	ref, err := r.git.Storer.Reference(branch)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return branch, plumbing.ZeroHash, nil
	}
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("read %s: %w", branch, err)
	}
	return branch, ref.Hash(), nil
}

func (r *Repo) writeObject(t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	h := plumbing.ComputeHash(t, data)
	if r.git.Storer.HasEncodedObject(h) == nil {
		return h, nil
	}
	obj := r.git.Storer.NewEncodedObject()
	obj.SetType(t)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

// buildTree writes the tree of base with the given files replaced or added,
// rewriting only the trees on their paths.
func (r *Repo) buildTree(base *object.Tree, blobs map[string]plumbing.Hash) (plumbing.Hash, error) {
	entries := map[string]object.TreeEntry{}
	if base != nil {
		for _, e := range base.Entries {
			entries[e.Name] = e
		}
	}
	sub := map[string]map[string]plumbing.Hash{}
	for p, h := range blobs {
		dir, rest, nested := strings.Cut(p, "/")
		if !nested {
			if h.IsZero() {
				delete(entries, p) // removed
				continue
			}
			entries[p] = object.TreeEntry{Name: p, Mode: filemode.Regular, Hash: h}
			continue
		}
		if sub[dir] == nil {
			sub[dir] = map[string]plumbing.Hash{}
		}
		sub[dir][rest] = h
	}
	for dir, files := range sub {
		var subBase *object.Tree
		if e, ok := entries[dir]; ok && e.Mode == filemode.Dir {
			t, err := object.GetTree(r.git.Storer, e.Hash)
			if err != nil {
				return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", dir, err)
			}
			subBase = t
		}
		h, err := r.buildTree(subBase, files)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if h == emptyTree {
			delete(entries, dir) // every file of it removed
			continue
		}
		entries[dir] = object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: h}
	}
	t := &object.Tree{Entries: make([]object.TreeEntry, 0, len(entries))}
	for _, e := range entries {
		t.Entries = append(t.Entries, e)
	}
	sort.Sort(object.TreeEntrySorter(t.Entries))
	obj := r.git.Storer.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

// emptyTree is the id of the tree with nothing in it.
var emptyTree = plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")

// stage records the committed files in the index with their stat data, so
// that git (and go-git) see them as unchanged without rehashing. idx was
// read under lock, which lockIndex took.
func (r *Repo) stage(lock *lockFile, idx *index.Index, files []File, blobs map[string]plumbing.Hash) error {
	// idx.Entry searches the whole index for each path: with thousands of
	// files, look them up by name once instead.
	var byPath map[string]*index.Entry
	if len(files) > 8 {
		byPath = make(map[string]*index.Entry, len(idx.Entries))
		for _, e := range idx.Entries {
			if e.Stage == 0 {
				byPath[e.Name] = e
			}
		}
	}
	for _, f := range files {
		fi, err := os.Lstat(filepath.Join(r.root, filepath.FromSlash(f.Path)))
		if err != nil {
			return err
		}
		var e *index.Entry
		if byPath != nil {
			if e = byPath[f.Path]; e == nil {
				e = idx.Add(f.Path)
			}
		} else if e, err = idx.Entry(f.Path); errors.Is(err, index.ErrEntryNotFound) {
			e = idx.Add(f.Path)
		} else if err != nil {
			return err
		}
		e.Hash = blobs[f.Path]
		e.Mode = filemode.Regular
		e.Size = uint32(fi.Size())
		e.ModifiedAt = fi.ModTime()
		e.Stage = 0 // normal entry (go-git's index.Merged is 1, which git reads as a conflict)
		setStatData(e, fi)
	}
	return r.writeIndex(lock, idx) // in one step, as go-git's SetIndex is not
}

// checkPath refuses paths that could escape the working tree or that Git
// would reject.
func checkPath(p string) error {
	if p == "" || path.Clean(p) != p || path.IsAbs(p) || strings.HasPrefix(p, "../") || p == ".." ||
		strings.Contains(p, "\\") || strings.HasPrefix(p, ".git/") || p == ".git" {
		return fmt.Errorf("refusing to write %q: not a plain path inside the workshop", p)
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("refusing to write %q: control character in path", p)
		}
	}
	return nil
}

// WriteFileAtomic replaces a file in one step, so that a crash leaves the
// old content or the new, never half of each, and a reader never sees half
// a file.
func WriteFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return writeAndRename(filepath.Dir(name), ".skillmap-*.tmp", name, 0o644, true, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
