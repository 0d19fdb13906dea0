package analysis

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestAdapterAnalysis checks that silent fixtures are silent because the hooks were understood,
// not because the analysis lost track of them.
func TestAdapterAnalysis(t *testing.T) {
	kinds := map[FetcherKind]string{FetcherUnknown: "unknown", FetcherInline: "inline", FetcherMemo: "memo", FetcherStable: "stable"}
	cases := []struct {
		archive string
		want    []string // hook:kind:readable
	}{
		{"unstable-fetch-access-token/silent.txtar", []string{
			"useCustomMemo:unknown:fn", "useFactoryAdapter:stable:fn", "useHookValues:memo:fn",
			"useMemoizedObject:memo:fn", "useModuleFunction:stable:fn", "useRefs:memo:fn",
		}},
		{"unstable-fetch-access-token/silent-official-vite-template.txtar", []string{"useAuthFromWorkOS:memo:fn"}},
		{"unstable-fetch-access-token/fires-hook-in-own-file.txtar", []string{
			"useAuthFromAuthKit:memo:fn", "useConvexAuthAdapter:memo:fn",
		}},
		{"ignored-force-refresh-token/fires-across-files.txtar", []string{"useConvexWorkOSAuth:stable:fn"}},
		// Through another hook and React context: the provider component builds the object.
		{"ignored-force-refresh-token/fires-through-context.txtar", []string{"useAuthForConvex:memo:fn"}},
		{"unstable-fetch-access-token/fires-through-context.txtar", []string{"useConvexSessionAuth:inline:fn"}},
		{"unstable-fetch-access-token/silent-through-context.txtar", []string{"useConvexAdapter:memo:fn"}},
	}
	for _, c := range cases {
		p := loadArchiveFile(t, filepath.Join("..", "testdata", c.archive))
		a := NewAdapters(p)
		var got []string
		for _, h := range a.Hooks() {
			for _, fe := range a.Fetchers(h) {
				readable := "nofn"
				if fe.Fn != nil {
					readable = "fn"
				}
				got = append(got, h.DisplayName()+":"+kinds[fe.Kind]+":"+readable)
			}
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s:\n got  %v\n want %v", c.archive, got, c.want)
		}
	}
}

func TestTokenish(t *testing.T) {
	for name, want := range map[string]bool{
		"accessToken": true, "token": true, "idToken": true, "stableAccessToken": true, "jwt": true,
		"getAccessToken": false, "refreshToken": false, "setToken": false, "tokenError": false,
		"tokenRef": false, "fetchAccessToken": false, "forceRefreshToken": false, "useAccessToken": false,
	} {
		if got := Tokenish(name); got != want {
			t.Errorf("tokenish(%q) = %v, want %v", name, got, want)
		}
	}
}
