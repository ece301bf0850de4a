package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	checkout := &debug.BuildInfo{Main: debug.Module{Path: "github.com/skillmap/skillmap", Version: "v0.0.0-20261201030000-165ea1c2b3e4+dirty"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "165ea1c2b3e4"}, {Key: "vcs.time", Value: "2026-12-01T03:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/skillmap/skillmap", Version: "v1.4.0", Sum: "h1:abc="}}
	pseudoInstall := &debug.BuildInfo{Main: debug.Module{Path: "github.com/skillmap/skillmap", Version: "v0.0.0-20261201030000-165ea1c2b3e4", Sum: "h1:abc="}}
	for _, c := range []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  Info
		installable           bool
	}{
		{"release build (GoReleaser drops the v)", "1.4.0", "abcdef0", "2026-12-01T00:00:00Z", checkout, Info{"v1.4.0", "abcdef0", "2026-12-01T00:00:00Z"}, true},
		{"go install module@v1.4.0", "", "", "", installed, Info{"v1.4.0", "", ""}, true},
		{"go install module@commit", "", "", "", pseudoInstall, Info{"v0.0.0-20261201030000-165ea1c2b3e4", "165ea1c2b3e4", ""}, true},
		{"go build in a checkout", "", "", "", checkout, Info{"dev", "165ea1c2b3e4+dirty", "2026-12-01T03:00:00Z"}, false},
		{"go test", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Info{"dev", "", ""}, false},
		{"GoReleaser snapshot", "0.0.0-SNAPSHOT-abcdef0", "abcdef0", "d", nil, Info{"v0.0.0-SNAPSHOT-abcdef0", "abcdef0", "d"}, false},
	} {
		got := fromBuildInfo(c.version, c.commit, c.date, c.bi)
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if got.Installable() != c.installable {
			t.Errorf("%s: Installable() = %v", c.name, got.Installable())
		}
	}
}
