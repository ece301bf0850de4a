package gitstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/skillmap/skillmap/internal/keptcopy"
)

// This file moves a branch and its working copy from one commit to another
// without go-git's Checkout, Reset or Status, which scan and may rewrite the
// whole working tree: only the files that differ between the two commits
// are looked at, a file changed locally is never overwritten, and every
// step can be killed and finished by the next run.

// KeptFile is a file that changed both in the working copy and on the
// remote: the working copy's version is left where it was and the remote's
// is written beside it.
type KeptFile struct {
	Path       string // the file, as the participant left it
	RemoteCopy string // the remote's version, untracked; "" when the remote deleted the file
}

// worktreeUpdate is what moving the working copy did.
type worktreeUpdate struct {
	Updated []string   // files written or removed
	Kept    []KeptFile // local changes left alone
	Skipped []string   // paths not safe to write (.git, .., links on the way)
}

// journal records a move in progress, so that a killed sync is finished by
// the next one instead of leaving the branch and the files out of step.
type journal struct {
	Branch string   `json:"branch"`
	From   string   `json:"from"`
	To     string   `json:"to"`
	Keep   []string `json:"keep,omitempty"`
}

func (r *Repo) journalPath() string { return filepath.Join(r.gitDir(), "skillmap-move.json") }

// moveBranch moves branch from one commit to another and brings the
// working copy and the index along, file by file: a file is written only
// if it still holds the old commit's version (or is missing); otherwise it
// is kept and the new version is written beside it. Paths in keep are
// always handled that way. Crash-safe: the journal is written first, the
// files and index next, the branch last; a killed move is finished by
// recoverMove.
func (r *Repo) moveBranch(branch plumbing.ReferenceName, from, to plumbing.Hash, keep map[string]bool) (*worktreeUpdate, error) {
	if err := r.checkPresent(from, to); err != nil {
		return nil, err
	}
	j := journal{Branch: branch.String(), From: from.String(), To: to.String()}
	for p := range keep {
		j.Keep = append(j.Keep, p)
	}
	sort.Strings(j.Keep)
	data, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	if err := WriteFileAtomic(r.journalPath(), data); err != nil {
		return nil, fmt.Errorf("record the update: %w", err)
	}
	u, err := r.updateWorktree(from, to, keep)
	if err != nil {
		return nil, err
	}
	Checkpoint("before-ref")
	if err := r.setRef(branch, from, to); err != nil {
		return nil, err
	}
	if err := os.Remove(r.journalPath()); err != nil {
		return nil, err
	}
	return u, nil
}

// recoverMove finishes a move that a killed skillmap left half done. It
// returns nil when there was none.
func (r *Repo) recoverMove() (*worktreeUpdate, error) {
	data, err := os.ReadFile(r.journalPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		// A journal is written in one step; an unreadable one was never
		// acted upon.
		return nil, os.Remove(r.journalPath())
	}
	branch := plumbing.ReferenceName(j.Branch)
	from, to := plumbing.NewHash(j.From), plumbing.NewHash(j.To)
	cur, err := r.refHash(branch)
	if err != nil {
		return nil, err
	}
	if cur != from && cur != to {
		// Someone moved the branch with git since: what the journal says
		// no longer applies, and the files are theirs to sort out.
		return nil, os.Remove(r.journalPath())
	}
	keep := map[string]bool{}
	for _, p := range j.Keep {
		keep[p] = true
	}
	u, err := r.updateWorktree(from, to, keep)
	if err != nil {
		return nil, err
	}
	if cur == from {
		if err := r.setRef(branch, from, to); err != nil {
			return nil, err
		}
	}
	return u, os.Remove(r.journalPath())
}

// updateWorktree brings the files and index entries that differ between
// two commits from the first to the second.
func (r *Repo) updateWorktree(from, to plumbing.Hash, keep map[string]bool) (*worktreeUpdate, error) {
	fromTree, err := r.treeOf(from)
	if err != nil {
		return nil, err
	}
	toTree, err := r.treeOf(to)
	if err != nil {
		return nil, err
	}
	changes := map[string]change{}
	if err := r.diffTrees(fromTree, toTree, "", changes); err != nil {
		return nil, err
	}
	// Under git's index.lock from here, as git checkout is, so that no git
	// command changes the index while the files are written.
	idx, lock, err := r.lockIndex()
	if err != nil {
		return nil, fmt.Errorf("update the index: %w", err)
	}
	defer lock.release()
	st := newStager(idx)
	paths := make([]string, 0, len(changes))
	for p := range changes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	u := &worktreeUpdate{}
	for _, p := range paths {
		c := changes[p]
		if !safeTreePath(p) {
			u.Skipped = append(u.Skipped, p)
			continue
		}
		full := filepath.Join(r.root, filepath.FromSlash(p))
		cur, isDir, err := r.worktreeState(p, full, st)
		if err != nil {
			return nil, err
		}
		localChange := !keep[p] && !isDir && !cur.absent() && !cur.same(c.From) && !cur.same(c.To)
		submodule := c.From.Mode == filemode.Submodule || c.To.Mode == filemode.Submodule
		switch {
		case submodule:
			// Only the commit a submodule is at is in this repository:
			// git leaves an empty folder for it, and so does skillmap.
			if !c.To.absent() && !isDir {
				if err := makeParents(r.root, full); err == nil {
					_ = os.MkdirAll(full, 0o755)
				}
			}
			st.set(p, c.To, nil)
			continue
		case keep[p] || isDir || localChange || parentsBlocked(r.root, p) != nil:
			k, err := r.keepBoth(p, c.To, toTree)
			if err != nil {
				return nil, err
			}
			u.Kept = append(u.Kept, k)
			st.set(p, c.To, nil)
			continue
		case cur.same(c.To) && !cur.absent():
			// Already there (a killed run wrote it, or the same edit
			// was made here): only the index needs it.
			if c.To.Mode == filemode.Executable || cur.Mode == filemode.Executable {
				if err := setExecutable(full, c.To.Mode == filemode.Executable); err != nil {
					return nil, err
				}
			}
		default:
			if err := r.writeEntry(p, full, c.To); err != nil {
				return nil, fmt.Errorf("update %s: %w", p, err)
			}
			u.Updated = append(u.Updated, p)
		}
		var fi os.FileInfo
		if !c.To.absent() {
			if fi, err = os.Lstat(full); err != nil {
				return nil, err
			}
		}
		st.set(p, c.To, fi)
	}
	Checkpoint("before-index")
	if err := r.writeIndex(lock, st.index()); err != nil {
		return nil, fmt.Errorf("write the index: %w", err)
	}
	return u, nil
}

// worktreeState hashes what the working tree holds at a path: a file's or
// link's blob id, or zero if nothing is there. isDir is set when a folder
// stands there.
func (r *Repo) worktreeState(p, full string, st *stager) (e fileEntry, isDir bool, err error) {
	fi, err := os.Lstat(full)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) /* a file on the way, on Unix */ {
		return fileEntry{}, false, nil
	}
	if err != nil {
		return fileEntry{}, false, err
	}
	switch {
	case fi.IsDir():
		return fileEntry{}, true, nil
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(full)
		if err != nil {
			return fileEntry{}, false, err
		}
		return fileEntry{BlobHash([]byte(target)), filemode.Symlink}, false, nil
	case fi.Mode().IsRegular():
		data, err := os.ReadFile(full)
		if err != nil {
			return fileEntry{}, false, err
		}
		// As git add would store it, so that a file checked out with
		// CRLF counts as unchanged.
		data = r.fromWorktree(p, data, st.hasCRLF(r, p))
		mode := filemode.Regular
		if fi.Mode()&0o111 != 0 {
			mode = filemode.Executable
		}
		return fileEntry{BlobHash(data), mode}, false, nil
	}
	// A device, socket or pipe: never treated as ours to replace.
	return fileEntry{plumbing.NewHash("ffffffffffffffffffffffffffffffffffffffff"), filemode.Regular}, false, nil
}

// writeEntry makes the working tree hold e at full (removing the file when
// e is absent).
func (r *Repo) writeEntry(p, full string, e fileEntry) error {
	if e.absent() {
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(r.root, filepath.Dir(full))
		return nil
	}
	if err := makeParents(r.root, full); err != nil {
		return err
	}
	if e.Mode == filemode.Symlink {
		target, err := r.ReadBlob(e.Hash, -1)
		if err != nil {
			return err
		}
		tmp := filepath.Join(filepath.Dir(full), fmt.Sprintf(".skillmap-%d.link", time.Now().UnixNano()))
		if err := os.Symlink(string(target), tmp); err != nil {
			// Windows lets only administrators and developer mode make
			// links: write the link's text as a file, as Git for Windows
			// does (core.symlinks=false), rather than fail the whole sync
			// over a link someone pushed.
			return replaceFile(full, target, 0o644)
		}
		return renameOver(tmp, full)
	}
	data, err := r.ReadBlob(e.Hash, -1)
	if err != nil {
		return err
	}
	data = r.toWorktree(p, data)
	mode := fs.FileMode(0o644)
	if e.Mode == filemode.Executable {
		mode = 0o755
	}
	return replaceFile(full, data, mode)
}

func setExecutable(full string, on bool) error {
	mode := fs.FileMode(0o644)
	if on {
		mode = 0o755
	}
	return os.Chmod(full, mode)
}

// keepBoth leaves the working copy's file alone and writes the version e
// beside it, as <name>.remote<ext> (or .remote-2 and so on if that name
// is taken by a file of the tree).
func (r *Repo) keepBoth(p string, e fileEntry, tree plumbing.Hash) (KeptFile, error) {
	k := KeptFile{Path: p}
	if e.absent() || e.Mode == filemode.Submodule {
		return k, nil
	}
	data, err := r.ReadBlob(e.Hash, -1)
	if err != nil {
		return k, err
	}
	for n := 1; ; n++ {
		cand := keptcopy.Name(p, n)
		if inTree, err := r.entryAt(tree, cand); err != nil {
			return k, err
		} else if !inTree.absent() {
			continue
		}
		full := filepath.Join(r.root, filepath.FromSlash(cand))
		if err := makeParents(r.root, full); err != nil {
			return k, nil // nowhere safe to put it; the version stays in the commit
		}
		if err := WriteFileAtomic(full, r.toWorktree(cand, data)); err != nil {
			return k, err
		}
		k.RemoteCopy = cand
		return k, nil
	}
}

// safeTreePath refuses paths from a tree that git itself would not check
// out: empty, . or .. components, and .git in any case.
func safeTreePath(p string) bool {
	if checkPath(p) != nil {
		return false
	}
	for _, c := range strings.Split(p, "/") {
		if c == "" || c == "." || c == ".." || strings.EqualFold(c, ".git") || !ntfsSafe(c) {
			return false
		}
	}
	return true
}

// ntfsSafe refuses the names git refuses by default on every system
// (core.protectNTFS), because Windows reads them as something else: a
// device (con, nul, com1..., whatever the extension), a stream (a:b),
// .git by its short name (git~1), or a name whose trailing dots and
// spaces Windows drops.
func ntfsSafe(c string) bool {
	if strings.ContainsAny(c, ":<>\"|?*") || strings.HasSuffix(c, ".") || strings.HasSuffix(c, " ") ||
		strings.EqualFold(c, "git~1") {
		return false
	}
	stem, _, _ := strings.Cut(strings.ToLower(c), ".")
	stem = strings.TrimRight(stem, " ")
	switch stem {
	case "con", "prn", "aux", "nul", "conin$", "conout$":
		return false
	}
	return !(len(stem) == 4 && (strings.HasPrefix(stem, "com") || strings.HasPrefix(stem, "lpt")) && stem[3] >= '1' && stem[3] <= '9')
}

// parentsBlocked says whether a folder on the way to p is a link (never
// followed) or a file.
func parentsBlocked(root, p string) error {
	dir := root
	parts := strings.Split(p, "/")
	for _, c := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, c)
		fi, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
	}
	return nil
}

// makeParents creates the folders on the way to full, refusing to go
// through a link.
func makeParents(root, full string) error {
	rel, err := filepath.Rel(root, full)
	if err != nil {
		return err
	}
	if err := parentsBlocked(root, filepath.ToSlash(rel)); err != nil {
		return err
	}
	return os.MkdirAll(filepath.Dir(full), 0o755)
}

func removeEmptyParents(root, dir string) {
	for dir != root && strings.HasPrefix(dir, root+string(filepath.Separator)) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

// stager changes index entries by path.
type stager struct {
	idx    *index.Index
	byName map[string][]*index.Entry
	drop   map[*index.Entry]bool
}

func newStager(idx *index.Index) *stager {
	s := &stager{idx: idx, byName: map[string][]*index.Entry{}, drop: map[*index.Entry]bool{}}
	for _, e := range idx.Entries {
		s.byName[e.Name] = append(s.byName[e.Name], e)
	}
	return s
}

// set makes the index hold e at p, with fi's stat data; without fi the
// entry gets none, so git compares the file's content instead of trusting
// the entry (the working copy holds something else there).
func (s *stager) set(p string, e fileEntry, fi os.FileInfo) {
	var keep *index.Entry
	for _, x := range s.byName[p] {
		if x.Stage == 0 && keep == nil && !e.absent() {
			keep = x
			continue
		}
		s.drop[x] = true
	}
	if e.absent() {
		return
	}
	if keep == nil {
		keep = &index.Entry{Name: p}
		s.idx.Entries = append(s.idx.Entries, keep)
		s.byName[p] = append(s.byName[p], keep)
	}
	*keep = index.Entry{Name: p, Hash: e.Hash, Mode: e.Mode}
	if e.Mode == filemode.Deprecated {
		keep.Mode = filemode.Regular
	}
	if fi == nil || e.Mode == filemode.Submodule {
		keep.ModifiedAt, keep.CreatedAt = time.Unix(0, 0), time.Unix(0, 0)
		return
	}
	keep.Size = uint32(fi.Size())
	keep.ModifiedAt = fi.ModTime()
	setStatData(keep, fi)
}

// hasCRLF returns a function that says whether the blob the index held
// for p before this update has CRLF in it.
func (s *stager) hasCRLF(r *Repo, p string) func() bool {
	return func() bool {
		for _, x := range s.byName[p] {
			if x.Stage == 0 && !s.drop[x] {
				data, err := r.ReadBlob(x.Hash, -1)
				return err == nil && bytes.Contains(data, []byte("\r\n"))
			}
		}
		return false
	}
}

func (s *stager) index() *index.Index {
	if len(s.drop) > 0 {
		kept := s.idx.Entries[:0]
		for _, e := range s.idx.Entries {
			if !s.drop[e] {
				kept = append(kept, e)
			}
		}
		s.idx.Entries = kept
	}
	return s.idx
}
