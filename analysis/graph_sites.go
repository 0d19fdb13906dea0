package analysis

import (
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Render sites: the elements that render a component, found through the reverse import graph.

// RenderSites lists the elements that render c, across the project. Candidate files are c's
// own file and those that import it, directly or through barrels that re-export it (the
// project's import graph, built once from the files' text); only they are parsed. Unknown
// render sites (a router config string, a dynamic import) are not found.
func (g *Graph) RenderSites(c *Component) []*Element {
	if c == nil || c.IsModule {
		return nil
	}
	g.mu.Lock()
	sites, done := g.sites[c]
	g.mu.Unlock()
	if done {
		return sites
	}
	p := g.Project()
	if p == nil {
		return nil
	}
	// First the files that can render c: its own, and those importing it or a barrel that
	// re-exports it (exporters), in the order the import graph reaches them.
	seen := map[*project.File]bool{c.File: true}
	queue := []*project.File{c.File}
	var candidates []*project.File
	exporters := map[*project.File]bool{}
	// The names c is exported under so far, for barrels that re-export with `export *`.
	names := map[string]bool{}
	if c.Name != "" {
		names[c.Name] = true
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		if g.Facts(f) == nil {
			continue
		}
		candidates = append(candidates, f)
		// The files importing f can render c when f is c's file or a barrel re-exporting c.
		if !reexports(p, f, c, names) && f != c.File {
			continue
		}
		exporters[f] = true
		for _, imp := range g.Importers(f) {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	// Then their elements. A tag imported from a file that does not export c cannot render it,
	// which is known without resolving the tag (that parses the file it names, and most of what
	// a file renders is not c).
	for _, f := range candidates {
		ff := g.Facts(f)
		for _, el := range ff.Elements {
			if el.TagName == "" || !strings.Contains(el.TagName, ".") && !isUpper(el.TagName) {
				continue
			}
			if imp, ok := ff.Imports.Resolve(el.JSX.TagOrNil); ok {
				if from := ResolveImport(p, f, imp.Module); from == nil || !exporters[from] {
					continue
				}
			}
			if el.Target() == c {
				sites = append(sites, el)
			}
		}
	}
	sort.SliceStable(sites, func(i, j int) bool {
		if sites[i].Owner.File.Path != sites[j].Owner.File.Path {
			return sites[i].Owner.File.Path < sites[j].Owner.File.Path
		}
		return sites[i].Loc < sites[j].Loc
	})
	g.mu.Lock()
	g.sites[c] = sites
	g.mu.Unlock()
	return sites
}

// reexports reports whether f exports c (defined there or re-exported), adding the names it
// exports c under to names.
func reexports(p *project.Project, f *project.File, c *Component, names map[string]bool) bool {
	idx := cacheOf(p).index(f)
	if idx == nil {
		return false
	}
	found := false
	for name := range idx.exports {
		if xf, d, ok := ResolveExport(p, f, name); ok && xf == c.File && d.Start == c.Def.Start {
			names[name] = true
			found = true
		}
	}
	if len(idx.stars) > 0 {
		for name := range names {
			if xf, d, ok := ResolveExport(p, f, name); ok && xf == c.File && d.Start == c.Def.Start {
				found = true
			}
		}
	}
	return found
}
