package analysis

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// The component graph: per-file facts (imports, components, hook calls, rendered elements and
// the conditions they render under) joined across files through ResolveImport/ResolveExport.
// It starts from the files that import Convex or WorkOS packages (Seeds) and reaches other
// files only when a rule asks: the target of an element, the definition of a custom hook,
// the places that render a component. Facts are computed once per file and shared by rules.
//
// Typical use in a CheckProject:
//
//	g := GraphOf(c.Project)
//	for _, ff := range g.SeedsMentioning(c.Project.Files, "ConvexProvider") { // or Seeds(): all of them
//		for _, el := range ff.Elements {          // every JSX element, module level included
//			if el.Is("ConvexProvider", "convex/react") { ... el.Prop("client") ... }
//		}
//		for _, comp := range ff.Components {      // components and hooks
//			for _, h := range comp.Hooks {        // h.Is("useQuery", "convex/react"), h.Def()
//			}
//		}
//	}
//	el.Target()          // the component an element renders, in whatever file
//	g.RenderSites(comp)  // the elements that render a component, across the project
//	g.Facts(file)        // any JS file's facts, computed on demand
//
// Element.Is and HookCall.Is never parse another file to say no, so checking every element
// against a few names is cheap; Origin, Target and Def resolve (and parse) on demand.
//
// graph.go holds the graph and its seeds; graph_facts.go the per-file facts and how they
// resolve, graph_build.go the walk that builds them, graph_conds.go the conditions, and
// graph_sites.go render sites.

// Graph is one project's component graph, kept in the project's Memo (one per run).
type Graph struct {
	proj *project.Project

	seedsOnce sync.Once
	seeds     []*FileFacts

	mu    sync.Mutex
	files map[*project.File]*factsEntry
	sites map[*Component][]*Element
}

type factsEntry struct {
	once  sync.Once
	facts *FileFacts
}

// GraphOf returns the project's graph; it is built once, on first use, and its per-file facts
// lazily as rules reach files.
func GraphOf(p *project.Project) *Graph {
	pc := cacheOf(p)
	pc.graphOnce.Do(func() {
		pc.graph = &Graph{proj: p, files: map[*project.File]*factsEntry{}, sites: map[*Component][]*Element{}}
	})
	return pc.graph
}

// Project is the project the graph was built for.
func (g *Graph) Project() *project.Project { return g.proj }

// Seeds are the facts of the JS files that import a Convex or WorkOS client package (by a
// text check, then parsed), sorted by path.
func (g *Graph) Seeds() []*FileFacts {
	g.seedsOnce.Do(func() {
		if p := g.Project(); p != nil {
			g.seeds = g.SeedsOf(p.Files)
		}
	})
	return g.seeds
}

// SeedsOf are the seeds among files, in their order; other files are not read. A check that
// reports only in seeds, from facts it reaches outward from the reporting file, starts from
// SeedsOf(p.Targets): the seeds of a whole-project run, only the linted ones when a few
// files are.
func (g *Graph) SeedsOf(files []*project.File) []*FileFacts { return g.FactsOf(g.SeedFiles(files)) }

// SeedsMentioning are the seeds among files whose text holds one of words (each one of the
// scanned textWords); the other seeds are not parsed. A check that looks only at elements,
// hooks or imports named by those words starts here: Element.Is and HookCall.Is match a name
// only where the file writes it (an import, an alias, a namespace member), and in a
// trigger-dense app 9 in 10 components import convex/react while few name a provider.
func (g *Graph) SeedsMentioning(files []*project.File, words ...string) []*FileFacts {
	var out []*project.File
	for _, f := range g.SeedFiles(files) {
		if slices.ContainsFunc(words, func(w string) bool { return mentions(f, w) }) {
			out = append(out, f)
		}
	}
	return g.FactsOf(out)
}

// SeedFiles are the seeds among files, unparsed, in their order: for a check that narrows
// them by their text before it parses any.
func (g *Graph) SeedFiles(files []*project.File) []*project.File {
	var seeds []*project.File
	for _, f := range files {
		if f.Kind == project.KindJS && isSeedText(f) && !LibrarySource(g.proj, f) {
			seeds = append(seeds, f)
		}
	}
	return seeds
}

// FactsOf are the facts of files, parsed in the pool, in their order; files without facts
// (unreadable, not parsable) are left out.
func (g *Graph) FactsOf(files []*project.File) []*FileFacts {
	facts := make([]*FileFacts, len(files))
	parallel(len(files), func(i int) { facts[i] = g.Facts(files[i]) })
	out := facts[:0]
	for _, ff := range facts {
		if ff != nil {
			out = append(out, ff)
		}
	}
	return out
}

// parallel calls fn(0) … fn(n-1) on a pool of one worker per core: parsing a file and building
// its facts is independent of every other file's.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// ResolveExpr resolves a callee or tag: a direct package import without parsing anything,
// else through the project's files.
func (g *Graph) ResolveExpr(f *project.File, im Imports, e shim.Expr) (Import, bool, *project.File, Definition, bool) {
	if imp, ok := im.Resolve(e); ok && isPackageSpec(imp.Module) {
		if p := g.Project(); p == nil || ResolveImport(p, f, imp.Module) == nil {
			return imp, true, nil, Definition{}, false
		}
	}
	p := g.Project()
	if p == nil {
		return Import{}, false, nil, Definition{}, false
	}
	t := cacheOf(p).expr(p, f, e, 0)
	return t.pkg, t.isPkg, t.file, t.def, t.ok
}

// Facts returns the facts of a JS file, computing them once; nil for other kinds and files
// with syntax errors.
func (g *Graph) Facts(f *project.File) *FileFacts {
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	g.mu.Lock()
	e := g.files[f]
	if e == nil {
		e = &factsEntry{}
		g.files[f] = e
	}
	g.mu.Unlock()
	e.once.Do(func() {
		p := g.Project()
		if p == nil {
			return
		}
		if idx := cacheOf(p).index(f); idx != nil {
			e.facts = g.build(f, idx)
		}
	})
	return e.facts
}

// ComponentOf is the graph node of a definition: nil when it is not a component or hook.
func (g *Graph) ComponentOf(f *project.File, d Definition) *Component {
	ff := g.Facts(f)
	if ff == nil {
		return nil
	}
	return ff.byStart[d.Start]
}
