package analysis

// Next.js App Router facts for the Next.js rules, computed once per project root and kept in
// the root's Memo: the app directory and its routes, how its imports resolve, the
// middleware/proxy file (where Next.js loads it from, its AuthKit call and config.matcher) and
// the uses of authkit-nextjs. Matchers are evaluated in nextjs_matcher.go, redirect URIs are
// collected in nextjs_redirects.go.

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// NextApp is the Next.js facts of one project root.
type NextApp struct {
	proj      *project.Project
	Root      *project.Root
	AppDir    string // absolute; "" when the root has no app directory
	SrcDir    string // where middleware/proxy must live: the parent of the app directory
	NextMajor int    // major version of next in package.json; 0 when unknown
	Routes    []*Route
	legacy    []*Route // pages/ routes
	config    *project.File

	mwOnce sync.Once
	mw     *Middleware

	misplacedOnce sync.Once
	misplaced     []*project.File

	usesOnce sync.Once
	uses     []AuthKitUse

	redirectOnce     sync.Once
	redirects        []RedirectURI
	redirectsPartial bool
}

type nextAppKey struct{}

// NextAppOf returns the Next.js facts of a root, computed once per run (in the root's Memo);
// nil when the root is not a Next.js app (no `next` dependency).
func NextAppOf(p *project.Project, root *project.Root) *NextApp {
	if p == nil || root == nil || !root.Deps["next"] {
		return nil
	}
	return root.Memo(nextAppKey{}, func() any { return newNextApp(p, root) }).(*NextApp)
}

// NextApps are the project's App Router apps: the roots with a `next` dependency and an app
// directory, in root order.
func NextApps(p *project.Project) []*NextApp {
	var out []*NextApp
	for _, root := range p.Roots {
		if a := NextAppOf(p, root); a != nil && a.AppDir != "" {
			out = append(out, a)
		}
	}
	return out
}

// NextAppFor is the app holding file f, nil when f is outside a Next.js app directory's root.
func NextAppFor(p *project.Project, f *project.File) *NextApp {
	return NextAppOf(p, f.Root)
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func newNextApp(p *project.Project, root *project.Root) *NextApp {
	a := &NextApp{proj: p, Root: root, SrcDir: root.Dir}
	// Next.js uses app/ when it exists, else src/app/; middleware sits beside it.
	for _, dir := range []string{root.Dir, filepath.Join(root.Dir, "src")} {
		if isDir(filepath.Join(dir, "app")) {
			a.AppDir, a.SrcDir = filepath.Join(dir, "app"), dir
			break
		}
	}
	pagesDir := ""
	for _, dir := range []string{root.Dir, filepath.Join(root.Dir, "src")} {
		if isDir(filepath.Join(dir, "pages")) {
			pagesDir = filepath.Join(dir, "pages")
			if a.AppDir == "" {
				a.SrcDir = dir
			}
			break
		}
	}
	if v, ok := root.Package.Get("dependencies", "next"); ok {
		a.NextMajor = majorVersion(v)
	} else if v, ok := root.Package.Get("devDependencies", "next"); ok {
		a.NextMajor = majorVersion(v)
	}
	for _, ext := range []string{".js", ".mjs", ".ts", ".cjs", ".mts"} {
		if f := p.File(filepath.Join(root.Dir, "next.config"+ext)); f != nil {
			a.config = f
			break
		}
	}
	sep := string(filepath.Separator)
	for _, f := range p.Files {
		if f.Kind != project.KindJS {
			continue
		}
		if a.AppDir != "" && strings.HasPrefix(f.Path, a.AppDir+sep) {
			if r, ok := RouteOf(a.AppDir, f); ok {
				a.Routes = append(a.Routes, r)
			}
		} else if pagesDir != "" && strings.HasPrefix(f.Path, pagesDir+sep) {
			if r, ok := legacyRouteOf(pagesDir, f); ok {
				a.legacy = append(a.legacy, r)
			}
		}
	}
	return a
}

// majorVersion reads the major version of a plain version or ^/~ range ("^15.2.0", "16", "15.x");
// 0 for anything else (latest, canary, workspace:*, >=14).
func majorVersion(v shim.Expr) int {
	s, ok := parser.String(v)
	if !ok {
		return 0
	}
	s = strings.TrimLeft(strings.TrimSpace(s), "^~v=")
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 || end < len(s) && s[end] != '.' {
		return 0
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

// sourceFiles are the root's JS files that are not tests.
func (a *NextApp) sourceFiles() iter.Seq[*project.File] {
	return func(yield func(*project.File) bool) {
		for _, f := range a.proj.Files {
			if f.Kind == project.KindJS && f.Root == a.Root && !IsTestPath(f.Path) && !yield(f) {
				return
			}
		}
	}
}

// Rel is a path relative to the root, slash-separated, for messages.
func (a *NextApp) Rel(path string) string {
	r, err := filepath.Rel(a.Root.Dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// RouteFileFor is where a new route file for path would go: "src/app/callback/route.ts".
func (a *NextApp) RouteFileFor(path, file string) string {
	return a.Rel(filepath.Join(a.AppDir, filepath.FromSlash(strings.Trim(path, "/")), file))
}

// RoutesAt are the app's pages and route handlers (and Pages Router files) that serve a
// concrete path, most specific first: the first is the one Next.js runs.
func (a *NextApp) RoutesAt(path string) []*Route {
	var out []*Route
	for _, rs := range [][]*Route{a.Routes, a.legacy} {
		for _, r := range rs {
			if r.Kind != RouteLayout && r.Matches(path) {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return slices.Compare(out[i].specificity(), out[j].specificity()) < 0
	})
	return out
}

// ConfigMayRoute reports whether next.config could send path elsewhere: a basePath, or
// rewrites/redirects that name the path or use a wildcard. Such paths are Unknown.
func (a *NextApp) ConfigMayRoute(path string) bool {
	if a.config == nil {
		return false
	}
	src, err := a.config.Content()
	if err != nil {
		return true
	}
	if strings.Contains(src, "basePath") || strings.Contains(src, "'"+path) || strings.Contains(src, `"`+path) || strings.Contains(src, "`"+path) {
		return true
	}
	if strings.Contains(src, "rewrites") || strings.Contains(src, "redirects") {
		return strings.Contains(src, ":path") || strings.Contains(src, "(.*)") || strings.Contains(src, "*'") ||
			strings.Contains(src, `*"`) || strings.Contains(src, "/:")
	}
	return false
}

// ---- module resolution ----

// ModKind classifies an import of a Next.js app's file.
type ModKind uint8

const (
	ModLocal   ModKind = iota // a file of the project
	ModPackage                // a third-party package, or next itself
	ModAuthKit                // @workos-inc/authkit-nextjs
	ModAsset                  // a stylesheet, image or JSON file
	ModUnknown                // a workspace package, or a path that does not resolve
)

// assetExts are imports that carry no code.
var assetExts = map[string]bool{
	".css": true, ".scss": true, ".sass": true, ".less": true, ".json": true, ".svg": true, ".png": true,
	".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".ico": true, ".woff": true,
	".woff2": true, ".ttf": true, ".otf": true, ".md": true, ".mdx": true, ".txt": true, ".wasm": true,
}

// Resolve classifies an import specifier of file from; project files are found by
// ResolveImport (relative paths, tsconfig/jsconfig paths and baseUrl).
func (a *NextApp) Resolve(from *project.File, spec string) (*project.File, ModKind) {
	if strings.HasPrefix(spec, AuthKitNext) {
		return nil, ModAuthKit
	}
	if assetExts[strings.ToLower(filepath.Ext(spec))] {
		return nil, ModAsset
	}
	if f := ResolveImport(a.proj, from, spec); f != nil {
		return f, ModLocal
	}
	if !isPackageSpec(spec) {
		return nil, ModUnknown // a path or an alias that does not resolve
	}
	return nil, a.packageKind(spec)
}

// nodeBuiltins are modules that cannot carry AuthKit.
var nodeBuiltins = map[string]bool{
	"crypto": true, "fs": true, "path": true, "url": true, "util": true, "buffer": true, "stream": true,
	"http": true, "https": true, "os": true, "events": true, "querystring": true, "zlib": true,
	"server-only": true, "client-only": true,
}

// packageKind tells a third-party package (listed with a registry version in this or an
// enclosing package.json) from a workspace package, which may wrap AuthKit: Unknown.
func (a *NextApp) packageKind(spec string) ModKind {
	name := spec
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		name = parts[0] + "/" + parts[1]
	} else {
		name = parts[0]
	}
	if name == "next" || strings.HasPrefix(spec, "node:") || nodeBuiltins[name] {
		return ModPackage
	}
	p := a.proj
	for _, r := range p.Roots {
		if n, ok := r.Package.Get("name"); ok {
			if s, _ := parser.String(n); s == name {
				return ModUnknown
			}
		}
	}
	for _, r := range a.Root.Chain() { // the app's package and the workspace roots listing it
		for _, section := range []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"} {
			v, ok := r.Package.Get(section, name)
			if !ok {
				continue
			}
			s, _ := parser.String(v)
			for _, local := range []string{"workspace:", "file:", "link:", "portal:"} {
				if strings.HasPrefix(s, local) {
					return ModUnknown
				}
			}
			return ModPackage
		}
	}
	return ModUnknown
}

// ---- middleware / proxy ----

// Middleware is the middleware (Next ≤ 15) or proxy (Next 16) file Next.js loads.
type Middleware struct {
	File  *project.File
	Proxy bool // proxy.* rather than middleware.*
	// ignored says why Next.js will not load it ("" when it does): proxy.ts on Next ≤ 15.
	Ignored string
	AuthKit Tri
	Calls   []AuthKitCall

	// matcherKnown is false when config.matcher is not a literal; hasMatcher is false when the
	// file exports no matcher, so that the middleware runs on every path.
	MatcherKnown bool
	HasMatcher   bool
	matchers     []matcher
	MatcherLoc   shim.Loc // the `matcher` key
}

// AuthKitCall is a call of authkitMiddleware, authkitProxy or authkit in the middleware or
// a module it imports.
type AuthKitCall struct {
	Module *Module
	Call   *shim.ECall
	Name   string
}

type matcher struct {
	source      string
	re          *JSRegexp
	conditional bool // has/missing conditions: matches only some requests
}

var middlewareExts = []string{".ts", ".js", ".tsx", ".jsx", ".mts", ".mjs"}

// Middleware returns the middleware/proxy file in its right place, nil when there is none.
func (a *NextApp) Middleware() *Middleware {
	a.mwOnce.Do(func() {
		if a.AppDir == "" {
			return
		}
		p := a.proj
		for _, name := range []string{"middleware", "proxy"} {
			for _, ext := range middlewareExts {
				f := p.File(filepath.Join(a.SrcDir, name+ext))
				if f == nil || f.Kind != project.KindJS {
					continue
				}
				mw := &Middleware{File: f, Proxy: name == "proxy"}
				if mw.Proxy && a.NextMajor > 0 && a.NextMajor < 16 {
					mw.Ignored = fmt.Sprintf("Next.js %d reads middleware.ts, not proxy.ts (the rename came with Next.js 16)", a.NextMajor)
				}
				mw.AuthKit, mw.Calls = a.authkitIn(f, 0, map[*project.File]bool{})
				a.readMatcher(mw)
				a.mw = mw
				return
			}
		}
	})
	return a.mw
}

// authkitIn says whether f, or a module it imports (two hops), uses authkitMiddleware,
// authkitProxy or authkit; imports that cannot be followed make the answer Unknown.
func (a *NextApp) authkitIn(f *project.File, depth int, seen map[*project.File]bool) (Tri, []AuthKitCall) {
	seen[f] = true
	fi := ModuleOf(f)
	if fi == nil {
		return Unknown, nil
	}
	found := false
	var calls []AuthKitCall
	parser.Inspect(fi.Tree, func(n parser.Node, c *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		imp, ok := fi.Imports.Resolve(e)
		if !ok || imp.Module != AuthKitNext || !middlewareFuncs[imp.Name] {
			return true
		}
		found = true
		if pe, ok := c.Parent().(shim.Expr); ok {
			if call, ok := pe.Data.(*shim.ECall); ok && call.Target.Data == e.Data {
				calls = append(calls, AuthKitCall{Module: fi, Call: call, Name: imp.Name})
			}
		}
		return false
	})
	for _, ex := range fi.Exports.Names {
		if ex.From == AuthKitNext && middlewareFuncs[ex.Orig] {
			found = true
		}
	}
	if found {
		return Yes, calls
	}
	result := No
	for _, rec := range fi.Tree.ImportRecords {
		g, kind := a.Resolve(f, rec.Path.Text)
		switch kind {
		case ModLocal:
			if seen[g] {
				continue
			}
			if depth >= 2 {
				result = Unknown
				continue
			}
			t, cs := a.authkitIn(g, depth+1, seen)
			if t == Yes {
				return Yes, cs
			}
			if t == Unknown {
				result = Unknown
			}
		case ModUnknown:
			result = Unknown
		}
	}
	return result, nil
}

// AuthKitIn is authkitIn for f alone: the calls in f itself, and Unknown rather than No when f
// imports local modules.
func (a *NextApp) AuthKitIn(f *project.File) (Tri, []AuthKitCall) {
	return a.authkitIn(f, 2, map[*project.File]bool{})
}

// readMatcher evaluates `export const config = { matcher }` as Next.js reads it: literals in
// the middleware file itself.
func (a *NextApp) readMatcher(mw *Middleware) {
	fi := ModuleOf(mw.File)
	if fi == nil {
		return
	}
	cfg, ok := fi.Exports.Names["config"]
	if !ok {
		mw.MatcherKnown = !fi.Exports.Star
		return
	}
	if cfg.From != "" || !cfg.HasRef {
		return
	}
	d, ok := fi.decls[cfg.Ref]
	if !ok || d.value.Data == nil {
		return
	}
	val, keyLoc, found, known := ObjectProp(d.value, "matcher")
	if !known {
		return
	}
	if !found {
		mw.MatcherKnown = true
		return
	}
	mw.MatcherLoc = keyLoc
	var items []shim.Expr
	if arr, ok := Unwrap(val).Data.(*shim.EArray); ok {
		items = arr.Items
	} else {
		items = []shim.Expr{val}
	}
	for _, it := range items {
		m := matcher{}
		if s, ok := StaticString(it); ok {
			m.source = s
		} else if _, ok := Unwrap(it).Data.(*shim.EObject); ok {
			src, _, found, known := ObjectProp(it, "source")
			s, isStr := StaticString(src)
			if !found || !known || !isStr {
				return
			}
			m.source = s
			for _, key := range []string{"has", "missing"} {
				if _, _, found, _ := ObjectProp(it, key); found {
					m.conditional = true
				}
			}
		} else {
			return
		}
		re, err := nextMatcherRegexp(m.source)
		if err != nil {
			return
		}
		m.re = re
		mw.matchers = append(mw.matchers, m)
	}
	mw.MatcherKnown, mw.HasMatcher = true, true
}

// Covers reports whether the middleware runs on a concrete path; known is false when the
// matcher could not be evaluated. A matcher with has/missing conditions counts as covering.
func (mw *Middleware) Covers(path string) (covered, known bool) {
	if !mw.MatcherKnown {
		return false, false
	}
	if !mw.HasMatcher {
		return true, true
	}
	for _, m := range mw.matchers {
		ok, err := m.re.MatchString(path)
		if err != nil {
			return false, false
		}
		if ok {
			return true, true
		}
	}
	return false, true
}

// CoversRoute asks covers of each sample path of a route: covered when any sample is.
func (mw *Middleware) CoversRoute(r *Route) (covered, known bool) {
	for _, s := range r.Samples() {
		c, k := mw.Covers(s)
		if !k {
			return false, false
		}
		if c {
			return true, true
		}
	}
	return false, true
}

// MisplacedMiddleware lists middleware.*/proxy.* files of the root that Next.js does not load
// (app/middleware.ts, or middleware.ts at the root when the app lives in src/app) and that
// use AuthKit.
func (a *NextApp) MisplacedMiddleware() []*project.File {
	a.misplacedOnce.Do(func() {
		var right *project.File
		if mw := a.Middleware(); mw != nil && mw.Ignored == "" {
			right = mw.File
		}
		for f := range a.sourceFiles() {
			if f == right {
				continue
			}
			base := filepath.Base(f.Path)
			stem := strings.TrimSuffix(base, filepath.Ext(base))
			if stem != "middleware" && stem != "proxy" || !slices.Contains(middlewareExts, filepath.Ext(base)) {
				continue
			}
			if t, _ := a.AuthKitIn(f); t == Yes {
				a.misplaced = append(a.misplaced, f)
			}
		}
	})
	return a.misplaced
}

// ---- AuthKit use ----

// AuthKitUse is an import of an authkit-nextjs export somewhere in the root.
type AuthKitUse struct {
	File       *project.File
	Module     string
	Name       string
	Start, End int
}

// AuthKitUses lists the authkit-nextjs imports of the root's non-test files, sorted by path.
func (a *NextApp) AuthKitUses() []AuthKitUse {
	a.usesOnce.Do(func() {
		for f := range a.sourceFiles() {
			a.uses = append(a.uses, authKitUsesIn(f)...)
		}
	})
	return a.uses
}

// FirstAuthKitUse is the first of AuthKitUses (in path order) that keep accepts; files after
// it are not read.
func (a *NextApp) FirstAuthKitUse(keep func(AuthKitUse) bool) (AuthKitUse, bool) {
	for f := range a.sourceFiles() {
		for _, u := range authKitUsesIn(f) {
			if keep(u) {
				return u, true
			}
		}
	}
	return AuthKitUse{}, false
}

type authKitUsesKey struct{}

// authKitUsesIn lists the authkit-nextjs imports of one file, parsed only when its text
// names the package.
func authKitUsesIn(f *project.File) []AuthKitUse {
	return f.Memo(authKitUsesKey{}, func() any {
		return importedNamesOf(f, AuthKitNext, func(mod string) bool { return strings.HasPrefix(mod, AuthKitNext) })
	}).([]AuthKitUse)
}

// importedNamesOf lists the names f imports from the modules that match, one AuthKitUse each
// at the local name; word is a text that every such file holds, checked before parsing.
func importedNamesOf(f *project.File, word string, match func(module string) bool) []AuthKitUse {
	var uses []AuthKitUse
	src, err := f.Content()
	if err != nil || !mentions(f, word) {
		return uses
	}
	tree, _ := f.AST()
	if tree == nil {
		return uses
	}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			s, ok := st.Data.(*shim.SImport)
			if !ok || s.Items == nil {
				continue
			}
			mod := shim.ImportPath(tree, s.ImportRecordIndex)
			if !match(mod) {
				continue
			}
			for _, it := range *s.Items {
				r := shim.RangeOfIdentifier(src, it.AliasLoc)
				uses = append(uses, AuthKitUse{File: f, Module: mod, Name: it.Alias, Start: int(r.Loc.Start), End: int(r.Loc.Start + r.Len)})
			}
		}
	}
	return uses
}

// UsesAuthKit reports whether the root depends on or imports authkit-nextjs.
func (a *NextApp) UsesAuthKit() bool {
	if a.Root.Deps[AuthKitNext] {
		return true
	}
	_, ok := a.FirstAuthKitUse(func(AuthKitUse) bool { return true })
	return ok
}
