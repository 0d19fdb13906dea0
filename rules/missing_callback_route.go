package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "missing-callback-route",
		Title:    "WorkOS redirect URI has no callback route (handleAuth, handleCallbackRoute), or the callback sits on another path",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs", "tanstack", "config"},
		Doc: Doc{
			Why: "After sign-in, WorkOS sends the browser to the redirect URI with a `code`; a route " +
				"handler there must exchange it with `handleAuth()` and set the session cookie. When the " +
				"redirect URI's path (`NEXT_PUBLIC_WORKOS_REDIRECT_URI` or `WORKOS_REDIRECT_URI` in the " +
				"env files, `redirectUris`/`localEnvVars` in convex.json's authKit config, or a " +
				"`redirectUri` passed in code) has no route handler exporting `GET`, every sign-in ends " +
				"on a 404 or a 405. The reverse mistake is as common: the callback route lives at " +
				"`/auth/callback` while the redirect URI says `/callback`. A handleAuth route no redirect URI reaches is not reported while another serves every redirect URI (a spare copy), unless it sits on a sign-out path.\n\n" +
				"The rule resolves paths against the App Router (`app/` or `src/app/`, route groups, " +
				"dynamic and catch-all segments). A page at the path, a catch-all page, a next.config " +
				"basePath or rewrites that may serve the path, and redirect URIs built from variables are " +
				"not judged. Custom OAuth flows with no WorkOS redirect URI are not concerned. A handleAuth " +
				"on a sign-out path (`/logout`, `/auth/sign-out`) is called misplaced rather than moved: it " +
				"completes sign-in and signs no one out, so the fix is signOut() there.\n\n" +
				"An App Router app whose AuthKit middleware or proxy runs, whose env files set WorkOS up " +
				"(`WORKOS_*`) but name no redirect URI, and that has no handleAuth anywhere (nor a custom flow " +
				"with saveSession or authenticateWith…) can never complete a sign-in: that is reported at the " +
				"middleware's authkitMiddleware/authkitProxy call.\n\n" +
				"TanStack Start (`@workos/authkit-tanstack-react-start` 0.11.0): the callback is a file route " +
				"under `src/routes/` whose `createFileRoute(...)({ server: { handlers: { GET: " +
				"handleCallbackRoute() } } })` exchanges the code; the redirect URI comes from " +
				"`WORKOS_REDIRECT_URI` (the only name the kit's authkit-session reads), convex.json, or " +
				"`authkitMiddleware({ redirectUri })`. Route paths follow TanStack Router's file naming: " +
				"`api.auth.callback.tsx` and `api/auth/callback.tsx` are both `/api/auth/callback`, " +
				"`(group)` folders and `_layout` segments add nothing, `$param` and `$` match any segment, " +
				"`-name` files are ignored. `GET: handleCallbackRoute` without the call (once in the kit's " +
				"README) hands the factory to TanStack as the handler, so the callback fails: reported when the " +
				"kit is known to be 0.2.0 or later (the factory came in 0.2.0; in 0.1.x the export was the " +
				"handler itself, written exactly so). " +
				"A route at the path whose server handlers have no `GET` (a page " +
				"only) is reported too; handlers built by a function, the older `createServerFileRoute` API, " +
				"a moved routes directory and a `basepath` are not judged.",
			Bad: "// .env.local: NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\n" +
				"// app/auth/callback/route.ts: WorkOS never sends users to /auth/callback\n" +
				"export const GET = handleAuth();\n",
			Good: "// .env.local: NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\n" +
				"// app/callback/route.ts\n" +
				"export const GET = handleAuth();\n",
			Lang:  "ts",
			Guide: "Next.js Auth Routes: `app/callback/route.ts` with `export const GET = handleAuth();`, matching `NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback`.",
		},
		// Reported at a redirect URI (a *WORKOS_REDIRECT_URI entry, convex.json redirectUris or localEnvVars, a redirectUri option in code),
		// at a handleAuth/handleCallbackRoute call, or at the middleware's authkitMiddleware/authkitProxy/authkit call.
		Triggers:     []string{"handleAuth", "handleCallbackRoute", "redirectUri", "WORKOS_REDIRECT_URI", "authkit"},
		CheckProject: checkMissingCallbackRoute,
	})
}

func checkMissingCallbackRoute(c *ProjectContext) {
	checkTanStackCallbackRoutes(c)
	for _, a := range analysis.NextApps(c.Project) {
		if !a.UsesAuthKit() {
			continue
		}
		// The route handlers that call handleAuth.
		type callback struct {
			route *analysis.Route
			fi    *analysis.Module
			calls []int // start offsets of handleAuth names, with ends
			ends  []int
		}
		var callbacks []callback
		for _, r := range a.Routes {
			if r.Kind != analysis.RouteHandler || analysis.IsTestPath(r.File.Path) {
				continue
			}
			if src, err := r.File.Content(); err != nil || !strings.Contains(src, "handleAuth") {
				continue
			}
			fi := r.Module()
			if fi == nil {
				continue
			}
			cb := callback{route: r, fi: fi}
			for _, call := range fi.AuthKitCalls("handleAuth") {
				s, e := fi.NameRange(call.Target)
				cb.calls, cb.ends = append(cb.calls, s), append(cb.ends, e)
			}
			if len(cb.calls) > 0 {
				callbacks = append(callbacks, cb)
			}
		}
		if len(callbacks) == 0 {
			reportNoCallbackAtAll(c, a)
		}
		// A handleAuth route's finding weighs every redirect URI; a redirect URI's, only itself.
		// When no linted file is such a route, the redirect URIs of the others are not read.
		allURIs := !c.Project.Narrow() || slices.ContainsFunc(callbacks, func(cb callback) bool { return c.Project.IsTarget(cb.route.File.Path) })
		uris, partial := redirectURIsFor(c, a, allURIs)

		// The path of each redirect URI needs a GET route handler.
		for _, u := range uris {
			if a.ConfigMayRoute(u.Path) {
				continue
			}
			var opts []Option
			for _, cb := range callbacks {
				opts = append(opts, WithRelated(cb.route.File, cb.calls[0], cb.ends[0], "handleAuth is served at "+cb.route.Path))
			}
			routes := a.RoutesAt(u.Path)
			if len(routes) > 0 {
				best := routes[0]
				if best.Kind != analysis.RouteHandler {
					continue // a page or a Pages Router file: not judged
				}
				methods, known := best.Methods()
				if !known || methods["GET"] {
					continue
				}
				c.Report(u.File, u.Start, u.End, fmt.Sprintf("the WorkOS redirect URI (%s) points to %s, but %s exports no GET handler: "+
					"WorkOS redirects the browser there with a GET; export const GET = handleAuth()",
					u.Source, u.Path, a.Rel(best.File.Path)), opts...)
				continue
			}
			hint := ""
			if len(callbacks) > 0 {
				hint = fmt.Sprintf(" (handleAuth is served at %s)", callbacks[0].route.Path)
			}
			c.Report(u.File, u.Start, u.End, fmt.Sprintf("the WorkOS redirect URI (%s) points to %s, but the app has no route there%s: "+
				"sign-in ends on a 404; add %s with `export const GET = handleAuth()` or fix the redirect URI",
				u.Source, u.Path, hint, a.RouteFileFor(u.Path, "route.ts")), opts...)
		}

		// A handleAuth route that no redirect URI points to never receives the callback. When
		// another one serves every redirect URI, it is a spare copy: dead code, not a broken sign-in
		// (unless it sits on a sign-out path, where it stands for a missing sign-out).
		if !allURIs || partial || len(uris) == 0 {
			continue
		}
		served := everyURIServed(uris, func(u analysis.RedirectURI) bool {
			return slices.ContainsFunc(callbacks, func(cb callback) bool { return cb.route.Matches(u.Path) })
		})
		for _, cb := range callbacks {
			if a.ConfigMayRoute(cb.route.Path) || served && !isSignOutPath(cb.route.Path) {
				continue
			}
			matched := false
			for _, u := range uris {
				if cb.route.Matches(u.Path) {
					matched = true
					break
				}
			}
			if matched {
				continue
			}
			opts := redirectRelated(uris)
			msg := misroutedCallback("handleAuth", cb.route.Path, uris[0], a.RouteFileFor(uris[0].Path, "route.ts"),
				"signOut() from "+analysis.AuthKitNext+" in this route or a server action")
			for i := range cb.calls {
				c.Report(cb.route.File, cb.calls[i], cb.ends[i], msg, opts...)
			}
		}
	}
}

// reportNoCallbackAtAll reports an App Router app whose AuthKit middleware (or proxy) runs
// with no handleAuth anywhere, env files that set WorkOS up (WORKOS_*) but no redirect URI in
// them, convex.json or code, and no custom flow (saveSession, authenticateWith…): nothing can
// complete a sign-in. It is reported
// at the middleware's AuthKit call, so only when the middleware is linted.
func reportNoCallbackAtAll(c *ProjectContext, a *analysis.NextApp) {
	if a.AppDir == "" {
		return
	}
	mw := a.Middleware()
	if mw == nil || mw.Ignored != "" || mw.AuthKit != analysis.Yes || len(mw.Calls) == 0 {
		return
	}
	call := mw.Calls[0]
	if !c.Project.IsTarget(call.Module.File.Path) {
		return
	}
	if uris, partial := a.RedirectURIs(); len(uris) > 0 || partial {
		return // the redirect URIs' own findings say where the route is missing
	}
	configured := false // the env files set WorkOS up: without them, the env lives elsewhere
	for _, e := range a.Root.EnvFiles {
		for _, ent := range e.Parsed.Entries {
			if strings.Contains(ent.Key, "REDIRECT_URI") {
				return // a redirect URI the collector could not read
			}
			configured = configured || strings.HasPrefix(ent.Key, "WORKOS_")
		}
	}
	if !configured {
		return
	}
	for _, f := range c.Project.Files {
		if f.Kind != project.KindJS || f.Root != a.Root {
			continue
		}
		src, err := f.Content()
		if err != nil || inCode(src, "handleAuth") || inCode(src, "saveSession") || inCode(src, "authenticateWith") {
			return // a callback somewhere (or a file that cannot be read), or a custom sign-in flow
		}
	}
	start, end := call.Module.NameRange(call.Call.Target)
	c.Report(call.Module.File, start, end, fmt.Sprintf("%s sends signed-out users to AuthKit, but the app has no "+
		"handleAuth route and no redirect URI: WorkOS has nowhere to send the browser back with its code, so sign-in "+
		"never completes; add %s with `export const GET = handleAuth()` and set NEXT_PUBLIC_WORKOS_REDIRECT_URI to "+
		"its URL (e.g. http://localhost:3000/callback)", call.Name, a.RouteFileFor("/callback", "route.ts")))
}

// inCode reports word in src outside comments.
func inCode(src, word string) bool {
	if !strings.Contains(src, word) {
		return false
	}
	comments := parser.ScanComments(src)
	for at := 0; ; {
		i := strings.Index(src[at:], word)
		if i < 0 {
			return false
		}
		off := at + i
		if !slices.ContainsFunc(comments, func(c parser.Comment) bool { return c.Start <= off && off < c.End }) {
			return true
		}
		at = off + len(word)
	}
}

// isSignOutPath reports a route path meant for signing out (/logout, /auth/sign-out, /signout):
// a callback handler there is misplaced, not a callback route at the wrong path.
func isSignOutPath(path string) bool {
	for _, seg := range strings.Split(strings.ToLower(path), "/") {
		switch strings.NewReplacer("-", "", "_", "").Replace(seg) {
		case "signout", "logout", "logoff":
			return true
		}
	}
	return false
}

// checkTanStackCallbackRoutes is the rule for TanStack Start: the redirect URI's path needs a
// file route whose server.handlers has a GET (handleCallbackRoute()), and a handleCallbackRoute
// route needs a redirect URI pointing at it.
func checkTanStackCallbackRoutes(c *ProjectContext) {
	for _, a := range analysis.TanStackApps(c.Project) {
		if !a.UsesAuthKit() || a.RoutesDir == "" || a.MayRewritePaths() {
			continue
		}
		type callback struct {
			route      *analysis.TanStackRoute
			start, end []int
		}
		var callbacks []callback
		factory := analysis.PackageAtLeast(c.Project, a.Root, analysis.AuthKitTanStack, analysis.Version{Minor: 2}) == analysis.Yes
		for _, r := range a.Routes() {
			if src, err := r.File.Content(); err != nil || !strings.Contains(src, "handleCallbackRoute") {
				continue
			}
			sr := r.Server()
			cb := callback{route: r}
			// Before 0.2.0 handleCallbackRoute was the handler itself ({ request }) and its docs
			// wrote `GET: handleCallbackRoute`; the factory came with #9 (2025-10-23).
			names, uncalled := sr.Callbacks, sr.Uncalled
			if !factory {
				names, uncalled = append(append([]shim.Expr(nil), names...), uncalled...), nil
			}
			for _, name := range names {
				s, e := sr.Module.NameRange(name)
				cb.start, cb.end = append(cb.start, s), append(cb.end, e)
			}
			for _, name := range uncalled {
				if c.Project.IsTarget(r.File.Path) {
					s, e := sr.Module.NameRange(name)
					c.Report(r.File, s, e, "GET is handleCallbackRoute itself, not the handler it makes: it is called with the "+
						"request context as its options and returns a function instead of a Response, so the sign-in callback "+
						"fails; write GET: handleCallbackRoute()")
				}
			}
			if len(cb.start) > 0 {
				callbacks = append(callbacks, cb)
			}
		}
		allURIs := !c.Project.Narrow() || slices.ContainsFunc(callbacks, func(cb callback) bool { return c.Project.IsTarget(cb.route.File.Path) })
		uris, partial := redirectURIsFor(c, a, allURIs)
		for _, u := range uris {
			var opts []Option
			for _, cb := range callbacks {
				opts = append(opts, WithRelated(cb.route.File, cb.start[0], cb.end[0], "handleCallbackRoute is served at "+cb.route.Path))
			}
			if routes := a.RoutesAt(u.Path); len(routes) > 0 {
				best := routes[0]
				sr := best.Server()
				if !sr.Known || sr.Methods["GET"] || sr.Methods["ANY"] {
					continue
				}
				c.Report(u.File, u.Start, u.End, fmt.Sprintf("the WorkOS redirect URI (%s) points to %s, but %s declares no "+
					"server GET handler: the page renders and the code WorkOS sends is never exchanged, so sign-in never "+
					"completes; give its createFileRoute server: { handlers: { GET: handleCallbackRoute() } }",
					u.Source, u.Path, a.Rel(best.File.Path)), opts...)
				continue
			}
			hint := ""
			if len(callbacks) > 0 {
				hint = fmt.Sprintf(" (handleCallbackRoute is served at %s)", callbacks[0].route.Path)
			}
			c.Report(u.File, u.Start, u.End, fmt.Sprintf("the WorkOS redirect URI (%s) points to %s, but the app has no route there%s: "+
				"sign-in ends on a 404; add %s with createFileRoute('%s')({ server: { handlers: { GET: handleCallbackRoute() } } }) "+
				"or fix the redirect URI", u.Source, u.Path, hint, a.RouteFileFor(u.Path), u.Path), opts...)
		}
		if !allURIs || partial || len(uris) == 0 {
			continue
		}
		served := everyURIServed(uris, func(u analysis.RedirectURI) bool {
			return slices.ContainsFunc(callbacks, func(cb callback) bool { return cb.route.Matches(u.Path) })
		})
		for _, cb := range callbacks {
			if served && !isSignOutPath(cb.route.Path) ||
				slices.ContainsFunc(uris, func(u analysis.RedirectURI) bool { return cb.route.Matches(u.Path) }) {
				continue
			}
			opts := redirectRelated(uris)
			msg := misroutedCallback("handleCallbackRoute", cb.route.Path, uris[0], a.RouteFileFor(uris[0].Path), "signOut() in this route")
			for i := range cb.start {
				c.Report(cb.route.File, cb.start[i], cb.end[i], msg, opts...)
			}
		}
	}
}

// everyURIServed reports whether served holds for each redirect URI.
func everyURIServed(uris []analysis.RedirectURI, served func(analysis.RedirectURI) bool) bool {
	for _, u := range uris {
		if !served(u) {
			return false
		}
	}
	return true
}

// redirectRelated points at the first few redirect URIs, as related locations.
func redirectRelated(uris []analysis.RedirectURI) []Option {
	var opts []Option
	for _, u := range uris[:min(len(uris), 4)] {
		opts = append(opts, WithRelated(u.File, u.Start, u.End, "the redirect URI ("+u.Source+")"))
	}
	return opts
}

// misroutedCallback is the message for a callback handler (handleAuth, handleCallbackRoute) at a
// path no redirect URI names: move it to the redirect URI's route file, or, on a sign-out path,
// a handler that is misplaced there (it completes sign-in and signs no one out).
func misroutedCallback(handler, path string, first analysis.RedirectURI, routeFile, signOutWith string) string {
	if isSignOutPath(path) {
		return fmt.Sprintf("%s serves %s, a sign-out path: %s is misplaced there, since it completes sign-in (it "+
			"exchanges the code WorkOS sends to the redirect URI, %s is %s) and signs no one out; sign out with %s, "+
			"and keep %s at the redirect URI's path only", handler, path, handler, first.Source, first.Value, signOutWith, handler)
	}
	return fmt.Sprintf("%s serves %s, but no WorkOS redirect URI points there (%s is %s): WorkOS never sends users to "+
		"this route; move it to %s or set the redirect URI to this path", handler, path, first.Source, first.Value, routeFile)
}

// redirectSource is an app whose redirect URIs the rule reads: a Next.js or a TanStack Start app.
type redirectSource interface {
	RedirectURIs() ([]analysis.RedirectURI, bool)
	RedirectURIsIn(keep func(*project.File) bool) []analysis.RedirectURI
}

// redirectURIsFor reads every redirect URI of the app when all are needed (a callback route is
// linted, or the whole project is), else only those in lint targets: a saved page then costs no
// read of the other files' env and code.
func redirectURIsFor(c *ProjectContext, a redirectSource, all bool) (uris []analysis.RedirectURI, partial bool) {
	if all {
		return a.RedirectURIs()
	}
	return a.RedirectURIsIn(func(f *project.File) bool { return c.Project.IsTarget(f.Path) }), false
}
