// Package audit judges a workshop's history: every commit that reached the
// branch, both sides of every merge, is checked against what its author
// and committer were allowed to change at the time. A response file is its
// participant's, the roster and the roles are the facilitators', and the
// settings are the facilitators' too and should not move once answers
// came in. It joins gitstore (the history) and survey (what the files
// say), and keeps its work under the repository's cache folder so that the
// next audit reads only the commits made since.
package audit

import (
	"crypto/sha1"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"

	"github.com/skillmap/skillmap/internal/pool"
)

// The settings files of a workshop: its settings, and its framework
// (framework.yaml) or frameworks (frameworks/<id>.yaml), which are judged
// alike.
const (
	workshopFile  = "workshop.yaml"
	frameworkFile = "framework.yaml"
	frameworksDir = "frameworks/"
)

// isFrameworkPath reports whether a path holds a framework of the workshop.
func isFrameworkPath(p string) bool {
	if p == frameworkFile {
		return true
	}
	rest, ok := strings.CutPrefix(p, frameworksDir)
	return ok && strings.HasSuffix(rest, ".yaml") && !strings.Contains(rest, "/")
}

// frameworksState folds a change to a framework file into the one hash
// that stands for every framework of a commit: framework.yaml counts as its
// blob (as it always did), each frameworks/<id>.yaml as a hash of its path
// and blob, all combined by exclusive or, so that the value depends on the
// files and not on the order they changed in.
func frameworksState(fw gitstore.Hash, ch gitstore.PathChange) gitstore.Hash {
	part := func(h gitstore.Hash) gitstore.Hash {
		if h.IsZero() || ch.Path == frameworkFile {
			return h
		}
		return gitstore.Hash(sha1.Sum(append([]byte(ch.Path+"\x00"), h[:]...)))
	}
	old, cur := part(ch.Old), part(ch.New)
	for i := range fw {
		fw[i] ^= old[i] ^ cur[i]
	}
	return fw
}

// Kinds of finding.
const (
	// KindOtherAuthor: a response changed by someone who is neither its
	// participant nor a facilitator, as author or as committer.
	KindOtherAuthor = "response_changed_by_someone_else"
	// KindNotAdded: a response file added in a commit not made by a
	// facilitator: the roster is theirs.
	KindNotAdded = "response_added_by_non_facilitator"
	// KindRoleChanged: a participant changed the role in their own file.
	KindRoleChanged = "role_changed_by_participant"
	// KindSettingsChanged: the settings changed after responses came in.
	KindSettingsChanged = "settings_changed_after_submissions"
	// KindSettingsByOther: the settings (facilitators among them) changed
	// by someone who is not a facilitator.
	KindSettingsByOther = "settings_changed_by_non_facilitator"
)

// hostCommitters are the committer addresses a Git host writes when it
// commits for a signed-in user (GitHub's web editor and merge button);
// GitLab and Gitea commit as the user. Such a commit is judged by its
// author, as the host's own record of who acted.
var hostCommitters = map[string]bool{"noreply@github.com": true}

// Finding is one thing the audit reports; its JSON is documented in the
// README.
type Finding struct {
	Kind           string    `json:"kind"`
	Commit         string    `json:"commit"`
	Date           time.Time `json:"date"`
	AuthorName     string    `json:"author_name"`
	AuthorEmail    string    `json:"author_email"`
	CommitterName  string    `json:"committer_name"`
	CommitterEmail string    `json:"committer_email"`
	File           string    `json:"file"`
	Participant    string    `json:"participant,omitempty"`
	Expected       string    `json:"expected_email,omitempty"`
	// Form: the commit says it came from skillmap serve's web form (its
	// FormTrailer). Anyone can write a trailer, so it changes no rule:
	// it tells a reader where to look.
	Form bool `json:"form,omitempty"`
}

// FormTrailer and FormTrailerValue make the trailer skillmap serve writes
// in every commit it makes for a participant, once it has checked their
// personal link's token: the participant is the author, whoever runs the
// server the committer.
const (
	FormTrailer      = "Skillmap-Form"
	FormTrailerValue = "link token checked"
)

// IsForm says whether a commit message carries the form's trailer, in its
// last paragraph, where git reads trailers.
func IsForm(msg string) bool {
	msg = strings.TrimRight(strings.ReplaceAll(msg, "\r\n", "\n"), "\n")
	if i := strings.LastIndex(msg, "\n\n"); i >= 0 {
		msg = msg[i+2:]
	} else {
		return false // a subject alone has no trailers
	}
	for _, line := range strings.Split(msg, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), FormTrailer) && strings.TrimSpace(v) == FormTrailerValue {
			return true
		}
	}
	return false
}

func (f Finding) String() string {
	who := fmt.Sprintf("%s %s %s <%s>", f.Commit[:7], f.Date.Local().Format("2006-01-02"), f.AuthorName, f.AuthorEmail)
	if !strings.EqualFold(f.CommitterEmail, f.AuthorEmail) {
		who += fmt.Sprintf(" (committed by %s <%s>)", f.CommitterName, f.CommitterEmail)
	}
	if f.Form {
		who += " [web form]"
	}
	switch f.Kind {
	case KindSettingsChanged:
		return fmt.Sprintf("%s: changed %s after responses were submitted", who, f.File)
	case KindSettingsByOther:
		return fmt.Sprintf("%s: changed %s, which only a facilitator may", who, f.File)
	case KindNotAdded:
		return fmt.Sprintf("%s: added %s (%s), which only a facilitator may", who, f.File, f.Participant)
	case KindRoleChanged:
		return fmt.Sprintf("%s: changed the role in %s, which only a facilitator may", who, f.File)
	}
	return fmt.Sprintf("%s: changed %s, which belongs to %s <%s>", who, f.File, f.Participant, f.Expected)
}

// Result is what an audit found.
type Result struct {
	Commits int `json:"commits"` // commits checked: every commit of the history
	// Form counts the commits that say they came from skillmap serve's
	// web form (FormTrailer); they are judged as any other.
	Form     int       `json:"form_submissions"`
	Findings []Finding `json:"findings"`
	// Files lists the files with any finding, once each.
	Files []string `json:"files"`
	// NotChecked counts the changes that could not be judged because the
	// objects they need are not in the repository (a partial clone): they
	// are neither passed nor reported.
	NotChecked int `json:"not_checked"`

	files map[string]fileState
}

// Unverified is a response file left out of a report's figures by
// default, and why (never any of its values).
type Unverified struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Reasons a file is unverified.
const (
	ReasonNotAdded    = "not added by a facilitator (skillmap audit says who added it)"
	ReasonRoleChanged = "role changed by its participant from the one a facilitator set (skillmap audit says who)"
)

// Unverified lists the responses whose file no facilitator added, or
// whose role is not the one a facilitator last set.
func (r *Result) Unverified(responses []*survey.Response) []Unverified {
	out := []Unverified{}
	for _, resp := range responses {
		st, ok := r.files[resp.File]
		switch {
		case !ok:
		case !st.Added:
			out = append(out, Unverified{resp.File, ReasonNotAdded})
		case st.Role != "" && resp.Participant.Role != st.Role:
			out = append(out, Unverified{resp.File, ReasonRoleChanged})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Options tune a run.
type Options struct {
	// Cache holds parsed response files by content (nil: none).
	Cache *survey.ParseCache
	// Build identifies this build of skillmap; the saved state is read
	// back only by the build that wrote it. Nil: no state is kept.
	Build []byte
	// MaxNew ≥ 0 makes Run give up (nil, nil) rather than read more than
	// that many commits not audited before.
	MaxNew int
}

// Run audits the history of a snapshot, whose settings are ws and fw (its
// response files are read as at that state), taking up an earlier audit of
// the same history where it ended.
func Run(repo *gitstore.Repo, snap *gitstore.Snapshot, ws *survey.Workshop, fw *survey.Framework, o Options) (*Result, error) {
	if o.MaxNew >= 0 && !hasState(repo) {
		// Nothing to take up: audit only a short history.
		if n, err := snap.FirstParents(o.MaxNew + 1); err != nil || n > o.MaxNew {
			return nil, err
		}
	}
	all, err := snap.WalkAllChanges(nil, survey.ResponsesDir+"/", workshopFile, frameworkFile, frameworksDir)
	if err != nil {
		return nil, err
	}
	st := loadState(repo, o.Build, all)
	history := all[st.next:]
	if o.MaxNew >= 0 && len(history) > o.MaxNew {
		return nil, nil
	}
	a := &auditor{repo: repo, ws: ws, fw: fw, cache: o.Cache, st: st, start: workshopStart(all),
		listed: map[gitstore.Hash]*facSet{}}
	a.readResponses(history)
	for _, c := range history {
		a.judge(c)
	}
	form := 0
	for _, c := range all {
		if IsForm(c.Message) {
			form++
		}
	}
	res := &Result{Commits: len(all), Form: form, Findings: st.Findings, NotChecked: st.NotChecked, Files: []string{}, files: st.Files}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if !seen[f.File] {
			seen[f.File] = true
			res.Files = append(res.Files, f.File)
		}
	}
	sort.Strings(res.Files)
	if len(history) > 0 {
		st.Upto = all[len(all)-1].Commit
		saveState(repo, o.Build, st)
	}
	return res, nil
}

// workshopStart is the commit that set the workshop up: the first, in the
// order walked (the branch's own first-parent line first), to add
// workshop.yaml. Its facilitators are its own; a history merged in later
// that adds a workshop.yaml of its own is not the start, and vouches for
// nothing.
func workshopStart(all []gitstore.CommitPaths) gitstore.Hash {
	for _, c := range all {
		for _, ch := range c.Changes {
			if ch.Path == workshopFile && ch.Old.IsZero() && !ch.New.IsZero() && !ch.Brought {
				return c.Commit
			}
		}
	}
	return gitstore.Hash{}
}

// parsed is what the audit needs of one version of a response file.
type parsed struct {
	p       survey.Participant
	ok      bool // it could be parsed
	missing bool // the object is not in the repository
}

type auditor struct {
	repo  *gitstore.Repo
	ws    *survey.Workshop
	fw    *survey.Framework
	cache *survey.ParseCache
	st    *state
	start gitstore.Hash // the commit that set the workshop up
	// versions of response files by blob
	versions map[gitstore.Hash]parsed
	// facilitators listed by each version of workshop.yaml
	listed map[gitstore.Hash]*facSet
}

// facSet is the facilitators a version of workshop.yaml lists; nil when
// it cannot be read.
type facSet struct{ emails map[string]bool }

// readResponses reads and parses, on every processor, every version of a
// response file that the commits' changes need: the version before each
// change (whose file it is) and after it (the role it sets).
func (a *auditor) readResponses(history []gitstore.CommitPaths) {
	type version struct {
		h    gitstore.Hash
		file string
	}
	var want []version
	seen := map[gitstore.Hash]bool{}
	for _, c := range history {
		for _, ch := range c.Changes {
			if ch.Brought || !isResponse(ch.Path) {
				continue
			}
			for _, h := range []gitstore.Hash{ch.Old, ch.New} {
				if !h.IsZero() && !seen[h] {
					seen[h] = true
					want = append(want, version{h, ch.Path})
				}
			}
		}
	}
	a.versions = make(map[gitstore.Hash]parsed, len(want))
	var toRead []version
	for _, v := range want {
		if a.cache != nil {
			if r := a.cache.Get(survey.ParseKey{Blob: v.h, File: v.file}); r != nil {
				a.versions[v.h] = parsed{p: r.Participant, ok: true}
				continue
			}
		}
		toRead = append(toRead, v)
	}
	hashes := make([]gitstore.Hash, len(toRead))
	for i, v := range toRead {
		hashes[i] = v.h
	}
	data, errs := a.repo.ReadBlobs(hashes, survey.MaxFileSize, nil)
	out := make([]parsed, len(toRead))
	pool.Indexes(runtime.GOMAXPROCS(0), len(toRead), func() func(int) {
		return func(k int) {
			if errs[k] != nil {
				out[k].missing = gitstore.IsMissingObject(errs[k])
				return
			}
			file := toRead[k].file
			if r, ps := survey.CheckResponse(file, data[k], a.ws, a.fw); r != nil {
				out[k] = parsed{p: r.Participant, ok: true}
				if len(ps) == 0 && a.cache != nil {
					a.cache.Put(survey.ParseKey{Blob: toRead[k].h, File: file}, r)
				}
			}
		}
	})
	for k, v := range toRead {
		a.versions[v.h] = out[k]
	}
}

// facilitators returns the facilitators a version of workshop.yaml lists,
// nil when it cannot be read.
func (a *auditor) facilitators(h gitstore.Hash) *facSet {
	if h.IsZero() {
		return &facSet{emails: map[string]bool{}}
	}
	if f, ok := a.listed[h]; ok {
		return f
	}
	var f *facSet
	data, errs := a.repo.ReadBlobs([]gitstore.Hash{h}, survey.MaxFileSize, nil)
	if errs[0] == nil {
		f = &facSet{emails: map[string]bool{}}
		// A workshop.yaml that no longer parses lists nobody.
		if w, err := survey.ParseWorkshop(workshopFile, data[0]); err == nil {
			for _, p := range w.Facilitators {
				f.emails[strings.ToLower(p.Email)] = true
			}
		}
	}
	a.listed[h] = f
	return f
}

// judge checks one commit, whose parents were judged before it.
func (a *auditor) judge(c gitstore.CommitPaths) {
	st := a.st
	var cs commitState
	var before map[string]bool // the facilitators before c; nil: unknown
	switch {
	case c.Commit == a.start:
		// The commit that sets the workshop up: its own facilitators.
		for _, ch := range c.Changes {
			if ch.Path == workshopFile {
				if f := a.facilitators(ch.New); f != nil {
					before = f.emails
				}
			}
		}
		if len(c.Parents) > 0 {
			first := st.commit(c.Parents[0])
			cs.WS, cs.FW = first.WS, first.FW
		}
	case len(c.Parents) == 0:
		// Before the workshop, or another history merged in: nobody was a
		// facilitator there.
		before = map[string]bool{}
	default:
		first := st.commit(c.Parents[0])
		cs.WS, cs.FW = first.WS, first.FW
		before = map[string]bool{}
		for _, p := range c.Parents {
			ps := st.commit(p)
			cs.Submitted = cs.Submitted || ps.Submitted
			set := st.set(ps.Eff)
			if set == nil {
				before = nil
			}
			if before != nil {
				for e := range set {
					before[e] = true
				}
			}
		}
	}
	author, committer := strings.ToLower(c.Author.Email), strings.ToLower(c.Committer.Email)
	if hostCommitters[committer] {
		// The host committed on behalf of the signed-in author (web editor,
		// merged pull request): the author is who acted. The host never
		// counts as a facilitator, so it cannot vouch for new files.
		committer = author
	}
	// byFacilitator: made by a facilitator, with its participant (owner)
	// or a facilitator as author. mayChange: by the owner or a facilitator.
	byFacilitator := func(owner string) bool {
		return before[committer] && (before[author] || author == owner)
	}
	mayChange := func(owner string) bool {
		return (before[author] || author == owner) && (before[committer] || committer == owner)
	}
	base := Finding{Commit: c.Commit.String(), Date: c.Author.When, AuthorName: c.Author.Name, AuthorEmail: c.Author.Email,
		CommitterName: c.Committer.Name, CommitterEmail: c.Committer.Email, Form: IsForm(c.Message)}
	report := func(kind, file string, p *survey.Participant, ok bool) {
		f := base
		f.Kind, f.File = kind, file
		if p != nil {
			f.Participant, f.Expected = p.ID, p.Author().Email
			if !ok {
				f.Participant, f.Expected = "(unreadable file)", "a facilitator"
			}
		}
		st.Findings = append(st.Findings, f)
	}
	eff := -1 // the facilitators after c, as an index into st.Sets
	wsWritten := false
	for _, ch := range c.Changes {
		switch {
		case ch.Path == workshopFile || isFrameworkPath(ch.Path):
			if ch.Path == workshopFile {
				cs.WS = ch.New
			} else {
				cs.FW = frameworksState(cs.FW, ch)
			}
			if ch.Brought || c.Commit == a.start {
				continue
			}
			if before == nil {
				st.NotChecked++
				continue
			}
			ok := byFacilitator("")
			if !ok {
				report(KindSettingsByOther, ch.Path, nil, false)
			}
			if ch.Path == workshopFile {
				wsWritten = true
				if f := a.facilitators(ch.New); ok && f != nil {
					eff = st.intern(f.emails)
				}
			}
		case !isResponse(ch.Path):
		default:
			if !ch.Old.IsZero() && !ch.New.IsZero() {
				cs.Submitted = true
			}
			if ch.Brought {
				continue // judged in the commit that wrote it
			}
			a.judgeResponse(ch, before, byFacilitator, mayChange, report)
		}
	}
	switch {
	case eff >= 0:
	case before == nil:
	case len(c.Parents) > 1 && !wsWritten:
		// A merge keeps the facilitators its sides had, as far as the
		// workshop.yaml it ends with still lists them.
		if f := a.facilitators(cs.WS); f != nil {
			kept := map[string]bool{}
			for e := range before {
				if f.emails[e] {
					kept[e] = true
				}
			}
			before = kept
		}
		eff = st.intern(before)
	default:
		eff = st.intern(before)
	}
	cs.Eff = eff
	// Settings that differ from every side on which responses had been
	// submitted changed under those answers.
	var sides []commitState
	for _, p := range c.Parents {
		if ps := st.commit(p); ps.Submitted {
			sides = append(sides, ps)
		}
	}
	if len(sides) > 0 {
		// A workshop of several frameworks is told by frameworks/.
		fwLabel := frameworkFile
		for _, ch := range c.Changes {
			if isFrameworkPath(ch.Path) && ch.Path != frameworkFile {
				fwLabel = frameworksDir
			}
		}
		for _, f := range []string{workshopFile, frameworkFile} {
			differs := true
			for _, s := range sides {
				if f == workshopFile && s.WS == cs.WS || f == frameworkFile && s.FW == cs.FW {
					differs = false
				}
			}
			if differs && f == frameworkFile {
				report(KindSettingsChanged, fwLabel, nil, false)
			} else if differs {
				report(KindSettingsChanged, f, nil, false)
			}
		}
	}
	st.States[c.Commit] = cs
}

// judgeResponse checks one change to a response file.
func (a *auditor) judgeResponse(ch gitstore.PathChange, before map[string]bool, byFacilitator, mayChange func(string) bool,
	report func(kind, file string, p *survey.Participant, ok bool)) {
	st := a.st
	// The file's owner is who it said it was before this change; a new
	// file is its own claim.
	claim := ch.Old
	if claim.IsZero() {
		claim = ch.New
	}
	v := a.versions[claim]
	if v.missing || before == nil {
		st.NotChecked++
		return
	}
	owner := ""
	if v.ok {
		owner = strings.ToLower(v.p.Author().Email)
	}
	switch {
	case ch.Old.IsZero():
		added := byFacilitator(owner)
		if !added {
			report(KindNotAdded, ch.Path, &v.p, v.ok)
		}
		fs := fileState{Added: added}
		if added && v.ok {
			fs.Role = v.p.Role
		}
		st.Files[ch.Path] = fs
	case ch.New.IsZero():
		if !mayChange(owner) {
			report(KindOtherAuthor, ch.Path, &v.p, v.ok)
		}
		delete(st.Files, ch.Path)
	default:
		if !mayChange(owner) {
			report(KindOtherAuthor, ch.Path, &v.p, v.ok)
		}
		nv := a.versions[ch.New]
		if !v.ok || !nv.ok || nv.p.Role == v.p.Role {
			return
		}
		if byFacilitator(owner) {
			if fs, ok := st.Files[ch.Path]; ok {
				fs.Role = nv.p.Role
				st.Files[ch.Path] = fs
			}
		} else if mayChange(owner) {
			report(KindRoleChanged, ch.Path, &v.p, v.ok)
		}
	}
}

// isResponse reports whether a path is a response file.
func isResponse(p string) bool {
	return path.Dir(p) == survey.ResponsesDir && survey.IsResponseName(path.Base(p))
}
