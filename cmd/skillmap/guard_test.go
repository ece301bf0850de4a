package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// hostileTitle holds an escape sequence, OSC 52, a C1 control and a bidi
// override.
const hostileTitle = "T\x1b[2J\x1b]52;c;aGk=\x07\u009b\u202e"

// JSON output passes the stream guard valid, and decodes to the values as
// they are: the guard's escapes are JSON's own.
func TestJSONThroughTheGuard(t *testing.T) {
	dir := t.TempDir()
	fw := "schema: 1\nid: hostile\ntitle: \"" + strings.NewReplacer("\x1b", `\e`, "\x07", `\a`, "\u009b", `\x9b`, "\u202e", `\u202e`).Replace(hostileTitle) +
		"\"\nskills:\n  - id: s\n    name: S\n    activities:\n      - {id: a, text: A}\n"
	if err := os.WriteFile(filepath.Join(dir, "fw.yaml"), []byte(fw), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, "ws")
	mustSM(t, "init", ws, "--title", "T", "--framework", filepath.Join(dir, "fw.yaml"), "--facilitator", "Ana Ruiz <ana@example.org>")
	for _, args := range [][]string{{"framework", "show", filepath.Join(ws, "framework.yaml"), "--json"}, {"-C", ws, "report", "--json"}} {
		r := mustSM(t, args...)
		if strings.ContainsAny(r.out, "\x1b\x07\u009b\u202e") {
			t.Errorf("%v: a control character reached stdout", args)
		}
		var v struct {
			Title     string `json:"title"`
			Framework string `json:"framework"`
		}
		if err := json.Unmarshal([]byte(r.out), &v); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, r.out)
		}
		if v.Title+v.Framework != hostileTitle {
			t.Errorf("%v: title %q, want %q", args, v.Title+v.Framework, hostileTitle)
		}
	}
}

// A file written to stdout that is not a terminal is data, kept byte for
// byte; on a terminal it would be escaped.
func TestDataOutIsRawOffTerminal(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "t.md")
	if err := os.WriteFile(md, []byte("| Skill | Activity |\n|---|---|\n| Lead \u202e| Set direction |\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustSM(t, "framework", "import", md, "--id", "x", "--title", "X\u202eY")
	var f struct {
		Title string `yaml:"title"`
	}
	if err := yaml.Unmarshal([]byte(r.out), &f); err != nil || f.Title != "X\u202eY" {
		t.Errorf("framework import to a pipe: title %q (%v), want it as given\n%s", f.Title, err, r.out)
	}
}
