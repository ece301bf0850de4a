package survey

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a file a person wrote, located so they can
// find it: "responses/jane.yaml:12: rating 7 is not on the scale (0-4)".
type Problem struct {
	File string
	Line int // 0 when the problem is with the file as a whole
	Msg  string
}

func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Msg
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	default:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
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
func yamlProblems(file string, err error) Problems {
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
			ps = append(ps, Problem{File: file, Line: n, Msg: m[2]})
			continue
		}
		ps = append(ps, Problem{File: file, Msg: strings.TrimPrefix(l, "yaml: ")})
	}
	return ps
}
