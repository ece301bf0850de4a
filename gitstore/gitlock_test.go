package gitstore

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/internal/gittest"
)

// A git command holding index.lock or a ref's lock: skillmap waits a
// little, then fails with git's kind of message and changes nothing.
func TestGitLocksRefuseAndLoseNothing(t *testing.T) {
	for _, lock := range []string{".git/index.lock", ".git/refs/heads/main.lock"} {
		t.Run(lock, func(t *testing.T) {
			r, dir := newRepo(t)
			before := runGit(t, dir, "rev-parse", "HEAD")
			index, _ := os.ReadFile(filepath.Join(dir, ".git/index"))
			if err := os.WriteFile(filepath.Join(dir, lock), []byte("git's\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 2\n")}}, ana, "Submit")
			if !errors.Is(err, ErrGitLocked) {
				t.Fatalf("commit beside git's %s: %v, want ErrGitLocked", lock, err)
			}
			if time.Since(start) < gitLockWait {
				t.Errorf("gave up after %s, before waiting %s", time.Since(start), gitLockWait)
			}
			for _, want := range []string{filepath.Join(dir, lock), "another git process seems to be running", "remove the file"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message does not say %q:\n%v", want, err)
				}
			}
			if got := runGit(t, dir, "rev-parse", "HEAD"); got != before {
				t.Error("the branch moved")
			}
			if got, _ := os.ReadFile(filepath.Join(dir, ".git/index")); string(got) != string(index) {
				t.Error("the index changed")
			}
			if got, _ := os.ReadFile(filepath.Join(dir, lock)); string(got) != "git's\n" {
				t.Error("git's lock file was touched")
			}
			// When git is done, the same commit goes through.
			os.Remove(filepath.Join(dir, lock))
			if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 2\n")}}, ana, "Submit"); err != nil {
				t.Fatal(err)
			}
			checkRepo(t, dir)
		})
	}
}

// git holding a lock for a moment (git status refreshing the index) only
// makes skillmap wait.
func TestGitLockReleasedSoonIsWaitedFor(t *testing.T) {
	r, dir := newRepo(t)
	lock := filepath.Join(dir, ".git/index.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(gitLockWait / 4)
		os.Remove(lock)
	}()
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 3\n")}}, ana, "Submit"); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
}

// While skillmap holds the index, git refuses to write it, as it would
// for another git.
func TestGitRefusesWhileSkillmapWrites(t *testing.T) {
	r, dir := newRepo(t)
	_, lock, err := r.lockIndex()
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "responses/b.yaml", "b: 2\n")
	out, err := gittest.TryGit(dir, "commit", "-q", "-am", "Plain git")
	if err == nil || !strings.Contains(out, "index.lock") {
		t.Fatalf("git committed while skillmap held the index: %v\n%s", err, out)
	}
	lock.release()
	if _, err := os.Stat(filepath.Join(dir, ".git/index.lock")); err == nil {
		t.Fatal("release left the lock behind")
	}
	gittest.Git(t, dir, "commit", "-q", "-am", "Plain git")
	checkRepo(t, dir)
}

// A lock a killed skillmap left behind is not git's: the next skillmap
// removes it and carries on, as its own lock never blocks after a kill.
func TestLockLeftByKilledSkillmapIsTakenOver(t *testing.T) {
	r, dir := newRepo(t)
	for _, lock := range []string{".git/index.lock", ".git/refs/heads/main.lock"} {
		if err := os.WriteFile(filepath.Join(dir, lock), []byte(lockMark+r.gitDir()+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 4\n")}}, ana, "Submit"); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > gitLockWait {
		t.Errorf("waited %s for locks nobody held", time.Since(start))
	}
	for _, lock := range []string{".git/index.lock", ".git/refs/heads/main.lock"} {
		if _, err := os.Stat(filepath.Join(dir, lock)); err == nil {
			t.Errorf("%s is still there", lock)
		}
	}
	checkRepo(t, dir)
}

// One left by a skillmap in another linked worktree may be a live one's:
// it is treated as git's.
func TestLockOfAnotherWorktreeIsWaitedFor(t *testing.T) {
	r, dir := newRepo(t)
	lock := filepath.Join(dir, ".git/refs/heads/main.lock")
	if err := os.WriteFile(lock, []byte(lockMark+filepath.Join(dir, ".git/worktrees/other")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := runGit(t, dir, "rev-parse", "HEAD")
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 5\n")}}, ana, "Submit"); !errors.Is(err, ErrGitLocked) {
		t.Fatalf("commit: %v, want ErrGitLocked", err)
	}
	if runGit(t, dir, "rev-parse", "HEAD") != before {
		t.Fatal("the branch moved")
	}
}
