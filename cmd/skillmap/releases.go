package main

import (
	"errors"
	"path"
	"sort"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// releaseBudget bounds the work of replaying a history for Releases:
// commits times response files. Beyond it a report says in About that
// differencing across reports was not checked.
const releaseBudget = 200_000

// errTooLong says a history is beyond releaseBudget.
var errTooLong = errors.New("history too long to replay")

// released replays the first-parent history of a snapshot, state by state,
// through aggregate.Releases, and returns the input whose figures the
// snapshot's report may show (in, or an earlier release's figures with
// in's labels). It gives up with errTooLong on a history beyond
// releaseBudget.
func released(repo *gitstore.Repo, s *snapshot, in aggregate.Input) (aggregate.Input, error) {
	history, err := s.snap.WalkChanges(survey.ResponsesDir+"/", workshopFile, frameworkFile)
	if err != nil {
		return in, err
	}
	if len(history)*max(len(s.entries), 1) > releaseBudget {
		return in, errTooLong
	}
	var blobs []gitstore.Hash
	seen := map[gitstore.Hash]bool{}
	for _, c := range history {
		for _, ch := range c.Changes {
			if !ch.New.IsZero() && !seen[ch.New] {
				seen[ch.New] = true
				blobs = append(blobs, ch.New)
			}
		}
	}
	data, errs := repo.ReadBlobs(blobs, survey.MaxFileSize, nil)
	content := make(map[gitstore.Hash]int, len(blobs))
	for i, h := range blobs {
		content[h] = i
	}
	parsed := map[gitstore.Hash]*survey.Response{}
	files := map[string]gitstore.Hash{} // responses/NAME → blob
	var ws *survey.Workshop
	var fw *survey.Framework
	var wsData, fwData []byte
	k := 0
	var rel aggregate.Releases
	out := in
	for _, c := range history {
		settings := false
		for _, ch := range c.Changes {
			switch ch.Path {
			case workshopFile, frameworkFile:
				settings = true
				var b []byte
				if !ch.New.IsZero() && errs[content[ch.New]] == nil {
					b = data[content[ch.New]]
				}
				if ch.Path == workshopFile {
					wsData = b
				} else {
					fwData = b
				}
			default:
				if !isResponseName(path.Base(ch.Path)) {
					continue
				}
				if ch.New.IsZero() {
					delete(files, ch.Path)
				} else {
					files[ch.Path] = ch.New
				}
			}
		}
		if settings {
			w, f, err := parseSettings(wsData, fwData)
			if err != nil {
				ws, fw = nil, nil
				continue
			}
			ws, fw = w, f
			if len(files) > 0 {
				// After the first submission min_group only rises.
				k = max(k, ws.ReportMinGroup())
			}
		}
		if ws == nil {
			continue
		}
		k = max(k, ws.ReportMinGroup())
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		var sources []survey.SourceFile
		for _, name := range names {
			h := files[name]
			sf := survey.SourceFile{Name: name}
			r, ok := parsed[h]
			if !ok {
				if i := content[h]; errs[i] == nil {
					r, _ = survey.ParseResponse(name, data[i])
				}
				parsed[h] = r
			}
			if r == nil || r.File != name {
				sf.Err = errors.New("cannot be read")
			} else {
				sf.Parsed = r
			}
			sources = append(sources, sf)
		}
		checked := survey.CheckResponses(ws, fw, sources)
		// Each state as its own report saw it: with the min_group held
		// then (the report's own may be higher, and hides more).
		state := aggregate.Input{Workshop: ws, Framework: fw, Responses: checked.Valid, MinGroup: k, Revision: c.Commit.String()}
		shown := rel.Next(state)
		out = in
		out.Workshop, out.Framework, out.Responses, out.Held = shown.Workshop, shown.Framework, shown.Responses, shown.Held
	}
	return out, nil
}
