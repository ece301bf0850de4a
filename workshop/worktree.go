package workshop

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// WorktreeResponses reads the response files of the working tree: every
// *.yaml directly in responses/. Links and other special files are
// reported, never followed.
func WorktreeResponses(repo *gitstore.Repo) ([]survey.SourceFile, error) {
	dir := filepath.Join(repo.Root(), survey.ResponsesDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []survey.SourceFile
	for _, e := range entries {
		if !survey.IsResponseName(e.Name()) {
			continue
		}
		files = append(files, WorktreeResponse(repo, path.Join(survey.ResponsesDir, e.Name())))
	}
	return files, nil
}

// WorktreeChanges reads the response files of the working tree that may
// differ from committed (file name → entry): all but those the index's
// stat data vouches are as committed, which is most, so that status reads
// a handful of files rather than thousands.
func WorktreeChanges(repo *gitstore.Repo, committed map[string]gitstore.Entry) ([]survey.SourceFile, error) {
	dir := filepath.Join(repo.Root(), survey.ResponsesDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stat := repo.IndexStat()
	var files []survey.SourceFile
	for _, e := range entries {
		if !survey.IsResponseName(e.Name()) {
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
		files = append(files, WorktreeResponse(repo, rel))
	}
	return files, nil
}

// WorktreeResponse reads one response file of the working tree (rel is
// slash-separated, from the root).
func WorktreeResponse(repo *gitstore.Repo, rel string) survey.SourceFile {
	sf := survey.SourceFile{Name: rel}
	full := filepath.Join(repo.Root(), filepath.FromSlash(rel))
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
		sf.Data, sf.Err = repo.WorktreeFile(rel)
	}
	return sf
}
