package gitstore

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/object"
)

var watchPaths = []string{"responses/", "workshop.yaml", "deep/er/still/file.txt", "nothing/here/"}

func TestWalkChangesMatchesAPlainGoGitWalk(t *testing.T) {
	r, dir := historyRepo(t)
	check := func(stage string) {
		t.Helper()
		for _, rev := range []string{"HEAD", "HEAD~2", "HEAD~30"} {
			s := mustAt(t, r, rev)
			want := changesGoGit(t, s, watchPaths...)
			for _, run := range []string{"no cache", "cached"} {
				got, err := s.WalkChanges(watchPaths...)
				if err != nil {
					t.Fatal(err)
				}
				if d := diffChanges(got, want); d != "" {
					t.Fatalf("%s, %s, %s: %s", stage, rev, run, d)
				}
			}
		}
	}
	check("as written")
	runGit(t, dir, "gc", "-q", "--aggressive", "--prune=now")
	r = reopen(t, dir)
	os.RemoveAll(r.CacheDir())
	check("after git gc")
	all, _ := mustAt(t, r, "HEAD").WalkChanges(watchPaths...)
	var deleted, added, workshop int
	for _, c := range all {
		for _, ch := range c.Changes {
			switch {
			case ch.Path == "workshop.yaml":
				workshop++
			case ch.New.IsZero():
				deleted++
			case ch.Old.IsZero():
				added++
			}
		}
	}
	if deleted != 2 || added < 250 || workshop != 2 {
		t.Errorf("history not as built: %d deleted, %d added, %d workshop changes", deleted, added, workshop)
	}
}

func TestWalkChangesCacheIsNeverStale(t *testing.T) {
	r, dir := historyRepo(t)
	walk := func() []CommitPaths {
		t.Helper()
		got, err := mustAt(t, r, "HEAD").WalkChanges(watchPaths...)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	walk()
	for i, step := range []func(){
		func() {
			if _, err := r.Commit([]File{{Path: "responses/p003.yaml", Data: []byte("again\n")}}, stepSig(600), "one more"); err != nil {
				t.Fatal(err)
			}
		},
		func() { runGit(t, dir, "rm", "-q", "responses/p004.yaml"); runGit(t, dir, "commit", "-q", "-m", "rm") },
		func() { runGit(t, dir, "reset", "-q", "--hard", "HEAD~3") },
	} {
		step()
		r = reopen(t, dir)
		want := changesGoGit(t, mustAt(t, r, "HEAD"), watchPaths...)
		if d := diffChanges(walk(), want); d != "" {
			t.Fatalf("step %d, cached: %s", i, d)
		}
	}
}

func diffChanges(got, want []CommitPaths) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d commits, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Commit != w.Commit || g.Message != w.Message || g.Author.Name != w.Author.Name || g.Author.Email != w.Author.Email ||
			!g.Author.When.Equal(w.Author.When) || !slices.Equal(g.Changes, w.Changes) {
			return fmt.Sprintf("commit %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	return ""
}

// changesGoGit walks the history through go-git's objects, oldest first:
// the reference WalkChanges must agree with.
func changesGoGit(t *testing.T, s *Snapshot, watch ...string) []CommitPaths {
	t.Helper()
	var chain []*object.Commit
	c, err := s.repo.git.CommitObject(s.Commit)
	for err == nil {
		chain = append(chain, c)
		if len(c.ParentHashes) == 0 {
			break
		}
		c, err = s.repo.git.CommitObject(c.ParentHashes[0])
	}
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(chain)
	prev := make([]object.TreeEntry, len(watch))
	prevFiles := make([][]object.TreeEntry, len(watch))
	var out []CommitPaths
	for _, c := range chain {
		tr, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		var changes []PathChange
		for i, w := range watch {
			dir, isDir := strings.CutSuffix(w, "/")
			var cur object.TreeEntry
			if e, err := tr.FindEntry(dir); err == nil {
				cur = *e
			}
			if cur.Hash == prev[i].Hash {
				continue
			}
			if !isDir {
				changes = append(changes, PathChange{Path: w, Old: prev[i].Hash, New: cur.Hash})
				prev[i] = cur
				continue
			}
			var files []object.TreeEntry
			if !cur.Hash.IsZero() && !cur.Mode.IsFile() {
				sub, err := object.GetTree(s.repo.git.Storer, cur.Hash)
				if err != nil {
					t.Fatal(err)
				}
				files = sub.Entries
			}
			old := prevFiles[i]
			j, k := 0, 0
			for j < len(old) || k < len(files) {
				switch {
				case k == len(files) || j < len(old) && old[j].Name < files[k].Name:
					changes = append(changes, PathChange{Path: dir + "/" + old[j].Name, Old: old[j].Hash})
					j++
				case j == len(old) || files[k].Name < old[j].Name:
					changes = append(changes, PathChange{Path: dir + "/" + files[k].Name, New: files[k].Hash})
					k++
				default:
					if old[j].Hash != files[k].Hash {
						changes = append(changes, PathChange{Path: dir + "/" + files[k].Name, Old: old[j].Hash, New: files[k].Hash})
					}
					j++
					k++
				}
			}
			prev[i], prevFiles[i] = cur, files
		}
		if len(changes) > 0 {
			out = append(out, CommitPaths{Commit: c.Hash, Author: Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
				Message: c.Message, Changes: changes})
		}
	}
	return out
}
