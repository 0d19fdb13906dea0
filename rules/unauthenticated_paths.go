package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "unauthenticated-paths",
		Title:    "middlewareAuth redirects signed-out users away from a public route",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Doc: Doc{
			Why: "With `middlewareAuth: { enabled: true }`, the AuthKit middleware sends every signed-out " +
				"request to AuthKit unless its path is in `unauthenticatedPaths`. A landing page that " +
				"renders a signed-out view, or the sign-in and sign-up routes themselves, left off that " +
				"list can never be seen by the people they are for: they are redirected before the page " +
				"renders, the sign-up route loses its sign-up screen hint, and custom sign-in pages loop " +
				"back to AuthKit.\n\n" +
				"The rule reads the literal `unauthenticatedPaths` of an `authkitMiddleware`/`authkitProxy` " +
				"call that is the exported middleware, matches the entries the way authkit-nextjs does " +
				"(path-to-regexp globs), and checks the public routes of the app that the middleware " +
				"matcher covers: `/` when its page shows a signed-out view (it calls `getSignInUrl`/" +
				"`getSignUpUrl`, renders Convex's `<Unauthenticated>`, or links to a sign-in route), " +
				"route handlers that call `getSignInUrl`/`getSignUpUrl`, and routes named sign-in, " +
				"sign-up, signin, signup, login or register. The callback path needs no entry: " +
				"authkit-nextjs adds the redirect URI's path by itself. A middleware wrapped in your own " +
				"function may let public paths through before AuthKit runs, so it is not judged.",
			Bad: "export default authkitMiddleware({\n  middlewareAuth: { enabled: true, unauthenticatedPaths: ['/'] },\n});\n" +
				"// app/sign-in/route.ts exists, but /sign-in is not listed\n",
			Good: "export default authkitMiddleware({\n" +
				"  middlewareAuth: { enabled: true, unauthenticatedPaths: ['/', '/sign-in', '/sign-up'] },\n});\n",
			Lang:  "ts",
			Guide: "Next.js Middleware: `unauthenticatedPaths: ['/', '/sign-in', '/sign-up']`.",
		},
		// Reported in the module holding the authkitMiddleware/authkitProxy call (an import of that name).
		Triggers:     []string{"authkitMiddleware", "authkitProxy"},
		CheckProject: checkUnauthenticatedPaths,
	})
}

// nxPublicRoute is a route meant for signed-out users, with the evidence.
type nxPublicRoute struct {
	route      *analysis.Route
	why        string
	file       *project.File
	start, end int
}

// nxSignInNames are route names that are sign-in or sign-up routes by convention.
var nxSignInNames = map[string]bool{
	"sign-in": true, "signin": true, "sign-up": true, "signup": true, "login": true, "register": true,
}

func checkUnauthenticatedPaths(c *ProjectContext) {
	for _, a := range analysis.NextApps(c.Project) {
		mw := a.Middleware()
		if mw == nil || mw.Ignored != "" {
			continue
		}
		for _, call := range mw.Calls {
			if call.Name != "authkitMiddleware" && call.Name != "authkitProxy" || !nxIsExportedMiddleware(call) {
				continue
			}
			checkUnauthenticatedCall(a, c, mw, call)
		}
	}
}

// nxIsExportedMiddleware reports whether the call is the module's middleware itself (its
// default, middleware or proxy export, directly or through a const), not a handler that a
// function of its own calls after deciding which paths are public.
func nxIsExportedMiddleware(call analysis.AuthKitCall) bool {
	fi := call.Module
	for _, name := range []string{"default", "middleware", "proxy"} {
		ex, ok := fi.Exports.Names[name]
		if !ok {
			continue
		}
		v := ex.Value
		if v.Data == nil && ex.HasRef {
			v = shim.Expr{Data: &shim.EIdentifier{Ref: ex.Ref}}
		}
		if fi.Const(v).Data == shim.E(call.Call) {
			return true
		}
	}
	// A module that exports the call under another name and is re-exported as the middleware.
	for _, ex := range fi.Exports.Names {
		if ex.HasRef && ex.Value.Data != nil && fi.Const(ex.Value).Data == shim.E(call.Call) {
			return true
		}
	}
	return false
}

func checkUnauthenticatedCall(a *analysis.NextApp, c *ProjectContext, mw *analysis.Middleware, call analysis.AuthKitCall) {
	fi := call.Module
	if len(call.Call.Args) == 0 {
		return
	}
	opts := fi.Const(call.Call.Args[0])
	ma, _, found, known := analysis.ObjectProp(opts, "middlewareAuth")
	if !found || !known {
		return
	}
	ma = fi.Const(ma)
	enabled, _, found, _ := analysis.ObjectProp(ma, "enabled")
	if b, ok := fi.Const(enabled).Data.(*shim.EBoolean); !found || !ok || !b.Value {
		return
	}
	paths, keyLoc, found, known := analysis.ObjectProp(ma, "unauthenticatedPaths")
	if !found || !known {
		return
	}
	arr, ok := fi.Const(paths).Data.(*shim.EArray)
	if !ok {
		return
	}
	var globs []*analysis.JSRegexp
	for _, it := range arr.Items {
		s, ok := analysis.StaticString(fi.Const(it))
		if !ok {
			return // a spread or a computed entry could list anything
		}
		re, err := analysis.AuthKitPathRegexp(s)
		if err != nil {
			return
		}
		globs = append(globs, re)
	}
	src, _ := fi.File.Content()
	start, end := analysis.IdentRange(src, int(keyLoc.Start))
	for _, pub := range publicRoutes(a) {
		path := pub.route.Path
		listed := false
		for _, g := range globs {
			if ok, err := g.MatchString(path); err != nil || ok {
				listed = true
				break
			}
		}
		if listed {
			continue
		}
		if covered, known := mw.Covers(path); !known || !covered {
			continue // the middleware does not run there at all
		}
		var msg string
		if path == "/" {
			msg = fmt.Sprintf("unauthenticatedPaths omits / although %s %s: with middlewareAuth enabled, signed-out "+
				"visitors are redirected to AuthKit before it renders; add '/'", a.Rel(pub.route.File.Path), pub.why)
		} else {
			msg = fmt.Sprintf("unauthenticatedPaths omits %s (%s, %s): with middlewareAuth enabled, signed-out users "+
				"are redirected to AuthKit before it runs; add '%s'", path, a.Rel(pub.route.File.Path), pub.why, path)
		}
		c.Report(fi.File, start, end, msg, WithRelated(pub.file, pub.start, pub.end, "the public route"))
	}
}

// publicRoutes are the routes of the app meant for signed-out users: the landing page when it
// shows a signed-out view, and the sign-in and sign-up routes.
func publicRoutes(a *analysis.NextApp) []nxPublicRoute {
	var out []nxPublicRoute
	for _, r := range a.Routes {
		if r.Kind == analysis.RouteLayout || !r.IsStatic() || analysis.IsTestPath(r.File.Path) {
			continue
		}
		if len(r.Segs) == 0 {
			if r.Kind == analysis.RoutePage {
				if pub, ok := signedOutView(a, r); ok {
					out = append(out, pub)
				}
			}
			continue
		}
		if r.Kind == analysis.RouteHandler {
			if fi := r.Module(); fi != nil {
				for _, name := range []string{"getSignInUrl", "getSignUpUrl"} {
					if calls := fi.AuthKitCalls(name); len(calls) > 0 {
						start, end := fi.NameRange(calls[0].Target)
						out = append(out, nxPublicRoute{route: r, why: "which calls " + name, file: r.File, start: start, end: end})
						break
					}
				}
				if len(out) > 0 && out[len(out)-1].route == r {
					continue
				}
			}
		}
		if last := r.Segs[len(r.Segs)-1].Name; nxSignInNames[last] {
			start, end := nxRouteExportRange(r)
			out = append(out, nxPublicRoute{route: r, why: "a " + last + " route", file: r.File, start: start, end: end})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].route.Path < out[j].route.Path })
	// One entry per path: a page and a route handler cannot both serve it.
	var uniq []nxPublicRoute
	for _, p := range out {
		if len(uniq) == 0 || uniq[len(uniq)-1].route.Path != p.route.Path {
			uniq = append(uniq, p)
		}
	}
	return uniq
}

// signedOutView looks for evidence that the landing page renders for signed-out users, in the
// page and in the local components it imports.
func signedOutView(a *analysis.NextApp, page *analysis.Route) (nxPublicRoute, bool) {
	fi := page.Module()
	if fi == nil {
		return nxPublicRoute{}, false
	}
	files := []*analysis.Module{fi}
	for _, rec := range fi.Tree.ImportRecords {
		if g, kind := a.Resolve(fi.File, rec.Path.Text); kind == analysis.ModLocal {
			if gi := analysis.ModuleOf(g); gi != nil {
				files = append(files, gi)
			}
		}
	}
	for _, f := range files {
		if why, start, end, ok := signedOutEvidence(a, f); ok {
			if f != fi {
				why += " (in " + a.Rel(f.File.Path) + ")"
			}
			return nxPublicRoute{route: page, why: why, file: f.File, start: start, end: end}, true
		}
	}
	return nxPublicRoute{}, false
}

func signedOutEvidence(a *analysis.NextApp, fi *analysis.Module) (why string, start, end int, ok bool) {
	for _, name := range []string{"getSignInUrl", "getSignUpUrl"} {
		if calls := fi.AuthKitCalls(name); len(calls) > 0 {
			start, end := fi.NameRange(calls[0].Target)
			return "calls " + name, start, end, true
		}
	}
	src, _ := fi.File.Content()
	parser.Inspect(fi.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		if ok {
			return false
		}
		x, isExpr := n.(shim.Expr)
		if !isExpr {
			return true
		}
		el, isEl := x.Data.(*shim.EJSXElement)
		if !isEl {
			return true
		}
		if el.TagOrNil.Data != nil && fi.Imports.Is(el.TagOrNil, "Unauthenticated", "convex/react") {
			start, end = fi.NameRange(el.TagOrNil)
			why, ok = "renders <Unauthenticated>", true
			return false
		}
		for _, p := range el.Properties {
			if k, isStr := p.Key.Data.(*shim.EString); !isStr || shim.StringValue(k) != "href" {
				continue
			}
			if href, s, e, isLit := analysis.JSXString(src, p.ValueOrNil); isLit {
				segs := analysis.SplitPath(analysis.StripQuery(href))
				if strings.HasPrefix(href, "/") && len(segs) > 0 && nxSignInNames[segs[len(segs)-1]] {
					why, start, end, ok = "links to "+analysis.StripQuery(href), s, e, true
					return false
				}
			}
		}
		return true
	})
	return why, start, end, ok
}

// nxRouteExportRange is the range of a route's GET export (route handlers) or default export
// (pages), for related locations; the file start when there is none.
func nxRouteExportRange(r *analysis.Route) (int, int) {
	fi := r.Module()
	if fi == nil {
		return 0, 0
	}
	name := "default"
	if r.Kind == analysis.RouteHandler {
		name = "GET"
	}
	ex, ok := fi.Exports.Names[name]
	if !ok {
		return 0, 0
	}
	src, _ := r.File.Content()
	return analysis.IdentRange(src, int(ex.Loc.Start))
}
