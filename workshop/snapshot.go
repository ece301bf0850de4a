// Package workshop is the application layer between the CLI and the
// domain: it loads a workshop as it was at one commit (settings, response
// files, parsed through the repository's parse cache) and works out the
// settings a report of it must hold to. It joins gitstore and survey so
// that cmd/skillmap only reads flags, calls it and prints.
package workshop

import (
	"errors"
	"fmt"
	"path"
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
	// WorkshopFile holds the workshop's settings.
	WorkshopFile = "workshop.yaml"
	// FrameworkFile holds the framework of a workshop of one framework.
	FrameworkFile = "framework.yaml"
	// FrameworksDir holds the frameworks of a workshop of several, each in
	// <id>.yaml.
	FrameworksDir = "frameworks"
)

// FrameworkPath is where a workshop keeps one of its frameworks:
// framework.yaml in a workshop of one, as it always was;
// frameworks/<id>.yaml in a workshop of several.
func FrameworkPath(ws *survey.Workshop, id string) string {
	if len(ws.FrameworkIDs()) <= 1 {
		return FrameworkFile
	}
	return FrameworksDir + "/" + id + ".yaml"
}

// FrameworkPaths lists the files of a workshop's frameworks, in order.
func FrameworkPaths(ws *survey.Workshop) []string {
	var out []string
	for _, id := range ws.FrameworkIDs() {
		out = append(out, FrameworkPath(ws, id))
	}
	return out
}

// IsFrameworkFile reports whether a path of the repository holds a
// framework (of a workshop of one or of several): a change to it changes
// what everyone is asked.
func IsFrameworkFile(p string) bool {
	if p == FrameworkFile {
		return true
	}
	dir, name := path.Split(p)
	return dir == FrameworksDir+"/" && strings.HasSuffix(name, ".yaml")
}

// ParseSettings parses the settings and framework of a workshop of one
// framework and checks they belong together (ReadSettings reads any).
func ParseSettings(wsData, fwData []byte) (*survey.Workshop, *survey.Framework, error) {
	return ReadSettings(wsData, func(string) ([]byte, error) { return fwData, nil })
}

// ReadSettings parses a workshop's settings and reads each of its
// frameworks with read (by path, FrameworkPath), checking that each file
// holds the framework workshop.yaml names there. The framework returned is
// the combined view of them all (survey.Combine).
func ReadSettings(wsData []byte, read func(path string) ([]byte, error)) (*survey.Workshop, *survey.Framework, error) {
	ws, err := survey.ParseWorkshop(WorkshopFile, wsData)
	if err != nil {
		return nil, nil, err
	}
	var fws []*survey.Framework
	for _, id := range ws.FrameworkIDs() {
		file := FrameworkPath(ws, id)
		data, err := read(file)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", file, err)
		}
		fw, err := survey.ParseFramework(file, data)
		if err != nil {
			return nil, nil, err
		}
		if fw.ID != id {
			return nil, nil, fmt.Errorf("%s names framework %q but %s holds %q", WorkshopFile, id, file, fw.ID)
		}
		fws = append(fws, fw)
	}
	fw := survey.Combine(fws...)
	if ps := ws.CheckExpectations(WorkshopFile, fw); len(ps) > 0 {
		return nil, nil, ps
	}
	return ws, fw, nil
}

// Snapshot is a workshop as it was at one commit.
type Snapshot struct {
	// Snap is the commit's tree, to read more of it (history, other files).
	Snap *gitstore.Snapshot
	// Label is how the user named it: "round spring", "end of
	// 2026-06-30", "HEAD".
	Label string
	// Workshop and Framework are the settings committed there; Framework
	// is the combined view of the workshop's frameworks (survey.Combine).
	Workshop  *survey.Workshop
	Framework *survey.Framework
	// Checked sorts the response files into the valid and the skipped.
	Checked survey.Checked
	// Entries of responses/ at that commit, by file name.
	Entries map[string]gitstore.Entry
}

// RoundTag is the tag that marks a closed round.
func RoundTag(name string) string { return RoundTagPrefix + name }

// RoundTagPrefix starts the name of every tag that closes a round.
const RoundTagPrefix = gitstore.RoundTagPrefix

// ArgError marks an error in what the user asked for (a date that is no
// date), as opposed to a failure reading the repository; the CLI exits 2.
type ArgError struct{ Err error }

// Error is the mistake, as the user should read it.
func (e ArgError) Error() string { return e.Err.Error() }

// Unwrap gives the error within, for errors.Is and errors.As.
func (e ArgError) Unwrap() error { return e.Err }

var dateArg = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// IsDate reports whether ResolveAt reads at as a date (YYYY-MM-DD), which
// is why a round may not be named like one.
func IsDate(at string) bool { return dateArg.MatchString(at) }

// ResolveAt finds the state of the workshop that --at, --compare and the
// like name: a date (the end of that day, local time, by the first-parent
// history), a round, or any revision. label says which, for titles.
func ResolveAt(repo *gitstore.Repo, at string) (snap *gitstore.Snapshot, label string, err error) {
	switch {
	case dateArg.MatchString(at):
		day, err := time.ParseInLocation("2006-01-02", at, time.Local)
		if err != nil {
			return nil, "", ArgError{fmt.Errorf("%q is not a date: %w", at, err)}
		}
		snap, err = repo.AtTime(day.AddDate(0, 0, 1).Add(-time.Nanosecond))
		return snap, "end of " + at, err
	case survey.ValidID(at) && repo.HasTag(RoundTag(at)):
		snap, err = repo.At("refs/tags/" + RoundTag(at))
		return snap, "round " + at, err
	}
	snap, err = repo.At(at)
	if err != nil && !errors.Is(err, gitstore.ErrNoCommits) {
		return nil, "", fmt.Errorf("unknown revision %q: give a branch, tag, commit, round name (skillmap round list) or date (YYYY-MM-DD)", at)
	}
	return snap, at, err
}

// Progress follows the reading of a snapshot's files (a bar on a
// terminal).
type Progress interface {
	Set(n int)
	Done()
}

// NewProgress starts a Progress over total files; nil shows none.
type NewProgress func(label string, total int) Progress

// Load reads a workshop's settings and every response file from the Git
// objects of a revision (as ResolveAt names it), without touching the
// working tree.
func Load(repo *gitstore.Repo, rev string, bar NewProgress) (*Snapshot, error) {
	snap, label, err := ResolveAt(repo, rev)
	if err != nil {
		return nil, err
	}
	return LoadState(repo, snap, label, bar)
}

// LoadState reads a workshop as it is in a snapshot.
func LoadState(repo *gitstore.Repo, snap *gitstore.Snapshot, label string, newBar NewProgress) (*Snapshot, error) {
	rev := label
	wsData, err := snap.ReadFile(WorkshopFile)
	if err != nil {
		return nil, fmt.Errorf("not a skillmap workshop at %s: %w", rev, err)
	}
	s := &Snapshot{Snap: snap, Label: label, Entries: map[string]gitstore.Entry{}}
	if s.Workshop, s.Framework, err = ReadSettings(wsData, snap.ReadFile); err != nil {
		return nil, fmt.Errorf("at %s: %w", rev, err)
	}
	entries, err := snap.Dir(survey.ResponsesDir)
	if err != nil {
		return nil, err
	}
	// Files parsed by an earlier run are taken from the cache, by content;
	// the others are read all at once.
	cache := LoadParseCache(repo)
	var files []survey.SourceFile
	var blobs []gitstore.Hash
	var read []int // which files are blobs to read
	for _, e := range entries {
		if !survey.IsResponseName(e.Name) {
			continue
		}
		s.Entries[e.Name] = e
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
	var set func(int)
	var bar Progress
	if newBar != nil {
		bar = newBar("reading responses", len(blobs))
		set = bar.Set
	}
	data, errs := repo.ReadBlobs(blobs, survey.MaxFileSize, set)
	if bar != nil {
		bar.Done()
	}
	for k, i := range read {
		if gitstore.IsMissingObject(errs[k]) {
			// Not a bad file but a repository that lacks it: a report
			// without it would be wrong, not smaller.
			return nil, fmt.Errorf("cannot read %s at %s: %w", files[i].Name, label, errs[k])
		}
		files[i].Data, files[i].Err = data[k], errs[k]
	}
	s.Checked = survey.CheckResponses(s.Workshop, s.Framework, files)
	if cache != nil {
		for _, r := range s.Checked.Valid {
			cache.Put(parseKey(s.Entries[path.Base(r.File)].Hash, r.File), r)
		}
		SaveParseCache(repo, cache)
	}
	return s, nil
}

// Input is what aggregate needs from a snapshot.
func (s *Snapshot) Input(minGroup int) aggregate.Input {
	var skipped []aggregate.Skipped
	for _, r := range s.Checked.Skipped {
		// Shared outputs say what is wrong and where, never a value: the
		// file's name is its participant's id. stderr and validate give
		// the detail.
		skipped = append(skipped, aggregate.Skipped{File: r.File, Reason: r.SharedReason()})
	}
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	return aggregate.Input{
		Workshop:  s.Workshop,
		Framework: s.Framework,
		Responses: s.Checked.Valid,
		Skipped:   skipped,
		MinGroup:  minGroup,
		Revision:  s.Snap.Commit.String(),
		Date:      s.Snap.When,
		Label:     s.Label,
	}
}
