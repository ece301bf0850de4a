package gitstore

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
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
		markBrought(t, s, c, changes)
		if len(changes) > 0 {
			out = append(out, CommitPaths{Commit: c.Hash, Author: Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
				Message: c.Message, Changes: changes})
		}
	}
	return out
}

// markBrought marks, in a merge, the changes whose version another parent
// already had, by go-git's trees.
func markBrought(t *testing.T, s *Snapshot, c *object.Commit, changes []PathChange) {
	t.Helper()
	for _, p := range c.ParentHashes[min(1, len(c.ParentHashes)):] {
		pc, err := s.repo.git.CommitObject(p)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := pc.Tree()
		if err != nil {
			t.Fatal(err)
		}
		for k := range changes {
			var h Hash
			if e, err := tr.FindEntry(changes[k].Path); err == nil {
				h = e.Hash
			}
			if h == changes[k].New {
				changes[k].Brought = true
			}
		}
	}
}

func TestWalkAllChangesSeesBothSidesOfEveryMerge(t *testing.T) {
	r, dir := historyRepo(t)
	check := func(stage string) {
		t.Helper()
		for _, run := range []string{"no cache", "cached"} {
			got, err := mustAt(t, r, "HEAD").WalkAllChanges(nil, watchPaths...)
			if err != nil {
				t.Fatal(err)
			}
			want := allChangesGoGit(t, r, watchPaths)
			if len(got) != len(want) {
				t.Fatalf("%s, %s: %d commits, want %d", stage, run, len(got), len(want))
			}
			at := map[Hash]int{}
			for i, c := range got {
				at[c.Commit] = i
				w, ok := want[c.Commit]
				if !ok {
					t.Fatalf("%s, %s: commit %s is not in the history", stage, run, c.Commit)
				}
				for _, p := range c.Parents {
					if j, ok := at[p]; !ok || j >= i {
						t.Fatalf("%s, %s: commit %s comes before its parent %s", stage, run, c.Commit, p)
					}
				}
				if !slices.Equal(c.Parents, w.Parents) || c.Committer.Email != w.Committer.Email || c.Author.Email != w.Author.Email ||
					!slices.Equal(sortedChanges(c.Changes), sortedChanges(w.Changes)) {
					t.Fatalf("%s, %s: commit %s:\n got %+v\nwant %+v", stage, run, c.Commit, c, w)
				}
			}
		}
	}
	check("as written")
	// A side branch from far back, merged now: the walk takes up its
	// commits below the cached history.
	runGit(t, dir, "checkout", "-q", "-b", "old", "HEAD~40")
	write(t, dir, "responses/p100.yaml", "from far back\n")
	runGit(t, dir, "commit", "-q", "-am", "old side")
	runGit(t, dir, "checkout", "-q", "main")
	runGit(t, dir, "merge", "-q", "--no-edit", "old")
	r = reopen(t, dir)
	check("after an old branch merged")
	all, _ := mustAt(t, r, "HEAD").WalkAllChanges(nil, watchPaths...)
	last := all[len(all)-1]
	if !last.Merge || last.Committer.Email != "plain@example.org" || len(last.Changes) != 1 || !last.Changes[0].Brought {
		t.Errorf("the merge: %+v", last)
	}
	runGit(t, dir, "reset", "-q", "--hard", "HEAD~1")
	r = reopen(t, dir)
	check("after a reset")
}

func sortedChanges(cs []PathChange) []PathChange {
	out := slices.Clone(cs)
	slices.SortFunc(out, func(a, b PathChange) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// allChangesGoGit is every commit below HEAD, by go-git's log, with its
// watched paths changed against its first parent.
func allChangesGoGit(t *testing.T, r *Repo, watch []string) map[Hash]CommitPaths {
	t.Helper()
	head, err := r.git.Head()
	if err != nil {
		t.Fatal(err)
	}
	iter, err := r.git.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		t.Fatal(err)
	}
	entries := func(c *object.Commit) map[string]Hash {
		m := map[string]Hash{}
		tr, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range watch {
			dir, isDir := strings.CutSuffix(w, "/")
			e, err := tr.FindEntry(dir)
			if err != nil {
				continue
			}
			if !isDir {
				m[w] = e.Hash
				continue
			}
			if e.Mode.IsFile() {
				continue
			}
			sub, err := object.GetTree(r.git.Storer, e.Hash)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range sub.Entries {
				m[dir+"/"+f.Name] = f.Hash
			}
		}
		return m
	}
	out := map[Hash]CommitPaths{}
	err = iter.ForEach(func(c *object.Commit) error {
		cur := entries(c)
		prev := map[string]Hash{}
		if len(c.ParentHashes) > 0 {
			p, err := c.Parent(0)
			if err != nil {
				return err
			}
			prev = entries(p)
		}
		var changes []PathChange
		for p, h := range cur {
			if prev[p] != h {
				changes = append(changes, PathChange{Path: p, Old: prev[p], New: h})
			}
		}
		for p, h := range prev {
			if _, ok := cur[p]; !ok {
				changes = append(changes, PathChange{Path: p, Old: h})
			}
		}
		markBrought(t, &Snapshot{repo: r}, c, changes)
		out[c.Hash] = CommitPaths{Commit: c.Hash, Parents: c.ParentHashes, Author: Signature{Email: c.Author.Email},
			Committer: Signature{Email: c.Committer.Email}, Changes: changes}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPackedChangesRoundTripAndRefuseDamage(t *testing.T) {
	r, _ := historyRepo(t)
	list, err := mustAt(t, r, "HEAD").WalkAllChanges(nil, watchPaths...)
	if err != nil {
		t.Fatal(err)
	}
	packed := packCommits(list)
	back, err := unpackCommits(packed)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(list) {
		t.Fatalf("%d commits back, want %d", len(back), len(list))
	}
	for i := range list {
		a, b := list[i], back[i]
		if a.Commit != b.Commit || !slices.Equal(a.Parents, b.Parents) || a.Author.Name != b.Author.Name || a.Committer.Email != b.Committer.Email ||
			!a.Author.When.Equal(b.Author.When) || a.Message != b.Message || a.Merge != b.Merge || !slices.Equal(a.Changes, b.Changes) {
			t.Fatalf("commit %d:\n got %+v\nwant %+v", i, b, a)
		}
	}
	// A cache cut short or damaged is refused, never read wrongly or
	// with a panic.
	for _, n := range []int{0, 1, 5, 20, 21, 100, len(packed) / 2, len(packed) - 1} {
		if _, err := unpackCommits(packed[:n]); err == nil {
			t.Errorf("cut to %d bytes: no error", n)
		}
	}
	if _, err := unpackCommits(append(slices.Clone(packed), 0)); err == nil {
		t.Error("a byte too many: no error")
	}
}

// TestWalkChangesOfAnEarlierState: a walk of a state below the cached one
// (a closed round, walked after the state at HEAD) is answered from the
// cache, gives what a walk without it gives, and leaves the cache at HEAD.
func TestWalkChangesOfAnEarlierState(t *testing.T) {
	r, dir := historyRepo(t)
	head := mustAt(t, r, "HEAD")
	if _, err := head.WalkChanges(watchPaths...); err != nil {
		t.Fatal(err)
	}
	for _, rev := range []string{"HEAD~1", "HEAD~2", "HEAD~5", "HEAD~1"} {
		r = reopen(t, dir)
		got, err := mustAt(t, r, rev).WalkChanges(watchPaths...)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffChanges(got, changesGoGit(t, mustAt(t, r, rev), watchPaths...)); d != "" {
			t.Fatalf("%s: %s", rev, d)
		}
		if c := r.loadChanges(changesKey(watchPaths)); c == nil || c.Commit != head.Commit {
			t.Fatalf("%s: the cache moved from HEAD", rev)
		}
	}
}
