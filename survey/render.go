package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// commentWidth is where comment text wraps, so a file reads well in a
// terminal editor and in a web editor alike.
const commentWidth = 80

// NewResponse returns an empty response for a participant.
func NewResponse(p Participant) *Response {
	return &Response{
		File:        ResponsePath(p.ID),
		Schema:      ResponseSchema,
		Participant: p,
		Ratings:     map[string]map[string]*Answer{},
	}
}

// RenderResponse writes a response file: a header that explains the file,
// the participant, then every skill and activity of the framework with its
// full text as a comment and the participant's answer, if any, then their
// plan if they have one (a file without a plan gets no empty section, so
// that existing files render as they always have). Answers to
// activities the framework no longer has are kept under "retired", so
// re-rendering never loses what someone wrote. For a workshop of several
// frameworks (f combines them) the file has schema 2: under "frameworks",
// a section per framework asked of the participant's role level, each laid
// out as "ratings" is.
func RenderResponse(w *Workshop, f *Framework, r *Response) []byte {
	r = r.KeyedFor(f)
	several := f.Several()
	var b bytes.Buffer
	comment(&b, "", fmt.Sprintf("Self-assessment for %s", oneLine(w.Title)))
	if several {
		var parts []string
		for _, p := range f.Parts() {
			parts = append(parts, fmt.Sprintf("%s (%s)", oneLine(p.Title), sizeOf(p)))
		}
		comment(&b, "", "Frameworks: "+strings.Join(parts, "; "))
	} else {
		comment(&b, "", fmt.Sprintf("Framework: %s (%d activities in %d skills)", oneLine(f.Title), f.ActivityCount(), len(f.Skills)))
	}
	b.WriteString("#\n")
	comment(&b, "", `How to fill this in: rate yourself on each activity by writing a number after "rating:".`)
	for _, l := range w.Scale {
		line := fmt.Sprintf("  %d = %s", l.Value, oneLine(l.Label))
		if l.Meaning != "" {
			line += " (" + oneLine(l.Meaning) + ")"
		}
		comment(&b, "", line)
	}
	comment(&b, "", `Leave a rating empty to skip an activity. Write "rating: 3", with a space after the colon. A note is optional: write it between the quotes (a quote mark inside a note is written \"). Change nothing else: skillmap reads the ids.`)
	b.WriteString("#\n")
	comment(&b, "", "To submit: run `skillmap submit` in the workshop folder; or commit this file with git (git add, git commit, git push); or edit it in your Git host's web editor and commit there.")
	schema := ResponseSchema
	if several {
		schema = ResponseSchemaSeveral
	}
	fmt.Fprintf(&b, "schema: %d\n", schema)
	b.WriteString("participant:\n")
	p := r.Participant
	fmt.Fprintf(&b, "  id: %s\n", scalar(p.ID))
	fmt.Fprintf(&b, "  name: %s\n", scalar(p.Name))
	if p.Email != "" {
		fmt.Fprintf(&b, "  email: %s\n", scalar(p.Email))
	}
	fmt.Fprintf(&b, "  role: %s\n", scalar(p.Role))
	known := map[[2]string]bool{}
	skills := func(indent string, fw string) {
		for _, s := range f.Skills {
			if several && s.Framework != fw {
				continue
			}
			b.WriteString("\n")
			comment(&b, indent, "Skill: "+oneLine(s.Name))
			fmt.Fprintf(&b, "%s%s:\n", indent, s.ID)
			for _, a := range s.Activities {
				known[[2]string{s.Key(), a.ID}] = true
				comment(&b, indent+"  ", oneLine(a.Text))
				fmt.Fprintf(&b, "%s  %s:\n", indent, a.ID)
				writeAnswerAt(&b, indent+"    ", r.Answer(s.Key(), a.ID))
			}
		}
	}
	if several {
		b.WriteString("frameworks:\n")
		for _, part := range f.Parts() {
			if !w.Asked(p.Role, part.ID) {
				continue
			}
			b.WriteString("\n")
			comment(&b, "  ", fmt.Sprintf("Framework: %s (%s)", oneLine(part.Title), sizeOf(part)))
			if w.Role(p.Role) != nil && !w.Required(p.Role, part.ID) {
				comment(&b, "  ", "Optional for your role level: answer as much of it as you like.")
			}
			fmt.Fprintf(&b, "  %s:\n", part.ID)
			skills("    ", part.ID)
		}
	} else {
		b.WriteString("ratings:\n")
		skills("  ", "")
	}
	if r.Plan != nil {
		writePlan(&b, w, r.Plan)
	}
	// Answers the framework has no place for: those already retired, and
	// those to activities it no longer has.
	old := map[string]map[string]*Answer{}
	for i, from := range []map[string]map[string]*Answer{r.retired, r.Ratings} {
		for skill, acts := range from {
			for act, ans := range acts {
				if ans.Rating == nil && ans.Note == "" || i == 1 && known[[2]string{skill, act}] {
					continue
				}
				if old[skill] == nil {
					old[skill] = map[string]*Answer{}
				}
				old[skill][act] = ans
			}
		}
	}
	if len(old) == 0 {
		return b.Bytes()
	}
	comment(&b, "", "Answers to activities that are no longer in the framework, kept for the record.")
	b.WriteString("retired:\n")
	lastFw := ""
	for _, key := range sortedKeys(old) {
		indent := "  "
		skill := key
		if several {
			fw, id := SplitKey(key)
			if fw == "" {
				fw = f.Parts()[0].ID
			}
			if fw != lastFw {
				fmt.Fprintf(&b, "  %s:\n", scalar(fw))
				lastFw = fw
			}
			indent, skill = "    ", id
		}
		fmt.Fprintf(&b, "%s%s:\n", indent, scalar(skill))
		for _, act := range sortedKeys(old[key]) {
			fmt.Fprintf(&b, "%s  %s:\n", indent, scalar(act))
			writeAnswerAt(&b, indent+"    ", old[key][act])
		}
	}
	return b.Bytes()
}

// sizeOf says how large a framework is: "30 activities in 4 skills".
func sizeOf(f *Framework) string {
	count := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	return count(f.ActivityCount(), "activity", "activities") + " in " + count(len(f.Skills), "skill", "skills")
}

func writeAnswerAt(b *bytes.Buffer, indent string, a *Answer) {
	if a != nil && a.Rating != nil {
		fmt.Fprintf(b, "%srating: %d\n", indent, *a.Rating)
	} else {
		b.WriteString(indent + "rating:\n")
	}
	note := ""
	if a != nil {
		note = a.Note
	}
	fmt.Fprintf(b, "%snote: %s\n", indent, quote(note))
}

// comment writes text as comment lines, wrapped at commentWidth. It
// writes straight into b, word by word: every response file has dozens of
// comments, and "add" and "demo" write thousands of files.
func comment(b *bytes.Buffer, indent, text string) {
	if !plainASCII(text) {
		text = strings.Map(commentRune, text) // the only white space left is ' '
	}
	width := commentWidth - len(indent) - 2
	rest := strings.TrimLeft(text, " ")
	lead := text[:len(text)-len(rest)] // keeps the scale list indented
	prefix := func() {
		b.WriteString(indent)
		b.WriteString("# ")
		b.WriteString(lead)
	}
	prefix()
	n := 0 // length of the line so far, after the prefix
	for rest != "" {
		word, after, _ := strings.Cut(rest, " ")
		rest = strings.TrimLeft(after, " ")
		if word == "" {
			continue
		}
		switch {
		case n == 0:
		case n+1+len(word) > width:
			b.WriteByte('\n')
			prefix()
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	b.WriteByte('\n')
}

// plainASCII reports whether s is printable ASCII, which commentRune
// leaves as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// plainScalar matches text that YAML reads back unchanged without quotes.
var plainScalar = regexp.MustCompile(`^\pL[\pL\pN ._@+'()-]*[\pL\pN.)]$`)

var yamlKeywords = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true, "true": true, "false": true, "null": true}

// scalar writes s plainly when that is safe and readable, quoted otherwise.
func scalar(s string) string {
	if plainScalar.MatchString(s) && !yamlKeywords[strings.ToLower(s)] && !strings.Contains(s, " #") {
		return s
	}
	return quote(s)
}

// quote writes s as a YAML double-quoted scalar. JSON string syntax is a
// subset of it; HTML escaping is turned off so that "<" stays readable.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	q := strings.TrimSuffix(b.String(), "\n")
	if strings.IndexFunc(q, notVerbatim) < 0 {
		return q
	}
	// JSON leaves a few characters raw that YAML refuses or reads as a line
	// break; YAML's \u escape writes them.
	var e strings.Builder
	for _, r := range q {
		if notVerbatim(r) {
			fmt.Fprintf(&e, `\u%04X`, r)
		} else {
			e.WriteRune(r)
		}
	}
	return e.String()
}

// notVerbatim reports whether YAML would not read r as itself in a comment
// or a double-quoted scalar: it refuses control characters, U+FFFE and
// U+FFFF anywhere in a file, and reads NEL, LS and PS as line breaks.
func notVerbatim(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}

// commentRune keeps comment text on its line and readable by YAML: white
// space (line breaks included) becomes a space, other characters YAML
// cannot hold become U+FFFD.
func commentRune(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return ' '
	case notVerbatim(r):
		return '\uFFFD'
	}
	return r
}
