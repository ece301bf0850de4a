package gitstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A participant on Windows has core.autocrlf=true: git keeps LF in the
// repository and CRLF in the working tree. What skillmap commits must look
// the same to git: CRLF on disk, LF in the blob, a clean status, even when
// git has to read the files again (its stat data no longer vouching).
func TestAutoCRLFCommits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	if _, err := Init(dir); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "config", "core.autocrlf", "true")
	r, err := Open(dir) // a fresh Repo reads the settings
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit([]File{
		{Path: "workshop.yaml", Data: []byte("title: t\n")},
		{Path: "responses/a.yaml", Data: []byte("a: 1\nb: 2\n")},
	}, ana, "Start"); err != nil {
		t.Fatal(err)
	}
	assertFile(t, dir, "responses/a.yaml", "a: 1\r\nb: 2\r\n")
	if got := runGit(t, dir, "show", "HEAD:responses/a.yaml"); got != "a: 1\nb: 2\n" {
		t.Errorf("blob %q, want LF", got)
	}
	checkCRLFRepo(t, dir, "responses/a.yaml", "workshop.yaml")

	// A participant's editor saved the file (CRLF, as it found it): the
	// commit holds LF and git sees nothing left to commit.
	if err := os.WriteFile(filepath.Join(dir, "responses", "a.yaml"), []byte("a: 3\r\nb: 2\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CommitWorktree([]string{"responses/a.yaml"}, ana, "Submit"); err != nil {
		t.Fatal(err)
	}
	if got := runGit(t, dir, "show", "HEAD:responses/a.yaml"); got != "a: 3\nb: 2\n" {
		t.Errorf("blob %q, want LF", got)
	}
	if data, err := r.WorktreeFile("responses/a.yaml"); err != nil || string(data) != "a: 3\nb: 2\n" {
		t.Errorf("WorktreeFile = %q, %v; want what git would commit", data, err)
	}
	checkCRLFRepo(t, dir, "responses/a.yaml")

	// A commit of many files (a batch, written as a pack) too.
	var many []File
	for i := range bulkFiles {
		many = append(many, File{Path: "responses/p" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".yaml", Data: []byte("n: 1\n")})
	}
	if _, err := r.Commit(many, ana, "Add many"); err != nil {
		t.Fatal(err)
	}
	assertFile(t, dir, many[0].Path, "n: 1\r\n")
	checkCRLFRepo(t, dir, many[0].Path)
}

// .gitattributes decides before core.autocrlf: eol=crlf gives CRLF on any
// system, -text and binary leave a file as it is, and a more specific
// pattern wins over "*".
func TestGitattributesLineEndings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit([]File{{Path: ".gitattributes", Data: []byte("* text eol=crlf\n*.md text=auto eol=lf\n*.bin -text\n*.dat binary\n")}}, ana, "Attributes"); err != nil {
		t.Fatal(err)
	}
	r, _ = Open(dir)
	if _, err := r.Commit([]File{
		{Path: "notes.txt", Data: []byte("one\ntwo\n")},
		{Path: "raw.bin", Data: []byte("one\ntwo\n")},
		{Path: "responses/a.yaml", Data: []byte("a: 1\n")},
		{Path: "plain.md", Data: []byte("x\n")},
		{Path: "blob.dat", Data: []byte("y\n")},
	}, ana, "Files"); err != nil {
		t.Fatal(err)
	}
	assertFile(t, dir, "notes.txt", "one\r\ntwo\r\n")
	assertFile(t, dir, "raw.bin", "one\ntwo\n")
	assertFile(t, dir, "responses/a.yaml", "a: 1\r\n")
	assertFile(t, dir, "plain.md", "x\n")
	assertFile(t, dir, "blob.dat", "y\n")
	checkCRLFRepo(t, dir, "notes.txt", "raw.bin", "responses/a.yaml", "plain.md", "blob.dat")
}

// A clone and sync on a machine whose global git configuration has
// core.autocrlf=true (Git for Windows writes it at install) check files out
// with CRLF, count them as unchanged, and leave git status clean.
func TestAutoCRLFSync(t *testing.T) {
	url, _, _ := shared(t)
	a, _ := clone(t, url) // someone else's, with LF
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[core]\n\tautocrlf = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "clone")
	b, err := Clone(ctx, url, dir, Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	assertFile(t, dir, "responses/a.yaml", "a: 1\r\n")
	// runGit has a home of its own: the repository says what git must know.
	runGit(t, dir, "config", "core.autocrlf", "true")
	checkCRLFRepo(t, dir, "responses/a.yaml")

	// Someone else changes a file; the sync brings it in, as CRLF, and
	// keeps no copy beside it (the CRLF file was not a local change).
	commitFile(t, a, "responses/a.yaml", "a: 2\n", "alice")
	if _, err := a.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := b.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Kept) != 0 || len(res.Updated) != 1 {
		t.Errorf("sync updated %v and kept %v; want a.yaml updated", res.Updated, res.Kept)
	}
	assertFile(t, dir, "responses/a.yaml", "a: 2\r\n")
	checkCRLFRepo(t, dir, "responses/a.yaml")
}

func assertFile(t *testing.T, dir, p, want string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil || string(got) != want {
		t.Errorf("%s holds %q (%v), want %q", p, got, err, want)
	}
}

// checkCRLFRepo checks the repository as checkRepo does, then again once
// the files' times have changed, so that git reads them (with its
// line-ending conversion) instead of trusting its stat data.
func checkCRLFRepo(t *testing.T, dir string, paths ...string) {
	t.Helper()
	checkRepo(t, dir)
	later := time.Now().Add(2 * time.Second)
	for _, p := range paths {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), later, later); err != nil {
			t.Fatal(err)
		}
	}
	if st := runGit(t, dir, "status", "--porcelain"); st != "" {
		t.Fatalf("git status, having read the files again:\n%s", st)
	}
	if d := runGit(t, dir, "diff", "--stat"); d != "" {
		t.Fatalf("git diff:\n%s", d)
	}
}

// Paths that Windows reads as something else are never written, on any
// system, as git refuses them (core.protectNTFS).
func TestWindowsUnsafeTreePaths(t *testing.T) {
	for p, want := range map[string]bool{
		"responses/a.yaml": true, "responses/con.yaml": false, "responses/NUL": false, "responses/com1.txt": false,
		"responses/com10.yaml": true, "responses/a:b.yaml": false, "responses/a.yaml.": false, "responses/a ": false,
		"GIT~1/config": false, "responses/console.yaml": true, "responses/lpt0.yaml": true,
	} {
		if got := safeTreePath(p); got != want {
			t.Errorf("safeTreePath(%q) = %v, want %v", p, got, want)
		}
	}
}
