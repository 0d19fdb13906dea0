package rules

import (
	"slices"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Taint for workos-auth-gates-convex: which bindings of a component carry WorkOS auth state,
// which carry Convex's own (useConvexAuth, `isAuthenticated` handed down), and which hold what
// Convex returned (query results, the client): a condition on the last two is a Convex gate.

// gateSource is a WorkOS useAuth() call that values derive from.
type gateSource struct {
	file       *project.File
	start, end int
	module     string
}

// gateTaint is what one component knows.
type gateTaint struct {
	tree       *shim.AST
	refs       map[shim.Ref]*gateSource // derived values: any use is a use of auth state
	objs       map[shim.Ref]*gateSource // whole useAuth() results: only auth members count
	direct     map[*shim.ECall]*gateSource
	convexAuth map[shim.Ref]bool       // useConvexAuth() values and what derives from them
	convexData map[shim.Ref]bool       // Convex query results, the Convex client, what derives from them
	state      map[shim.Ref]bool       // useState/useReducer values: UI state such as an open dialog
	stateBase  map[shim.Ref][]shim.Ref // for each state value (and what derives from one), the useState values it reads
	setter     map[shim.Ref]shim.Ref   // a useState value's setter
	folds      map[*analysis.CondList]*condFold
}

func newGateTaint(tree *shim.AST) *gateTaint {
	return &gateTaint{tree: tree, refs: map[shim.Ref]*gateSource{}, objs: map[shim.Ref]*gateSource{},
		direct: map[*shim.ECall]*gateSource{}, convexAuth: map[shim.Ref]bool{}, convexData: map[shim.Ref]bool{},
		state: map[shim.Ref]bool{}, stateBase: map[shim.Ref][]shim.Ref{}, setter: map[shim.Ref]shim.Ref{}, folds: map[*analysis.CondList]*condFold{}}
}

func (t *gateTaint) empty() bool { return len(t.refs) == 0 && len(t.objs) == 0 && len(t.direct) == 0 }

// gateHit is one mention of auth state in an expression.
type gateHit struct {
	src        *gateSource
	name       string
	start, end int
}

// wkConvexAuthNames are useConvexAuth()'s auth members (isRefreshing since convex 1.40.0).
// Neither authkit-react nor authkit-nextjs returns members of these names, so one that does
// not derive from WorkOS is Convex's auth state handed down through props or context.
var wkConvexAuthNames = map[string]bool{"isAuthenticated": true, "isRefreshing": true}

// inspectValue visits the parts of e that make up its value: not the bodies of functions
// (`list.filter((x) => x.owner !== user?.id)` filters for display; a callback decides
// nothing by being defined), and not the arguments of hook calls (`useQuery(api.x, user ?
// {} : "skip")` returns Convex data, whatever decided its arguments), except useMemo's value.
func inspectValue(tree *shim.AST, e shim.Expr, visit func(x shim.Expr) bool) {
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		switch v := x.Data.(type) {
		case *shim.EArrow, *shim.EFunction:
			return false
		case *shim.ECall:
			if name := analysis.CalleeName(tree, v.Target); analysis.IsHookName(name) {
				if name == "useMemo" && len(v.Args) > 0 {
					if fn, arrow := analysis.FuncOf(tree, v.Args[0]); fn != nil || arrow != nil {
						body := arrow.Body.Block.Stmts
						if fn != nil {
							body = fn.Body.Block.Stmts
						}
						for _, r := range analysis.Returns(body) {
							inspectValue(tree, r, visit)
						}
					}
				}
				return false
			}
		}
		return visit(x)
	})
}

// mentions finds the first use of WorkOS auth state in e.
func (t *gateTaint) mentions(e shim.Expr) *gateHit {
	var hit *gateHit
	inspectValue(t.tree, e, func(x shim.Expr) bool {
		if hit != nil {
			return false
		}
		switch v := x.Data.(type) {
		case *shim.EIdentifier:
			if src := t.refs[v.Ref]; src != nil {
				name := shim.SymbolName(t.tree, v.Ref)
				hit = &gateHit{src, name, int(x.Loc.Start), int(x.Loc.Start) + len(name)}
			}
		case *shim.EDot:
			if !wkAuthProps[v.Name] {
				return true
			}
			if src := t.authObject(v.Target); src != nil {
				hit = &gateHit{src, v.Name, int(x.Loc.Start), int(v.NameLoc.Start) + len(v.Name)}
			}
		}
		return hit == nil
	})
	return hit
}

// authObject is the source of e when e is a whole useAuth() result.
func (t *gateTaint) authObject(e shim.Expr) *gateSource {
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		return t.objs[v.Ref]
	case *shim.ECall:
		return t.direct[v]
	}
	return nil
}

// mentionsConvexAuth reports a use of Convex's auth state in e: a useConvexAuth() value, or an
// `isAuthenticated`/`isRefreshing` that WorkOS did not provide (a prop, a context value).
func (t *gateTaint) mentionsConvexAuth(e shim.Expr) bool {
	found := false
	inspectValue(t.tree, e, func(x shim.Expr) bool {
		if found {
			return false
		}
		switch v := x.Data.(type) {
		case *shim.EIdentifier:
			found = t.convexAuth[v.Ref] || t.refs[v.Ref] == nil && wkConvexAuthNames[shim.SymbolName(t.tree, v.Ref)]
		case *shim.EDot:
			found = wkConvexAuthNames[v.Name] && t.authObject(v.Target) == nil && t.mentions(v.Target) == nil
		}
		return !found
	})
	return found
}

// mentionsRefs reports a use in e of a binding in refs.
func (t *gateTaint) mentionsRefs(e shim.Expr, refs map[shim.Ref]bool) bool {
	if len(refs) == 0 {
		return false
	}
	found := false
	inspectValue(t.tree, e, func(x shim.Expr) bool {
		if found {
			return false
		}
		if id, ok := x.Data.(*shim.EIdentifier); ok && refs[id.Ref] {
			found = true
		}
		return !found
	})
	return found
}

// stateBasesIn lists the useState values that e reads, directly or through values derived
// from them.
func (t *gateTaint) stateBasesIn(e shim.Expr) []shim.Ref {
	if len(t.state) == 0 {
		return nil
	}
	var out []shim.Ref
	inspectValue(t.tree, e, func(x shim.Expr) bool {
		if id, ok := x.Data.(*shim.EIdentifier); ok && t.state[id.Ref] {
			for _, b := range t.stateBase[id.Ref] {
				if !slices.Contains(out, b) {
					out = append(out, b)
				}
			}
		}
		return true
	})
	return out
}

// convexGate reports a condition that already waits for Convex: its auth state, or data only
// a Convex query (or the client itself) returned.
func (t *gateTaint) convexGate(e shim.Expr) bool {
	return t.mentionsConvexAuth(e) || t.mentionsRefs(e, t.convexData)
}

// condFold is what the rule knows of a list of conditions, folded once per list node (the
// lists share their prefixes, so folding every element's list costs one step per node).
type condFold struct {
	convex bool     // some condition waits for Convex
	state  bool     // some condition is on UI state
	hits   *hitList // WorkOS mentions, innermost first
}

type hitList struct {
	hit *gateHit
	up  *hitList
}

var emptyFold = &condFold{}

func (t *gateTaint) fold(l *analysis.CondList) *condFold {
	if l == nil {
		return emptyFold
	}
	if f, ok := t.folds[l]; ok {
		return f
	}
	up := t.fold(l.Up)
	f := &condFold{convex: up.convex || t.convexGate(l.Cond.Test), state: up.state || t.mentionsRefs(l.Cond.Test, t.state), hits: up.hits}
	if h := t.mentions(l.Cond.Test); h != nil {
		f.hits = &hitList{hit: h, up: up.hits}
	}
	t.folds[l] = f
	return f
}

// fresh lists the hits of h that no earlier call for this component listed, outermost first.
// Hit lists share their tails as condition lists do, so listing stops at the first node seen
// before: every element of a deep chain then costs its own hits only.
func (a *gateAnalyzer) fresh(h *hitList) []*gateHit {
	var out []*gateHit
	for n := h; n != nil && !a.seenHits[n]; n = n.up {
		a.seenHits[n] = true
		out = append(out, n.hit)
	}
	slices.Reverse(out)
	return out
}

// gateReturn says what a custom hook returns: WorkOS auth state (src), and whether it is
// useAuth()'s whole result (then only its auth members are auth state).
type gateReturn struct {
	src   *gateSource
	whole bool
	// props, when every tainted return is an object literal, are its keys whose values hold auth
	// state: `return { ok, data }` with data a Convex query's result taints ok only.
	props map[string]bool
}

func (a *gateAnalyzer) taintOf(c *analysis.Component, depth int) *gateTaint {
	if t, ok := a.taints[c]; ok {
		return t
	}
	s := a.sourcesOf(c, depth)
	if s == nil {
		return newGateTaint(c.Facts.Tree) // being computed: a hook cycle
	}
	t := s.t
	if !t.empty() || len(t.convexAuth) > 0 || len(t.convexData) > 0 {
		t.propagate(c.Def.Body(), s.bound)
	}
	delete(a.sources, c)
	a.taints[c] = t
	return t
}

// taintSources is a component's taint before propagate: what its hooks and props bring in.
// propagate adds WorkOS taint only from what is already there, so an empty() one stays empty.
type taintSources struct {
	t     *gateTaint
	bound map[*shim.ECall]bool
}

// sourcesOf is c's taint before propagate (the propagated one when taintOf has run); nil
// while it is being computed (a hook cycle).
func (a *gateAnalyzer) sourcesOf(c *analysis.Component, depth int) *taintSources {
	if t, ok := a.taints[c]; ok {
		return &taintSources{t: t}
	}
	if s, ok := a.sources[c]; ok {
		return s
	}
	a.sources[c] = nil
	t := newGateTaint(c.Facts.Tree)
	bound := map[*shim.ECall]bool{}
	bindAll := func(h *analysis.HookCall, set map[shim.Ref]bool) {
		for _, ref := range analysis.BindingRefs(h.Result, nil) {
			set[ref] = true
		}
		bound[h.Call] = true
	}
	for _, h := range c.Hooks {
		if _, isQuery := wkQueryArg(h); isQuery {
			bindAll(h, t.convexData)
			continue
		}
		imp, isPkg := h.Origin()
		switch {
		case wkIsWorkOSUseAuth(h):
			src := &gateSource{file: c.File, start: h.Start, end: h.End, module: imp.Module}
			t.direct[h.Call] = src
			t.bindAuthResult(h.Result, src)
			bound[h.Call] = true
		case h.Is("useConvexAuth", analysis.ConvexReact):
			bindAll(h, t.convexAuth)
		case isPkg && imp.Name == "useConvex" && imp.Module == analysis.ConvexReact:
			bindAll(h, t.convexData)
		case isPkg && (imp.Name == "useState" || imp.Name == "useReducer") && imp.Module == "react":
			if arr, ok := h.Result.Data.(*shim.BArray); ok && len(arr.Items) > 0 {
				var set shim.Ref
				if len(arr.Items) > 1 {
					if id, ok := arr.Items[1].Binding.Data.(*shim.BIdentifier); ok {
						set = id.Ref
					}
				}
				for _, ref := range analysis.BindingRefs(arr.Items[0].Binding, nil) {
					t.state[ref] = true
					t.stateBase[ref] = []shim.Ref{ref}
					if set != (shim.Ref{}) {
						t.setter[ref] = set
					}
				}
			}
		case isPkg || depth > 3:
		default:
			f, d, ok := h.Def()
			if !ok {
				continue
			}
			hc := a.g.ComponentOf(f, d)
			if hc == nil || !hc.IsHook {
				continue
			}
			if a.returnsConvexAuth(hc, depth+1) {
				bindAll(h, t.convexAuth) // the app's own hook over useConvexAuth
				continue
			}
			r := a.returnsOf(hc, depth+1)
			if r == nil {
				continue
			}
			bound[h.Call] = true
			obj, destructured := h.Result.Data.(*shim.BObject)
			switch {
			case r.whole:
				t.bindAuthResult(h.Result, r.src)
			case r.props != nil && destructured:
				for _, p := range obj.Properties {
					k, isStr := p.Key.Data.(*shim.EString)
					if p.IsSpread || !isStr || r.props[shim.StringValue(k)] {
						for _, ref := range analysis.BindingRefs(p.Value, nil) {
							t.refs[ref] = r.src
						}
					}
				}
			default:
				for _, ref := range analysis.BindingRefs(h.Result, nil) {
					t.refs[ref] = r.src
				}
			}
		}
	}
	if depth <= 3 {
		a.workOSAuthProps(c, t, depth)
	}
	s := &taintSources{t: t, bound: bound}
	a.sources[c] = s
	return s
}

// workOSAuthProps taints c's `isAuthenticated`/`isRefreshing` props when every place that
// renders c gives them a WorkOS value (`<Workspace isAuthenticated={!!user} />`): by name alone
// they would pass for Convex's auth state handed down.
func (a *gateAnalyzer) workOSAuthProps(c *analysis.Component, t *gateTaint, depth int) {
	for _, p := range authPropBindings(c) {
		k := p.Key.Data.(*shim.EString)
		sites := a.g.RenderSites(c)
		var src *gateSource
		for _, site := range sites {
			v, _, ok := site.Prop(shim.StringValue(k))
			if !ok || v.Data == nil || site.HasSpread() {
				src = nil
				break
			}
			st := a.taintOf(site.Owner, depth+1)
			hit := st.mentions(v)
			if hit == nil || st.convexGate(v) {
				src = nil
				break
			}
			if src == nil {
				src = hit.src
			}
		}
		if src != nil {
			for _, ref := range analysis.BindingRefs(p.Value, nil) {
				t.refs[ref] = src
			}
		}
	}
}

// authPropBindings are the isAuthenticated/isRefreshing members a component destructures
// from its props (none for hooks and module code).
func authPropBindings(c *analysis.Component) []shim.PropertyBinding {
	if c.IsHook || c.IsModule {
		return nil
	}
	args := c.Def.Args()
	if len(args) == 0 {
		return nil
	}
	props, ok := args[0].Binding.Data.(*shim.BObject)
	if !ok {
		return nil
	}
	var out []shim.PropertyBinding
	for _, p := range props.Properties {
		if k, isStr := p.Key.Data.(*shim.EString); isStr && !p.IsSpread && wkConvexAuthNames[shim.StringValue(k)] {
			out = append(out, p)
		}
	}
	return out
}

// bindAuthResult taints what a binding takes from a useAuth() result: the whole object, or
// the auth members of a destructuring (`const { user: u, signIn } = useAuth()` taints u only).
func (t *gateTaint) bindAuthResult(b shim.Binding, src *gateSource) {
	switch v := b.Data.(type) {
	case *shim.BIdentifier:
		t.objs[v.Ref] = src
	case *shim.BObject:
		for _, p := range v.Properties {
			if p.IsSpread {
				if id, ok := p.Value.Data.(*shim.BIdentifier); ok {
					t.objs[id.Ref] = src
				}
				continue
			}
			k, ok := p.Key.Data.(*shim.EString)
			if !ok || !wkAuthProps[shim.StringValue(k)] {
				continue
			}
			for _, ref := range analysis.BindingRefs(p.Value, nil) {
				t.refs[ref] = src
			}
		}
	}
}

// propagate taints bindings whose initializer's value uses auth state (`const signedIn =
// !!user`, `const args = user ? { id: user.id } : "skip"`) or Convex data (`const t =
// getToken(convex)`), in source order, twice so that order does not matter. Functions are
// not values and are skipped; so are the results of hook calls (see inspectValue).
func (t *gateTaint) propagate(body []shim.Stmt, bound map[*shim.ECall]bool) {
	for range 2 {
		parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
			st, ok := n.(shim.Stmt)
			if !ok {
				return true
			}
			s, ok := st.Data.(*shim.SLocal)
			if !ok {
				return true
			}
			for _, d := range s.Decls {
				v := d.ValueOrNil
				if v.Data == nil {
					continue
				}
				if call, ok := v.Data.(*shim.ECall); ok && bound[call] {
					continue
				}
				if fn, arrow := analysis.FuncOf(t.tree, v); fn != nil || arrow != nil {
					continue
				}
				if id, ok := v.Data.(*shim.EIdentifier); ok {
					if src := t.objs[id.Ref]; src != nil {
						t.bindAuthResult(d.Binding, src) // const { user } = auth
						continue
					}
				}
				refs := analysis.BindingRefs(d.Binding, nil)
				mark := func(set map[shim.Ref]bool) {
					for _, ref := range refs {
						set[ref] = true
					}
				}
				if t.mentionsRefs(v, t.convexAuth) {
					mark(t.convexAuth) // const ready = isAuthenticated && !isLoading
				}
				if t.mentionsRefs(v, t.convexData) {
					mark(t.convexData) // const count = unread?.length ?? 0
				}
				if bases := t.stateBasesIn(v); len(bases) > 0 {
					for _, ref := range refs {
						t.state[ref] = true // const ready = query.trim().length > 2
						t.stateBase[ref] = bases
					}
				}
				if hit := t.mentions(v); hit != nil {
					for _, ref := range refs {
						if t.refs[ref] == nil {
							t.refs[ref] = hit.src
						}
					}
				}
			}
			return true
		})
	}
}

// returnsOf says whether a custom hook returns WorkOS auth state.
func (a *gateAnalyzer) returnsOf(c *analysis.Component, depth int) *gateReturn {
	if r, ok := a.returns[c]; ok {
		return r
	}
	a.returns[c] = nil
	t := a.taintOf(c, depth)
	var r *gateReturn
	if !t.empty() {
		props, objects := map[string]bool{}, true
		for _, ret := range analysis.Returns(c.Def.Body()) {
			if src := t.authObject(ret); src != nil {
				if r == nil { // the first return that holds auth state decides, as before
					r = &gateReturn{src: src, whole: true}
				}
				objects = false
				break
			}
			hit := t.mentions(ret)
			if hit == nil {
				continue
			}
			if r == nil {
				r = &gateReturn{src: hit.src}
			}
			objects = objects && t.taintedKeys(ret, props)
		}
		if r != nil && !r.whole && objects {
			r.props = props
		}
	}
	a.returns[c] = r
	return r
}

// taintedKeys adds to keys the properties of the object literal e whose values hold auth
// state, and reports false when e is not a plain object literal (a spread, a computed key).
func (t *gateTaint) taintedKeys(e shim.Expr, keys map[string]bool) bool {
	obj, ok := analysis.Unwrap(e).Data.(*shim.EObject)
	if !ok {
		return false
	}
	for _, p := range obj.Properties {
		k, isStr := p.Key.Data.(*shim.EString)
		if p.Kind == shim.PropertySpread || !isStr || p.Flags&shim.PropertyIsComputed != 0 {
			return false
		}
		v := p.ValueOrNil
		if v.Data == nil {
			continue
		}
		if t.mentions(v) != nil {
			keys[shim.StringValue(k)] = true
		}
	}
	return true
}

// returnsConvexAuth says whether a custom hook returns values of useConvexAuth().
func (a *gateAnalyzer) returnsConvexAuth(c *analysis.Component, depth int) bool {
	t := a.taintOf(c, depth)
	if len(t.convexAuth) == 0 {
		return false
	}
	for _, ret := range analysis.Returns(c.Def.Body()) {
		if t.mentionsRefs(ret, t.convexAuth) {
			return true
		}
	}
	return false
}
