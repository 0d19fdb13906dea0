package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "auth-link-prefetch",
		Title:    "next/link to a sign-in, sign-up or sign-out route without prefetch={false}",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{"next/link"},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "In production, `<Link>` from `next/link` prefetches its target when it scrolls into " +
				"view. A sign-in or sign-up route answers with a redirect to AuthKit on another origin, " +
				"so the prefetch fails with CORS errors in the console; a sign-out route runs " +
				"`signOut()` on the prefetch and signs the user out as soon as the link is shown. " +
				"Links to these routes need `prefetch={false}`.\n\n" +
				"The rule follows literal hrefs (`\"/sign-in\"`, `{'/sign-out'}`, `{{ pathname: '/login' }}`) " +
				"to the route that serves them: a route handler named sign-in/sign-up/sign-out/login/" +
				"logout/register (and the like), or any route handler whose GET calls " +
				"`getSignInUrl`, `getSignUpUrl` or `signOut` from authkit-nextjs. Links with spread props " +
				"are not judged, nor links to pages: a page that calls `getSignInUrl` is dynamic (authkit-nextjs " +
				"2.x reads `headers()` there), and Next.js prefetches a dynamic page only down to its `loading.js`, " +
				"without rendering it (the Next.js prefetching guide), so its redirect does not run on a prefetch. " +
				"The fix adds `prefetch={false}`.",
			Bad:   "<Link href=\"/sign-out\">Sign out</Link>\n",
			Good:  "<Link href=\"/sign-out\" prefetch={false}>Sign out</Link>\n",
			Lang:  "tsx",
			Guide: "Next.js Auth Routes: `app/sign-in/route.ts` and `app/sign-up/route.ts` redirect to AuthKit.",
		},
		CheckFile: checkAuthLinkPrefetch,
	})
}

// nxAuthRouteNames are route names that redirect to AuthKit or sign out, by convention.
var nxAuthRouteNames = map[string]string{
	"sign-in": "sign-in", "signin": "sign-in", "login": "sign-in", "log-in": "sign-in",
	"sign-up": "sign-up", "signup": "sign-up", "register": "sign-up",
	"sign-out": "sign-out", "signout": "sign-out", "logout": "sign-out", "log-out": "sign-out",
}

func checkAuthLinkPrefetch(c *FileContext) {
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil || a.AppDir == "" {
		return
	}
	im := analysis.ImportsOf(c.AST)
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		el, ok := x.Data.(*shim.EJSXElement)
		if !ok || el.TagOrNil.Data == nil || !im.Is(el.TagOrNil, "default", "next/link") {
			return true
		}
		var href string
		var start, end int
		found, prefetchSet := false, false
		for _, p := range el.Properties {
			if p.Kind == shim.PropertySpread {
				return true // the spread may set prefetch
			}
			k, ok := p.Key.Data.(*shim.EString)
			if !ok {
				continue
			}
			switch shim.StringValue(k) {
			case "href":
				v := p.ValueOrNil
				if o, isObj := v.Data.(*shim.EObject); isObj {
					if pn, _, ok, _ := analysis.ObjectProp(shim.Expr{Loc: v.Loc, Data: o}, "pathname"); ok {
						v = pn
					}
				}
				href, start, end, found = analysis.JSXString(c.Source, v)
			case "prefetch":
				prefetchSet = true
				if b, ok := p.ValueOrNil.Data.(*shim.EBoolean); ok && !b.Value {
					return true
				}
			}
		}
		if !found || len(href) == 0 || href[0] != '/' {
			return true
		}
		path := analysis.StripQuery(href)
		kind, route := authRouteAt(a, path)
		if route == nil {
			return true
		}
		var msg string
		if kind == "sign-out" {
			msg = fmt.Sprintf("<Link> prefetches %s (%s) when it scrolls into view, and the prefetch signs the user out: "+
				"add prefetch={false}, or sign out with a POST form or server action", path, a.Rel(route.File.Path))
		} else {
			msg = fmt.Sprintf("<Link> prefetches %s (%s), which redirects to AuthKit on another origin: the prefetch "+
				"fails with CORS errors; add prefetch={false}", path, a.Rel(route.File.Path))
		}
		var opts []Option
		if !prefetchSet {
			r := shim.RangeOfIdentifier(c.Source, el.TagOrNil.Loc)
			first := -1
			if len(el.Properties) > 0 {
				first = int(el.Properties[0].Key.Loc.Start)
			}
			at, text := attrInsertion(c.Source, int(r.Loc.Start+r.Len), first, "prefetch={false}")
			opts = append(opts, WithFix("Add prefetch={false}", Replace(c.File, at, at, text)))
		}
		c.Report(start, end, msg, opts...)
		return true
	})
}

// authRouteAt classifies the route serving a path: "sign-in", "sign-up" or "sign-out" when
// a GET there redirects to AuthKit or signs out; route is nil otherwise. Route handlers count
// by what their GET calls or by name. Pages never do: one that calls getSignInUrl reads
// headers(), so it is dynamic, and Next.js does not render a dynamic page to prefetch it.
func authRouteAt(a *analysis.NextApp, path string) (kind string, route *analysis.Route) {
	routes := a.RoutesAt(path)
	if len(routes) == 0 {
		return "", nil
	}
	r := routes[0]
	fi := r.Module()
	if fi == nil || r.Kind == analysis.RouteLegacy {
		return "", nil
	}
	byName := ""
	if len(r.Segs) > 0 {
		if last := r.Segs[len(r.Segs)-1]; last.Kind == analysis.SegStatic {
			byName = nxAuthRouteNames[last.Name]
		}
	}
	calls := func(code shim.Expr, fn string) bool {
		return len(fi.CallsIn(code, func(imp analysis.Import) bool {
			return imp.Module == analysis.AuthKitNext && imp.Name == fn
		})) > 0
	}
	switch r.Kind {
	case analysis.RouteHandler:
		get, ok := fi.Exports.Names["GET"]
		if !ok {
			return "", nil // GET answers 405: a prefetch does nothing
		}
		code, ok := fi.Code(get)
		if !ok {
			return "", nil
		}
		for _, c := range []struct{ fn, kind string }{{"signOut", "sign-out"}, {"getSignInUrl", "sign-in"}, {"getSignUpUrl", "sign-up"}} {
			if calls(code, c.fn) {
				return c.kind, r
			}
		}
		if byName != "" {
			return byName, r
		}
	}
	return "", nil
}
