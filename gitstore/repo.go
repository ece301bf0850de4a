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

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
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

// Open opens the repository whose working tree contains dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	g, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	wt, err := g.Worktree()
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w (a bare repository has no files to work on)", dir, err)
	}
	return &Repo{git: g, root: wt.Filesystem.Root()}, nil
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
