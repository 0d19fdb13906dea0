package rules

import (
	"fmt"
	"sort"
	"strings"

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
		CheckProject: checkUnauthenticatedPaths,
	})
}

// nxPublicRoute is a route meant for signed-out users, with the evidence.
type nxPublicRoute struct {
	route      *nxRoute
	why        string
	file       *project.File
	start, end int
}

// nxSignInNames are route names that are sign-in or sign-up routes by convention.
var nxSignInNames = map[string]bool{
	"sign-in": true, "signin": true, "sign-up": true, "signup": true, "login": true, "register": true,
}

func checkUnauthenticatedPaths(c *ProjectContext) {
	for _, root := range c.Project.Roots {
		a := nextAppOf(c.Project, root)
		if a == nil || a.appDir == "" {
			continue
		}
		mw := a.middleware()
		if mw == nil || mw.ignored != "" {
			continue
		}
		for _, call := range mw.calls {
			if call.name != "authkitMiddleware" && call.name != "authkitProxy" || !nxIsExportedMiddleware(call) {
				continue
			}
			a.checkUnauthenticatedCall(c, mw, call)
		}
	}
}

// nxIsExportedMiddleware reports whether the call is the module's middleware itself (its
// default, middleware or proxy export, directly or through a const), not a handler that a
// function of its own calls after deciding which paths are public.
func nxIsExportedMiddleware(call nxAuthkitCall) bool {
	fi := call.info
	for _, name := range []string{"default", "middleware", "proxy"} {
		ex, ok := fi.exports.names[name]
		if !ok {
			continue
		}
		v := ex.value
		if v.Data == nil && ex.hasRef {
			v = shim.Expr{Data: &shim.EIdentifier{Ref: ex.ref}}
		}
		if nxConst(fi.decls, v).Data == shim.E(call.call) {
			return true
		}
	}
	// A module that exports the call under another name and is re-exported as the middleware.
	for _, ex := range fi.exports.names {
		if ex.hasRef && ex.value.Data != nil && nxConst(fi.decls, ex.value).Data == shim.E(call.call) {
			return true
		}
	}
	return false
}

func (a *nextApp) checkUnauthenticatedCall(c *ProjectContext, mw *nxMiddleware, call nxAuthkitCall) {
	fi := call.info
	if len(call.call.Args) == 0 {
		return
	}
	opts := nxConst(fi.decls, call.call.Args[0])
	ma, _, found, known := nxProp(opts, "middlewareAuth")
	if !found || !known {
		return
	}
	ma = nxConst(fi.decls, ma)
	enabled, _, found, _ := nxProp(ma, "enabled")
	if b, ok := nxConst(fi.decls, enabled).Data.(*shim.EBoolean); !found || !ok || !b.Value {
		return
	}
	paths, keyLoc, found, known := nxProp(ma, "unauthenticatedPaths")
	if !found || !known {
		return
	}
	arr, ok := nxConst(fi.decls, paths).Data.(*shim.EArray)
	if !ok {
		return
	}
	var globs []*jsRegexp
	for _, it := range arr.Items {
		s, ok := nxString(nxConst(fi.decls, it))
		if !ok {
			return // a spread or a computed entry could list anything
		}
		re, err := authkitPathRegexp(s)
		if err != nil {
			return
		}
		globs = append(globs, re)
	}
	src, _ := fi.file.Content()
	start, end := nxIdentRange(src, int(keyLoc.Start))
	for _, pub := range a.publicRoutes() {
		path := pub.route.path
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
		if covered, known := mw.covers(path); !known || !covered {
			continue // the middleware does not run there at all
		}
		var msg string
		if path == "/" {
			msg = fmt.Sprintf("unauthenticatedPaths omits / although %s %s: with middlewareAuth enabled, signed-out "+
				"visitors are redirected to AuthKit before it renders; add '/'", a.rel(pub.route.file.Path), pub.why)
		} else {
			msg = fmt.Sprintf("unauthenticatedPaths omits %s (%s, %s): with middlewareAuth enabled, signed-out users "+
				"are redirected to AuthKit before it runs; add '%s'", path, a.rel(pub.route.file.Path), pub.why, path)
		}
		c.Report(fi.file, start, end, msg, WithRelated(pub.file, pub.start, pub.end, "the public route"))
	}
}

// publicRoutes are the routes of the app meant for signed-out users: the landing page when it
// shows a signed-out view, and the sign-in and sign-up routes.
func (a *nextApp) publicRoutes() []nxPublicRoute {
	var out []nxPublicRoute
	for _, r := range a.routes {
		if r.kind == nxLayout || !r.isStatic() || IsTestPath(r.file.Path) {
			continue
		}
		if len(r.segs) == 0 {
			if r.kind == nxPage {
				if pub, ok := a.signedOutView(r); ok {
					out = append(out, pub)
				}
			}
			continue
		}
		if r.kind == nxHandler {
			if fi := r.fileInfo(); fi != nil {
				for _, name := range []string{"getSignInUrl", "getSignUpUrl"} {
					if calls := fi.authkitCalls(name); len(calls) > 0 {
						start, end := fi.nameRange(calls[0].Target)
						out = append(out, nxPublicRoute{route: r, why: "which calls " + name, file: r.file, start: start, end: end})
						break
					}
				}
				if len(out) > 0 && out[len(out)-1].route == r {
					continue
				}
			}
		}
		if last := r.segs[len(r.segs)-1].name; nxSignInNames[last] {
			start, end := nxRouteExportRange(r)
			out = append(out, nxPublicRoute{route: r, why: "a " + last + " route", file: r.file, start: start, end: end})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].route.path < out[j].route.path })
	// One entry per path: a page and a route handler cannot both serve it.
	var uniq []nxPublicRoute
	for _, p := range out {
		if len(uniq) == 0 || uniq[len(uniq)-1].route.path != p.route.path {
			uniq = append(uniq, p)
		}
	}
	return uniq
}

// signedOutView looks for evidence that the landing page renders for signed-out users, in the
// page and in the local components it imports.
func (a *nextApp) signedOutView(page *nxRoute) (nxPublicRoute, bool) {
	fi := page.fileInfo()
	if fi == nil {
		return nxPublicRoute{}, false
	}
	files := []*nxFileInfo{fi}
	for _, rec := range fi.tree.ImportRecords {
		if g, kind := a.resolve(fi.file, rec.Path.Text); kind == nxModLocal {
			if gi := nxInfo(g); gi != nil {
				files = append(files, gi)
			}
		}
	}
	for _, f := range files {
		if why, start, end, ok := a.signedOutEvidence(f); ok {
			if f != fi {
				why += " (in " + a.rel(f.file.Path) + ")"
			}
			return nxPublicRoute{route: page, why: why, file: f.file, start: start, end: end}, true
		}
	}
	return nxPublicRoute{}, false
}

func (a *nextApp) signedOutEvidence(fi *nxFileInfo) (why string, start, end int, ok bool) {
	for _, name := range []string{"getSignInUrl", "getSignUpUrl"} {
		if calls := fi.authkitCalls(name); len(calls) > 0 {
			start, end := fi.nameRange(calls[0].Target)
			return "calls " + name, start, end, true
		}
	}
	src, _ := fi.file.Content()
	parser.Inspect(fi.tree, func(n parser.Node, _ *parser.Cursor) bool {
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
		if el.TagOrNil.Data != nil && fi.imports.Is(el.TagOrNil, "Unauthenticated", "convex/react") {
			start, end = fi.nameRange(el.TagOrNil)
			why, ok = "renders <Unauthenticated>", true
			return false
		}
		for _, p := range el.Properties {
			if k, isStr := p.Key.Data.(*shim.EString); !isStr || shim.StringValue(k) != "href" {
				continue
			}
			if href, s, e, isLit := nxJSXString(src, p.ValueOrNil); isLit {
				segs := nxSplitPath(nxStripQuery(href))
				if strings.HasPrefix(href, "/") && len(segs) > 0 && nxSignInNames[segs[len(segs)-1]] {
					why, start, end, ok = "links to "+nxStripQuery(href), s, e, true
					return false
				}
			}
		}
		return true
	})
	return why, start, end, ok
}

// nxJSXString reads a JSX attribute value that is a string: "x", {"x"} or {`x`}, with its
// range.
func nxJSXString(src string, v shim.Expr) (s string, start, end int, ok bool) {
	switch d := v.Data.(type) {
	case *shim.EJSXText:
		raw := d.Raw
		if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') {
			return raw[1 : len(raw)-1], int(v.Loc.Start), int(v.Loc.Start) + len(raw), true
		}
	case *shim.EString:
		r := shim.RangeOfString(src, v.Loc)
		return shim.StringValue(d), int(r.Loc.Start), int(r.Loc.Start + r.Len), true
	case *shim.ETemplate:
		if s, ok := nxString(v); ok {
			r := shim.RangeOfString(src, v.Loc)
			return s, int(r.Loc.Start), int(r.Loc.Start + r.Len), true
		}
	}
	return "", 0, 0, false
}

// nxStripQuery drops the query and fragment of a path and a trailing slash.
func nxStripQuery(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// nxRouteExportRange is the range of a route's GET export (route handlers) or default export
// (pages), for related locations; the file start when there is none.
func nxRouteExportRange(r *nxRoute) (int, int) {
	fi := r.fileInfo()
	if fi == nil {
		return 0, 0
	}
	name := "default"
	if r.kind == nxHandler {
		name = "GET"
	}
	ex, ok := fi.exports.names[name]
	if !ok {
		return 0, 0
	}
	src, _ := r.file.Content()
	return nxIdentRange(src, int(ex.loc.Start))
}
