//go:build windows

package gitstore

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// renameOver puts the file old at new, replacing new in one step. Windows
// refuses to replace a file that another program holds open without
// sharing delete access (an editor, a virus scanner, a search indexer,
// git itself reading the index): such holds are brief, so it tries again
// for a while, as Git for Windows does, before giving up with a message
// that says what to do.
func renameOver(old, new string) error {
	delay := time.Millisecond
	deadline := time.Now().Add(renameWait)
	for {
		err := os.Rename(old, new)
		if err == nil || !busy(err) {
			return err
		}
		if time.Now().After(deadline) {
			return &os.LinkError{Op: "replace", Old: old, New: new,
				Err: errors.New("another program keeps the file open (close it, or pause the program that holds it, and try again)")}
		}
		time.Sleep(delay)
		if delay < 100*time.Millisecond {
			delay *= 2
		}
	}
}

// renameWait is how long renameOver keeps trying.
const renameWait = 5 * time.Second

// busy says whether a failed rename failed only because the file was held
// open by someone.
func busy(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
