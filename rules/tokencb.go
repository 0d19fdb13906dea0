package rules

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Shared analysis of the adapter hook given to `<ConvexProviderWithAuth useAuth={X}>`: which
// function X is (a local or imported hook, one returned by useMemo or built by a factory, as
// @convex-dev/workos does), which fetchAccessToken that hook returns and how it is built. The
// rules unstable-fetch-access-token and ignored-force-refresh-token read the result.

// tcbMaxDepth bounds the alias, factory and derivation chains followed.
const tcbMaxDepth = 6

// adapterAnalyzer analyses the adapter hooks of one project; it caches per-file scope facts.
type adapterAnalyzer struct {
	p     *project.Project
	files map[*project.File]*tcbFile
}

func newAdapterAnalyzer(p *project.Project) *adapterAnalyzer {
	return &adapterAnalyzer{p: p, files: map[*project.File]*tcbFile{}}
}

// tcbFile is a parsed file with its declarations and the functions that own them.
type tcbFile struct {
	file    *project.File
	tree    *shim.AST
	src     string
	imports Imports
	decls   map[shim.Ref]*tcbDecl
}

type tcbDeclKind uint8

const (
	tcbVar   tcbDeclKind = iota // const/let/var, possibly destructured
	tcbFunc                     // function declaration
	tcbParam                    // function parameter (or part of one)
)

// tcbDecl is one binding. owner is the function whose body declares it (a *shim.Fn or
// *shim.EArrow), nil at module scope: "declared in the hook body" is owner == hook.id.
type tcbDecl struct {
	kind       tcbDeclKind
	ref        shim.Ref
	name       string
	start, end int
	owner      any
	local      shim.LocalKind
	init       shim.Expr // tcbVar: the initializer of the whole declarator
	path       []tcbStep // tcbVar: the binding's place in a destructuring pattern
	fn         *tcbFn    // tcbFunc
}

// tcbStep is one level of a destructuring pattern: an object key or an array index.
type tcbStep struct {
	key   string
	index int
}

// tcbFn is a function whose body can be read.
type tcbFn struct {
	f    *tcbFile
	id   any // *shim.Fn or *shim.EArrow: the owner of its declarations
	args []shim.Arg
	body []shim.Stmt
	name string
}

// file parses and indexes f once; nil when it is not JS or does not parse.
func (a *adapterAnalyzer) file(f *project.File) *tcbFile {
	if tf, ok := a.files[f]; ok {
		return tf
	}
	a.files[f] = nil
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	tree, _ := f.AST()
	if tree == nil {
		return nil
	}
	src, _ := f.Content()
	tf := &tcbFile{file: f, tree: tree, src: src, imports: ImportsOf(tree), decls: map[shim.Ref]*tcbDecl{}}
	tf.index()
	a.files[f] = tf
	return tf
}

// tcbFuncNode says whether n is a function and gives its identity, parameters and body.
func tcbFuncNode(n parser.Node) (id any, args []shim.Arg, body []shim.Stmt, ok bool) {
	switch v := n.(type) {
	case shim.Expr:
		switch e := v.Data.(type) {
		case *shim.EArrow:
			return e, e.Args, e.Body.Block.Stmts, true
		case *shim.EFunction:
			return &e.Fn, e.Fn.Args, e.Fn.Body.Block.Stmts, true
		}
	case shim.Stmt:
		if s, isFn := v.Data.(*shim.SFunction); isFn {
			return &s.Fn, s.Fn.Args, s.Fn.Body.Block.Stmts, true
		}
	}
	return nil, nil, nil, false
}

// tcbOwner is the innermost function among the cursor's ancestors, nil at module scope.
func tcbOwner(c *parser.Cursor) any {
	anc := c.Ancestors()
	for i := len(anc) - 1; i >= 0; i-- {
		if id, _, _, ok := tcbFuncNode(anc[i]); ok {
			return id
		}
	}
	return nil
}

func (tf *tcbFile) nameRange(loc shim.Loc) (int, int) {
	r := shim.RangeOfIdentifier(tf.src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

func (tf *tcbFile) index() {
	parser.Inspect(tf.tree, func(n parser.Node, c *parser.Cursor) bool {
		if id, args, _, ok := tcbFuncNode(n); ok {
			for _, a := range args {
				tf.bind(a.Binding, nil, func(d *tcbDecl) { d.kind, d.owner = tcbParam, id })
			}
		}
		st, ok := n.(shim.Stmt)
		if !ok {
			return true
		}
		switch s := st.Data.(type) {
		case *shim.SFunction:
			if s.Fn.Name != nil {
				d := &tcbDecl{kind: tcbFunc, ref: s.Fn.Name.Ref, name: shim.SymbolName(tf.tree, s.Fn.Name.Ref), owner: tcbOwner(c)}
				d.start, d.end = tf.nameRange(s.Fn.Name.Loc)
				d.fn = &tcbFn{f: tf, id: &s.Fn, args: s.Fn.Args, body: s.Fn.Body.Block.Stmts, name: d.name}
				tf.decls[d.ref] = d
			}
		case *shim.SLocal:
			owner := tcbOwner(c)
			for _, decl := range s.Decls {
				init := decl.ValueOrNil
				tf.bind(decl.Binding, nil, func(d *tcbDecl) {
					d.kind, d.owner, d.local, d.init = tcbVar, owner, s.Kind, init
				})
			}
		}
		return true
	})
}

// bind records every identifier of a binding pattern with its destructuring path.
func (tf *tcbFile) bind(b shim.Binding, path []tcbStep, set func(*tcbDecl)) {
	switch v := b.Data.(type) {
	case *shim.BIdentifier:
		d := &tcbDecl{ref: v.Ref, name: shim.SymbolName(tf.tree, v.Ref), path: path}
		d.start, d.end = tf.nameRange(b.Loc)
		set(d)
		tf.decls[v.Ref] = d
	case *shim.BArray:
		for i, it := range v.Items {
			tf.bind(it.Binding, append(path[:len(path):len(path)], tcbStep{index: i}), set)
		}
	case *shim.BObject:
		for _, p := range v.Properties {
			key := "..."
			if k, ok := p.Key.Data.(*shim.EString); ok && !p.IsComputed && !p.IsSpread {
				key = shim.StringValue(k)
			}
			tf.bind(p.Value, append(path[:len(path):len(path)], tcbStep{key: key}), set)
		}
	}
}

// fnOf is the readable function an expression is: a function or arrow literal.
func (tf *tcbFile) fnOf(e shim.Expr) *tcbFn {
	switch v := e.Data.(type) {
	case *shim.EArrow:
		return &tcbFn{f: tf, id: v, args: v.Args, body: v.Body.Block.Stmts}
	case *shim.EFunction:
		fn := &tcbFn{f: tf, id: &v.Fn, args: v.Fn.Args, body: v.Fn.Body.Block.Stmts}
		if v.Fn.Name != nil {
			fn.name = shim.SymbolName(tf.tree, v.Fn.Name.Ref)
		}
		return fn
	}
	return nil
}

// fnOfDef turns a resolved definition into a readable function.
func (a *adapterAnalyzer) fnOfDef(def Definition) *tcbFn {
	tf := a.file(def.File)
	if tf == nil {
		return nil
	}
	switch {
	case def.Fn != nil:
		return &tcbFn{f: tf, id: def.Fn, args: def.Fn.Args, body: def.Fn.Body.Block.Stmts, name: def.Name}
	case def.Arrow != nil:
		return &tcbFn{f: tf, id: def.Arrow, args: def.Arrow.Args, body: def.Arrow.Body.Block.Stmts, name: def.Name}
	}
	return nil
}

// callee is the name a call target goes by: the imported name for imports, else the local or
// member name ("React.useMemo" is "useMemo").
func (tf *tcbFile) callee(e shim.Expr) string {
	if imp, ok := tf.imports.Resolve(e); ok && imp.Name != "default" && imp.Name != "*" {
		return imp.Name
	}
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		return shim.SymbolName(tf.tree, v.Ref)
	case *shim.EImportIdentifier:
		return shim.SymbolName(tf.tree, v.Ref)
	case *shim.EDot:
		return v.Name
	}
	return ""
}

// isHookName is React's convention: use, then an upper-case letter (or nothing).
func isHookName(name string) bool {
	return name == "use" || strings.HasPrefix(name, "use") && len(name) > 3 && name[3] >= 'A' && name[3] <= 'Z'
}

// tcbReturns lists the values of a body's own return statements (not those of nested functions).
func tcbReturns(body []shim.Stmt) []shim.Expr {
	var out []shim.Expr
	parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
		if _, _, _, isFn := tcbFuncNode(n); isFn {
			return false
		}
		if e, ok := n.(shim.Expr); ok {
			if _, isClass := e.Data.(*shim.EClass); isClass {
				return false
			}
		}
		if s, ok := n.(shim.Stmt); ok {
			if r, ok := s.Data.(*shim.SReturn); ok && r.ValueOrNil.Data != nil {
				out = append(out, r.ValueOrNil)
			}
		}
		return true
	})
	return out
}

// singleReturn is the value a function returns when it has exactly one return statement.
func (fn *tcbFn) singleReturn() (shim.Expr, bool) {
	rs := tcbReturns(fn.body)
	if len(rs) != 1 {
		return shim.Expr{}, false
	}
	return rs[0], true
}

// ---- adapter sites ----

// adapterSite is one `<ConvexProviderWithAuth useAuth={value}>`.
type adapterSite struct {
	f     *tcbFile
	value shim.Expr
}

// adapterSites finds every ConvexProviderWithAuth of convex/react in the project's JS files.
func (a *adapterAnalyzer) adapterSites() []adapterSite {
	var out []adapterSite
	for _, f := range a.p.Files {
		if f.Kind != project.KindJS {
			continue
		}
		src, err := f.Content()
		if err != nil || !strings.Contains(src, "ConvexProviderWithAuth") {
			continue
		}
		tf := a.file(f)
		if tf == nil {
			continue
		}
		parser.Inspect(tf.tree, func(n parser.Node, _ *parser.Cursor) bool {
			e, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			jsx, ok := e.Data.(*shim.EJSXElement)
			if !ok || jsx.TagOrNil.Data == nil || !namesExport(a.p, tf.file, tf.imports, jsx.TagOrNil, "ConvexProviderWithAuth", "convex/react") {
				return true
			}
			if v, ok := jsxAttr(jsx, "useAuth"); ok {
				out = append(out, adapterSite{f: tf, value: v})
			}
			return true
		})
	}
	return out
}

// namesExport reports whether e names export name of module, imported directly or through the
// project's own re-exports (`export { ConvexProviderWithAuth } from "convex/react"` in a barrel).
func namesExport(p *project.Project, f *project.File, im Imports, e shim.Expr, name, module string) bool {
	if im.Is(e, name, module) {
		return true
	}
	if _, direct := im.Resolve(e); !direct {
		return false // a local binding: not an import at all
	}
	imp, ok := OriginOf(p, f, e)
	return ok && imp.Name == name && imp.Module == module
}

// jsxAttr is the value of a JSX attribute (the last one wins, as in React).
func jsxAttr(jsx *shim.EJSXElement, name string) (shim.Expr, bool) {
	for i := len(jsx.Properties) - 1; i >= 0; i-- {
		p := &jsx.Properties[i]
		if p.Kind == shim.PropertySpread {
			return shim.Expr{}, false // a later spread may override it: unknown
		}
		if k, ok := p.Key.Data.(*shim.EString); ok && shim.StringValue(k) == name {
			return p.ValueOrNil, p.ValueOrNil.Data != nil
		}
	}
	return shim.Expr{}, false
}

// adapterHooks resolves the useAuth hook of every ConvexProviderWithAuth, each hook once.
func (a *adapterAnalyzer) adapterHooks() []*tcbFn {
	var out []*tcbFn
	seen := map[any]bool{}
	for _, s := range a.adapterSites() {
		if h := a.resolveHook(s.f, s.value, 0); h != nil && !seen[h.id] {
			seen[h.id] = true
			out = append(out, h)
		}
	}
	return out
}

// displayName is how messages call a function.
func (fn *tcbFn) displayName() string {
	if fn.name != "" {
		return fn.name
	}
	return "the adapter hook"
}

// ---- resolving the hook ----

// resolveHook finds the function an expression evaluates to when used as a hook: a function
// literal, a declared or imported function, the function a useMemo factory returns, or the
// one a factory call (`makeHook(useAuth)`, `useUseAuthFromAuthKit(useAuth)`) returns.
func (a *adapterAnalyzer) resolveHook(tf *tcbFile, e shim.Expr, depth int) *tcbFn {
	if depth > tcbMaxDepth || e.Data == nil {
		return nil
	}
	switch v := e.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		return tf.fnOf(e)
	case *shim.EIdentifier:
		d := tf.decls[v.Ref]
		if d == nil {
			return nil
		}
		switch {
		case d.kind == tcbFunc:
			return d.fn
		case d.kind == tcbVar && len(d.path) == 0 && d.init.Data != nil:
			fn := a.resolveHook(tf, d.init, depth+1)
			if fn != nil && fn.name == "" {
				fn.name = d.name
			}
			return fn
		}
	case *shim.EImportIdentifier, *shim.EDot:
		return a.resolveImported(tf, e, depth)
	case *shim.ECall:
		switch tf.callee(v.Target) {
		case "useMemo":
			if len(v.Args) > 0 {
				if factory := tf.fnOf(v.Args[0]); factory != nil {
					if r, ok := factory.singleReturn(); ok {
						return a.resolveHook(tf, r, depth+1)
					}
				}
			}
			return nil
		case "useCallback":
			if len(v.Args) > 0 {
				return a.resolveHook(tf, v.Args[0], depth+1)
			}
			return nil
		}
		if factory := a.resolveHook(tf, v.Target, depth+1); factory != nil {
			if r, ok := factory.singleReturn(); ok {
				return a.resolveHook(factory.f, r, depth+1)
			}
		}
	}
	return nil
}

// resolveImported follows an imported binding (or ns.Name) to its definition in a project file.
func (a *adapterAnalyzer) resolveImported(tf *tcbFile, e shim.Expr, depth int) *tcbFn {
	_, def, ok := ResolveExpr(a.p, tf.file, e)
	if !ok {
		return nil
	}
	if def.IsFunc() {
		return a.fnOfDef(def)
	}
	if def.Value.Data != nil {
		if dst := a.file(def.File); dst != nil {
			return a.resolveHook(dst, def.Value, depth+1)
		}
	}
	return nil
}

// ---- the fetchAccessToken a hook returns ----

type fetcherKind uint8

const (
	fetcherUnknown fetcherKind = iota // built by something the analysis cannot see
	fetcherInline                     // a function created in the hook body, not memoized
	fetcherMemo                       // useCallback / useMemo: stable as long as deps are
	fetcherStable                     // a module-level or outer-scope function
)

// tokenFetcher is the fetchAccessToken of an adapter hook.
type tokenFetcher struct {
	hook *tcbFn
	kind fetcherKind
	// at is where the fetcher is named in the hook: the declaration or the object key.
	at       [2]int
	memo     *shim.ECall // fetcherMemo: the useCallback/useMemo call
	memoName string      // "useCallback" or "useMemo"
	deps     shim.Expr   // fetcherMemo: the dependency list; Data nil when there is none
	fn       *tcbFn      // the function itself, when readable
}

// fetchers lists the fetchAccessToken values returned by a hook (usually one).
func (a *adapterAnalyzer) fetchers(hook *tcbFn) []*tokenFetcher {
	var out []*tokenFetcher
	seen := map[[2]int]bool{}
	for _, r := range tcbReturns(hook.body) {
		obj, memo := a.returnedObject(hook, r, nil, 0)
		if obj == nil {
			continue
		}
		p := fetchAccessTokenProp(obj)
		if p == nil {
			continue
		}
		start, end := hook.f.nameRange(p.Key.Loc)
		tfe := a.classifyFetcher(hook, p.ValueOrNil, memo, [2]int{start, end}, 0)
		if tfe != nil && !seen[tfe.at] {
			seen[tfe.at] = true
			out = append(out, tfe)
		}
	}
	return out
}

// fetchAccessTokenProp is the object's last fetchAccessToken property; nil when there is none or
// a later spread may replace it.
func fetchAccessTokenProp(obj *shim.EObject) *shim.Property {
	var found *shim.Property
	for i := range obj.Properties {
		p := &obj.Properties[i]
		if p.Kind == shim.PropertySpread {
			found = nil
			continue
		}
		if k, ok := p.Key.Data.(*shim.EString); ok && p.Flags&shim.PropertyIsComputed == 0 && shim.StringValue(k) == "fetchAccessToken" {
			found = p
		}
	}
	return found
}

// returnedObject finds the object literal a returned value is, through useMemo and local
// constants; memo is the useMemo call that builds it, if any.
func (a *adapterAnalyzer) returnedObject(hook *tcbFn, e shim.Expr, memo *shim.ECall, depth int) (*shim.EObject, *shim.ECall) {
	if depth > tcbMaxDepth {
		return nil, nil
	}
	tf := hook.f
	switch v := e.Data.(type) {
	case *shim.EObject:
		return v, memo
	case *shim.ECall:
		if tf.callee(v.Target) == "useMemo" && len(v.Args) > 0 {
			if factory := tf.fnOf(v.Args[0]); factory != nil {
				if r, ok := factory.singleReturn(); ok {
					return a.returnedObject(hook, r, v, depth+1)
				}
			}
		}
	case *shim.EIdentifier:
		if d := tf.decls[v.Ref]; d != nil && d.kind == tcbVar && d.owner == hook.id && len(d.path) == 0 && d.init.Data != nil {
			return a.returnedObject(hook, d.init, memo, depth+1)
		}
	}
	return nil, nil
}

// classifyFetcher says how the fetchAccessToken value v is built.
func (a *adapterAnalyzer) classifyFetcher(hook *tcbFn, v shim.Expr, objMemo *shim.ECall, at [2]int, depth int) *tokenFetcher {
	if depth > tcbMaxDepth || v.Data == nil {
		return nil
	}
	tf := hook.f
	out := &tokenFetcher{hook: hook, at: at}
	switch e := v.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		out.fn = tf.fnOf(v)
		out.kind = fetcherInline
		if objMemo != nil {
			// The whole returned object is memoized: the function lives as long as that memo.
			out.kind, out.memo, out.memoName = fetcherMemo, objMemo, "useMemo"
			if len(objMemo.Args) > 1 {
				out.deps = objMemo.Args[1]
			}
		}
	case *shim.ECall:
		name := tf.callee(e.Target)
		switch name {
		case "useCallback":
			out.kind, out.memo, out.memoName = fetcherMemo, e, name
			if len(e.Args) > 0 {
				out.fn = a.readableFn(tf, e.Args[0], depth+1)
			}
		case "useMemo":
			out.kind, out.memo, out.memoName = fetcherMemo, e, name
			if len(e.Args) > 0 {
				if factory := tf.fnOf(e.Args[0]); factory != nil {
					if r, ok := factory.singleReturn(); ok {
						out.fn = a.readableFn(tf, r, depth+1)
					}
				}
			}
		default:
			// useEvent, useLatestCallback, a custom memo: the identity is unknown, the function
			// may still be readable.
			if len(e.Args) > 0 {
				out.fn = a.readableFn(tf, e.Args[0], depth+1)
			}
			return out
		}
		if len(e.Args) > 1 {
			out.deps = e.Args[1]
		}
	case *shim.EIdentifier:
		d := tf.decls[e.Ref]
		if d == nil {
			return nil
		}
		switch {
		case d.owner == hook.id && d.kind == tcbFunc:
			out.kind, out.fn, out.at = fetcherInline, d.fn, [2]int{d.start, d.end}
		case d.owner == hook.id && d.kind == tcbVar && len(d.path) == 0 && d.init.Data != nil:
			inner := a.classifyFetcher(hook, d.init, nil, [2]int{d.start, d.end}, depth+1)
			if inner == nil {
				return nil
			}
			if inner.kind == fetcherInline && objMemo != nil {
				return &tokenFetcher{hook: hook, kind: fetcherUnknown, at: inner.at, fn: inner.fn}
			}
			return inner
		case d.owner == hook.id:
			return nil // a parameter, or destructured from another hook's result
		default:
			// Declared outside the hook: a module function, or one of the enclosing factory.
			out.kind = fetcherStable
			out.fn = a.readableFn(tf, v, depth+1)
		}
	case *shim.EImportIdentifier:
		out.kind = fetcherStable
		out.fn = a.readableFn(tf, v, depth+1)
	default:
		return nil
	}
	return out
}

// readableFn is the function body behind an expression, when there is one to read.
func (a *adapterAnalyzer) readableFn(tf *tcbFile, e shim.Expr, depth int) *tcbFn {
	if depth > tcbMaxDepth {
		return nil
	}
	switch v := e.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		return tf.fnOf(e)
	case *shim.EIdentifier:
		d := tf.decls[v.Ref]
		switch {
		case d == nil:
			return nil
		case d.kind == tcbFunc:
			return d.fn
		case d.kind == tcbVar && len(d.path) == 0 && d.init.Data != nil && d.local == shim.LocalConst:
			return a.readableFn(tf, d.init, depth+1)
		}
	case *shim.EImportIdentifier:
		_, def, ok := ResolveExpr(a.p, tf.file, e)
		if ok && def.IsFunc() {
			return a.fnOfDef(def)
		}
	}
	return nil
}

// ---- value facts ----

// tokenish names hold a token value: accessToken, token, idToken, jwt; not the functions
// that fetch one (getAccessToken, refreshToken, setToken).
func tokenish(name string) bool {
	l := strings.ToLower(name)
	if !strings.HasSuffix(l, "token") && !strings.HasSuffix(l, "jwt") {
		return false
	}
	for _, verb := range []string{"get", "fetch", "refresh", "set", "use", "load", "request", "handle",
		"force", "make", "create", "update", "clear", "ensure"} {
		if strings.HasPrefix(l, verb) {
			return false
		}
	}
	return true
}

// notValueHooks return functions, refs or tuples rather than the value their name suggests.
var notValueHooks = map[string]bool{
	"useRef": true, "useCallback": true, "useState": true, "useReducer": true, "useEffect": true,
	"useLayoutEffect": true, "useTransition": true, "useId": true,
}

// tokenValue reports whether d holds the current token value, captured at render: a field
// such as accessToken of a hook result, state such as `const [token, setToken] = useState()`,
// or a value derived from one (`const t = accessToken ?? null`).
func (a *adapterAnalyzer) tokenValue(tf *tcbFile, d *tcbDecl, depth int) bool {
	if d == nil || d.kind != tcbVar || d.init.Data == nil || depth > tcbMaxDepth {
		return false
	}
	if n := len(d.path); n > 0 {
		last := d.path[n-1]
		if last.key != "" {
			return tokenish(last.key)
		}
		// `const [token, setToken] = useState(...)`: element 0 is the state value.
		if call, ok := d.init.Data.(*shim.ECall); ok && n == 1 && last.index == 0 {
			return isHookName(tf.callee(call.Target)) && tokenish(d.name)
		}
		return false
	}
	switch v := d.init.Data.(type) {
	case *shim.ECall:
		return !notValueHooks[tf.callee(v.Target)] && tokenish(d.name)
	case *shim.EDot:
		return tokenish(v.Name) || v.Name == "current" && tokenish(d.name)
	}
	for _, leaf := range valueLeaves(d.init, nil) {
		if id, ok := leaf.Data.(*shim.EIdentifier); ok {
			if a.tokenValue(tf, tf.decls[id.Ref], depth+1) {
				return true
			}
		}
	}
	return false
}

// renderCreated reports whether d is an object or function created anew on every run of the
// body that declares it.
func renderCreated(d *tcbDecl) bool {
	if d == nil {
		return false
	}
	if d.kind == tcbFunc {
		return true
	}
	if d.kind != tcbVar || len(d.path) > 0 {
		return false
	}
	switch d.init.Data.(type) {
	case *shim.EObject, *shim.EArray, *shim.EArrow, *shim.EFunction, *shim.ENew, *shim.EClass, *shim.EJSXElement, *shim.ERegExp:
		return true
	}
	return false
}

// valueLeaves lists the expressions whose value e can evaluate to: both sides of ?? and ||,
// the right of && and of a comma, both branches of a ternary, the operand of await.
func valueLeaves(e shim.Expr, out []shim.Expr) []shim.Expr {
	switch v := e.Data.(type) {
	case *shim.EBinary:
		switch v.Op {
		case shim.BinOpNullishCoalescing, shim.BinOpLogicalOr:
			return valueLeaves(v.Right, valueLeaves(v.Left, out))
		case shim.BinOpLogicalAnd, shim.BinOpComma:
			return valueLeaves(v.Right, out)
		}
	case *shim.EIf:
		return valueLeaves(v.No, valueLeaves(v.Yes, out))
	case *shim.EAwait:
		return valueLeaves(v.Value, out)
	}
	return append(out, e)
}

// exprEnd is the end offset of a simple expression (identifier or member chain).
func (tf *tcbFile) exprEnd(e shim.Expr) int {
	switch v := e.Data.(type) {
	case *shim.EDot:
		return int(v.NameLoc.Start) + len(v.Name)
	case *shim.EIdentifier, *shim.EImportIdentifier:
		_, end := tf.nameRange(e.Loc)
		return end
	case *shim.EIndex:
		if _, ok := v.Index.Data.(*shim.EString); ok {
			r := shim.RangeOfString(tf.src, v.Index.Loc)
			return int(r.Loc.Start+r.Len) + 1
		}
	}
	_, end := tf.nameRange(e.Loc)
	return end
}

// text is the source of [start, end), on one line.
func (tf *tcbFile) text(start, end int) string {
	if start < 0 || end > len(tf.src) || start >= end {
		return ""
	}
	s := tf.src[start:end]
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// projectMentions reports whether any lint target among the project's JS files contains one of
// words: project checks use it to skip the whole analysis when an editor lints one unrelated file.
func projectMentions(p *project.Project, words ...string) bool {
	for _, f := range p.Files {
		if f.Kind != project.KindJS || !p.IsTarget(f.Path) {
			continue
		}
		src, err := f.Content()
		if err != nil {
			continue
		}
		for _, w := range words {
			if strings.Contains(src, w) {
				return true
			}
		}
	}
	return false
}
