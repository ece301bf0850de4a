//go:build unix && !(darwin || ios || freebsd || netbsd)

package gitstore

import "syscall"

func ctime(st *syscall.Stat_t) (sec, nsec int64) { return st.Ctim.Unix() }
