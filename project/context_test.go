package project

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWorkspaceParents: a package's Parent is the nearest enclosing package only when that
// one's workspace patterns list it, in each of the forms package managers read.
func TestWorkspaceParents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string]string // package dir → parent dir ("" for none)
	}{
		{"npm array", map[string]string{
			"package.json":          `{"workspaces": ["apps/*", "packages/**", "!packages/legacy"]}`,
			"apps/web/package.json": `{}`, "packages/ui/package.json": `{}`, "packages/legacy/package.json": `{}`,
			"packages/deep/x/package.json": `{}`, "examples/demo/package.json": `{}`,
		}, map[string]string{"apps/web": ".", "packages/ui": ".", "packages/legacy": "", "packages/deep/x": ".", "examples/demo": ""}},
		{"yarn object", map[string]string{
			"package.json": `{"workspaces": {"packages": ["./apps/*/"]}}`, "apps/web/package.json": `{}`,
		}, map[string]string{"apps/web": "."}},
		{"pnpm", map[string]string{
			"package.json": `{}`, "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n", "apps/web/package.json": `{}`, "tools/x/package.json": `{}`,
		}, map[string]string{"apps/web": ".", "tools/x": ""}},
		{"lerna", map[string]string{
			"package.json": `{}`, "lerna.json": `{"packages": ["modules/*"]}`, "modules/a/package.json": `{}`,
		}, map[string]string{"modules/a": "."}},
		{"nearest only", map[string]string{
			"package.json": `{"workspaces": ["**"]}`, "a/package.json": `{}`, "a/b/package.json": `{}`,
		}, map[string]string{"a": ".", "a/b": ""}},
		{"no workspaces", map[string]string{
			"package.json": `{"name": "folder"}`, "one/package.json": `{}`,
		}, map[string]string{"one": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			p, err := Load(Options{Base: dir, Paths: []string{dir}})
			if err != nil {
				t.Fatal(err)
			}
			for pkg, want := range tc.want {
				r := p.RootOf(filepath.Join(dir, filepath.FromSlash(pkg), "package.json"))
				if r == nil || r.Dir != filepath.Join(dir, filepath.FromSlash(pkg)) {
					t.Fatalf("%s: no root", pkg)
				}
				got := ""
				if r.Parent != nil {
					got, _ = filepath.Rel(dir, r.Parent.Dir)
				}
				if got != want {
					t.Errorf("%s: parent %q, want %q", pkg, got, want)
				}
			}
		})
	}
}

// TestContextScopes: what a run walks for a named path.
func TestContextScopes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"ws/package.json":          `{"workspaces": ["apps/*"]}`,
		"ws/apps/web/package.json": `{}`,
		"ws/apps/web/page.tsx":     ``,
		"other/package.json":       `{}`,
		"loose/x.ts":               ``,
		"mono/package.json":        `{"dependencies": {"convex": "1.0.0"}}`,
		"mono/convex/tasks.ts":     ``,
		"mono/site/package.json":   `{}`,
		"mono/site/a.ts":           ``,
	})
	rel := func(ss []scope) []string {
		var out []string
		for _, s := range ss {
			r, _ := filepath.Rel(dir, s.dir)
			if s.shallow {
				r += " (own files)"
			}
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"ws/apps/web/page.tsx", []string{"ws"}},
		{"other", []string{"other"}},
		{"loose/x.ts", nil},
		{"loose", []string{"loose"}},
		{"mono/site/a.ts", []string{"mono/site", "mono (own files)", "mono/convex"}},
	} {
		got := rel(contextScopes([]string{filepath.Join(dir, filepath.FromSlash(tc.path))}))
		if len(got) != len(tc.want) || len(got) > 0 && filepath.Join(got...) != filepath.Join(tc.want...) {
			t.Errorf("%s: scopes %q, want %q", tc.path, got, tc.want)
		}
	}
}
