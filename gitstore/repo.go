// Package gitstore is all of skillmap's Git work, done in-process with
// go-git: creating and opening workshop repositories, committing files as a
// given author, and reading files and history straight from the object
// store, without a checkout. It never runs the git binary.
package gitstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// DefaultBranch is the branch new workshops are created on.
const DefaultBranch = "main"

// Hash is a Git object id.
type Hash = plumbing.Hash

// Repo is a Git repository with a working tree.
type Repo struct {
	git  *git.Repository
	root string
	eolCache

	dirsOnce sync.Once
	dirs     []string // see objectDirs

	promisorOnce sync.Once
	promisorName string // see promisor

	shallowOnce sync.Once
	shallow     map[plumbing.Hash]bool // see isShallow

	packsMu   sync.Mutex
	packsSeen time.Time // the pack folder's time when go-git last reread it
}

// ErrNotRepository means no Git repository contains the directory.
var ErrNotRepository = errors.New("not in a Git repository")

// Init creates a repository in dir (which must be empty or not exist) whose
// HEAD points at an unborn DefaultBranch.
func Init(dir string) (*Repo, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s already exists and is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	g, err := git.PlainInitWithOptions(abs, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(DefaultBranch)},
	})
	if err != nil {
		return nil, fmt.Errorf("create repository in %s: %w", dir, err)
	}
	return &Repo{git: g, root: abs}, nil
}

// Open opens the repository whose working tree contains dir. A repository
// in a shape skillmap cannot work with (see checkFormat) is refused with
// an error wrapping ErrUnsupported that names the feature and what to do.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	d, err := findGitDirs(abs)
	if errors.Is(err, ErrNotRepository) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	if err := checkFormat(d); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(filepath.Join(d.common, "objects")); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("open repository at %s: %s has no objects folder", dir, d.common)
	}
	// As git.PlainOpen would, but with alternates read from anywhere on the
	// disk: go-git's default reads them only below the Git folder, so a
	// clone made with git clone --shared or --reference looked empty.
	var dot billy.Filesystem = osfs.New(d.git)
	if d.common != d.git {
		dot = dotgit.NewRepositoryFilesystem(dot, osfs.New(d.common))
	}
	st := filesystem.NewStorageWithOptions(dot, cache.NewObjectLRUDefault(), filesystem.Options{AlternatesFS: osfs.New(rootOf(d.common))})
	g, err := git.Open(st, osfs.New(d.root))
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	return &Repo{git: g, root: d.root}, nil
}

// rootOf is the root of the file system that holds path ("/", or a
// Windows volume), for reading alternates given as absolute paths.
func rootOf(path string) string {
	return filepath.VolumeName(path) + string(filepath.Separator)
}

// Root is the top of the working tree.
func (r *Repo) Root() string { return r.root }

// gitDir is where the repository keeps its own files (.git, or the
// worktree's own folder for a linked worktree).
func (r *Repo) gitDir() string {
	if fs, ok := r.git.Storer.(*filesystem.Storage); ok {
		return fs.Filesystem().Root()
	}
	return filepath.Join(r.root, ".git")
}

// GlobalUser returns user.name and user.email from the user's Git
// configuration (global, then system), for commands run outside a
// repository.
func GlobalUser() (name, email string) {
	for _, scope := range []config.Scope{config.GlobalScope, config.SystemScope} {
		cfg, err := config.LoadConfig(scope)
		if err != nil {
			continue
		}
		if name == "" {
			name = cfg.User.Name
		}
		if email == "" {
			email = cfg.User.Email
		}
	}
	return name, email
}

// User returns user.name and user.email as Git's configuration gives them
// for this repository (repository, then global, then system).
func (r *Repo) User() (name, email string) {
	cfg, err := r.git.ConfigScoped(config.SystemScope) // the widest scope merges them all
	if err != nil {
		return "", ""
	}
	return cfg.User.Name, cfg.User.Email
}
