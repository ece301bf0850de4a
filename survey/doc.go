// Package survey is skillmap's domain model: frameworks of skills and
// activities, workshop settings, participants and their self-assessment
// response files. It parses, validates and renders those files and knows
// nothing about Git or the command line: callers hand it bytes and file
// names, and it hands back values and problems that name the file and line.
package survey
