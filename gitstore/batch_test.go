package gitstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// batchSteps is a history with what a batch must handle: many files added
// at once, one file changed per commit (written as tree deltas), new files
// among them, files in nested and new folders.
func batchSteps() [][]File {
	var steps [][]File
	var first []File
	for i := range 300 {
		first = append(first, File{Path: fmt.Sprintf("responses/p%03d.yaml", i), Data: []byte(fmt.Sprintf("id: p%03d\n", i))})
	}
	steps = append(steps, first)
	for i := range 120 {
		f := File{Path: fmt.Sprintf("responses/p%03d.yaml", (i*7)%300), Data: []byte(fmt.Sprintf("id: x\nrating: %d\n", i))}
		switch {
		case i%50 == 10:
			f.Path = fmt.Sprintf("responses/new%03d.yaml", i)
		case i%50 == 20:
			f.Path = fmt.Sprintf("deep/er/n%d.txt", i)
		}
		steps = append(steps, []File{f})
	}
	steps = append(steps, []File{{Path: "notes", Data: []byte("a file\n")}})
	steps = append(steps, []File{{Path: "more/notes.txt", Data: []byte("x\n")}, {Path: "workshop.yaml", Data: []byte("title: u\n")}})
	return steps
}

func stepSig(i int) Signature {
	return Signature{Name: fmt.Sprintf("P %d", i), Email: fmt.Sprintf("p%d@example.org", i), When: time.Date(2026, 3, 2, 0, 0, i, 0, time.UTC)}
}

func TestBatchMakesTheCommitsCommitWouldMake(t *testing.T) {
	one, oneDir := newRepo(t)
	many, manyDir := newRepo(t)
	b, err := many.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	var want, got Hash
	for i, files := range batchSteps() {
		msg := fmt.Sprintf("step %d", i)
		if want, err = one.Commit(files, stepSig(i), msg); err != nil {
			t.Fatal(err)
		}
		if got, err = b.Commit(files, stepSig(i), msg); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("step %d: batch commit %s, Commit made %s", i, got, want)
		}
	}
	// Nothing to commit is reported as by Commit, and makes no commit.
	if _, err := b.Commit([]File{{Path: "workshop.yaml", Data: []byte("title: u\n")}}, ana, "again"); !errors.Is(err, ErrNoChanges) {
		t.Errorf("unchanged file: err = %v, want ErrNoChanges", err)
	}
	// Until Finish, Git sees none of it.
	if head := strings.TrimSpace(runGit(t, manyDir, "rev-parse", "HEAD")); head == want.String() {
		t.Error("the branch moved before Finish")
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, oneDir)
	checkRepo(t, manyDir)
	if head := strings.TrimSpace(runGit(t, manyDir, "rev-parse", "HEAD")); head != want.String() {
		t.Errorf("HEAD = %s, want %s", head, want)
	}
	if n := strings.TrimSpace(runGit(t, manyDir, "rev-list", "--count", "HEAD")); n != "124" {
		t.Errorf("commits = %s, want 124", n)
	}
	// Most versions of responses/ are deltas, and every object reads back.
	vp := runGit(t, manyDir, "verify-pack", "-v", packIndex(t, manyDir))
	if deltas := strings.Count(vp, " tree ") - strings.Count(vp, "chain length"); !strings.Contains(vp, "chain length = 1:") {
		t.Errorf("no tree deltas in the pack (%d trees):\n%s", deltas, vp[:min(len(vp), 2000)])
	}
	if got := runGit(t, manyDir, "show", "HEAD~1:responses/p000.yaml"); got != "id: x\nrating: 0\n" {
		t.Errorf("p000 = %q", got)
	}
	// go-git reads what the batch wrote, in this process and in a new one.
	for _, r := range []*Repo{many, reopen(t, manyDir)} {
		s, err := r.At("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		if data, err := s.ReadFile("more/notes.txt"); err != nil || string(data) != "x\n" {
			t.Errorf("ReadFile = %q, %v", data, err)
		}
	}
	// And the next ordinary commit goes on from it.
	if _, err := many.Commit([]File{{Path: "responses/p001.yaml", Data: []byte("after\n")}}, ana, "after"); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, manyDir)
}

func packIndex(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.idx"))
	if len(m) != 1 {
		t.Fatalf("packs: %v", m)
	}
	return m[0]
}

func reopen(t *testing.T, dir string) *Repo {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBatchAbortLeavesTheRepositoryAsItWas(t *testing.T) {
	r, dir := newRepo(t)
	head := runGit(t, dir, "rev-parse", "HEAD")
	b, err := r.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 1\n")}, {Path: "responses/z.yaml", Data: []byte("z\n")}}, ana, "x"); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if got := runGit(t, dir, "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved: %s", got)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*")); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}
	runGit(t, dir, "fsck", "--strict")
	// The lock is free again.
	if _, err := r.Commit([]File{{Path: "responses/z.yaml", Data: []byte("z\n")}}, ana, "z"); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
}

func TestBatchOnEmptyRepository(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := b.Commit([]File{{Path: fmt.Sprintf("f%d", i), Data: []byte("x\n")}}, ana, "c"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
	if n := strings.TrimSpace(runGit(t, dir, "rev-list", "--count", "HEAD")); n != "3" {
		t.Errorf("commits = %s", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "f2")); err != nil {
		t.Error(err)
	}
}
