package survey

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/skillmap/skillmap/internal/pool"
)

// SourceFile is a response file as found in a working tree or a commit.
// Err is set when it could not be read as a regular file (a symbolic link,
// a submodule, too large), and then Data is empty.
type SourceFile struct {
	Name string
	Data []byte
	Err  error
	// Parsed, when set, is the file as ParseResponse read it before (see
	// ParseCache); Data is then not needed.
	Parsed *Response
}

// Checked is the outcome of checking a set of response files.
type Checked struct {
	Valid   []*Response // in file name order
	Skipped []Rejected  // files left out, with every problem found
}

// Rejected is a response file that cannot be used, and why.
type Rejected struct {
	File     string
	Problems Problems
	// Participant is who the file says it is, as far as it could be read
	// (zero when not at all).
	Participant Participant
}

func participantOf(r *Response) Participant {
	if r == nil {
		return Participant{}
	}
	return r.Participant
}

// Reason says why in one line.
func (r Rejected) Reason() string {
	msgs := make([]string, 0, len(r.Problems))
	for _, p := range r.Problems {
		if p.Line > 0 {
			msgs = append(msgs, fmt.Sprintf("line %d: %s", p.Line, p.Msg))
		} else {
			msgs = append(msgs, p.Msg)
		}
	}
	return strings.Join(msgs, "; ")
}

// SharedReason says why in one line that quotes nothing from the file: a
// problem's line and what kind of problem it is, never a value, for the
// outputs a lead shares (the file's name is its participant's id, so a
// value quoted beside it would be that person's answer). Reason keeps the
// detail for the people fixing the file.
func (r Rejected) SharedReason() string {
	msgs := make([]string, 0, len(r.Problems))
	for _, p := range r.Problems {
		if m := p.SharedMsg(); !slices.Contains(msgs, m) {
			msgs = append(msgs, m)
		}
	}
	return strings.Join(msgs, "; ")
}

// Problems lists every problem of every file.
func (c Checked) Problems() Problems {
	var ps Problems
	for _, r := range c.Skipped {
		ps = append(ps, r.Problems...)
	}
	return ps
}

// CheckResponses parses and checks response files against a workshop. A
// bad file never stops the others from being read: it is set aside with its
// problems. Two files claiming one participant id are both set aside,
// because neither can be trusted to be that person's answer.
func CheckResponses(w *Workshop, f *Framework, files []SourceFile) Checked {
	var c Checked
	byID := map[string][]int{}
	var parsed []*Response
	results := checkEach(w, f, files)
	for i, sf := range files {
		if sf.Err != nil {
			c.Skipped = append(c.Skipped, Rejected{File: sf.Name, Problems: Problems{{File: sf.Name, Msg: sf.Err.Error(), Shared: "cannot be read: not a regular file, or too large"}}})
			continue
		}
		r, ps := results[i].r, results[i].ps
		if len(ps) > 0 {
			c.Skipped = append(c.Skipped, Rejected{File: sf.Name, Problems: ps, Participant: participantOf(r)})
			continue
		}
		byID[r.Participant.ID] = append(byID[r.Participant.ID], len(parsed))
		parsed = append(parsed, r)
	}
	for _, r := range parsed {
		same := byID[r.Participant.ID]
		if len(same) == 1 {
			c.Valid = append(c.Valid, r)
			continue
		}
		var others []string
		for _, i := range same {
			if parsed[i] != r {
				others = append(others, parsed[i].File)
			}
		}
		c.Skipped = append(c.Skipped, Rejected{File: r.File, Participant: r.Participant, Problems: Problems{
			problemf(r.File, r.lines["participant.id"], idUsedTwice, r.Participant.ID, strings.Join(others, ", "))}})
	}
	slices.SortStableFunc(c.Valid, func(a, b *Response) int { return cmp.Compare(a.File, b.File) })
	return c
}

type checkResult struct {
	r  *Response
	ps Problems
}

// checkEach parses and checks every readable file, on all processors: each
// file is independent, and a report over thousands of them is mostly this.
func checkEach(w *Workshop, f *Framework, files []SourceFile) []checkResult {
	results := make([]checkResult, len(files))
	ids := f.buildIDs() // once for every file
	pool.Indexes(pool.Workers(len(files)), len(files), func() func(int) {
		return func(i int) {
			sf := files[i]
			if sf.Err != nil {
				return
			}
			var r *Response
			var ps Problems
			if sf.Parsed != nil {
				r, ps = checkParsed(sf.Parsed, nil, w, f, ids)
			} else {
				r, ps = checkData(sf.Name, sf.Data, w, f, ids)
			}
			results[i] = checkResult{r, ps}
		}
	})
	return results
}

// CheckEach checks response files each on its own, as CheckResponses does
// but without setting aside two files that claim one id: the files are
// versions of one file along a history. It returns each file's response,
// or nil when the file cannot be used.
func CheckEach(w *Workshop, f *Framework, files []SourceFile) []*Response {
	out := make([]*Response, len(files))
	for i, res := range checkEach(w, f, files) {
		if files[i].Err == nil && len(res.ps) == 0 {
			out[i] = res.r
		}
	}
	return out
}
