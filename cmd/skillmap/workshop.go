package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// Files of a workshop repository.
const (
	workshopFile  = workshop.WorkshopFile
	frameworkFile = workshop.FrameworkFile
)

// checkout is an open workshop repository and its settings as they are in
// the working tree.
type checkout struct {
	repo *gitstore.Repo
	ws   *survey.Workshop
	fw   *survey.Framework
}

// openRepo opens the repository of the workshop that contains dir.
func openRepo(dir string) (*gitstore.Repo, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s: no such folder", dir)
	}
	repo, err := gitstore.Open(dir)
	if errors.Is(err, gitstore.ErrNotRepository) {
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		return nil, fmt.Errorf("%s is not in a skillmap workshop (no Git repository here): to fill in your answers, cd into your workshop's folder, or get a copy with 'skillmap join URL' (the URL the facilitator gave you); to run a workshop, create one with 'skillmap init DIR --title TITLE' (-C DIR runs skillmap in another folder)", dir)
	}
	return repo, err
}

// openWorkshop opens the workshop whose working tree contains dir.
func openWorkshop(dir string) (*checkout, error) {
	repo, err := openRepo(dir)
	if err != nil {
		return nil, err
	}
	w := &checkout{repo: repo}
	wsData, err := repo.WorktreeFile(workshopFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is a Git repository but not a skillmap workshop: it has no %s", repo.Root(), workshopFile)
	}
	if err != nil {
		return nil, err
	}
	if w.ws, w.fw, err = workshop.ReadSettings(wsData, repo.WorktreeFile); err != nil {
		return nil, err
	}
	return w, nil
}

// warnSettings says on stderr which settings reports raise to their floor.
func warnSettings(g *globals, ws *survey.Workshop) {
	for _, p := range ws.Warnings(workshopFile) {
		fmt.Fprintf(g.io.Err, "warning: %s\n", p)
	}
}

// rel makes a path from the command line relative to the workshop root,
// slash-separated, as Git names files.
func (w *checkout) rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	r, err := filepath.Rel(w.repo.Root(), abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", fmt.Errorf("%s is outside the workshop at %s", p, w.repo.Root())
	}
	return filepath.ToSlash(r), nil
}

// snapshot is a workshop as it was at one commit.
type snapshot = workshop.Snapshot

// loadSnapshot reads a workshop at a revision (workshop.Load), a mistake
// in how the revision is named being a usage error.
func loadSnapshot(repo *gitstore.Repo, rev string) (*snapshot, error) {
	return loadSnapshotProgress(repo, rev, nil)
}

// loadSnapshotProgress is loadSnapshot with a progress bar (nil for none)
// over the files it reads.
func loadSnapshotProgress(repo *gitstore.Repo, rev string, g *globals) (*snapshot, error) {
	s, err := workshop.Load(repo, rev, g.progressFunc())
	return s, cliErr(err)
}

// cliErr makes the workshop package's argument errors usage errors (exit 2).
func cliErr(err error) error {
	var ae workshop.ArgError
	if errors.As(err, &ae) {
		return usageErr(err)
	}
	return err
}
