package gitstore

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestChangesWalksOnceOldestFirst(t *testing.T) {
	r, dir := newRepo(t)
	bob := Signature{Name: "Bob", Email: "bob@example.org", When: ana.When.Add(time.Hour)}
	if _, err := r.Commit([]File{{Path: "responses/b.yaml", Data: []byte("b: 2\n")}}, bob, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit([]File{{Path: "deep/er/still/file.txt", Data: []byte("y\n")}}, ana, "unwatched"); err != nil {
		t.Fatal(err)
	}
	// Plain git deletes a file and edits the settings.
	runGit(t, dir, "rm", "-q", "responses/a.yaml")
	write(t, dir, "workshop.yaml", "title: changed\n")
	runGit(t, dir, "commit", "-q", "-a", "-m", "plain")
	s, err := r.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.WalkChanges("responses/", "workshop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got {
		for _, ch := range c.Changes {
			kind := "changed"
			switch {
			case ch.Old.IsZero():
				kind = "added"
			case ch.New.IsZero():
				kind = "deleted"
			}
			lines = append(lines, c.Author.Email+" "+kind+" "+ch.Path)
		}
	}
	want := strings.Join([]string{
		"ana@example.org added responses/a.yaml",
		"ana@example.org added responses/b.yaml",
		"ana@example.org added workshop.yaml",
		"bob@example.org changed responses/b.yaml",
		"plain@example.org deleted responses/a.yaml",
		"plain@example.org changed workshop.yaml",
	}, "\n")
	if g := strings.Join(lines, "\n"); g != want {
		t.Errorf("changes:\n%s\nwant:\n%s", g, want)
	}
	if len(got) != 3 {
		t.Errorf("%d commits with changes, want 3 (the unwatched one passed over)", len(got))
	}
}

func TestTagsAndTime(t *testing.T) {
	r, dir := newRepo(t)
	first := r.mustHead(t)
	if _, err := r.CreateTag("round/one", Signature{Name: "Ana", Email: "ana@example.org", When: ana.When.Add(time.Hour)}, "Round one"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateTag("round/one", ana, "again"); !errors.Is(err, ErrTagExists) {
		t.Errorf("second tag: %v, want ErrTagExists", err)
	}
	later := Signature{Name: "Ana", Email: "ana@example.org", When: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 9\n")}}, later, "later"); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "tag", "lightweight")
	runGit(t, dir, "fsck", "--strict")
	if got := runGit(t, dir, "cat-file", "-t", "round/one"); got != "tag\n" {
		t.Errorf("round/one is a %s", got)
	}
	tags, err := r.Tags("round/")
	if err != nil || len(tags) != 1 || tags[0].Name != "round/one" || tags[0].Commit != first || tags[0].Message != "Round one" {
		t.Fatalf("tags = %+v, %v", tags, err)
	}
	for when, want := range map[time.Time]Hash{
		time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC): first,
		time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC):  first,
		time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC):   r.mustHead(t),
	} {
		s, err := r.AtTime(when)
		if err != nil || s.Commit != want {
			t.Errorf("AtTime(%s) = %v, %v; want %s", when, s, err, want)
		}
	}
	if _, err := r.AtTime(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("AtTime before the first commit succeeded")
	}
}

func (r *Repo) mustHead(t *testing.T) Hash {
	t.Helper()
	s, err := r.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	return s.Commit
}
