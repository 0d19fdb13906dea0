package project

// The context of a run, as Convex and the bundlers see it. A package (a directory with a
// package.json) belongs to an enclosing package only when that one is a workspace root that
// lists it (package.json "workspaces", pnpm-workspace.yaml, lerna.json): that is how npm,
// pnpm and the bundlers resolve one package from another. Anything else above a package is
// an unrelated project (a folder of checkouts, a stray ~/package.json) and never lends it
// env files, auth configs or routes.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/project/gitignore"
	"gopkg.in/yaml.v3"
)

// Frameworks are the dependencies that make a package a client app, in the order Framework
// reports them.
// Libraries depend on react-router or webpack too, so those do not count.
var Frameworks = []string{"next", "@tanstack/react-start", "vinext", "expo", "vite", "react-scripts",
	"astro", "nuxt", "@sveltejs/kit"}

// Framework is the client framework the root's package depends on, "" when none.
func (r *Root) Framework() string {
	for _, f := range Frameworks {
		if r.Deps[f] {
			return f
		}
	}
	return ""
}

// IsDeployment reports a Convex deployment: the root has a Convex functions directory
// (convex.json "functions", default convex/).
func (r *Root) IsDeployment() bool { return r != nil && r.HasConvex }

// Chain is the root and the workspace roots that enclose it, innermost first: the packages
// whose env files and convex.json apply to its code.
func (r *Root) Chain() []*Root {
	var out []*Root
	for ; r != nil; r = r.Parent {
		out = append(out, r)
	}
	return out
}

// Top is the outermost root of r's chain (its workspace root, or r itself).
func (r *Root) Top() *Root {
	for r != nil && r.Parent != nil {
		r = r.Parent
	}
	return r
}

// Deployments are the project's Convex deployments, sorted by directory.
func (p *Project) Deployments() []*Root {
	var out []*Root
	for _, r := range p.Roots {
		if r.HasConvex {
			out = append(out, r)
		}
	}
	return out
}

// DeploymentHolding is the deployment whose functions directory holds path, nil when none.
func (p *Project) DeploymentHolding(path string) *Root {
	var best *Root
	for _, r := range p.Roots {
		if r.HasConvex && within(path, r.FunctionsDir) && (best == nil || len(r.FunctionsDir) > len(best.FunctionsDir)) {
			best = r
		}
	}
	return best
}

// linkParents sets each root's Parent: the nearest enclosing package root that is a
// workspace root listing it.
func (p *Project) linkParents() {
	for i, r := range p.Roots {
		if r.Package == nil {
			continue
		}
		for j := i - 1; j >= 0; j-- { // parents sort before children
			o := p.Roots[j]
			if o.Package == nil || !within(r.Dir, o.Dir) {
				continue
			}
			if o.workspaces == nil {
				o.workspaces = workspaceGlobs(o.Dir)
			}
			if listsMember(o.Dir, *o.workspaces, r.Dir) {
				r.Parent = o
			}
			break // only the nearest enclosing package can adopt r
		}
	}
}

// workspaceGlobs reads the workspace patterns declared in dir: package.json "workspaces"
// (an array, or {"packages": [...]}), pnpm-workspace.yaml "packages", lerna.json "packages".
func workspaceGlobs(dir string) *[]string {
	var out []string
	if b, err := readSmall(filepath.Join(dir, "package.json")); err == nil {
		var pkg struct {
			Workspaces json.RawMessage `json:"workspaces"`
		}
		if json.Unmarshal(b, &pkg) == nil && len(pkg.Workspaces) > 0 {
			var list []string
			var obj struct {
				Packages []string `json:"packages"`
			}
			if json.Unmarshal(pkg.Workspaces, &list) == nil {
				out = append(out, list...)
			} else if json.Unmarshal(pkg.Workspaces, &obj) == nil {
				out = append(out, obj.Packages...)
			}
		}
	}
	if b, err := readSmall(filepath.Join(dir, "pnpm-workspace.yaml")); err == nil {
		var ws struct {
			Packages []string `yaml:"packages"`
		}
		if yaml.Unmarshal(b, &ws) == nil {
			out = append(out, ws.Packages...)
		}
	}
	if b, err := readSmall(filepath.Join(dir, "lerna.json")); err == nil {
		var l struct {
			Packages []string `json:"packages"`
		}
		if json.Unmarshal(b, &l) == nil {
			out = append(out, l.Packages...)
		}
	}
	return &out
}

// readSmall reads a small config file, a regular file only (never a FIFO or a device).
func readSmall(path string) ([]byte, error) { return fsread.File(path, 1<<20) }

// listsMember reports whether the workspace patterns of root name the package at dir.
func listsMember(root string, globs []string, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	member := false
	for _, g := range globs {
		neg := strings.HasPrefix(g, "!")
		g = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(g, "!"), "./"), "/")
		if g == "" {
			continue
		}
		// "packages/**" lists packages/a and packages/a/b; doublestar's ** also matches nothing,
		// which would list "packages" itself: the same as npm.
		ok, err := doublestar.Match(g, rel)
		if err != nil || !ok {
			continue
		}
		member = !neg
	}
	return member
}

// scope is a directory the loader walks: recursively, or only its own files (a workspace
// root or a deployment above the linted package, read for its package.json, convex.json and
// env files).
type scope struct {
	dir     string
	shallow bool
	// bound, when set, walks dir (a workspace root) only as far as the named paths need
	// (walkBounded); nil walks all of it.
	bound *bound
	prune func(dir string) bool
}

// contextScopes returns what to walk for the given lint paths: for each path, its package
// and the workspace roots that list it (from there down), and the nearest Convex deployment
// above them (its own files and its functions directory). A path outside any package is its
// own context: a directory is walked, a file is read alone, and nothing above it is.
func contextScopes(paths []string) []scope {
	var out []scope
	for _, path := range paths {
		info, err := os.Stat(path)
		isDir := err == nil && info.IsDir()
		dir := path
		if !isDir {
			dir = filepath.Dir(path)
		}
		repo, inRepo := gitignore.FindRepoRoot(dir)
		above := func(d string) bool { // d may be looked at: inside the repository, if any
			return !inRepo || within(d, repo)
		}
		pkg := ""
		for d := dir; above(d); d = filepath.Dir(d) {
			if isFile(filepath.Join(d, "package.json")) {
				pkg = d
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		if pkg == "" {
			if isDir {
				out = append(out, scope{dir: path})
			}
			continue // a lone file: Load adds it by itself
		}
		top := pkg
		for d := filepath.Dir(top); above(d); d = filepath.Dir(d) {
			if isFile(filepath.Join(d, "package.json")) {
				if !listsMember(d, *workspaceGlobs(d), top) {
					break
				}
				top = d
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		if top != pkg {
			// A path inside a workspace member: the workspace is read as far as it needs.
			out = append(out, scope{dir: top, bound: &bound{named: []string{path}}})
		} else {
			out = append(out, scope{dir: top})
		}
		// A backend above the packages (npx convex dev run from a parent directory): the
		// nearest one is the fallback deployment of the packages below it.
		for d := filepath.Dir(top); d != top && above(d); d = filepath.Dir(d) {
			if fn, ok := functionsDirAt(d); ok {
				out = append(out, scope{dir: d, shallow: true}, scope{dir: fn})
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return dedupeScopes(out)
}

// functionsDirAt is the Convex functions directory of a package at dir that has one.
func functionsDirAt(dir string) (string, bool) {
	if !isFile(filepath.Join(dir, "package.json")) {
		return "", false
	}
	functions := "convex"
	if b, err := readSmall(filepath.Join(dir, "convex.json")); err == nil {
		var cj struct {
			Functions string `json:"functions"`
		}
		if json.Unmarshal(b, &cj) == nil && cj.Functions != "" {
			functions = cj.Functions
		}
	}
	fn := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(functions, "/")))
	if info, err := os.Stat(fn); err == nil && info.IsDir() {
		return fn, true
	}
	return "", false
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// dedupeScopes drops scopes inside a recursive one, and repeated ones. Bounded walks of one
// workspace become one; a whole walk of the workspace replaces them.
func dedupeScopes(scopes []scope) []scope {
	var in []scope
	for _, s := range scopes {
		merged := false
		for i, o := range in {
			if s.bound != nil && o.bound != nil && s.dir == o.dir {
				in[i].bound = &bound{named: append(slices.Clone(o.bound.named), s.bound.named...)}
				merged = true
			}
		}
		if !merged {
			in = append(in, s)
		}
	}
	var out []scope
	for i, s := range in {
		covered := false
		for j, o := range in {
			if i == j || o.shallow || o.bound != nil {
				continue
			}
			if within(s.dir, o.dir) && (s.dir != o.dir || s.shallow || s.bound != nil || j < i) {
				covered = true
				break
			}
		}
		for _, o := range out {
			if o.dir == s.dir && o.shallow == s.shallow && o.bound == nil && s.bound == nil {
				covered = true
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	return out
}
