package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
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
				"`ConvexProviderWithAuth` with an adapter over `@workos-inc/authkit-nextjs/components` in Next.js, " +
				"and in TanStack Start `ConvexProviderWithAuth` in the router's `InnerWrap` with an adapter over " +
				"`useAuth`/`useAccessToken` of `@workos/authkit-tanstack-react-start/client` (0.11.0), as the " +
				"Convex TanStack + AuthKit template does; a plain `ConvexProvider` around " +
				"`convexQueryClient.convexClient` in `Wrap` is the mistake there. The SSR-only " +
				"`serverHttpClient?.setAuth(...)` of a TanStack root route's `beforeLoad` leaves the browser's " +
				"client anonymous and does not count as wiring auth.\n\n" +
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
		// Reported at <ConvexProvider> elements: Element.Is needs the name in the file.
		Triggers:     []string{"ConvexProvider"},
		CheckProject: checkMissingConvexAuthProvider,
	})
}

// wkConvexHookModules are the packages whose use* hooks talk to Convex.
var wkConvexHookModules = []string{analysis.ConvexReact, "convex-helpers/react", "convex-helpers/react/cache",
	"convex-helpers/react/cache/hooks", analysis.ConvexReactQuery}

func checkMissingConvexAuthProvider(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	if c.Project.Narrow() && !slices.ContainsFunc(c.Project.Targets, func(f *project.File) bool { return rendersPlainProvider(g, f) }) {
		return // the apps need every file of their packages; the linted ones render no ConvexProvider
	}
	for _, app := range analysis.Apps(g) {
		authKit, plain, withAuth := appConvexProviders(app)
		if len(authKit) == 0 || len(plain) == 0 || withAuth || !appUsesConvex(app) || wkSetsAuth(c.Project, app) {
			continue
		}
		kit := authKit[0]
		fix := "ConvexProviderWithAuthKit from " + analysis.ConvexWorkOS + " with useAuth from " + analysis.AuthKitReact
		if app.IsNext() || kit.Is("AuthKitProvider", analysis.AuthKitNextComponents) {
			fix = "ConvexProviderWithAuth from convex/react with an adapter hook over " + analysis.AuthKitNextComponents
		}
		if kit.Is("AuthKitProvider", analysis.AuthKitTanStackClient) {
			fix = "ConvexProviderWithAuth from convex/react, inside AuthKitProvider (the router's InnerWrap), with an " +
				"adapter hook over useAuth and useAccessToken of " + analysis.AuthKitTanStackClient
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

// appConvexProviders lists an app's AuthKitProvider and plain ConvexProvider elements, and
// says whether it renders an auth-aware Convex provider.
func appConvexProviders(app *analysis.App) (authKit, plain []*analysis.Element, withAuth bool) {
	for _, ff := range app.Files("AuthKitProvider", "ConvexProvider") {
		for _, el := range ff.Elements {
			switch {
			case el.Is("AuthKitProvider", analysis.WorkOSAuthModules...):
				authKit = append(authKit, el)
			case el.Is("ConvexProvider", analysis.ConvexReact):
				plain = append(plain, el)
			case strings.Contains(el.TagName, "ConvexProviderWith") || wkImportedName(el, "ConvexProviderWith"):
				// ConvexProviderWithAuth, …WithAuthKit, …WithClerk, …WithAuth0: any auth-aware
				// provider, whatever the package.
				withAuth = true
			}
		}
	}
	return authKit, plain, withAuth
}

// appUsesConvex reports whether the app calls Convex hooks at all. Files are parsed one at a
// time until one does (most Convex components do).
func appUsesConvex(app *analysis.App) bool {
	g := app.Graph()
	for _, f := range app.Sources {
		ff := g.Facts(f)
		if ff == nil {
			continue
		}
		for _, comp := range ff.Components {
			for _, h := range comp.Hooks {
				if imp, ok := h.Origin(); ok && slices.Contains(wkConvexHookModules, imp.Module) {
					return true
				}
			}
		}
		for _, s := range analysis.ImportSitesOf(ff) {
			if s.Module == analysis.ConvexReactQuery && (s.Name == "convexQuery" || s.Name == "convexAction") {
				return true
			}
		}
	}
	return false
}

// anonymousConvexApp reports an app whose browser Convex client never authenticates: it
// renders only plain ConvexProvider and sets no auth by hand. Gating its queries on Convex's
// auth state would never let them run.
func anonymousConvexApp(p *project.Project, app *analysis.App) bool {
	_, plain, withAuth := appConvexProviders(app)
	return len(plain) > 0 && !withAuth && !wkSetsAuth(p, app)
}

// rendersPlainProvider reports a <ConvexProvider> of convex/react in f, the only element the
// rule reports at.
func rendersPlainProvider(g *analysis.Graph, f *project.File) bool {
	if src, err := f.Content(); f.Kind != project.KindJS || err != nil || !strings.Contains(src, "ConvexProvider") {
		return false
	}
	ff := g.Facts(f)
	return ff != nil && slices.ContainsFunc(ff.Elements, func(el *analysis.Element) bool {
		return el.Is("ConvexProvider", analysis.ConvexReact)
	})
}

// wkImportedName reports a tag imported under an exported name starting with prefix.
func wkImportedName(el *analysis.Element, prefix string) bool {
	imp, ok := el.Owner.Facts.Imports.Resolve(el.JSX.TagOrNil)
	return ok && strings.HasPrefix(imp.Name, prefix)
}

// wkSetsAuth reports a `.setAuth(` call in any JS file of the app's package: auth wired by
// hand, which the rule cannot follow and so trusts. TanStack Start apps' SSR-only
// `convexQueryClient.serverHttpClient?.setAuth(token)` leaves the browser's client anonymous
// and does not count.
func wkSetsAuth(p *project.Project, app *analysis.App) bool {
	setsAuth := func(f *project.File) bool {
		src, err := f.Content()
		if err != nil || !parser.Contains(src, ".setAuth(") {
			return false
		}
		rest := strings.NewReplacer("serverHttpClient?.setAuth(", "", "serverHttpClient.setAuth(", "", "serverHttpClient!.setAuth(", "").Replace(src)
		return parser.Contains(rest, ".setAuth(")
	}
	for _, f := range p.Files {
		if f.Kind == project.KindJS && f.Root == app.Root && setsAuth(f) {
			return true
		}
	}
	for _, f := range app.Sources {
		if setsAuth(f) {
			return true
		}
	}
	return false
}
