//go:build unix

package gitstore

import (
	"os"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// setStatData records in an index entry the stat data git compares to tell
// an unchanged file without reading it: change time, device, inode, owner.
func setStatData(e *index.Entry, fi os.FileInfo) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	e.CreatedAt = time.Unix(ctime(st))
	e.Dev, e.Inode = uint32(st.Dev), uint32(st.Ino)
	e.UID, e.GID = st.Uid, st.Gid
}

// sameInode says whether fi is still the file an index entry was made
// from: a file replaced by another of the same size and time is not.
func sameInode(e *index.Entry, fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || (e.Inode == uint32(st.Ino) && e.Dev == uint32(st.Dev))
}
