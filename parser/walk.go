package parser

import (
	"fmt"

	shim "github.com/evanw/esbuild/shim"
)

// Node is one of shim.Expr, shim.Stmt or shim.Binding (values; their Data fields are pointers
// into the AST).
type Node = any

// Cursor is passed to the visit function: it knows the ancestors of the current node.
//
// Blocks that esbuild stores as a bare SBlock value (try, catch, finally and class static
// blocks) are visited as a Stmt whose Data points at that SBlock, so they show up as
// ancestors. Function and arrow bodies are not: their statements are direct children of the
// function node, so "parent is a function" means "top level of its body".
type Cursor struct {
	stack []Node
}

// Parent is the node whose child is being visited, nil at top level.
func (c *Cursor) Parent() Node {
	if len(c.stack) == 0 {
		return nil
	}
	return c.stack[len(c.stack)-1]
}

// Ancestors lists the ancestors, outermost first, excluding the current node. The slice is
// reused by the walker: do not retain it across calls.
func (c *Cursor) Ancestors() []Node { return c.stack[:len(c.stack):len(c.stack)] }

// Inspect walks the statements of a module (tree.Parts[*].Stmts in order) depth-first in source
// order. fn is called before a node's children; returning false skips its children.
// It panics on a node type it does not know, which only an esbuild upgrade can bring
// (TestInspectHandlesEveryType checks the list against esbuild's source).
func Inspect(tree *shim.AST, fn func(n Node, c *Cursor) bool) {
	w := walker{fn: fn}
	for i := range tree.Parts {
		w.stmts(tree.Parts[i].Stmts)
	}
}

// InspectStmts walks stmts like Inspect; the Cursor starts empty.
func InspectStmts(stmts []shim.Stmt, fn func(n Node, c *Cursor) bool) {
	w := walker{fn: fn}
	w.stmts(stmts)
}

// InspectExpr walks e like Inspect; the Cursor starts empty.
func InspectExpr(e shim.Expr, fn func(n Node, c *Cursor) bool) {
	w := walker{fn: fn}
	w.expr(e)
}

type walker struct {
	fn func(n Node, c *Cursor) bool
	c  Cursor
}

// enter calls fn and, if the children are wanted, pushes n.
func (w *walker) enter(n Node) bool {
	if !w.fn(n, &w.c) {
		return false
	}
	w.c.stack = append(w.c.stack, n)
	return true
}

func (w *walker) leave() {
	w.c.stack[len(w.c.stack)-1] = nil // don't pin the node
	w.c.stack = w.c.stack[:len(w.c.stack)-1]
}

func (w *walker) stmts(stmts []shim.Stmt) {
	for _, s := range stmts {
		w.stmt(s)
	}
}

func (w *walker) exprs(exprs []shim.Expr) {
	for _, e := range exprs {
		w.expr(e)
	}
}

// block visits an SBlock stored by value as if it were a statement.
func (w *walker) block(loc shim.Loc, b *shim.SBlock) {
	w.stmt(shim.Stmt{Loc: loc, Data: b})
}

func (w *walker) decorators(ds []shim.Decorator) {
	for _, d := range ds {
		w.expr(d.Value)
	}
}

func (w *walker) function(f *shim.Fn) {
	w.args(f.Args)
	w.stmts(f.Body.Block.Stmts)
}

func (w *walker) args(args []shim.Arg) {
	for _, a := range args {
		w.decorators(a.Decorators)
		w.binding(a.Binding)
		w.expr(a.DefaultOrNil)
	}
}

func (w *walker) class(c *shim.Class) {
	w.decorators(c.Decorators)
	w.expr(c.ExtendsOrNil)
	w.properties(c.Properties)
}

// properties covers class members, object literal properties and JSX attributes. Keys that
// are not computed are names, not expressions (EString, ENumber, EPrivateIdentifier), so they
// are skipped.
func (w *walker) properties(props []shim.Property) {
	for i := range props {
		p := &props[i]
		w.decorators(p.Decorators)
		if p.Flags&shim.PropertyIsComputed != 0 {
			w.expr(p.Key)
		}
		w.expr(p.ValueOrNil)
		w.expr(p.InitializerOrNil)
		if p.ClassStaticBlock != nil {
			w.block(p.ClassStaticBlock.Loc, &p.ClassStaticBlock.Block)
		}
	}
}

func (w *walker) binding(b shim.Binding) {
	if b.Data == nil || !w.enter(b) {
		return
	}
	switch d := b.Data.(type) {
	case *shim.BMissing, *shim.BIdentifier:
	case *shim.BArray:
		for _, it := range d.Items {
			w.binding(it.Binding)
			w.expr(it.DefaultValueOrNil)
		}
	case *shim.BObject:
		for _, p := range d.Properties {
			if p.IsComputed {
				w.expr(p.Key)
			}
			w.binding(p.Value)
			w.expr(p.DefaultValueOrNil)
		}
	default:
		panic(fmt.Sprintf("parser.Inspect: unknown binding %T", d))
	}
	w.leave()
}

func (w *walker) expr(e shim.Expr) {
	if e.Data == nil || !w.enter(e) {
		return
	}
	switch d := e.Data.(type) {
	case *shim.EBoolean, *shim.ESuper, *shim.ENull, *shim.EUndefined, *shim.EThis,
		*shim.ENewTarget, *shim.EImportMeta, *shim.EIdentifier, *shim.EImportIdentifier,
		*shim.EPrivateIdentifier, *shim.ENameOfSymbol, *shim.EJSXText, *shim.EMissing,
		*shim.ENumber, *shim.EBigInt, *shim.EString, *shim.ERegExp, *shim.ERequireString,
		*shim.ERequireResolveString, *shim.EImportString:
	case *shim.EArray:
		w.exprs(d.Items)
	case *shim.EUnary:
		w.expr(d.Value)
	case *shim.EBinary:
		w.expr(d.Left)
		w.expr(d.Right)
	case *shim.ENew:
		w.expr(d.Target)
		w.exprs(d.Args)
	case *shim.ECall:
		w.expr(d.Target)
		w.exprs(d.Args)
	case *shim.EDot:
		w.expr(d.Target)
	case *shim.EIndex:
		w.expr(d.Target)
		w.expr(d.Index)
	case *shim.EArrow:
		w.args(d.Args)
		w.stmts(d.Body.Block.Stmts)
	case *shim.EFunction:
		w.function(&d.Fn)
	case *shim.EClass:
		w.class(&d.Class)
	case *shim.EJSXElement:
		w.expr(d.TagOrNil)
		w.properties(d.Properties)
		w.exprs(d.NullableChildren) // nil entries ({}) are skipped by expr
	case *shim.EObject:
		w.properties(d.Properties)
	case *shim.ESpread:
		w.expr(d.Value)
	case *shim.ETemplate:
		w.expr(d.TagOrNil)
		for _, p := range d.Parts {
			w.expr(p.Value)
		}
	case *shim.EInlinedEnum:
		w.expr(d.Value)
	case *shim.EAnnotation:
		w.expr(d.Value)
	case *shim.EAwait:
		w.expr(d.Value)
	case *shim.EYield:
		w.expr(d.ValueOrNil)
	case *shim.EIf:
		w.expr(d.Test)
		w.expr(d.Yes)
		w.expr(d.No)
	case *shim.EImportCall:
		w.expr(d.Expr)
		w.expr(d.OptionsOrNil)
	default:
		panic(fmt.Sprintf("parser.Inspect: unknown expression %T", d))
	}
	w.leave()
}

func (w *walker) stmt(s shim.Stmt) {
	if s.Data == nil || !w.enter(s) {
		return
	}
	switch d := s.Data.(type) {
	case *shim.SEmpty, *shim.STypeScript, *shim.SComment, *shim.SDebugger, *shim.SDirective,
		*shim.SExportClause, *shim.SExportFrom, *shim.SExportStar, *shim.SImport,
		*shim.SBreak, *shim.SContinue:
	case *shim.SBlock:
		w.stmts(d.Stmts)
	case *shim.SExportDefault:
		w.stmt(d.Value)
	case *shim.SExportEquals:
		w.expr(d.Value)
	case *shim.SLazyExport:
		w.expr(d.Value)
	case *shim.SExpr:
		w.expr(d.Value)
	case *shim.SEnum:
		for _, v := range d.Values {
			w.expr(v.ValueOrNil)
		}
	case *shim.SNamespace:
		w.stmts(d.Stmts)
	case *shim.SFunction:
		w.function(&d.Fn)
	case *shim.SClass:
		w.class(&d.Class)
	case *shim.SLabel:
		w.stmt(d.Stmt)
	case *shim.SIf:
		w.expr(d.Test)
		w.stmt(d.Yes)
		w.stmt(d.NoOrNil)
	case *shim.SFor:
		w.stmt(d.InitOrNil)
		w.expr(d.TestOrNil)
		w.expr(d.UpdateOrNil)
		w.stmt(d.Body)
	case *shim.SForIn:
		w.stmt(d.Init)
		w.expr(d.Value)
		w.stmt(d.Body)
	case *shim.SForOf:
		w.stmt(d.Init)
		w.expr(d.Value)
		w.stmt(d.Body)
	case *shim.SDoWhile:
		w.stmt(d.Body)
		w.expr(d.Test)
	case *shim.SWhile:
		w.expr(d.Test)
		w.stmt(d.Body)
	case *shim.SWith:
		w.expr(d.Value)
		w.stmt(d.Body)
	case *shim.STry:
		w.block(d.BlockLoc, &d.Block)
		if c := d.Catch; c != nil {
			w.binding(c.BindingOrNil)
			w.block(c.BlockLoc, &c.Block)
		}
		if f := d.Finally; f != nil {
			w.block(f.Loc, &f.Block)
		}
	case *shim.SSwitch:
		w.expr(d.Test)
		for _, c := range d.Cases {
			w.expr(c.ValueOrNil)
			w.stmts(c.Body)
		}
	case *shim.SReturn:
		w.expr(d.ValueOrNil)
	case *shim.SThrow:
		w.expr(d.Value)
	case *shim.SLocal:
		for _, decl := range d.Decls {
			w.binding(decl.Binding)
			w.expr(decl.ValueOrNil)
		}
	default:
		panic(fmt.Sprintf("parser.Inspect: unknown statement %T", d))
	}
	w.leave()
}
