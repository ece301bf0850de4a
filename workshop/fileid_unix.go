//go:build unix

package workshop

import (
	"fmt"
	"os"
	"syscall"
)

// fileID is the device and inode of a file, which change when it is
// replaced even by one of the same size and time.
func fileID(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
	}
	return ""
}
