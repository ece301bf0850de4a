package survey

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Activity ids are the first few words of the activity: enough to recognise
// it at a glance in a response file, short enough to read.
const (
	slugContentWords = 4  // words that are not stop words
	maxActivitySlug  = 42 // characters
)

// slugStopWords are not allowed to end an id: "influence-other-leaders-to"
// reads worse than "influence-other-leaders".
var slugStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "by": true,
	"for": true, "from": true, "in": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "with": true, "your": true, "e": true, "g": true,
}

// slugWords splits text into lower-case ASCII words. Apostrophes join their
// neighbours ("organisation's" is one word) and accents are dropped, so ids
// stay stable and easy to type.
func slugWords(s string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		if t, ok := transliterate[unicode.ToLower(r)]; ok {
			cur.WriteString(t)
			continue
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			cur.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '\u2019' || unicode.Is(unicode.Mn, r):
			// joins words / drops combining accents
		default:
			flush()
		}
	}
	flush()
	return words
}

// transliterate spells letters that have no decomposition into plain
// ASCII the way their languages write them without the letter.
var transliterate = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// firstSentence is the text up to the end of its first sentence or the
// start of an aside, which is what names an activity: "Understand the
// organisation's culture. Where necessary..." is about culture.
func firstSentence(text string) string {
	cut := len(text)
	for _, sep := range []string{". ", "; ", "? ", "! ", " (", " - ", ": "} {
		if i := strings.Index(text, sep); i > 0 && i < cut {
			cut = i
		}
	}
	return text[:cut]
}

// Slug turns a name into a readable id: lower-case words joined by hyphens.
func Slug(s string) string {
	return strings.Join(slugWords(s), "-")
}

// activitySlug returns the shortest readable id for an activity text that is
// not in taken: the first words up to maxActivitySlug characters, with more
// words added (and finally a number) only when needed to tell it apart.
func activitySlug(text string, taken map[string]bool) string {
	// Words after the first sentence are used only to tell apart
	// activities that start alike.
	sentence := len(slugWords(firstSentence(text)))
	words := slugWords(text)
	if len(words) == 0 {
		words = []string{"activity"}
	}
	if sentence == 0 {
		sentence = len(words)
	}
	n, length, content := 0, 0, 0
	for n < sentence && content < slugContentWords {
		l := length + len(words[n])
		if n > 0 {
			l++
		}
		if n > 0 && l > maxActivitySlug {
			break
		}
		if !slugStopWords[words[n]] {
			content++
		}
		length = l
		n++
	}
	first := n
	for ; n <= len(words); n++ {
		id := trimStopWords(words[:n])
		if len(id) > maxID {
			break // ValidID refuses longer ids
		}
		if !taken[id] {
			return id
		}
	}
	base := capID(trimStopWords(words[:first]), maxID)
	if !taken[base] {
		return base // the first word alone was too long
	}
	for i := 2; ; i++ {
		suffix := "-" + strconv.Itoa(i)
		id := capID(base, maxID-len(suffix)) + suffix
		if !taken[id] {
			return id
		}
	}
}

// maxID is the longest id ValidID accepts.
const maxID = 64

// capID shortens a slug to at most n characters, never ending in a hyphen.
func capID(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n], "-")
}

func trimStopWords(words []string) string {
	end := len(words)
	for end > 1 && slugStopWords[words[end-1]] {
		end--
	}
	return strings.Join(words[:end], "-")
}
