package survey

import (
	"fmt"
	"slices"
	"strings"
)

// spelling is one way a table spells a skill name.
type spelling struct {
	name string
	line int // where it first appears
	rows int // how many activities it names
}

// foldName is how skill names compare: case and runs of white space do not
// matter.
func foldName(s string) string {
	return strings.ToLower(oneLine(s))
}

// similarSkillNames reports whether two skill names are near-duplicates:
// the same but for case and white space, or, when both have at least
// minSimilarLen characters, one typing slip apart (a letter added, dropped,
// changed, or two swapped). Shorter names are too easily one letter from a
// different word ("Lead", "Lean") to be merged on a guess.
func similarSkillNames(a, b string) bool {
	fa, fb := foldName(a), foldName(b)
	if fa == fb {
		return true
	}
	ra, rb := []rune(fa), []rune(fb)
	if len(ra) < minSimilarLen || len(rb) < minSimilarLen {
		return false
	}
	return editDistance(ra, rb, 1) <= 1
}

const minSimilarLen = 8

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 when it is more than limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// readSkillNames decides which name each spelling of a table is read as.
// The right spellings given in opt.Skills come first; then spellings are
// taken from the most rows to the fewest (the first seen on a tie), and
// each becomes a skill of its own unless it is a near-duplicate of one
// already chosen. Every merge, and every near-duplicate kept apart, is
// reported by warn on the line where the spelling first appears.
func readSkillNames(spellings []spelling, opt ImportOptions, warn func(line int, format string, a ...any)) (map[string]string, error) {
	type choice struct {
		name     string
		explicit bool
		rows     int
	}
	var chosen []*choice
	for _, n := range opt.Skills {
		chosen = append(chosen, &choice{name: n, explicit: true})
	}
	order := slices.Clone(spellings)
	slices.SortStableFunc(order, func(a, b spelling) int { return b.rows - a.rows })
	names := map[string]string{}
	used := map[string]bool{}
	for _, s := range order {
		var match *choice
		for _, c := range chosen {
			if c.name == s.name {
				match = c
				break
			}
		}
		if match == nil {
			for _, c := range chosen {
				if similarSkillNames(c.name, s.name) {
					match = c
					break
				}
			}
		}
		switch {
		case match == nil:
			chosen = append(chosen, &choice{name: s.name, rows: s.rows})
			names[s.name] = s.name
		case match.name == s.name:
			match.rows += s.rows
			names[s.name] = s.name
		case match.explicit:
			names[s.name] = match.name
			warn(s.line, "skill %q (%s) is read as %q, the spelling given with --skill", clip(s.name), rowCount(s.rows), match.name)
		case opt.KeepSimilar && foldName(match.name) != foldName(s.name):
			chosen = append(chosen, &choice{name: s.name, rows: s.rows})
			names[s.name] = s.name
			warn(s.line, "skill %q (%s) looks like a misspelling of %q (%s); kept apart as asked (--keep-similar-skills)",
				clip(s.name), rowCount(s.rows), match.name, rowCount(match.rows))
		default:
			names[s.name] = match.name
			warn(s.line, "skill %q (%s) looks like a misspelling of %q (%s) and is read as it; "+
				"to choose the spelling pass --skill \"NAME\", to keep them apart pass --keep-similar-skills",
				clip(s.name), rowCount(s.rows), match.name, rowCount(match.rows))
		}
		used[names[s.name]] = true
	}
	for _, n := range opt.Skills {
		if !used[n] {
			return nil, fmt.Errorf("--skill %q matches no skill name in the table (it must differ from one by at most case, white space or one typing slip)", n)
		}
	}
	return names, nil
}

// nearestName returns the name of the framework's skill that name is a
// near-duplicate of, or "".
func nearestName(name string, f *Framework) string {
	for _, s := range f.Skills {
		if similarSkillNames(s.Name, name) {
			return s.Name
		}
	}
	return ""
}

func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}
