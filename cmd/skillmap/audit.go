package main

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
)

func newAuditCmd(g *globals) *cobra.Command {
	var asJSON bool
	var at string
	cmd := &cobra.Command{
		Use:   "audit [--json]",
		Short: "Check who changed each response, and whether the settings moved under the answers",
		Long: `Walks the workshop's history once and reports:

  - every commit that changed a participant's response file whose author email
    is neither that participant's (as the file said before the change) nor a
    facilitator's (workshop.yaml);
  - every change to framework.yaml or workshop.yaml after the first response
    was submitted, because it changes what the answers mean.

Exits with 1 when it finds any.`,
		Example: `  skillmap audit
  skillmap audit --json
  skillmap audit --at spring-2026`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			repo, err := openRepo(g.workdir())
			if err != nil {
				return err
			}
			s, err := loadSnapshot(repo, at)
			if err != nil {
				return err
			}
			res, err := audit(repo, s, -1)
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(g, res); err != nil {
					return err
				}
			} else {
				for _, f := range res.Findings {
					fmt.Fprintln(g.io.Out, termtext.Line(f.String()))
				}
				fmt.Fprintf(g.io.Err, "%s checked, %s\n", plural(res.Commits, "commit"), plural(len(res.Findings), "finding"))
			}
			if len(res.Findings) > 0 {
				return exitError{exitFailed}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&at, "at", "HEAD", "audit the history up to `REV` (a revision, a round or a date)")
	return cmd
}

// Kinds of audit finding.
const (
	findingOtherAuthor     = "response_changed_by_someone_else"
	findingSettingsChanged = "settings_changed_after_submissions"
)

// finding is one thing audit reports; its JSON is documented in the README.
type finding struct {
	Kind        string    `json:"kind"`
	Commit      string    `json:"commit"`
	Date        time.Time `json:"date"`
	AuthorName  string    `json:"author_name"`
	AuthorEmail string    `json:"author_email"`
	File        string    `json:"file"`
	Participant string    `json:"participant,omitempty"`
	Expected    string    `json:"expected_email,omitempty"`
}

func (f finding) String() string {
	who := fmt.Sprintf("%s %s %s <%s>", f.Commit[:7], f.Date.Local().Format("2006-01-02"), f.AuthorName, f.AuthorEmail)
	if f.Kind == findingSettingsChanged {
		return fmt.Sprintf("%s: changed %s after responses were submitted", who, f.File)
	}
	return fmt.Sprintf("%s: changed %s, which belongs to %s <%s>", who, f.File, f.Participant, f.Expected)
}

type auditResult struct {
	Commits  int       `json:"commits"` // commits that touched the watched files
	Findings []finding `json:"findings"`
	// Files lists the files with any finding, for the report's About sheet.
	Files []string `json:"files"`
}

// audit walks the history of a snapshot once, taking up an earlier audit
// of the same history where it ended. With maxNew ≥ 0 it gives up (nil,
// nil) rather than read more than maxNew commits of history not audited
// before: report audits only when that is cheap.
func audit(repo *gitstore.Repo, s *snapshot, maxNew int) (*auditResult, error) {
	if maxNew >= 0 && !hasAuditState(repo) {
		// Nothing to take up: audit only a short history.
		if n, err := s.snap.FirstParents(maxNew + 1); err != nil || n > maxNew {
			return nil, err
		}
	}
	history, err := s.snap.WalkChanges(survey.ResponsesDir+"/", workshopFile, frameworkFile)
	if err != nil {
		return nil, err
	}
	facilitators := map[string]bool{}
	var emails []string
	for _, f := range s.ws.Facilitators {
		facilitators[strings.ToLower(f.Email)] = true
		emails = append(emails, strings.ToLower(f.Email))
	}
	// Each commit is judged on its own changes, the file versions before
	// them and the facilitators, so the state after an earlier commit of
	// this history can be taken up where it ended.
	key := auditKey(emails)
	state := loadAuditState(repo, key, history)
	all := history
	history = history[state.next:]
	if maxNew >= 0 && len(history) > maxNew {
		return nil, nil
	}
	// Every file version a change claims, read at once and parsed on every
	// processor (through the parse cache).
	type claimed struct {
		h    gitstore.Hash
		file string
	}
	var claims []claimed
	seenClaim := map[gitstore.Hash]bool{}
	for _, c := range history {
		for _, ch := range c.Changes {
			claim := ch.Old
			if claim.IsZero() {
				claim = ch.New
			}
			if ch.Path == workshopFile || ch.Path == frameworkFile || !isResponseName(path.Base(ch.Path)) || seenClaim[claim] {
				continue
			}
			seenClaim[claim] = true
			claims = append(claims, claimed{claim, ch.Path})
		}
	}
	owners := make(map[gitstore.Hash]survey.Participant, len(claims)) // blob → whose file it says it is
	cache := loadParseCache(repo)
	var toRead []gitstore.Hash
	var readAt []int
	for i, c := range claims {
		if cache != nil {
			if r := cache.Get(parseKey(c.h, c.file)); r != nil {
				owners[c.h] = r.Participant
				continue
			}
		}
		toRead = append(toRead, c.h)
		readAt = append(readAt, i)
	}
	data, errs := repo.ReadBlobs(toRead, survey.MaxFileSize, nil)
	parsed := make([]survey.Participant, len(toRead))
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		for {
			k := int(next.Add(1)) - 1
			if k >= len(toRead) {
				return
			}
			if errs[k] != nil {
				continue
			}
			file := claims[readAt[k]].file
			if r, ps := survey.CheckResponse(file, data[k], s.ws, s.fw); r != nil {
				parsed[k] = r.Participant
				if len(ps) == 0 && cache != nil {
					cache.Put(parseKey(toRead[k], file), r)
				}
			}
		}
	}
	for range runtime.GOMAXPROCS(0) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	for k, h := range toRead {
		owners[h] = parsed[k]
	}
	owner := func(h gitstore.Hash, file string) (survey.Participant, bool) {
		p := owners[h]
		return p, p.ID != ""
	}
	res := &auditResult{Commits: len(all), Findings: state.Findings, Files: []string{}}
	files := map[string]bool{}
	for _, f := range state.Files {
		files[f] = true
	}
	submitted := state.Submitted
	for _, c := range history {
		author := strings.ToLower(c.Author.Email)
		base := finding{Commit: c.Commit.String(), Date: c.Author.When, AuthorName: c.Author.Name, AuthorEmail: c.Author.Email}
		for _, ch := range c.Changes {
			if c.Merge {
				// A merge (a plain-git pull, a merged pull request) brings in
				// what other people committed; only what it wrote itself is
				// its author's. The commits it brings in are not walked.
				if theirs, err := repo.FromOtherParents(c.Commit, ch.Path, ch.New); err != nil || theirs {
					if isResponseName(path.Base(ch.Path)) && !ch.Old.IsZero() && !ch.New.IsZero() {
						submitted = true
					}
					continue
				}
			}
			if ch.Path == workshopFile || ch.Path == frameworkFile {
				if submitted {
					f := base
					f.Kind, f.File = findingSettingsChanged, ch.Path
					res.Findings = append(res.Findings, f)
					files[ch.Path] = true
				}
				continue
			}
			if !isResponseName(path.Base(ch.Path)) {
				continue
			}
			// The file's owner is who it said it was before this change; a
			// new file is its own claim, which only its participant or a
			// facilitator may make.
			claim := ch.Old
			if claim.IsZero() {
				claim = ch.New
			}
			p, ok := owner(claim, ch.Path)
			expected := ""
			if ok {
				expected = strings.ToLower(p.Author().Email)
			}
			if author != expected && !facilitators[author] {
				f := base
				f.Kind, f.File, f.Participant, f.Expected = findingOtherAuthor, ch.Path, p.ID, p.Author().Email
				if !ok {
					f.Participant, f.Expected = "(unreadable file)", "a facilitator"
				}
				res.Findings = append(res.Findings, f)
				files[ch.Path] = true
			}
			if !ch.Old.IsZero() && !ch.New.IsZero() {
				submitted = true
			}
		}
	}
	for f := range files {
		res.Files = append(res.Files, f)
	}
	sort.Strings(res.Files)
	if len(all) > 0 {
		saveAuditState(repo, auditState{Version: auditStateVersion, Key: key, Upto: all[len(all)-1].Commit,
			Submitted: submitted, Findings: res.Findings, Files: res.Files})
	}
	return res, nil
}

// auditStateVersion changes whenever what the audit state holds does.
const auditStateVersion = 1

// auditState is the audit of a history up to one commit, kept in the
// repository's cache folder (under .git; delete it any time) so that the
// next audit reads only the commits made since. It is keyed by this build
// and the facilitators, and used only when its commit is on the history
// being audited, so it can never give a stale answer.
type auditState struct {
	Version   int
	Key       string
	Upto      gitstore.Hash
	Submitted bool
	Findings  []finding
	Files     []string

	next int // where in the history to go on
}

func auditKey(facilitators []string) string {
	sort.Strings(facilitators)
	return hex.EncodeToString(buildID()) + "\x00" + strings.Join(facilitators, ",")
}

func auditStateFile(repo *gitstore.Repo) string {
	return filepath.Join(repo.CacheDir(), "audit.gob")
}

// hasAuditState reports whether an earlier audit left its state.
func hasAuditState(repo *gitstore.Repo) bool {
	_, err := os.Stat(auditStateFile(repo))
	return err == nil
}

// loadAuditState returns the cached state for this history, or the empty
// state to start from its first commit.
func loadAuditState(repo *gitstore.Repo, key string, history []gitstore.CommitPaths) auditState {
	empty := auditState{Findings: []finding{}}
	if buildID() == nil {
		return empty
	}
	f, err := os.Open(auditStateFile(repo))
	if err != nil {
		return empty
	}
	defer f.Close()
	var st auditState
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&st); err != nil || st.Version != auditStateVersion || st.Key != key {
		return empty
	}
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Commit == st.Upto {
			st.next = i + 1
			if st.Findings == nil {
				st.Findings = []finding{}
			}
			return st
		}
	}
	return empty
}

// saveAuditState keeps the state for the next audit; failing to is not an
// error.
func saveAuditState(repo *gitstore.Repo, st auditState) {
	if buildID() == nil {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(st); err != nil {
		return
	}
	if err := os.MkdirAll(repo.CacheDir(), 0o755); err != nil {
		return
	}
	_ = gitstore.WriteFileAtomic(auditStateFile(repo), buf.Bytes())
}
