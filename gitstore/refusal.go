package gitstore

import (
	"strings"

	"github.com/skillmap/skillmap/internal/termtext"
)

// PushRefusal is a push the server turned down by a rule of its own: a
// pre-receive or update hook, a protected branch, a size limit. Trying
// again does not help until the rule allows it; nothing local is lost.
type PushRefusal struct {
	Ref    string   // the branch or tag refused, short ("main"); empty when the whole push was
	Reason string   // the server's reason from its report ("pre-receive hook declined")
	Server []string // what the server's hooks said (git shows them as "remote:" lines), control characters escaped
}

func (e *PushRefusal) Error() string {
	if e.Ref == "" {
		return e.Reason
	}
	return e.Ref + ": " + e.Reason
}

// refusal turns a rejected update into the refusal it is.
func (e *pushRejected) refusal() *PushRefusal {
	return &PushRefusal{Ref: e.ref.Short(), Reason: e.status, Server: e.server}
}

// raced says whether a status from the server's report means that its
// branch moved while the push was on its way (another push won the
// lock), rather than that a rule of the server's refused it. git words it
// "cannot lock ref", "failed to lock", "is at ... but expected ...",
// "failed to update ref", "incorrect old value", and hosts repeat git's
// words.
func raced(status string) bool {
	s := strings.ToLower(status)
	for _, w := range []string{"lock", "expected", "stale", "failed to update ref", "old value", "fetch first", "non-fast-forward", "already exists"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// The bounds on what a server's hooks may make skillmap keep and show: a
// hostile or broken server could otherwise send without end.
const (
	maxServerBytes = 64 << 10
	maxServerLines = 40
	maxLineRunes   = 400
)

// serverText collects what the server sends on its progress channel (the
// "remote:" lines), up to maxServerBytes.
type serverText struct {
	buf []byte
}

func (s *serverText) Write(p []byte) (int, error) {
	if room := maxServerBytes - len(s.buf); room > 0 {
		s.buf = append(s.buf, p[:min(len(p), room)]...)
	}
	return len(p), nil
}

// lines is the server's text as lines safe to print: progress counters
// (redrawn with \r) keep their last state, blank lines go, control
// characters are escaped, and long text is cut.
func (s *serverText) lines() []string {
	var out []string
	for _, line := range strings.Split(string(s.buf), "\n") {
		line = strings.TrimRight(line, "\r")
		if i := strings.LastIndexByte(line, '\r'); i >= 0 {
			line = line[i+1:]
		}
		line = strings.TrimRight(clip(line), " ")
		if line == "" || isProgress(line) {
			continue
		}
		if len(out) == maxServerLines {
			out = append(out, "...")
			break
		}
		out = append(out, line)
	}
	return out
}

// isProgress says whether a line is git's own progress report, which
// says nothing about why a push was refused.
func isProgress(line string) bool {
	for _, p := range []string{"Resolving deltas:", "Unpacking objects:", "Checking connectivity", "Counting objects:", "Compressing objects:"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// clip makes server text safe for a terminal, as every text from a remote
// is (termtext: control characters and invalid UTF-8 escaped, so no escape
// sequence reaches the terminal), tabs made spaces, and at most
// maxLineRunes runes kept.
func clip(s string) string {
	s = strings.ReplaceAll(s, "\t", " ")
	n := 0
	for i := range s {
		if n == maxLineRunes {
			return termtext.Line(s[:i]) + "..."
		}
		n++
	}
	return termtext.Line(s)
}
