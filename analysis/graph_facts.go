package analysis

import (
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// What the graph knows of one file: its components and hooks, their hook calls and JSX
// elements, and how a callee or tag resolves to a package export or a project component.

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
