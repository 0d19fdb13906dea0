package lint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
)

// One root cause, one finding: the gates that follow the first on the same useAuth() call
// are its related locations, after the useAuth() call and the Convex query (issue 9 §2).
func TestGateRelatedLocations(t *testing.T) {
	dir, _, cfg := extractFixture(t, "../testdata/workos-auth-gates-convex/render-cross-file.txtar")
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Rule != "workos-auth-gates-convex" || !strings.HasPrefix(d.Message, "`isLoading`") {
			continue
		}
		var got []string
		for _, r := range d.Related {
			got = append(got, fmt.Sprintf("%s:%d %s", r.DisplayPath, r.Start.Line, r.Message))
		}
		want := []string{
			"src/App.tsx:11 WorkOS useAuth() from @workos-inc/authkit-react",
			"src/hooks/useChannels.ts:5 the Convex query",
			"src/App.tsx:15 `user` also decides whether <Sidebar> renders",
			"src/App.tsx:16 `user` also decides whether <Profile> renders",
			"src/App.tsx:18 `user` also decides whether <Inbox> renders",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("related:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return
	}
	t.Fatal("no isLoading finding in render-cross-file")
}
