//go:build darwin || ios || freebsd || netbsd

package gitstore

import "syscall"

// The BSDs, macOS among them, name the change time Ctimespec.
func ctime(st *syscall.Stat_t) (sec, nsec int64) { return st.Ctimespec.Unix() }
