package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestReadBlobsReadsWhatReadBlobReads covers every way a blob can be
// stored: loose, whole in our pack, and as a delta in a pack made by git gc
// (read through go-git); and the errors: too large, missing, not a blob.
func TestReadBlobsReadsWhatReadBlobReads(t *testing.T) {
	r, dir := newRepo(t)
	var files []File
	for i := range 100 {
		files = append(files, File{Path: fmt.Sprintf("responses/p%03d.yaml", i), Data: append(bytes.Repeat([]byte("a line all files share\n"), 200), fmt.Sprintf("id: p%03d\n", i)...)})
	}
	if _, err := r.Commit(files, ana, "many, in a pack"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit([]File{{Path: "responses/loose.yaml", Data: []byte("loose\n")}}, ana, "one, loose"); err != nil {
		t.Fatal(err)
	}
	check := func(stage string) {
		t.Helper()
		s, err := reopen(t, dir).At("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		entries, err := s.Dir("responses")
		if err != nil {
			t.Fatal(err)
		}
		var hashes []Hash
		for _, e := range entries {
			hashes = append(hashes, e.Hash)
		}
		hashes = append(hashes, plumbing.NewHash("0123456789012345678901234567890123456789"), s.tree.Hash)
		for _, max := range []int64{-1, 100, 1 << 20} {
			data, errs := s.repo.ReadBlobs(hashes, max, nil)
			for i, h := range hashes {
				want, wantErr := s.repo.ReadBlob(h, max)
				if !bytes.Equal(data[i], want) || (errs[i] == nil) != (wantErr == nil) || errors.Is(errs[i], ErrTooLarge) != errors.Is(wantErr, ErrTooLarge) {
					t.Errorf("%s: blob %s, max %d: got %d bytes, %v; ReadBlob: %d bytes, %v", stage, h, max, len(data[i]), errs[i], len(want), wantErr)
				}
			}
		}
	}
	check("as written")
	runGit(t, dir, "gc", "-q", "--aggressive", "--prune=now")
	deltas := 0
	for _, l := range strings.Split(runGit(t, dir, "verify-pack", "-v", packIndex(t, dir)), "\n") {
		if f := strings.Fields(l); len(f) == 7 && f[1] == "blob" {
			deltas++
		}
	}
	if deltas == 0 {
		t.Fatal("git gc stored no blob as a delta: the test does not cover them")
	}
	check("after git gc")
}
