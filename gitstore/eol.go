package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"
)

// Line endings. A participant on Windows usually has core.autocrlf=true
// (Git for Windows sets it when installed): git then keeps LF in the
// repository and CRLF in the working tree. skillmap writes and reads the
// working tree as git would with the participant's settings, so that git
// sees no change where there is none: what it writes to the working tree
// is git's checkout of the blob, and what it commits from the working tree
// is what "git add" would store. The rules are git's (convert.c): the text
// and eol attributes, then core.autocrlf, then core.eol.

// eolAction is how git converts one file's line endings.
type eolAction int

const (
	eolNone     eolAction = iota // binary, or no conversion configured
	eolText                      // text: LF in the repository, core.eol/autocrlf in the working tree
	eolTextLF                    // text eol=lf, or autocrlf=input
	eolTextCRLF                  // text eol=crlf
	eolAuto                      // text=auto: as eolText, for files that look like text
	eolAutoLF                    // text=auto eol=lf, or autocrlf=input
	eolAutoCRLF                  // text=auto eol=crlf, or autocrlf=true
)

func (a eolAction) auto() bool { return a == eolAuto || a == eolAutoLF || a == eolAutoCRLF }

// eolRules are the settings that decide the conversion of every path.
type eolRules struct {
	autocrlf string // core.autocrlf: "true", "input" or "false"
	eol      string // core.eol: "lf", "crlf" or "native"
	// attrs holds every .gitattributes pattern that applies, most general
	// first; nil when there are none, the common case.
	attrs []gitattributes.MatchAttribute
}

// eolRules reads the repository's line-ending settings once.
func (r *Repo) eolRules() *eolRules {
	r.eolOnce.Do(func() { r.eol = loadEOLRules(r.root, r.commonDir()) }) // config and info/ are shared by linked worktrees
	return r.eol
}

func loadEOLRules(root, commonDir string) *eolRules {
	rules := &eolRules{autocrlf: "false", eol: "native"}
	attrFile := ""
	for _, file := range append(configFiles(), filepath.Join(commonDir, "config")) {
		f, err := os.Open(file)
		if err != nil {
			continue
		}
		cfg := config.New()
		err = config.NewDecoder(f).Decode(cfg)
		f.Close()
		if err != nil {
			continue
		}
		core := cfg.Section("core")
		if v := core.Options.Get("autocrlf"); v != "" {
			rules.autocrlf = gitBoolOr(v, "input")
		}
		if v := strings.ToLower(core.Options.Get("eol")); v != "" {
			rules.eol = v
		}
		if v := core.Options.Get("attributesFile"); v != "" {
			attrFile = v
		}
	}
	var attrs []gitattributes.MatchAttribute
	add := func(file string, domain []string) {
		f, err := os.Open(file)
		if err != nil {
			return
		}
		defer f.Close()
		if a, err := gitattributes.ReadAttributes(f, domain, len(domain) == 0); err == nil {
			attrs = append(attrs, a...)
		}
	}
	if attrFile == "" {
		if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
			attrFile = filepath.Join(xdg, "git", "attributes")
		} else if home, err := gitHome(); err == nil {
			attrFile = filepath.Join(home, ".config", "git", "attributes")
		}
	} else if strings.HasPrefix(attrFile, "~/") {
		if home, err := gitHome(); err == nil {
			attrFile = filepath.Join(home, attrFile[2:])
		}
	}
	if attrFile != "" {
		add(attrFile, nil)
	}
	add(filepath.Join(root, ".gitattributes"), nil)
	// Folders' own .gitattributes: skillmap writes into a few folders only,
	// so it reads theirs rather than walking the whole tree.
	for _, dir := range []string{"responses", ".github", ".github/workflows"} {
		add(filepath.Join(root, filepath.FromSlash(dir), ".gitattributes"), strings.Split(dir, "/"))
	}
	add(filepath.Join(commonDir, "info", "attributes"), nil)
	rules.attrs = attrs
	return rules
}

// gitBoolOr reads a git boolean, or other when the value is other.
func gitBoolOr(v, other string) string {
	switch strings.ToLower(v) {
	case other:
		return other
	case "true", "yes", "on", "1":
		return "true"
	}
	return "false"
}

// action is how git converts the file at p (slash-separated).
func (rules *eolRules) action(p string) eolAction {
	text, eol := "", ""
	if rules.attrs != nil {
		res := rules.match(p)
		if a, ok := res["text"]; ok {
			switch {
			case a.IsSet():
				text = "set"
			case a.IsUnset():
				text = "unset"
			case a.IsValueSet() && a.Value() == "auto":
				text = "auto"
			}
		} else if a, ok := res["crlf"]; ok && a.IsUnset() {
			text = "unset" // the old name of -text
		}
		if a, ok := res["eol"]; ok && a.IsValueSet() {
			eol = a.Value()
		}
	}
	switch {
	case text == "unset":
		return eolNone
	case text == "auto":
		switch eol {
		case "lf":
			return eolAutoLF
		case "crlf":
			return eolAutoCRLF
		}
		return eolAuto
	case text == "set" || eol != "":
		switch eol {
		case "lf":
			return eolTextLF
		case "crlf":
			return eolTextCRLF
		}
		return eolText
	}
	switch rules.autocrlf {
	case "true":
		return eolAutoCRLF
	case "input":
		return eolAutoLF
	}
	return eolNone
}

// match returns the text, eol and crlf attributes of p. go-git's Matcher
// lets a less specific pattern override a more specific one, so the
// patterns are walked here, most specific first, and the first value of
// each attribute wins, as in git.
func (rules *eolRules) match(p string) map[string]gitattributes.Attribute {
	path := strings.Split(p, "/")
	res := map[string]gitattributes.Attribute{}
	set := func(a gitattributes.Attribute) {
		if _, ok := res[a.Name()]; !ok {
			res[a.Name()] = a
		}
	}
	for i := len(rules.attrs) - 1; i >= 0 && len(res) < 3; i-- {
		m := rules.attrs[i]
		if m.Pattern == nil || !m.Pattern.Match(path) {
			continue
		}
		for j := len(m.Attributes) - 1; j >= 0; j-- { // on one line, the last wins
			a := m.Attributes[j]
			switch a.Name() {
			case "text", "eol", "crlf":
				set(a)
			case "binary":
				if a.IsSet() {
					set(unsetText)
				}
			}
		}
	}
	return res
}

// unsetText is -text, what the binary macro sets.
var unsetText = func() gitattributes.Attribute {
	m, _ := gitattributes.ParseAttributesLine("x -text", nil, false)
	return m.Attributes[0]
}()

// crlfOut says whether checking out text with action a writes CRLF.
func (rules *eolRules) crlfOut(a eolAction) bool {
	switch a {
	case eolTextCRLF, eolAutoCRLF:
		return true
	case eolText, eolAuto:
		switch {
		case rules.autocrlf == "true":
			return true
		case rules.autocrlf == "input":
			return false
		}
		return rules.eol == "crlf" || rules.eol == "native" && runtime.GOOS == "windows"
	}
	return false
}

// textStats counts what git's conversion looks at.
type textStats struct{ crlf, loneLF, loneCR, nul, printable, nonPrintable int }

func statsOf(data []byte) textStats {
	var s textStats
	for i, c := range data {
		switch {
		case c == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				s.crlf++
			} else {
				s.loneCR++
			}
		case c == '\n':
			if i == 0 || data[i-1] != '\r' {
				s.loneLF++
			}
		case c == 0:
			s.nul++
		case c == 127 || c < 32 && c != '\b' && c != '\t' && c != 033 && c != 014:
			s.nonPrintable++
		default:
			s.printable++
		}
	}
	return s
}

// binary is git's guess that content is not text.
func (s textStats) binary() bool { return s.loneCR > 0 || s.nul > 0 || s.printable>>7 < s.nonPrintable }

// toWorktree is what git checks out at p for a blob's data.
func (r *Repo) toWorktree(p string, data []byte) []byte {
	rules := r.eolRules()
	a := rules.action(p)
	if a == eolNone || !rules.crlfOut(a) || bytes.IndexByte(data, '\n') < 0 {
		return data
	}
	s := statsOf(data)
	if s.loneLF == 0 || a.auto() && (s.loneCR > 0 || s.crlf > 0 || s.binary()) {
		return data
	}
	out := make([]byte, 0, len(data)+s.loneLF)
	for i, c := range data {
		if c == '\n' && (i == 0 || data[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

// fromWorktree is what "git add" stores for the working tree's data at p.
// indexHas reports whether the blob the index holds for p has CRLF in it,
// which, as in git, stops an automatic conversion (so a file committed
// with CRLF stays so); nil when it does not matter.
func (r *Repo) fromWorktree(p string, data []byte, indexHasCRLF func() bool) []byte {
	a := r.eolRules().action(p)
	if a == eolNone || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	s := statsOf(data)
	if s.crlf == 0 {
		return data
	}
	if a.auto() && (s.binary() || indexHasCRLF != nil && indexHasCRLF()) {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// indexHasCRLF returns a function that says whether the blob the index
// holds for p has CRLF in it.
func (r *Repo) indexHasCRLF(p string) func() bool {
	return func() bool {
		h, ok := r.indexEntryHash(p)
		if !ok {
			return false
		}
		data, err := r.ReadBlob(h, -1)
		return err == nil && bytes.Contains(data, []byte("\r\n"))
	}
}

// indexEntryHash returns the blob the index holds for p. The index is read
// once and again only when its file changes, so that reading many files
// of the working tree reads it once.
func (r *Repo) indexEntryHash(p string) (Hash, bool) {
	fi, err := os.Stat(filepath.Join(r.gitDir(), "index"))
	if err != nil {
		return Hash{}, false
	}
	r.idxMu.Lock()
	defer r.idxMu.Unlock()
	if r.idxHashes == nil || !fi.ModTime().Equal(r.idxTime) || fi.Size() != r.idxSize {
		idx, err := r.git.Storer.Index()
		if err != nil {
			return Hash{}, false
		}
		r.idxHashes = make(map[string]Hash, len(idx.Entries))
		for _, e := range idx.Entries {
			if e.Stage == 0 {
				r.idxHashes[e.Name] = e.Hash
			}
		}
		r.idxTime, r.idxSize = fi.ModTime(), fi.Size()
	}
	h, ok := r.idxHashes[p]
	return h, ok
}

// configFiles are git's system and global configuration files, in the
// order git reads them (a later value wins).
func configFiles() []string {
	var files []string
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		if f := os.Getenv("GIT_CONFIG_SYSTEM"); f != "" {
			files = append(files, f)
		} else {
			files = append(files, systemConfigFiles()...)
		}
	}
	if f := os.Getenv("GIT_CONFIG_GLOBAL"); f != "" {
		return append(files, f)
	}
	if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	} else if home, err := gitHome(); err == nil {
		files = append(files, filepath.Join(home, ".config", "git", "config"))
	}
	if home, err := gitHome(); err == nil {
		files = append(files, filepath.Join(home, ".gitconfig"))
	}
	return files
}

// gitHome is the home folder git reads ~/.gitconfig from: $HOME when set
// (Git for Windows too), else the system's idea of it (USERPROFILE).
func gitHome() (string, error) {
	if h := os.Getenv("HOME"); h != "" {
		return h, nil
	}
	return os.UserHomeDir()
}

// eolCache lets Repo read its line-ending rules once.
type eolCache struct {
	eolOnce sync.Once
	eol     *eolRules

	idxMu     sync.Mutex
	idxHashes map[string]Hash // the index's entries, by path
	idxTime   time.Time       // the index file's modification time and size when read
	idxSize   int64
}
