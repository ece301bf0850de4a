package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/workshop"
)

// TestRoomFiguresAreTheReports: the room view of skillmap serve is made
// from workshop.ReportFigures; its figures are report --json's, to the
// byte (with the Trend, which the room view does not ask for), for a
// workshop with two rounds of history and a response file
// that no facilitator added (left out of both).
func TestRoomFiguresAreTheReports(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "demo")
	skillmapIn(t, "demo", ws, "--participants", "30", "--seed", "11")
	// Someone who is not a facilitator adds a participant of their own.
	fake := filepath.Join(ws, "responses", "made-up.yaml")
	data, err := os.ReadFile(filepath.Join(ws, "responses", firstResponse(t, ws)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fake, bytes.Replace(data, []byte("id: "), []byte("id: made-up\n# was: "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, ws, "add", "responses/made-up.yaml")
	gittest.Git(t, ws, "commit", "-q", "-m", "Add me")

	want := skillmapIn(t, "-C", ws, "report", "--json")
	repo, err := gitstore.Open(ws)
	if err != nil {
		t.Fatal(err)
	}
	s, err := workshop.Load(repo, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := workshop.ReportFigures(repo, s, workshop.FiguresOptions{Trend: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Unverified) == 0 {
		t.Fatal("the made-up file is not left out: the test checks nothing")
	}
	var got bytes.Buffer
	if err := f.Report.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want {
		t.Errorf("the room's figures differ from report --json's:\n got %s\nwant %s", got.String(), want)
	}
}

// firstResponse is the name of a response file of the workshop in dir.
func firstResponse(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "responses"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no responses in %s: %v", dir, err)
	}
	return entries[0].Name()
}
