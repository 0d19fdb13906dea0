package rules

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
)

func init() {
	Register(&Rule{
		ID:       "middleware-matcher",
		Title:    "withAuth on a route the middleware matcher does not cover",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Doc: Doc{
			Why: "`withAuth()` reads the session that the AuthKit middleware (or Next.js 16 proxy) puts " +
				"on the request. On a path that `config.matcher` excludes, the middleware never runs and " +
				"`withAuth()` throws \"You are calling 'withAuth' on a route that isn't covered by the " +
				"AuthKit middleware\": the page or route handler fails with a 500.\n\n" +
				"The rule evaluates the matcher as Next.js does (path-to-regexp with `:param*`, " +
				"`(regex)` groups and negative lookaheads such as `/((?!api|_next/static|.*\\\\..*).*)`, " +
				"anchored, with Next's optional `/_next/data` prefix and `.json` suffix) against the path " +
				"of every page, route handler and layout that calls `withAuth`, with sample values for " +
				"dynamic segments. A layout is checked against the pages it wraps. No matcher means the " +
				"middleware runs everywhere; a matcher that is not a literal, or uses syntax the linter " +
				"does not evaluate, is not judged. Entries with `has`/`missing` conditions count as covering.",
			Bad: "// middleware.ts\nexport default authkitMiddleware();\nexport const config = { matcher: ['/dashboard/:path*'] };\n\n" +
				"// app/api/me/route.ts: /api/me is not matched, so withAuth throws\n" +
				"export async function GET() {\n  const { user } = await withAuth();\n  return Response.json(user);\n}\n",
			Good: "// middleware.ts\nexport default authkitMiddleware();\n" +
				"export const config = { matcher: ['/dashboard/:path*', '/api/:path*'] };\n",
			Lang:  "ts",
			Guide: "Next.js Middleware: `config.matcher` must cover the routes that call `withAuth`.",
		},
		// Reported at withAuth calls, only in route files that contain "withAuth".
		Triggers:     []string{"withAuth"},
		CheckProject: checkMiddlewareMatcher,
	})
}

func checkMiddlewareMatcher(c *ProjectContext) {
	for _, a := range analysis.NextApps(c.Project) {
		mw := a.Middleware()
		if mw == nil || mw.Ignored != "" || mw.AuthKit == analysis.No || !mw.MatcherKnown || !mw.HasMatcher {
			continue
		}
		var related []Option
		if src, err := mw.File.Content(); err == nil {
			start, end := analysis.IdentRange(src, int(mw.MatcherLoc.Start))
			related = append(related, WithRelated(mw.File, start, end, "the matcher"))
		}
		for _, r := range a.Routes {
			// A route's finding depends on the matcher and the routes' paths, not on other files.
			if analysis.IsTestPath(r.File.Path) || !c.Project.IsTarget(r.File.Path) {
				continue
			}
			if src, err := r.File.Content(); err != nil || !strings.Contains(src, "withAuth") {
				continue
			}
			fi := r.Module()
			if fi == nil {
				continue
			}
			calls := fi.AuthKitCalls("withAuth")
			if len(calls) == 0 {
				continue
			}
			var msg string
			mwName := a.Rel(mw.File.Path)
			switch r.Kind {
			case analysis.RoutePage, analysis.RouteHandler:
				if covered, known := mw.CoversRoute(r); !known || covered {
					continue
				}
				msg = fmt.Sprintf("withAuth runs on %s, which the matcher of %s does not match: authkit-nextjs throws "+
					"\"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\" there; "+
					"add %s to config.matcher", r.Path, mwName, nxMatcherFor(r))
			case analysis.RouteLayout:
				page := uncoveredPageUnder(a, mw, r)
				if page == nil {
					continue
				}
				msg = fmt.Sprintf("withAuth in this layout runs for %s (%s), which the matcher of %s does not match: "+
					"authkit-nextjs throws \"You are calling 'withAuth' on a route that isn't covered by the AuthKit "+
					"middleware\" there; add %s to config.matcher", page.Path, a.Rel(page.File.Path), mwName, nxMatcherFor(page))
			default:
				continue
			}
			for _, call := range calls {
				start, end := fi.NameRange(call.Target)
				c.Report(r.File, start, end, msg, related...)
			}
		}
	}
}

// uncoveredPageUnder is the first page (by path) rendered inside a layout that the middleware
// does not run on; nil when all are covered or the answer is unknown.
func uncoveredPageUnder(a *analysis.NextApp, mw *analysis.Middleware, layout *analysis.Route) *analysis.Route {
	dir := filepath.Dir(layout.File.Path) + string(filepath.Separator)
	var pages []*analysis.Route
	for _, r := range a.Routes {
		if r.Kind == analysis.RoutePage && strings.HasPrefix(r.File.Path, dir) {
			pages = append(pages, r)
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].File.Path < pages[j].File.Path })
	for _, p := range pages {
		covered, known := mw.CoversRoute(p)
		if !known {
			return nil
		}
		if !covered {
			return p
		}
	}
	return nil
}

// nxMatcherFor suggests a matcher entry for a route: its path, with :param for dynamic
// segments and :path* for catch-alls.
func nxMatcherFor(r *analysis.Route) string {
	var b strings.Builder
	for _, s := range r.Segs {
		switch s.Kind {
		case analysis.SegStatic:
			b.WriteString("/" + s.Name)
		case analysis.SegDynamic:
			b.WriteString("/:" + nxParamName(s.Name))
		case analysis.SegCatchAll:
			b.WriteString("/:" + nxParamName(s.Name) + "+")
		case analysis.SegOptionalCatchAll:
			b.WriteString("/:" + nxParamName(s.Name) + "*")
		}
	}
	if b.Len() == 0 {
		return "'/'"
	}
	return "'" + b.String() + "'"
}

func nxParamName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if analysis.IsWordChar(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "param"
	}
	return b.String()
}
