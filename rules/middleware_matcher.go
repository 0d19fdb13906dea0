package rules

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
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
		CheckProject: checkMiddlewareMatcher,
	})
}

func checkMiddlewareMatcher(c *ProjectContext) {
	for _, root := range c.Project.Roots {
		a := nextAppOf(c.Project, root)
		if a == nil || a.appDir == "" {
			continue
		}
		mw := a.middleware()
		if mw == nil || mw.ignored != "" || mw.authkit == nxNo || !mw.matcherKnown || !mw.hasMatcher {
			continue
		}
		var related []Option
		if src, err := mw.file.Content(); err == nil {
			start, end := nxIdentRange(src, int(mw.matcherLoc.Start))
			related = append(related, WithRelated(mw.file, start, end, "the matcher"))
		}
		for _, r := range a.routes {
			if IsTestPath(r.file.Path) {
				continue
			}
			if src, err := r.file.Content(); err != nil || !strings.Contains(src, "withAuth") {
				continue
			}
			fi := r.fileInfo()
			if fi == nil {
				continue
			}
			calls := fi.authkitCalls("withAuth")
			if len(calls) == 0 {
				continue
			}
			var msg string
			mwName := a.rel(mw.file.Path)
			switch r.kind {
			case nxPage, nxHandler:
				if covered, known := mw.coversRoute(r); !known || covered {
					continue
				}
				msg = fmt.Sprintf("withAuth runs on %s, which the matcher of %s does not match: authkit-nextjs throws "+
					"\"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\" there; "+
					"add %s to config.matcher", r.path, mwName, nxMatcherFor(r))
			case nxLayout:
				page := a.uncoveredPageUnder(mw, r)
				if page == nil {
					continue
				}
				msg = fmt.Sprintf("withAuth in this layout runs for %s (%s), which the matcher of %s does not match: "+
					"authkit-nextjs throws \"You are calling 'withAuth' on a route that isn't covered by the AuthKit "+
					"middleware\" there; add %s to config.matcher", page.path, a.rel(page.file.Path), mwName, nxMatcherFor(page))
			default:
				continue
			}
			for _, call := range calls {
				start, end := fi.nameRange(call.Target)
				c.Report(r.file, start, end, msg, related...)
			}
		}
	}
}

// uncoveredPageUnder is the first page (by path) rendered inside a layout that the middleware
// does not run on; nil when all are covered or the answer is unknown.
func (a *nextApp) uncoveredPageUnder(mw *nxMiddleware, layout *nxRoute) *nxRoute {
	dir := filepath.Dir(layout.file.Path) + string(filepath.Separator)
	var pages []*nxRoute
	for _, r := range a.routes {
		if r.kind == nxPage && strings.HasPrefix(r.file.Path, dir) {
			pages = append(pages, r)
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].file.Path < pages[j].file.Path })
	for _, p := range pages {
		covered, known := mw.coversRoute(p)
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
func nxMatcherFor(r *nxRoute) string {
	var b strings.Builder
	for _, s := range r.segs {
		switch s.kind {
		case nxStatic:
			b.WriteString("/" + s.name)
		case nxDynamic:
			b.WriteString("/:" + nxParamName(s.name))
		case nxCatchAll:
			b.WriteString("/:" + nxParamName(s.name) + "+")
		case nxOptionalCatchAll:
			b.WriteString("/:" + nxParamName(s.name) + "*")
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
		if reIsWord(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "param"
	}
	return b.String()
}

// nxIdentRange is the range of the identifier, keyword or quoted key starting at off.
func nxIdentRange(src string, off int) (int, int) {
	if off < len(src) && (src[off] == '"' || src[off] == '\'') {
		if i := strings.IndexByte(src[off+1:], src[off]); i >= 0 {
			return off, off + i + 2
		}
	}
	end := off
	for end < len(src) && (reIsWord(rune(src[end])) || src[end] == '$') {
		end++
	}
	return off, end
}
