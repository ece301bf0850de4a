// Command modproxy writes a module proxy folder (GOPROXY=file://DIR) that
// serves a module's source folder as one version of the module, so
// that "go install module/cmd/skillmap@version" can be tried exactly as a
// user would run it, without publishing anything. scripts/installcheck.sh
// runs it.
//
// Usage: go run ./scripts/modproxy -o DIR -version v1.2.3 -src FOLDER
//
// FOLDER should hold what a tag would publish (git archive HEAD), not a
// working tree with build output in it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/zip"
)

func main() {
	out := flag.String("o", "", "the proxy `folder` to write")
	version := flag.String("version", "", "the module `version` to serve the checkout as (v1.2.3)")
	repo := flag.String("src", ".", "the module's source `folder`")
	flag.Parse()
	if err := run(*out, *version, *repo); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

func run(out, version, repo string) error {
	if out == "" || !semver.IsValid(version) || semver.Canonical(version) != version {
		return fmt.Errorf("need -o DIR and a canonical -version such as v1.2.3 (got %q)", version)
	}
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		return err
	}
	path := modfile.ModulePath(gomod)
	if path == "" {
		return fmt.Errorf("%s: no module line", filepath.Join(repo, "go.mod"))
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mv := module.Version{Path: path, Version: version}
	zf, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		return err
	}
	if err := zip.CreateFromDir(zf, mv, repo); err != nil {
		zf.Close()
		return fmt.Errorf("module zip: %w", err)
	}
	if err := zf.Close(); err != nil {
		return err
	}
	info, _ := json.Marshal(struct {
		Version string
		Time    string
	}{version, time.Now().UTC().Format(time.RFC3339)})
	for name, data := range map[string][]byte{
		version + ".mod":  gomod,
		version + ".info": info,
		"list":            []byte(version + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("%s@%s served from file://%s\n", path, version, out)
	return nil
}
