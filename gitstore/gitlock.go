package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/config"
)

// git guards each file it rewrites (the index, each ref) with a lock file
// beside it, <file>.lock, created only if it does not exist, written, and
// renamed over the file. skillmap does the same with the same names, so it
// and a git command running at the same time never write one file at
// once: whoever comes second waits a little, then gives up and changes
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
	f      *os.File
	done   bool // committed or released
}

// lockGitFile takes git's lock on target, waiting up to gitLockWait.
func lockGitFile(target string) (*lockFile, error) {
	lock := target + ".lock"
	deadline := time.Now().Add(gitLockWait)
	for {
		f, err := os.OpenFile(lock, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return &lockFile{target: target, f: f}, nil
		}
		if !errors.Is(err, fs.ErrExist) || time.Now().After(deadline) {
			if errors.Is(err, fs.ErrExist) {
				// git's own words, so that what people find when they search
				// for them applies.
				return nil, fmt.Errorf("unable to create '%s': file exists: %w, e.g. an editor running git in the background; "+
					"wait for it to finish and try again. If no git command is running (one may have been killed), "+
					"remove the file and try again; nothing was changed", lock, ErrGitLocked)
			}
			return nil, fmt.Errorf("lock %s: %w", target, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// commit writes data as the file's new content, waits for the disk and
// renames the lock over the file, releasing the lock.
func (l *lockFile) commit(data []byte, mode fs.FileMode) error {
	l.done = true
	_, err := l.f.Write(data)
	if err == nil {
		err = l.f.Sync()
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(l.f.Name(), mode)
	}
	if err == nil {
		err = os.Rename(l.f.Name(), l.target)
	}
	if err != nil {
		os.Remove(l.f.Name())
	}
	return err
}

// release gives the lock up without changing the file; after commit it
// does nothing (the lock's name may be someone else's by then).
func (l *lockFile) release() {
	if l == nil || l.done {
		return
	}
	l.done = true
	l.f.Close()
	os.Remove(l.f.Name())
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
	lock, err := lockGitFile(filepath.Join(r.commonDir(), "config"))
	if err != nil {
		return err
	}
	defer lock.release()
	return lock.commit(data, 0o644)
}
