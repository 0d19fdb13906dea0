package rules

import (
	"strconv"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

// The paths of a fetchAccessToken on which Convex's forceRefreshToken is true. Convex asks with
// forceRefreshToken: true when the server rejected the token or it is about to expire, and
// treats an answer equal to the token it had as a failed refresh. So on every such path the
// returned value must be freshly fetched: a getter's result, or a cache refilled from one on
// that path. A getter called while a cached token is returned (`if (forceRefreshToken) await
// refresh(); return tokenRef.current`) throws the new token away.

// tri is a condition's value on the forced paths.
type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

func (t tri) not() tri {
	switch t {
	case triTrue:
		return triFalse
	case triFalse:
		return triTrue
	}
	return triUnknown
}

// maxForcedPaths bounds the paths followed at once; past it the fetcher is left unjudged.
const maxForcedPaths = 64

// staleReturn is a return that can hand back a cached token on a forced path.
type staleReturn struct {
	leaf    shim.Expr
	what    string
	getter  string // a token getter the path called before, whose result it discards
	skipped string // a condition on forceRefreshToken that let this path skip the refresh
}

// cached says whether a value is a token cached outside this call, and what it is.
type cached struct {
	stale bool
	what  string
}

// forcedPath is what one path knows: values assigned on it (bindings as "#ref", members by
// their text) and the getter it called.
type forcedPath struct {
	assigned map[string]cached
	getter   string
	skipped  string
}

func (p *forcedPath) fork() *forcedPath {
	q := &forcedPath{assigned: make(map[string]cached, len(p.assigned)), getter: p.getter, skipped: p.skipped}
	for k, v := range p.assigned {
		q.assigned[k] = v
	}
	return q
}

// forceWalk follows a fetcher's forced paths.
type forceWalk struct {
	a        *analysis.Adapters
	fn       *analysis.Func
	tf       *analysis.FileScope
	param    shim.Ref // the argument bound whole (`args`), when it is
	hasParam bool
	force    map[shim.Ref]tri // bindings whose truth is known on forced paths
	found    *staleReturn
	overflow bool
}

// forcedStaleReturn finds the first return of fn that can hand back a cached token when it is
// called with { forceRefreshToken: true }; returns inside catch blocks are fallbacks and do
// not count.
func forcedStaleReturn(a *analysis.Adapters, fn *analysis.Func) *staleReturn {
	w := &forceWalk{a: a, fn: fn, tf: fn.Scope, force: map[shim.Ref]tri{}}
	if len(fn.Args) > 0 {
		switch b := fn.Args[0].Binding.Data.(type) {
		case *shim.BIdentifier:
			w.param, w.hasParam = b.Ref, true
		case *shim.BObject:
			w.bindForceKeys(b)
		}
	}
	w.walk(fn.Body, []*forcedPath{{assigned: map[string]cached{}}}, false)
	if w.overflow {
		return nil
	}
	return w.found
}

// bindForceKeys marks the bindings of `{ forceRefreshToken }` (or `{ forceRefreshToken: f }`).
func (w *forceWalk) bindForceKeys(b *shim.BObject) {
	for _, p := range b.Properties {
		if k, ok := p.Key.Data.(*shim.EString); ok && !p.IsComputed && !p.IsSpread && shim.StringValue(k) == "forceRefreshToken" {
			if id, ok := p.Value.Data.(*shim.BIdentifier); ok {
				w.force[id.Ref] = triTrue
			}
		}
	}
}

// walk runs stmts on each path and returns the paths that reach their end.
func (w *forceWalk) walk(stmts []shim.Stmt, paths []*forcedPath, inCatch bool) []*forcedPath {
	for _, s := range stmts {
		if len(paths) == 0 || w.found != nil || w.overflow {
			return paths
		}
		if len(paths) > maxForcedPaths {
			w.overflow = true
			return nil
		}
		paths = w.stmt(s, paths, inCatch)
	}
	return paths
}

func (w *forceWalk) stmt(s shim.Stmt, paths []*forcedPath, inCatch bool) []*forcedPath {
	switch v := s.Data.(type) {
	case *shim.SReturn:
		for _, p := range paths {
			if v.ValueOrNil.Data == nil {
				continue
			}
			getter := p.getter // called before the return; a getter inside it is a fallback
			w.effects(v.ValueOrNil, p)
			p.getter = getter
			if inCatch || w.found != nil {
				continue
			}
			for _, leaf := range w.leaves(v.ValueOrNil, nil) {
				if c := w.classify(leaf, p); c.stale {
					w.found = &staleReturn{leaf: leaf, what: c.what, getter: getter, skipped: p.skipped}
					break
				}
			}
		}
		return nil
	case *shim.SThrow:
		return nil
	case *shim.SBlock:
		return w.walk(v.Stmts, paths, inCatch)
	case *shim.SIf:
		var out []*forcedPath
		t := w.cond(v.Test)
		for _, p := range paths {
			w.effects(v.Test, p)
		}
		if t != triFalse {
			yes := paths
			if t == triUnknown {
				yes = forkAll(paths)
			}
			out = append(out, w.walk([]shim.Stmt{v.Yes}, yes, inCatch)...)
		}
		if t != triTrue {
			no := paths
			if t == triUnknown && w.mentionsForce(v.Test) {
				for _, p := range no {
					if p.skipped == "" {
						p.skipped = parenthesized(w.tf.Src, int(v.Test.Loc.Start))
					}
				}
			}
			if v.NoOrNil.Data != nil {
				no = w.walk([]shim.Stmt{v.NoOrNil}, no, inCatch)
			}
			out = append(out, no...)
		}
		return out
	case *shim.STry:
		before := forkAll(paths)
		out := w.walk(v.Block.Stmts, paths, inCatch)
		if v.Catch != nil {
			out = append(out, w.walk(v.Catch.Block.Stmts, before, true)...)
		}
		if v.Finally != nil {
			out = w.walk(v.Finally.Block.Stmts, out, inCatch)
		}
		return out
	case *shim.SLocal:
		for _, d := range v.Decls {
			if d.ValueOrNil.Data == nil {
				continue
			}
			for _, p := range paths {
				w.effects(d.ValueOrNil, p)
			}
			switch b := d.Binding.Data.(type) {
			case *shim.BIdentifier:
				if v.Kind == shim.LocalConst {
					if t := w.cond(d.ValueOrNil); t != triUnknown {
						w.force[b.Ref] = t
					}
				}
				for _, p := range paths {
					p.assigned[refKey(b.Ref)] = w.classifyValue(d.ValueOrNil, p)
				}
			case *shim.BObject:
				if id, ok := d.ValueOrNil.Data.(*shim.EIdentifier); ok && w.hasParam && id.Ref == w.param {
					w.bindForceKeys(b) // const { forceRefreshToken } = args
				}
			}
		}
		return paths
	case *shim.SExpr:
		for _, p := range paths {
			w.effects(v.Value, p)
		}
		return paths
	case *shim.SFor:
		return w.loop(v.Body, paths, inCatch)
	case *shim.SForOf:
		return w.loop(v.Body, paths, inCatch)
	case *shim.SForIn:
		return w.loop(v.Body, paths, inCatch)
	case *shim.SWhile:
		return w.loop(v.Body, paths, inCatch)
	case *shim.SDoWhile:
		return w.walk([]shim.Stmt{v.Body}, paths, inCatch)
	case *shim.SLabel:
		return w.walk([]shim.Stmt{v.Stmt}, paths, inCatch)
	case *shim.SSwitch:
		for _, p := range paths {
			w.effects(v.Test, p)
		}
		out := forkAll(paths) // no case matched
		for _, c := range v.Cases {
			out = append(out, w.walk(c.Body, forkAll(paths), inCatch)...)
		}
		return out
	}
	return paths
}

// loop follows a body that may run or not.
func (w *forceWalk) loop(body shim.Stmt, paths []*forcedPath, inCatch bool) []*forcedPath {
	return append(w.walk([]shim.Stmt{body}, forkAll(paths), inCatch), paths...)
}

func forkAll(paths []*forcedPath) []*forcedPath {
	out := make([]*forcedPath, len(paths))
	for i, p := range paths {
		out[i] = p.fork()
	}
	return out
}

func refKey(ref shim.Ref) string {
	return "#" + strconv.FormatUint(uint64(ref.SourceIndex), 10) + ":" + strconv.FormatUint(uint64(ref.InnerIndex), 10)
}

// cond is the value of a condition on the forced paths.
func (w *forceWalk) cond(e shim.Expr) tri {
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		return w.force[v.Ref]
	case *shim.EDot:
		if id, ok := v.Target.Data.(*shim.EIdentifier); ok && w.hasParam && id.Ref == w.param && v.Name == "forceRefreshToken" {
			return triTrue
		}
	case *shim.EBoolean:
		if v.Value {
			return triTrue
		}
		return triFalse
	case *shim.EUnary:
		if v.Op == shim.UnOpNot {
			return w.cond(v.Value).not()
		}
	case *shim.ECall:
		if id, ok := v.Target.Data.(*shim.EIdentifier); ok && len(v.Args) == 1 && shim.SymbolName(w.tf.Tree, id.Ref) == "Boolean" {
			return w.cond(v.Args[0])
		}
	case *shim.EBinary:
		l, r := w.cond(v.Left), w.cond(v.Right)
		switch v.Op {
		case shim.BinOpLogicalAnd:
			switch {
			case l == triFalse || r == triFalse:
				return triFalse
			case l == triTrue:
				return r
			}
		case shim.BinOpLogicalOr:
			switch {
			case l == triTrue || r == triTrue:
				return triTrue
			case l == triFalse:
				return r
			}
		case shim.BinOpStrictEq, shim.BinOpLooseEq, shim.BinOpStrictNe, shim.BinOpLooseNe:
			t := triUnknown
			if b, ok := v.Right.Data.(*shim.EBoolean); ok && l != triUnknown {
				t = l
				if !b.Value {
					t = t.not()
				}
			}
			if v.Op == shim.BinOpStrictNe || v.Op == shim.BinOpLooseNe {
				t = t.not()
			}
			return t
		}
	}
	return triUnknown
}

// mentionsForce reports whether e reads forceRefreshToken.
func (w *forceWalk) mentionsForce(e shim.Expr) bool {
	found := false
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok && !found {
			if _, known := w.force[identRef(x)]; known && identRef(x) != (shim.Ref{}) {
				found = true
			}
			if d, ok := x.Data.(*shim.EDot); ok && d.Name == "forceRefreshToken" {
				found = true
			}
		}
		return !found
	})
	return found
}

func identRef(e shim.Expr) shim.Ref {
	if id, ok := e.Data.(*shim.EIdentifier); ok {
		return id.Ref
	}
	return shim.Ref{}
}

// leaves are the values e can evaluate to on the forced paths.
func (w *forceWalk) leaves(e shim.Expr, out []shim.Expr) []shim.Expr {
	switch v := e.Data.(type) {
	case *shim.EBinary:
		switch v.Op {
		case shim.BinOpLogicalOr:
			switch w.cond(v.Left) {
			case triTrue:
				return w.leaves(v.Left, out)
			case triFalse:
				return w.leaves(v.Right, out)
			}
			return w.leaves(v.Right, w.leaves(v.Left, out))
		case shim.BinOpNullishCoalescing:
			return w.leaves(v.Right, w.leaves(v.Left, out))
		case shim.BinOpLogicalAnd:
			if w.cond(v.Left) == triFalse {
				return out // a falsy value, not a token
			}
			return w.leaves(v.Right, out)
		case shim.BinOpComma:
			return w.leaves(v.Right, out)
		}
	case *shim.EIf:
		switch w.cond(v.Test) {
		case triTrue:
			return w.leaves(v.Yes, out)
		case triFalse:
			return w.leaves(v.No, out)
		}
		return w.leaves(v.No, w.leaves(v.Yes, out))
	case *shim.EAwait:
		return w.leaves(v.Value, out)
	}
	return append(out, e)
}

// effects notes what evaluating e does to a path: the getters it calls, the caches it
// assigns, outside nested functions (a callback's assignments count: `.then((t) => { ref.current
// = t })` refills the ref).
func (w *forceWalk) effects(e shim.Expr, p *forcedPath) {
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		switch v := x.Data.(type) {
		case *shim.EBinary:
			switch v.Op {
			case shim.BinOpAssign, shim.BinOpNullishCoalescingAssign, shim.BinOpLogicalOrAssign:
				w.effects(v.Right, p)
				if k, ok := w.key(v.Left); ok {
					if v.Op == shim.BinOpAssign {
						p.assigned[k] = w.classifyValue(v.Right, p)
					} else {
						p.assigned[k] = cached{} // refilled only when empty: unknown
					}
				}
				return false
			case shim.BinOpLogicalAnd, shim.BinOpLogicalOr:
				// `forceRefreshToken && (ref.current = await refresh())` skips the right side when
				// the left decides.
				if l := w.cond(v.Left); l == triFalse && v.Op == shim.BinOpLogicalAnd || l == triTrue && v.Op == shim.BinOpLogicalOr {
					w.effects(v.Left, p)
					return false
				}
			}
		case *shim.EIf:
			switch w.cond(v.Test) {
			case triTrue:
				w.effects(v.Test, p)
				w.effects(v.Yes, p)
				return false
			case triFalse:
				w.effects(v.Test, p)
				w.effects(v.No, p)
				return false
			}
		case *shim.ECall:
			w.call(v, p)
		}
		return true
	})
}

// call notes a call: a token getter, a function of this file that assigns caches, a ref
// handed to a helper that may fill it.
func (w *forceWalk) call(call *shim.ECall, p *forcedPath) {
	name := w.tf.Callee(call.Target)
	// The message names the getter: a refresh or token call beats an earlier plain get…()
	// (`if (getGuestSnapshot()) …; await refresh()` names refresh()).
	if isGetterName(name) && (p.getter == "" || !namesToken(p.getter) && namesToken(name)) {
		p.getter = w.tf.Text(int(call.Target.Loc.Start), w.tf.ExprEnd(call.Target)) + "()"
	}
	if callee := w.a.ReadableFunc(w.tf, call.Target); callee != nil && callee.Scope == w.tf && callee.ID != w.fn.ID {
		parser.InspectStmts(callee.Body, func(n parser.Node, _ *parser.Cursor) bool {
			if x, ok := n.(shim.Expr); ok {
				if b, ok := x.Data.(*shim.EBinary); ok && b.Op == shim.BinOpAssign {
					if k, ok := w.key(b.Left); ok {
						p.assigned[k] = cached{}
					}
				}
			}
			return true
		})
	}
	for _, arg := range call.Args {
		if id, ok := arg.Data.(*shim.EIdentifier); ok {
			if d := w.tf.Decls[id.Ref]; d != nil && isRefDecl(w.tf, d) {
				p.assigned[d.Name+".current"] = cached{}
			}
		}
	}
}

// key names an assignable cache: a binding, or a member chain by its text.
func (w *forceWalk) key(e shim.Expr) (string, bool) {
	switch e.Data.(type) {
	case *shim.EIdentifier:
		return refKey(identRef(e)), true
	case *shim.EDot:
		if _, ok := analysis.MemberEnd(w.tf.Src, e); ok {
			return w.tf.Text(int(e.Loc.Start), w.tf.ExprEnd(e)), true
		}
	}
	return "", false
}

// parenthesized is the text of the parenthesized expression that starts at start (an if's
// test: esbuild keeps no end for expressions), "" when it is not on one line.
func parenthesized(src string, start int) string {
	open := strings.LastIndexByte(src[:start], '(')
	if open < 0 || strings.TrimSpace(src[open+1:start]) != "" {
		return ""
	}
	depth := 0
	for i := open; i < len(src) && src[i] != '\n'; i++ {
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return strings.TrimSpace(src[open+1 : i])
			}
		}
	}
	return ""
}

// classifyValue is the cache status of a value assigned on a path.
func (w *forceWalk) classifyValue(e shim.Expr, p *forcedPath) cached {
	for _, leaf := range w.leaves(e, nil) {
		if c := w.classify(leaf, p); c.stale {
			return c
		}
	}
	return cached{}
}

// classify says whether a returned leaf is a cached token on path p: a ref's .current or a
// module variable not refilled on the path, a token captured when the enclosing component or
// hook last rendered (state, a hook's field, a prop, loader data).
func (w *forceWalk) classify(leaf shim.Expr, p *forcedPath) cached {
	tf := w.tf
	switch v := leaf.Data.(type) {
	case *shim.EDot:
		text := tf.Text(int(leaf.Loc.Start), tf.ExprEnd(leaf))
		if c, ok := p.assigned[text]; ok {
			return c
		}
		root := rootDecl(tf, v.Target)
		switch {
		case v.Name == "current":
			// A ref of the enclosing hook is filled only by code that holds it; one of
			// unknown origin may be filled by any token getter.
			if root == nil || !isRefDecl(tf, root) && p.getter != "" {
				return cached{}
			}
			return cached{true, "the ref value " + text}
		case !analysis.Tokenish(v.Name) || root == nil:
			return cached{}
		case root.Owner == nil && root.Kind == analysis.DeclVar:
			if p.getter != "" {
				return cached{}
			}
			return cached{true, "the module-level " + text}
		case root.Owner != w.fn.ID && w.capturedAtRender(root):
			return cached{true, text + ", captured when " + w.ownerName(root) + " last rendered"}
		}
	case *shim.EIdentifier:
		if c, ok := p.assigned[refKey(v.Ref)]; ok {
			if c.stale && c.what != "" && tf.Decls[v.Ref] != nil && tf.Decls[v.Ref].Owner == w.fn.ID {
				return cached{true, shim.SymbolName(tf.Tree, v.Ref) + ", which holds " + c.what}
			}
			return c
		}
		d := tf.Decls[v.Ref]
		switch {
		case d == nil || d.Owner == w.fn.ID:
			return cached{}
		case d.Owner == nil:
			if d.Kind == analysis.DeclVar && d.Local != shim.LocalConst && p.getter == "" {
				return cached{true, "the module variable " + d.Name}
			}
		case d.Kind == analysis.DeclVar && w.a.TokenValue(tf, d, 0):
			return cached{true, d.Name + ", the token captured when " + w.ownerName(d) + " last rendered"}
		case d.Kind == analysis.DeclParam && analysis.Tokenish(d.Name):
			return cached{true, d.Name + ", the token " + w.ownerName(d) + " was given"}
		}
	}
	return cached{}
}

// capturedAtRender reports whether d, declared in an enclosing function, holds a value fixed
// for that render: a hook's result (`useLoaderData()`, `useSession()`) or a parameter (props).
func (w *forceWalk) capturedAtRender(d *analysis.Decl) bool {
	switch d.Kind {
	case analysis.DeclParam:
		return true
	case analysis.DeclVar:
		call, ok := d.Init.Data.(*shim.ECall)
		return ok && analysis.IsHookName(w.tf.Callee(call.Target)) && !notValueHook(w.tf.Callee(call.Target))
	}
	return false
}

func notValueHook(name string) bool {
	switch name {
	case "useRef", "useCallback", "useMemo", "useState", "useReducer":
		return true
	}
	return false
}

// ownerName names the function that declares d, for messages.
func (w *forceWalk) ownerName(d *analysis.Decl) string {
	for _, o := range w.tf.Decls {
		switch {
		case o.Kind == analysis.DeclFunc && o.Fn.ID == d.Owner:
			return o.Name
		case o.Kind == analysis.DeclVar && len(o.Path) == 0 && o.Init.Data != nil:
			if fn := w.a.ReadableFunc(w.tf, o.Init); fn != nil && fn.ID == d.Owner {
				return o.Name
			}
		}
	}
	return "the component"
}

// rootDecl is the binding a member chain starts at.
func rootDecl(tf *analysis.FileScope, e shim.Expr) *analysis.Decl {
	for {
		switch v := e.Data.(type) {
		case *shim.EDot:
			e = v.Target
			continue
		case *shim.EIdentifier:
			return tf.Decls[v.Ref]
		}
		return nil
	}
}

// isRefDecl reports a binding created by useRef in a function and used only as `ref.current`:
// only code that holds it can fill it. A ref handed on (`useTokenManager(tokenRef)`) may be
// filled by whatever got it.
func isRefDecl(tf *analysis.FileScope, d *analysis.Decl) bool {
	if d.Kind != analysis.DeclVar || d.Owner == nil || len(d.Path) > 0 {
		return false
	}
	call, ok := d.Init.Data.(*shim.ECall)
	if !ok || tf.Callee(call.Target) != "useRef" {
		return false
	}
	escapes := false
	parser.Inspect(tf.Tree, func(n parser.Node, c *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok || escapes {
			return !escapes
		}
		if id, ok := x.Data.(*shim.EIdentifier); ok && id.Ref == d.Ref {
			parent, ok := c.Parent().(shim.Expr)
			if _, deps := parent.Data.(*shim.EArray); ok && deps {
				return true // a dependency list
			}
			dot, isDot := parent.Data.(*shim.EDot)
			escapes = !ok || !isDot || dot.Name != "current" || dot.Target.Data != x.Data
		}
		return true
	})
	return !escapes
}

// namesToken reports a getter whose name says it yields a token or refreshes one.
func namesToken(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "token") || strings.Contains(l, "refresh")
}
