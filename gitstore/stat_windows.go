//go:build windows

package gitstore

import (
	"os"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// setStatData records in an index entry what Git for Windows compares: it
// takes the creation time for the change time and has no device, inode or
// owner (it leaves them zero).
func setStatData(e *index.Entry, fi os.FileInfo) {
	d, ok := fi.Sys().(*syscall.Win32FileAttributeData)
	if !ok {
		return
	}
	e.CreatedAt = time.Unix(0, d.CreationTime.Nanoseconds())
	e.Dev, e.Inode, e.UID, e.GID = 0, 0, 0, 0
}

// sameInode is always true: Windows gives no inode through os.Stat, and
// size and modification time are what git compares there too.
func sameInode(*index.Entry, os.FileInfo) bool { return true }
