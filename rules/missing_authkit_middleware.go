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
		ID:       "missing-authkit-middleware",
		Title:    "AuthKit app without the AuthKit middleware (Next.js middleware or proxy, TanStack Start createStart)",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Doc: Doc{
			Why: "`@workos-inc/authkit-nextjs` keeps the session in a cookie that its middleware reads and " +
				"refreshes on every request. `withAuth()` throws \"You are calling 'withAuth' on a route " +
				"that isn't covered by the AuthKit middleware\" without it, and `AuthKitProvider`, " +
				"`handleAuth` and the sign-in helpers expect it too. Next.js only loads the middleware " +
				"from one place: `middleware.ts` (Next.js ≤ 15) or `proxy.ts` (Next.js 16) beside the " +
				"`app` directory, that is at the project root, or in `src/` when the app lives in " +
				"`src/app`. A file with that name inside `app/`, at the root of a `src/app` project, or " +
				"a `proxy.ts` on Next.js 15 is never run.\n\n" +
				"The rule fires when a Next.js App Router project imports `withAuth`, `handleAuth`, " +
				"`getSignInUrl`, `getSignUpUrl` or `AuthKitProvider` from authkit-nextjs and has no " +
				"middleware/proxy file that calls `authkitMiddleware`, `authkitProxy` or the composable " +
				"`authkit()` (directly, wrapped in a function, or through a local module it imports), " +
				"and on a middleware placed where Next.js does not look. A middleware that comes from " +
				"a workspace package the linter cannot follow is trusted.\n\n" +
				"TanStack Start (`@workos/authkit-tanstack-react-start` 0.11.0): `authkitMiddleware()` must be " +
				"registered in the `requestMiddleware` of `createStart` in `src/start.ts`; it puts the session " +
				"in the request context that `getAuth()`, `handleCallbackRoute()`, the sign-in helpers and the " +
				"client `AuthKitProvider` read, and they throw \"AuthKit middleware is not configured\" " +
				"without it. Reported at the first import of one of them when the app has no `src/start.ts`, " +
				"and at `requestMiddleware` (or `createStart`) when the lists the rule can read hold no " +
				"`authkitMiddleware()`. A list with a spread or a middleware imported from the app's own " +
				"modules is trusted.",
			Bad: "// app/middleware.ts: Next.js never loads a middleware inside app/\n" +
				"import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\n\n" +
				"export default authkitMiddleware();\n",
			Good: "// middleware.ts (Next.js ≤ 15) or proxy.ts (Next.js 16), beside app/\n" +
				"import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\n\n" +
				"export default authkitMiddleware();\n\n" +
				"export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };\n",
			Lang:  "ts",
			Guide: "Next.js Middleware: `middleware.ts` exporting `authkitMiddleware(...)`.",
		},
		// No Triggers: it also reports in a middleware file that does not run AuthKit, whatever it holds.
		CheckProject: checkMissingAuthkitMiddleware,
	})
}

// nxNeedsMiddleware are the authkit-nextjs exports whose use requires the middleware.
var nxNeedsMiddleware = map[string]bool{
	"withAuth": true, "handleAuth": true, "getSignInUrl": true, "getSignUpUrl": true, "AuthKitProvider": true,
}

func checkMissingAuthkitMiddleware(c *ProjectContext) {
	checkTanStackAuthkitMiddleware(c)
	for _, a := range analysis.NextApps(c.Project) {
		// The use reported on: the first in path order, whatever files are linted, so that a
		// file shows the same findings alone (pre-commit, editors) as in a whole-project run.
		// Looked for only when a finding needs it, and no further than the first.
		firstUse := func() *analysis.AuthKitUse {
			u, ok := a.FirstAuthKitUse(func(u analysis.AuthKitUse) bool {
				// (the pages-router entry has no middleware)
				return nxNeedsMiddleware[u.Name] && (u.Module == analysis.AuthKitNext || u.Module == analysis.AuthKitNextComponents)
			})
			if !ok {
				return nil
			}
			return &u
		}
		want := middlewareName(a)
		mw := a.Middleware()
		switch {
		case mw != nil && mw.Ignored != "":
			if !c.Project.IsTarget(mw.File.Path) || mw.AuthKit != analysis.Yes && firstUse() == nil {
				continue
			}
			start, end := nxExportRange(mw.File)
			rel := a.Rel(mw.File.Path)
			renamed := strings.TrimSuffix(rel, filepath.Base(rel)) + "middleware" + filepath.Ext(rel)
			c.Report(mw.File, start, end, fmt.Sprintf("%s is never run: %s; rename it to %s", rel, mw.Ignored, renamed))
		case mw != nil:
			if mw.AuthKit != analysis.No || !c.Project.IsTarget(mw.File.Path) {
				continue
			}
			use := firstUse()
			if use == nil {
				continue
			}
			start, end := nxExportRange(mw.File)
			c.Report(mw.File, start, end, fmt.Sprintf("%s does not run AuthKit, but %s from %s needs it: "+
				"export authkitMiddleware() (authkitProxy() on Next.js 16), or call authkit() in your own middleware",
				a.Rel(mw.File.Path), use.Name, a.Rel(use.File.Path)),
				WithRelated(use.File, use.Start, use.End, use.Name+" is imported here"))
		default:
			misplaced := a.MisplacedMiddleware()
			for _, f := range misplaced {
				start, end := nxExportRange(f)
				if _, calls := a.AuthKitIn(f); len(calls) > 0 && calls[0].Module.File == f {
					start, end = calls[0].Module.NameRange(calls[0].Call.Target)
				}
				c.Report(f, start, end, fmt.Sprintf("Next.js never loads %s: the middleware must be %s, beside the app directory; move it there",
					a.Rel(f.Path), want))
			}
			if len(misplaced) > 0 {
				continue
			}
			use := firstUse()
			if use == nil {
				continue
			}
			c.Report(use.File, use.Start, use.End, fmt.Sprintf("%s needs the AuthKit middleware, but this Next.js app has no %s: "+
				"create it with `export default authkitMiddleware()` (authkitProxy() on Next.js 16); without it there is no session to read and withAuth() throws",
				use.Name, want))
		}
	}
}

// middlewareName is where the middleware belongs, for messages: "src/middleware.ts",
// "proxy.ts", or both names when the Next.js version is unknown.
func middlewareName(a *analysis.NextApp) string {
	dir := a.Rel(a.SrcDir)
	prefix := ""
	if dir != "." && dir != "" {
		prefix = dir + "/"
	}
	switch {
	case a.NextMajor >= 16:
		return prefix + "proxy.ts"
	case a.NextMajor > 0:
		return prefix + "middleware.ts"
	}
	return prefix + "middleware.ts (" + prefix + "proxy.ts on Next.js 16)"
}

// nxExportRange is the range of a module's default export keyword, or of its `middleware` /
// `proxy` export, for findings about a whole middleware file; the file start otherwise.
func nxExportRange(f *project.File) (int, int) {
	fi := analysis.ModuleOf(f)
	if fi == nil {
		return 0, 0
	}
	for _, name := range []string{"default", "middleware", "proxy"} {
		if ex, ok := fi.Exports.Names[name]; ok {
			src, _ := f.Content()
			if start, end := analysis.IdentRange(src, int(ex.Loc.Start)); end > start {
				return start, end
			}
		}
	}
	return 0, 0
}

// checkTanStackAuthkitMiddleware reports TanStack Start apps that use the kit without
// authkitMiddleware() in createStart's requestMiddleware.
func checkTanStackAuthkitMiddleware(c *ProjectContext) {
	for _, a := range analysis.TanStackApps(c.Project) {
		if !a.UsesAuthKit() || a.SrcDir == "" {
			continue
		}
		se := a.Start()
		if se == nil {
			if a.StartFile() != nil {
				continue // does not parse: parse-error says so
			}
			use, ok := a.FirstAuthKitUse()
			if !ok || !c.Project.IsTarget(use.File.Path) {
				continue
			}
			c.Report(use.File, use.Start, use.End, fmt.Sprintf("%s needs authkitMiddleware(), but this TanStack Start app has no "+
				"%s: create it with `export const startInstance = createStart(() => ({ requestMiddleware: [authkitMiddleware()] }))`; "+
				"without it there is no session in the request context and AuthKit's server functions throw",
				use.Name, a.Rel(filepath.Join(a.SrcDir, "start.ts"))))
			continue
		}
		if se.Call == nil || !c.Project.IsTarget(se.File.Path) {
			continue
		}
		if se.Request.Has(analysis.MiddlewareAuthKit) != analysis.No || se.Function.Has(analysis.MiddlewareAuthKit) != analysis.No {
			continue
		}
		use, ok := a.FirstAuthKitUse()
		if !ok {
			continue
		}
		c.Report(se.File, se.OptionsKey, se.OptionsEnd, fmt.Sprintf("createStart does not register authkitMiddleware(), but %s from %s "+
			"needs it: add authkitMiddleware() to requestMiddleware, or AuthKit's server functions throw \"AuthKit middleware is not configured\"",
			use.Name, a.Rel(use.File.Path)),
			WithRelated(use.File, use.Start, use.End, use.Name+" is imported here"))
	}
}
