//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// ansiTerminal says whether f is a console that takes the escape codes the
// progress bar redraws itself with. Windows consoles take them only once
// asked to (Windows 10 and later); an older one would print them as text,
// so it gets no bar.
func ansiTerminal(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false // not a console: a pipe or a file
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
