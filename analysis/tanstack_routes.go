package analysis

// The file routes of a TanStack Start app (src/routes/, TanStack Router's file naming: `.` or
// `/` between segments, `$param`, a lone `$` splat, `_pathless` layouts, `(group)` folders,
// `index` and `route` files, `-ignored` names, `[.]` escapes), the server handlers a route
// file declares (`createFileRoute('/x')({ server: { handlers: { GET } } })`) and the app's
// WorkOS redirect URIs.

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// TanStackRoute is one route file with the URL pattern its path gives.
type TanStackRoute struct {
	File *project.File
	Segs []Segment
	Path string // display form: /posts/$postId
	// Pathless marks __root and _layout files: they add no URL of their own.
	Pathless bool
	// Approx marks names the linter only partly reads ({-$optional}, prefix{$param}): such a
	// route is assumed to serve any path its other segments allow.
	Approx bool
}

// Routes lists the app's route files, in path order; none when RoutesDir is unknown.
func (a *TanStackApp) Routes() []*TanStackRoute {
	a.routesOnce.Do(func() {
		if a.RoutesDir == "" {
			return
		}
		for _, f := range a.proj.Files {
			if f.Kind != project.KindJS || !strings.HasPrefix(f.Path, a.RoutesDir+string(filepath.Separator)) || IsTestPath(f.Path) {
				continue
			}
			if r, ok := tanStackRouteOf(a.RoutesDir, f); ok {
				a.routes = append(a.routes, r)
			}
		}
	})
	return a.routes
}

// tanStackRouteOf reads the route a file below the routes directory defines.
func tanStackRouteOf(dir string, f *project.File) (*TanStackRoute, bool) {
	rel, ext, ok := relRouteFile(dir, f)
	if !ok {
		return nil, false
	}
	rel = strings.TrimSuffix(rel, ext)
	parts := strings.Split(rel, "/")
	r := &TanStackRoute{File: f}
	var tokens []string
	for i, p := range parts {
		if strings.HasPrefix(p, "-") {
			return nil, false // ignored by the route generator
		}
		if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") && i < len(parts)-1 {
			continue // a route group folder
		}
		tokens = append(tokens, splitRouteName(p)...)
	}
	if n := len(tokens); n > 0 && tokens[n-1] == "lazy" {
		tokens = tokens[:n-1] // posts.lazy.tsx: the lazy half of /posts
	}
	if len(tokens) == 1 && tokens[0] == "__root" {
		r.Pathless, r.Path = true, "/"
		return r, true
	}
	for i, t := range tokens {
		last := i == len(tokens)-1
		switch {
		case last && (t == "index" || t == "route"):
			continue
		case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
			if last {
				r.Pathless = true
			}
			continue
		case strings.HasPrefix(t, "_"):
			if last {
				r.Pathless = true // a layout without a path segment
			}
			continue
		}
		t = strings.TrimSuffix(t, "_") // posts_.$id: not nested under posts, same URL
		switch {
		case t == "$":
			r.Segs = append(r.Segs, Segment{SegOptionalCatchAll, "_splat"})
		case strings.Contains(t, "{"):
			r.Approx = true
			r.Segs = append(r.Segs, Segment{SegDynamic, t})
		case strings.HasPrefix(t, "$"):
			r.Segs = append(r.Segs, Segment{SegDynamic, t[1:]})
		default:
			r.Segs = append(r.Segs, Segment{SegStatic, strings.NewReplacer("[", "", "]", "").Replace(t)})
		}
	}
	var b strings.Builder
	for _, s := range r.Segs {
		switch s.Kind {
		case SegStatic:
			b.WriteString("/" + s.Name)
		case SegDynamic:
			if r.Approx && strings.Contains(s.Name, "{") {
				b.WriteString("/" + s.Name)
			} else {
				b.WriteString("/$" + s.Name)
			}
		default:
			b.WriteString("/$")
		}
	}
	r.Path = b.String()
	if r.Path == "" {
		r.Path = "/"
	}
	return r, true
}

// splitRouteName splits a file or folder name at the dots that separate route segments;
// dots inside [ ] are escaped and kept.
func splitRouteName(name string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case '.':
			if depth == 0 {
				out = append(out, name[start:i])
				start = i + 1
			}
		}
	}
	return append(out, name[start:])
}

// Matches reports whether the route serves the concrete path.
func (r *TanStackRoute) Matches(path string) bool {
	if r.Pathless {
		return false
	}
	parts := SplitPath(path)
	if r.Approx {
		return len(parts) >= len(r.Segs)-1
	}
	return matchSegs(r.Segs, parts)
}

// RoutesAt are the routes serving a concrete path, static segments first.
func (a *TanStackApp) RoutesAt(path string) []*TanStackRoute {
	var out []*TanStackRoute
	for _, r := range a.Routes() {
		if r.Matches(path) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return slices.Compare(tsSpecificity(out[i]), tsSpecificity(out[j])) < 0
	})
	return out
}

func tsSpecificity(r *TanStackRoute) []SegmentKind {
	out := make([]SegmentKind, len(r.Segs))
	for i, s := range r.Segs {
		out[i] = s.Kind
	}
	return out
}

// RouteFileFor is where a new route file for path would go: "src/routes/callback.tsx".
func (a *TanStackApp) RouteFileFor(path string) string {
	name := strings.ReplaceAll(strings.Trim(path, "/"), "/", ".")
	if name == "" {
		name = "index"
	}
	return a.Rel(filepath.Join(a.RoutesDir, name+".tsx"))
}

// ---- server handlers ----

// ServerRoute is what a route file declares for the server: its handlers, by method.
type ServerRoute struct {
	// Methods are the handler keys of server.handlers; Known is false when they are computed
	// (a function, a spread) or declared some way the linter does not read.
	Methods map[string]bool
	Known   bool
	// Callbacks are the handleCallbackRoute names whose call (or, wrongly, the function itself:
	// Uncalled) is a handler's value.
	Callbacks []shim.Expr
	Uncalled  []shim.Expr
	Module    *Module
}

type serverRouteKey struct{}

// Server reads the route file's server handlers once per run.
func (r *TanStackRoute) Server() *ServerRoute {
	return r.File.Memo(serverRouteKey{}, func() any { return readServerRoute(r.File) }).(*ServerRoute)
}

func readServerRoute(f *project.File) *ServerRoute {
	sr := &ServerRoute{Methods: map[string]bool{}}
	m := ModuleOf(f)
	if m == nil {
		return sr
	}
	sr.Module = m
	src, _ := f.Content()
	if strings.Contains(src, "createServerFileRoute") || strings.Contains(src, "createAPIFileRoute") {
		return sr // the older server-route APIs: not read
	}
	found := false
	sr.Known = true
	parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		outer, ok := x.Data.(*shim.ECall)
		if !ok || len(outer.Args) == 0 {
			return true
		}
		inner, ok := outer.Target.Data.(*shim.ECall)
		if !ok || !(m.Imports.Is(inner.Target, "createFileRoute", TanStackRouter, TanStackStart) ||
			m.Imports.Is(inner.Target, "createRootRoute", TanStackRouter) ||
			m.Imports.Is(inner.Target, "createRootRouteWithContext", TanStackRouter)) {
			return true
		}
		found = true
		opts := m.Const(outer.Args[0])
		server, _, has, known := ObjectProp(opts, "server")
		if !known {
			sr.Known = false
			return true
		}
		if !has {
			return true
		}
		handlers, _, has, known := ObjectProp(m.Const(server), "handlers")
		if !known {
			sr.Known = false
			return true
		}
		if !has {
			return true
		}
		obj, ok := m.Const(handlers).Data.(*shim.EObject)
		if !ok {
			sr.Known = false // handlers: ({ createHandlers }) => …
			return true
		}
		for _, p := range obj.Properties {
			k, isStr := p.Key.Data.(*shim.EString)
			if p.Kind == shim.PropertySpread || !isStr {
				sr.Known = false
				continue
			}
			method := strings.ToUpper(shim.StringValue(k))
			sr.Methods[method] = true
			if v := m.Const(p.ValueOrNil); v.Data != nil {
				if call, ok := v.Data.(*shim.ECall); ok && m.Imports.Is(call.Target, "handleCallbackRoute", AuthKitTanStack) {
					sr.Callbacks = append(sr.Callbacks, call.Target)
				} else if m.Imports.Is(v, "handleCallbackRoute", AuthKitTanStack) {
					sr.Callbacks = append(sr.Callbacks, v)
					sr.Uncalled = append(sr.Uncalled, v)
				}
			}
		}
		return true
	})
	if !found {
		sr.Known = false // no file route here: a helper beside the routes, or code-based routing
	}
	return sr
}

// ---- redirect URIs ----

// tanStackRedirectVars are the variables authkit-session reads the redirect URI from.
var tanStackRedirectVars = []string{"WORKOS_REDIRECT_URI"}

// RedirectURIs gathers the app's WorkOS redirect URIs: env files, convex.json authKit config,
// and redirectUri options of authkitMiddleware in code. partial is set when one cannot be read.
func (a *TanStackApp) RedirectURIs() (uris []RedirectURI, partial bool) {
	a.redirectOnce.Do(func() {
		c := redirectCollector{root: a.Root, vars: tanStackRedirectVars, keep: func(*project.File) bool { return true }}
		c.collectConfig()
		a.codeRedirects(&c)
		a.redirects, a.redirectsPartial = c.uris, c.partial
	})
	return a.redirects, a.redirectsPartial
}

// RedirectURIsIn is RedirectURIs for the redirect URIs written in the files keep accepts.
func (a *TanStackApp) RedirectURIsIn(keep func(*project.File) bool) []RedirectURI {
	c := redirectCollector{root: a.Root, vars: tanStackRedirectVars, keep: keep}
	c.collectConfig()
	a.codeRedirects(&c)
	return c.uris
}

// codeRedirects reads `authkitMiddleware({ redirectUri })` in the app's sources.
func (a *TanStackApp) codeRedirects(c *redirectCollector) {
	a.sourceFiles(func(f *project.File) bool {
		if !c.keep(f) || !mentions(f, "@workos/") {
			return true
		}
		if src, err := f.Content(); err != nil || !parser.Contains(src, "redirectUri") {
			return true
		}
		m := ModuleOf(f)
		if m == nil {
			return true
		}
		parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok || !m.Imports.Is(call.Target, "authkitMiddleware", AuthKitTanStack) || len(call.Args) == 0 {
				return true
			}
			v, _, found, known := ObjectProp(m.Const(call.Args[0]), "redirectUri")
			switch {
			case !known:
				c.partial = true
			case found:
				c.add(f, m.Const(v), "redirectUri in "+a.Rel(f.Path))
			}
			return true
		})
		return true
	})
}

// MayRewritePaths reports a basepath or URL rewrite in the vite config or the router: the
// routes' URLs are then not their file paths, and path checks are not judged.
func (a *TanStackApp) MayRewritePaths() bool {
	if a.ViteMentions("basepath") || a.ViteMentions("rewrite") {
		return true
	}
	if a.SrcDir == "" {
		return true
	}
	for _, ext := range JSExtensions {
		if f := a.proj.File(filepath.Join(a.SrcDir, "router"+ext)); f != nil {
			src, err := f.Content()
			return err != nil || strings.Contains(src, "basepath") || strings.Contains(src, "rewrite")
		}
	}
	return false
}
