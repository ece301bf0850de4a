package audit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/skillmap/skillmap/gitstore"
)

// stateVersion changes whenever what the saved state holds does.
const stateVersion = 3

// commitState is what the audit knows of the workshop after one commit:
// what later commits are judged by.
type commitState struct {
	Eff       int  // the facilitators, an index into state.Sets; -1: unknown
	Submitted bool // a response had been submitted, on this commit's history
	WS, FW    gitstore.Hash
}

// fileState is what the history says of a response file now there.
type fileState struct {
	Added bool   // a facilitator added it
	Role  string // the role a facilitator last set ("": not known)
}

// state is the audit of a history up to one commit, kept in the
// repository's cache folder (under .git; delete it any time) so that the
// next audit reads only the commits made since. It is keyed by this build,
// and used only when the history below its commit is exactly the start of
// the history being audited, so it can never give a stale answer.
type state struct {
	Upto       gitstore.Hash
	Findings   []Finding
	NotChecked int
	Files      map[string]fileState
	States     map[gitstore.Hash]commitState
	Sets       []string // facilitator sets, each its emails sorted, one a line

	sets  map[string]int
	cache []map[string]bool
	next  int // where in the history to go on
}

func newState() *state {
	return &state{Files: map[string]fileState{}, States: map[gitstore.Hash]commitState{}, sets: map[string]int{}}
}

// commit returns the state after a commit judged before.
func (s *state) commit(h gitstore.Hash) commitState {
	if cs, ok := s.States[h]; ok {
		return cs
	}
	return commitState{Eff: -1}
}

// set returns a facilitator set by index; nil for -1 (unknown).
func (s *state) set(i int) map[string]bool {
	if i < 0 || i >= len(s.Sets) {
		return nil
	}
	for len(s.cache) < len(s.Sets) {
		s.cache = append(s.cache, nil)
	}
	if s.cache[i] == nil {
		m := map[string]bool{}
		for _, e := range strings.Split(s.Sets[i], "\n") {
			if e != "" {
				m[e] = true
			}
		}
		s.cache[i] = m
	}
	return s.cache[i]
}

// intern returns the index of a facilitator set.
func (s *state) intern(m map[string]bool) int {
	emails := make([]string, 0, len(m))
	for e := range m {
		emails = append(emails, e)
	}
	sort.Strings(emails)
	key := strings.Join(emails, "\n")
	if i, ok := s.sets[key]; ok {
		return i
	}
	s.Sets = append(s.Sets, key)
	s.sets[key] = len(s.Sets) - 1
	return len(s.Sets) - 1
}

// saved is the state as written: the commit states packed into bytes,
// which gob reads far faster than a map of structs.
type saved struct {
	Version    int
	Build      []byte
	Upto       gitstore.Hash
	Findings   []Finding
	NotChecked int
	Files      map[string]fileState
	Sets       []string
	Commits    []byte // per commit: id, workshop.yaml, framework.yaml, facilitators (4 bytes), submitted (1 byte)
}

const recordSize = 3*20 + 4 + 1

func stateFile(repo *gitstore.Repo) string { return filepath.Join(repo.CacheDir(), "audit.gob") }

func hasState(repo *gitstore.Repo) bool {
	_, err := os.Stat(stateFile(repo))
	return err == nil
}

// loadState returns the saved state for this history, or the empty state
// to start from its first commit.
func loadState(repo *gitstore.Repo, build []byte, history []gitstore.CommitPaths) *state {
	if build == nil {
		return newState()
	}
	f, err := os.Open(stateFile(repo))
	if err != nil {
		return newState()
	}
	defer f.Close()
	var sv saved
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&sv); err != nil || sv.Version != stateVersion || !bytes.Equal(sv.Build, build) ||
		len(sv.Commits)%recordSize != 0 {
		return newState()
	}
	n := len(sv.Commits) / recordSize
	// The saved history must be the start of this one, exactly.
	if n == 0 || n > len(history) || history[n-1].Commit != sv.Upto {
		return newState()
	}
	st := newState()
	st.Upto, st.Findings, st.NotChecked, st.Sets = sv.Upto, sv.Findings, sv.NotChecked, sv.Sets
	if sv.Files != nil {
		st.Files = sv.Files
	}
	for i, k := range st.Sets {
		st.sets[k] = i
	}
	st.States = make(map[gitstore.Hash]commitState, n)
	for i := range n {
		r := sv.Commits[i*recordSize:]
		var h gitstore.Hash
		var cs commitState
		copy(h[:], r)
		copy(cs.WS[:], r[20:])
		copy(cs.FW[:], r[40:])
		cs.Eff = int(int32(binary.LittleEndian.Uint32(r[60:])))
		cs.Submitted = r[64] == 1
		st.States[h] = cs
	}
	for _, c := range history[:n] {
		if _, ok := st.States[c.Commit]; !ok {
			return newState()
		}
	}
	st.next = n
	return st
}

// saveState keeps the state for the next audit; failing to is not an
// error.
func saveState(repo *gitstore.Repo, build []byte, st *state) {
	if build == nil {
		return
	}
	sv := saved{Version: stateVersion, Build: build, Upto: st.Upto, Findings: st.Findings, NotChecked: st.NotChecked,
		Files: st.Files, Sets: st.Sets, Commits: make([]byte, 0, len(st.States)*recordSize)}
	for h, cs := range st.States {
		sv.Commits = append(sv.Commits, h[:]...)
		sv.Commits = append(sv.Commits, cs.WS[:]...)
		sv.Commits = append(sv.Commits, cs.FW[:]...)
		sv.Commits = binary.LittleEndian.AppendUint32(sv.Commits, uint32(int32(cs.Eff)))
		sub := byte(0)
		if cs.Submitted {
			sub = 1
		}
		sv.Commits = append(sv.Commits, sub)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(sv); err != nil {
		return
	}
	_ = gitstore.WriteFileAtomic(stateFile(repo), buf.Bytes())
}
