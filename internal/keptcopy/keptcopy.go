// Package keptcopy names the files a sync writes beside a working-copy
// file that changed on both sides: the remote's version, as
// <name>.remote<ext>, or .remote-2 and so on when that name is taken. It
// is the one place that knows the form, for gitstore, which writes them,
// and survey, which must never read one as a response.
package keptcopy

import (
	"fmt"
	"path"
	"strings"
)

const marker = ".remote"

// Name is the n-th candidate name (n from 1) for the remote's version of
// the slash-separated path p.
func Name(p string, n int) string {
	dir, base := path.Split(p)
	ext := path.Ext(base)
	if ext == base {
		ext = ""
	}
	stem := strings.TrimSuffix(base, ext)
	suffix := marker
	if n > 1 {
		suffix = fmt.Sprintf("%s-%d", marker, n)
	}
	return dir + stem + suffix + ext
}

// Is reports whether a file name (without folder) looks like one Name
// makes: its name before the extension holds ".remote".
func Is(name string) bool {
	return strings.Contains(strings.TrimSuffix(name, path.Ext(name)), marker)
}
