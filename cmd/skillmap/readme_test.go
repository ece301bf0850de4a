package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEPipedTake keeps the README's piped take example and the
// script that runs it (testdata/script/newcomer.txtar) the same command.
func TestREADMEPipedTake(t *testing.T) {
	const example = `printf '3\nled two teams\n2\n\nq\n' | skillmap take --as jane-smith`
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), example) {
		t.Errorf("README.md no longer shows %s", example)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "script", "newcomer.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	// testscript quotes a ' inside '...' as ''.
	quoted := "exec sh -c '" + strings.ReplaceAll(example, "'", "''") + "'"
	if strings.Count(string(script), quoted) < 2 {
		t.Errorf("newcomer.txtar does not run the README's example twice as\n%s", quoted)
	}
}
