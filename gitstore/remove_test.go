package gitstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommitRemovingMovesAFile: a file moved (one added, one removed) is
// one commit that git reads as such, with a clean status and no empty
// folder left in the tree.
func TestCommitRemovingMovesAFile(t *testing.T) {
	r, dir := newRepo(t)
	_, err := r.CommitRemoving([]File{{Path: "frameworks/x.yaml", Data: []byte("title: t\n")}},
		[]string{"workshop.yaml", "deep/er/still/file.txt"}, ana, "Move")
	if err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
	tree := runGit(t, dir, "ls-tree", "-r", "--name-only", "HEAD")
	if strings.Contains(tree, "workshop.yaml") || strings.Contains(tree, "deep/") || !strings.Contains(tree, "frameworks/x.yaml") {
		t.Errorf("tree after the move:\n%s", tree)
	}
	if _, err := os.Stat(filepath.Join(dir, "workshop.yaml")); !os.IsNotExist(err) {
		t.Errorf("the removed file is still in the working tree: %v", err)
	}
	if got := runGit(t, dir, "rev-list", "--count", "HEAD"); got != "2\n" {
		t.Errorf("%s commits, want 2", got)
	}
}
