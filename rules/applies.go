package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Applies filters shared by several rules (see Rule.Applies): each is the early return its
// rules' CheckFile would otherwise make, moved before the file is scanned and parsed.

// isAuthConfigFile accepts the Convex auth config of the file's root, the only file that
// project.AuthConfigFor evaluates.
func isAuthConfigFile(_ *project.Project, f *project.File) bool {
	return f.Root != nil && f.Root.AuthConfig == f
}

// notInTestTree rejects test code and fixtures below the project root (analysis.InTestTree).
func notInTestTree(p *project.Project, f *project.File) bool {
	return !analysis.InTestTree(p, f.Path)
}

// inNextRoot accepts the non-test files of a package with a next dependency, the only files
// analysis.NextAppFor gives an app for.
func inNextRoot(_ *project.Project, f *project.File) bool {
	return f.Root != nil && f.Root.Deps["next"] && !analysis.IsTestPath(f.Path)
}
