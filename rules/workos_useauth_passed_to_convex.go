package rules

import (
	"fmt"
	"slices"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "workos-useauth-passed-to-convex",
		Title:    "Convex auth provider given the wrong useAuth hook",
		Severity: Error,
		Tags:     []string{"correctness", "auth", "react"},
		Doc: Doc{
			Why: "`ConvexProviderWithAuth` calls its `useAuth` prop on every render and expects " +
				"`{ isLoading, isAuthenticated, fetchAccessToken }`. WorkOS's `useAuth()` returns " +
				"`{ user, isLoading, getAccessToken, … }`: `isAuthenticated` is undefined and " +
				"`fetchAccessToken` does not exist, so Convex never gets a token and every function sees an " +
				"anonymous caller. Pass an adapter hook that maps AuthKit to Convex's shape, or, in a React " +
				"app, use `ConvexProviderWithAuthKit` from `@convex-dev/workos`, which does the mapping.\n\n" +
				"`ConvexProviderWithAuthKit` is the reverse case: it is written against the `useAuth` of " +
				"`@workos-inc/authkit-react` and reads its `user`, `isLoading` and `getAccessToken`. Handing it " +
				"the `useAuth` of `@workos-inc/authkit-nextjs/components` (no `getAccessToken`), Convex's own " +
				"`useConvexAuth`, another provider's hook or a Convex-shaped adapter breaks sign-in the same way. " +
				"A local hook that returns `{isLoading, user, getAccessToken}` (directly or from `useMemo`) is " +
				"the shape it reads and is not reported, whatever it is built on, such as `useAuth` and " +
				"`useAccessToken` of authkit-nextjs (@convex-dev/workos's `UseAuth` type is exactly that " +
				"shape, and the provider only calls the hook).\n\n" +
				"TanStack Start: the `useAuth` of `@workos/authkit-tanstack-react-start/client` (0.11.0) returns " +
				"`{ user, loading, signOut, … }` and has no `getAccessToken` (that is `useAccessToken()`), so " +
				"it suits neither provider: pass an adapter hook over `useAuth` and `useAccessToken`.",
			Bad: "import { useAuth } from \"@workos-inc/authkit-react\";\n" +
				"import { ConvexProviderWithAuth } from \"convex/react\";\n\n" +
				"<ConvexProviderWithAuth client={convex} useAuth={useAuth}>\n" +
				"  <App />\n" +
				"</ConvexProviderWithAuth>\n",
			Good: "import { useAuth } from \"@workos-inc/authkit-react\";\n" +
				"import { ConvexProviderWithAuthKit } from \"@convex-dev/workos\";\n\n" +
				"<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n" +
				"  <App />\n" +
				"</ConvexProviderWithAuthKit>\n",
			Lang:  "tsx",
			Guide: "Client Setup: React (Vite) passes `useAuth` from @workos-inc/authkit-react to ConvexProviderWithAuthKit; Next.js passes an adapter hook (useAuthFromAuthKit) to ConvexProviderWithAuth.",
		},
		// Reported at the useAuth prop of <ConvexProviderWithAuth(Kit)>: Element.Is needs the name in the file.
		Triggers:     []string{"ConvexProviderWithAuth"},
		CheckProject: checkWorkOSUseAuthPassedToConvex,
	})
}

func checkWorkOSUseAuthPassedToConvex(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	// Each element is judged from what it resolves to: only the linted files' matter.
	for _, ff := range g.SeedsMentioning(c.Project.Targets, "ConvexProviderWithAuth") {
		for _, el := range ff.Elements {
			withAuth := el.Is("ConvexProviderWithAuth", analysis.ConvexReact)
			withAuthKit := el.Is("ConvexProviderWithAuthKit", analysis.ConvexWorkOS)
			if !withAuth && !withAuthKit {
				continue
			}
			v, keyStart, ok := el.Prop("useAuth")
			if !ok || v.Data == nil {
				continue
			}
			start, end := wkExprRange(ff.Tree, v, keyStart)
			imp, isPkg, defFile, def, hasDef := g.ResolveExpr(ff.File, ff.Imports, v)
			switch {
			case withAuth && isPkg && imp.Name == "useAuth" && slices.Contains(analysis.WorkOSAuthModules, imp.Module):
				shape, fix := "{user, isLoading}", "use ConvexProviderWithAuthKit from @convex-dev/workos, or pass an adapter hook"
				if imp.Module == analysis.AuthKitTanStackClient {
					// ConvexProviderWithAuthKit needs authkit-react's getAccessToken, which this kit lacks.
					shape, fix = "{user, loading}", "pass an adapter hook over useAuth and useAccessToken (getAccessToken(), "+
						"and refresh() when forceRefreshToken is true)"
				}
				c.Report(ff.File, start, end, fmt.Sprintf(
					"ConvexProviderWithAuth is given WorkOS's useAuth from %s, which returns %s, not the "+
						"{isLoading, isAuthenticated, fetchAccessToken} Convex calls, so no token is ever sent: %s", imp.Module, shape, fix))
			case withAuthKit && isPkg && !(imp.Name == "useAuth" && imp.Module == analysis.AuthKitReact):
				c.Report(ff.File, start, end, fmt.Sprintf(
					"ConvexProviderWithAuthKit is given %s from %s, but it reads useAuth() of %s (user, isLoading, "+
						"getAccessToken): pass that hook, or use ConvexProviderWithAuth with an adapter for %s",
					imp.Name, imp.Module, analysis.AuthKitReact, imp.Module))
			case withAuthKit && hasDef:
				hc := g.ComponentOf(defFile, def)
				if hc == nil {
					continue
				}
				if why := wkWrongAuthKitHook(hc); why != "" {
					c.Report(ff.File, start, end, fmt.Sprintf(
						"ConvexProviderWithAuthKit is given %s (%s), %s; it reads useAuth() of %s (user, isLoading, "+
							"getAccessToken): pass that hook, or use ConvexProviderWithAuth for an adapter",
						wkDisplayName(hc), hc.File.Rel, why, analysis.AuthKitReact),
						WithRelated(hc.File, hc.Def.NameStart, hc.Def.NameEnd, "the hook"))
				}
			}
		}
	}
}

// wkWrongAuthKitHook says why a project hook is not authkit-react's useAuth in disguise: it
// returns Convex's adapter shape (even when built over authkit-react), or it calls the Next.js
// SDK's useAuth and does not return the {isLoading, user, getAccessToken} shape
// ConvexProviderWithAuthKit reads. "" otherwise: a local adapter over authkit-nextjs's useAuth
// and useAccessToken that returns that shape is right, since the provider only calls it.
func wkWrongAuthKitHook(c *analysis.Component) string {
	authKitShape := false
	for _, o := range wkReturnedObjects(c.Def.Body()) {
		keys := map[string]bool{}
		for _, p := range o.Properties {
			if k, ok := p.Key.Data.(*shim.EString); ok {
				keys[shim.StringValue(k)] = true
			}
		}
		if keys["fetchAccessToken"] {
			return "a Convex adapter returning fetchAccessToken"
		}
		authKitShape = authKitShape || keys["getAccessToken"] && keys["isLoading"]
	}
	if authKitShape {
		return ""
	}
	for _, h := range c.Hooks {
		if h.Is("useAuth", analysis.AuthKitNextComponents) {
			return "which wraps useAuth of " + analysis.AuthKitNextComponents
		}
	}
	return "" // authkit-react's useAuth wrapped, or unknown
}

// wkReturnedObjects lists the object literals a hook returns: directly, or from the callback
// of a memo (`return useMemo(() => ({...}), deps)`).
func wkReturnedObjects(body []shim.Stmt) []*shim.EObject {
	var out []*shim.EObject
	for _, r := range analysis.Returns(body) {
		if o, ok := r.Data.(*shim.EObject); ok {
			out = append(out, o)
			continue
		}
		call, ok := r.Data.(*shim.ECall)
		if !ok || len(call.Args) == 0 {
			continue
		}
		var fnBody []shim.Stmt
		switch f := call.Args[0].Data.(type) {
		case *shim.EArrow:
			fnBody = f.Body.Block.Stmts
		case *shim.EFunction:
			fnBody = f.Fn.Body.Block.Stmts
		}
		for _, inner := range analysis.Returns(fnBody) {
			if o, ok := inner.Data.(*shim.EObject); ok {
				out = append(out, o)
			}
		}
	}
	return out
}

func wkDisplayName(c *analysis.Component) string {
	if c.Name != "" {
		return c.Name
	}
	return "the default export"
}

// wkExprRange is the range of a simple expression (an identifier, a.b); for anything else
// the attribute name at keyStart.
func wkExprRange(tree *shim.AST, e shim.Expr, keyStart int) (int, int) {
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		return int(e.Loc.Start), int(e.Loc.Start) + len(shim.SymbolName(tree, v.Ref))
	case *shim.EImportIdentifier:
		return int(e.Loc.Start), int(e.Loc.Start) + len(shim.SymbolName(tree, v.Ref))
	case *shim.EDot:
		return int(e.Loc.Start), int(v.NameLoc.Start) + len(v.Name)
	}
	return keyStart, keyStart + len("useAuth")
}
