package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/skillmap/skillmap/gitstore"
)

// TestMain lets the test binary act as the skillmap command inside
// testscript scripts: testscript copies the binary into a directory on
// $PATH under the name "skillmap" and runs it as a real subprocess.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"skillmap": func() {
			stopForTests()
			os.Exit(run(os.Args[1:], defaultStreams()))
		},
	})
}

// stopForTests lets a test kill skillmap at a chosen point: with
// SKILLMAP_TEST_CRASH_AT=<point> (see gitstore.TestHook for the points, and
// "after-commit" in submit), the command writes the file
// $SKILLMAP_TEST_CRASH_FILE when it gets there and waits to be killed. Only
// the test binary, run as "skillmap", honours it.
func stopForTests() {
	at := os.Getenv("SKILLMAP_TEST_CRASH_AT")
	if at == "" {
		return
	}
	gitstore.TestHook = func(point string) {
		if point != at {
			return
		}
		_ = os.WriteFile(os.Getenv("SKILLMAP_TEST_CRASH_FILE"), []byte(point), 0o644)
		time.Sleep(time.Minute)
		os.Exit(99) // never reached when the test kills us
	}
}

// testGitConfig is the Git identity of whoever runs skillmap in a script.
// Both go-git (inside skillmap) and the real git read it from $HOME.
const testGitConfig = `[user]
	name = Tess Tester
	email = tester@example.org
[init]
	defaultBranch = main
[commit]
	gpgSign = false
[core]
	autocrlf = false
`

// TestScript runs the end-to-end scripts in testdata/script.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("testdata", "script"),
		UpdateScripts: *update, // -update rewrites the files that cmp checks in the archives
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(testGitConfig), 0o644); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			// Keep the real git from reading anything but $HOME/.gitconfig,
			// and its output stable.
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("GIT_TERMINAL_PROMPT", "0")
			env.Setenv("LC_ALL", "C")
			env.Setenv("TZ", "UTC")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "nxdomain" {
				return resolverSaysNoSuchHost(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"cmpdir":    cmdCmpdir,
			"grepv":     cmdGrepv,
			"setenvq":   cmdSetenvq,
			"mvq":       cmdMvq,
			"nocontrol": cmdNocontrol,
			"setenvout": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: setenvout NAME")
				}
				ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
			},
		},
	})
}

// resolverSaysNoSuchHost tells whether this machine's resolver answers
// "no such host" for a name that cannot exist (some sandboxes have no
// resolver at all), for the scripts that check what join says then.
func resolverSaysNoSuchHost() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := net.DefaultResolver.LookupHost(ctx, "no-such-host.invalid")
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

// cmdExitcode runs a program like exec, and checks its exact exit code:
//
//	exitcode 2 skillmap init ws
//
// Its standard output and error are kept for stdout and stderr, as with exec.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdCmpdir checks that two directory trees hold the same files with the
// same contents; "! cmpdir" checks that they differ.
func cmdCmpdir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: [!] cmpdir DIR1 DIR2")
	}
	diff := dirDiff(ts, ts.MkAbs(args[0]), ts.MkAbs(args[1]))
	switch {
	case diff != "" && !neg:
		ts.Fatalf("%s and %s differ: %s", args[0], args[1], diff)
	case diff == "" && neg:
		ts.Fatalf("%s and %s are identical", args[0], args[1])
	case diff != "":
		ts.Logf("%s", diff)
	}
}

// dirDiff says how two directory trees differ, or "" if they hold the same
// files with the same contents. An empty tree is an error.
func dirDiff(ts *testscript.TestScript, a, b string) string {
	fa, fb := treeFiles(ts, a), treeFiles(ts, b)
	if len(fa) == 0 || len(fb) == 0 {
		ts.Fatalf("nothing to compare: %s holds %d files, %s holds %d", a, len(fa), b, len(fb))
	}
	if strings.Join(fa, "\n") != strings.Join(fb, "\n") {
		return fmt.Sprintf("different files:\n%v\n%v", fa, fb)
	}
	for _, f := range fa {
		da, err := os.ReadFile(filepath.Join(a, f))
		ts.Check(err)
		db, err := os.ReadFile(filepath.Join(b, f))
		ts.Check(err)
		if !bytes.Equal(da, db) {
			return f + " differs"
		}
	}
	return ""
}

func treeFiles(ts *testscript.TestScript, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	ts.Check(err)
	sort.Strings(files)
	return files
}

// cmdGrepv copies the lines of a file (or stdout) that do not match a
// regular expression to another file, like grep -v:
//
//	grepv '"revision' stdout figures.json
func cmdGrepv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: grepv REGEXP FILE|stdout|stderr OUTFILE")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	var out strings.Builder
	for _, line := range strings.SplitAfter(ts.ReadFile(args[1]), "\n") {
		if line != "" && !re.MatchString(line) {
			out.WriteString(line)
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(out.String()), 0o644))
}

// unquoteArg reads a script argument written with Go escapes (\x1b, \n,
// \u202e), so that a script can make names and files that hold control
// characters.
func unquoteArg(ts *testscript.TestScript, s string) string {
	u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("bad escapes in %q: %v", s, err)
	}
	return u
}

// cmdSetenvq sets an environment variable to a value written with Go
// escapes:
//
//	setenvq GIT_AUTHOR_NAME 'Eve\x1b[1A'
func cmdSetenvq(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: setenvq NAME VALUE")
	}
	ts.Setenv(args[0], unquoteArg(ts, args[1]))
}

// cmdMvq renames a file to a name written with Go escapes:
//
//	mvq ws/responses/x.yaml 'ws/responses/x\n.yaml'
func cmdMvq(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mvq FROM TO")
	}
	ts.Check(os.Rename(ts.MkAbs(args[0]), ts.MkAbs(unquoteArg(ts, args[1]))))
}

// cmdNocontrol checks that a file (or stdout, or stderr) holds no character
// a terminal acts on but line breaks and tabs: no C0 control, DEL, C1
// control, bidi control or byte that is not UTF-8.
func cmdNocontrol(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: nocontrol FILE|stdout|stderr...")
	}
	for _, name := range args {
		text := ts.ReadFile(name)
		for i, r := range text {
			bad := r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f ||
				r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x2028 && r <= 0x202e || r >= 0x2066 && r <= 0x2069
			if bad {
				line := 1 + strings.Count(text[:i], "\n")
				ts.Fatalf("%s: line %d holds control character %U: %q", name, line, r, strings.Split(text, "\n")[line-1])
			}
		}
	}
}
