package survey

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseFast reads a response file laid out as RenderResponse writes it,
// with the edits people make by hand (ratings, notes, plain or quoted
// values, comments, blank lines), without building a YAML node tree: a
// report over thousands of files spends most of its time there otherwise.
//
// It accepts only what it is sure of and returns nil for anything else —
// other indentation, flow style, anchors, block scalars, escapes it does not
// know, a "retired" section, every kind of mistake — so that the YAML parser
// reads those files and reports their problems exactly as before. When it
// does accept a file, its result is the one ParseResponse's YAML path gives
// (FuzzParseFastMatchesYAML checks this), line numbers included.
//
// checkBreaks may be false only when data is plain ASCII without a carriage
// return (see scanText): then no comment can hide a line break.
func parseFast(file string, data []byte, checkBreaks bool) *Response {
	const (
		inNone = iota
		inParticipant
		inRatings
		inFrameworks
		inPlan
	)
	r := &Response{File: file, Ratings: map[string]map[string]*Answer{}, lines: make(map[string]int, 8)}
	var (
		seenSchema, seenParticipant, seenRatings bool
		seenFrameworks, seenPlan                 bool
		seenFocus, seenText, seenManager         bool
		inFocus                                  bool
		prefix                                   string // "framework/" in a framework's section
		seenID, seenName, seenEmail, seenRole    bool
		section                                  = inNone
		skill                                    map[string]*Answer
		act                                      *Answer
		seenRating, seenNote                     bool
		planLine                                 int
	)
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		indent := 0
		for indent < len(l) && l[indent] == ' ' {
			indent++
		}
		rest := l[indent:]
		if len(rest) == 0 {
			continue // blank
		}
		if inFocus && indent == 4 && len(rest) > 1 && rest[0] == '-' && rest[1] == ' ' {
			// A focus entry: "- skill/activity", as RenderResponse writes it.
			v, ok := plain(bytes.TrimLeft(rest[2:], " "))
			if !ok || !refRe.Match(v) || len(r.Plan.Focus) >= MaxFocus*4 {
				return nil
			}
			ref, ok := ParseActivityRef(string(v))
			if !ok {
				return nil
			}
			r.Plan.Focus = append(r.Plan.Focus, ref)
			r.Plan.focusLines = append(r.Plan.focusLines, line)
			continue
		}
		inFocus = false
		if rest[0] == '#' {
			// A comment, whatever its indentation; unless it holds a
			// character YAML reads as a line break.
			if checkBreaks && hasBreak(rest) {
				return nil
			}
			continue
		}
		key, value, ok := splitKey(rest)
		if !ok {
			return nil
		}
		sec := section
		if section == inFrameworks && indent > 0 {
			// A framework's section is laid out as "ratings", two
			// columns further in.
			if indent == 2 {
				if !isEmpty(value) {
					return nil
				}
				if _, dup := r.lines["framework."+key]; dup {
					return nil
				}
				r.lines["framework."+key] = line
				prefix, skill, act = key+"/", nil, nil
				continue
			}
			if prefix == "" || indent < 4 {
				return nil
			}
			indent -= 2
			sec = inRatings
		}
		switch indent {
		case 0:
			section, skill, act, prefix = inNone, nil, nil, ""
			switch key {
			case "schema":
				n, ok := plainInt(value)
				if seenSchema || !ok || n != ResponseSchema && n != ResponseSchemaSeveral {
					return nil
				}
				seenSchema, r.Schema = true, n
			case "participant":
				if seenParticipant || !isEmpty(value) {
					return nil
				}
				seenParticipant, section = true, inParticipant
			case "ratings":
				if seenRatings || !isEmpty(value) {
					return nil
				}
				seenRatings, section = true, inRatings
			case "plan":
				if seenPlan || !isEmpty(value) {
					return nil
				}
				seenPlan, section, planLine = true, inPlan, line
				// "plan:" with nothing under it is no plan; the first key
				// under it makes one.
			case "frameworks":
				if seenFrameworks || !isEmpty(value) {
					return nil
				}
				seenFrameworks, section, r.prefixed = true, inFrameworks, true
			default:
				return nil
			}
		case 2:
			switch sec {
			case inParticipant:
				var seen *bool
				var dst *string
				p := &r.Participant
				switch key {
				case "id":
					seen, dst = &seenID, &p.ID
				case "name":
					seen, dst = &seenName, &p.Name
				case "email":
					seen, dst = &seenEmail, &p.Email
				case "role":
					seen, dst = &seenRole, &p.Role
				default:
					return nil
				}
				s, ok := textValue(value)
				if *seen || !ok || s == "" {
					return nil
				}
				*seen, *dst = true, s
				r.lines["participant."+key] = line
			case inRatings:
				key = prefix + key
				if !isEmpty(value) || r.Ratings[key] != nil {
					return nil
				}
				skill, act = map[string]*Answer{}, nil
				r.Ratings[key] = skill
				r.lines["skill."+key] = line
			case inPlan:
				if r.Plan == nil {
					r.Plan = &Plan{line: planLine}
				}
				pl := r.Plan
				switch key {
				case "focus":
					if seenFocus || !isEmpty(value) {
						return nil
					}
					seenFocus, inFocus = true, true
				case "text", "line_manager":
					seen, dst, at := &seenText, &pl.Text, &pl.textLine
					if key == "line_manager" {
						seen, dst, at = &seenManager, &pl.LineManager, &pl.managerLine
					}
					s, ok := textValue(value)
					if *seen || !ok {
						return nil
					}
					*seen, *dst, *at = true, s, line
				default:
					return nil
				}
			default:
				return nil
			}
		case 4:
			if skill == nil || !isEmpty(value) || skill[key] != nil {
				return nil
			}
			act = &Answer{Line: line}
			skill[key] = act
			seenRating, seenNote = false, false
		case 6:
			if act == nil {
				return nil
			}
			switch key {
			case "rating":
				if seenRating {
					return nil
				}
				seenRating = true
				if isEmpty(value) {
					break
				}
				n, ok := plainInt(value)
				if !ok {
					return nil
				}
				act.Rating, act.ratingLine = &n, line
			case "note":
				s, ok := textValue(value)
				if seenNote || !ok {
					return nil
				}
				seenNote, act.Note = true, s
			default:
				return nil
			}
		default:
			return nil
		}
	}
	if !seenSchema || !seenParticipant || !seenID || !seenName || !seenRole {
		return nil
	}
	// The schema and the layout agree, or the YAML parser says why not.
	if !(r.Schema == ResponseSchema && seenRatings && !seenFrameworks ||
		r.Schema == ResponseSchemaSeveral && seenFrameworks && !seenRatings) {
		return nil
	}
	return r
}

// hasBreak reports whether a line holds a carriage return, NEL, LS or PS,
// which YAML reads as line breaks.
func hasBreak(l []byte) bool {
	for i, c := range l {
		switch c {
		case '\r':
			return true
		case 0xc2:
			if i+1 < len(l) && l[i+1] == 0x85 {
				return true
			}
		case 0xe2:
			if i+2 < len(l) && l[i+1] == 0x80 && (l[i+2] == 0xa8 || l[i+2] == 0xa9) {
				return true
			}
		}
	}
	return false
}

// splitKey splits "key: value" (or "key:") where key is a safe id. The
// value keeps any trailing comment.
func splitKey(l []byte) (key string, value []byte, ok bool) {
	i := bytes.IndexByte(l, ':')
	if i <= 0 || i > maxID || (i+1 < len(l) && l[i+1] != ' ') {
		return "", nil, false
	}
	if string(l[:i]) == "line_manager" {
		// The one key with an underscore: ids have none.
		return "line_manager", bytes.TrimLeft(l[i+1:], " "), true
	}
	for _, c := range l[:i] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return "", nil, false
		}
	}
	key = string(l[:i])
	if !ValidID(key) {
		return "", nil, false
	}
	return key, bytes.TrimLeft(l[i+1:], " "), true
}

// isEmpty reports whether a value is nothing, or only a comment.
func isEmpty(v []byte) bool { return len(v) == 0 || v[0] == '#' }

// plain returns a plain (unquoted) value without its trailing comment and
// spaces, or false when it holds anything that might not read as itself.
func plain(v []byte) ([]byte, bool) {
	if i := bytes.Index(v, []byte(" #")); i >= 0 {
		v = v[:i]
	}
	v = bytes.TrimRight(v, " ")
	return v, len(v) > 0 && bytes.IndexByte(v, '#') < 0
}

// plainInt reads a plain whole number small enough that every reading of
// it agrees.
func plainInt(v []byte) (int, bool) {
	v, ok := plain(v)
	if !ok {
		return 0, false
	}
	d := v
	if d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 9 || d[0] == '0' && len(d) > 1 {
		return 0, false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if len(d) != len(v) && d[0] == '0' {
		return 0, false // "-0"
	}
	n, err := strconv.Atoi(string(v))
	return n, err == nil
}

// textValue reads a text value: empty, a plain scalar of the kind
// RenderResponse writes unquoted or a safe id, or a double-quoted string
// with the escapes JSON uses.
func textValue(v []byte) (string, bool) {
	if isEmpty(v) {
		return "", true
	}
	if v[0] == '"' {
		return quoted(v)
	}
	p, ok := plain(v)
	if !ok {
		return "", false
	}
	s := string(p)
	if yamlKeywords[strings.ToLower(s)] || !(ValidID(s) || isPlainText(p)) {
		return "", false
	}
	return s, true
}

// isPlainText matches the plain scalars people write and RenderResponse
// may write: a letter, then letters, digits and " ._@+'()-", ending in a
// letter, a digit, "." or ")"; in any script, as in "Sinéad O'Brien".
func isPlainText(p []byte) bool {
	if len(p) < 2 {
		return false
	}
	first, _ := utf8.DecodeRune(p)
	last, _ := utf8.DecodeLastRune(p)
	if !unicode.IsLetter(first) || !(unicode.IsLetter(last) || unicode.IsNumber(last) || last == '.' || last == ')') {
		return false
	}
	for _, r := range string(p) {
		if !(unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune(" ._@+'()-", r)) {
			return false
		}
	}
	return true
}

// quoted reads a double-quoted string that ends on its line, followed by
// nothing but spaces and a comment.
func quoted(v []byte) (string, bool) {
	var b []byte // nil until an escape is met
	i := 1
	start := 1
	for {
		if i >= len(v) {
			return "", false
		}
		c := v[i]
		switch {
		case c == '"':
			var s string
			if b == nil {
				s = string(v[start:i])
			} else {
				s = string(append(b, v[start:i]...))
			}
			tail := v[i+1:]
			if len(tail) > 0 {
				if tail[0] != ' ' {
					return "", false
				}
				if t := bytes.TrimLeft(tail, " "); len(t) > 0 && t[0] != '#' {
					return "", false
				}
			}
			return s, true
		case c == '\\':
			if i+1 >= len(v) {
				return "", false
			}
			b = append(b, v[start:i]...)
			switch v[i+1] {
			case '"', '\\', '/':
				b = append(b, v[i+1])
			case 'n':
				b = append(b, '\n')
			case 't':
				b = append(b, '\t')
			case 'r':
				b = append(b, '\r')
			case 'u':
				if i+6 > len(v) {
					return "", false
				}
				n, err := strconv.ParseUint(string(v[i+2:i+6]), 16, 16)
				if err != nil || n >= 0xd800 && n <= 0xdfff {
					return "", false
				}
				b = utf8.AppendRune(b, rune(n))
				i += 4
			default:
				return "", false
			}
			i += 2
			start = i
		case c < 0x80:
			if c < 0x20 || c == 0x7f {
				return "", false
			}
			i++
		default:
			r, size := utf8.DecodeRune(v[i:])
			if r == utf8.RuneError || notVerbatim(r) {
				return "", false
			}
			i += size
		}
	}
}
