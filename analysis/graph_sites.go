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
	seen := map[*project.File]bool{c.File: true}
	queue := []*project.File{c.File}
	// The names c is exported under so far, for barrels that re-export with `export *`.
	names := map[string]bool{}
	if c.Name != "" {
		names[c.Name] = true
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		ff := g.Facts(f)
		if ff == nil {
			continue
		}
		for _, el := range ff.Elements {
			if el.TagName == "" || !strings.Contains(el.TagName, ".") && !isUpper(el.TagName) {
				continue
			}
			if el.Target() == c {
				sites = append(sites, el)
			}
		}
		// The files importing f can render c when f is c's file or a barrel re-exporting c.
		if !reexports(p, f, c, names) && f != c.File {
			continue
		}
		for _, imp := range g.Importers(f) {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
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
