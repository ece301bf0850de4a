package gitstore

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/config"
)

// git guards each file it rewrites (the index, each ref, the config) with
// a lock file beside it, <file>.lock, created only if it does not exist and
// removed when the file has its new content. skillmap takes the same locks,
// so it and a git command running at the same time never write one file
// at once: whoever comes second waits a little, then gives up and changes
// nothing. skillmap's own lock (lock.go) still keeps two skillmap
// processes apart over a whole command.

// gitLockWait is how long skillmap waits for a git command to release one
// of git's locks: git holds them for milliseconds, unless it is stuck or
// was killed and left the lock behind.
var gitLockWait = 2 * time.Second

// ErrGitLocked means git (or something that honours its locks) is changing
// a file of the repository; the error's text is git's own advice.
var ErrGitLocked = errors.New("another git process seems to be running in this repository")

// lockFile is a held <file>.lock.
type lockFile struct {
	target string
	name   string // target + ".lock"
	done   bool   // committed or released
}

// lockMark starts what a lock file skillmap holds says, followed by the
// Git folder of the worktree it works in. git writes a lock's new content
// into the lock itself and renames it into place; skillmap leaves its mark
// there instead and puts the content in place from a file of its own, so
// that a lock a killed skillmap left behind can be told from git's: git's
// never holds these words. Only a skillmap holding that worktree's own
// lock (Repo.lock) takes git's locks, so a lock marked with the worktree
// of the skillmap that finds it is never a live one's. (One marked by
// another linked worktree's skillmap may be, and is left alone.)
const lockMark = "skillmap-lock "

// lockGitFile takes git's lock on target, waiting up to gitLockWait. The
// caller holds the lock of the worktree whose Git folder is owner
// (Repo.lock).
func lockGitFile(target, owner string) (*lockFile, error) {
	name := target + ".lock"
	deadline := time.Now().Add(gitLockWait)
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.WriteString(lockMark + owner + "\n")
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(name)
				return nil, fmt.Errorf("lock %s: %w", target, err)
			}
			return &lockFile{target: target, name: name}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", target, err)
		}
		if leftOver(name, owner) {
			os.Remove(name)
			continue
		}
		if time.Now().After(deadline) {
			// git's own words, so that what people find when they search
			// for them applies.
			return nil, fmt.Errorf("unable to create '%s': file exists: %w, e.g. an editor running git in the background; "+
				"wait for it to finish and try again. If no git command is running (one may have been killed), "+
				"remove the file and try again; nothing was changed", name, ErrGitLocked)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leftOver says whether a lock file is one a killed skillmap working in
// owner left.
func leftOver(name, owner string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	want := lockMark + owner + "\n"
	buf := make([]byte, len(want)+1)
	n, _ := io.ReadFull(f, buf)
	return string(buf[:n]) == want
}

// commit puts data in place as the file's new content, synced to disk,
// and releases the lock. The file beside that is renamed over the target
// is named so that git never takes it for a ref (a leading dot, and .lock).
func (l *lockFile) commit(data []byte, mode fs.FileMode) error {
	defer l.release()
	dir, base := filepath.Split(l.target)
	return writeAndRename(dir, "."+base+".skillmap-*.lock", l.target, mode, true, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// release gives the lock up; after the first call it does nothing (the
// lock's name may be someone else's by then).
func (l *lockFile) release() {
	if l == nil || l.done {
		return
	}
	l.done = true
	os.Remove(l.name)
}

// writeConfig replaces the repository's configuration under git's
// config.lock, as git config does (go-git rewrites it in place).
func (r *Repo) writeConfig(cfg *config.Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	data, err := cfg.Marshal()
	if err != nil {
		return err
	}
	lock, err := lockGitFile(filepath.Join(r.commonDir(), "config"), r.gitDir())
	if err != nil {
		return err
	}
	defer lock.release()
	return lock.commit(data, 0o644)
}
