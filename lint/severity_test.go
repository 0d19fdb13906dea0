package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"golang.org/x/tools/txtar"
)

// A finding reported AtMost(Warning) stays a warning even when the config raises its rule to
// error; the rule's other findings keep the configured severity.
func TestMaxSeverityCapsConfig(t *testing.T) {
	dir := fixture.Write(t, txtar.Parse([]byte(`
-- package.json --
{"dependencies": {"next": "15.0.0"}}
-- .gitignore --
node_modules
-- .env.development --
WORKOS_COOKIE_PASSWORD=Zq8vN3kT7wR2mX5pL9cB4hJ6fD1sG0yA
-- .env --
WORKOS_COOKIE_PASSWORD=Zq8vN3kT7wR2mX5pL9cB4hJ6fD1sG0yA
-- .convex-workos-lint.json --
{"rules": {"env-file-not-gitignored": "error"}}
`)))
	cfg, err := lint.LoadConfig(filepath.Join(dir, ".convex-workos-lint.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := rules.Lookup("env-file-not-gitignored")
	res, err := lint.Run(lint.Options{Base: dir, Config: cfg, Rules: []*rules.Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]rules.Severity{}
	for _, d := range res.Diagnostics {
		got[filepath.Base(d.Path)] = d.Severity
	}
	if got[".env.development"] != rules.Warning || got[".env"] != rules.Error {
		t.Errorf("severities = %v, want .env.development warning and .env error", got)
	}
}
