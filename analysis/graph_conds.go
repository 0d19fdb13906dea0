package analysis

import (
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

// The conditions a node runs under (`a && <X/>`, ternaries, `if` blocks, early returns), as
// persistent lists shared between sibling branches, and WalkConds for effects' bodies.

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
