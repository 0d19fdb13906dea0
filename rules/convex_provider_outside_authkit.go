package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "convex-provider-outside-authkit",
		Title:    "Convex auth provider rendered outside AuthKitProvider",
		Severity: Error,
		Tags:     []string{"correctness", "auth", "react"},
		Doc: Doc{
			Why: "`ConvexProviderWithAuthKit` and a `ConvexProviderWithAuth` fed a WorkOS adapter call " +
				"AuthKit's `useAuth()` on every render. React context flows down only: rendered above or beside " +
				"`AuthKitProvider` instead of inside it, that call finds no provider and throws (\"useAuth must " +
				"be used within an AuthKitProvider\"), or reads a default context that is never signed in, so " +
				"Convex stays anonymous. Render `AuthKitProvider` outside, the Convex provider inside it.\n\n" +
				"The rule walks up from the Convex provider through the components that render it, across " +
				"files (relative imports, tsconfig aliases, index re-exports), to the app's root: a " +
				"`createRoot(...).render(...)` call or a Next.js root layout (parent layouts count for nested " +
				"ones), or a TanStack Router `createRouter`'s `Wrap`/`InnerWrap` (the route tree, `__root.tsx` " +
				"included, renders inside `InnerWrap`, which renders inside `Wrap`: a Convex provider in `Wrap` " +
				"is outside an `AuthKitProvider` rendered by a route; `@workos/authkit-tanstack-react-start` " +
				"0.11.0's `useAuth` throws \"useAuth must be used within an AuthKitProvider\"). A wrapper " +
				"component that renders `AuthKitProvider` counts as providing it. Where a " +
				"component's render sites are unknown (a router, a framework entry the rule does not know), " +
				"nothing is reported.",
			Bad: "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n" +
				"  <AuthKitProvider clientId={clientId} redirectUri={redirectUri}>\n" +
				"    <App />\n" +
				"  </AuthKitProvider>\n" +
				"</ConvexProviderWithAuthKit>\n",
			Good: "<AuthKitProvider clientId={clientId} redirectUri={redirectUri}>\n" +
				"  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n" +
				"    <App />\n" +
				"  </ConvexProviderWithAuthKit>\n" +
				"</AuthKitProvider>\n",
			Lang:  "tsx",
			Guide: "Client Setup: ConvexProviderWithAuthKit / ConvexProviderWithAuth go inside AuthKitProvider.",
		},
		// Reported at <ConvexProviderWithAuthKit>/<ConvexProviderWithAuth>: Element.Is needs the name in the file.
		Triggers:     []string{"ConvexProviderWithAuth"},
		CheckProject: checkConvexProviderOutsideAuthKit,
	})
}

// wrapState is what the walk up from an element found.
type wrapState uint8

const (
	wrapUnknown wrapState = iota // some render site could not be followed
	wrapInside                   // every path has AuthKitProvider above
	wrapOutside                  // a path reaches the app's root without one
)

// wrapResult is a walk's outcome; root is where an unwrapped path starts.
type wrapResult struct {
	state wrapState
	root  *analysis.Element   // the outermost element of the unwrapped path (module-level render), or
	comp  *analysis.Component // the root component (a Next.js layout) when there is no such element
}

type wrapWalker struct {
	g        *analysis.Graph
	p        *project.Project
	byComp   map[*analysis.Component]wrapResult
	visiting map[*analysis.Component]bool
	kit      map[*analysis.Component]bool
}

func checkConvexProviderOutsideAuthKit(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	w := &wrapWalker{g: g, p: c.Project, byComp: map[*analysis.Component]wrapResult{}, visiting: map[*analysis.Component]bool{}, kit: map[*analysis.Component]bool{}}
	// Each provider is judged by walking up from it (render sites are found on demand): only the
	// linted files' matter.
	for _, ff := range g.SeedsMentioning(c.Project.Targets, "ConvexProviderWithAuth") {
		for _, el := range ff.Elements {
			name := ""
			switch {
			case el.Is("ConvexProviderWithAuthKit", analysis.ConvexWorkOS):
				name = "ConvexProviderWithAuthKit"
			case el.Is("ConvexProviderWithAuth", analysis.ConvexReact) && wkHasWorkOSAdapter(g, el):
				name = "ConvexProviderWithAuth (with a WorkOS adapter)"
			default:
				continue
			}
			r := w.element(el, 0)
			if r.state != wrapOutside {
				continue
			}
			var opts []Option
			where := ""
			switch {
			case r.root != nil && r.root != el:
				if r.root.Owner.File != el.Owner.File {
					where = fmt.Sprintf(" (rendered from %s)", r.root.Owner.File.Rel)
				}
				opts = append(opts, WithRelated(r.root.Owner.File, r.root.Start, r.root.End, "the app's root render, without AuthKitProvider above"))
			case r.comp != nil && r.comp != el.Owner:
				where = fmt.Sprintf(" (rendered from %s)", r.comp.File.Rel)
				opts = append(opts, WithRelated(r.comp.File, r.comp.Def.NameStart, r.comp.Def.NameEnd, "the root layout, without AuthKitProvider"))
			}
			c.Report(ff.File, el.Start, el.End, fmt.Sprintf(
				"%s is rendered outside AuthKitProvider%s: its useAuth() finds no AuthKit context, so it throws or "+
					"never signs in; render it inside <AuthKitProvider>", name, where), opts...)
		}
	}
}

// element walks up from el: its ancestors in its component, then the component's render
// sites.
func (w *wrapWalker) element(el *analysis.Element, depth int) wrapResult {
	for _, a := range el.Ancestors() {
		if w.providesAuthKit(a, 0) {
			return wrapResult{state: wrapInside}
		}
	}
	if r, ok := w.routerWrap(el); ok {
		return r
	}
	if el.Owner.IsModule {
		if !el.RootRender {
			return wrapResult{} // markup kept in a module variable: rendered who knows where
		}
		root := el
		if anc := el.Ancestors(); len(anc) > 0 {
			root = anc[len(anc)-1]
		}
		return wrapResult{state: wrapOutside, root: root}
	}
	r := w.component(el.Owner, depth+1)
	return r
}

// routerWrap judges an element written in a TanStack Router createRouter's Wrap or InnerWrap:
// nothing renders above Wrap, only Wrap renders above InnerWrap (the routes, AuthKitProvider
// in __root.tsx included, render inside it).
func (w *wrapWalker) routerWrap(el *analysis.Element) (wrapResult, bool) {
	kind, outer := analysis.RouterWrapOf(el.Owner.File, el.JSX)
	if kind == "" {
		return wrapResult{}, false
	}
	root := el
	if anc := el.Ancestors(); len(anc) > 0 {
		root = anc[len(anc)-1]
	}
	if kind == "InnerWrap" {
		for _, other := range el.Owner.Facts.Elements {
			if outer[other.JSX] && w.providesAuthKit(other, 0) {
				return wrapResult{state: wrapInside}, true
			}
		}
	}
	return wrapResult{state: wrapOutside, root: root}, true
}

// component says whether c is always rendered inside AuthKitProvider.
func (w *wrapWalker) component(c *analysis.Component, depth int) wrapResult {
	if r, ok := w.byComp[c]; ok {
		return r
	}
	if depth > 12 || w.visiting[c] {
		return wrapResult{}
	}
	w.visiting[c] = true
	defer delete(w.visiting, c)
	var r wrapResult
	if layouts, ok := nextRouteLayouts(c); ok {
		// Next.js renders the route inside its layouts: one of them must provide AuthKit.
		r = wrapResult{state: wrapOutside, comp: c}
		for _, lf := range layouts {
			ff := w.g.Facts(lf)
			if ff != nil && w.fileProvidesAuthKit(ff) {
				r = wrapResult{state: wrapInside}
				break
			}
		}
		if r.state == wrapOutside && len(layouts) > 0 {
			if root := nextMainComponent(w.g, layouts[len(layouts)-1]); root != nil {
				r.comp = root
			}
		}
	} else {
		sites := w.g.RenderSites(c)
		r = wrapResult{state: wrapUnknown}
		if len(sites) > 0 {
			r.state = wrapInside
			for _, s := range sites {
				sr := w.element(s, depth)
				if sr.state == wrapOutside {
					r = sr
					break
				}
				if sr.state == wrapUnknown {
					r.state = wrapUnknown
				}
			}
		}
	}
	w.byComp[c] = r
	return r
}

// providesAuthKit: an AuthKitProvider element, or one rendering a wrapper component that
// renders AuthKitProvider (around its children, we assume).
func (w *wrapWalker) providesAuthKit(el *analysis.Element, depth int) bool {
	if el.Is("AuthKitProvider", analysis.WorkOSAuthModules...) {
		return true
	}
	t := el.Target()
	return t != nil && w.rendersAuthKit(t, depth+1)
}

func (w *wrapWalker) rendersAuthKit(c *analysis.Component, depth int) bool {
	if v, ok := w.kit[c]; ok {
		return v
	}
	w.kit[c] = false
	if depth > 4 {
		return false
	}
	found := false
	for _, el := range c.Elements {
		if w.providesAuthKit(el, depth) {
			found = true
			break
		}
	}
	w.kit[c] = found
	return found
}

func (w *wrapWalker) fileProvidesAuthKit(ff *analysis.FileFacts) bool {
	for _, el := range ff.Elements {
		if w.providesAuthKit(el, 0) {
			return true
		}
	}
	return false
}

// nextRouteLayouts recognizes the default export of a Next.js App Router file (layout, page,
// template, under app/ or src/app/ of a package with a next dependency) and lists the layouts
// that wrap it, innermost first: for a page or template its own directory's layout, then
// those of the parent directories up to the app directory (a layout is not wrapped by itself).
func nextRouteLayouts(c *analysis.Component) (layouts []*project.File, ok bool) {
	f := c.File
	p := c.Graph().Project()
	if p == nil || f.Root == nil || !f.Root.Deps["next"] || c.IsHook {
		return nil, false
	}
	base := strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))
	if base != "layout" && base != "page" && base != "template" {
		return nil, false
	}
	appDir := ""
	for _, d := range []string{filepath.Join(f.Root.Dir, "app"), filepath.Join(f.Root.Dir, "src", "app")} {
		if strings.HasPrefix(f.Path, d+string(filepath.Separator)) {
			appDir = d
		}
	}
	if appDir == "" || nextMainComponent(c.Graph(), f) != c {
		return nil, false // helpers beside the route are rendered by it, not by Next.js
	}
	dir := filepath.Dir(f.Path)
	if base == "layout" {
		if dir == appDir {
			return nil, true
		}
		dir = filepath.Dir(dir)
	}
	for {
		for _, ext := range analysis.JSExtensions {
			if lf := p.File(filepath.Join(dir, "layout"+ext)); lf != nil {
				layouts = append(layouts, lf)
				break
			}
		}
		if dir == appDir || !strings.HasPrefix(dir, appDir) {
			break
		}
		dir = filepath.Dir(dir)
	}
	return layouts, true
}

// nextMainComponent is the component a route file exports as default.
func nextMainComponent(g *analysis.Graph, f *project.File) *analysis.Component {
	p := g.Project()
	if p == nil {
		return nil
	}
	df, d, ok := analysis.ResolveExport(p, f, "default")
	if !ok || df != f {
		return nil
	}
	return g.ComponentOf(f, d)
}

// wkHasWorkOSAdapter reports a `useAuth` prop that is WorkOS's useAuth or a project hook that
// calls a WorkOS hook (directly or through another custom hook).
func wkHasWorkOSAdapter(g *analysis.Graph, el *analysis.Element) bool {
	v, _, ok := el.Prop("useAuth")
	if !ok || v.Data == nil {
		return false
	}
	imp, isPkg, f, d, hasDef := g.ResolveExpr(el.Owner.File, el.Owner.Facts.Imports, v)
	if isPkg {
		return analysis.IsAuthKitClientModule(imp.Module)
	}
	if !hasDef {
		return false
	}
	return wkCallsWorkOS(g, g.ComponentOf(f, d), 0)
}

func wkCallsWorkOS(g *analysis.Graph, c *analysis.Component, depth int) bool {
	if c == nil || depth > 3 {
		return false
	}
	for _, h := range c.Hooks {
		if imp, ok := h.Origin(); ok {
			if analysis.IsAuthKitClientModule(imp.Module) {
				return true
			}
			continue
		}
		if f, d, ok := h.Def(); ok && wkCallsWorkOS(g, g.ComponentOf(f, d), depth+1) {
			return true
		}
	}
	return false
}
