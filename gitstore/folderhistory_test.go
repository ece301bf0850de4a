package gitstore

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// historyRepo makes a history with every kind of change FolderHistory
// meets: a batch (trees as deltas in our pack), single commits (loose
// objects), plain git commits that delete and re-add files and add a
// subfolder, a merge, and commits that do not touch the folder.
func historyRepo(t *testing.T) (*Repo, string) {
	t.Helper()
	r, dir := newRepo(t)
	b, err := r.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	var first []File
	for i := range 250 {
		first = append(first, File{Path: fmt.Sprintf("responses/p%03d.yaml", i), Data: []byte(fmt.Sprintf("p%d\n", i))})
	}
	if _, err := b.Commit(first, ana, "add"); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		f := File{Path: fmt.Sprintf("responses/p%03d.yaml", (i*13)%250), Data: []byte(fmt.Sprintf("v%d\n", i))}
		if _, err := b.Commit([]File{f}, stepSig(i), "submit"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := r.Commit([]File{{Path: fmt.Sprintf("responses/p%03d.yaml", i), Data: []byte("loose\n")}}, stepSig(100+i), "one"); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, dir, "rm", "-q", "responses/p010.yaml", "responses/p011.yaml")
	runGit(t, dir, "commit", "-q", "-m", "remove two")
	write(t, dir, "responses/p010.yaml", "back again\n")
	write(t, dir, "responses/sub/x.yaml", "in a subfolder\n")
	write(t, dir, "workshop.yaml", "title: other\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "re-add one, add a subfolder")
	runGit(t, dir, "checkout", "-q", "-b", "side")
	write(t, dir, "responses/p200.yaml", "on a side branch\n")
	runGit(t, dir, "commit", "-q", "-am", "side")
	runGit(t, dir, "checkout", "-q", "main")
	write(t, dir, "responses/p201.yaml", "on main\n")
	runGit(t, dir, "commit", "-q", "-am", "main")
	runGit(t, dir, "merge", "-q", "--no-edit", "side")
	write(t, dir, "README.md", "not in the folder\n")
	runGit(t, dir, "add", "README.md")
	runGit(t, dir, "commit", "-q", "-m", "readme")
	return reopen(t, dir), dir
}

func TestFolderHistoryMatchesAPlainGoGitWalk(t *testing.T) {
	r, dir := historyRepo(t)
	check := func(stage string) {
		t.Helper()
		for _, rev := range []string{"HEAD", "HEAD~1", "HEAD~3", "HEAD~9", "HEAD~40"} {
			s, err := r.At(rev)
			if err != nil {
				t.Fatal(err)
			}
			want := folderHistoryGoGit(t, s, "responses")
			for _, cached := range []string{"no cache", "cached"} {
				got, err := s.FolderHistory("responses")
				if err != nil {
					t.Fatal(err)
				}
				if !sameLogs(got, want) {
					t.Fatalf("%s, %s, %s: FolderHistory differs from the plain walk:\n%s", stage, rev, cached, diffLogs(got, want))
				}
			}
		}
		if len(folderHistoryGoGit(t, mustAt(t, r, "HEAD"), "responses")) < 250 {
			t.Fatal("history too small: the repository was not built")
		}
	}
	check("as written")
	runGit(t, dir, "gc", "-q", "--aggressive", "--prune=now")
	r = reopen(t, dir)
	os.RemoveAll(r.historyCacheFile("responses"))
	check("after git gc")
	// A folder that is not there, and one that is nested.
	s := mustAt(t, r, "HEAD")
	if logs, err := s.FolderHistory("nothing/here"); err != nil || len(logs) != 0 {
		t.Errorf("missing folder: %v, %v", logs, err)
	}
	if logs, err := s.FolderHistory("responses/sub"); err != nil || logs["x.yaml"] == nil || logs["x.yaml"].Changes != 1 {
		t.Errorf("nested folder: %v, %v", logs, err)
	}
}

// TestHistoryCacheIsNeverStale: after each new commit (by skillmap, by
// plain git, after a reset that drops the cached commit) the cached walk
// gives what a walk without the cache gives, and deleting the cache
// changes nothing.
func TestHistoryCacheIsNeverStale(t *testing.T) {
	r, dir := historyRepo(t)
	cacheFile := r.historyCacheFile("responses")
	fresh := func() map[string]*FileLog {
		t.Helper()
		data, err := os.ReadFile(cacheFile)
		if err == nil {
			defer os.WriteFile(cacheFile, data, 0o644)
		}
		os.Remove(cacheFile)
		logs, err := mustAt(t, r, "HEAD").FolderHistory("responses")
		if err != nil {
			t.Fatal(err)
		}
		return logs
	}
	cached := func() map[string]*FileLog {
		t.Helper()
		logs, err := mustAt(t, r, "HEAD").FolderHistory("responses")
		if err != nil {
			t.Fatal(err)
		}
		return logs
	}
	cached()
	if _, err := os.Stat(cacheFile); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	steps := []func(){
		func() {
			if _, err := r.Commit([]File{{Path: "responses/p001.yaml", Data: []byte("again\n")}}, stepSig(500), "one more"); err != nil {
				t.Fatal(err)
			}
		},
		func() {
			write(t, dir, "responses/p002.yaml", "by git\n")
			runGit(t, dir, "commit", "-q", "-am", "by git")
		},
		func() { runGit(t, dir, "reset", "-q", "--hard", "HEAD~3") }, // the cached commit is no longer in the history
		func() {
			write(t, dir, "responses/new.yaml", "new\n")
			runGit(t, dir, "add", "responses/new.yaml")
			runGit(t, dir, "commit", "-q", "-m", "new file")
		},
	}
	for i, step := range steps {
		step()
		r = reopen(t, dir)
		want := folderHistoryGoGit(t, mustAt(t, r, "HEAD"), "responses")
		if got := cached(); !sameLogs(got, want) {
			t.Fatalf("step %d: with the cache:\n%s", i, diffLogs(got, want))
		}
		if got := fresh(); !sameLogs(got, want) {
			t.Fatalf("step %d: without the cache:\n%s", i, diffLogs(got, want))
		}
	}
	// A damaged cache is ignored.
	if err := os.WriteFile(cacheFile, []byte("not a cache"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := cached(), fresh(); !sameLogs(got, want) {
		t.Fatalf("damaged cache:\n%s", diffLogs(got, want))
	}
	// The cache is under .git, never in the working tree.
	if st := runGit(t, dir, "status", "--porcelain", "--ignored"); st != "" {
		t.Errorf("status: %s", st)
	}
}

func mustAt(t *testing.T, r *Repo, rev string) *Snapshot {
	t.Helper()
	s, err := r.At(rev)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sameLogs(a, b map[string]*FileLog) bool {
	if len(a) != len(b) {
		return false
	}
	for name, x := range a {
		y := b[name]
		if y == nil || x.LastAt != y.LastAt || x.Created != y.Created || x.Changes != y.Changes ||
			x.Last.Name != y.Last.Name || x.Last.Email != y.Last.Email || !x.Last.When.Equal(y.Last.When) {
			return false
		}
		_, xo := x.Last.When.Zone()
		_, yo := y.Last.When.Zone()
		if xo != yo {
			return false
		}
	}
	return true
}

func diffLogs(got, want map[string]*FileLog) string {
	var b strings.Builder
	for name, w := range want {
		if g := got[name]; g == nil || !reflect.DeepEqual(*g, *w) {
			fmt.Fprintf(&b, "%s: got %+v, want %+v\n", name, g, w)
		}
	}
	for name, g := range got {
		if want[name] == nil {
			fmt.Fprintf(&b, "%s: got %+v, want none\n", name, g)
		}
	}
	return b.String()
}

// folderHistoryGoGit is FolderHistory as first written, through go-git's
// objects: the reference the faster walk must agree with.
func folderHistoryGoGit(t *testing.T, s *Snapshot, dir string) map[string]*FileLog {
	t.Helper()
	logs := map[string]*FileLog{}
	c, err := s.repo.git.CommitObject(s.Commit)
	if err != nil {
		t.Fatal(err)
	}
	entries := func(c *object.Commit) (Hash, map[string]Hash) {
		tr, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		e, err := tr.FindEntry(dir)
		if err != nil {
			return plumbing.ZeroHash, nil
		}
		sub, err := object.GetTree(s.repo.git.Storer, e.Hash)
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]Hash, len(sub.Entries))
		for _, x := range sub.Entries {
			m[x.Name] = x.Hash
		}
		return e.Hash, m
	}
	curTree, cur := entries(c)
	for c != nil {
		var parent *object.Commit
		if len(c.ParentHashes) > 0 {
			if parent, err = s.repo.git.CommitObject(c.ParentHashes[0]); err != nil {
				t.Fatal(err)
			}
		}
		var prevTree Hash
		var prev map[string]Hash
		if parent != nil {
			prevTree, prev = entries(parent)
		}
		if curTree != prevTree {
			for name, h := range cur {
				old, existed := prev[name]
				if existed && old == h {
					continue
				}
				l := logs[name]
				if l == nil {
					l = &FileLog{Last: Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When}, LastAt: c.Hash}
					logs[name] = l
				}
				l.Changes++
				if !existed && l.Created.IsZero() {
					l.Created = c.Hash // the latest creation
				}
			}
		}
		c, curTree, cur = parent, prevTree, prev
	}
	return logs
}
