package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// Files of a workshop repository.
const (
	workshopFile  = "workshop.yaml"
	frameworkFile = "framework.yaml"
)

// workshop is an open workshop repository and its settings as they are in
// the working tree.
type workshop struct {
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
func openWorkshop(dir string) (*workshop, error) {
	repo, err := openRepo(dir)
	if err != nil {
		return nil, err
	}
	w := &workshop{repo: repo}
	wsData, err := repo.WorktreeFile(workshopFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is a Git repository but not a skillmap workshop: it has no %s", repo.Root(), workshopFile)
	}
	if err != nil {
		return nil, err
	}
	fwData, err := repo.WorktreeFile(frameworkFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", frameworkFile, err)
	}
	if w.ws, w.fw, err = parseSettings(wsData, fwData); err != nil {
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

func parseSettings(wsData, fwData []byte) (*survey.Workshop, *survey.Framework, error) {
	ws, err := survey.ParseWorkshop(workshopFile, wsData)
	if err != nil {
		return nil, nil, err
	}
	fw, err := survey.ParseFramework(frameworkFile, fwData)
	if err != nil {
		return nil, nil, err
	}
	if fw.ID != ws.Framework {
		return nil, nil, fmt.Errorf("%s names framework %q but %s holds %q", workshopFile, ws.Framework, frameworkFile, fw.ID)
	}
	return ws, fw, nil
}

// rel makes a path from the command line relative to the workshop root,
// slash-separated, as Git names files.
func (w *workshop) rel(p string) (string, error) {
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

// worktreeResponses reads the response files of the working tree: every
// *.yaml directly in responses/. Links and other special files are
// reported, never followed.
func (w *workshop) worktreeResponses() ([]survey.SourceFile, error) {
	dir := filepath.Join(w.repo.Root(), survey.ResponsesDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []survey.SourceFile
	for _, e := range entries {
		if !isResponseName(e.Name()) {
			continue
		}
		files = append(files, w.worktreeResponse(path.Join(survey.ResponsesDir, e.Name())))
	}
	return files, nil
}

// worktreeChanges reads the response files of the working tree that may
// differ from committed (file name → entry): all but those the index's
// stat data vouches are as committed, which is most, so that status reads
// a handful of files rather than thousands.
func (w *workshop) worktreeChanges(committed map[string]gitstore.Entry) ([]survey.SourceFile, error) {
	dir := filepath.Join(w.repo.Root(), survey.ResponsesDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stat := w.repo.IndexStat()
	var files []survey.SourceFile
	for _, e := range entries {
		if !isResponseName(e.Name()) {
			continue
		}
		rel := path.Join(survey.ResponsesDir, e.Name())
		if c, ok := committed[e.Name()]; ok {
			if fi, err := os.Lstat(filepath.Join(dir, e.Name())); err == nil {
				if h, known := stat.Hash(rel, fi); known && h == c.Hash {
					continue
				}
			}
		}
		files = append(files, w.worktreeResponse(rel))
	}
	return files, nil
}

func isResponseName(name string) bool { return survey.IsResponseName(name) }

// worktreeResponse reads one response file of the working tree.
func (w *workshop) worktreeResponse(rel string) survey.SourceFile {
	sf := survey.SourceFile{Name: rel}
	full := filepath.Join(w.repo.Root(), filepath.FromSlash(rel))
	fi, err := os.Lstat(full)
	switch {
	case err != nil:
		sf.Err = err
	case !fi.Mode().IsRegular():
		sf.Err = fmt.Errorf("not a regular file (%s); skillmap does not follow links", fi.Mode().Type())
	case fi.Size() > survey.MaxFileSize:
		sf.Err = fmt.Errorf("file is %d bytes; the limit is %d", fi.Size(), survey.MaxFileSize)
	default:
		// As git would commit it: LF where git turns CRLF into LF.
		sf.Data, sf.Err = w.repo.WorktreeFile(rel)
	}
	return sf
}

// snapshot is a workshop as it was at one commit.
type snapshot struct {
	snap    *gitstore.Snapshot
	label   string // how the user named it: "round spring", "end of 2026-06-30", "HEAD"
	ws      *survey.Workshop
	fw      *survey.Framework
	checked survey.Checked
	// entries of responses/ at that commit, by file name
	entries map[string]gitstore.Entry
}

// roundTag is the tag that marks a closed round.
func roundTag(name string) string { return "round/" + name }

var dateArg = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// resolveAt finds the state of the workshop that --at, --compare and the
// like name: a date (the end of that day, local time, by the first-parent
// history), a round, or any revision. label says which, for titles.
func resolveAt(repo *gitstore.Repo, at string) (snap *gitstore.Snapshot, label string, err error) {
	switch {
	case dateArg.MatchString(at):
		day, err := time.ParseInLocation("2006-01-02", at, time.Local)
		if err != nil {
			return nil, "", usageErr(fmt.Errorf("%q is not a date: %w", at, err))
		}
		snap, err = repo.AtTime(day.AddDate(0, 0, 1).Add(-time.Nanosecond))
		return snap, "end of " + at, err
	case survey.ValidID(at) && repo.HasTag(roundTag(at)):
		snap, err = repo.At("refs/tags/" + roundTag(at))
		return snap, "round " + at, err
	}
	snap, err = repo.At(at)
	if err != nil && !errors.Is(err, gitstore.ErrNoCommits) {
		return nil, "", fmt.Errorf("unknown revision %q: give a branch, tag, commit, round name (skillmap round list) or date (YYYY-MM-DD)", at)
	}
	return snap, at, err
}

// loadSnapshot reads a workshop's settings and every response file from
// the Git objects of a revision, without touching the working tree.
func loadSnapshot(repo *gitstore.Repo, rev string) (*snapshot, error) {
	return loadSnapshotProgress(repo, rev, nil)
}

// loadSnapshotProgress is loadSnapshot with a progress bar (nil for none)
// over the files it reads.
func loadSnapshotProgress(repo *gitstore.Repo, rev string, g *globals) (*snapshot, error) {
	snap, label, err := resolveAt(repo, rev)
	if err != nil {
		return nil, err
	}
	return loadStateProgress(repo, snap, label, g)
}

// loadState reads a workshop as it is in a snapshot.
func loadState(repo *gitstore.Repo, snap *gitstore.Snapshot, label string) (*snapshot, error) {
	return loadStateProgress(repo, snap, label, nil)
}

// loadStateProgress is loadState with a progress bar (nil for none).
func loadStateProgress(repo *gitstore.Repo, snap *gitstore.Snapshot, label string, g *globals) (*snapshot, error) {
	rev := label
	wsData, err := snap.ReadFile(workshopFile)
	if err != nil {
		return nil, fmt.Errorf("not a skillmap workshop at %s: %w", rev, err)
	}
	fwData, err := snap.ReadFile(frameworkFile)
	if err != nil {
		return nil, err
	}
	s := &snapshot{snap: snap, label: label, entries: map[string]gitstore.Entry{}}
	if s.ws, s.fw, err = parseSettings(wsData, fwData); err != nil {
		return nil, fmt.Errorf("at %s: %w", rev, err)
	}
	entries, err := snap.Dir(survey.ResponsesDir)
	if err != nil {
		return nil, err
	}
	// Files parsed by an earlier run are taken from the cache, by content;
	// the others are read all at once.
	cache := loadParseCache(repo)
	var files []survey.SourceFile
	var blobs []gitstore.Hash
	var read []int // which files are blobs to read
	for _, e := range entries {
		if !isResponseName(e.Name) {
			continue
		}
		s.entries[e.Name] = e
		sf := survey.SourceFile{Name: path.Join(survey.ResponsesDir, e.Name)}
		switch {
		case e.Kind != gitstore.KindFile:
			sf.Err = fmt.Errorf("a %s, not a regular file; skillmap does not follow it", e.Kind)
		case cache != nil:
			if sf.Parsed = cache.Get(parseKey(e.Hash, sf.Name)); sf.Parsed != nil {
				break
			}
			fallthrough
		default:
			blobs = append(blobs, e.Hash)
			read = append(read, len(files))
		}
		files = append(files, sf)
	}
	var bar *progress
	if g != nil {
		bar = g.newProgress("reading responses", len(blobs))
	}
	data, errs := repo.ReadBlobs(blobs, survey.MaxFileSize, bar.set)
	bar.done()
	for k, i := range read {
		if gitstore.IsMissingObject(errs[k]) {
			// Not a bad file but a repository that lacks it: a report
			// without it would be wrong, not smaller.
			return nil, fmt.Errorf("cannot read %s at %s: %w", files[i].Name, label, errs[k])
		}
		files[i].Data, files[i].Err = data[k], errs[k]
	}
	s.checked = survey.CheckResponses(s.ws, s.fw, files)
	if cache != nil {
		for _, r := range s.checked.Valid {
			cache.Put(parseKey(s.entries[path.Base(r.File)].Hash, r.File), r)
		}
		saveParseCache(repo, cache)
	}
	return s, nil
}

// input is what aggregate needs from a snapshot.
func (s *snapshot) input(minGroup int) aggregate.Input {
	var skipped []aggregate.Skipped
	for _, r := range s.checked.Skipped {
		// Shared outputs say what is wrong and where, never a value: the
		// file's name is its participant's id. stderr and validate give
		// the detail.
		skipped = append(skipped, aggregate.Skipped{File: r.File, Reason: r.SharedReason()})
	}
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	return aggregate.Input{
		Workshop:  s.ws,
		Framework: s.fw,
		Responses: s.checked.Valid,
		Skipped:   skipped,
		MinGroup:  minGroup,
		Revision:  s.snap.Commit.String(),
		Date:      s.snap.When,
		Label:     s.label,
	}
}
