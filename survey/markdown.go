package survey

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ImportOptions names a framework imported from a markdown table, and says
// how to read its skill names.
type ImportOptions struct {
	ID          string
	Title       string
	Description string
	Source      string // where the text was published
	Licence     string // the acknowledgement the licence asks for
	// Skills are the right spellings of skill names. A name in the table
	// that is a near-duplicate of one of them (see similarSkillNames) is
	// read as it: this corrects a misspelling the table never spells right.
	Skills []string
	// KeepSimilar keeps near-duplicate skill names apart instead of merging
	// them into the most frequent spelling. Either way they are reported.
	KeepSimilar bool
}

var separatorCell = regexp.MustCompile(`^:?-{3,}:?$`)

// ImportMarkdown builds a framework from the first two-column
// "skill | activity" table in a markdown file. Published tables are often
// broken, so the table is read as a stream of (skill, activity) cell pairs:
// a line may lack its leading or trailing pipe or hold several pairs, and an
// exact duplicate pair is dropped.
//
// Skill names that differ only in case, or by one typing slip in a name of
// eight or more characters ("Lifecyle perspective", "DDigital
// perspective"), are near-duplicates: they are read as one skill, under the
// spelling most rows use (the first seen on a tie), or under the spelling
// given in opt.Skills; opt.KeepSimilar keeps them apart instead. Every such
// decision is a warning, so a misspelling never silently becomes a skill.
//
// A later two-column table whose header's second cell mentions
// "description" gives a description per skill.
//
// Warnings describe what was tolerated, in line order.
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
	for _, name := range opt.Skills {
		if name != oneLine(name) || !ValidID(Slug(name)) {
			return nil, nil, fmt.Errorf("skill name %q cannot be used: it needs letters or digits, and no leading, trailing or repeated spaces", name)
		}
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

	tables := readTables(data)
	if len(tables) == 0 {
		return nil, warns, fmt.Errorf("%s: no markdown table found (expected a header row, a |---|---| row, then skill | activity rows)", file)
	}

	// The activities, as (skill, activity) pairs in table order.
	type pair struct {
		line       int
		skill, act string
	}
	var pairs []pair
	seen := map[[2]string]bool{}
	prevSkill := ""
	for _, r := range tables[0].rows {
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
			pairs = append(pairs, pair{r.line, skill, act})
		}
	}

	// Which spelling each skill name is read as.
	var spellings []spelling
	index := map[string]int{}
	for _, p := range pairs {
		i, ok := index[p.skill]
		if !ok {
			i = len(spellings)
			index[p.skill] = i
			spellings = append(spellings, spelling{name: p.skill, line: p.line})
		}
		spellings[i].rows++
	}
	names, err := readSkillNames(spellings, opt, warn)
	if err != nil {
		return nil, warns, fmt.Errorf("%s: %w", file, err)
	}

	skillIdx := map[string]int{} // right name → index in f.Skills
	actIDs := map[string]bool{}
	for _, p := range pairs {
		name := names[p.skill]
		si, ok := skillIdx[name]
		if !ok {
			id := Slug(name)
			if !ValidID(id) {
				return nil, warns, fmt.Errorf("%s:%d: skill %q has no usable id", file, p.line, clip(name))
			}
			if f.Skill(id) != nil {
				return nil, warns, fmt.Errorf("%s:%d: skills %q and %q have the same id %q", file, p.line, clip(name), f.Skill(id).Name, id)
			}
			si = len(f.Skills)
			skillIdx[name] = si
			f.Skills = append(f.Skills, Skill{ID: id, Name: name})
		}
		id := activitySlug(p.act, actIDs)
		actIDs[id] = true
		f.Skills[si].Activities = append(f.Skills[si].Activities, Activity{ID: id, Text: p.act})
	}
	if len(f.Skills) == 0 {
		return nil, warns, fmt.Errorf("%s: the table has no skill | activity rows", file)
	}

	for _, t := range tables[1:] {
		if len(t.header) != 2 || !strings.Contains(strings.ToLower(t.header[1]), "description") {
			continue
		}
		for _, r := range t.rows {
			if len(r.cells) != 2 || r.cells[0] == "" || r.cells[1] == "" {
				warn(r.line, "a skill description row needs two cells, a skill and its description; ignored")
				continue
			}
			name, ok := names[r.cells[0]]
			if !ok {
				name = nearestName(r.cells[0], f)
			}
			si, ok := skillIdx[name]
			if !ok {
				warn(r.line, "skill %q in the description table has no activities; its description is ignored", clip(r.cells[0]))
				continue
			}
			if f.Skills[si].Description != "" {
				warn(r.line, "a second description of skill %q is ignored", f.Skills[si].Name)
				continue
			}
			f.Skills[si].Description = r.cells[1]
		}
		break
	}
	sortProblems(warns)
	if ps := f.checkFrameworkLimits(file); len(ps) > 0 {
		return nil, warns, ps
	}
	return f, warns, nil
}

// table is a markdown table: the header row (if any), then the rows that
// follow the |---| line up to the first line without a pipe.
type table struct {
	header []string
	rows   []row
}

type row struct {
	line  int
	cells []string
}

// readTables finds the tables of a markdown file. A line with pipes only
// counts as a header when the separator line follows it; other lines with
// pipes outside a table are prose.
func readTables(data []byte) []table {
	var tables []table
	var cur *table
	var prev *row // the last line with pipes outside a table
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), MaxFileSize)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if !strings.Contains(line, "|") {
			cur, prev = nil, nil
			continue
		}
		cells := splitRow(line)
		if cur == nil && isSeparator(cells) {
			t := table{}
			if prev != nil && prev.line == lineNo-1 {
				t.header = prev.cells
			}
			tables = append(tables, t)
			cur, prev = &tables[len(tables)-1], nil
			continue
		}
		if cur != nil {
			if !isSeparator(cells) {
				cur.rows = append(cur.rows, row{lineNo, cells})
			} else if n := len(cur.rows); n > 0 && cur.rows[n-1].line == lineNo-1 {
				// A separator under a row makes that row a header, as it
				// does at the top of a table.
				cur.rows = cur.rows[:n-1]
			}
			continue
		}
		prev = &row{lineNo, cells}
	}
	return tables
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
