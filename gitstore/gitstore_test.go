package gitstore

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// runGit runs the real git binary in dir, with a configuration of its own so
// the test does not depend on the machine's.
func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME="+home,
		"GIT_AUTHOR_NAME=Plain Git", "GIT_AUTHOR_EMAIL=plain@example.org",
		"GIT_COMMITTER_NAME=Plain Git", "GIT_COMMITTER_EMAIL=plain@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// checkRepo asserts what every repository skillmap writes must satisfy.
func checkRepo(t *testing.T, dir string) {
	t.Helper()
	runGit(t, dir, "fsck", "--strict", "--no-dangling")
	if st := runGit(t, dir, "status", "--porcelain"); st != "" {
		t.Fatalf("git status is not clean:\n%s", st)
	}
}

var ana = Signature{Name: "Ana Ruiz", Email: "ana@example.org", When: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}

func newRepo(t *testing.T) (*Repo, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Commit([]File{
		{Path: "workshop.yaml", Data: []byte("title: t\n")},
		{Path: "responses/a.yaml", Data: []byte("a: 1\n")},
		{Path: "responses/b.yaml", Data: []byte("b: 1\n")},
		{Path: "deep/er/still/file.txt", Data: []byte("x\n")},
	}, ana, "Start")
	if err != nil {
		t.Fatal(err)
	}
	return r, dir
}

func TestCommitPassesFsckAndLeavesStatusClean(t *testing.T) {
	r, dir := newRepo(t)
	checkRepo(t, dir)
	if got := strings.TrimSpace(runGit(t, dir, "symbolic-ref", "HEAD")); got != "refs/heads/main" {
		t.Errorf("HEAD = %s, want refs/heads/main", got)
	}
	bob := Signature{Name: "Bob Jones", Email: "bob@example.org"}
	if _, err := r.Commit([]File{{Path: "responses/b.yaml", Data: []byte("b: 2\n")}}, bob, "Submit Bob"); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
	if got := runGit(t, dir, "log", "-1", "--format=%an <%ae>|%cn|%s"); got != "Bob Jones <bob@example.org>|Bob Jones|Submit Bob\n" {
		t.Errorf("last commit = %q", got)
	}
	if got := runGit(t, dir, "show", "HEAD:responses/b.yaml"); got != "b: 2\n" {
		t.Errorf("committed content = %q", got)
	}
	if got := runGit(t, dir, "show", "--name-only", "--format=", "HEAD"); got != "responses/b.yaml\n" {
		t.Errorf("commit touched %q, want only responses/b.yaml", got)
	}
	if got := runGit(t, dir, "rev-list", "--count", "HEAD"); got != "2\n" {
		t.Errorf("commits = %s", got)
	}
}

func TestCommitWorktreeCommitsOnlyThatFile(t *testing.T) {
	r, dir := newRepo(t)
	write(t, dir, "responses/a.yaml", "a: 2\n")
	write(t, dir, "responses/b.yaml", "b: edited, not submitted\n")
	write(t, dir, "workshop.yaml", "title: staged\n")
	runGit(t, dir, "add", "workshop.yaml")
	if _, err := r.CommitWorktree([]string{"responses/a.yaml"}, Signature{Name: "A", Email: "a@example.org"}, "Submit A"); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "fsck", "--strict")
	st := runGit(t, dir, "status", "--porcelain")
	if st != " M responses/b.yaml\nM  workshop.yaml\n" {
		t.Errorf("status after committing one file:\n%s", st)
	}
	if got := runGit(t, dir, "show", "HEAD:responses/a.yaml"); got != "a: 2\n" {
		t.Errorf("committed a = %q", got)
	}
	if got := runGit(t, dir, "show", "HEAD:workshop.yaml"); got != "title: t\n" {
		t.Errorf("staged workshop.yaml was committed: %q", got)
	}
}

func TestNothingToCommit(t *testing.T) {
	r, _ := newRepo(t)
	_, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 1\n")}}, ana, "again")
	if !errors.Is(err, ErrNoChanges) {
		t.Fatalf("err = %v, want ErrNoChanges", err)
	}
}

func TestReadsCommitsMadeWithPlainGit(t *testing.T) {
	r, dir := newRepo(t)
	write(t, dir, "responses/a.yaml", "a: from plain git\n")
	write(t, dir, "responses/c.yaml", "c: new\n")
	runGit(t, dir, "add", "responses")
	runGit(t, dir, "commit", "-q", "-m", "plain git edit")
	r2, err := Open(filepath.Join(dir, "responses")) // from a subfolder, like git
	if err != nil {
		t.Fatal(err)
	}
	if r2.Root() != r.Root() {
		t.Errorf("root from subfolder = %s, want %s", r2.Root(), r.Root())
	}
	s, err := r2.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ReadFile("responses/a.yaml")
	if err != nil || string(got) != "a: from plain git\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	logs, err := s.FolderHistory("responses")
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := logs["a.yaml"], logs["b.yaml"], logs["c.yaml"]
	if a == nil || a.Last.Email != "plain@example.org" || a.Changes != 2 || a.LastAt == a.Created {
		t.Errorf("a.yaml log = %+v", a)
	}
	if b == nil || b.Last.Email != ana.Email || b.Changes != 1 || b.LastAt != b.Created {
		t.Errorf("b.yaml log = %+v", b)
	}
	if c == nil || c.Changes != 1 || c.Created != s.Commit {
		t.Errorf("c.yaml log = %+v", c)
	}
	// Our next commit on top of git's must keep the index consistent too.
	if _, err := r2.Commit([]File{{Path: "responses/c.yaml", Data: []byte("c: 2\n")}}, ana, "after git"); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
}

func TestRevisions(t *testing.T) {
	r, dir := newRepo(t)
	first := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD"))
	runGit(t, dir, "tag", "-a", "round/one", "-m", "round one")
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 3\n")}}, ana, "second"); err != nil {
		t.Fatal(err)
	}
	for _, rev := range []string{"HEAD~1", "round/one", first, first[:10], "main~1"} {
		s, err := r.At(rev)
		if err != nil {
			t.Errorf("At(%q): %v", rev, err)
			continue
		}
		if s.Commit.String() != first {
			t.Errorf("At(%q) = %s, want %s", rev, s.Commit, first)
		}
	}
	if _, err := r.At("no-such-branch"); err == nil {
		t.Error("At(unknown) succeeded")
	}
}

func TestDirReportsLinksAndSubmodulesWithoutFollowing(t *testing.T) {
	r, dir := newRepo(t)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "responses", "evil.yaml")); err != nil {
		t.Fatal(err)
	}
	head := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD"))
	runGit(t, dir, "add", "responses/evil.yaml")
	runGit(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+head+",responses/sub.yaml")
	runGit(t, dir, "commit", "-q", "-m", "odd entries")
	s, err := r.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := s.Dir("responses")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]EntryKind{}
	for _, e := range entries {
		kinds[e.Name] = e.Kind
	}
	if kinds["evil.yaml"] != KindSymlink || kinds["sub.yaml"] != KindSubmodule || kinds["a.yaml"] != KindFile {
		t.Errorf("kinds = %v", kinds)
	}
	if _, err := s.ReadFile("responses/evil.yaml"); err == nil {
		t.Error("ReadFile followed a symbolic link")
	}
	if entries, err := s.Dir("no-such-folder"); err != nil || len(entries) != 0 {
		t.Errorf("missing folder: %v, %v", entries, err)
	}
}

func TestReadBlobLimit(t *testing.T) {
	r, _ := newRepo(t)
	s, _ := r.At("HEAD")
	entries, _ := s.Dir("responses")
	if _, err := r.ReadBlob(entries[0].Hash, 2); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestRefusesPathsOutsideTheWorktree(t *testing.T) {
	r, dir := newRepo(t)
	for _, p := range []string{"../escape", "/abs", ".git/config", "a/../../b", "a\\b", "bad\nname", ""} {
		if _, err := r.Commit([]File{{Path: p, Data: []byte("x")}}, ana, "bad"); err == nil {
			t.Errorf("Commit(%q) succeeded", p)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape")); err == nil {
		t.Error("a file was written outside the worktree")
	}
	checkRepo(t, dir)
}

func TestConcurrentWritersLoseNothing(t *testing.T) {
	_, dir := newRepo(t)
	const writers = 12
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Open(dir) // each its own handle, as separate processes would have
			if err == nil {
				p := fmt.Sprintf("responses/p%02d.yaml", i)
				_, err = r.Commit([]File{{Path: p, Data: []byte(p + "\n")}}, ana, "add "+p)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkRepo(t, dir)
	if got := strings.TrimSpace(runGit(t, dir, "rev-list", "--count", "HEAD")); got != fmt.Sprint(writers+1) {
		t.Errorf("commits = %s, want %d", got, writers+1)
	}
}

func TestInitRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "keep.txt", "mine")
	if _, err := Init(dir); err == nil {
		t.Fatal("Init into a non-empty folder succeeded")
	}
}

func TestOpenOutsideRepository(t *testing.T) {
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNotRepository) {
		t.Fatalf("err = %v, want ErrNotRepository", err)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
