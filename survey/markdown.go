package survey

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ImportOptions names a framework imported from a markdown table.
type ImportOptions struct {
	ID          string
	Title       string
	Description string
	Source      string // where the text was published
	Licence     string // the acknowledgement the licence asks for
}

var separatorCell = regexp.MustCompile(`^:?-{3,}:?$`)

// ImportMarkdown builds a framework from the first two-column
// "skill | activity" table in a markdown file. Published tables are often
// broken, so the table is read as a stream of (skill, activity) cell pairs:
// a line may lack its leading or trailing pipe or hold several pairs, and an
// exact duplicate pair is dropped. Warnings describe what was tolerated.
func ImportMarkdown(file string, data []byte, opt ImportOptions) (*Framework, Problems, error) {
	if !ValidID(opt.ID) {
		return nil, nil, fmt.Errorf("framework id %q is not a valid id (lower-case letters, digits and single hyphens, e.g. product-leadership)", opt.ID)
	}
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("%s: file is %d bytes; the limit is %d", file, len(data), MaxFileSize)
	}
	if !utf8.Valid(data) {
		return nil, nil, fmt.Errorf("%s: not UTF-8 text", file)
	}
	title := opt.Title
	if title == "" {
		title = opt.ID
	}
	f := &Framework{Schema: FrameworkSchema, ID: opt.ID, Title: title, Description: opt.Description, Source: opt.Source, Licence: opt.Licence}
	var warns Problems
	warn := func(line int, format string, a ...any) {
		warns = append(warns, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
	}

	type row struct {
		line  int
		cells []string
	}
	var rows []row
	inTable, done := false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), MaxFileSize)
	lineNo := 0
	for sc.Scan() && !done {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if !strings.Contains(line, "|") {
			if inTable {
				done = true
			}
			continue
		}
		cells := splitRow(line)
		if isSeparator(cells) {
			// The row above was the header; the table starts here.
			if len(rows) > 0 && rows[len(rows)-1].line == lineNo-1 {
				rows = rows[:len(rows)-1]
			}
			inTable = true
			continue
		}
		rows = append(rows, row{lineNo, cells})
		if !inTable {
			// Lines with pipes before any header separator are not the table.
			rows = rows[len(rows)-1:]
		}
	}
	if !inTable {
		return nil, warns, fmt.Errorf("%s: no markdown table found (expected a header row, a |---|---| row, then skill | activity rows)", file)
	}

	seen := map[[2]string]bool{}
	skillIdx := map[string]int{} // folded skill name → index in f.Skills
	actIDs := map[string]bool{}
	prevSkill := ""
	for _, r := range rows {
		if len(r.cells)%2 != 0 {
			warn(r.line, "odd number of cells (%d); the last one, %q, is ignored", len(r.cells), clip(r.cells[len(r.cells)-1]))
		}
		for i := 0; i+1 < len(r.cells); i += 2 {
			skill, act := r.cells[i], r.cells[i+1]
			if skill == "" {
				skill = prevSkill
			}
			if skill == "" || act == "" {
				warn(r.line, "a pair with an empty cell is ignored")
				continue
			}
			prevSkill = skill
			key := [2]string{strings.ToLower(skill), act}
			if seen[key] {
				warn(r.line, "duplicate of an earlier activity, dropped: %q", clip(act))
				continue
			}
			seen[key] = true
			if len(r.cells) >= 4 && i == 0 {
				warn(r.line, "line holds %d skill/activity pairs; each is read", len(r.cells)/2)
			}
			si, ok := skillIdx[key[0]]
			if !ok {
				id := Slug(skill)
				if !ValidID(id) {
					return nil, warns, fmt.Errorf("%s:%d: skill %q has no usable id", file, r.line, clip(skill))
				}
				if f.Skill(id) != nil {
					return nil, warns, fmt.Errorf("%s:%d: skills %q and %q have the same id %q", file, r.line, clip(skill), f.Skill(id).Name, id)
				}
				si = len(f.Skills)
				skillIdx[key[0]] = si
				f.Skills = append(f.Skills, Skill{ID: id, Name: skill})
			}
			id := activitySlug(act, actIDs)
			actIDs[id] = true
			f.Skills[si].Activities = append(f.Skills[si].Activities, Activity{ID: id, Text: act})
		}
	}
	if len(f.Skills) == 0 {
		return nil, warns, fmt.Errorf("%s: the table has no skill | activity rows", file)
	}
	return f, warns, nil
}

// splitRow splits a table line into trimmed cells. A leading or trailing
// pipe is optional, "\|" is a literal pipe, and runs of white space inside a
// cell are folded to one space.
func splitRow(line string) []string {
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	cells = append(cells, cur.String())
	for i, c := range cells {
		cells[i] = strings.Join(strings.Fields(c), " ")
	}
	if strings.HasPrefix(line, "|") {
		cells = cells[1:]
	}
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) && len(cells) > 0 {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func isSeparator(cells []string) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if !separatorCell.MatchString(strings.ReplaceAll(c, " ", "")) {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 57
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
