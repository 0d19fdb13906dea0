package analysis

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// The component graph: per-file facts (imports, components, hook calls, rendered elements and
// the conditions they render under) joined across files through ResolveImport/ResolveExport.
// It starts from the files that import Convex or WorkOS packages (Seeds) and reaches other
// files only when a rule asks: the target of an element, the definition of a custom hook,
// the places that render a component. Facts are computed once per file and shared by rules.
//
// Typical use in a CheckProject:
//
//	g := GraphOf(c.Project)
//	for _, ff := range g.Seeds() {
//		for _, el := range ff.Elements {          // every JSX element, module level included
//			if el.Is("ConvexProvider", "convex/react") { ... el.Prop("client") ... }
//		}
//		for _, comp := range ff.Components {      // components and hooks
//			for _, h := range comp.Hooks {        // h.Is("useQuery", "convex/react"), h.Def()
//			}
//		}
//	}
//	el.Target()          // the component an element renders, in whatever file
//	g.RenderSites(comp)  // the elements that render a component, across the project
//	g.Facts(file)        // any JS file's facts, computed on demand
//
// Element.Is and HookCall.Is never parse another file to say no, so checking every element
// against a few names is cheap; Origin, Target and Def resolve (and parse) on demand.

// Graph is one project's component graph, kept in the project's Memo (one per run).
type Graph struct {
	proj *project.Project

	seedsOnce sync.Once
	seeds     []*FileFacts

	mu    sync.Mutex
	files map[*project.File]*factsEntry
	sites map[*Component][]*Element
}

type factsEntry struct {
	once  sync.Once
	facts *FileFacts
}

// GraphOf returns the project's graph; it is built once, on first use, and its per-file facts
// lazily as rules reach files.
func GraphOf(p *project.Project) *Graph {
	pc := cacheOf(p)
	pc.graphOnce.Do(func() {
		pc.graph = &Graph{proj: p, files: map[*project.File]*factsEntry{}, sites: map[*Component][]*Element{}}
	})
	return pc.graph
}

// Project is the project the graph was built for.
func (g *Graph) Project() *project.Project { return g.proj }

// Seeds are the facts of the JS files that import a Convex or WorkOS client package (by a
// text check, then parsed), sorted by path.
func (g *Graph) Seeds() []*FileFacts {
	g.seedsOnce.Do(func() {
		if p := g.Project(); p != nil {
			g.seeds = g.SeedsOf(p.Files)
		}
	})
	return g.seeds
}

// SeedsOf are the seeds among files, in their order; other files are not read. A check that
// reports only in seeds, from facts it reaches outward from the reporting file, starts from
// SeedsOf(p.Targets): the seeds of a whole-project run, only the linted ones when a few
// files are.
func (g *Graph) SeedsOf(files []*project.File) []*FileFacts {
	var seeds []*project.File
	for _, f := range files {
		if f.Kind == project.KindJS && isSeedText(f) && !LibrarySource(g.proj, f) {
			seeds = append(seeds, f)
		}
	}
	facts := make([]*FileFacts, len(seeds))
	parallel(len(seeds), func(i int) { facts[i] = g.Facts(seeds[i]) })
	out := facts[:0]
	for _, ff := range facts {
		if ff != nil {
			out = append(out, ff)
		}
	}
	return out
}

// parallel calls fn(0) … fn(n-1) on a pool of one worker per core: parsing a file and building
// its facts is independent of every other file's.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// FileFacts is what the graph knows of one file.
type FileFacts struct {
	File    *project.File
	Tree    *shim.AST
	Imports Imports
	// Components are the module-level functions that render JSX, are named in PascalCase, or
	// are hooks (use*), in source order.
	Components []*Component
	// Module holds what runs at module level: `createRoot(el).render(<App />)`, route tables,
	// and JSX in functions that are not components.
	Module *Component
	// Elements lists every JSX element of the file (components' and Module's), in source order.
	Elements []*Element

	byStart map[int]*Component
}

// Component is a function component or a hook (or the module-level pseudo-component).
type Component struct {
	File     *project.File
	Facts    *FileFacts
	Def      Definition // zero for Module
	Name     string     // "" for Module and anonymous default exports
	IsHook   bool       // named use*
	IsModule bool
	Hooks    []*HookCall // calls to use* functions outside nested functions, in source order
	Elements []*Element  // JSX elements anywhere in the body, nested functions included
	// Slots are where the component renders the children it was given, outside nested
	// functions: `return children`, `<>{children}</>`, `{props.children}`.
	Slots []*Slot
	graph *Graph
}

// Slot is a place where a component renders its `children` prop, with the conditions it
// renders under: `if (!user) return <SignIn />; return children` renders them under !user
// negated.
type Slot struct {
	Loc    int
	Parent *Element // the enclosing element, nil at the top
	Conds  *CondList
}

// HookCall is a call to a use* function in a component's body.
type HookCall struct {
	Owner      *Component
	Call       *shim.ECall
	Callee     shim.Expr
	Name       string // the callee's local name (`useWorkOSAuth` for `useAuth as useWorkOSAuth`)
	Start, End int    // the call, callee to closing parenthesis
	// Result is the binding the call initializes (`const { user } = useAuth()`); its Data is
	// nil when the result is not bound directly.
	Result shim.Binding

	once    sync.Once
	origin  Import
	isPkg   bool
	defFile *project.File
	def     Definition
	hasDef  bool
}

func (h *HookCall) resolve() {
	h.once.Do(func() {
		h.origin, h.isPkg, h.defFile, h.def, h.hasDef = h.Owner.graph.ResolveExpr(h.Owner.File, h.Owner.Facts.Imports, h.Callee)
	})
}

// Origin is the package export the hook is, following the project's re-exports.
func (h *HookCall) Origin() (Import, bool) { h.resolve(); return h.origin, h.isPkg }

// Def is the project definition of a custom hook (another component-graph node: see
// Graph.ComponentOf).
func (h *HookCall) Def() (*project.File, Definition, bool) {
	h.resolve()
	return h.defFile, h.def, h.hasDef
}

// Is reports whether the hook is export name of one of the modules.
func (h *HookCall) Is(name string, modules ...string) bool {
	if !h.Owner.graph.mayBe(h.Owner, h.Callee, name) {
		return false
	}
	imp, ok := h.Origin()
	return ok && imp.Name == name && hasModule(imp.Module, modules)
}

// Element is one JSX element (fragments included, with an empty TagName).
type Element struct {
	Owner      *Component
	JSX        *shim.EJSXElement
	Loc        int      // the element's start (`<`)
	TagName    string   // as written: "div", "AuthKitProvider", "Foo.Bar"; "" for fragments
	Start, End int      // the tag name; the `<` for fragments
	Parent     *Element // the enclosing element in the same component, nil at the top
	// Conds are the conditions on the way from the component's start to the element:
	// `a && <X/>`, ternaries, `if (...)` blocks and early `if (...) return`s; nil when none.
	Conds *CondList
	// RootRender marks module-level markup handed to createRoot(...).render, ReactDOM.render
	// or hydrateRoot: the top of a React tree.
	RootRender bool

	once   sync.Once
	origin Import
	isPkg  bool
	target *Component
}

// CondKind says which construct a condition comes from.
type CondKind uint8

const (
	CondAnd         CondKind = iota // a && <X/>
	CondOr                          // a || <X/> (renders when a is falsy)
	CondTernary                     // a ? <X/> : <Y/>
	CondIf                          // if (a) { return <X/> } else { ... }
	CondEarlyReturn                 // if (a) return ...; later code renders only when a is falsy
)

// Cond is one condition an element renders under.
type Cond struct {
	Test    shim.Expr
	Negated bool // the element renders when Test is falsy
	Kind    CondKind
}

// MaxCondDepth bounds the conditions kept on one path: real components nest a handful, and a
// generated 10,000-branch `else if` router would otherwise hand every consumer a list as long
// as the file. Deeper conditions are dropped and the list is marked Truncated.
const MaxCondDepth = 256

// CondList is a persistent list of the conditions on the way to a node, innermost first: each
// level adds one node pointing at the list above it, so sibling branches share their common
// prefix and the lists of a whole body cost one node per condition (copying a slice at every
// level cost memory quadratic in the nesting depth). nil is the empty list. Consumers that
// fold over a list can memoize per node, since a node's Up never changes.
type CondList struct {
	Cond Cond
	Up   *CondList // the enclosing conditions; nil at the top
	// Len is the number of conditions in the list.
	Len int
	// Truncated marks a list that reached MaxCondDepth: some conditions on the way were
	// dropped, so what the node runs under is not all known.
	Truncated bool
}

// With is l with c added innermost. Past MaxCondDepth it returns a list marked Truncated
// without growing.
func (l *CondList) With(c Cond) *CondList {
	if l != nil && l.Len >= MaxCondDepth {
		if l.Truncated {
			return l
		}
		return &CondList{Cond: l.Cond, Up: l.Up, Len: l.Len, Truncated: true}
	}
	n := &CondList{Cond: c, Up: l, Len: 1}
	if l != nil {
		n.Len = l.Len + 1
		n.Truncated = l.Truncated
	}
	return n
}

// Slice lists the conditions outermost first (at most MaxCondDepth of them).
func (l *CondList) Slice() []Cond {
	if l == nil {
		return nil
	}
	out := make([]Cond, l.Len)
	for n, i := l, l.Len-1; n != nil; n, i = n.Up, i-1 {
		out[i] = n.Cond
	}
	return out
}

func (e *Element) resolve() {
	e.once.Do(func() {
		if e.JSX.TagOrNil.Data == nil {
			return
		}
		if _, intrinsic := e.JSX.TagOrNil.Data.(*shim.EString); intrinsic {
			return
		}
		g := e.Owner.graph
		var file *project.File
		var def Definition
		var ok bool
		e.origin, e.isPkg, file, def, ok = g.ResolveExpr(e.Owner.File, e.Owner.Facts.Imports, e.JSX.TagOrNil)
		if ok {
			e.target = g.ComponentOf(file, def)
		}
	})
}

// Origin is the package export the tag names (`AuthKitProvider` from "@workos-inc/authkit-react").
func (e *Element) Origin() (Import, bool) { e.resolve(); return e.origin, e.isPkg }

// Target is the project component the tag renders, nil for intrinsic elements, package
// components and tags the graph cannot resolve.
func (e *Element) Target() *Component { e.resolve(); return e.target }

// Is reports whether the tag is export name of one of the modules.
func (e *Element) Is(name string, modules ...string) bool {
	if e.JSX.TagOrNil.Data == nil || !e.Owner.graph.mayBe(e.Owner, e.JSX.TagOrNil, name) {
		return false
	}
	imp, ok := e.Origin()
	return ok && imp.Name == name && hasModule(imp.Module, modules)
}

// mayBe is Is's fast path: it rules out, without parsing other files, an expression that
// cannot name a package's export `name`: a local binding that is not an alias, a direct
// package import of another name, or an import of another name from a project file (a
// re-export that renames a package's export is not followed by Is). Checking every element
// against a few names then costs no parse.
func (g *Graph) mayBe(c *Component, e shim.Expr, name string) bool {
	if _, intrinsic := e.Data.(*shim.EString); intrinsic {
		return false
	}
	if imp, ok := c.Facts.Imports.Resolve(e); ok {
		return imp.Name == name || imp.Name == "*"
	}
	var ref shim.Ref
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		ref = v.Ref
	default:
		return true
	}
	d, ok := c.LocalDecl(ref)
	if !ok {
		return false
	}
	switch d.Value.Data.(type) {
	case *shim.EIdentifier, *shim.EImportIdentifier:
		return true // const X = Authenticated
	}
	return false
}

// LocalDecl is the declaration of ref in c's file (at any depth: refs are unique per file).
func (c *Component) LocalDecl(ref shim.Ref) (Definition, bool) {
	p := c.graph.Project()
	if p == nil {
		return Definition{}, false
	}
	idx := cacheOf(p).index(c.File)
	if idx == nil {
		return Definition{}, false
	}
	return idx.decl(ref)
}

// Graph is the graph c belongs to.
func (c *Component) Graph() *Graph { return c.graph }

// Prop returns the value of attribute name (`client={convex}`); for `<X devMode />` the value
// is an EBoolean true.
func (e *Element) Prop(name string) (value shim.Expr, keyStart int, ok bool) {
	for i := len(e.JSX.Properties) - 1; i >= 0; i-- {
		p := &e.JSX.Properties[i]
		if p.Kind == shim.PropertySpread {
			continue
		}
		if k, isStr := p.Key.Data.(*shim.EString); isStr && shim.StringValue(k) == name {
			return p.ValueOrNil, int(p.Key.Loc.Start), true
		}
	}
	return shim.Expr{}, 0, false
}

// HasSpread reports a `{...props}` attribute: any attribute may then come from elsewhere.
func (e *Element) HasSpread() bool {
	for i := range e.JSX.Properties {
		if e.JSX.Properties[i].Kind == shim.PropertySpread {
			return true
		}
	}
	return false
}

// Ancestors lists the enclosing elements in the same component, innermost first.
func (e *Element) Ancestors() []*Element {
	var out []*Element
	for a := e.Parent; a != nil; a = a.Parent {
		out = append(out, a)
	}
	return out
}

func hasModule(m string, modules []string) bool {
	for _, x := range modules {
		if m == x {
			return true
		}
	}
	return false
}

// ResolveExpr resolves a callee or tag: a direct package import without parsing anything,
// else through the project's files.
func (g *Graph) ResolveExpr(f *project.File, im Imports, e shim.Expr) (Import, bool, *project.File, Definition, bool) {
	if imp, ok := im.Resolve(e); ok && isPackageSpec(imp.Module) {
		if p := g.Project(); p == nil || ResolveImport(p, f, imp.Module) == nil {
			return imp, true, nil, Definition{}, false
		}
	}
	p := g.Project()
	if p == nil {
		return Import{}, false, nil, Definition{}, false
	}
	t := cacheOf(p).expr(p, f, e, 0)
	return t.pkg, t.isPkg, t.file, t.def, t.ok
}

// Facts returns the facts of a JS file, computing them once; nil for other kinds and files
// with syntax errors.
func (g *Graph) Facts(f *project.File) *FileFacts {
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	g.mu.Lock()
	e := g.files[f]
	if e == nil {
		e = &factsEntry{}
		g.files[f] = e
	}
	g.mu.Unlock()
	e.once.Do(func() {
		p := g.Project()
		if p == nil {
			return
		}
		if idx := cacheOf(p).index(f); idx != nil {
			e.facts = g.build(f, idx)
		}
	})
	return e.facts
}

// ComponentOf is the graph node of a definition: nil when it is not a component or hook.
func (g *Graph) ComponentOf(f *project.File, d Definition) *Component {
	ff := g.Facts(f)
	if ff == nil {
		return nil
	}
	return ff.byStart[d.Start]
}

// RenderSites lists the elements that render c, across the project. Candidate files are c's
// own file and those that import it, directly or through barrels that re-export it (the
// project's import graph, built once from the files' text); only they are parsed. Unknown
// render sites (a router config string, a dynamic import) are not found.
func (g *Graph) RenderSites(c *Component) []*Element {
	if c == nil || c.IsModule {
		return nil
	}
	g.mu.Lock()
	sites, done := g.sites[c]
	g.mu.Unlock()
	if done {
		return sites
	}
	p := g.Project()
	if p == nil {
		return nil
	}
	seen := map[*project.File]bool{c.File: true}
	queue := []*project.File{c.File}
	// The names c is exported under so far, for barrels that re-export with `export *`.
	names := map[string]bool{}
	if c.Name != "" {
		names[c.Name] = true
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		ff := g.Facts(f)
		if ff == nil {
			continue
		}
		for _, el := range ff.Elements {
			if el.TagName == "" || !strings.Contains(el.TagName, ".") && !isUpper(el.TagName) {
				continue
			}
			if el.Target() == c {
				sites = append(sites, el)
			}
		}
		// The files importing f can render c when f is c's file or a barrel re-exporting c.
		if !reexports(p, f, c, names) && f != c.File {
			continue
		}
		for _, imp := range g.Importers(f) {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	sort.SliceStable(sites, func(i, j int) bool {
		if sites[i].Owner.File.Path != sites[j].Owner.File.Path {
			return sites[i].Owner.File.Path < sites[j].Owner.File.Path
		}
		return sites[i].Loc < sites[j].Loc
	})
	g.mu.Lock()
	g.sites[c] = sites
	g.mu.Unlock()
	return sites
}

// reexports reports whether f exports c (defined there or re-exported), adding the names it
// exports c under to names.
func reexports(p *project.Project, f *project.File, c *Component, names map[string]bool) bool {
	idx := cacheOf(p).index(f)
	if idx == nil {
		return false
	}
	found := false
	for name := range idx.exports {
		if xf, d, ok := ResolveExport(p, f, name); ok && xf == c.File && d.Start == c.Def.Start {
			names[name] = true
			found = true
		}
	}
	if len(idx.stars) > 0 {
		for name := range names {
			if xf, d, ok := ResolveExport(p, f, name); ok && xf == c.File && d.Start == c.Def.Start {
				found = true
			}
		}
	}
	return found
}

// ContainsAnyKey reports whether s contains one of the keys of words.
func ContainsAnyKey(s string, words map[string]bool) bool {
	for w := range words {
		if parser.Contains(s, w) {
			return true
		}
	}
	return false
}

func isUpper(name string) bool {
	for _, r := range name {
		return unicode.IsUpper(r)
	}
	return false
}

// IsHookName reports use, useX and use0 names.
func IsHookName(name string) bool {
	if !strings.HasPrefix(name, "use") {
		return false
	}
	rest := name[len("use"):]
	if rest == "" {
		return true
	}
	r := rest[0]
	return r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// ---- building one file's facts ----

func (g *Graph) build(f *project.File, idx *fileIndex) *FileFacts {
	ff := &FileFacts{File: f, Tree: idx.tree, Imports: idx.imports, byStart: map[int]*Component{}}
	ff.Module = &Component{File: f, Facts: ff, IsModule: true, graph: g}
	inComponent := map[int]bool{} // statement starts owned by a component
	for _, d := range idx.top {
		if !d.IsFunc() {
			continue
		}
		isHook := IsHookName(d.Name)
		if !isHook && !isUpper(d.Name) && !containsJSX(d.Body()) {
			continue
		}
		c := &Component{File: f, Facts: ff, Def: d, Name: d.Name, IsHook: isHook, graph: g}
		ff.Components = append(ff.Components, c)
		ff.byStart[d.Start] = c
		inComponent[d.Start] = true
	}
	for _, c := range ff.Components {
		b := &bodyWalker{c: c, pending: map[shim.Ref]*pendingJSX{}}
		b.walkBody(c.Def.Body())
	}
	// Module level: every top-level statement that is not a component's definition.
	mb := &bodyWalker{c: ff.Module, pending: map[shim.Ref]*pendingJSX{}, module: true, skip: map[*shim.Fn]bool{}, skipArrow: map[*shim.EArrow]bool{}}
	for _, c := range ff.Components {
		if c.Def.Fn != nil {
			mb.skip[c.Def.Fn] = true
		}
		if c.Def.Arrow != nil {
			mb.skipArrow[c.Def.Arrow] = true
		}
	}
	for _, part := range idx.tree.Parts {
		mb.stmts(part.Stmts, walkCtx{})
	}
	mb.flush()
	all := append([]*Component{ff.Module}, ff.Components...)
	for _, c := range all {
		ff.Elements = append(ff.Elements, c.Elements...)
	}
	sort.SliceStable(ff.Elements, func(i, j int) bool { return ff.Elements[i].Loc < ff.Elements[j].Loc })
	return ff
}

// containsJSX reports JSX anywhere in stmts.
func containsJSX(stmts []shim.Stmt) bool {
	found := false
	parser.InspectStmts(stmts, findJSX(&found))
	return found
}

func exprContainsJSX(e shim.Expr) bool {
	found := false
	parser.InspectExpr(e, findJSX(&found))
	return found
}

// findJSX is a visitor that sets *found at the first JSX element.
func findJSX(found *bool) func(parser.Node, *parser.Cursor) bool {
	return func(n parser.Node, _ *parser.Cursor) bool {
		if *found {
			return false
		}
		if e, ok := n.(shim.Expr); ok {
			if _, isJSX := e.Data.(*shim.EJSXElement); isJSX {
				*found = true
				return false
			}
		}
		return true
	}
}

// walkCtx is the state on the way down: the conditions so far, the enclosing element, and
// whether we are inside a nested function (where calls are not the component's hooks).
type walkCtx struct {
	conds      *CondList
	parent     *Element
	nested     bool
	rootRender bool
}

func (c walkCtx) with(cond Cond) walkCtx {
	c.conds = c.conds.With(cond)
	return c
}

// pendingJSX is `const content = user ? <A/> : <B/>` at the top of a body: its elements are
// placed where `content` is rendered, or where it was declared if it never is.
type pendingJSX struct {
	value shim.Expr
	ctx   walkCtx
	used  bool
}

type bodyWalker struct {
	exits     exitMemo
	c         *Component
	pending   map[shim.Ref]*pendingJSX
	order     []shim.Ref
	module    bool
	skip      map[*shim.Fn]bool
	skipArrow map[*shim.EArrow]bool
	results   map[*shim.ECall]shim.Binding
}

func (b *bodyWalker) walkBody(stmts []shim.Stmt) {
	for _, st := range stmts {
		if s, ok := st.Data.(*shim.SLocal); ok {
			for _, d := range s.Decls {
				if id, ok := d.Binding.Data.(*shim.BIdentifier); ok && d.ValueOrNil.Data != nil && isJSXValue(d.ValueOrNil) {
					b.pending[id.Ref] = &pendingJSX{value: d.ValueOrNil}
					b.order = append(b.order, id.Ref)
				}
			}
		}
	}
	b.stmts(stmts, walkCtx{})
	b.flush()
}

// isJSXValue: an initializer that is markup (possibly conditional), not a function or a call
// that merely contains some.
func isJSXValue(e shim.Expr) bool {
	switch v := e.Data.(type) {
	case *shim.EJSXElement:
		return true
	case *shim.EIf:
		return exprContainsJSX(v.Yes) || exprContainsJSX(v.No)
	case *shim.EBinary:
		return (v.Op == shim.BinOpLogicalAnd || v.Op == shim.BinOpLogicalOr) && exprContainsJSX(v.Right)
	}
	return false
}

func (b *bodyWalker) flush() {
	for _, ref := range b.order {
		if pj := b.pending[ref]; !pj.used {
			pj.used = true
			b.expr(pj.value, pj.ctx)
		}
	}
	for call, bind := range b.results {
		for _, h := range b.c.Hooks {
			if h.Call == call {
				h.Result = bind
			}
		}
	}
}

// exitMemo answers alwaysExits once per if statement: asked at every level of an
// `else if` chain, the question would otherwise walk the rest of the chain each time.
type exitMemo map[*shim.SIf]bool

// alwaysExits reports a statement that ends in return or throw on every path we can see.
func (m *exitMemo) alwaysExits(st shim.Stmt) bool {
	switch s := st.Data.(type) {
	case *shim.SReturn, *shim.SThrow:
		return true
	case *shim.SBlock:
		return len(s.Stmts) > 0 && m.alwaysExits(s.Stmts[len(s.Stmts)-1])
	case *shim.SIf:
		if s.NoOrNil.Data == nil {
			return false
		}
		if v, ok := (*m)[s]; ok {
			return v
		}
		v := m.alwaysExits(s.Yes) && m.alwaysExits(s.NoOrNil)
		if *m == nil {
			*m = exitMemo{}
		}
		(*m)[s] = v
		return v
	}
	return false
}

func (b *bodyWalker) stmts(stmts []shim.Stmt, ctx walkCtx) {
	for _, st := range stmts {
		ctx = b.stmt(st, ctx)
	}
}

// stmt walks one statement and returns the context for the statements after it (an early
// return adds a condition to them).
func (b *bodyWalker) stmt(st shim.Stmt, ctx walkCtx) walkCtx {
	switch s := st.Data.(type) {
	case *shim.SFunction:
		if b.skip[&s.Fn] {
			return ctx
		}
		inner := ctx
		inner.nested = true
		b.args(s.Fn.Args, inner)
		b.stmts(s.Fn.Body.Block.Stmts, inner)
		return ctx
	case *shim.SExportDefault:
		if fn, ok := s.Value.Data.(*shim.SFunction); ok && b.skip[&fn.Fn] {
			return ctx
		}
		if e, ok := s.Value.Data.(*shim.SExpr); ok {
			if fn, arrow := FuncOf(b.c.Facts.Tree, e.Value); fn != nil && b.skip[fn] || arrow != nil && b.skipArrow[arrow] {
				return ctx
			}
		}
		b.stmt(s.Value, ctx)
		return ctx
	case *shim.SIf:
		yes, no, after, exits := b.exits.ifConds(s)
		b.expr(s.Test, ctx)
		b.stmt(s.Yes, ctx.with(yes))
		if s.NoOrNil.Data != nil {
			b.stmt(s.NoOrNil, ctx.with(no))
		}
		if exits {
			return ctx.with(after)
		}
		return ctx
	case *shim.SBlock:
		inner := ctx
		for _, x := range s.Stmts {
			inner = b.stmt(x, inner)
		}
		// Conditions from early returns inside a plain block hold after it too.
		return inner
	case *shim.SReturn:
		b.expr(s.ValueOrNil, ctx)
		return ctx
	case *shim.SLocal:
		for _, d := range s.Decls {
			if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
				if pj := b.pending[id.Ref]; pj != nil {
					pj.ctx = ctx
					continue
				}
			}
			b.binding(d.Binding, ctx)
			if call, ok := d.ValueOrNil.Data.(*shim.ECall); ok && !ctx.nested {
				if b.results == nil {
					b.results = map[*shim.ECall]shim.Binding{}
				}
				b.results[call] = d.Binding
			}
			b.expr(d.ValueOrNil, ctx)
		}
		return ctx
	}
	b.generic(st, ctx)
	return ctx
}

// generic visits the direct children of a node with the walker's own dispatch.
func (b *bodyWalker) generic(n parser.Node, ctx walkCtx) {
	eachChild(n, func(child parser.Node) bool {
		switch x := child.(type) {
		case shim.Expr:
			b.expr(x, ctx)
		case shim.Stmt:
			b.stmt(x, ctx)
		case shim.Binding:
			b.binding(x, ctx)
		}
		return false
	})
}

func (b *bodyWalker) args(args []shim.Arg, ctx walkCtx) {
	for _, a := range args {
		b.binding(a.Binding, ctx)
		b.expr(a.DefaultOrNil, ctx)
	}
}

func (b *bodyWalker) binding(bd shim.Binding, ctx walkCtx) {
	// Default values in patterns may hold calls or JSX; walk them like expressions.
	switch v := bd.Data.(type) {
	case *shim.BArray:
		for _, it := range v.Items {
			b.binding(it.Binding, ctx)
			b.expr(it.DefaultValueOrNil, ctx)
		}
	case *shim.BObject:
		for _, p := range v.Properties {
			b.binding(p.Value, ctx)
			b.expr(p.DefaultValueOrNil, ctx)
		}
	}
}

func (b *bodyWalker) expr(e shim.Expr, ctx walkCtx) {
	if e.Data == nil {
		return
	}
	if parts, ok := condParts(e); ok {
		for _, p := range parts {
			if p.conditional {
				b.expr(p.e, ctx.with(p.cond))
			} else {
				b.expr(p.e, ctx)
			}
		}
		return
	}
	switch v := e.Data.(type) {
	case *shim.EJSXElement:
		b.element(e, v, ctx)
		return
	case *shim.EIdentifier:
		if pj := b.pending[v.Ref]; pj != nil && !pj.used {
			pj.used = true
			b.expr(pj.value, ctx)
			return
		}
		if !ctx.nested && !b.module && shim.SymbolName(b.c.Facts.Tree, v.Ref) == "children" {
			b.c.Slots = append(b.c.Slots, &Slot{Loc: int(e.Loc.Start), Parent: ctx.parent, Conds: ctx.conds})
		}
		return
	case *shim.EDot:
		if _, isID := v.Target.Data.(*shim.EIdentifier); isID && v.Name == "children" && !ctx.nested && !b.module {
			b.c.Slots = append(b.c.Slots, &Slot{Loc: int(e.Loc.Start), Parent: ctx.parent, Conds: ctx.conds})
			return
		}
	case *shim.EArrow:
		if b.skipArrow[v] {
			return
		}
		inner := ctx
		inner.nested = true
		b.args(v.Args, inner)
		b.stmts(v.Body.Block.Stmts, inner) // in order, so early returns condition what follows
		return
	case *shim.EFunction:
		if b.skip[&v.Fn] {
			return
		}
		inner := ctx
		inner.nested = true
		b.args(v.Fn.Args, inner)
		b.stmts(v.Fn.Body.Block.Stmts, inner)
		return
	case *shim.ECall:
		if b.module && !ctx.rootRender {
			// createRoot(el).render(<App />), ReactDOM.render(<App />, el), hydrateRoot(el, <App />)
			switch CalleeName(b.c.Facts.Tree, v.Target) {
			case "render", "hydrateRoot", "hydrate":
				b.expr(v.Target, ctx)
				inner := ctx
				inner.rootRender = true
				for _, a := range v.Args {
					b.expr(a, inner)
				}
				return
			}
		}
		if !ctx.nested && !b.module {
			if name := CalleeName(b.c.Facts.Tree, v.Target); IsHookName(name) {
				end := int(v.CloseParenLoc.Start) + 1
				b.c.Hooks = append(b.c.Hooks, &HookCall{Owner: b.c, Call: v, Callee: v.Target, Name: name, Start: int(e.Loc.Start), End: end})
			}
		}
	}
	b.generic(e, ctx)
}

func (b *bodyWalker) element(e shim.Expr, v *shim.EJSXElement, ctx walkCtx) {
	el := &Element{Owner: b.c, JSX: v, Loc: int(e.Loc.Start), Parent: ctx.parent, Conds: ctx.conds, Start: int(e.Loc.Start), End: int(e.Loc.Start) + 1,
		RootRender: ctx.rootRender}
	if v.TagOrNil.Data != nil {
		el.TagName = tagName(b.c.Facts.Tree, v.TagOrNil)
		el.Start = int(v.TagOrNil.Loc.Start)
		el.End = el.Start + len(el.TagName)
	}
	b.c.Elements = append(b.c.Elements, el)
	inner := ctx
	inner.parent = el
	for i := range v.Properties {
		p := &v.Properties[i]
		b.expr(p.ValueOrNil, inner)
	}
	for _, child := range v.NullableChildren {
		b.expr(child, inner)
	}
}

// tagName spells a JSX tag as written.
func tagName(tree *shim.AST, e shim.Expr) string {
	switch v := e.Data.(type) {
	case *shim.EString:
		return shim.StringValue(v)
	case *shim.EIdentifier:
		return shim.SymbolName(tree, v.Ref)
	case *shim.EImportIdentifier:
		return shim.SymbolName(tree, v.Ref)
	case *shim.EDot:
		if t := tagName(tree, v.Target); t != "" {
			return t + "." + v.Name
		}
	}
	return ""
}

// WalkConds visits every expression of stmts (nested functions included) with the conditions
// on the way to it: `if` tests (and the negated test after an early return), `&&`, `||` and
// ternaries. fn returns false to skip an expression's children. Effects use it: in
// `useEffect(() => { if (!user) return; store(); })` the call to store runs under !user negated.
// The lists handed to fn share their prefixes (see CondList): building them all costs one
// node per condition.
func WalkConds(stmts []shim.Stmt, fn func(e shim.Expr, conds *CondList) bool) {
	w := &condWalker{fn: fn}
	w.stmts(stmts, nil)
}

type condWalker struct {
	fn    func(e shim.Expr, conds *CondList) bool
	exits exitMemo
}

// ifConds are the conditions an if statement sets: its yes branch runs under the test, its no
// branch under the negated test, and when exactly one branch always exits, what follows the
// statement runs under after.
func (m *exitMemo) ifConds(s *shim.SIf) (yes, no, after Cond, exits bool) {
	yes = Cond{Test: s.Test, Kind: CondIf}
	no = Cond{Test: s.Test, Negated: true, Kind: CondIf}
	yesExits, noExits := m.alwaysExits(s.Yes), s.NoOrNil.Data != nil && m.alwaysExits(s.NoOrNil)
	switch {
	case yesExits && !noExits:
		return yes, no, Cond{Test: s.Test, Negated: true, Kind: CondEarlyReturn}, true
	case noExits && !yesExits:
		return yes, no, Cond{Test: s.Test, Kind: CondEarlyReturn}, true
	}
	return yes, no, Cond{}, false
}

// condPart is one operand of a conditional expression, with the condition it is evaluated
// under when conditional is set.
type condPart struct {
	e           shim.Expr
	cond        Cond
	conditional bool
}

// condParts splits `a && b`, `a || b` and `a ? b : c` into their operands, in order; ok is
// false for other expressions.
func condParts(e shim.Expr) (parts []condPart, ok bool) {
	switch v := e.Data.(type) {
	case *shim.EBinary:
		switch v.Op {
		case shim.BinOpLogicalAnd:
			return []condPart{{e: v.Left}, {e: v.Right, cond: Cond{Test: v.Left, Kind: CondAnd}, conditional: true}}, true
		case shim.BinOpLogicalOr:
			return []condPart{{e: v.Left}, {e: v.Right, cond: Cond{Test: v.Left, Negated: true, Kind: CondOr}, conditional: true}}, true
		}
	case *shim.EIf:
		return []condPart{{e: v.Test},
			{e: v.Yes, cond: Cond{Test: v.Test, Kind: CondTernary}, conditional: true},
			{e: v.No, cond: Cond{Test: v.Test, Negated: true, Kind: CondTernary}, conditional: true}}, true
	}
	return nil, false
}

// eachChild calls fn with each direct child of n (expressions, statements, bindings, and the
// other nodes the walker knows); a child's own children are visited the same way when fn
// returns true.
func eachChild(n parser.Node, fn func(child parser.Node) bool) {
	visit := func(child parser.Node, cur *parser.Cursor) bool {
		if cur.Parent() == nil {
			return true // n itself: descend
		}
		return fn(child)
	}
	switch x := n.(type) {
	case shim.Expr:
		parser.InspectExpr(x, visit)
	case shim.Stmt:
		parser.InspectStmts([]shim.Stmt{x}, visit)
	}
}

func (w *condWalker) stmts(stmts []shim.Stmt, conds *CondList) *CondList {
	for _, st := range stmts {
		conds = w.stmt(st, conds)
	}
	return conds
}

func (w *condWalker) stmt(st shim.Stmt, conds *CondList) *CondList {
	switch s := st.Data.(type) {
	case *shim.SIf:
		yes, no, after, exits := w.exits.ifConds(s)
		w.expr(s.Test, conds)
		w.stmt(s.Yes, conds.With(yes))
		if s.NoOrNil.Data != nil {
			w.stmt(s.NoOrNil, conds.With(no))
		}
		if exits {
			return conds.With(after)
		}
		return conds
	case *shim.SBlock:
		return w.stmts(s.Stmts, conds)
	}
	w.generic(st, conds)
	return conds
}

func (w *condWalker) generic(n parser.Node, conds *CondList) {
	eachChild(n, func(child parser.Node) bool {
		switch x := child.(type) {
		case shim.Expr:
			w.expr(x, conds)
		case shim.Stmt:
			w.stmt(x, conds)
		case shim.Binding:
			return true // default values: walked by the generic walker as expressions below
		}
		return false
	})
}

func (w *condWalker) expr(e shim.Expr, conds *CondList) {
	if e.Data == nil || !w.fn(e, conds) {
		return
	}
	if parts, ok := condParts(e); ok {
		for _, p := range parts {
			if p.conditional {
				w.expr(p.e, conds.With(p.cond))
			} else {
				w.expr(p.e, conds)
			}
		}
		return
	}
	switch v := e.Data.(type) {
	case *shim.EArrow:
		w.stmts(v.Body.Block.Stmts, conds)
		return
	case *shim.EFunction:
		w.stmts(v.Fn.Body.Block.Stmts, conds)
		return
	}
	w.generic(e, conds)
}
