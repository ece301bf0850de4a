package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockWait is how long a writer waits for another skillmap process on the
// same repository before giving up.
const lockWait = 30 * time.Second

// lock takes an exclusive lock on the repository for one write. go-git
// rewrites the index in place and honours no index.lock, so two writers
// could lose commits; the lock is one the operating system releases when
// its process dies (flock on Unix, LockFileEx on Windows), so a killed
// skillmap never leaves a stale lock behind.
func (r *Repo) lock() (unlock func(), err error) {
	path := filepath.Join(r.gitDir(), "skillmap.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock repository: %w", err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		held, err := tryLockFile(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("lock repository (%s): %w", path, err)
		}
		if held {
			return func() {
				_ = unlockFile(f)
				_ = f.Close()
			}, nil
		}
		if time.Now().After(deadline) {
			_ = f.Close()
			return nil, fmt.Errorf("another skillmap process is writing to %s (waited %s): try again when it has finished", r.root, lockWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
