//go:build windows

package gitstore

import (
	"os"
	"path/filepath"
)

// systemConfigFiles are where Git for Windows keeps the system-wide
// configuration: its installer writes core.autocrlf=true there.
func systemConfigFiles() []string {
	var files []string
	if pd := os.Getenv("PROGRAMDATA"); pd != "" {
		files = append(files, filepath.Join(pd, "Git", "config"))
	}
	for _, env := range []string{"ProgramW6432", "ProgramFiles", "ProgramFiles(x86)"} {
		if pf := os.Getenv(env); pf != "" {
			files = append(files, filepath.Join(pf, "Git", "etc", "gitconfig"))
		}
	}
	return files
}
