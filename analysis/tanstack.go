package analysis

// TanStack Start facts for the rules that know its layout, computed once per project root and
// kept in the root's Memo: where the app's sources and file routes live, the start entry
// (src/start.ts) with its createStart middleware lists, and the uses of
// @workos/authkit-tanstack-react-start. Routes are read in tanstack_routes.go.

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// The TanStack Start packages the rules know.
const (
	AuthKitTanStack       = "@workos/authkit-tanstack-react-start"
	AuthKitTanStackClient = AuthKitTanStack + "/client"
	TanStackStart         = "@tanstack/react-start"
	TanStackRouter        = "@tanstack/react-router"
)

// TanStackApp is the TanStack Start facts of one project root.
type TanStackApp struct {
	proj *project.Project
	Root *project.Root
	// SrcDir holds start.ts and the routes directory; RoutesDir is "" when the vite config
	// moves either (srcDirectory, routesDirectory, virtual route config) or there is none.
	SrcDir, RoutesDir string
	vite              *project.File

	routesOnce sync.Once
	routes     []*TanStackRoute

	startOnce sync.Once
	start     *StartEntry

	redirectOnce     sync.Once
	redirects        []RedirectURI
	redirectsPartial bool
}

type tanStackKey struct{}

// TanStackAppOf is the TanStack Start facts of a root (in its Memo); nil unless the root depends
// on @tanstack/react-start.
func TanStackAppOf(p *project.Project, root *project.Root) *TanStackApp {
	if p == nil || root == nil || !root.Deps[TanStackStart] {
		return nil
	}
	return root.Memo(tanStackKey{}, func() any { return newTanStackApp(p, root) }).(*TanStackApp)
}

// TanStackApps are the project's TanStack Start apps, in root order.
func TanStackApps(p *project.Project) []*TanStackApp {
	var out []*TanStackApp
	for _, r := range p.Roots {
		if a := TanStackAppOf(p, r); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func newTanStackApp(p *project.Project, root *project.Root) *TanStackApp {
	a := &TanStackApp{proj: p, Root: root, SrcDir: filepath.Join(root.Dir, "src"), vite: ViteConfig(p, root)}
	a.RoutesDir = filepath.Join(a.SrcDir, "routes")
	if a.vite != nil {
		src, err := a.vite.Content()
		// The plugin's options move the sources or the routes: not followed.
		if err != nil || strings.Contains(src, "srcDirectory") {
			a.SrcDir, a.RoutesDir = "", ""
		} else if strings.Contains(src, "routesDirectory") || strings.Contains(src, "virtualRouteConfig") {
			a.RoutesDir = ""
		}
	}
	if a.RoutesDir != "" && !isDir(a.RoutesDir) {
		a.RoutesDir = ""
	}
	return a
}

// UsesAuthKit reports an app that depends on @workos/authkit-tanstack-react-start.
func (a *TanStackApp) UsesAuthKit() bool { return a.Root.Deps[AuthKitTanStack] }

// Rel is a path relative to the root, slash-separated, for messages.
func (a *TanStackApp) Rel(path string) string {
	r, err := filepath.Rel(a.Root.Dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// ViteMentions reports whether the app's vite config holds word (say, a plugin option).
func (a *TanStackApp) ViteMentions(word string) bool {
	if a.vite == nil {
		return false
	}
	src, err := a.vite.Content()
	return err == nil && strings.Contains(src, word)
}

// sourceFiles are the root's JS files that are not tests, in path order.
func (a *TanStackApp) sourceFiles(yield func(*project.File) bool) {
	for _, f := range a.proj.Files {
		if f.Kind == project.KindJS && f.Root == a.Root && !IsTestPath(f.Path) && !yield(f) {
			return
		}
	}
}

// ---- the uses of AuthKit that need its middleware ----

// tsNeedsMiddleware are the exports of the TanStack kit that read the session authkitMiddleware
// puts in the request context: server functions throw "AuthKit middleware is not configured"
// without it, and the client provider and hooks call them.
var tsNeedsMiddleware = map[string]bool{
	"getAuth": true, "handleCallbackRoute": true, "getSignInUrl": true, "getSignUpUrl": true,
	"signOut": true, "switchToOrganization": true, "getAuthorizationUrl": true, "getAuthKitContext": true,
	"checkRecentAuth": true, "getAuthAction": true, "AuthKitProvider": true, "useAuth": true, "useAccessToken": true,
}

// FirstAuthKitUse is the first import (in path order) of a TanStack kit export that needs the
// middleware; files after it are not read.
func (a *TanStackApp) FirstAuthKitUse() (AuthKitUse, bool) {
	var out AuthKitUse
	found := false
	a.sourceFiles(func(f *project.File) bool {
		for _, u := range tanStackUsesIn(f) {
			if tsNeedsMiddleware[u.Name] {
				out, found = u, true
				return false
			}
		}
		return true
	})
	return out, found
}

type tanStackUsesKey struct{}

// tanStackUsesIn lists the imports of the TanStack kit in f, parsed only when its text names
// the @workos/ scope.
func tanStackUsesIn(f *project.File) []AuthKitUse {
	return f.Memo(tanStackUsesKey{}, func() any {
		return importedNamesOf(f, "@workos/", func(mod string) bool { return mod == AuthKitTanStack || mod == AuthKitTanStackClient })
	}).([]AuthKitUse)
}

// ---- the start entry: createStart and its global middleware ----

// StartEntry is the app's src/start.ts.
type StartEntry struct {
	File   *project.File
	Module *Module
	// Call is the createStart(...) call; nil when the file has none.
	Call       *shim.ECall
	CallStart  int // the createStart name
	CallEnd    int
	Request    MiddlewareList
	Function   MiddlewareList
	OptionsKey int // the `requestMiddleware` key, or the createStart name when there is none
	OptionsEnd int
}

// MiddlewareList is what createStart's requestMiddleware or functionMiddleware holds.
type MiddlewareList struct {
	Items []MiddlewareItem
	// Known is false when the list is not a literal array or the options are computed.
	Known bool
}

// MiddlewareKind says what one middleware of a list is.
type MiddlewareKind uint8

const (
	MiddlewareUnknown MiddlewareKind = iota // a local import, a parameter, a spread: could be anything
	MiddlewareAuthKit                       // authkitMiddleware() of the TanStack kit
	MiddlewareCSRF                          // createCsrfMiddleware(), or one named for CSRF
	MiddlewareOther                         // something else the linter can see
)

// MiddlewareItem is one entry of a middleware list.
type MiddlewareItem struct {
	Kind       MiddlewareKind
	Start, End int
}

// Has reports whether the list holds a middleware of kind; Unknown when it may.
func (l MiddlewareList) Has(kind MiddlewareKind) Tri {
	if !l.Known {
		return Unknown
	}
	res := No
	for _, it := range l.Items {
		switch it.Kind {
		case kind:
			return Yes
		case MiddlewareUnknown:
			res = Unknown
		}
	}
	return res
}

// StartFile is the app's start entry file (src/start.ts and its siblings), nil when it has none
// or the vite config moves the sources.
func (a *TanStackApp) StartFile() *project.File {
	if a.SrcDir == "" {
		return nil
	}
	for _, ext := range JSExtensions {
		if f := a.proj.File(filepath.Join(a.SrcDir, "start"+ext)); f != nil {
			return f
		}
	}
	return nil
}

// Start reads the start entry once; nil when the app has none (or it does not parse).
func (a *TanStackApp) Start() *StartEntry {
	a.startOnce.Do(func() {
		f := a.StartFile()
		m := ModuleOf(f)
		if m == nil {
			return
		}
		se := &StartEntry{File: f, Module: m}
		parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok || se.Call != nil {
				return se.Call == nil
			}
			if call, ok := x.Data.(*shim.ECall); ok && m.Imports.Is(call.Target, "createStart", TanStackStart) {
				se.Call = call
			}
			return true
		})
		if se.Call != nil {
			se.CallStart, se.CallEnd = m.NameRange(se.Call.Target)
			se.OptionsKey, se.OptionsEnd = se.CallStart, se.CallEnd
			se.readOptions()
		}
		a.start = se
	})
	return a.start
}

// readOptions reads the object createStart's callback returns.
func (se *StartEntry) readOptions() {
	m := se.Module
	if len(se.Call.Args) == 0 {
		se.Request.Known, se.Function.Known = true, true // createStart(): no global middleware
		return
	}
	fn := m.Const(se.Call.Args[0])
	var body []shim.Stmt
	switch v := fn.Data.(type) {
	case *shim.EArrow:
		body = v.Body.Block.Stmts
	case *shim.EFunction:
		body = v.Fn.Body.Block.Stmts
	default:
		return
	}
	rets := Returns(body)
	if len(rets) != 1 {
		return
	}
	opts := rets[0]
	for _, l := range []struct {
		key  string
		list *MiddlewareList
	}{{"requestMiddleware", &se.Request}, {"functionMiddleware", &se.Function}} {
		v, keyLoc, found, known := ObjectProp(opts, l.key)
		if !known {
			continue
		}
		if !found {
			l.list.Known = true
			continue
		}
		if l.key == "requestMiddleware" {
			src, _ := se.File.Content()
			se.OptionsKey, se.OptionsEnd = IdentRange(src, int(keyLoc.Start))
		}
		arr, ok := m.Const(v).Data.(*shim.EArray)
		if !ok {
			continue
		}
		l.list.Known = true
		for _, it := range arr.Items {
			s := int(it.Loc.Start)
			l.list.Items = append(l.list.Items, MiddlewareItem{Kind: se.middlewareKind(it, 0), Start: s, End: exprEnd(se.File, it)})
		}
	}
}

// middlewareKind classifies one entry of a middleware list.
func (se *StartEntry) middlewareKind(e shim.Expr, depth int) MiddlewareKind {
	m := se.Module
	e = Unwrap(e)
	switch v := e.Data.(type) {
	case *shim.ESpread:
		return MiddlewareUnknown
	case *shim.EIdentifier, *shim.EImportIdentifier:
		if strings.Contains(strings.ToLower(CalleeName(m.Tree, e)), "csrf") {
			return MiddlewareCSRF
		}
		if c := m.Const(e); c.Data != e.Data && depth < 4 {
			return se.middlewareKind(c, depth+1)
		}
		if imp, ok := m.Imports.Resolve(e); ok && isPackageSpec(imp.Module) {
			return MiddlewareOther
		}
		return MiddlewareUnknown
	case *shim.ECall:
		root := v.Target
		for {
			if d, ok := root.Data.(*shim.EDot); ok {
				if c, isCall := d.Target.Data.(*shim.ECall); isCall {
					root = c.Target
					continue
				}
			}
			break
		}
		if m.Imports.Is(v.Target, "authkitMiddleware", AuthKitTanStack) {
			return MiddlewareAuthKit
		}
		name := CalleeName(m.Tree, root)
		if strings.Contains(strings.ToLower(name), "csrf") {
			return MiddlewareCSRF
		}
		if imp, ok := m.Imports.Resolve(root); ok && isPackageSpec(imp.Module) {
			return MiddlewareOther
		}
		return MiddlewareUnknown
	}
	return MiddlewareUnknown
}

// exprEnd is where an expression of f ends: a call's closing parenthesis, else the end of
// the identifier it starts with.
func exprEnd(f *project.File, e shim.Expr) int {
	src, _ := f.Content()
	if c, ok := e.Data.(*shim.ECall); ok && int(c.CloseParenLoc.Start) < len(src) {
		return int(c.CloseParenLoc.Start) + 1
	}
	_, end := IdentRange(src, int(e.Loc.Start))
	return end
}

// ---- the environment the kit reads ----

// KitEnvRead is an authkitMiddleware() call of the TanStack kit and the variables
// authkit-session then requires from the environment.
type KitEnvRead struct {
	Start, End int // the authkitMiddleware name
	Names      []string
}

// KitEnvReads lists the authkitMiddleware() calls of a parsed file with the variables each
// needs: WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_COOKIE_PASSWORD and, unless the call passes
// redirectUri, WORKOS_REDIRECT_URI (authkit-session 0.7's required configuration keys).
func KitEnvReads(tree *shim.AST, src string) []KitEnvRead {
	if !strings.Contains(src, AuthKitTanStack) {
		return nil
	}
	im := ImportsOf(tree)
	var out []KitEnvRead
	parser.Inspect(tree, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		call, ok := x.Data.(*shim.ECall)
		if !ok || !im.Is(call.Target, "authkitMiddleware", AuthKitTanStack) {
			return true
		}
		names := []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_COOKIE_PASSWORD"}
		if len(call.Args) == 0 {
			names = append(names, "WORKOS_REDIRECT_URI")
		} else if _, _, found, known := ObjectProp(call.Args[0], "redirectUri"); known && !found {
			names = append(names, "WORKOS_REDIRECT_URI")
		}
		r := shim.RangeOfIdentifier(src, call.Target.Loc)
		out = append(out, KitEnvRead{Start: int(r.Loc.Start), End: int(r.Loc.Start + r.Len), Names: names})
		return true
	})
	return out
}

// ---- the router's Wrap and InnerWrap ----

// createRouter({ Wrap, InnerWrap }) renders Wrap around the router (outside its context) and
// InnerWrap inside it, around the route tree: the root route and every route below render
// within InnerWrap, which renders within Wrap.

type routerWraps struct {
	kind  map[*shim.EJSXElement]string                     // "Wrap" or "InnerWrap"
	outer map[*shim.EJSXElement]map[*shim.EJSXElement]bool // InnerWrap element -> its call's Wrap elements
}

type routerWrapsKey struct{}

// RouterWrapOf says whether a JSX element of f is written in the Wrap or the InnerWrap option
// of a TanStack Router createRouter call ("" otherwise); for InnerWrap, wrap holds the JSX
// elements of the same call's Wrap, which render around it.
func RouterWrapOf(f *project.File, jsx *shim.EJSXElement) (kind string, wrap map[*shim.EJSXElement]bool) {
	rw := f.Memo(routerWrapsKey{}, func() any {
		rw := &routerWraps{kind: map[*shim.EJSXElement]string{}, outer: map[*shim.EJSXElement]map[*shim.EJSXElement]bool{}}
		src, err := f.Content()
		if err != nil || !strings.Contains(src, "createRouter") || !strings.Contains(src, "Wrap") {
			return rw
		}
		m := ModuleOf(f)
		if m == nil {
			return rw
		}
		parser.Inspect(m.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok || len(call.Args) == 0 || !m.Imports.Is(call.Target, "createRouter", TanStackRouter, "@tanstack/solid-router") {
				return true
			}
			opts := m.Const(call.Args[0])
			elems := func(key string) map[*shim.EJSXElement]bool {
				v, _, found, _ := ObjectProp(opts, key)
				if !found {
					return nil
				}
				out := map[*shim.EJSXElement]bool{}
				v = m.Const(v)
				if id, ok := v.Data.(*shim.EIdentifier); ok { // Wrap: Providers, a function of this module
					if code, ok := m.Code(Export{Ref: id.Ref, HasRef: true}); ok {
						v = code
					}
				}
				parser.InspectExpr(v, func(n parser.Node, _ *parser.Cursor) bool {
					if e, ok := n.(shim.Expr); ok {
						if j, ok := e.Data.(*shim.EJSXElement); ok {
							out[j] = true
						}
					}
					return true
				})
				return out
			}
			wrap, inner := elems("Wrap"), elems("InnerWrap")
			for j := range wrap {
				rw.kind[j] = "Wrap"
			}
			for j := range inner {
				rw.kind[j] = "InnerWrap"
				rw.outer[j] = wrap
			}
			return true
		})
		return rw
	}).(*routerWraps)
	return rw.kind[jsx], rw.outer[jsx]
}

// IsAuthKitClientModule reports a module of one of the AuthKit SDKs whose hooks a Convex
// adapter calls: authkit-react, authkit-nextjs, or the TanStack Start kit.
func IsAuthKitClientModule(module string) bool {
	return SDK(module) != "" || module == AuthKitTanStack || module == AuthKitTanStackClient
}
