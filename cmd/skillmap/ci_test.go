package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/skillmap/skillmap/internal/buildinfo"
	"github.com/skillmap/skillmap/templates"
)

// The workflow that init --ci github writes is valid YAML, runs on pull
// requests and on main, and every skillmap command it runs is a real
// command with real flags. It installs the version of skillmap that wrote
// it, from a cache when it can, never the latest.
func TestGitHubWorkflow(t *testing.T) {
	defer func(b buildinfo.Info) { build = b }(build)
	build = buildinfo.Info{Version: "v1.4.0", Commit: "abcdef0", Date: "2026-12-01T00:00:00Z"}
	testGitHubWorkflow(t, "v1.4.0")
}

// A development build has no version to install: the workflow it writes
// says so and fails, and init warns.
func TestGitHubWorkflowFromDevBuild(t *testing.T) {
	defer func(b buildinfo.Info) { build = b }(build)
	build = buildinfo.Info{Version: buildinfo.Dev}
	errs := testGitHubWorkflow(t, buildinfo.Dev)
	if !strings.Contains(errs, "development build") {
		t.Errorf("init did not warn of a workflow that cannot install skillmap: %q", errs)
	}
}

func testGitHubWorkflow(t *testing.T, pin string) (initStderr string) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	var out, errs bytes.Buffer
	st := &streams{In: strings.NewReader(""), Out: &out, Err: &errs}
	if code := run([]string{"init", ws, "--title", "T", "--ci", "github", "--facilitator", "Ana Ruiz <ana@example.org>"}, st); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs.String())
	}
	data, err := os.ReadFile(filepath.Join(ws, ".github", "workflows", "skillmap.yml"))
	if err != nil {
		t.Fatal(err)
	}
	initStderr = errs.String()
	want, _ := templates.CIWorkflow("github", buildinfo.Module, pin, pin == buildinfo.Dev)
	if !bytes.Equal(data, want) {
		t.Error("the workflow written is not the template")
	}
	if strings.Contains(string(data), "@latest") {
		t.Error("the workflow installs @latest")
	}
	var wf struct {
		Name string `yaml:"name"`
		On   struct {
			PullRequest *struct{} `yaml:"pull_request"`
			Push        struct {
				Branches []string `yaml:"branches"`
			} `yaml:"push"`
			WorkflowDispatch *struct{} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			If     string `yaml:"if"`
			RunsOn string `yaml:"runs-on"`
			Steps  []struct {
				ID   string            `yaml:"id"`
				If   string            `yaml:"if"`
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&wf); err != nil {
		t.Fatalf("the workflow is not the YAML expected: %v", err)
	}
	if !slices.Contains(wf.On.Push.Branches, "main") {
		t.Errorf("push branches %v: the workbook is built on main", wf.On.Push.Branches)
	}
	if !strings.Contains(string(data), "\n  pull_request:\n") {
		t.Error("the workflow does not run on pull requests")
	}
	if len(wf.Permissions) != 1 || wf.Permissions["contents"] != "read" {
		t.Errorf("permissions %v: the workflow only reads", wf.Permissions)
	}

	modulePath := buildinfo.Module
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != "" && bi.Main.Path != modulePath {
		t.Errorf("buildinfo.Module is %s, the module is %s", modulePath, bi.Main.Path)
	}
	ran := map[string][]string{}       // job → skillmap commands
	installs := map[string][]string{}  // job → go install lines
	cacheKeys := map[string][]string{} // job → cache keys
	var reportOut, artifact string
	for name, job := range wf.Jobs {
		if job.RunsOn == "" || len(job.Steps) == 0 {
			t.Errorf("job %s has no runner or no steps", name)
		}
		for _, step := range job.Steps {
			if step.Uses != "" && !regexp.MustCompile(`^actions/[a-z-]+@v\d+$`).MatchString(step.Uses) {
				t.Errorf("job %s uses %q", name, step.Uses)
			}
			if strings.HasPrefix(step.Uses, "actions/upload-artifact@") {
				artifact = step.With["path"]
			}
			if strings.HasPrefix(step.Uses, "actions/cache@") {
				cacheKeys[name] = append(cacheKeys[name], step.With["key"])
			}
			if strings.Contains(step.Run, "go install ") {
				if !strings.Contains(step.If, "cache-hit != 'true'") {
					t.Errorf("job %s installs skillmap even when the cache has it (if %q)", name, step.If)
				}
				if pin == buildinfo.Dev && !strings.Contains(step.Run, "exit 1") {
					t.Errorf("job %s: the workflow of a development build does not fail: %q", name, step.Run)
				}
			}
			for _, line := range strings.Split(step.Run, "\n") {
				line = strings.TrimSpace(line)
				if strings.HasPrefix(line, "go install ") {
					installs[name] = append(installs[name], line)
					if want := "go install " + modulePath + "/cmd/skillmap@" + pin; line != want {
						t.Errorf("job %s installs with %q, want %q", name, line, want)
					}
				}
				if !strings.HasPrefix(line, "skillmap ") {
					continue
				}
				args := strings.Fields(line)[1:]
				if err := commandLineError(args); err != nil {
					t.Error(err)
				}
				ran[name] = append(ran[name], args[0])
				if args[0] == "report" {
					for i, a := range args {
						if a == "-o" && i+1 < len(args) {
							reportOut = args[i+1]
						}
					}
				}
			}
		}
	}
	for name := range wf.Jobs {
		if len(installs[name]) != 1 || len(cacheKeys[name]) != 1 || !strings.HasPrefix(cacheKeys[name][0], "skillmap-"+pin+"-") {
			t.Errorf("job %s: installs %q, cache keys %q; want one install of %s, cached by its version", name, installs[name], cacheKeys[name], pin)
		}
	}
	if !strings.Contains(wf.Jobs["validate"].If, "pull_request") || !slices.Contains(ran["validate"], "validate") {
		t.Errorf("the validate job (if %q) runs %v; it must run skillmap validate on pull requests", wf.Jobs["validate"].If, ran["validate"])
	}
	if !slices.Contains(ran["report"], "report") || reportOut == "" || reportOut != artifact {
		t.Errorf("the report job runs %v, writes %q and uploads %q", ran["report"], reportOut, artifact)
	}

	// The validate job prints workflow commands that annotate the file and
	// line of each problem.
	if !strings.Contains(wf.Jobs["validate"].Steps[len(wf.Jobs["validate"].Steps)-1].Run, "skillmap validate --github") {
		t.Error("the validate job does not run skillmap validate --github")
	}
	if err := os.WriteFile(filepath.Join(ws, "responses", "x.yaml"), []byte("schema: 1\nparticipant: {id: x, name: X, role: nope}\nratings:\n  s: {a: {rating: 9}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"-C", ws, "validate", "--github"}, st); code != 1 {
		t.Fatalf("validate: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 2 {
		t.Fatalf("validate printed %q", out.String())
	}
	annotation := regexp.MustCompile(`^::error file=responses/x\.yaml(,line=(\d+))?,title=skillmap validate::(.+)$`)
	for _, l := range lines {
		g := annotation.FindStringSubmatch(l)
		if g == nil {
			t.Errorf("not an error annotation: %q", l)
		} else if strings.Contains(g[3], "unknown role") && g[2] != "2" {
			t.Errorf("annotation of the role on line %q, want 2: %q", g[2], l)
		}
	}
	return initStderr
}

// commandLineError says why args is not a skillmap command line that
// parses (a real command, real flags, acceptable arguments), or nil.
func commandLineError(args []string) error {
	root := newRoot(&globals{io: &streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}})
	line := "skillmap " + strings.Join(args, " ")
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		return fmt.Errorf("%s: not a command (%v)", line, err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return fmt.Errorf("%s: %w", line, err)
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		return fmt.Errorf("%s: %w", line, err)
	}
	return nil
}

func TestCommandLineErrorCatchesMistakes(t *testing.T) {
	for _, args := range [][]string{{"valdate"}, {"report", "--out", "x"}, {"validate", "--no-such-flag"}, {"status", "extra"}} {
		if commandLineError(args) == nil {
			t.Errorf("skillmap %v was accepted", args)
		}
	}
	for _, args := range [][]string{{"validate"}, {"report", "-o", "r.xlsx"}, {"status"}, {"framework", "upgrade", "v2.yaml", "--dry-run"}} {
		if err := commandLineError(args); err != nil {
			t.Errorf("a real command line was refused: %v", err)
		}
	}
}
