package termtext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Jane Smith", "Jane Smith"},
		{`C:\path\to`, `C:\path\to`},
		{"Zoë Ångström 東京", "Zoë Ångström 東京"},
		{"a\nb", `a\nb`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"\x1b[1A\x1b[2Kfine", `\x1b[1A\x1b[2Kfine`},
		{"\x1b]52;c;aGVsbG8=\x07", `\x1b]52;c;aGVsbG8=\x07`},
		{"x\x7fy\x00", `x\x7fy\x00`},
		{"\u009b2J", `\u009b2J`},
		{"\u202eevil\u202c", `\u202eevil\u202c`},
		{"\u2066\u2069\u200f\u061c\u2028", `\u2066\u2069\u200f\u061c\u2028`},
		{"bad\xffbyte\xc2", `bad\xffbyte\xc2`},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	if got, want := Text("one\n\ttwo\x1b[31m\r"), "one\n\ttwo\\x1b[31m\\r"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// controlByte returns the index of the first byte a terminal may act on
// (a C0 control but those allowed, DEL, the UTF-8 of a C1 or bidi
// control, a byte that is not UTF-8), or -1.
func controlByte(s string, allow string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
		if strings.ContainsRune(allow, r) {
			continue
		}
		if unsafe(r, false) {
			return i
		}
	}
	return -1
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "a\nb", "\x1b]52;c;eA==\x07", "\u009b\u202e", "\xff\xfe", `back\slash`, "\t\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		if i := controlByte(got, ""); i >= 0 {
			t.Fatalf("Line(%q) = %q holds a control at %d", s, got, i)
		}
		if controlByte(s, "") < 0 && got != s {
			t.Fatalf("printable %q changed to %q", s, got)
		}
		txt := Text(s)
		if i := controlByte(txt, "\n\t"); i >= 0 {
			t.Fatalf("Text(%q) = %q holds a control at %d", s, txt, i)
		}
		if strings.Count(txt, "\n") != strings.Count(s, "\n") {
			t.Fatalf("Text(%q) = %q: line breaks not kept", s, txt)
		}
		// A workflow command made of s stays one command, its properties
		// three: s cannot end one or start another.
		cmd := GitHubAnnotation("error", "f"+s, 7, "t"+s, s)
		if i := controlByte(cmd, ""); i >= 0 {
			t.Fatalf("annotation %q holds a control at %d", cmd, i)
		}
		rest, ok := strings.CutPrefix(cmd, "::error ")
		props, _, found := strings.Cut(rest, "::")
		if fields := strings.Split(props, ","); !ok || !found || len(fields) != 3 || fields[1] != "line=7" ||
			!strings.HasPrefix(fields[0], "file=") || !strings.HasPrefix(fields[2], "title=") {
			t.Fatalf("annotation of %q is not one command with three properties: %q", s, cmd)
		}
	})
}

// FuzzWriter writes a string through the guard in two pieces split
// anywhere: the output holds no control but line breaks and tabs, is what
// Text gives for the whole when that is UTF-8, and printable text passes
// unchanged.
func FuzzWriter(f *testing.F) {
	for _, s := range []string{"plain\n", "Zoë\n", "\x1b[2K", "東京", "\u009b", "\xe6\x9d"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if cut < 0 || cut > len(s) {
			cut = len(s) / 2
		}
		var out bytes.Buffer
		w := NewWriter(&out)
		for _, part := range []string{s[:cut], s[cut:]} {
			if n, err := w.Write([]byte(part)); n != len(part) || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if i := controlByte(got, "\n\t"); i >= 0 {
			t.Fatalf("%q came out as %q, with a control at %d", s, got, i)
		}
		if utf8.ValidString(s) && controlByte(s, "\n\t") < 0 && got != s {
			t.Fatalf("printable %q came out as %q", s, got)
		}
	})
}

// JSON written through the guard stays valid and decodes to the same
// values, hostile characters included.
func TestWriterKeepsJSON(t *testing.T) {
	v := map[string]string{"name": "a\x1b]52;c;eA==\x07b\u009b\u202e\x7f\n\"", "plain": "Zoë"}
	var out bytes.Buffer
	w := NewWriter(&out)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if i := controlByte(out.String(), "\n"); i >= 0 {
		t.Fatalf("JSON %q holds a control at %d", out.String(), i)
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out.String())
	}
	if back["name"] != v["name"] || back["plain"] != v["plain"] {
		t.Errorf("decoded %q, want %q", back, v)
	}
}

func TestWriterSplitCharacter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	s := "é東\u009b"
	for i := 0; i < len(s); i++ {
		w.Write([]byte{s[i]})
	}
	w.Write([]byte("\xe6"))
	w.Flush()
	if got, want := out.String(), `é東\u009b\xe6`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGitHubAnnotation(t *testing.T) {
	got := GitHubAnnotation("error", "responses/a,b:c%\n::error::pwned.yaml", 3, "skillmap", "100% wrong\r\n::warning::x\x1b[2K")
	want := `::error file=responses/a%2Cb%3Ac%25%0A%3A%3Aerror%3A%3Apwned.yaml,line=3,title=skillmap::100%25 wrong%0D%0A::warning::x\x1b[2K`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if strings.ContainsAny(got, "\r\n") {
		t.Error("a line break reached the command")
	}
	if got := GitHubAnnotation("error", "", 0, "", "m"); got != "::error::m" {
		t.Errorf("bare annotation %q", got)
	}
}
