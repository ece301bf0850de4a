package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// dropBands takes the bands out of a new workshop's settings, committed as
// its facilitator, for tests of the figures of role levels alone.
func dropBands(t *testing.T, ws, name, email string) {
	t.Helper()
	p := filepath.Join(ws, "workshop.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "# bands:")
	if i < 0 {
		t.Fatal("workshop.yaml has no bands")
	}
	if err := os.WriteFile(p, data[:i], 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "-C", ws, "-c", "user.name="+name, "-c", "user.email="+email, "commit", "-q", "-m", "no bands", "workshop.yaml")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
}
