// Package buildinfo says which skillmap is running: the version, commit
// and date a release build was stamped with, or the module version that
// "go install module@version" recorded. A build from a source checkout is
// "dev": its version exists nowhere to be installed again.
package buildinfo

import (
	"regexp"
	"runtime/debug"
	"strings"
)

// Info identifies a build of skillmap.
type Info struct {
	Version string // "v1.2.3", or a module pseudo-version, or "dev"
	Commit  string // the commit it was built from; "" when unknown
	Date    string // when it was built (RFC 3339); "" when unknown
}

// Module is skillmap's module path, what "go install" takes.
const Module = "github.com/skillmap/skillmap"

// Dev is the version of a build from a source checkout.
const Dev = "dev"

var semverish = regexp.MustCompile(`^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$`)

// Read combines what the linker stamped into a release build (empty when
// nothing was: go build -ldflags "-X main.version=v1.2.3 -X main.commit=…
// -X main.date=…") with what the Go toolchain records in every binary.
func Read(version, commit, date string) Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(version, commit, date, bi)
}

func fromBuildInfo(version, commit, date string, bi *debug.BuildInfo) Info {
	info := Info{Version: version, Commit: commit, Date: date}
	if info.Version != "" && semverish.MatchString(info.Version) && !strings.HasPrefix(info.Version, "v") {
		info.Version = "v" + info.Version // GoReleaser's .Version drops the v of the tag
	}
	if bi != nil {
		// Main.Sum is set only when the go command fetched the module
		// (go install module@version): a build in a checkout has a
		// version too since Go 1.24, but one made up from the commit,
		// which no proxy may serve.
		if info.Version == "" && bi.Main.Sum != "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		dirty := false
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && commit == "":
				info.Commit = s.Value
			case s.Key == "vcs.time" && date == "":
				info.Date = s.Value
			case s.Key == "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if dirty && commit == "" && info.Commit != "" {
			info.Commit += "+dirty"
		}
		if info.Commit == "" {
			// A pseudo-version ends in the commit it names.
			if i := strings.LastIndexByte(info.Version, '-'); i > 0 && pseudo.MatchString(info.Version) {
				info.Commit = info.Version[i+1:]
			}
		}
	}
	if info.Version == "" {
		info.Version = Dev
	}
	return info
}

var pseudo = regexp.MustCompile(`^v\d+\.\d+\.\d+-(\d+\.)?(0\.)?\d{14}-[0-9a-f]{12}$`)

// Installable says whether Version is one "go install module@version" can
// fetch again: a released version, not a source build's.
func (i Info) Installable() bool {
	return i.Version != Dev && semverish.MatchString(i.Version) && !strings.Contains(i.Version, "+") &&
		!strings.Contains(strings.ToUpper(i.Version), "SNAPSHOT")
}

// String is the one line "skillmap version" prints after "skillmap ".
func (i Info) String() string {
	commit, date := i.Commit, i.Date
	if commit == "" {
		commit = "unknown"
	}
	if date == "" {
		date = "unknown"
	}
	return i.Version + " (commit " + commit + ", built " + date + ")"
}
