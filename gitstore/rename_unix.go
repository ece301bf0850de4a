//go:build !windows

package gitstore

import "os"

// renameOver puts the file old at new, replacing new in one step.
func renameOver(old, new string) error { return os.Rename(old, new) }
