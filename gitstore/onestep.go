package gitstore

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// go-git rewrites the index and ref files in place, so a process killed
// halfway could leave them empty or cut short. skillmap writes them beside
// the old ones and renames them over, as git does.

// replaceFile puts data at name in one step (a file beside it, renamed
// over it), so that a killed process leaves the old content or the new.
// Unlike WriteFileAtomic it does not wait for the disk: a checkout of
// thousands of files would take seconds more, and git does not either.
func replaceFile(name string, data []byte, mode fs.FileMode) error {
	return writeAndRename(filepath.Dir(name), ".skillmap-*.tmp", name, mode, false, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAndRename writes a file beside (in tmpDir, named after pattern) and
// renames it over name, so that a process killed halfway leaves the old
// content or the new. With sync it waits for the disk first.
func writeAndRename(tmpDir, pattern, name string, mode fs.FileMode, sync bool, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(tmpDir, pattern)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if sync {
		if err := tmp.Sync(); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return renameOver(tmp.Name(), name)
}

// commonDir is where the repository keeps what all its worktrees share
// (refs, objects): .git itself, or the main .git of a linked worktree.
func (r *Repo) commonDir() string {
	dir := r.gitDir()
	if data, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		c := strings.TrimSpace(string(data))
		if !filepath.IsAbs(c) {
			c = filepath.Join(dir, c)
		}
		return filepath.Clean(c)
	}
	return dir
}

// refHash returns what a reference points at, zero if it does not exist.
func (r *Repo) refHash(name plumbing.ReferenceName) (plumbing.Hash, error) {
	ref, err := r.git.Storer.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("read %s: %w", name, err)
	}
	return ref.Hash(), nil
}

// errRefMoved means a reference no longer pointed where it was expected.
var errRefMoved = errors.New("changed by another program meanwhile")

// setRef points a reference at a commit in one step (a file written
// beside it, then renamed over it), if it still points at old: go-git
// truncates and rewrites ref files in place. An old of ZeroHash skips the
// check for refs that only skillmap moves.
func (r *Repo) setRef(name plumbing.ReferenceName, old, h plumbing.Hash) error {
	return r.writeRef(name, old, h, true)
}

func (r *Repo) writeRef(name plumbing.ReferenceName, old, h plumbing.Hash, check bool) error {
	common := r.commonDir()
	file := filepath.Join(common, filepath.FromSlash(name.String()))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	// Under git's own <ref>.lock, as git updates a ref: the check and the
	// write are one step for git as well as for skillmap.
	lock, err := lockGitFile(file, r.gitDir())
	if err != nil {
		return fmt.Errorf("update %s: %w", name.Short(), err)
	}
	defer lock.release()
	if check {
		cur, err := r.refHash(name)
		if err != nil {
			return err
		}
		if cur != old {
			return fmt.Errorf("update %s: %w (it is at %s, expected %s)", name.Short(), errRefMoved, short(cur), short(old))
		}
	}
	return lock.commit([]byte(h.String()+"\n"), 0o644)
}

func short(h plumbing.Hash) string {
	if h.IsZero() {
		return "nothing"
	}
	return h.String()[:7]
}
