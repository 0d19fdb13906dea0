package rules

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "missing-csrf-middleware",
		Title:    "TanStack Start createStart registers authkitMiddleware without the CSRF middleware",
		Severity: Warning,
		Tags:     []string{"security", "tanstack"},
		// Cross-site requests reach server functions: a CSRF weakness, not a leak.
		SecuritySeverity: 5.0,
		Fixable:          true,
		Doc: Doc{
			Why: "TanStack Start protects server functions from cross-site requests with a CSRF middleware " +
				"(a `Sec-Fetch-Site`/`Origin`/`Referer` check), but only when the app defines no " +
				"`startInstance`: `createStartHandler` in `@tanstack/start-server-core` (1.168 and later) " +
				"adds its default CSRF middleware only then. Registering `authkitMiddleware()` from " +
				"`@workos/authkit-tanstack-react-start` means defining one, so every server function " +
				"(`getAuth`, `signOut`, `switchToOrganization` and the app's own) silently accepts " +
				"cross-site requests that carry the session cookie. The kit's README and example (0.9.0 and " +
				"later) add `createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })` back, " +
				"before `authkitMiddleware()`; Start itself only warns in dev.\n\n" +
				"Not reported: a list holding `createCsrfMiddleware()` or a middleware whose name says CSRF " +
				"(your own check), lists the rule cannot read (spreads, middleware imported from the app's " +
				"own modules), and apps that silence Start's warning with " +
				"`serverFns: { disableCsrfMiddlewareWarning: true }` in the vite config, and apps whose " +
				"package.json range does not say the installed Start is 1.168 or later (`latest`, `*`, an older " +
				"lower bound). The fix adds " +
				"`createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })` before " +
				"`authkitMiddleware()` and to the file's import from `@tanstack/react-start`.",
			Bad: "import { createStart } from '@tanstack/react-start';\n" +
				"import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n\n" +
				"export const startInstance = createStart(() => ({\n" +
				"  requestMiddleware: [authkitMiddleware()],\n}));\n",
			Good: "import { createCsrfMiddleware, createStart } from '@tanstack/react-start';\n" +
				"import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n\n" +
				"const csrfMiddleware = createCsrfMiddleware({\n" +
				"  filter: (ctx) => ctx.handlerType === 'serverFn',\n});\n\n" +
				"export const startInstance = createStart(() => ({\n" +
				"  requestMiddleware: [csrfMiddleware, authkitMiddleware()],\n}));\n",
			Lang: "ts",
		},
		// Reported in src/start.ts, at requestMiddleware: it names authkitMiddleware.
		Triggers:     []string{"authkitMiddleware"},
		CheckProject: checkMissingCSRFMiddleware,
	})
}

func checkMissingCSRFMiddleware(c *ProjectContext) {
	for _, a := range analysis.TanStackApps(c.Project) {
		f := a.StartFile()
		// Start added its default CSRF middleware (and createCsrfMiddleware) in 1.168.
		if f == nil || !c.Project.IsTarget(f.Path) || a.ViteMentions("disableCsrfMiddlewareWarning") || !startKnownAtLeast(c.Project, a, 1, 168) {
			continue
		}
		se := a.Start()
		if se == nil || se.Call == nil || se.Request.Has(analysis.MiddlewareAuthKit) != analysis.Yes {
			continue
		}
		if se.Request.Has(analysis.MiddlewareCSRF) != analysis.No || se.Function.Has(analysis.MiddlewareCSRF) != analysis.No {
			continue
		}
		var at analysis.MiddlewareItem
		for _, it := range se.Request.Items {
			if it.Kind == analysis.MiddlewareAuthKit {
				at = it
				break
			}
		}
		var opts []Option
		if edits, ok := csrfMiddlewareFix(se.File, at); ok {
			opts = append(opts, WithFix("Add createCsrfMiddleware before authkitMiddleware()", edits...))
		}
		c.Report(se.File, se.OptionsKey, se.OptionsEnd, "requestMiddleware registers authkitMiddleware() but no CSRF "+
			"middleware: defining a startInstance turns off the CSRF check TanStack Start gives server functions by default, "+
			"so they accept cross-site requests with the session cookie; add createCsrfMiddleware({ filter: (ctx) => "+
			"ctx.handlerType === 'serverFn' }) from @tanstack/react-start before authkitMiddleware()",
			append(opts, WithRelated(se.File, at.Start, at.End, "authkitMiddleware() is registered here"))...)
	}
}

// csrfMiddlewareFix puts TanStack Start's CSRF middleware, limited to server functions as the
// message says, in front of authkitMiddleware() in the list, and imports createCsrfMiddleware
// beside the file's other names from @tanstack/react-start (no fix without such an import).
func csrfMiddlewareFix(f *project.File, at analysis.MiddlewareItem) ([]Edit, bool) {
	tree, _ := f.AST()
	src, err := f.Content()
	if tree == nil || err != nil || at.End <= at.Start || at.Start <= 0 {
		return nil, false
	}
	imp, ok := addNamedImport(f, src, tree, "@tanstack/react-start", "createCsrfMiddleware")
	if !ok || strings.Contains(src, "createCsrfMiddleware") {
		return nil, false
	}
	q := "'"
	if i := strings.Index(src, "@tanstack/react-start"); i > 0 && src[i-1] == '"' {
		q = `"`
	}
	call := "createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === " + q + "serverFn" + q + " })"
	sep := ", "
	if ls := strings.LastIndexByte(src[:at.Start], '\n') + 1; strings.TrimLeft(src[ls:at.Start], " \t") == "" && ls > 0 {
		eol := "\n"
		if ls >= 2 && src[ls-2] == '\r' {
			eol = "\r\n"
		}
		sep = "," + eol + src[ls:at.Start]
	}
	return []Edit{imp, Replace(f, at.Start, at.Start, call+sep)}, true
}

// startKnownAtLeast reports an app whose @tanstack/react-start range admits only major.minor or
// later (through workspace:, catalog:, npm: specifiers); "latest", "*" or an older lower bound is
// not known to be, and the rule stays silent there.
func startKnownAtLeast(p *project.Project, a *analysis.TanStackApp, major, minor int) bool {
	return analysis.PackageAtLeast(p, a.Root, analysis.TanStackStart, analysis.Version{Major: major, Minor: minor}) == analysis.Yes
}
