package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "missing-sign-in-route",
		Title:    "Link or redirect to /sign-in or /sign-up with no route behind it",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		// The middleware/proxy holds the no-sign-in-route finding (authkit-nextjs 3+).
		Triggers: []string{"/sign-in", "/sign-up", "authkitMiddleware", "authkitProxy", "authkit("},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "With authkit-nextjs, `/sign-in` and `/sign-up` are routes you write: route handlers that " +
				"redirect to `getSignInUrl()` / `getSignUpUrl()`. Code that links or redirects there " +
				"(`href=\"/sign-in\"`, `redirect('/sign-in')`, `router.push('/sign-up')`, " +
				"`NextResponse.redirect(new URL('/sign-in', request.url))`) while the app has no such " +
				"route sends users to a 404 instead of AuthKit.\n\n" +
				"Since authkit-nextjs 3.0 the callback also verifies a sign-in state cookie that only your " +
				"app can set, so sign-ins that WorkOS starts (impersonation from the dashboard, IdP-initiated " +
				"SSO) must go through the Sign-in URL (`initiate_login_uri`) configured in the WorkOS " +
				"dashboard: a route handler that redirects to `getSignInUrl()`. Without one they fail with " +
				"`Missing required auth parameter` (authkit-nextjs README, \"Sign-in URL\" and " +
				"Troubleshooting). An app on authkit-nextjs 3+ with no route handler that calls " +
				"`getSignInUrl()` is reported once, on its middleware or proxy, unless the middleware " +
				"enables `middlewareAuth` or starts sign-ins itself (`authorizationUrl`, `getSignInUrl`).\n\n" +
				"Routes are looked up in the App Router (`app/` or `src/app/`, route groups, dynamic " +
				"and catch-all segments) and the Pages Router. Paths that next.config rewrites or " +
				"redirects, or that the middleware names, are not judged.",
			Bad: "// app/page.tsx (and no app/sign-in/route.ts)\n" +
				"<Link href=\"/sign-in\" prefetch={false}>Sign in</Link>\n",
			Good: "// app/sign-in/route.ts\nimport { redirect } from 'next/navigation';\n" +
				"import { getSignInUrl } from '@workos-inc/authkit-nextjs';\n\n" +
				"export async function GET() {\n  return redirect(await getSignInUrl());\n}\n",
			Lang:  "ts",
			Guide: "Next.js Auth Routes: `app/sign-in/route.ts` and `app/sign-up/route.ts`.",
		},
		CheckFile: checkMissingSignInRoute,
	})
}

// nxAuthLinkPaths are the paths this rule checks.
var nxAuthLinkPaths = map[string]string{"/sign-in": "getSignInUrl", "/sign-up": "getSignUpUrl"}

func checkMissingSignInRoute(c *FileContext) {
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil || a.AppDir == "" {
		return
	}
	if mw := a.Middleware(); mw != nil && mw.File == c.File {
		checkNoSignInRouteHandler(c, a, mw)
	}
	im := analysis.ImportsOf(c.AST)
	routers := nxRouterRefs(c.AST, im)
	check := func(s string, start, end int) {
		path := analysis.StripQuery(s)
		fn, ok := nxAuthLinkPaths[path]
		if !ok || len(a.RoutesAt(path)) > 0 || a.ConfigMayRoute(path) || middlewareNames(a, path) {
			return
		}
		c.Report(start, end, fmt.Sprintf("this sends users to %s, but the app has no route at %s: add %s that redirects to %s() "+
			"(a route handler: `return redirect(await %s())`), or point it at an existing route",
			path, path, a.RouteFileFor(path, "route.ts"), fn, fn))
	}
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		switch v := x.Data.(type) {
		case *shim.EJSXElement:
			for _, p := range v.Properties {
				if k, ok := p.Key.Data.(*shim.EString); ok && shim.StringValue(k) == "href" {
					if s, start, end, ok := analysis.JSXString(c.Source, p.ValueOrNil); ok {
						check(s, start, end)
					}
				}
			}
		case *shim.ECall:
			if len(v.Args) == 0 {
				return true
			}
			arg := v.Args[0]
			switch {
			case im.Is(v.Target, "redirect", "next/navigation"), im.Is(v.Target, "permanentRedirect", "next/navigation"):
			case nxIsRouterNav(v.Target, routers):
			case nxIsResponseRedirect(c.AST, v.Target, im):
				// NextResponse.redirect(new URL('/sign-in', request.url))
				if nw, ok := arg.Data.(*shim.ENew); ok && len(nw.Args) > 0 {
					if id, ok := nw.Target.Data.(*shim.EIdentifier); ok && shim.SymbolName(c.AST, id.Ref) == "URL" {
						arg = nw.Args[0]
					}
				}
			default:
				return true
			}
			if s, ok := analysis.StaticString(arg); ok {
				start, end := analysis.StringRange(c.File, arg.Loc)
				check(s, start, end)
			}
		}
		return true
	})
}

// nxRouterRefs are the bindings of `const router = useRouter()` (next/navigation or
// next/router).
func nxRouterRefs(tree *shim.AST, im analysis.Imports) map[shim.Ref]bool {
	out := map[shim.Ref]bool{}
	parser.Inspect(tree, func(n parser.Node, _ *parser.Cursor) bool {
		st, ok := n.(shim.Stmt)
		if !ok {
			return true
		}
		local, ok := st.Data.(*shim.SLocal)
		if !ok {
			return true
		}
		for _, d := range local.Decls {
			id, isID := d.Binding.Data.(*shim.BIdentifier)
			call, isCall := analysis.Unwrap(d.ValueOrNil).Data.(*shim.ECall)
			if isID && isCall && (im.Is(call.Target, "useRouter", "next/navigation") || im.Is(call.Target, "useRouter", "next/router")) {
				out[id.Ref] = true
			}
		}
		return true
	})
	return out
}

// nxIsRouterNav matches router.push / router.replace on a useRouter() binding.
func nxIsRouterNav(target shim.Expr, routers map[shim.Ref]bool) bool {
	d, ok := target.Data.(*shim.EDot)
	if !ok || d.Name != "push" && d.Name != "replace" {
		return false
	}
	id, ok := d.Target.Data.(*shim.EIdentifier)
	return ok && routers[id.Ref]
}

// nxIsResponseRedirect matches NextResponse.redirect (next/server) and Response.redirect.
func nxIsResponseRedirect(tree *shim.AST, target shim.Expr, im analysis.Imports) bool {
	d, ok := target.Data.(*shim.EDot)
	if !ok || d.Name != "redirect" {
		return false
	}
	if imp, ok := im.Resolve(d.Target); ok {
		return imp.Module == "next/server" && imp.Name == "NextResponse"
	}
	id, isID := d.Target.Data.(*shim.EIdentifier)
	return isID && shim.SymbolName(tree, id.Ref) == "Response"
}

// middlewareNames reports whether the middleware rewrites requests and mentions path: it may
// serve the path itself.
func middlewareNames(a *analysis.NextApp, path string) bool {
	mw := a.Middleware()
	if mw == nil {
		return false
	}
	src, err := mw.File.Content()
	return err != nil || strings.Contains(src, "rewrite") && strings.Contains(src, path)
}

// checkNoSignInRouteHandler reports, on the middleware of an app on authkit-nextjs 3+, that no
// route handler starts a sign-in: WorkOS-initiated sign-ins need one as the Sign-in URL.
func checkNoSignInRouteHandler(c *FileContext, a *analysis.NextApp, mw *analysis.Middleware) {
	if mw.Ignored != "" || mw.AuthKit != analysis.Yes ||
		analysis.PackageAtLeast(c.Project, a.Root, analysis.AuthKitNext, analysis.Version{Major: 3}) != analysis.Yes {
		return
	}
	if code := withoutComments(c.Source); strings.Contains(code, "authorizationUrl") || strings.Contains(code, "getSignInUrl") || middlewareAuthMayBeOn(a) {
		return // the middleware starts sign-ins itself
	}
	for _, r := range a.Routes {
		if r.Kind != analysis.RouteHandler {
			continue
		}
		src, err := r.File.Content()
		if code := withoutComments(src); err != nil || strings.Contains(code, "getSignInUrl") || strings.Contains(code, "getSignUpUrl") {
			return
		}
		// A route handler that imports a local helper may start the sign-in there.
		if m := r.Module(); m == nil || importsLocal(a, r.File, m) {
			return
		}
	}
	start, end := wholeFileAnchor(c, analysis.ModuleOf(c.File))
	c.Report(start, end, "no route handler starts a sign-in with getSignInUrl(): since authkit-nextjs 3 the callback "+
		"verifies a sign-in state cookie, so sign-ins WorkOS starts (impersonation, IdP-initiated SSO) fail with "+
		"\"Missing required auth parameter\"; add "+a.RouteFileFor("/sign-in", "route.ts")+" returning "+
		"`redirect(await getSignInUrl())` and set it as the Sign-in URL in the WorkOS dashboard")
}

// importsLocal reports a module that imports a project file or a path that does not resolve.
func importsLocal(a *analysis.NextApp, f *project.File, m *analysis.Module) bool {
	for _, rec := range m.Tree.ImportRecords {
		if _, kind := a.Resolve(f, rec.Path.Text); kind == analysis.ModLocal || kind == analysis.ModUnknown {
			return true
		}
	}
	return false
}

// withoutComments is src with its comments cut out, for word tests on code alone.
func withoutComments(src string) string {
	var b strings.Builder
	last := 0
	for _, cm := range parser.ScanComments(src) {
		b.WriteString(src[last:cm.Start])
		last = cm.End
	}
	b.WriteString(src[last:])
	return b.String()
}
