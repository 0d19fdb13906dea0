package project

import (
	"path/filepath"
	"testing"
)

func TestRelPath(t *testing.T) {
	dirs := []string{"/", "/a", "/a/b", "/a/b/", "/a/./b", "a", "", "/a/..", "/a//b"}
	paths := []string{"/", "/a", "/a/b", "/a/b/c", "/a/b/c/", "/a/b/./c", "/a/b/../c", "/a/b//c", "/a/bc", "/x/y",
		"a/b", "/a/b/c/d.ts", "/a/b/.env", "/a/b/..c/d", "/a/b/c.."}
	for _, d := range dirs {
		for _, p := range paths {
			want, werr := filepath.Rel(d, p)
			got, gerr := relTo(d).rel(p)
			if got != want || (werr == nil) != (gerr == nil) {
				t.Errorf("relTo(%q).rel(%q) = %q, %v; filepath.Rel gives %q, %v", d, p, got, gerr, want, werr)
			}
		}
	}
}
