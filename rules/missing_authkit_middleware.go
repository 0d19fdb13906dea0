package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "missing-authkit-middleware",
		Title:    "Next.js app uses AuthKit without the AuthKit middleware or proxy",
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
				"a workspace package the linter cannot follow is trusted.",
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
		CheckProject: checkMissingAuthkitMiddleware,
	})
}

// nxNeedsMiddleware are the authkit-nextjs exports whose use requires the middleware.
var nxNeedsMiddleware = map[string]bool{
	"withAuth": true, "handleAuth": true, "getSignInUrl": true, "getSignUpUrl": true, "AuthKitProvider": true,
}

func checkMissingAuthkitMiddleware(c *ProjectContext) {
	for _, root := range c.Project.Roots {
		a := nextAppOf(c.Project, root)
		if a == nil || a.appDir == "" {
			continue
		}
		// The use reported on: the first in a lint target, so that linting a few files still
		// shows the problem in one of them.
		var use *nxUse
		for i, u := range a.authkitUses() {
			if !nxNeedsMiddleware[u.name] || u.module != authkitNextPkg && u.module != authkitNextComponents {
				continue // the pages-router entry has no middleware
			}
			if use == nil || !c.Project.IsTarget(use.file.Path) && c.Project.IsTarget(u.file.Path) {
				use = &a.authkitUses()[i]
			}
		}
		want := a.middlewareName()
		mw := a.middleware()
		switch {
		case mw != nil && mw.ignored != "":
			if use == nil && mw.authkit != nxYes {
				continue
			}
			start, end := nxExportRange(mw.file)
			rel := a.rel(mw.file.Path)
			renamed := strings.TrimSuffix(rel, filepath.Base(rel)) + "middleware" + filepath.Ext(rel)
			c.Report(mw.file, start, end, fmt.Sprintf("%s is never run: %s; rename it to %s", rel, mw.ignored, renamed))
		case mw != nil:
			if mw.authkit != nxNo || use == nil {
				continue
			}
			start, end := nxExportRange(mw.file)
			c.Report(mw.file, start, end, fmt.Sprintf("%s does not run AuthKit, but %s from %s needs it: "+
				"export authkitMiddleware() (authkitProxy() on Next.js 16), or call authkit() in your own middleware",
				a.rel(mw.file.Path), use.name, a.rel(use.file.Path)),
				WithRelated(use.file, use.start, use.end, use.name+" is imported here"))
		default:
			misplaced := a.misplacedMiddleware()
			for _, f := range misplaced {
				start, end := nxExportRange(f)
				if _, calls := a.authkitIn(f, 2, map[*project.File]bool{}); len(calls) > 0 && calls[0].info.file == f {
					start, end = calls[0].info.nameRange(calls[0].call.Target)
				}
				c.Report(f, start, end, fmt.Sprintf("Next.js never loads %s: the middleware must be %s, beside the app directory; move it there",
					a.rel(f.Path), want))
			}
			if len(misplaced) > 0 || use == nil {
				continue
			}
			c.Report(use.file, use.start, use.end, fmt.Sprintf("%s needs the AuthKit middleware, but this Next.js app has no %s: "+
				"create it with `export default authkitMiddleware()` (authkitProxy() on Next.js 16); without it there is no session to read and withAuth() throws",
				use.name, want))
		}
	}
}

// middlewareName is where the middleware belongs, for messages: "src/middleware.ts",
// "proxy.ts", or both names when the Next.js version is unknown.
func (a *nextApp) middlewareName() string {
	dir := a.rel(a.srcDir)
	prefix := ""
	if dir != "." && dir != "" {
		prefix = dir + "/"
	}
	switch {
	case a.nextMajor >= 16:
		return prefix + "proxy.ts"
	case a.nextMajor > 0:
		return prefix + "middleware.ts"
	}
	return prefix + "middleware.ts (" + prefix + "proxy.ts on Next.js 16)"
}

// nxExportRange is the range of a module's default export keyword, or of its `middleware` /
// `proxy` export, for findings about a whole middleware file; the file start otherwise.
func nxExportRange(f *project.File) (int, int) {
	fi := nxInfo(f)
	if fi == nil {
		return 0, 0
	}
	for _, name := range []string{"default", "middleware", "proxy"} {
		if ex, ok := fi.exports.names[name]; ok {
			src, _ := f.Content()
			if start, end := nxIdentRange(src, int(ex.loc.Start)); end > start {
				return start, end
			}
		}
	}
	return 0, 0
}
