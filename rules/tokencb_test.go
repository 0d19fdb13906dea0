package rules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// tcbLoad writes a fixture archive into a temp dir and loads it as a project.
func tcbLoad(t *testing.T, archive string) *project.Project {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := project.Load(project.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAdapterAnalysis checks that silent fixtures are silent because the hooks were understood,
// not because the analysis lost track of them.
func TestAdapterAnalysis(t *testing.T) {
	kinds := map[fetcherKind]string{fetcherUnknown: "unknown", fetcherInline: "inline", fetcherMemo: "memo", fetcherStable: "stable"}
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
	}
	for _, c := range cases {
		p := tcbLoad(t, filepath.Join("..", "testdata", c.archive))
		a := newAdapterAnalyzer(p)
		var got []string
		for _, h := range a.adapterHooks() {
			for _, fe := range a.fetchers(h) {
				readable := "nofn"
				if fe.fn != nil {
					readable = "fn"
				}
				got = append(got, h.displayName()+":"+kinds[fe.kind]+":"+readable)
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
		if got := tokenish(name); got != want {
			t.Errorf("tokenish(%q) = %v, want %v", name, got, want)
		}
	}
}
