//go:build !windows

package main

import (
	"os"

	"golang.org/x/term"
)

// ansiTerminal says whether f is a terminal that takes the escape codes
// the progress bar redraws itself with.
func ansiTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
