// Package layers holds the test of the rules on which package may use
// which: data flows one way, gitstore → survey → aggregate → a writer, and
// the application layer (audit, figures, workshop) joins gitstore and survey
// without the CLI.
package layers

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/skillmap/skillmap/"

// forbidden lists, per package, what it must never depend on, directly or
// not.
var forbidden = map[string][]string{
	"survey":    {module + "gitstore", module + "aggregate", module + "audit", "github.com/go-git/go-git/v5", "github.com/spf13/cobra"},
	"aggregate": {module + "gitstore", module + "audit", "github.com/go-git/go-git/v5", "github.com/spf13/cobra"},
	"gitstore":  {module + "survey", module + "aggregate", module + "audit", "github.com/spf13/cobra"},
	"audit":     {module + "aggregate", "github.com/spf13/cobra"},
	"figures":   {module + "audit", "github.com/spf13/cobra"},
	// workshop is the application layer under the CLI: it may use every
	// package below it, never the CLI's.
	"workshop": {module + "cmd", "github.com/spf13/cobra"},
	// personal joins workshop snapshots, rounds and aggregate for one
	// participant, under the CLI.
	"personal": {module + "cmd", "github.com/spf13/cobra"},
}

func TestLayers(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[d] = true
		}
		for _, b := range bad {
			for d := range deps {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s depends on %s, which it must not", pkg, d)
				}
			}
		}
	}
}
