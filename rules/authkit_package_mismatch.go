package rules

import (
	"fmt"
	"sort"
	"strings"

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

// ---- apps and imports, shared by the app-level rules ----

// wkApp is one app: a project root's files that import Convex or WorkOS packages, and those of
// library packages whose components it renders.
type wkApp struct {
	root  *project.Root
	files []*FileFacts
}

func (a *wkApp) isNext() bool { return a.root.Deps["next"] }
func (a *wkApp) isVite() bool { return a.root.Deps["vite"] && !a.root.Deps["next"] }

// wkApps groups the graph's seeds into apps, sorted by root directory. Files of packages that
// are not apps themselves (no next or vite dependency) also join every app that renders one
// of their components.
func wkApps(g *Graph) []*wkApp {
	byRoot := map[*project.Root]*wkApp{}
	app := func(r *project.Root) *wkApp {
		if byRoot[r] == nil {
			byRoot[r] = &wkApp{root: r}
		}
		return byRoot[r]
	}
	for _, ff := range g.Seeds() {
		if ff.File.Root != nil {
			app(ff.File.Root).files = append(app(ff.File.Root).files, ff)
		}
	}
	if len(byRoot) > 1 {
		for _, ff := range g.Seeds() {
			r := ff.File.Root
			if r == nil || r.Deps["next"] || r.Deps["vite"] || !wkAppRelevant(ff) {
				continue
			}
			joined := map[*project.Root]bool{}
			for _, c := range ff.Components {
				if c.IsHook {
					continue
				}
				for _, site := range g.RenderSites(c) {
					if sr := site.Owner.File.Root; sr != nil && sr != r && !joined[sr] {
						joined[sr] = true
						app(sr).files = append(app(sr).files, ff)
					}
				}
			}
		}
	}
	var out []*wkApp
	for _, a := range byRoot {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].root.Dir < out[j].root.Dir })
	return out
}

// wkAppRelevant bounds the render-site searches of wkApps (a text scan of the project each) to
// library files that matter to the app-level rules: those importing AuthKit or
// @convex-dev/workos, or rendering a Convex provider.
func wkAppRelevant(ff *FileFacts) bool {
	src, err := ff.File.Content()
	return err == nil && (strings.Contains(src, "@workos-inc/") || strings.Contains(src, wkConvexWorkOS) ||
		strings.Contains(src, "ConvexProvider"))
}

// wkImportSite is one imported (or re-exported) name with its location.
type wkImportSite struct {
	file             *project.File
	module, name     string // name is the exported name: "default", "*" for namespaces
	start, end       int    // the name as written in the import
	modStart, modEnd int    // the module string, quotes included
}

// wkImportsOf lists a file's imports and `export … from` re-exports.
func wkImportsOf(ff *FileFacts) []wkImportSite {
	tree := ff.Tree
	var out []wkImportSite
	modRange := func(i uint32) (int, int) {
		if int(i) < len(tree.ImportRecords) {
			r := tree.ImportRecords[i].Range
			return int(r.Loc.Start), int(r.Loc.Start + r.Len)
		}
		return 0, 0
	}
	items := func(mod string, ms, me int, list []shim.ClauseItem, reexport bool) {
		for _, it := range list {
			name := it.Alias
			if reexport {
				name = it.OriginalName
			}
			s := int(it.AliasLoc.Start)
			if reexport {
				s = int(it.Name.Loc.Start)
			}
			out = append(out, wkImportSite{ff.File, mod, name, s, s + len(name), ms, me})
		}
	}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SImport:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				ms, me := modRange(s.ImportRecordIndex)
				if s.DefaultName != nil {
					n := len(shim.SymbolName(tree, s.DefaultName.Ref))
					out = append(out, wkImportSite{ff.File, mod, "default", int(s.DefaultName.Loc.Start), int(s.DefaultName.Loc.Start) + n, ms, me})
				}
				if s.StarNameLoc != nil {
					out = append(out, wkImportSite{ff.File, mod, "*", ms, me, ms, me})
				}
				if s.Items != nil {
					items(mod, ms, me, *s.Items, false)
				}
				if s.DefaultName == nil && s.StarNameLoc == nil && (s.Items == nil || len(*s.Items) == 0) {
					out = append(out, wkImportSite{ff.File, mod, "", ms, me, ms, me}) // import "x"
				}
			case *shim.SExportFrom:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				ms, me := modRange(s.ImportRecordIndex)
				items(mod, ms, me, s.Items, true)
			case *shim.SExportStar:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				ms, me := modRange(s.ImportRecordIndex)
				out = append(out, wkImportSite{ff.File, mod, "*", ms, me, ms, me})
			}
		}
	}
	return out
}

// wkSDK names the AuthKit SDK a module belongs to: "react", "nextjs", or "".
func wkSDK(module string) string {
	switch {
	case module == wkAuthKitReact || strings.HasPrefix(module, wkAuthKitReact+"/"):
		return "react"
	case module == "@workos-inc/authkit-nextjs" || strings.HasPrefix(module, "@workos-inc/authkit-nextjs/"):
		return "nextjs"
	}
	return ""
}

func checkAuthKitPackageMismatch(c *ProjectContext) {
	g := GraphOf(c.Project)
	seen := map[string]bool{}
	report := func(f *project.File, start, end int, msg string, opts ...Option) {
		key := fmt.Sprintf("%s:%d:%s", f.Path, start, msg)
		if !seen[key] {
			seen[key] = true
			c.Report(f, start, end, msg, opts...)
		}
	}
	for _, app := range wkApps(g) {
		var sites []wkImportSite
		for _, ff := range app.files {
			sites = append(sites, wkImportsOf(ff)...)
		}
		// Providers decide the app's SDK; hooks from the other SDK are the mismatch.
		providerSDK := map[string]*wkImportSite{}
		for i := range sites {
			s := &sites[i]
			if s.name == "AuthKitProvider" && (s.module == wkAuthKitReact || s.module == wkAuthKitNext) {
				if providerSDK[wkSDK(s.module)] == nil {
					providerSDK[wkSDK(s.module)] = s
				}
			}
		}
		// In a Vite app a Next.js provider is the wrong half: the Vite check below reports it.
		if len(providerSDK) == 1 && !(app.isVite() && providerSDK["nextjs"] != nil) {
			for sdk, prov := range providerSDK {
				for _, s := range sites {
					other := wkSDK(s.module)
					if other == "" || other == sdk || !IsHookName(s.name) || app.isVite() && other == "nextjs" {
						continue // (the Vite check below reports the Next.js SDK in a Vite app)
					}
					report(s.file, s.start, s.end, fmt.Sprintf(
						"%s is imported from %s, but this app's AuthKitProvider comes from %s (%s): the hook reads "+
							"another SDK's context and throws \"%s must be used within an AuthKitProvider\"; import it from %s",
						s.name, s.module, prov.module, prov.file.Rel, s.name, prov.module),
						WithRelated(prov.file, prov.start, prov.end, "AuthKitProvider of this app"))
				}
			}
		}
		for _, s := range sites {
			switch {
			case app.isNext() && s.name == "ConvexProviderWithAuthKit" && s.module == wkConvexWorkOS:
				report(s.file, s.start, s.end, fmt.Sprintf(
					"ConvexProviderWithAuthKit is built on %s, but %s is a Next.js app: use ConvexProviderWithAuth "+
						"from convex/react with an adapter hook over useAuth and useAccessToken of %s",
					wkAuthKitReact, wkRootName(app.root), wkAuthKitNext))
			case app.isVite() && wkSDK(s.module) == "nextjs":
				report(s.file, s.modStart, s.modEnd, fmt.Sprintf(
					"%s is the Next.js SDK (cookie sessions, middleware, route handlers), but %s is a Vite app: use "+
						"%s with ConvexProviderWithAuthKit from %s",
					s.module, wkRootName(app.root), wkAuthKitReact, wkConvexWorkOS))
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
