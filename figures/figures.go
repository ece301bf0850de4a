// Package figures works out from a workshop's history what a report's
// figures are made of: the answers released along its first-parent
// history, so that figures move in steps of at least min_group people and
// no two reports can be subtracted to give one person's answers
// (aggregate.Steps has the rule; this package walks the history for it).
package figures

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// batchBlobs is how many file versions are read and parsed at a time:
// enough to keep every processor busy, few enough to keep memory small on
// a history of many thousand submissions.
const batchBlobs = 4096

// Held walks the first-parent history of snap, commit by commit, and
// returns the answers the figures of snap's report are made of, with k its
// min_group and ws, fw the workshop and framework as at snap. Every version
// of a response file is checked against them (one that cannot be used
// counts as no answers, as in the report of its state). The files in
// leftOut (paths, such as the files the audit cannot vouch for at snap)
// are left out of the whole walk. cache, when not nil, holds files parsed
// before, by content, and takes those parsed now.
func Held(repo *gitstore.Repo, snap *gitstore.Snapshot, ws *survey.Workshop, fw *survey.Framework, k int, leftOut map[string]bool, cache *survey.ParseCache) (*aggregate.Held, error) {
	h, _, err := HeldAlso(repo, snap, ws, fw, k, leftOut, cache, gitstore.Hash{}, nil)
	return h, err
}

// HeldAlso is Held, also giving the figures of an earlier commit (such as
// the state --compare names) from the same walk, when that commit is on
// snap's first-parent history and changed a response file; nil otherwise
// (walk it with Held). The caller makes sure that state has the same role
// levels and activities: the walk counts by snap's.
//
// build, when not nil, identifies this build of skillmap: the walk is then
// kept in the repository's cache folder, by the commit it reached and
// everything it was given, and the next walk of a history that goes on
// from that commit takes it up there, reading only the versions since.
func HeldAlso(repo *gitstore.Repo, snap *gitstore.Snapshot, ws *survey.Workshop, fw *survey.Framework, k int, leftOut map[string]bool, cache *survey.ParseCache, also gitstore.Hash, build []byte) (held, heldAlso *aggregate.Held, err error) {
	commits, err := snap.WalkChanges(survey.ResponsesDir + "/")
	if err != nil {
		return nil, nil, err
	}
	steps := aggregate.NewSteps(ws, fw, k)
	first, kept := 0, ""
	if build != nil {
		kept = filepath.Join(repo.CacheDir(), "figures-"+stateKey(build, ws, fw, k, leftOut)+".bin")
		if also.IsZero() {
			first = takeUp(kept, steps, commits)
			if first == 0 {
				steps = aggregate.NewSteps(ws, fw, k) // a failed take-up may have left some
			}
		}
	}
	defer func() {
		if err == nil && kept != "" && len(commits) > first {
			keep(kept, steps, commits[len(commits)-1].Commit)
		}
	}()
	for start := first; start < len(commits); {
		// The commits of one batch, and the versions they bring.
		end, n := start, 0
		for end < len(commits) && (n == 0 || n+len(commits[end].Changes) <= batchBlobs) {
			n += len(commits[end].Changes)
			end++
		}
		var files []survey.SourceFile
		var blobs []gitstore.Hash
		var read []int
		var from []gitstore.Hash // the commit that brought each file
		index := map[survey.ParseKey]int{}
		for _, c := range commits[start:end] {
			for _, pc := range c.Changes {
				key := survey.ParseKey{Blob: pc.New, File: pc.Path}
				if !counts(pc, leftOut) || pc.New.IsZero() {
					continue
				}
				if _, ok := index[key]; ok {
					continue
				}
				index[key] = len(files)
				sf := survey.SourceFile{Name: pc.Path}
				if cache != nil {
					sf.Parsed = cache.Get(key)
				}
				if sf.Parsed == nil {
					blobs = append(blobs, pc.New)
					read = append(read, len(files))
				}
				files = append(files, sf)
				from = append(from, c.Commit)
			}
		}
		data, errs := repo.ReadBlobs(blobs, survey.MaxFileSize, nil)
		for j, i := range read {
			if gitstore.IsMissingObject(errs[j]) {
				// Not a file at all (a submodule) is no answers; a version
				// the repository lacks (a partial clone) cannot be counted,
				// and figures without it would be wrong, not smaller.
				file, err := isFile(repo, from[i], files[i].Name)
				if err != nil {
					return nil, nil, err
				}
				if file {
					return nil, nil, &MissingError{File: files[i].Name, Err: errs[j]}
				}
			}
			files[i].Data, files[i].Err = data[j], errs[j]
		}
		checked := survey.CheckEach(ws, fw, files)
		if cache != nil {
			for j, i := range read {
				if r := checked[i]; r != nil {
					cache.Put(survey.ParseKey{Blob: blobs[j], File: files[i].Name}, r)
				}
			}
		}
		for _, c := range commits[start:end] {
			for _, pc := range c.Changes {
				if !counts(pc, leftOut) {
					continue
				}
				var r *survey.Response
				if !pc.New.IsZero() {
					r = checked[index[survey.ParseKey{Blob: pc.New, File: pc.Path}]]
				}
				steps.Set(pc.Path, r)
			}
			steps.Commit()
			if !also.IsZero() && c.Commit == also {
				heldAlso = steps.Held()
			}
		}
		start = end
	}
	return steps.Held(), heldAlso, nil
}

// stateKey names a kept walk by everything it depends on: this build, k,
// the role levels, scale, framework and activities it counts by, and the
// files left out.
func stateKey(build []byte, ws *survey.Workshop, fw *survey.Framework, k int, leftOut map[string]bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%x\x00%d\x00%q\x00%q\x00", build, k, ws.RoleIDs(), fw.ID)
	for _, l := range ws.Scale {
		fmt.Fprintf(h, "%d,", l.Value)
	}
	for _, sk := range fw.Skills {
		for _, a := range sk.Activities {
			fmt.Fprintf(h, "%q/%q,", sk.Key(), a.ID)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(leftOut)) {
		if leftOut[f] {
			fmt.Fprintf(h, "%q,", f)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// takeUp loads a kept walk into steps when the commit it reached is among
// commits, and returns where to go on from; 0 when there is none to take
// up (steps may then hold part of one: start again with new Steps).
func takeUp(file string, steps *aggregate.Steps, commits []gitstore.CommitPaths) int {
	data, err := os.ReadFile(file)
	if err != nil || len(data) < len(gitstore.Hash{}) {
		return 0
	}
	var at gitstore.Hash
	copy(at[:], data)
	for i := len(commits) - 1; i >= 0; i-- {
		if commits[i].Commit == at {
			if steps.UnmarshalBinary(data[len(at):]) != nil {
				return 0
			}
			return i + 1
		}
	}
	return 0
}

// keep writes the walk as it stands after commit at. Failing to is not an
// error: it is only a cache.
func keep(file string, steps *aggregate.Steps, at gitstore.Hash) {
	data, err := steps.MarshalBinary()
	if err != nil || os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	_ = gitstore.WriteFileAtomic(file, append(at[:len(at):len(at)], data...))
}

// isFile says whether a path is a regular file (not a submodule or a
// link) at a commit.
func isFile(repo *gitstore.Repo, commit gitstore.Hash, name string) (bool, error) {
	snap, err := repo.At(commit.String())
	if err != nil {
		return false, err
	}
	entries, err := snap.Dir(path.Dir(name))
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name == path.Base(name) {
			return e.Kind == gitstore.KindFile, nil
		}
	}
	return false, nil
}

// counts says whether a change is to a response file the figures count.
func counts(pc gitstore.PathChange, leftOut map[string]bool) bool {
	return survey.IsResponseName(path.Base(pc.Path)) && !leftOut[pc.Path]
}

// MissingError is a version of a response file that the repository does
// not have (a partial clone): the figures cannot be worked out without it.
type MissingError struct {
	File string
	Err  error
}

// Error says which file, and what to do.
func (e *MissingError) Error() string {
	return "the figures need every earlier version of the response files; cannot read one of " + e.File + ": " + e.Err.Error()
}

// Unwrap gives the error reading it.
func (e *MissingError) Unwrap() error { return e.Err }
