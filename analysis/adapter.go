package analysis

import (
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Shared analysis of the adapter hook given to `<ConvexProviderWithAuth useAuth={X}>`: which
// function X is (a local or imported hook, one returned by useMemo or built by a factory, as
// @convex-dev/workos does), which fetchAccessToken that hook returns and how it is built. The
// rules unstable-fetch-access-token and ignored-force-refresh-token read the result.

// MaxDepth bounds the alias, factory and derivation chains followed.
const MaxDepth = 6

// Adapters analyses the adapter hooks of one project; it caches per-file scope facts.
type Adapters struct {
	p        *project.Project
	files    map[*project.File]*FileScope
	contexts map[contextKey][]providedValue
}

// NewAdapters starts the analysis of a project's adapter hooks.
func NewAdapters(p *project.Project) *Adapters {
	return &Adapters{p: p, files: map[*project.File]*FileScope{}, contexts: map[contextKey][]providedValue{}}
}

// FileScope is a parsed file with its declarations and the functions that own them.
type FileScope struct {
	File    *project.File
	Tree    *shim.AST
	Src     string
	Imports Imports
	Decls   map[shim.Ref]*Decl
}

// DeclKind says how a binding is declared.
type DeclKind uint8

const (
	DeclVar   DeclKind = iota // const/let/var, possibly destructured
	DeclFunc                  // function declaration
	DeclParam                 // function parameter (or part of one)
)

// Decl is one binding. owner is the function whose body declares it (a *shim.Fn or
// *shim.EArrow), nil at module scope: "declared in the hook body" is owner == hook.id.
type Decl struct {
	Kind       DeclKind
	Ref        shim.Ref
	Name       string
	Start, End int
	Owner      any
	Local      shim.LocalKind
	Init       shim.Expr  // DeclVar: the initializer of the whole declarator
	Path       []PathStep // DeclVar: the binding's place in a destructuring pattern
	Fn         *Func      // DeclFunc
}

// PathStep is one level of a destructuring pattern: an object key or an array index.
type PathStep struct {
	Key   string
	Index int
}

// Func is a function whose body can be read.
type Func struct {
	Scope *FileScope
	ID    any // *shim.Fn or *shim.EArrow: the owner of its declarations
	Args  []shim.Arg
	Body  []shim.Stmt
	Name  string
}

// file parses and indexes f once; nil when it is not JS or does not parse.
func (a *Adapters) file(f *project.File) *FileScope {
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
	tf := &FileScope{File: f, Tree: tree, Src: src, Imports: ImportsOf(tree), Decls: map[shim.Ref]*Decl{}}
	tf.index()
	a.files[f] = tf
	return tf
}

// Scope is f parsed and indexed; nil when it is not JS or does not parse.
func (a *Adapters) Scope(f *project.File) *FileScope { return a.file(f) }

// FuncNode says whether n is a function and gives its identity, parameters and body.
func FuncNode(n parser.Node) (id any, args []shim.Arg, body []shim.Stmt, ok bool) {
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

// ownerOf is the innermost function among the cursor's ancestors, nil at module scope.
func ownerOf(c *parser.Cursor) any {
	anc := c.Ancestors()
	for i := len(anc) - 1; i >= 0; i-- {
		if id, _, _, ok := FuncNode(anc[i]); ok {
			return id
		}
	}
	return nil
}

func (tf *FileScope) nameRange(loc shim.Loc) (int, int) {
	r := shim.RangeOfIdentifier(tf.Src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

func (tf *FileScope) index() {
	parser.Inspect(tf.Tree, func(n parser.Node, c *parser.Cursor) bool {
		if id, args, _, ok := FuncNode(n); ok {
			for _, a := range args {
				tf.bind(a.Binding, nil, func(d *Decl) { d.Kind, d.Owner = DeclParam, id })
			}
		}
		st, ok := n.(shim.Stmt)
		if !ok {
			return true
		}
		switch s := st.Data.(type) {
		case *shim.SFunction:
			if s.Fn.Name != nil {
				d := &Decl{Kind: DeclFunc, Ref: s.Fn.Name.Ref, Name: shim.SymbolName(tf.Tree, s.Fn.Name.Ref), Owner: ownerOf(c)}
				d.Start, d.End = tf.nameRange(s.Fn.Name.Loc)
				d.Fn = &Func{Scope: tf, ID: &s.Fn, Args: s.Fn.Args, Body: s.Fn.Body.Block.Stmts, Name: d.Name}
				tf.Decls[d.Ref] = d
			}
		case *shim.SLocal:
			owner := ownerOf(c)
			for _, decl := range s.Decls {
				init := decl.ValueOrNil
				tf.bind(decl.Binding, nil, func(d *Decl) {
					d.Kind, d.Owner, d.Local, d.Init = DeclVar, owner, s.Kind, init
				})
			}
		}
		return true
	})
}

// bind records every identifier of a binding pattern with its destructuring path.
func (tf *FileScope) bind(b shim.Binding, path []PathStep, set func(*Decl)) {
	switch v := b.Data.(type) {
	case *shim.BIdentifier:
		d := &Decl{Ref: v.Ref, Name: shim.SymbolName(tf.Tree, v.Ref), Path: path}
		d.Start, d.End = tf.nameRange(b.Loc)
		set(d)
		tf.Decls[v.Ref] = d
	case *shim.BArray:
		for i, it := range v.Items {
			tf.bind(it.Binding, append(path[:len(path):len(path)], PathStep{Index: i}), set)
		}
	case *shim.BObject:
		for _, p := range v.Properties {
			key := "..."
			if k, ok := p.Key.Data.(*shim.EString); ok && !p.IsComputed && !p.IsSpread {
				key = shim.StringValue(k)
			}
			tf.bind(p.Value, append(path[:len(path):len(path)], PathStep{Key: key}), set)
		}
	}
}

// fnOf is the readable function an expression is: a function or arrow literal.
func (tf *FileScope) fnOf(e shim.Expr) *Func {
	switch v := e.Data.(type) {
	case *shim.EArrow:
		return &Func{Scope: tf, ID: v, Args: v.Args, Body: v.Body.Block.Stmts}
	case *shim.EFunction:
		fn := &Func{Scope: tf, ID: &v.Fn, Args: v.Fn.Args, Body: v.Fn.Body.Block.Stmts}
		if v.Fn.Name != nil {
			fn.Name = shim.SymbolName(tf.Tree, v.Fn.Name.Ref)
		}
		return fn
	}
	return nil
}

// fnOfDef turns a resolved definition into a readable function.
func (a *Adapters) fnOfDef(def Definition) *Func {
	tf := a.file(def.File)
	if tf == nil {
		return nil
	}
	switch {
	case def.Fn != nil:
		return &Func{Scope: tf, ID: def.Fn, Args: def.Fn.Args, Body: def.Fn.Body.Block.Stmts, Name: def.Name}
	case def.Arrow != nil:
		return &Func{Scope: tf, ID: def.Arrow, Args: def.Arrow.Args, Body: def.Arrow.Body.Block.Stmts, Name: def.Name}
	}
	return nil
}

// Callee is the name a call target goes by: the imported name for imports, else the local or
// member name ("React.useMemo" is "useMemo").
func (tf *FileScope) Callee(e shim.Expr) string {
	if imp, ok := tf.Imports.Resolve(e); ok && imp.Name != "default" && imp.Name != "*" {
		return imp.Name
	}
	return CalleeName(tf.Tree, e)
}

// Returns lists the values of a body's own return statements (not those of nested functions).
func Returns(body []shim.Stmt) []shim.Expr {
	var out []shim.Expr
	parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
		if _, _, _, isFn := FuncNode(n); isFn {
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
func (fn *Func) singleReturn() (shim.Expr, bool) {
	rs := Returns(fn.Body)
	if len(rs) != 1 {
		return shim.Expr{}, false
	}
	return rs[0], true
}

// ---- adapter sites ----

// adapterSite is one `<ConvexProviderWithAuth useAuth={value}>`.
type adapterSite struct {
	f     *FileScope
	value shim.Expr
}

// adapterSites finds every ConvexProviderWithAuth of convex/react in the JS files among files.
func (a *Adapters) adapterSites(files []*project.File) []adapterSite {
	var out []adapterSite
	for _, f := range files {
		if f.Kind != project.KindJS {
			continue
		}
		if !mentions(f, "ConvexProviderWithAuth") {
			continue
		}
		tf := a.file(f)
		if tf == nil {
			continue
		}
		parser.Inspect(tf.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			e, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			jsx, ok := e.Data.(*shim.EJSXElement)
			if !ok || jsx.TagOrNil.Data == nil || !NamesExport(a.p, tf.File, tf.Imports, jsx.TagOrNil, "ConvexProviderWithAuth", ConvexReact) {
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

// NamesExport reports whether e names export name of module, imported directly or through the
// project's own re-exports (`export { ConvexProviderWithAuth } from "convex/react"` in a barrel).
func NamesExport(p *project.Project, f *project.File, im Imports, e shim.Expr, name, module string) bool {
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

// Hooks resolves the useAuth hook of every ConvexProviderWithAuth of the apps (AppFiles), each
// hook once.
func (a *Adapters) Hooks() []*Func { return a.HooksOf(AppFiles(a.p)) }

// HooksOf is Hooks for the ConvexProviderWithAuth elements of files; other files are read
// only as the hooks' resolution reaches them.
func (a *Adapters) HooksOf(files []*project.File) []*Func {
	var out []*Func
	seen := map[any]bool{}
	for _, s := range a.adapterSites(files) {
		if h := a.resolveHook(s.f, s.value, 0); h != nil && !seen[h.ID] {
			seen[h.ID] = true
			out = append(out, h)
		}
	}
	return out
}

// Entries are the functions of f that a ConvexProviderWithAuth in another file can reach, as
// its hook or as a fetchAccessToken: f's exported functions, what its exported values resolve
// to as hooks, and the functions its exported factories return (a few calls deep). A check
// that judges them harmless can leave the other files' sites unread when only f is linted.
func (a *Adapters) Entries(f *project.File) []*Func {
	idx := cacheOf(a.p).index(f)
	if idx == nil {
		return nil
	}
	names := make([]string, 0, len(idx.exports))
	for name := range idx.exports {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []*Func
	seen := map[any]bool{}
	add := func(fn *Func) bool {
		if fn == nil || seen[fn.ID] {
			return false
		}
		seen[fn.ID] = true
		out = append(out, fn)
		return true
	}
	for _, name := range names {
		df, def, ok := ResolveExport(a.p, f, name)
		if !ok || df != f {
			continue // defined elsewhere: that file's own entries
		}
		if def.IsFunc() {
			add(a.fnOfDef(def))
		} else if def.Value.Data != nil {
			if tf := a.file(f); tf != nil {
				add(a.resolveHook(tf, def.Value, 1))
			}
		}
	}
	// A factory's result: `makeHook(useAuth)` at a site elsewhere is the function it returns.
	for i := 0; i < len(out) && i < 64; i++ {
		if r, ok := out[i].singleReturn(); ok {
			add(a.resolveHook(out[i].Scope, r, 1))
		}
	}
	return out
}

// DisplayName is how messages call a function.
func (fn *Func) DisplayName() string {
	if fn.Name != "" {
		return fn.Name
	}
	return "the adapter hook"
}

// ---- resolving the hook ----

// resolveHook finds the function an expression evaluates to when used as a hook: a function
// literal, a declared or imported function, the function a useMemo factory returns, or the
// one a factory call (`makeHook(useAuth)`, `useUseAuthFromAuthKit(useAuth)`) returns.
func (a *Adapters) resolveHook(tf *FileScope, e shim.Expr, depth int) *Func {
	if depth > MaxDepth || e.Data == nil {
		return nil
	}
	switch v := e.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		return tf.fnOf(e)
	case *shim.EIdentifier:
		d := tf.Decls[v.Ref]
		if d == nil {
			return nil
		}
		switch {
		case d.Kind == DeclFunc:
			return d.Fn
		case d.Kind == DeclVar && len(d.Path) == 0 && d.Init.Data != nil:
			fn := a.resolveHook(tf, d.Init, depth+1)
			if fn != nil && fn.Name == "" {
				fn.Name = d.Name
			}
			return fn
		}
	case *shim.EImportIdentifier, *shim.EDot:
		return a.resolveImported(tf, e, depth)
	case *shim.ECall:
		switch tf.Callee(v.Target) {
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
				return a.resolveHook(factory.Scope, r, depth+1)
			}
		}
	}
	return nil
}

// resolveImported follows an imported binding (or ns.Name) to its definition in a project file.
func (a *Adapters) resolveImported(tf *FileScope, e shim.Expr, depth int) *Func {
	_, def, ok := ResolveExpr(a.p, tf.File, e)
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

// ---- value facts ----

// Tokenish names hold a token value: accessToken, token, idToken, jwt; not the functions
// that fetch one (getAccessToken, refreshToken, setToken).
func Tokenish(name string) bool {
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

// TokenValue reports whether d holds the current token value, captured at render: a field
// such as accessToken of a hook result, state such as `const [token, setToken] = useState()`,
// or a value derived from one (`const t = accessToken ?? null`).
func (a *Adapters) TokenValue(tf *FileScope, d *Decl, depth int) bool {
	if d == nil || d.Kind != DeclVar || d.Init.Data == nil || depth > MaxDepth {
		return false
	}
	if n := len(d.Path); n > 0 {
		last := d.Path[n-1]
		if last.Key != "" {
			return Tokenish(last.Key)
		}
		// `const [token, setToken] = useState(...)`: element 0 is the state value.
		if call, ok := d.Init.Data.(*shim.ECall); ok && n == 1 && last.Index == 0 {
			return IsHookName(tf.Callee(call.Target)) && Tokenish(d.Name)
		}
		return false
	}
	switch v := d.Init.Data.(type) {
	case *shim.ECall:
		return !notValueHooks[tf.Callee(v.Target)] && Tokenish(d.Name)
	case *shim.EDot:
		return Tokenish(v.Name) || v.Name == "current" && Tokenish(d.Name)
	}
	for _, leaf := range ValueLeaves(d.Init, nil) {
		if id, ok := leaf.Data.(*shim.EIdentifier); ok {
			if a.TokenValue(tf, tf.Decls[id.Ref], depth+1) {
				return true
			}
		}
	}
	return false
}

// RenderCreated reports whether d is an object or function created anew on every run of the
// body that declares it.
func RenderCreated(d *Decl) bool {
	if d == nil {
		return false
	}
	if d.Kind == DeclFunc {
		return true
	}
	if d.Kind != DeclVar || len(d.Path) > 0 {
		return false
	}
	switch d.Init.Data.(type) {
	case *shim.EObject, *shim.EArray, *shim.EArrow, *shim.EFunction, *shim.ENew, *shim.EClass, *shim.EJSXElement, *shim.ERegExp:
		return true
	}
	return false
}

// ValueLeaves lists the expressions whose value e can evaluate to: both sides of ?? and ||,
// the right of && and of a comma, both branches of a ternary, the operand of await.
func ValueLeaves(e shim.Expr, out []shim.Expr) []shim.Expr {
	switch v := e.Data.(type) {
	case *shim.EBinary:
		switch v.Op {
		case shim.BinOpNullishCoalescing, shim.BinOpLogicalOr:
			return ValueLeaves(v.Right, ValueLeaves(v.Left, out))
		case shim.BinOpLogicalAnd, shim.BinOpComma:
			return ValueLeaves(v.Right, out)
		}
	case *shim.EIf:
		return ValueLeaves(v.No, ValueLeaves(v.Yes, out))
	case *shim.EAwait:
		return ValueLeaves(v.Value, out)
	}
	return append(out, e)
}

// ExprEnd is the end offset of a simple expression (identifier or member chain).
func (tf *FileScope) ExprEnd(e shim.Expr) int {
	if end, ok := MemberEnd(tf.Src, e); ok {
		return end
	}
	_, end := tf.nameRange(e.Loc)
	return end
}

// Text is the source of [start, end), on one line.
func (tf *FileScope) Text(start, end int) string {
	if start < 0 || end > len(tf.Src) || start >= end {
		return ""
	}
	s := tf.Src[start:end]
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}
