package main

import (
	"strings"
	"testing"
)

func TestDirFromURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://git.example.org/pm/pm-skills.git":  "pm-skills",
		"https://git.example.org/pm/pm-skills.git/": "pm-skills",
		"git@git.example.org:pm/pm-skills.git":      "pm-skills",
		"git@git.example.org:pm-skills.git":         "pm-skills",
		"ssh://git@host:2222/srv/ws":                "ws",
		"/srv/git/ws.git":                           "ws",
		"file:///srv/git/ws.git":                    "ws",
		"../shared":                                 "shared",
		"https://host/":                             "host",
		"/":                                         "workshop",
		"..":                                        "workshop",
		".git":                                      "workshop",
	} {
		if got := dirFromURL(in); got != want {
			t.Errorf("dirFromURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDirFromURL: whatever the URL, the folder a join clones into is one
// plain name in the current folder.
func FuzzDirFromURL(f *testing.F) {
	for _, s := range []string{"https://h/a/b.git", "git@h:x.git", "/a/b", "..", "a/../..", "x:/..", "file:///"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, url string) {
		d := dirFromURL(url)
		if d == "" || d == "." || d == ".." || strings.ContainsAny(d, "/\\") {
			t.Errorf("dirFromURL(%q) = %q", url, d)
		}
	})
}
