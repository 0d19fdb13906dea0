package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// authConfigRules are the rules on the auth config's providers; a fix of one must not make
// another fire more.
var authConfigRules = []string{
	"missing-user-management-provider", "missing-sso-provider", "sso-provider-missing-application-id",
	"user-management-provider-application-id", "workos-issuer", "workos-jwks-url",
	"workos-provider-shape", "workos-client-id-mismatch",
}

// TestAuthConfigFixes applies the fixes of each fixable auth config rule to its firing fixtures:
// the result must parse, the rule must no longer fire, and no other auth config rule may fire
// more than before.
func TestAuthConfigFixes(t *testing.T) {
	var all []*rules.Rule
	for _, id := range authConfigRules {
		r, ok := rules.Lookup(id)
		if !ok {
			t.Fatalf("rule %s not registered", id)
		}
		all = append(all, r)
	}
	for _, r := range all {
		if !r.Fixable {
			continue
		}
		archives, _ := filepath.Glob(filepath.Join("..", "testdata", r.ID, "fires*.txtar"))
		if len(archives) == 0 {
			t.Errorf("%s: no firing fixture", r.ID)
		}
		for _, path := range archives {
			t.Run(r.ID+"/"+strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
				dir, _ := fixture.Extract(t, path)
				before := run(t, dir, all)
				var edits []rules.Edit
				fired, unfixable := false, 0
				for _, d := range before {
					if d.Rule != r.ID {
						continue
					}
					fired = true
					if len(d.Fixes) == 0 {
						unfixable++ // a shape with no certain repair (workos-issuer fixes only http:)
						continue
					}
					edits = append(edits, d.Fixes[0].Edits...)
				}
				if !fired {
					t.Fatal("the rule did not fire")
				}
				if len(edits) == 0 {
					t.Skip("no finding here has a fix")
				}
				for file, fixed := range apply(t, edits) {
					if _, problems := parser.ParseJS(file, fixed); problems != nil {
						t.Fatalf("fixed %s does not parse: %v\n%s", file, problems, fixed)
					}
					if err := os.WriteFile(file, []byte(fixed), 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("fixed %s:\n%s", filepath.Base(file), fixed)
				}
				after := run(t, dir, all)
				count := func(ds []rules.Diagnostic) map[string]int {
					m := map[string]int{}
					for _, d := range ds {
						m[d.Rule]++
					}
					return m
				}
				b, a := count(before), count(after)
				if a[r.ID] > unfixable {
					t.Errorf("%s still fires after its fixes: %d findings, %d of them had no fix", r.ID, a[r.ID], unfixable)
				}
				for _, id := range authConfigRules {
					if a[id] > b[id] {
						t.Errorf("the fix made %s fire: %d findings before, %d after", id, b[id], a[id])
					}
				}
			})
		}
	}
}

func run(t *testing.T, dir string, rs []*rules.Rule) []rules.Diagnostic {
	t.Helper()
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Rules: rs})
	if err != nil {
		t.Fatal(err)
	}
	return res.Diagnostics
}

// apply applies edits per file, last first; overlapping edits fail the test.
func apply(t *testing.T, edits []rules.Edit) map[string]string {
	t.Helper()
	byFile := map[string][]rules.Edit{}
	for _, e := range edits {
		byFile[e.Path] = append(byFile[e.Path], e)
	}
	out := map[string]string{}
	for file, es := range byFile {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		sort.Slice(es, func(i, j int) bool { return es[i].StartOffset > es[j].StartOffset })
		for i, e := range es {
			if i > 0 && e.EndOffset > es[i-1].StartOffset {
				t.Fatalf("overlapping edits in %s", file)
			}
			src = src[:e.StartOffset] + e.NewText + src[e.EndOffset:]
		}
		out[file] = src
	}
	return out
}
