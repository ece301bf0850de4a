package survey

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillmap/skillmap/internal/termtext"
)

// Problem is one thing wrong with a file a person wrote, located so they can
// find it: "responses/jane.yaml:12: rating 7 is not on the scale (0-4)".
type Problem struct {
	File string
	Line int // 0 when the problem is with the file as a whole
	Msg  string
	// Shared says what is wrong in words that carry nothing from the file
	// (no value, no key, no text): what a shared report may say about a
	// file it left out, where Msg could give a participant's answer away.
	// Empty when the problem has no such words; SharedMsg then says only
	// that the file cannot be used.
	Shared string
}

// SharedMsg is the problem as a shared output may give it: its line and
// words that quote nothing from the file.
func (p Problem) SharedMsg() string {
	msg := p.Shared
	if msg == "" {
		msg = "cannot be used as it is"
	}
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, msg)
	}
	return msg
}

// problemf is a problem whose message is format with a, and whose shared
// words are format with every value left out: format is always a constant
// of this package, a, the file's content.
func problemf(file string, line int, format string, a ...any) Problem {
	return Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...), Shared: sharedText(format)}
}

// sharedWords are the shared words of problems whose format, with its
// values left out, would read badly.
var sharedWords = map[string]string{
	ratingInQuotes:   "a rating is in quotes (write the number without them)",
	ratingNotNumber:  "a rating is not a whole number on the scale",
	ratingOffScale:   "a rating is not on the scale",
	wholeNumber:      "a value should be a whole number",
	textField:        "a value should be text",
	unknownRole:      "the role is not one of the workshop's",
	idUsedTwice:      "the participant id is also used by another file",
	notMapping:       "a section should be a mapping of \"key: value\" lines",
	appearsTwice:     "a key appears twice",
	controlCharacter: "an invisible control character",
}

// Formats of problems that the shared words above replace.
const (
	ratingInQuotes   = "rating for %s is in quotes; write the number without them: rating: %s"
	ratingNotNumber  = "rating for %s should be a whole number on the scale, or empty; not %s"
	ratingOffScale   = "rating %d for %s is not on the scale (%d to %d)"
	wholeNumber      = "%s should be a whole number, not %s"
	textField        = "%s should be text, not %s"
	unknownRole      = "unknown role %q (expected one of: %s)"
	idUsedTwice      = "participant id %q is also used by %s"
	notMapping       = "%s should be a mapping of \"key: value\" lines, not %s"
	appearsTwice     = "%q appears twice in %s (first on line %d)"
	controlCharacter = "invisible control character %U; delete it"
)

var verbRe = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// sharedText is a problem's format with its values left out: the words
// given above, or else each value replaced by "…".
func sharedText(format string) string {
	if w, ok := sharedWords[format]; ok {
		return w
	}
	return verbRe.ReplaceAllString(format, "…")
}

// String is the problem on one line, with control characters in the file
// name or the message (a file name holding a line break, a quoted value
// holding an escape sequence) escaped: a terminal or a CI log shows it,
// and one problem never reads as two.
func (p Problem) String() string {
	file, msg := termtext.Line(p.File), termtext.Line(p.Msg)
	switch {
	case p.File == "":
		return msg
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", file, p.Line, msg)
	default:
		return fmt.Sprintf("%s: %s", file, msg)
	}
}

// Problems is a list of problems; as an error it reads as one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

var yamlLineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlProblems turns a YAML library error into problems with line numbers,
// so users see "file:3: ..." rather than "yaml: line 3: ...".
func yamlProblems(file string, data []byte, err error) Problems {
	var te *yaml.TypeError
	if !errors.As(err, &te) && strings.HasPrefix(err.Error(), "yaml: ") {
		// A syntax error. The library gives many of them the line before
		// the one at fault (or no line), so find the line here.
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			msg = m[2]
		}
		if n := syntaxLine(data, msg); n > 0 {
			if k, fix := colonSlip(data, n); k > 0 {
				// fix quotes the line; shared outputs say only where.
				return Problems{{File: file, Line: k, Msg: fix, Shared: "not valid YAML"}}
			}
			return Problems{{File: file, Line: n, Msg: msg, Shared: "not valid YAML"}}
		}
	}
	var ps Problems
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: unmarshal errors:\n")
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if m := yamlLineRe.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			ps = append(ps, Problem{File: file, Line: n, Msg: m[2], Shared: "not valid YAML here"})
			continue
		}
		ps = append(ps, Problem{File: file, Msg: strings.TrimPrefix(l, "yaml: "), Shared: "not valid YAML"})
	}
	return ps
}

// syntaxLine returns the first line at which the text up to and including
// it fails to parse with the YAML syntax error msg, or 0. Where a problem
// is found is where a reader should look.
func syntaxLine(data []byte, msg string) int {
	var ends []int // ends[k] is the length of the text up to line k+1
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(k int) bool {
		var n yaml.Node
		err := yaml.Unmarshal(data[:ends[k]], &n)
		if err == nil {
			return false
		}
		got := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRe.FindStringSubmatch(got); m != nil {
			got = m[2]
		}
		return got == msg
	}
	if !fails(len(ends) - 1) {
		return 0
	}
	lo, hi := 0, len(ends)-1 // fails(hi); find the first k that fails
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo + 1
}

// slipRe is a key written with no space after its colon ("rating:3"),
// which YAML reads as one word and then fails on, a line or two later.
var slipRe = regexp.MustCompile(`^(\s*)([A-Za-z0-9_-]+):([^\s/].*?)\s*$`)

// maxSlipDistance is how far above a syntax error a missing space after
// a colon is taken to be its cause.
const maxSlipDistance = 3

// colonSlip finds, at or a few lines above the line of a syntax error,
// the most common slip in a file edited by hand, a key with no space after
// its colon, and says how to write it; 0 when there is none.
func colonSlip(data []byte, errLine int) (int, string) {
	lines := strings.Split(string(data), "\n")
	for n := min(errLine, len(lines)); n >= 1 && n > errLine-maxSlipDistance; n-- {
		l := strings.TrimRight(lines[n-1], "\r")
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if m := slipRe.FindStringSubmatch(l); m != nil {
			return n, fmt.Sprintf(`write "%s: %s" with a space after the colon`, m[2], m[3])
		}
	}
	return 0, ""
}
