package analysis

import (
	"sort"
	"strings"
	"unicode"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Building one file's facts: one walk of each component's body (and of the module level)
// that records hook calls, JSX elements with their conditions, and children slots.

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
