package project_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// TestDirVanishesMidWalk: a directory removed after its parent was listed and before it is
// entered (a checkout or a build beside the linter) is a notice; the walk goes on.
func TestDirVanishesMidWalk(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"package.json", "a/x.ts", "b/y.ts", "c/z.ts"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed := false
	p, err := project.Load(project.Options{
		Base: dir, Paths: []string{dir},
		// Asked about a/ before the walk reaches b/ (entries are walked in name order).
		Ignore: func(path string, isDir bool) bool {
			if isDir && filepath.Base(path) == "a" && !removed {
				removed = true
				if err := os.RemoveAll(filepath.Join(dir, "b")); err != nil {
					t.Fatal(err)
				}
			}
			return false
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !removed {
		t.Fatal("the walk never asked about a/; the test removed nothing")
	}
	var rels []string
	for _, f := range p.Files {
		rels = append(rels, f.Rel)
	}
	for _, want := range []string{"a/x.ts", "c/z.ts"} {
		if !slices.Contains(rels, want) {
			t.Errorf("%s was not walked after b/ vanished: %q", want, rels)
		}
	}
	if !slices.ContainsFunc(p.Notices, func(n project.Notice) bool {
		return n.Path == "b" && strings.Contains(n.Message, "no such file")
	}) {
		t.Errorf("no notice for the vanished b/: %+v", p.Notices)
	}
}
