package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "missing-convex-auth-provider",
		Title:    "AuthKit app provides Convex without auth",
		Severity: Error,
		Tags:     []string{"correctness", "auth", "react"},
		Doc: Doc{
			Why: "Plain `ConvexProvider` never asks for an access token: the Convex client stays anonymous, " +
				"`ctx.auth.getUserIdentity()` returns null in every function, and `useConvexAuth()` reports " +
				"signed out forever, however the user signed in with AuthKit. An app that renders " +
				"`AuthKitProvider` and calls Convex hooks needs the auth-aware provider: " +
				"`ConvexProviderWithAuthKit` from `@convex-dev/workos` in React apps, or " +
				"`ConvexProviderWithAuth` with an adapter over `@workos-inc/authkit-nextjs/components` in Next.js.\n\n" +
				"Not reported when the app wires auth by hand (`client.setAuth(...)` anywhere in the app), or " +
				"also renders an auth-aware Convex provider.",
			Bad: "<AuthKitProvider clientId={clientId} redirectUri={redirectUri}>\n" +
				"  <ConvexProvider client={convex}>\n" +
				"    <App />\n" +
				"  </ConvexProvider>\n" +
				"</AuthKitProvider>\n",
			Good: "<AuthKitProvider clientId={clientId} redirectUri={redirectUri}>\n" +
				"  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n" +
				"    <App />\n" +
				"  </ConvexProviderWithAuthKit>\n" +
				"</AuthKitProvider>\n",
			Lang:  "tsx",
			Guide: "Client Setup: wrap the app in ConvexProviderWithAuthKit (React) or ConvexProviderWithAuth with an AuthKit adapter (Next.js) inside AuthKitProvider.",
		},
		CheckProject: checkMissingConvexAuthProvider,
	})
}

// wkConvexHookModules are the packages whose use* hooks talk to Convex.
var wkConvexHookModules = []string{wkConvexReact, "convex-helpers/react", "convex-helpers/react/cache",
	"convex-helpers/react/cache/hooks", wkConvexReactQuery}

func checkMissingConvexAuthProvider(c *ProjectContext) {
	g := GraphOf(c.Project)
	for _, app := range wkApps(g) {
		var authKit, plain []*Element
		withAuth, usesConvex := false, false
		for _, ff := range app.files {
			for _, el := range ff.Elements {
				switch {
				case el.Is("AuthKitProvider", wkWorkOSAuthModules...):
					authKit = append(authKit, el)
				case el.Is("ConvexProvider", wkConvexReact):
					plain = append(plain, el)
				case strings.Contains(el.TagName, "ConvexProviderWith") || wkImportedName(el, "ConvexProviderWith"):
					// ConvexProviderWithAuth, …WithAuthKit, …WithClerk, …WithAuth0: any auth-aware
					// provider, whatever the package.
					withAuth = true
				}
			}
			for _, comp := range ff.Components {
				for _, h := range comp.Hooks {
					if imp, ok := h.Origin(); ok && hasModule(imp.Module, wkConvexHookModules) {
						usesConvex = true
					}
				}
			}
			for _, s := range wkImportsOf(ff) {
				if s.module == wkConvexReactQuery && (s.name == "convexQuery" || s.name == "convexAction") {
					usesConvex = true
				}
			}
		}
		if len(authKit) == 0 || len(plain) == 0 || withAuth || !usesConvex || wkSetsAuth(c.Project, app) {
			continue
		}
		kit := authKit[0]
		fix := "ConvexProviderWithAuthKit from " + wkConvexWorkOS + " with useAuth from " + wkAuthKitReact
		if app.isNext() || kit.Is("AuthKitProvider", wkAuthKitNext) {
			fix = "ConvexProviderWithAuth from convex/react with an adapter hook over " + wkAuthKitNext
		}
		for _, el := range plain {
			c.Report(el.Owner.File, el.Start, el.End, fmt.Sprintf(
				"this app renders AuthKitProvider (%s) and calls Convex hooks, but provides Convex with plain "+
					"ConvexProvider, which never sends an access token (ctx.auth stays empty): use %s",
				kit.Owner.File.Rel, fix),
				WithRelated(kit.Owner.File, kit.Start, kit.End, "AuthKitProvider"))
		}
	}
}

// wkImportedName reports a tag imported under an exported name starting with prefix.
func wkImportedName(el *Element, prefix string) bool {
	imp, ok := el.Owner.Facts.Imports.Resolve(el.JSX.TagOrNil)
	return ok && strings.HasPrefix(imp.Name, prefix)
}

// wkSetsAuth reports a `.setAuth(` call in any JS file of the app's package: auth wired by
// hand, which the rule cannot follow and so trusts.
func wkSetsAuth(p *project.Project, app *wkApp) bool {
	for _, f := range p.Files {
		if f.Kind != project.KindJS || f.Root != app.root {
			continue
		}
		if src, err := f.Content(); err == nil && strings.Contains(src, ".setAuth(") {
			return true
		}
	}
	for _, ff := range app.files {
		if src, err := ff.File.Content(); err == nil && strings.Contains(src, ".setAuth(") {
			return true
		}
	}
	return false
}
