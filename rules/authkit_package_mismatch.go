package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "authkit-package-mismatch",
		Title:    "AuthKit packages mixed within one app",
		Severity: Error,
		Tags:     []string{"correctness", "auth", "config"},
		Doc: Doc{
			Why: "WorkOS ships one AuthKit SDK per platform, each with its own React context: " +
				"`@workos-inc/authkit-react` for client-side React apps (Vite and the like) and " +
				"`@workos-inc/authkit-nextjs` for Next.js (server sessions in cookies, middleware, " +
				"`@workos-inc/authkit-nextjs/components` on the client). Mixing them breaks at runtime:\n\n" +
				"- a hook (`useAuth`, `useAccessToken`) from one package under the `AuthKitProvider` of the other " +
				"finds no provider and throws \"useAuth must be used within an AuthKitProvider\";\n" +
				"- `ConvexProviderWithAuthKit` (`@convex-dev/workos`) is built on `@workos-inc/authkit-react`; a " +
				"Next.js app signs in with the Next.js SDK, so Convex must get an adapter over " +
				"`@workos-inc/authkit-nextjs/components` through `ConvexProviderWithAuth`;\n" +
				"- `@workos-inc/authkit-nextjs` needs Next.js (route handlers, middleware, `next/headers`) and " +
				"does not work in a Vite app.\n\n" +
				"An app is one package (the directory of a package.json) together with the components it " +
				"renders from other packages; Next.js and Vite apps are told apart by their dependencies.",
			Bad: "// app/layout.tsx (Next.js)\n" +
				"import { AuthKitProvider } from \"@workos-inc/authkit-nextjs/components\";\n" +
				"// components/UserMenu.tsx\n" +
				"import { useAuth } from \"@workos-inc/authkit-react\";\n",
			Good: "// app/layout.tsx (Next.js)\n" +
				"import { AuthKitProvider } from \"@workos-inc/authkit-nextjs/components\";\n" +
				"// components/UserMenu.tsx\n" +
				"import { useAuth } from \"@workos-inc/authkit-nextjs/components\";\n",
			Lang:  "tsx",
			Guide: "Client Setup: React (Vite) uses @workos-inc/authkit-react with ConvexProviderWithAuthKit; Next.js App Router uses @workos-inc/authkit-nextjs/components with ConvexProviderWithAuth.",
		},
		CheckProject: checkAuthKitPackageMismatch,
	})
}

func checkAuthKitPackageMismatch(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	seen := map[string]bool{}
	report := func(f *project.File, start, end int, msg string, opts ...Option) {
		key := fmt.Sprintf("%s:%d:%s", f.Path, start, msg)
		if !seen[key] {
			seen[key] = true
			c.Report(f, start, end, msg, opts...)
		}
	}
	for _, app := range analysis.Apps(g) {
		var sites []analysis.ImportSite
		for _, ff := range app.Files {
			sites = append(sites, analysis.ImportSitesOf(ff)...)
		}
		// Providers decide the app's SDK; hooks from the other SDK are the mismatch.
		providerSDK := map[string]*analysis.ImportSite{}
		for i := range sites {
			s := &sites[i]
			if s.Name == "AuthKitProvider" && (s.Module == analysis.AuthKitReact || s.Module == analysis.AuthKitNextComponents) {
				if providerSDK[analysis.SDK(s.Module)] == nil {
					providerSDK[analysis.SDK(s.Module)] = s
				}
			}
		}
		// In a Vite app a Next.js provider is the wrong half: the Vite check below reports it.
		if len(providerSDK) == 1 && !(app.IsVite() && providerSDK["nextjs"] != nil) {
			for sdk, prov := range providerSDK {
				for _, s := range sites {
					other := analysis.SDK(s.Module)
					if other == "" || other == sdk || !analysis.IsHookName(s.Name) || app.IsVite() && other == "nextjs" {
						continue // (the Vite check below reports the Next.js SDK in a Vite app)
					}
					report(s.File, s.Start, s.End, fmt.Sprintf(
						"%s is imported from %s, but this app's AuthKitProvider comes from %s (%s): the hook reads "+
							"another SDK's context and throws \"%s must be used within an AuthKitProvider\"; import it from %s",
						s.Name, s.Module, prov.Module, prov.File.Rel, s.Name, prov.Module),
						WithRelated(prov.File, prov.Start, prov.End, "AuthKitProvider of this app"))
				}
			}
		}
		for _, s := range sites {
			switch {
			case app.IsNext() && s.Name == "ConvexProviderWithAuthKit" && s.Module == analysis.ConvexWorkOS:
				report(s.File, s.Start, s.End, fmt.Sprintf(
					"ConvexProviderWithAuthKit is built on %s, but %s is a Next.js app: use ConvexProviderWithAuth "+
						"from convex/react with an adapter hook over useAuth and useAccessToken of %s",
					analysis.AuthKitReact, wkRootName(app.Root), analysis.AuthKitNextComponents))
			case app.IsVite() && analysis.SDK(s.Module) == "nextjs":
				report(s.File, s.ModStart, s.ModEnd, fmt.Sprintf(
					"%s is the Next.js SDK (cookie sessions, middleware, route handlers), but %s is a Vite app: use "+
						"%s with ConvexProviderWithAuthKit from %s",
					s.Module, wkRootName(app.Root), analysis.AuthKitReact, analysis.ConvexWorkOS))
			}
		}
	}
}

// wkRootName names an app for messages: its package.json name, else its directory.
func wkRootName(r *project.Root) string {
	if r.Package != nil {
		if v, ok := r.Package.Get("name"); ok {
			if s, ok := v.Data.(*shim.EString); ok && shim.StringValue(s) != "" {
				return "\"" + shim.StringValue(s) + "\""
			}
		}
		return "the app in " + r.Package.Rel
	}
	return "this app"
}
