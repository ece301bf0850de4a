// Package templates holds what skillmap writes into new workshops: the
// built-in frameworks (with the published texts they were imported from)
// and the files of a workshop repository.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"text/template"
)

//go:embed frameworks/*.yaml frameworks/*.md workshop/* ci/*
var files embed.FS

// CIPath is where a workflow for a hosted CI goes in a workshop.
var CIPath = map[string]string{
	"github": ".github/workflows/skillmap.yml",
}

// CIWorkflow returns the workflow for a hosted CI (see CIPath) that checks
// every pull request with skillmap validate and builds the workbook on the
// main branch. It installs module/cmd/skillmap at version, the version of
// the skillmap writing it; dev (a build from source, which has no version
// to install) gives a workflow that says so and fails until a released
// version is written in.
func CIWorkflow(ci, module, version string, dev bool) ([]byte, error) {
	if _, ok := CIPath[ci]; !ok {
		return nil, fmt.Errorf("no workflow for CI %q (known: github)", ci)
	}
	text, err := files.ReadFile("ci/" + ci + "-workflow.yml")
	if err != nil {
		return nil, err
	}
	// [[ ]] leaves the workflow's own ${{ }} expressions alone.
	t, err := template.New(ci).Delims("[[", "]]").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, struct {
		Module, Version string
		Dev             bool
	}{module, version, dev})
	return buf.Bytes(), err
}

// FrameworkIDs lists the built-in frameworks.
func FrameworkIDs() []string {
	entries, _ := fs.Glob(files, "frameworks/*.yaml")
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(strings.TrimPrefix(e, "frameworks/"), ".yaml"))
	}
	slices.Sort(ids)
	return ids
}

// Framework returns the YAML of a built-in framework.
func Framework(id string) ([]byte, error) {
	b, err := files.ReadFile("frameworks/" + id + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in framework %q (built-in: %s)", id, strings.Join(FrameworkIDs(), ", "))
	}
	return b, nil
}

// FrameworkSource returns the published markdown a built-in framework was
// imported from.
func FrameworkSource(id string) ([]byte, error) {
	return files.ReadFile("frameworks/" + id + ".md")
}

// Notice returns the acknowledgement of the built-in frameworks' sources
// and licence.
func Notice() ([]byte, error) {
	return files.ReadFile("frameworks/NOTICE.md")
}

// Gitignore is the .gitignore of a new workshop: workbooks are made from the
// repository and shared on purpose, never committed by accident.
func Gitignore() []byte {
	b, _ := files.ReadFile("workshop/gitignore")
	return b
}

// ReadmeData fills the README of a new workshop.
type ReadmeData struct {
	Title          string
	FrameworkTitle string
	// Several says the workshop has several frameworks, and
	// FrameworkTitle names them all.
	Several      bool
	Activities   int
	Skills       int
	Roles        []Row // role id, display name
	Scale        []Row // value, label
	Facilitators []string
	CI           string // the hosted CI the workshop has a workflow for, or ""
}

// Row is a pair of a key and its text, for the README's lists and tables.
type Row struct{ Key, Text string }

var readme = template.Must(template.New("README.md").ParseFS(files, "workshop/README.md"))

// Readme renders the README of a new workshop, which tells participants
// how to fill in and submit their response.
func Readme(d ReadmeData) []byte {
	var b bytes.Buffer
	if err := readme.Execute(&b, d); err != nil {
		panic(err) // the template is ours and tested
	}
	return b.Bytes()
}
