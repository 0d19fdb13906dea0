package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	vcs := func(rev, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified},
		}}
	}
	for _, tc := range []struct {
		name, stamped string
		info          *debug.BuildInfo
		want          string
	}{
		{"release stamp wins", "v1.2.3", vcs("0123456789abcdef0123", "false"), "1.2.3"},
		{"stamp without v", "0.2.0", nil, "0.2.0"},
		{"go install module@version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}}, "0.3.1"},
		{"clone with vcs info", "", vcs("0123456789abcdef0123", "false"), "0.0.0-dev+0123456789ab"},
		{"dirty clone", "", vcs("0123456789abcdef0123", "true"), "0.0.0-dev+0123456789ab.dirty"},
		{"no vcs info", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "0.0.0-dev"},
		{"no build info", "", nil, "0.0.0-dev"},
	} {
		if got := versionFrom(tc.stamped, tc.info); got != tc.want {
			t.Errorf("%s: versionFrom = %q, want %q", tc.name, got, tc.want)
		}
	}
}
