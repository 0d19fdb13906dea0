package analysis

// Which Convex deployment a package talks to: its own functions directory (convex.json
// "functions", default convex/) when it has one; else the one its code imports
// `<functions dir>/_generated/…` from, found the way the bundler finds it (relative paths,
// tsconfig paths, workspace package names); else the one deployment that a workspace
// dependency, an enclosing workspace root or the nearest package above provides.

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

type backendKey struct{}

// BackendOf is the Convex deployment that the package r talks to, nil when none is known
// (no deployment in the context, or several with nothing to choose between them).
func BackendOf(p *project.Project, r *project.Root) *project.Root {
	if r == nil {
		return nil
	}
	d, _ := r.Memo(backendKey{}, func() any { return backendOf(p, r) }).(*project.Root)
	return d
}

func backendOf(p *project.Project, r *project.Root) *project.Root {
	deps := p.Deployments()
	if len(deps) == 0 {
		return nil
	}
	if r.HasConvex {
		return r // its own functions directory (convex.json "functions" may point elsewhere)
	}
	// Deployments a bounded run found and did not load count as a whole run counts them.
	unloaded := p.UnloadedDeployments()
	// Imports decide when there is a choice; they cost a read of the package's files.
	if len(deps)+len(unloaded) > 1 {
		if d := importedBackend(p, r, deps); d != nil {
			return d
		}
	}
	// A workspace package the app depends on that is a deployment (packages/backend).
	var viaDep []*project.Root
	for _, d := range deps {
		if name := packageName(d); name != "" && r.Deps[name] && d.Top() == r.Top() {
			viaDep = append(viaDep, d)
		}
	}
	if len(viaDep) == 1 {
		return viaDep[0]
	}
	if len(viaDep) > 1 {
		return nil
	}
	// An enclosing workspace root, or the nearest package above that is one (npx convex dev
	// run at the top of the repository).
	for o := r.Parent; o != nil; o = o.Parent {
		if o.HasConvex {
			return o
		}
	}
	var above *project.Root
	for _, d := range deps {
		if d != r && strings.HasPrefix(r.Dir, d.Dir+string(filepath.Separator)) && (above == nil || len(d.Dir) > len(above.Dir)) {
			above = d
		}
	}
	if above != nil {
		return above
	}
	// The only deployment of the workspace.
	var same []*project.Root
	for _, d := range deps {
		if r.Top() != nil && d.Top() == r.Top() {
			same = append(same, d)
		}
	}
	for _, u := range unloaded {
		if r.Top() != nil && u.Top == r.Top().Dir {
			return nil // a bounded run loads the only one; this one is not
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	return nil
}

func packageName(r *project.Root) string {
	if v, ok := r.Package.Get("name"); ok {
		if s, ok := parser.String(v); ok {
			return s
		}
	}
	return ""
}

// importedBackend is the deployment most of the package's imports of `_generated` reach.
func importedBackend(p *project.Project, r *project.Root, deps []*project.Root) *project.Root {
	votes := map[*project.Root]int{}
	for _, f := range p.Files {
		if f.Kind != project.KindJS || f.Root != r {
			continue
		}
		src, err := f.Content()
		if err != nil {
			continue
		}
		for _, spec := range project.GeneratedSpecs(src) {
			if d := generatedTarget(p, f, spec, deps); d != nil {
				votes[d]++
			}
		}
	}
	var best *project.Root
	for d, n := range votes {
		if best == nil || n > votes[best] || n == votes[best] && d.Dir < best.Dir {
			best = d
		}
	}
	return best
}

// generatedTarget is the deployment whose functions directory holds the `_generated`
// directory that spec names from f, nil when spec reaches none.
func generatedTarget(p *project.Project, f *project.File, spec string, deps []*project.Root) *project.Root {
	for _, base := range ImportBases(p, f, spec) {
		i := strings.LastIndex(filepath.ToSlash(base), "/_generated")
		if i < 0 {
			continue
		}
		dir := filepath.Clean(base[:i])
		for _, d := range deps {
			if d.FunctionsDir == dir {
				return d
			}
		}
	}
	return nil
}

// ImportBases are the absolute paths (before extensions and index files) that spec may name
// when imported from f: the relative path, the tsconfig "paths"/"baseUrl" targets, and the
// directory of a project package named by spec.
func ImportBases(p *project.Project, f *project.File, spec string) []string {
	if i := strings.IndexAny(spec, "?#"); i > 0 {
		spec = spec[:i]
	}
	if spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
		return []string{filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(spec))}
	}
	if strings.HasPrefix(spec, "/") || strings.Contains(spec, ":") {
		return nil
	}
	out := tsconfigBases(p, f, spec)
	for _, r := range p.Roots {
		name := packageName(r)
		if name == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(spec, name); ok && (rest == "" || rest[0] == '/') {
			out = append(out, filepath.Join(r.Dir, filepath.FromSlash(strings.TrimPrefix(rest, "/"))))
		}
	}
	return out
}
