package main

import (
	"runtime/debug"
	"strings"
)

// version is the release version, stamped by scripts/release.sh from the git tag with
// -ldflags "-X main.version=X.Y.Z". Empty in any other build.
var version = ""

// currentVersion is what --version and SARIF report: the stamped release, else the module
// version `go install module@vX.Y.Z` records, else the commit a clone was built from.
func currentVersion() string {
	return versionFrom(version, buildInfo())
}

func buildInfo() *debug.BuildInfo {
	info, _ := debug.ReadBuildInfo()
	return info
}

func versionFrom(stamped string, info *debug.BuildInfo) string {
	if stamped != "" {
		return strings.TrimPrefix(stamped, "v")
	}
	if info == nil {
		return "0.0.0-dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return strings.TrimPrefix(v, "v")
	}
	var rev string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "0.0.0-dev"
	}
	v := "0.0.0-dev+" + rev[:min(len(rev), 12)]
	if dirty {
		v += ".dirty"
	}
	return v
}
