package lint_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// TestMessagesNameOnlyWhatTheAppHas holds every rule to advice the app can follow: in a
// fixture project with no Convex at all (no convex or @convex-dev/* dependency, no Convex
// functions directory, no convex.json), no message may mention Convex, its APIs or its CLI. A WorkOS app
// without Convex told to use ConvexProviderWithAuthKit or `npx convex env set` is misled.
func TestMessagesNameOnlyWhatTheAppHas(t *testing.T) {
	convex := regexp.MustCompile(`(?i)convex`)
	checked := 0
	for _, path := range fixtureArchives(t) {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(path), "../testdata/"), ".txtar")
		dir, _, cfg := extractFixture(t, path)
		res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if usesConvex(res.Project) || len(res.Diagnostics) == 0 {
			continue
		}
		checked++
		for _, d := range res.Diagnostics {
			if convex.MatchString(d.Message) {
				t.Errorf("%s: %s: a project without Convex is told: %s [%s]", name, d.DisplayPath, d.Message, d.Rule)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no fixture without Convex has findings: the test checks nothing")
	}
}

func usesConvex(p *project.Project) bool {
	for _, r := range p.Roots {
		if r.HasConvex || r.ConvexJSON != nil {
			return true
		}
		for dep := range r.Deps {
			if dep == "convex" || strings.HasPrefix(dep, "@convex-dev/") {
				return true
			}
		}
	}
	return false
}
