package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// startSeeds are the seeds a whole-project run starts from, and the names of their hooks
// that return WorkOS auth state (for filesOf). A component has a WorkOS source only through
// useAuth, a project hook that returns auth state, or an isAuthenticated/isRefreshing prop
// that every element rendering it fills with a WorkOS value. Such a hook's file names
// useAuth itself or imports another such hook (by name, a default import, a barrel passing it
// on); such a prop's component is rendered by a component with a source. The other seeds have
// no source and are not parsed: in a trigger-dense app 9 in 10 components import convex/react,
// and few read WorkOS auth state.
func (a *gateAnalyzer) startSeeds() ([]*analysis.FileFacts, map[string]bool) {
	p := a.p
	seeds := a.g.SeedFiles(p.Files)
	isSeed := map[*project.File]bool{}
	for _, f := range seeds {
		isSeed[f] = true
	}
	start := map[*project.File]bool{}    // seeds that may hold a source
	examined := map[*project.File]bool{} // files whose hooks were asked about
	reached := map[*project.File]bool{}  // files defining auth hooks, and barrels passing them on
	names := map[string]bool{}
	var batch []*project.File
	examine := func(f *project.File) {
		if f.Kind == project.KindJS && !examined[f] && !analysis.LibrarySource(p, f) {
			examined[f] = true
			batch = append(batch, f)
		}
	}
	for _, f := range p.Files {
		if f.Kind != project.KindJS {
			continue
		}
		if analysis.Mentions(f, "useAuth") {
			examine(f)
		}
		if isSeed[f] && analysis.Mentions(f, "useAuth") {
			start[f] = true
		}
	}
	for len(batch) > 0 {
		cur := batch
		batch = nil
		var up []*project.File
		for _, ff := range a.g.FactsOf(cur) {
			for _, comp := range ff.Components {
				if !comp.IsHook || a.returnsOf(comp, 0) == nil {
					continue
				}
				if isSeed[ff.File] && comp.Name != "" {
					names[comp.Name] = true // as authHookNames: the seeds' named auth hooks
				}
				if !reached[ff.File] {
					reached[ff.File] = true
					up = append(up, ff.File)
				}
			}
		}
		// A file importing an auth hook's file, or a barrel that passes it on, may call the
		// hook: those seeds are starts, and each such file may define one more hook over it.
		for len(up) > 0 {
			h := up[0]
			up = up[1:]
			for _, imp := range a.g.Importers(h) {
				if isSeed[imp] {
					start[imp] = true
				}
				examine(imp)
				if !reached[imp] {
					if ff := a.g.Facts(imp); ff != nil && analysis.PassesOn(p, ff, h) {
						reached[imp] = true
						up = append(up, imp)
					}
				}
			}
		}
	}
	// An isAuthenticated/isRefreshing prop is a source only where every element rendering the
	// component gives it a WorkOS value: so in a component that a start renders with that prop
	// (and so on down).
	var queue []*project.File
	for _, f := range seeds {
		if start[f] {
			queue = append(queue, f)
		}
	}
	for len(queue) > 0 {
		ffs := a.g.FactsOf(queue)
		queue = nil
		for _, ff := range ffs {
			for _, el := range ff.Elements {
				if el.TagName == "" || !isUpperASCII(el.TagName) {
					continue
				}
				// Every element rendering such a component must give it the prop.
				_, _, auth := el.Prop("isAuthenticated")
				_, _, refreshing := el.Prop("isRefreshing")
				if !auth && !refreshing {
					continue
				}
				t := el.Target()
				if t == nil || start[t.File] || !isSeed[t.File] || len(authPropBindings(t)) == 0 {
					continue
				}
				start[t.File] = true
				queue = append(queue, t.File)
			}
		}
	}
	var files []*project.File
	for _, f := range seeds {
		if start[f] {
			files = append(files, f)
		}
	}
	return a.g.FactsOf(files), names
}
