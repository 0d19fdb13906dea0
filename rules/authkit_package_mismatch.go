package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
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
				"- `ConvexProviderWithAuthKit` (`@convex-dev/workos`) only calls the `useAuth` hook it is given " +
				"and reads `{isLoading, user, getAccessToken}` from it. Given authkit-react's own `useAuth` in a " +
				"Next.js app that signs in with `@workos-inc/authkit-nextjs` (and has no authkit-react " +
				"`AuthKitProvider`), that hook never sees the session: give it a local adapter over " +
				"`useAuth`/`useAccessToken` of `@workos-inc/authkit-nextjs/components` returning that shape, or " +
				"use `ConvexProviderWithAuth` with an adapter;\n" +
				"- `@workos-inc/authkit-nextjs` needs Next.js (route handlers, middleware, `next/headers`) and " +
				"does not work in a Vite app.\n\n" +
				"Not reported: a Next.js app that signs in client-side with authkit-react alone (its " +
				"`AuthKitProvider` and `useAuth` with `ConvexProviderWithAuthKit`), and apps on vinext " +
				"(Next.js's API on Vite, which runs authkit-nextjs), with or without a `next` dependency. " +
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
		// Reported at imports of an AuthKit SDK module or of @convex-dev/workos, whose specifiers the file spells out.
		Triggers:     []string{"@workos-inc/authkit-", analysis.ConvexWorkOS},
		CheckProject: checkAuthKitPackageMismatch,
	})
}

func checkAuthKitPackageMismatch(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	if c.Project.Narrow() && !slices.ContainsFunc(c.Project.Targets, func(f *project.File) bool { return mismatchPossible(g, f) }) {
		return // the apps need every file of their packages; the linted ones cannot hold a finding
	}
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
		// Only imports of an AuthKit SDK and of ConvexProviderWithAuthKit are judged.
		for _, ff := range app.Files("@workos-inc/", "@workos/", "ConvexProviderWithAuth") {
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
		viteOnly := app.IsVite() && !app.Root.Deps["vinext"]
		if len(providerSDK) == 1 && !(viteOnly && providerSDK["nextjs"] != nil) {
			for sdk, prov := range providerSDK {
				for _, s := range sites {
					other := analysis.SDK(s.Module)
					if other == "" || other == sdk || !analysis.IsHookName(s.Name) || viteOnly && other == "nextjs" {
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
		nextLike := isNextLike(app.Root)
		reactHookInNext := nextLike && providerSDK["react"] == nil &&
			(providerSDK["nextjs"] != nil || app.Root.Deps[analysis.AuthKitNext]) && givesReactUseAuth(g, app)
		for _, s := range sites {
			switch {
			case reactHookInNext && s.Name == "ConvexProviderWithAuthKit" && s.Module == analysis.ConvexWorkOS:
				report(s.File, s.Start, s.End, fmt.Sprintf(
					"ConvexProviderWithAuthKit is given useAuth of %s, but %s signs in with %s, whose session that "+
						"hook never sees: pass an adapter hook over useAuth and useAccessToken of %s that returns "+
						"{isLoading, user, getAccessToken}, or use ConvexProviderWithAuth from convex/react with one",
					analysis.AuthKitReact, wkRootName(app.Root), analysis.AuthKitNext, analysis.AuthKitNextComponents))
			case viteOnly && analysis.SDK(s.Module) == "nextjs":
				use := analysis.AuthKitReact
				if usesConvex(c.Project, app.Root) {
					use += " with ConvexProviderWithAuthKit from " + analysis.ConvexWorkOS
				}
				report(s.File, s.ModStart, s.ModEnd, fmt.Sprintf(
					"%s is the Next.js SDK (cookie sessions, middleware, route handlers), but %s is a Vite app: use %s",
					s.Module, wkRootName(app.Root), use))
			}
		}
	}
}

// isNextLike reports a Next.js app, or one on vinext (Next.js's API on Vite, which runs
// authkit-nextjs) with or without a next dependency.
func isNextLike(r *project.Root) bool { return r.Deps["next"] || r.Deps["vinext"] }

// givesReactUseAuth reports whether one of the app's <ConvexProviderWithAuthKit> elements is
// given useAuth of authkit-react itself. A local adapter hook (over authkit-nextjs's useAuth
// and useAccessToken) is right: the provider only calls the hook it is given, whose shape
// workos-useauth-passed-to-convex checks.
func givesReactUseAuth(g *analysis.Graph, app *analysis.App) bool {
	for _, ff := range app.Files("ConvexProviderWithAuth") {
		for _, el := range ff.Elements {
			if !el.Is("ConvexProviderWithAuthKit", analysis.ConvexWorkOS) {
				continue
			}
			v, _, ok := el.Prop("useAuth")
			if !ok || v.Data == nil {
				continue
			}
			if imp, isPkg, _, _, _ := g.ResolveExpr(ff.File, ff.Imports, v); isPkg && imp.Name == "useAuth" && imp.Module == analysis.AuthKitReact {
				return true
			}
		}
	}
	return false
}

// mismatchPossible reports whether f has an import that the rule could report under one of the
// apps f belongs to: a hook of an SDK that the app has no AuthKitProvider of (with one, the app
// has that SDK's provider, alone or beside the other's: no finding), ConvexProviderWithAuthKit
// where the app may be a Next.js one, the Next.js SDK where it may be a Vite one. A package
// with neither next nor vite is a library whose files join the apps that render them: any
// kind, with any providers.
func mismatchPossible(g *analysis.Graph, f *project.File) bool {
	if f.Kind != project.KindJS || f.Root == nil {
		return false // not in any app
	}
	if src, err := f.Content(); err != nil || !strings.Contains(src, "@workos-inc/authkit-") && !strings.Contains(src, analysis.ConvexWorkOS) {
		return false
	}
	ff := g.Facts(f)
	if ff == nil {
		return false
	}
	deps := f.Root.Deps
	lib := !deps["next"] && !deps["vite"] && !deps["vinext"]
	mayBeNext, mayBeVite := isNextLike(f.Root) || lib, deps["vite"] && !isNextLike(f.Root) || lib
	sites := analysis.ImportSitesOf(ff)
	own := map[string]bool{}
	for _, s := range sites {
		if s.Name == "AuthKitProvider" && (s.Module == analysis.AuthKitReact || s.Module == analysis.AuthKitNextComponents) {
			own[analysis.SDK(s.Module)] = true
		}
	}
	need := map[string]bool{} // SDKs of hooks whose provider is not in f
	for _, s := range sites {
		sdk := analysis.SDK(s.Module)
		switch {
		case mayBeNext && s.Name == "ConvexProviderWithAuthKit" && s.Module == analysis.ConvexWorkOS,
			mayBeVite && sdk == "nextjs":
			return true
		case sdk != "" && analysis.IsHookName(s.Name) && !own[sdk]:
			if lib {
				return true
			}
			need[sdk] = true
		}
	}
	for sdk := range need {
		if !hasProvider(g, f.Root, sdk) {
			return true
		}
	}
	return false
}

// hasProvider reports whether a seed of root r imports the AuthKitProvider of an SDK, which
// then is one of the providers of r's app. The files where providers usually are (layouts,
// providers, the app's entry) are read first, and the search stops at the first found.
func hasProvider(g *analysis.Graph, r *project.Root, sdk string) bool {
	p := g.Project()
	likely := func(f *project.File) bool {
		base := strings.ToLower(filepath.Base(f.Path))
		for _, w := range []string{"layout", "provider", "app", "main", "root"} {
			if strings.Contains(base, w) {
				return true
			}
		}
		return false
	}
	for _, first := range []bool{true, false} {
		for _, f := range p.Files {
			if f.Kind != project.KindJS || f.Root != r || likely(f) != first {
				continue
			}
			src, err := f.Content()
			if err != nil || !parser.Contains(src, "AuthKitProvider") {
				continue
			}
			for _, ff := range g.SeedsOf([]*project.File{f}) {
				for _, s := range analysis.ImportSitesOf(ff) {
					if s.Name == "AuthKitProvider" && (s.Module == analysis.AuthKitReact || s.Module == analysis.AuthKitNextComponents) && analysis.SDK(s.Module) == sdk {
						return true
					}
				}
			}
		}
	}
	return false
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
