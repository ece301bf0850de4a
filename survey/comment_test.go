package survey

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// commentByFields is comment as first written, with strings.Fields and
// string concatenation: the reference the faster one must match.
func commentByFields(b *bytes.Buffer, indent, text string) {
	text = strings.Map(commentRune, text)
	width := commentWidth - len(indent) - 2
	lead := ""
	if m := regexp.MustCompile(`^ +`).FindString(text); m != "" {
		lead = m
	}
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			fmt.Fprintf(b, "%s# %s%s\n", indent, lead, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	fmt.Fprintf(b, "%s# %s%s\n", indent, lead, line)
}

func FuzzCommentMatchesReference(f *testing.F) {
	for _, s := range []string{"", " ", "   ", "  0 = Not yet", "a  b\t\tc\nd\u00a0e\u2028f", strings.Repeat("word ", 40),
		strings.Repeat("x", 100) + " y", "Skill: Ünïcode ✓ \x7f\u0085", "  lead " + strings.Repeat("ab ", 30)} {
		f.Add(s, "")
		f.Add(s, "    ")
	}
	f.Fuzz(func(t *testing.T, text, indent string) {
		var got, want bytes.Buffer
		comment(&got, indent, text)
		commentByFields(&want, indent, text)
		if got.String() != want.String() {
			t.Fatalf("comment(%q, %q):\n%q\nwant\n%q", indent, text, got.String(), want.String())
		}
	})
}
