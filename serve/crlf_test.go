package serve

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
)

// TestCRLFWorkshop: a workshop checked out as Git for Windows does
// (core.autocrlf=true: CRLF in the working tree, LF in the repository).
// The form reads it, a save keeps the file's CRLF and commits LF, and
// plain git sees a clean tree, even once it reads the files again.
func TestCRLFWorkshop(t *testing.T) {
	gittest.Need(t)
	f := newFixture(t, 1)
	dir := f.repo.Root()
	rel := survey.ResponsePath(f.people[0].ID)
	gittest.Git(t, dir, "config", "core.autocrlf", "true")
	gittest.Git(t, dir, "rm", "-r", "-q", "--cached", ".")
	for _, p := range []string{rel, "workshop.yaml", "framework.yaml"} {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Git(t, dir, "reset", "-q", "--hard")
	// The server opens the repository as it is now (its settings are
	// read when it is opened).
	repo, err := gitstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.srv, err = New(repo, Options{}); err != nil {
		t.Fatal(err)
	}
	f.repo, f.h = repo, f.srv.Handler()
	full := filepath.Join(dir, filepath.FromSlash(rel))
	crlf := func() []byte {
		data, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(data, []byte("\n")); n == 0 || bytes.Count(data, []byte("\r\n")) != n {
			t.Fatalf("%s does not have CRLF line endings", rel)
		}
		return data
	}
	crlf()
	if w := f.get(f.link(0) + "skill/1"); w.Code != http.StatusOK {
		t.Fatalf("skill page of a CRLF workshop: %d\n%s", w.Code, w.Body)
	}
	if w := f.post(f.link(0)+"skill/1", f.answers(0, 1, 3, "two\nlines")); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	crlf()
	if blob := gittest.Git(t, dir, "show", "HEAD:"+rel); strings.Contains(blob, "\r") {
		t.Error("the save committed CRLF")
	}
	if a := f.committed(0).Answer(f.fw.Skills[0].ID, f.fw.Skills[0].Activities[0].ID); a == nil || a.Note != "two\nlines" {
		t.Errorf("committed %+v", a)
	}
	for range 2 {
		if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
			t.Fatalf("git status:\n%s", st)
		}
		later := time.Now().Add(2 * time.Second)
		_ = os.Chtimes(full, later, later)
	}
	gittest.Fsck(t, dir)
}
