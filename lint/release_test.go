package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
)

// The engine keeps the text of the files the project checks read and drops the rest after its
// scan: library sources (only raw-text checks read them) and JS files holding none of the
// words any check or analysis looks for. An app's file with a trigger word keeps its text.
func TestRunReleasesUnneededText(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"package.json":                  `{"private": true, "workspaces": ["apps/*", "packages/*"]}`,
		"packages/convex/package.json":  `{"name": "convex"}`,
		"packages/convex/src/client.ts": "import { ConvexReactClient } from \"convex/react\";\nexport const c = new ConvexReactClient(process.env.URL);\n",
		"apps/web/package.json":         `{"name": "web", "dependencies": {"convex": "1"}}`,
		"apps/web/src/App.tsx":          "import { useQuery } from \"convex/react\";\nexport function App() { return useQuery(api.x); }\n",
		"apps/web/src/math.ts":          "export const add = (a: number, b: number) => a + b;\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{"packages/convex/src/client.ts": true, "apps/web/src/math.ts": true, "apps/web/src/App.tsx": false} {
		f := res.Project.File(filepath.Join(dir, filepath.FromSlash(rel)))
		if f == nil {
			t.Fatalf("%s not in the project", rel)
		}
		if got := f.Released(); got != want {
			t.Errorf("%s: text released = %v, want %v", rel, got, want)
		}
	}
}
