package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/skillmap/skillmap/internal/gittest"
)

// The contract suite: every read and write path of gitstore, run over
// repositories that the real git prepared in each of the shapes people
// really have, with git's own view checked after every write (git fsck
// --strict, a clean git status). A shape skillmap refuses is checked for a
// message that names the feature and what to do.

// shapeSource makes, with git, the workshop every shape starts from: 20
// response files and a notes file edited by 40 commits, so that a gc
// makes long delta chains.
func shapeSource(t *testing.T) string {
	t.Helper()
	gittest.Need(t)
	src := filepath.Join(t.TempDir(), "src")
	gittest.Git(t, "", "init", "-q", "-b", "main", src)
	write(t, src, "workshop.yaml", "title: shapes\n")
	write(t, src, "obsolete.txt", "to be deleted\n")
	var notes strings.Builder
	for i := range 300 {
		fmt.Fprintf(&notes, "line %d of the facilitator's notes, long enough to be worth a delta\n", i)
	}
	write(t, src, "notes.md", notes.String())
	for i := range 20 {
		write(t, src, fmt.Sprintf("responses/p%02d.yaml", i), fmt.Sprintf("id: p%02d\nround: 0\n", i))
	}
	gittest.Git(t, src, "add", "-A")
	gittest.Git(t, src, "commit", "-q", "-m", "Start")
	lines := strings.SplitAfter(notes.String(), "\n")
	for c := 1; c <= 40; c++ {
		p := c % 20
		write(t, src, fmt.Sprintf("responses/p%02d.yaml", p), fmt.Sprintf("id: p%02d\nround: %d\n", p, c))
		lines[c*7%300] = fmt.Sprintf("edit %d\n", c)
		write(t, src, "notes.md", strings.Join(lines, ""))
		gittest.Git(t, src, "commit", "-q", "-am", fmt.Sprintf("Edit %d", c))
	}
	return src
}

// shapeRemote makes a bare copy of src for one shape to clone and sync
// with.
func shapeRemote(t *testing.T, src string) string {
	t.Helper()
	bare := filepath.Join(t.TempDir(), "remote.git")
	gittest.Git(t, "", "clone", "-q", "--bare", "--no-local", src, bare)
	gittest.Git(t, bare, "config", "uploadpack.allowFilter", "true")
	return bare
}

// gitVersion is the installed git's version as major*100+minor.
func gitVersion(t *testing.T) int {
	out := gittest.Git(t, "", "version")
	m := regexp.MustCompile(`(\d+)\.(\d+)`).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major*100 + minor
}

// cloneOf clones src with git (extra options first) and returns the
// clone's folder.
func cloneOf(t *testing.T, src string, opts ...string) string {
	dst := filepath.Join(t.TempDir(), "ws")
	args := append([]string{"clone", "-q"}, opts...)
	gittest.Git(t, "", append(args, src, dst)...)
	return dst
}

type shape struct {
	name    string
	minGit  int                                   // skip on an older git (major*100+minor)
	prepare func(t *testing.T, src string) string // the working tree to open
	partial bool                                  // old file contents are absent
	refuse  []string                              // the refusal names these
}

var shapes = []shape{
	{name: "plain clone", prepare: func(t *testing.T, src string) string { return cloneOf(t, src, "--no-local") }},
	{name: "loose objects", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		packs, _ := filepath.Glob(filepath.Join(dst, ".git/objects/pack/*.pack"))
		for _, p := range packs {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, ext := range []string{".pack", ".idx", ".rev"} {
				os.Remove(strings.TrimSuffix(p, ".pack") + ext)
			}
			cmd := exec.Command("git", "unpack-objects", "-q")
			cmd.Dir, cmd.Stdin = dst, bytes.NewReader(data)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git unpack-objects: %v\n%s", err, out)
			}
		}
		return dst
	}},
	{name: "gc aggressive, deep deltas", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "-c", "gc.aggressiveDepth=250", "gc", "-q", "--aggressive")
		// notes.md's 41 versions are one delta chain.
		packs, _ := filepath.Glob(filepath.Join(dst, ".git/objects/pack/*.idx"))
		out := gittest.Git(t, dst, "verify-pack", "-v", packs[0])
		if !regexp.MustCompile(`chain length = (2\d|[3-9]\d)`).MatchString(out) {
			t.Fatalf("no long delta chain:\n%s", out[max(0, len(out)-800):])
		}
		return dst
	}},
	{name: "commit-graph", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.commitGraph", "true")
		gittest.Git(t, dst, "commit-graph", "write", "--reachable")
		return dst
	}},
	{name: "packed refs", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "pack-refs", "--all")
		if _, err := os.Stat(filepath.Join(dst, ".git/refs/heads/main")); err == nil {
			t.Fatal("main is still a loose ref")
		}
		return dst
	}},
	{name: "index v4", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "update-index", "--index-version", "4")
		return dst
	}},
	{name: "linked worktree", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		linked := filepath.Join(t.TempDir(), "linked")
		gittest.Git(t, dst, "worktree", "add", "-q", "-b", "linked", linked)
		return linked
	}},
	{name: "split index", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.splitIndex", "true")
		gittest.Git(t, dst, "update-index", "--split-index")
		// Entries replaced, deleted and added in the split part, over
		// the shared one.
		write(t, dst, "responses/p01.yaml", "id: p01\nround: 99\n")
		write(t, dst, "added.txt", "new\n")
		gittest.Git(t, dst, "rm", "-q", "obsolete.txt")
		gittest.Git(t, dst, "add", "-A")
		gittest.Git(t, dst, "commit", "-q", "-m", "Changes in the split index")
		if out := gittest.Git(t, dst, "ls-files", "--debug", "added.txt"); !strings.Contains(out, "added.txt") {
			t.Fatal(out)
		}
		if m, _ := filepath.Glob(filepath.Join(dst, ".git/sharedindex.*")); len(m) == 0 {
			t.Fatal("git wrote no shared index")
		}
		return dst
	}},
	{name: "partial clone", partial: true, prepare: func(t *testing.T, src string) string {
		dst := filepath.Join(t.TempDir(), "ws")
		gittest.Git(t, "", "clone", "-q", "--filter=blob:none", "file://"+src, dst)
		return dst
	}},
	{name: "bitmaps and multi-pack-index", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "repack", "-q", "-a", "-d", "-b")
		gittest.Git(t, dst, "multi-pack-index", "write", "--bitmap")
		return dst
	}},
	{name: "shallow clone", prepare: func(t *testing.T, src string) string {
		dst := filepath.Join(t.TempDir(), "ws")
		gittest.Git(t, "", "clone", "-q", "--depth=15", "file://"+src, dst)
		return dst
	}},
	{name: "alternates", prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--shared")
		if _, err := os.Stat(filepath.Join(dst, ".git/objects/info/alternates")); err != nil {
			t.Fatal(err)
		}
		return dst
	}},
	{name: "relative alternates", refuse: []string{"a relative path in objects/info/alternates", "absolute path"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--shared")
		alt := filepath.Join(dst, ".git/objects/info/alternates")
		rel, err := filepath.Rel(filepath.Join(dst, ".git/objects"), filepath.Join(src, "objects"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(alt, []byte(rel+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		gittest.Git(t, dst, "rev-parse", "HEAD~3:notes.md") // git reads it
		return dst
	}},
	{name: "sparse checkout", refuse: []string{"sparse checkout", "git sparse-checkout disable"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "sparse-checkout", "set", "responses")
		return dst
	}},
	{name: "sha256", refuse: []string{"sha256 object format", "clone the workshop again"}, prepare: func(t *testing.T, _ string) string {
		dst := filepath.Join(t.TempDir(), "ws")
		gittest.Git(t, "", "init", "-q", "--object-format=sha256", dst)
		write(t, dst, "workshop.yaml", "title: t\n")
		gittest.Git(t, dst, "add", "-A")
		gittest.Git(t, dst, "commit", "-q", "-m", "Start")
		return dst
	}},
	{name: "reftable", minGit: 245, refuse: []string{"reftable reference format", "git refs migrate"}, prepare: func(t *testing.T, _ string) string {
		dst := filepath.Join(t.TempDir(), "ws")
		gittest.Git(t, "", "init", "-q", "--ref-format=reftable", dst)
		write(t, dst, "workshop.yaml", "title: t\n")
		gittest.Git(t, dst, "add", "-A")
		gittest.Git(t, dst, "commit", "-q", "-m", "Start")
		return dst
	}},
	// As git 2.45 and later configure reftable, for the git here if older.
	{name: "reftable as configured", refuse: []string{"reftable reference format (extensions.refStorage = reftable)", "git refs migrate"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.repositoryformatversion", "1")
		gittest.Git(t, dst, "config", "extensions.refStorage", "reftable")
		return dst
	}},
	{name: "worktree config", refuse: []string{"extensions.worktreeConfig", "config.worktree"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.repositoryformatversion", "1")
		gittest.Git(t, dst, "config", "extensions.worktreeConfig", "true")
		return dst
	}},
	{name: "unknown extension", refuse: []string{"extensions.frobnicate = yes"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.repositoryformatversion", "1")
		gittest.Git(t, dst, "config", "extensions.frobnicate", "yes")
		return dst
	}},
	{name: "format version 2", refuse: []string{"repository format version 2"}, prepare: func(t *testing.T, src string) string {
		dst := cloneOf(t, src, "--no-local")
		gittest.Git(t, dst, "config", "core.repositoryformatversion", "2")
		return dst
	}},
}

func TestContractShapes(t *testing.T) {
	src := shapeSource(t)
	version := gitVersion(t)
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			if sh.minGit > version {
				t.Skipf("needs git %d.%d or later", sh.minGit/100, sh.minGit%100)
			}
			remote := shapeRemote(t, src)
			dir := sh.prepare(t, remote)
			r, err := Open(dir)
			if sh.refuse != nil {
				if err == nil {
					t.Fatal("opened; want a refusal")
				}
				if !errors.Is(err, ErrUnsupported) {
					t.Errorf("error does not wrap ErrUnsupported: %v", err)
				}
				for _, want := range sh.refuse {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("refusal does not say %q:\n%v", want, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			contractReads(t, r, dir, sh.partial)
			contractWrites(t, r, dir, sh.partial)
			contractSync(t, r, dir, remote)
		})
	}
}

// contractReads checks every read path against what git says.
func contractReads(t *testing.T, r *Repo, dir string, partial bool) {
	t.Helper()
	head, err := r.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD")); head.Commit.String() != want {
		t.Fatalf("HEAD is %s, git says %s", head.Commit, want)
	}
	old, err := r.At("HEAD~3")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := old.Dir("responses")
	if err != nil || len(entries) != 20 {
		t.Fatalf("responses at HEAD~3: %d entries, %v", len(entries), err)
	}
	// Files at HEAD: a partial clone has them, as they are checked out.
	for _, p := range []string{"workshop.yaml", "notes.md", "responses/p07.yaml"} {
		got, err := head.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s at HEAD: %v", p, err)
		}
		if want := gittest.Git(t, dir, "show", "HEAD:"+p); string(got) != want {
			t.Fatalf("%s at HEAD differs from git's", p)
		}
	}
	// Files at an older revision, one by one and all at once.
	hashes := make([]Hash, len(entries))
	for i, e := range entries {
		hashes[i] = e.Hash
	}
	data, errs := r.ReadBlobs(hashes, -1, nil)
	notes, notesErr := old.ReadFile("notes.md")
	if partial {
		missing := 0
		for _, err := range errs {
			if IsMissingObject(err) {
				missing++
				if !strings.Contains(err.Error(), "partial clone") || !strings.Contains(err.Error(), "skillmap report --from URL") {
					t.Errorf("the error does not name the partial clone and what to do: %v", err)
				}
			}
		}
		if missing == 0 {
			t.Error("every old file read from a partial clone")
		}
		if !IsMissingObject(notesErr) {
			t.Errorf("an old notes.md from a partial clone: %v, want ErrMissingObject", notesErr)
		}
	} else {
		for i, e := range entries {
			if errs[i] != nil {
				t.Fatalf("read %s at HEAD~3: %v", e.Name, errs[i])
			}
			if want := gittest.Git(t, dir, "show", "HEAD~3:responses/"+e.Name); string(data[i]) != want {
				t.Fatalf("%s at HEAD~3 differs from git's", e.Name)
			}
		}
		if notesErr != nil || string(notes) != gittest.Git(t, dir, "show", "HEAD~3:notes.md") {
			t.Fatalf("notes.md at HEAD~3 differs from git's (%v)", notesErr)
		}
	}
	// History walks read trees and commits only: a partial clone has them.
	logs, err := head.FolderHistory("responses")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"p00.yaml", "p01.yaml", "p19.yaml"} {
		n := len(strings.Fields(gittest.Git(t, dir, "rev-list", "--first-parent", "HEAD", "--", "responses/"+name)))
		if logs[name] == nil || logs[name].Changes != n {
			t.Errorf("history of %s: %+v, git counts %d commits", name, logs[name], n)
		}
	}
	walk, err := head.WalkChanges("responses/", "notes.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(gittest.Git(t, dir, "rev-list", "--first-parent", "HEAD", "--", "responses", "notes.md"))); len(walk) != n {
		t.Errorf("WalkChanges found %d commits, git %d", len(walk), n)
	}
	if _, err := r.AtTime(time.Now()); err != nil {
		t.Fatal(err)
	}
	// The index as git reads it (git ls-files --stage), split or not.
	idx, err := r.readIndex()
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, e := range idx.Entries {
		fmt.Fprintf(&got, "%o %s %d\t%s\n", e.Mode, e.Hash, e.Stage, e.Name)
	}
	if want := gittest.Git(t, dir, "ls-files", "--stage"); got.String() != want {
		t.Fatalf("the index read:\n%s\ngit ls-files --stage:\n%s", got.String(), want)
	}
	// The index vouches for files git has just looked at.
	gittest.Git(t, dir, "status", "--porcelain")
	fi, err := os.Lstat(filepath.Join(r.Root(), "responses/p03.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if h, ok := r.IndexStat().Hash("responses/p03.yaml", fi); ok && h.String() != strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD:responses/p03.yaml")) {
		t.Errorf("the index gives %s for p03.yaml", h)
	}
}

// contractWrites runs every write path, checking git's view after each.
func contractWrites(t *testing.T, r *Repo, dir string, partial bool) {
	t.Helper()
	who := Signature{Name: "Ana Ruiz", Email: "ana@example.org", When: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	check := func(step string) {
		t.Helper()
		if out, err := gittest.TryGit(dir, "fsck", "--strict", "--no-dangling", "--no-progress"); err != nil {
			t.Fatalf("after %s: git fsck: %v\n%s", step, err, out)
		}
		if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
			t.Fatalf("after %s: git status is not clean:\n%s", step, st)
		}
	}
	if _, err := r.Commit([]File{{Path: "responses/p02.yaml", Data: []byte("id: p02\nround: 100\n")}, {Path: "responses/new.yaml", Data: []byte("id: new\n")}}, who, "Commit"); err != nil {
		t.Fatal(err)
	}
	check("Commit")
	write(t, dir, "responses/p04.yaml", "id: p04\nround: 101\n")
	if _, err := r.CommitWorktree([]string{"responses/p04.yaml"}, who, "CommitWorktree"); err != nil {
		t.Fatal(err)
	}
	check("CommitWorktree")
	b, err := r.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := b.Commit([]File{{Path: fmt.Sprintf("responses/p1%d.yaml", i), Data: []byte(fmt.Sprintf("id: p1%d\nround: 102\n", i))}}, who, "Batch"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	check("Batch")
	many := make([]File, bulkFiles)
	for i := range many {
		many[i] = File{Path: fmt.Sprintf("bulk/f%03d.txt", i), Data: []byte(fmt.Sprintf("bulk %d\n", i))}
	}
	if _, err := r.Commit(many, who, "Bulk"); err != nil {
		t.Fatal(err)
	}
	check("bulk Commit")
	// Checkout: back into git's commits and forward again, as sync moves
	// the working copy.
	branch, head, err := r.headState()
	if err != nil {
		t.Fatal(err)
	}
	back, err := r.git.ResolveRevision(plumbing.Revision("HEAD~10"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.moveBranch(branch, head, *back, nil)
	if partial {
		if !IsMissingObject(err) {
			t.Fatalf("moving a partial clone to files it lacks: %v, want ErrMissingObject", err)
		}
		if cur, _ := r.refHash(branch); cur != head {
			t.Fatalf("the branch moved to %s although the files could not be written", cur)
		}
		check("a refused checkout")
		if _, err := os.Stat(r.journalPath()); err == nil {
			t.Fatal("a refused checkout left a journal for the next run")
		}
		// git fetches what is missing; then skillmap can go on.
		gittest.Git(t, dir, "config", "--unset", "remote.origin.partialclonefilter")
		gittest.Git(t, dir, "-c", "gc.auto=0", "-c", "maintenance.auto=false", "fetch", "-q", "--refetch", "origin")
		if _, err = r.moveBranch(branch, head, *back, nil); err != nil {
			t.Fatalf("after git fetch --refetch, as the error advised: %v", err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	check("checkout back")
	if _, err := r.moveBranch(branch, *back, head, nil); err != nil {
		t.Fatal(err)
	}
	check("checkout forward")
	// Git carries on where skillmap left off, and skillmap reads git's.
	write(t, dir, "responses/p05.yaml", "id: p05\nround: 103\n")
	gittest.Git(t, dir, "commit", "-q", "-am", "Plain git after skillmap")
	if _, err := r.Commit([]File{{Path: "responses/p06.yaml", Data: []byte("id: p06\nround: 104\n")}}, who, "After git"); err != nil {
		t.Fatal(err)
	}
	check("Commit after git")
	if got := gittest.Git(t, dir, "show", "HEAD~1:responses/p05.yaml"); got != "id: p05\nround: 103\n" {
		t.Fatalf("git's commit lost: %q", got)
	}
}

// contractSync pushes what the writes made to the shape's remote, then
// fetches a commit made elsewhere and brings the working copy to it.
func contractSync(t *testing.T, r *Repo, dir, remote string) {
	t.Helper()
	branch := strings.TrimSpace(gittest.Git(t, dir, "symbolic-ref", "--short", "HEAD"))
	if _, err := r.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatalf("sync: %v", err)
	}
	gittest.Fsck(t, remote)
	if got, want := gittest.Git(t, remote, "rev-parse", branch), gittest.Git(t, dir, "rev-parse", "HEAD"); got != want {
		t.Fatalf("the remote's %s is %s, the clone's HEAD %s", branch, got, want)
	}
	other := filepath.Join(t.TempDir(), "other")
	gittest.Git(t, "", "clone", "-q", "-b", branch, remote, other)
	write(t, other, "responses/p08.yaml", "id: p08\nround: 200\n")
	gittest.Git(t, other, "commit", "-q", "-am", "From elsewhere")
	gittest.Git(t, other, "push", "-q", "origin", branch)
	res, err := r.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if res.Fetched != 1 {
		t.Errorf("fetched %d commits, want 1", res.Fetched)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Root(), "responses/p08.yaml")); string(got) != "id: p08\nround: 200\n" {
		t.Errorf("p08.yaml after sync: %q", got)
	}
	if out, err := gittest.TryGit(dir, "fsck", "--strict", "--no-dangling", "--no-progress"); err != nil {
		t.Fatalf("after sync: git fsck: %v\n%s", err, out)
	}
	if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
		t.Fatalf("after sync: git status is not clean:\n%s", st)
	}
}

// A partial clone that never fetched the old file contents still commits
// and syncs: neither needs them.
func TestPartialCloneCommitsAndSyncs(t *testing.T) {
	remote := shapeRemote(t, shapeSource(t))
	dir := filepath.Join(t.TempDir(), "ws")
	gittest.Git(t, "", "clone", "-q", "--filter=blob:none", "file://"+remote, dir)
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit([]File{{Path: "responses/p02.yaml", Data: []byte("id: p02\nround: 100\n")}}, ana, "Commit"); err != nil {
		t.Fatal(err)
	}
	contractSync(t, r, dir, remote)
	old, err := r.At("HEAD~5")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ReadFile("notes.md"); !IsMissingObject(err) {
		t.Fatalf("old notes.md: %v, want ErrMissingObject (the test needs a clone still partial)", err)
	}
}

func TestOpenBareRepositorySaysSo(t *testing.T) {
	bare := gittest.Bare(t, t.TempDir(), "ws")
	if _, err := Open(bare); err == nil || !strings.Contains(err.Error(), "is a bare repository") {
		t.Fatalf("open a bare repository: %v", err)
	}
}
