package rules

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Advice in messages names only what the app has: a WorkOS app without Convex is never told to
// use a Convex API or CLI.

// usesConvex reports whether the package root r, or one that encloses it, has Convex: a convex
// or @convex-dev/* dependency, a Convex functions directory, a convex.json.
func usesConvex(p *project.Project, r *project.Root) bool {
	if r == nil {
		return false
	}
	for _, o := range p.Roots {
		if o != r && !strings.HasPrefix(r.Dir, o.Dir+string(filepath.Separator)) {
			continue
		}
		if o.HasConvex || o.ConvexJSON != nil {
			return true
		}
		for dep := range o.Deps {
			if dep == "convex" || strings.HasPrefix(dep, "@convex-dev/") {
				return true
			}
		}
	}
	return false
}
