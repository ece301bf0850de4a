package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/internal/gittest"
)

// skillmapWith runs the command in-process with stdin, failing the test on
// a non-zero exit.
func skillmapWith(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &streams{In: strings.NewReader(stdin), Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("skillmap %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// gitClean fails the test unless plain git sees nothing to commit, also
// once it has to read the files again (their times changed), converting
// their line endings as configured.
func gitClean(t *testing.T, ws string, paths ...string) {
	t.Helper()
	if st := gittest.Git(t, ws, "status", "--porcelain"); st != "" {
		t.Fatalf("git status is not clean:\n%s", st)
	}
	later := time.Now().Add(2 * time.Second)
	for _, p := range paths {
		_ = os.Chtimes(filepath.Join(ws, filepath.FromSlash(p)), later, later)
	}
	if st := gittest.Git(t, ws, "status", "--porcelain"); st != "" {
		t.Fatalf("git status, having read the files again:\n%s", st)
	}
}

// allCRLF fails the test unless every line of the file ends in CRLF.
func allCRLF(t *testing.T, ws, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ws, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("\n")); n == 0 || bytes.Count(data, []byte("\r\n")) != n {
		t.Fatalf("%s: %d of %d lines end in CRLF", p, bytes.Count(data, []byte("\r\n")), n)
	}
	return data
}

// A workshop checked out on Windows (core.autocrlf=true): every file has
// CRLF in the working tree and LF in the repository. skillmap reads and
// validates such files, take edits them keeping CRLF, submit and framework
// upgrade commit LF and leave the working tree as git would have it: plain
// git sees a clean tree after each.
func TestCRLFWorkshopWithAutoCRLF(t *testing.T) {
	gittest.Need(t)
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "T", "--facilitator", "Ana Ruiz <ana@example.org>")
	skillmapIn(t, "-C", ws, "add", "Jane Smith", "--role", "senior-product-manager")
	jane := "responses/jane-smith.yaml"

	// Check the workshop out again as Git for Windows does.
	gittest.Git(t, ws, "config", "core.autocrlf", "true")
	gittest.Git(t, ws, "rm", "-r", "-q", "--cached", ".")
	for _, p := range []string{jane, "workshop.yaml", "framework.yaml", "README.md"} {
		if err := os.Remove(filepath.Join(ws, p)); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Git(t, ws, "reset", "-q", "--hard")
	allCRLF(t, ws, jane)
	allCRLF(t, ws, "framework.yaml")
	gitClean(t, ws)

	skillmapIn(t, "-C", ws, "validate")
	if out := skillmapIn(t, "-C", ws, "status"); !strings.Contains(out, "jane-smith") || strings.Contains(out, "yes") {
		t.Errorf("status sees changes in the CRLF files:\n%s", out)
	}

	// take with nothing changed leaves the file alone.
	before := allCRLF(t, ws, jane)
	skillmapWith(t, "q\n", "-C", ws, "take", "--as", "jane-smith")
	if after := allCRLF(t, ws, jane); !bytes.Equal(before, after) {
		t.Error("take without an answer changed the file")
	}
	gitClean(t, ws, jane)

	// take with answers keeps CRLF; submit commits LF, and git agrees.
	skillmapWith(t, "3\n2\nq\n", "-C", ws, "take", "--as", "jane-smith")
	allCRLF(t, ws, jane)
	if d := gittest.Git(t, ws, "diff", "--numstat"); !strings.HasPrefix(d, "2\t2\t"+jane) {
		t.Errorf("take changed more than the two answers: %q", d)
	}
	skillmapIn(t, "-C", ws, "submit", "--as", "jane-smith")
	if blob := gittest.Git(t, ws, "show", "HEAD:"+jane); strings.Contains(blob, "\r") {
		t.Error("submit committed CRLF")
	}
	gitClean(t, ws, jane)

	// framework upgrade re-renders every response file.
	skillmapIn(t, "-C", ws, "framework", "upgrade", "product-management")
	for _, p := range []string{jane, "framework.yaml", "workshop.yaml"} {
		allCRLF(t, ws, p)
		if blob := gittest.Git(t, ws, "show", "HEAD:"+p); strings.Contains(blob, "\r") {
			t.Errorf("upgrade committed CRLF in %s", p)
		}
	}
	gitClean(t, ws, jane, "framework.yaml", "workshop.yaml")
	skillmapIn(t, "-C", ws, "validate")
}

// Without core.autocrlf, a file an editor saved with CRLF is read and
// validated, and submitted as git would commit it (as it is).
func TestCRLFResponseWithoutAutoCRLF(t *testing.T) {
	gittest.Need(t)
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "T", "--facilitator", "Ana Ruiz <ana@example.org>")
	skillmapIn(t, "-C", ws, "add", "Jane Smith", "--role", "senior-product-manager")
	jane := filepath.Join(ws, "responses", "jane-smith.yaml")
	data, _ := os.ReadFile(jane)
	if err := os.WriteFile(jane, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "validate")
	skillmapWith(t, "4\nq\n", "-C", ws, "take", "--as", "jane-smith")
	allCRLF(t, ws, "responses/jane-smith.yaml")
	skillmapIn(t, "-C", ws, "submit", "--as", "jane-smith")
	gitClean(t, ws, "responses/jane-smith.yaml")
	skillmapIn(t, "-C", ws, "validate")
	if out := skillmapIn(t, "-C", ws, "status"); !strings.Contains(out, "1/30") {
		t.Errorf("status does not count the CRLF file's answer:\n%s", out)
	}
}
