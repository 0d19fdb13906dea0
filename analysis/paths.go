package analysis

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// IsTestPath reports files that belong to tests: *.test.*, *.spec.*, and anything under a
// test, tests, __tests__, __mocks__, e2e, fixtures or testdata directory.
func IsTestPath(path string) bool {
	base := filepath.Base(path)
	if strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") {
		return true
	}
	// The directory's parts, without building them (the engine asks for every file and rule).
	dir := filepath.ToSlash(filepath.Dir(path))
	for dir != "" {
		part, rest, _ := strings.Cut(dir, "/")
		switch part {
		case "test", "tests", "__tests__", "__mocks__", "e2e", "fixtures", "__fixtures__", "testdata":
			return true
		}
		dir = rest
	}
	return false
}

// TopRootDir is the top of the chain of the package holding path (its workspace root, the
// package itself, or the lint root for a plain directory), or "" when none holds it.
func TopRootDir(p *project.Project, path string) string {
	if top := p.RootOf(path).Top(); top != nil {
		return top.Dir
	}
	return ""
}

// InTestTree is IsTestPath judged from the project root down, so that a checkout that itself
// lives under a directory named "tests" is not all test code.
func InTestTree(p *project.Project, path string) bool {
	if top := TopRootDir(p, path); top != "" {
		if rel, err := filepath.Rel(top, path); err == nil {
			return IsTestPath(rel)
		}
	}
	return IsTestPath(path)
}
