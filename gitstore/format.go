package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/config"
)

// Repositories come in shapes that go-git reads wrongly or not at all, and
// that skillmap would damage by writing as if they were plain: this file
// finds the repository's folders as git does and checks, before anything
// is read, that its format is one skillmap handles, refusing the others by
// name with what to do instead of failing later with a library's message.

// ErrUnsupported means the repository uses a Git feature skillmap cannot
// work with; the error's text names the feature and what to do.
var ErrUnsupported = errors.New("uses a Git feature skillmap does not support")

// unsupported is the error for a feature skillmap refuses.
type unsupported struct {
	dir, feature, fix string
}

func (e *unsupported) Error() string {
	return fmt.Sprintf("the Git repository at %s uses %s, which skillmap does not support: %s", e.dir, e.feature, e.fix)
}

func (e *unsupported) Unwrap() error { return ErrUnsupported }

// gitDirs are a repository's folders: where the worktree's own files are
// (HEAD, index), where what all worktrees share is (config, refs,
// objects), and the top of the working tree.
type gitDirs struct {
	git, common, root string
}

// findGitDirs looks for .git in dir and its parents, as git does, following
// a .git file (a linked worktree or a submodule) and commondir.
func findGitDirs(dir string) (gitDirs, error) {
	if isBareRepo(dir) {
		return gitDirs{}, fmt.Errorf("%s is a bare repository, which has no files to work on: clone it (skillmap join %s)", dir, dir)
	}
	for {
		dot := filepath.Join(dir, ".git")
		fi, err := os.Stat(dot)
		if err == nil {
			d := gitDirs{git: dot, root: dir}
			if !fi.IsDir() {
				data, err := os.ReadFile(dot)
				if err != nil {
					return d, err
				}
				target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
				if !ok {
					return d, fmt.Errorf("%s: not a gitdir file", dot)
				}
				target = strings.TrimSpace(target)
				if !filepath.IsAbs(target) {
					target = filepath.Join(dir, target)
				}
				d.git = filepath.Clean(target)
			}
			d.common = d.git
			if data, err := os.ReadFile(filepath.Join(d.git, "commondir")); err == nil {
				c := strings.TrimSpace(string(data))
				if !filepath.IsAbs(c) {
					c = filepath.Join(d.git, c)
				}
				d.common = filepath.Clean(c)
			}
			return d, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return gitDirs{}, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return gitDirs{}, ErrNotRepository
		}
		dir = parent
	}
}

// isBareRepo says whether dir looks like a Git folder of its own, as a
// bare repository is.
func isBareRepo(dir string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// knownExtensions are the extensions.* keys skillmap works with, and for
// each the values it accepts ("" for any).
var knownExtensions = map[string]func(v string) bool{
	"noop":            func(string) bool { return true },
	"preciousobjects": func(string) bool { return true }, // skillmap never deletes objects
	"partialclone":    func(string) bool { return true }, // read with ErrMissingObject for what is absent
	"objectformat":    func(v string) bool { return strings.EqualFold(v, "sha1") },
	"refstorage":      func(v string) bool { return strings.EqualFold(v, "files") },
	"worktreeconfig":  func(v string) bool { b, err := parseBool(v); return err == nil && !b },
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1", "":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	n, err := strconv.Atoi(v)
	return n != 0, err
}

// checkFormat refuses a repository whose format or configuration skillmap
// cannot honour: a newer repository format, an extension it does not know
// (by name), SHA-256 objects, reftable refs, per-worktree configuration and
// sparse checkout. It reads the configuration itself: go-git may not even
// open such a repository, or open it and misread it.
func checkFormat(d gitDirs) error {
	data, err := os.ReadFile(filepath.Join(d.common, "config"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // go-git says what is wrong
	}
	if err != nil {
		return err
	}
	cfg := config.NewConfig()
	if err := cfg.Unmarshal(data); err != nil {
		return fmt.Errorf("read %s: %w", filepath.Join(d.common, "config"), err)
	}
	core := cfg.Raw.Section("core")
	refuse := func(feature, fix string) error { return &unsupported{dir: d.root, feature: feature, fix: fix} }
	if v := core.Options.Get("repositoryformatversion"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > 1 {
			return refuse("repository format version "+v, "it was made by a newer Git than skillmap knows; use git itself, or a workshop cloned with the default settings")
		}
	}
	// Sparse checkout first: git sparse-checkout also turns on
	// per-worktree configuration, and puts its setting there.
	sparse := core.Options.Get("sparsecheckout")
	if data, err := os.ReadFile(filepath.Join(d.git, "config.worktree")); err == nil {
		wcfg := config.NewConfig()
		if wcfg.Unmarshal(data) == nil {
			if v := wcfg.Raw.Section("core").Options.Get("sparsecheckout"); v != "" {
				sparse = v
			}
		}
	}
	if sparse != "" {
		if on, err := parseBool(sparse); err != nil || on {
			return refuse("sparse checkout (core.sparseCheckout = "+sparse+")",
				"skillmap needs every file of the workshop in the working copy; run 'git sparse-checkout disable'")
		}
	}
	// go-git reads alternates given as absolute paths only; a relative one
	// would leave objects unread, and the history looking empty.
	if data, err := os.ReadFile(filepath.Join(d.common, "objects", "info", "alternates")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") && !filepath.IsAbs(line) {
				return refuse("a relative path in objects/info/alternates ("+line+")",
					"write the absolute path of that objects folder in "+filepath.Join(d.common, "objects", "info", "alternates")+" instead")
			}
		}
	}
	ext := cfg.Raw.Section("extensions")
	keys := make([]string, 0, len(ext.Options))
	for _, o := range ext.Options {
		keys = append(keys, o.Key)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := ext.Options.Get(k)
		key := strings.ToLower(k)
		if ok := knownExtensions[key]; ok != nil && ok(v) {
			continue
		}
		switch key {
		case "objectformat":
			return refuse("the "+v+" object format (extensions.objectFormat = "+v+")",
				"skillmap reads SHA-1 repositories only; clone the workshop again with the default object format (git clone URL)")
		case "refstorage":
			return refuse("the "+v+" reference format (extensions.refStorage = "+v+")",
				"skillmap reads references stored as files; convert them with 'git refs migrate --ref-format=files' (git 2.46 or later), or clone the workshop again with the default settings")
		case "worktreeconfig":
			return refuse("per-worktree configuration (extensions.worktreeConfig = "+v+")",
				"move any settings from config.worktree into .git/config, then run 'git config --unset extensions.worktreeConfig'")
		}
		return refuse("the Git extension extensions."+k+" = "+v,
			"skillmap does not know what it changes, so it cannot safely read or write this repository; use git itself, or clone the workshop again with the default settings")
	}
	return nil
}
