// Package termtext makes text that comes from a repository or a remote safe
// to print on a terminal: anyone who can push to a workshop chooses file
// names, author names and framework texts, and a terminal obeys the control
// characters in them (escape sequences that move the cursor and rewrite
// lines above, OSC 52 that writes the clipboard, bidi overrides that reorder
// what is shown). Every such character is shown as a visible escape
// instead, and printable text is left exactly as it is.
package termtext

import (
	"unicode/utf8"
)

// Line returns s made safe to print as part of one line: every control
// character, a line break or a tab included, is shown as an escape (\n,
// \t, \x1b, \u202e), as is every byte that is not UTF-8. Printable text,
// backslashes included, is unchanged, so most strings come back as they
// are, without copying.
func Line(s string) string {
	return escape(s, false)
}

// Text is Line for text that may run over several lines, such as a
// framework's description: line breaks and tabs are kept, every other
// control character is escaped.
func Text(s string) string {
	return escape(s, true)
}

// unsafe reports whether r must not reach a terminal as it is: C0 controls
// (the line break and tab only when not keepBreaks), DEL, C1 controls
// (U+0080 to U+009F, which some terminals read as ESC sequences), the bidi
// controls that reorder text on screen, and the Unicode line and paragraph
// separators.
func unsafe(r rune, keepBreaks bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !keepBreaks
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r < 0x200e:
		return r == 0x061c // ARABIC LETTER MARK
	}
	return r == 0x200e || r == 0x200f || // LRM, RLM
		r >= 0x2028 && r <= 0x202e || // separators, LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069 // LRI, RLI, FSI, PDI
}

// clean reports whether s needs no escaping: the common case, checked
// without allocating.
func clean(s string, keepBreaks bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafe(r, keepBreaks) {
			return false
		}
		i += size
	}
	return true
}

func escape(s string, keepBreaks bool) string {
	if clean(s, keepBreaks) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = appendByteEscape(b, s[i])
		case unsafe(r, keepBreaks):
			b = appendRuneEscape(b, r, false)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

const hexDigits = "0123456789abcdef"

// appendByteEscape appends a byte that is not UTF-8 as \xNN.
func appendByteEscape(b []byte, c byte) []byte {
	return append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendRuneEscape appends r as an escape: \n, \r, \t, and \x1b for the
// other C0 controls and DEL, \u0085 beyond. With jsonSafe every escape is
// one JSON reads back as the same character (\u001b), so that escaping
// JSON output leaves it valid and equal.
func appendRuneEscape(b []byte, r rune, jsonSafe bool) []byte {
	switch r {
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	if r < 0x80 && !jsonSafe {
		return appendByteEscape(b, byte(r))
	}
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
