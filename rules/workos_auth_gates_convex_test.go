package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// deepGateProject writes a component whose markup nests n elements under a WorkOS condition,
// with a query component at the bottom, rendered inside a WorkOS wrapper n elements deep.
func deepGateProject(t *testing.T, n int) *project.Project {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"package.json": `{"dependencies": {"convex": "1.0.0", "@workos-inc/authkit-react": "0.1.0", "react": "19.0.0"}}`,
		"src/App.tsx": "import { useQuery } from \"convex/react\";\nimport { useAuth } from \"@workos-inc/authkit-react\";\n" +
			"function Page() { const r = useQuery(api.x); return <p>{r}</p>; }\n" +
			"function Gate({ children }) { const { user } = useAuth(); return user ? children : null; }\n" +
			"export function App() {\n  const { user } = useAuth();\n  return user && (" +
			strings.Repeat("<div>", n) + "<Page />" + strings.Repeat("</div>", n) + ");\n}\n" +
			"export function Shell() {\n  return <Gate>" + strings.Repeat("<section>", n) + "<Page />" + strings.Repeat("</section>", n) + "</Gate>;\n}\n",
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := project.Load(project.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGateWorkLinear: the tree walks of the rule (is an element under <Authenticated>? is it
// inside the wrapper's render site?) visit each element a bounded number of times, however
// deep the markup nests (issue 17: asked per element by walking up, 20,000 nested elements
// took 35 s). The work counter, not time, is what is measured.
func TestGateWorkLinear(t *testing.T) {
	const n = 20_000
	a := newGateAnalyzer(deepGateProject(t, n))
	findings := 0
	a.run(func(_ *analysis.Component, gates []*gate) {
		if len(gates) > 0 {
			findings++
		}
	})
	if findings != 2 {
		t.Errorf("%d components with gates, want 2 (App's condition, Gate's children)", findings)
	}
	if elements := 2*n + 4; a.steps > 4*elements {
		t.Errorf("%d steps for %d elements: the walks are not linear", a.steps, elements)
	}
	t.Logf("%d steps", a.steps)
}
