package survey

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadParticipantBlock reads who a response file says it is from its
// participant block alone, line by line, whatever is wrong elsewhere in
// the file (a slip in a rating far below, broken YAML): so that skillmap
// can find a person's own file by their email and then tell them what is
// wrong with it, rather than say they are nobody. It reads the block as
// skillmap writes it ("participant:" at the start of a line, then indented
// "key: value" lines) and returns what it found; a field it cannot read is
// left empty. It never fails: checking the file is ParseResponse's job.
func ReadParticipantBlock(data []byte) Participant {
	var p Participant
	in := false
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indented := line[0] == ' ' || line[0] == '\t'
		if !in {
			if !indented && strings.HasPrefix(t, "participant:") && blockStart(t[len("participant:"):]) {
				in = true
			}
			continue
		}
		if !indented {
			break // the next top-level key: the block is over
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		v := plainValue(value)
		switch strings.TrimSpace(key) {
		case "id":
			p.ID = v
		case "name":
			p.Name = v
		case "email":
			p.Email = v
		case "role":
			p.Role = v
		}
	}
	return p
}

// blockStart says whether what follows "participant:" starts a block:
// nothing, or a comment.
func blockStart(rest string) bool {
	rest = strings.TrimSpace(rest)
	return rest == "" || strings.HasPrefix(rest, "#")
}

// plainValue reads one scalar value as YAML would (quotes taken off,
// escapes read, a trailing comment dropped), or returns "" when it is not
// a plain one-line scalar.
func plainValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	var v string
	if err := yaml.Unmarshal([]byte("v: "+s), &struct {
		V *string `yaml:"v"`
	}{&v}); err != nil {
		return ""
	}
	return v
}
