package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Wrappers for workos-auth-gates-convex: a component that renders its children only when
// WorkOS says so (`if (!user) return <SignIn />; return children`) gates whatever it is
// placed around, typically a layout or root route whose pages, in other files, query Convex.

// childQuery is a Convex query in what a component is given as children, and where it is
// given them.
type childQuery struct {
	q    *analysis.HookCall
	site *analysis.Element // the element that renders the wrapper around them; nil for a layout's pages
}

var routerOutlets = []string{"@tanstack/react-router", "react-router", "react-router-dom"}

// (d) a wrapper that renders its children by WorkOS auth state, around pages that query Convex.
func (a *gateAnalyzer) checkSlots(c *analysis.Component, t *gateTaint, add gateAdd) {
	if c.IsHook || len(c.Slots) == 0 {
		return
	}
	for _, sl := range c.Slots[1:] {
		if sl.Conds != c.Slots[0].Conds {
			return // children rendered in several branches (`if (!user) return <Public>{children}</Public>`): not gated
		}
	}
	var cq *childQuery
	for _, sl := range c.Slots {
		if sl.Conds == nil || sl.Conds.Truncated || a.underConvexGate(sl.Parent) {
			continue
		}
		f := t.fold(sl.Conds)
		if f.convex || f.hits == nil || sl.Parent != nil && a.underConvexWrapper(sl.Parent) {
			continue
		}
		if cq == nil {
			if cq = a.passedChildrenQuery(c, 0); cq == nil || cq.q == nil {
				return
			}
		}
		q := cq.q
		opts := []Option{WithRelated(q.Owner.File, q.Start, q.End, "the Convex query")}
		if cq.site != nil {
			opts = append([]Option{WithRelated(cq.site.Owner.File, cq.site.Start, cq.site.End, "the children given here")}, opts...)
		}
		name := c.Name
		if name == "" {
			name = "this component"
		}
		for _, hit := range a.fresh(f.hits) {
			add(&gate{hit: hit,
				msg: fmt.Sprintf("`%s` from WorkOS useAuth() decides whether %s renders its children, and they call %s in %s: %s; %s",
					hit.name, name, q.Name, q.Owner.File.Rel, gateWhy, gateFix),
				also: fmt.Sprintf("`%s` also decides whether %s renders its children", hit.name, name),
				opts: opts})
		}
	}
}

// passedChildrenQuery finds a Convex query that runs in the children c is given: the pages
// below it when it is a Next.js layout, else what its render sites put inside it (followed
// up through wrappers that pass their own children on).
func (a *gateAnalyzer) passedChildrenQuery(c *analysis.Component, depth int) *childQuery {
	if cq, ok := a.children[c]; ok {
		return cq
	}
	a.children[c] = &childQuery{} // being computed
	var found *childQuery
	if depth <= 4 {
		if q := a.layoutPagesQuery(c); q != nil {
			found = &childQuery{q: q}
		}
		for _, site := range a.g.RenderSites(c) {
			if found != nil {
				break
			}
			found = a.siteChildrenQuery(site, depth)
		}
	}
	if found == nil {
		found = &childQuery{}
	}
	a.children[c] = found
	return found
}

// siteChildrenQuery finds a Convex query in what site puts inside the element it renders.
func (a *gateAnalyzer) siteChildrenQuery(site *analysis.Element, depth int) *childQuery {
	owner := site.Owner
	t := a.taintOf(owner, 0)
	inside := map[*analysis.Element]bool{site: true} // elements come parents first
	for _, el := range owner.Elements {
		a.steps++
		if el.Parent == nil || !inside[el.Parent] {
			continue
		}
		inside[el] = true
		if a.underConvexGate(el) {
			continue
		}
		if f := t.fold(el.Conds); f.convex || f.state {
			continue
		}
		if el.Is("Outlet", routerOutlets...) {
			if q := a.routesQuery(owner.File); q != nil {
				return &childQuery{q: q, site: site}
			}
			continue
		}
		if target := el.Target(); target != nil {
			a.visitQ = map[*analysis.Component]bool{}
			if q := a.queryIn(target, 0); q != nil {
				return &childQuery{q: q, site: site}
			}
		}
	}
	for _, sl := range owner.Slots {
		if sl.Parent == nil || !inside[sl.Parent] || owner.IsModule {
			continue
		}
		if cq := a.passedChildrenQuery(owner, depth+1); cq.q != nil {
			return &childQuery{q: cq.q, site: site}
		}
	}
	return nil
}

// jsBase is a file's name without its extension, for JS files.
func jsBase(f *project.File) string {
	return strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))
}

// layoutPagesQuery finds a Convex query in the pages a Next.js App Router layout wraps: the
// page files in its folder and below.
func (a *gateAnalyzer) layoutPagesQuery(c *analysis.Component) *analysis.HookCall {
	if jsBase(c.File) != "layout" || analysis.NextAppFor(a.p, c.File) == nil {
		return nil
	}
	return a.queryInFilesUnder(filepath.Dir(c.File.Path), func(f *project.File) bool { return jsBase(f) == "page" })
}

// routesQuery finds a Convex query in the route files an <Outlet/> in f renders: for the root
// route (`__root`), every route file beside it; for a layout route (`_authenticated.tsx`),
// those in the folder of its name and the flat ones named after it (`_authenticated.billing.tsx`).
func (a *gateAnalyzer) routesQuery(f *project.File) *analysis.HookCall {
	dir := filepath.Dir(f.Path)
	if filepath.Base(dir) != "routes" && !strings.Contains(filepath.ToSlash(dir), "/routes/") {
		return nil
	}
	base := jsBase(f)
	if base == "__root" {
		return a.queryInFilesUnder(dir, func(g *project.File) bool { return g != f })
	}
	if q := a.queryInFilesUnder(filepath.Join(dir, base), func(*project.File) bool { return true }); q != nil {
		return q
	}
	return a.queryInFilesUnder(dir, func(g *project.File) bool {
		return filepath.Dir(g.Path) == dir && strings.HasPrefix(jsBase(g), base+".")
	})
}

// queryInFilesUnder is the first Convex query that a component of a JS file under dir calls,
// among the files keep accepts.
func (a *gateAnalyzer) queryInFilesUnder(dir string, keep func(*project.File) bool) *analysis.HookCall {
	prefix := dir + string(filepath.Separator)
	for _, f := range a.p.Files {
		if f.Kind != project.KindJS || !strings.HasPrefix(f.Path, prefix) || !keep(f) {
			continue
		}
		ff := a.g.Facts(f)
		if ff == nil {
			continue
		}
		for _, comp := range ff.Components {
			if comp.IsHook {
				continue
			}
			a.visitQ = map[*analysis.Component]bool{}
			if q := a.queryIn(comp, 0); q != nil {
				return q
			}
		}
	}
	return nil
}

// underConvexWrapper reports an element that is, or sits inside, a project component that
// renders its children only by Convex's auth state (`if (!isAuthenticated) return <SignIn />;
// return children`): what it is given waits for Convex, as under <Authenticated>. Asked only
// where a WorkOS gate was found, since it resolves the tags around it.
func (a *gateAnalyzer) underConvexWrapper(el *analysis.Element) bool {
	for e := el; e != nil; e = e.Parent {
		if e.TagName == "" || !isUpperASCII(e.TagName) {
			continue
		}
		if t := e.Target(); t != nil && a.convexWrapper(t) {
			return true
		}
	}
	return false
}

// convexWrapper reports a component that renders the children it is given only under a
// condition on Convex's auth state, or inside <Authenticated>, wherever it renders them.
func (a *gateAnalyzer) convexWrapper(c *analysis.Component) bool {
	if v, ok := a.wrappers[c]; ok {
		return v
	}
	a.wrappers[c] = false // a wrapper rendering itself: no cycle
	v := false
	if !c.IsHook && len(c.Slots) > 0 {
		t := a.taintOf(c, 1)
		v = true
		for _, sl := range c.Slots {
			if !(sl.Parent != nil && a.underConvexGate(sl.Parent)) && !t.waitsForConvexAuth(sl.Conds) {
				v = false
				break
			}
		}
	}
	a.wrappers[c] = v
	return v
}
