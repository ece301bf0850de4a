//go:build !unix

package workshop

import "os"

// fileID is empty where os.Stat gives no inode (Windows): the path, size
// and modification time in buildID still change when skillmap is replaced.
func fileID(os.FileInfo) string { return "" }
