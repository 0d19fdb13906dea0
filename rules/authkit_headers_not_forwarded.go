package rules

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "authkit-headers-not-forwarded",
		Title:    "Middleware or proxy that drops the headers AuthKit computed",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Triggers: []string{"authkit"},
		Applies:  isMiddlewareOrProxyName,
		Doc: Doc{
			Why: "The AuthKit middleware hands the session to the page in request headers " +
				"(`x-workos-middleware`, `x-workos-session`) and the refreshed session cookie to the browser in " +
				"response headers. The composable `authkit(request)` only computes them " +
				"(`{ session, headers, authorizationUrl }`, authkit-nextjs 2 to 4): a proxy that then returns " +
				"`NextResponse.next()` or `NextResponse.redirect(…)` without `handleAuthkitHeaders(request, headers)` " +
				"(`handleAuthkitProxy` in 3+) loses both. `withAuth()` then throws \"You are calling 'withAuth' on … " +
				"that isn't covered by the AuthKit middleware\" (`getSessionFromHeader` in session.ts), and the " +
				"rotated refresh token never reaches the browser; WorkOS refresh tokens \"may only be used once\" " +
				"(WorkOS session tokens reference), so the next refresh fails and signs the user out. The " +
				"same happens when `authkitMiddleware()(request, event)` / `authkitProxy()(…)` is called and its " +
				"response is thrown away. authkit-nextjs's README: \"Always use handleAuthkitHeaders() when " +
				"returning a response.\"\n\n" +
				"Reported on a `return` of `NextResponse.next()` / `rewrite()` built on the spot without the AuthKit " +
				"headers, of a redirect on authkit-nextjs 3+ (where the headers also carry the sign-in state cookie " +
				"that `handleAuthkitHeaders` attaches to a redirect to `authorizationUrl`), and on an AuthKit " +
				"middleware call whose result is unused. Responses built elsewhere, or that copy the headers " +
				"later, are not judged.",
			Bad: "export default async function proxy(request: NextRequest) {\n" +
				"  const { session, headers } = await authkit(request);\n" +
				"  if (!session.user && request.nextUrl.pathname.startsWith('/app')) {\n" +
				"    return NextResponse.redirect(new URL('/sign-in', request.url));\n  }\n" +
				"  return NextResponse.next();\n}\n",
			Good: "export default async function proxy(request: NextRequest) {\n" +
				"  const { session, headers } = await authkit(request);\n" +
				"  if (!session.user && request.nextUrl.pathname.startsWith('/app')) {\n" +
				"    return handleAuthkitHeaders(request, headers, { redirect: '/sign-in' });\n  }\n" +
				"  return handleAuthkitHeaders(request, headers);\n}\n",
			Lang: "ts",
		},
		CheckFile: checkAuthKitHeadersNotForwarded,
	})
}

// isMiddlewareOrProxyName accepts middleware.* and proxy.* files of Next.js apps.
func isMiddlewareOrProxyName(p *project.Project, f *project.File) bool {
	stem := strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))
	return (stem == "middleware" || stem == "proxy") && inNextRoot(p, f)
}

func checkAuthKitHeadersNotForwarded(c *FileContext) {
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil {
		return
	}
	if mw := a.Middleware(); mw == nil || mw.File != c.File || mw.Ignored != "" {
		return
	}
	im := analysis.ImportsOf(c.AST)
	isAuthKit := func(e shim.Expr, names ...string) bool {
		for _, n := range names {
			if im.Is(e, n, analysis.AuthKitNext) {
				return true
			}
		}
		return false
	}
	// Bindings of authkitMiddleware() / authkitProxy(): calling them runs the middleware.
	handlers := map[shim.Ref]bool{}
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		if st, ok := n.(shim.Stmt); ok {
			if local, ok := st.Data.(*shim.SLocal); ok {
				for _, d := range local.Decls {
					id, isID := d.Binding.Data.(*shim.BIdentifier)
					call, isCall := analysis.Unwrap(d.ValueOrNil).Data.(*shim.ECall)
					if isID && isCall && isAuthKit(call.Target, "authkitMiddleware", "authkitProxy") {
						handlers[id.Ref] = true
					}
				}
			}
		}
		return true
	})
	runsMiddleware := func(e shim.Expr) (*shim.ECall, bool) {
		call, ok := awaited(e).Data.(*shim.ECall)
		if !ok {
			return nil, false
		}
		if inner, ok := call.Target.Data.(*shim.ECall); ok && isAuthKit(inner.Target, "authkitMiddleware", "authkitProxy") {
			return call, true
		}
		if id, ok := call.Target.Data.(*shim.EIdentifier); ok && handlers[id.Ref] {
			return call, true
		}
		return nil, false
	}
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		switch v := n.(type) {
		case shim.Stmt:
			// authkitMiddleware()(request, event); as a statement: its response is dropped
			switch s := v.Data.(type) {
			case *shim.SExpr:
				if call, ok := runsMiddleware(s.Value); ok {
					st, end := analysis.IdentRange(c.Source, int(call.Target.Loc.Start))
					c.Report(st, end, "the AuthKit middleware's response is thrown away: it carries the session for withAuth() "+
						"and the refreshed session cookie; return it (`return handler(request, event)`)")
				}
			case *shim.SFunction:
				checkComposableAuthKit(c, im, s.Fn.Body.Block.Stmts)
			}
		case shim.Expr:
			if fn, body := functionBody(v); fn {
				checkComposableAuthKit(c, im, body)
			}
		}
		return true
	})
}

// functionBody returns the statements of a function or arrow expression.
func functionBody(e shim.Expr) (bool, []shim.Stmt) {
	switch f := e.Data.(type) {
	case *shim.EArrow:
		return true, f.Body.Block.Stmts
	case *shim.EFunction:
		return true, f.Fn.Body.Block.Stmts
	}
	return false, nil
}

// checkComposableAuthKit checks one function body that calls authkit(request): each response
// it returns, built on the spot, must carry the headers authkit returned.
func checkComposableAuthKit(c *FileContext, im analysis.Imports, body []shim.Stmt) {
	var result []shim.Ref // bindings of authkit()'s result or its headers
	found, opaque := false, false
	var returns []shim.Expr
	usesHeaders := false
	walk := func(visit func(n parser.Node) bool) {
		parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
			if e, ok := n.(shim.Expr); ok {
				switch e.Data.(type) {
				case *shim.EArrow, *shim.EFunction:
					return false // its own function
				}
			}
			if st, ok := n.(shim.Stmt); ok {
				if _, ok := st.Data.(*shim.SFunction); ok {
					return false
				}
			}
			return visit(n)
		})
	}
	walk(func(n parser.Node) bool {
		switch v := n.(type) {
		case shim.Stmt:
			switch s := v.Data.(type) {
			case *shim.SLocal:
				for _, d := range s.Decls {
					call, ok := awaited(d.ValueOrNil).Data.(*shim.ECall)
					if !ok || !im.Is(call.Target, "authkit", analysis.AuthKitNext) {
						continue
					}
					found = true
					switch b := d.Binding.Data.(type) {
					case *shim.BIdentifier:
						result = append(result, b.Ref)
					case *shim.BObject:
						for _, p := range b.Properties {
							k, isStr := p.Key.Data.(*shim.EString)
							if p.IsSpread || !isStr {
								opaque = true
								continue
							}
							if shim.StringValue(k) == "headers" {
								result = append(result, analysis.BindingRefs(p.Value, nil)...)
							}
						}
					default:
						opaque = true
					}
				}
			case *shim.SReturn:
				if s.ValueOrNil.Data != nil {
					returns = append(returns, s.ValueOrNil)
				}
			}
		}
		return true
	})
	if !found || opaque {
		return
	}
	refs := map[shim.Ref]bool{}
	for _, r := range result {
		refs[r] = true
	}
	mentions := func(e shim.Expr) bool {
		hit := false
		parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
			if x, ok := n.(shim.Expr); ok {
				if id, ok := x.Data.(*shim.EIdentifier); ok && refs[id.Ref] {
					hit = true
				}
			}
			return !hit
		})
		return hit
	}
	// A reference to the headers anywhere but in a return (copying them onto a response,
	// passing them to a helper) may forward them: returned variables are then not judged.
	walk(func(n parser.Node) bool {
		if st, ok := n.(shim.Stmt); ok {
			if _, ok := st.Data.(*shim.SReturn); ok {
				return false
			}
		}
		if e, ok := n.(shim.Expr); ok {
			if id, ok := e.Data.(*shim.EIdentifier); ok && refs[id.Ref] {
				usesHeaders = true
			}
		}
		return true
	})
	// Locals bound to a response built on the spot.
	built := map[shim.Ref]shim.Expr{}
	walk(func(n parser.Node) bool {
		if st, ok := n.(shim.Stmt); ok {
			if local, ok := st.Data.(*shim.SLocal); ok {
				for _, d := range local.Decls {
					if id, ok := d.Binding.Data.(*shim.BIdentifier); ok && bareResponse(c.AST, im, d.ValueOrNil) != "" {
						built[id.Ref] = d.ValueOrNil
					}
				}
			}
		}
		return true
	})
	// Before 3.0 a redirect carries no sign-in state: what it loses then depends on whether
	// the session was refreshed on this request, which cannot be known here.
	v3 := analysis.PackageAtLeast(c.Project, c.File.Root, analysis.AuthKitNext, analysis.Version{Major: 3}) == analysis.Yes
	for _, r := range returns {
		r = awaited(r)
		what := bareResponse(c.AST, im, r)
		if what == "" {
			if id, ok := r.Data.(*shim.EIdentifier); ok && !usesHeaders {
				if v, ok := built[id.Ref]; ok {
					what = bareResponse(c.AST, im, v)
					if mentions(v) {
						continue
					}
				}
			}
			if what == "" {
				continue
			}
		} else if mentions(r) {
			continue
		}
		if strings.Contains(what, "redirect") && !v3 {
			continue
		}
		s, e := analysis.IdentRange(c.Source, int(r.Loc.Start))
		if strings.Contains(what, "redirect") {
			c.Report(s, e, "this proxy returns "+what+" without the headers authkit() computed: the browser never gets the "+
				"refreshed session cookie, nor the sign-in state cookie a redirect to AuthKit needs (authkit-nextjs 3+); "+
				"return handleAuthkitHeaders(request, headers, { redirect: … })")
			continue
		}
		c.Report(s, e, "this proxy returns "+what+" without the headers authkit() computed: withAuth() then throws that the "+
			"route is not covered by the AuthKit middleware and the refreshed session cookie is lost; return "+
			"handleAuthkitHeaders(request, headers)")
	}
}

// bareResponse names a response built on the spot that lets the request go on to a page
// (NextResponse.next, rewrite) or redirects (NextResponse.redirect, Response.redirect). A
// final response of its own (json, new Response) renders no page that calls withAuth.
func bareResponse(tree *shim.AST, im analysis.Imports, e shim.Expr) string {
	e = analysis.Unwrap(e)
	switch v := e.Data.(type) {
	case *shim.ECall:
		d, ok := v.Target.Data.(*shim.EDot)
		if !ok {
			return ""
		}
		switch d.Name {
		case "next", "rewrite", "redirect":
		default:
			return ""
		}
		if im.Is(d.Target, "NextResponse", "next/server") {
			return "NextResponse." + d.Name + "()"
		}
		if id, ok := d.Target.Data.(*shim.EIdentifier); ok && d.Name == "redirect" && shim.SymbolName(tree, id.Ref) == "Response" {
			return "Response.redirect()"
		}
	}
	return ""
}
