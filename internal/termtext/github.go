package termtext

import (
	"strconv"
	"strings"
)

// GitHubProperty escapes a property value of a GitHub Actions workflow
// command (file=, title=), as the runner unescapes it: %, CR, LF, : and ,
// become %25, %0D, %0A, %3A and %2C, so a file name cannot end the
// property or the command. The result is then made safe for one line.
func GitHubProperty(s string) string {
	return Line(githubProperty.Replace(s))
}

// GitHubMessage escapes the message of a workflow command (after the
// second ::): %, CR and LF become %25, %0D and %0A, so that a line break in
// it cannot start a second command.
func GitHubMessage(s string) string {
	return Line(githubMessage.Replace(s))
}

var (
	githubMessage  = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// GitHubAnnotation is a workflow command that makes an annotation of the
// given level (error, warning, notice) on a file and line (0: the file as a
// whole), escaped as the syntax requires.
func GitHubAnnotation(level, file string, line int, title, msg string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(level)
	sep := " "
	prop := func(k, v string) {
		b.WriteString(sep)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v)
		sep = ","
	}
	if file != "" {
		prop("file", GitHubProperty(file))
	}
	if line > 0 {
		prop("line", strconv.Itoa(line))
	}
	if title != "" {
		prop("title", GitHubProperty(title))
	}
	b.WriteString("::")
	b.WriteString(GitHubMessage(msg))
	return b.String()
}
