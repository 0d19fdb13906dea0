package analysis

// The packages the client rules know, and the apps of a project: a root's files that import
// Convex or WorkOS packages, with their imports.

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// ---- vocabulary shared by the client rules ----

const (
	AuthKitReact          = "@workos-inc/authkit-react"
	AuthKitNext           = "@workos-inc/authkit-nextjs"
	AuthKitNextComponents = "@workos-inc/authkit-nextjs/components"
	ConvexReact           = "convex/react"
	ConvexWorkOS          = "@convex-dev/workos"
	ConvexReactQuery      = "@convex-dev/react-query"
	TanstackQuery         = "@tanstack/react-query"
)

// WorkOSAuthModules export WorkOS's client useAuth (and AuthKitProvider).
var WorkOSAuthModules = []string{AuthKitReact, AuthKitNextComponents, AuthKitTanStackClient}

// ---- apps and imports, shared by the app-level rules ----

// App is one app: a project root's files that import Convex or WorkOS packages, and those of
// library packages whose components it renders.
type App struct {
	Root *project.Root
	// Sources are those files, unparsed, in path order (library files after the app's own).
	Sources []*project.File
	g       *Graph
}

// Graph is the graph the app's files belong to.
func (a *App) Graph() *Graph { return a.g }

// IsNext reports a Next.js app.
func (a *App) IsNext() bool { return a.Root.Deps["next"] }

// IsVite reports a Vite app (and not a Next.js one).
func (a *App) IsVite() bool { return a.Root.Deps["vite"] && !a.Root.Deps["next"] }

// Files are the facts of the app's Sources whose text holds one of words (textWords; every
// source when none is given), parsed in the pool on first use: a check that looks only at
// elements or imports named by the words need not parse the app's other components.
func (a *App) Files(words ...string) []*FileFacts {
	if len(words) == 0 {
		return a.g.FactsOf(a.Sources)
	}
	var files []*project.File
	for _, f := range a.Sources {
		if slices.ContainsFunc(words, func(w string) bool { return mentions(f, w) }) {
			files = append(files, f)
		}
	}
	return a.g.FactsOf(files)
}

// Apps groups the graph's seeds into apps, sorted by root directory, without parsing them.
// Files of packages that are not apps themselves (no framework dependency, see
// project.Frameworks) also join every app that renders one of their components.
func Apps(g *Graph) []*App {
	byRoot := map[*project.Root]*App{}
	app := func(r *project.Root) *App {
		if byRoot[r] == nil {
			byRoot[r] = &App{Root: r, g: g}
		}
		return byRoot[r]
	}
	p := g.Project()
	if p == nil {
		return nil
	}
	seeds := g.SeedFiles(p.Files)
	for _, f := range seeds {
		if f.Root != nil {
			app(f.Root).Sources = append(app(f.Root).Sources, f)
		}
	}
	if len(byRoot) > 1 {
		for _, f := range seeds {
			r := f.Root
			if r == nil || r.Framework() != "" || !appRelevant(f) {
				continue
			}
			ff := g.Facts(f)
			if ff == nil {
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
						app(sr).Sources = append(app(sr).Sources, f)
					}
				}
			}
		}
	}
	var out []*App
	for _, a := range byRoot {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root.Dir < out[j].Root.Dir })
	return out
}

// appRelevant bounds the render-site searches of Apps (a text scan of the project each) to
// library files that matter to the app-level rules: those importing AuthKit or
// @convex-dev/workos, or rendering a Convex provider.
func appRelevant(f *project.File) bool {
	src, err := f.Content()
	return err == nil && (strings.Contains(src, "@workos-inc/") || strings.Contains(src, "@workos/") || strings.Contains(src, ConvexWorkOS) ||
		strings.Contains(src, "ConvexProvider"))
}

// ImportSite is one imported (or re-exported) name with its location.
type ImportSite struct {
	File             *project.File
	Module, Name     string // name is the exported name: "default", "*" for namespaces
	Start, End       int    // the name as written in the import
	ModStart, ModEnd int    // the module string, quotes included
}

// ImportSitesOf lists a file's imports and `export … from` re-exports.
func ImportSitesOf(ff *FileFacts) []ImportSite {
	tree := ff.Tree
	var out []ImportSite
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
			out = append(out, ImportSite{ff.File, mod, name, s, s + len(name), ms, me})
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
					out = append(out, ImportSite{ff.File, mod, "default", int(s.DefaultName.Loc.Start), int(s.DefaultName.Loc.Start) + n, ms, me})
				}
				if s.StarNameLoc != nil {
					out = append(out, ImportSite{ff.File, mod, "*", ms, me, ms, me})
				}
				if s.Items != nil {
					items(mod, ms, me, *s.Items, false)
				}
				if s.DefaultName == nil && s.StarNameLoc == nil && (s.Items == nil || len(*s.Items) == 0) {
					out = append(out, ImportSite{ff.File, mod, "", ms, me, ms, me}) // import "x"
				}
			case *shim.SExportFrom:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				ms, me := modRange(s.ImportRecordIndex)
				items(mod, ms, me, s.Items, true)
			case *shim.SExportStar:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				ms, me := modRange(s.ImportRecordIndex)
				out = append(out, ImportSite{ff.File, mod, "*", ms, me, ms, me})
			}
		}
	}
	return out
}

// SDK names the AuthKit SDK a module belongs to: "react", "nextjs", or "".
func SDK(module string) string {
	switch {
	case module == AuthKitReact || strings.HasPrefix(module, AuthKitReact+"/"):
		return "react"
	case module == AuthKitNext || strings.HasPrefix(module, AuthKitNext+"/"):
		return "nextjs"
	}
	return ""
}

// IsViteRoot reports a Vite app: vite in its dependencies or a vite.config file.
func IsViteRoot(p *project.Project, r *project.Root) bool {
	if r == nil {
		return false
	}
	return r.Deps["vite"] || ViteConfig(p, r) != nil
}

// ViteConfig is the root's vite.config file, nil when it has none.
func ViteConfig(p *project.Project, r *project.Root) *project.File {
	for _, ext := range []string{".ts", ".js", ".mts", ".mjs", ".cts", ".cjs"} {
		if f := p.File(filepath.Join(r.Dir, "vite.config"+ext)); f != nil {
			return f
		}
	}
	return nil
}
