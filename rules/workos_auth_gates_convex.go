package rules

import (
	"fmt"
	"slices"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "workos-auth-gates-convex",
		Title:    "WorkOS auth state gates Convex data",
		Severity: Error,
		Tags:     []string{"correctness", "auth", "react"},
		Doc: Doc{
			Why: "WorkOS's `useAuth()` reports the user signed in as soon as AuthKit has a session, before " +
				"Convex has fetched and validated the access token. A query whose arguments or `\"skip\"` " +
				"depend on `user`/`isLoading` from WorkOS, a subtree with Convex queries rendered under " +
				"`user && …` or after `if (!user) return …`, or a mutation an effect fires once `user` is set, " +
				"therefore runs on a Convex client that is not authenticated yet: `ctx.auth.getUserIdentity()` " +
				"returns null, functions that require a user throw, and the UI flashes errors or empty data.\n\n" +
				"Gate Convex work on Convex's own auth state: `useConvexAuth()` (`isAuthenticated ? args : " +
				"\"skip\"`) or the `<Authenticated>`, `<Unauthenticated>` and `<AuthLoading>` components from " +
				"`convex/react`. WorkOS's `useAuth()` stays fine for `signIn`, `signOut` and showing the user.\n\n" +
				"The rule follows values derived from `useAuth()` (renames, `!!user`, ternaries, object " +
				"arguments, custom hooks that return them) and components into other files (relative imports, " +
				"tsconfig path aliases, index re-exports). A local hook named `useAuth` that wraps " +
				"`useConvexAuth`, and `useAuth` from Clerk or other packages, are not WorkOS's.",
			Bad: "import { useAuth } from \"@workos-inc/authkit-react\";\n" +
				"import { useQuery } from \"convex/react\";\n\n" +
				"export function Messages() {\n" +
				"  const { user } = useAuth();\n" +
				"  const messages = useQuery(api.messages.list, user ? {} : \"skip\");\n" +
				"  return <List items={messages} />;\n" +
				"}\n",
			Good: "import { useConvexAuth, useQuery } from \"convex/react\";\n\n" +
				"export function Messages() {\n" +
				"  const { isAuthenticated } = useConvexAuth();\n" +
				"  const messages = useQuery(api.messages.list, isAuthenticated ? {} : \"skip\");\n" +
				"  return <List items={messages} />;\n" +
				"}\n",
			Lang:  "tsx",
			Guide: "DO: Use `useConvexAuth()` not WorkOS's `useAuth()` for auth state. DON'T: Use WorkOS auth hooks to gate Convex queries.",
		},
		// No Triggers: components reading WorkOS auth state through the app's own hooks may be in any file.
		CheckProject: checkWorkOSAuthGatesConvex,
	})
}

// wkQueryModules export useQuery/usePaginatedQuery/useQueries with convex/react's signature.
var wkQueryModules = []string{analysis.ConvexReact, "convex-helpers/react", "convex-helpers/react/cache",
	"convex-helpers/react/cache/hooks"}

// wkQueryArgs is where a Convex query hook takes its arguments (or "skip"): the index of the
// argument to check, for each hook name.
var wkQueryArgs = map[string]int{"useQuery": 1, "usePaginatedQuery": 1, "useQueries": 0}

// wkAuthProps are the members of WorkOS's useAuth() result that carry auth state; signIn,
// signOut, getAccessToken and the like are functions and gate nothing.
var wkAuthProps = map[string]bool{
	"user": true, "isLoading": true, "loading": true, "accessToken": true, "organizationId": true,
	"role": true, "roles": true, "permissions": true, "sessionId": true, "impersonator": true,
	"featureFlags": true, "entitlements": true,
}

// wkGatingComponents render their children by Convex's own auth state.
var wkGatingComponents = []string{"Authenticated", "Unauthenticated", "AuthLoading"}

func wkIsWorkOSUseAuth(h *analysis.HookCall) bool {
	return h.Is("useAuth", analysis.WorkOSAuthModules...)
}

// wkQueryArg returns the argument of a Convex query hook call that decides its args or
// "skip"; ok is false for other hooks. For TanStack Query it is the options object, when it
// holds a convexQuery(...) from @convex-dev/react-query.
func wkQueryArg(h *analysis.HookCall) (shim.Expr, bool) {
	imp, ok := h.Origin()
	if !ok {
		return shim.Expr{}, false
	}
	if i, isQuery := wkQueryArgs[imp.Name]; isQuery && slices.Contains(wkQueryModules, imp.Module) {
		if i < len(h.Call.Args) {
			return h.Call.Args[i], true
		}
		return shim.Expr{}, true // useQuery(api.x): no args, nothing decides them
	}
	if imp.Module == analysis.TanstackQuery && (imp.Name == "useQuery" || imp.Name == "useSuspenseQuery" || imp.Name == "useQueries") &&
		len(h.Call.Args) > 0 && wkHoldsConvexQuery(h.Owner, h.Call.Args[0], 0) {
		return h.Call.Args[0], true
	}
	return shim.Expr{}, false
}

// wkHoldsConvexQuery reports a convexQuery(...)/convexAction(...) call in e, or in the
// initializer of a local binding e names.
func wkHoldsConvexQuery(c *analysis.Component, e shim.Expr, depth int) bool {
	found := false
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok || found {
			return !found
		}
		switch v := x.Data.(type) {
		case *shim.ECall:
			if c.Facts.Imports.Is(v.Target, "convexQuery", analysis.ConvexReactQuery) || c.Facts.Imports.Is(v.Target, "convexAction", analysis.ConvexReactQuery) {
				found = true
			}
		case *shim.EIdentifier:
			if depth < 3 {
				if d, ok := c.LocalDecl(v.Ref); ok && d.Value.Data != nil && wkHoldsConvexQuery(c, d.Value, depth+1) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// wkUnderConvexGate reports an element that is, or sits inside, <Authenticated>,
// <Unauthenticated> or <AuthLoading> in its component.
func wkUnderConvexGate(el *analysis.Element) bool {
	for e := el; e != nil; e = e.Parent {
		for _, name := range wkGatingComponents {
			if e.Is(name, analysis.ConvexReact) {
				return true
			}
		}
	}
	return false
}

// ---- taint: values that come from WorkOS's useAuth() ----

// gateSource is a WorkOS useAuth() call that values derive from.
type gateSource struct {
	file       *project.File
	start, end int
	module     string
}

// gateTaint is what one component knows: which bindings carry WorkOS auth state, and which
// carry Convex's (useConvexAuth), whose presence makes a gate safe.
type gateTaint struct {
	refs       map[shim.Ref]*gateSource // derived values: any use is a use of auth state
	objs       map[shim.Ref]*gateSource // whole useAuth() results: only auth members count
	direct     map[*shim.ECall]*gateSource
	convexAuth map[shim.Ref]bool
}

func (t *gateTaint) empty() bool { return len(t.refs) == 0 && len(t.objs) == 0 && len(t.direct) == 0 }

// gateHit is one mention of auth state in an expression.
type gateHit struct {
	src        *gateSource
	name       string
	start, end int
}

// mentions finds the first use of WorkOS auth state in e.
func (t *gateTaint) mentions(tree *shim.AST, e shim.Expr) *gateHit {
	var hit *gateHit
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok || hit != nil {
			return hit == nil
		}
		switch v := x.Data.(type) {
		case *shim.EIdentifier:
			if src := t.refs[v.Ref]; src != nil {
				name := shim.SymbolName(tree, v.Ref)
				hit = &gateHit{src, name, int(x.Loc.Start), int(x.Loc.Start) + len(name)}
			}
		case *shim.EDot:
			if !wkAuthProps[v.Name] {
				return true
			}
			var src *gateSource
			switch t2 := v.Target.Data.(type) {
			case *shim.EIdentifier:
				src = t.objs[t2.Ref]
			case *shim.ECall:
				src = t.direct[t2]
			}
			if src != nil {
				hit = &gateHit{src, v.Name, int(x.Loc.Start), int(v.NameLoc.Start) + len(v.Name)}
			}
		}
		return hit == nil
	})
	return hit
}

// mentionsConvexAuth reports a use of a useConvexAuth() value in e.
func (t *gateTaint) mentionsConvexAuth(e shim.Expr) bool {
	if len(t.convexAuth) == 0 {
		return false
	}
	found := false
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok {
			if id, ok := x.Data.(*shim.EIdentifier); ok && t.convexAuth[id.Ref] {
				found = true
			}
		}
		return !found
	})
	return found
}

// gateAnalyzer runs the rule over one project.
type gateAnalyzer struct {
	g       *analysis.Graph
	p       *project.Project
	taints  map[*analysis.Component]*gateTaint
	returns map[*analysis.Component]*gateReturn
	queries map[*analysis.Component]*analysis.HookCall
	visitQ  map[*analysis.Component]bool
}

// gateReturn says what a custom hook returns: WorkOS auth state (src), and whether it is
// useAuth()'s whole result (then only its auth members are auth state).
type gateReturn struct {
	src   *gateSource
	whole bool
}

func (a *gateAnalyzer) taintOf(c *analysis.Component, depth int) *gateTaint {
	if t, ok := a.taints[c]; ok {
		if t == nil {
			return &gateTaint{} // being computed: a hook cycle
		}
		return t
	}
	a.taints[c] = nil
	t := &gateTaint{refs: map[shim.Ref]*gateSource{}, objs: map[shim.Ref]*gateSource{}, direct: map[*shim.ECall]*gateSource{}, convexAuth: map[shim.Ref]bool{}}
	bound := map[*shim.ECall]bool{}
	for _, h := range c.Hooks {
		switch {
		case wkIsWorkOSUseAuth(h):
			imp, _ := h.Origin()
			src := &gateSource{file: c.File, start: h.Start, end: h.End, module: imp.Module}
			t.direct[h.Call] = src
			t.bindAuthResult(h.Result, src)
			bound[h.Call] = true
		case h.Is("useConvexAuth", analysis.ConvexReact):
			for _, ref := range analysis.BindingRefs(h.Result, nil) {
				t.convexAuth[ref] = true
			}
			bound[h.Call] = true
		default:
			if _, isPkg := h.Origin(); isPkg || depth > 3 {
				continue
			}
			f, d, ok := h.Def()
			if !ok {
				continue
			}
			hc := a.g.ComponentOf(f, d)
			if hc == nil || !hc.IsHook {
				continue
			}
			if a.returnsConvexAuth(hc, depth+1) {
				for _, ref := range analysis.BindingRefs(h.Result, nil) {
					t.convexAuth[ref] = true // the app's own hook over useConvexAuth
				}
				bound[h.Call] = true
				continue
			}
			r := a.returnsOf(hc, depth+1)
			if r == nil {
				continue
			}
			bound[h.Call] = true
			if r.whole {
				t.bindAuthResult(h.Result, r.src)
			} else {
				for _, ref := range analysis.BindingRefs(h.Result, nil) {
					t.refs[ref] = r.src
				}
			}
		}
	}
	if !t.empty() || len(t.convexAuth) > 0 {
		t.propagate(c.Facts.Tree, c.Def.Body(), bound)
	}
	a.taints[c] = t
	return t
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

// propagate taints bindings whose initializer uses auth state (`const signedIn = !!user`,
// `const args = user ? { id: user.id } : "skip"`), in source order, twice so that order does
// not matter. Function initializers are not values and are skipped.
func (t *gateTaint) propagate(tree *shim.AST, body []shim.Stmt, bound map[*shim.ECall]bool) {
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
				if fn, arrow := analysis.FuncOf(tree, v); fn != nil || arrow != nil {
					continue
				}
				if id, ok := v.Data.(*shim.EIdentifier); ok {
					if src := t.objs[id.Ref]; src != nil {
						t.bindAuthResult(d.Binding, src) // const { user } = auth
						continue
					}
				}
				if t.mentionsConvexAuth(v) {
					for _, ref := range analysis.BindingRefs(d.Binding, nil) {
						t.convexAuth[ref] = true // const ready = isAuthenticated && !isLoading
					}
				}
				if hit := t.mentions(tree, v); hit != nil {
					for _, ref := range analysis.BindingRefs(d.Binding, nil) {
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
		tree := c.Facts.Tree
		for _, ret := range analysis.Returns(c.Def.Body()) {
			switch v := ret.Data.(type) {
			case *shim.EIdentifier:
				if src := t.objs[v.Ref]; src != nil {
					r = &gateReturn{src: src, whole: true}
				}
			case *shim.ECall:
				if src := t.direct[v]; src != nil {
					r = &gateReturn{src: src, whole: true}
				}
			}
			if r != nil {
				break
			}
			if hit := t.mentions(tree, ret); hit != nil {
				r = &gateReturn{src: hit.src}
				break
			}
		}
	}
	a.returns[c] = r
	return r
}

// returnsConvexAuth says whether a custom hook returns values of useConvexAuth().
func (a *gateAnalyzer) returnsConvexAuth(c *analysis.Component, depth int) bool {
	t := a.taintOf(c, depth)
	if len(t.convexAuth) == 0 {
		return false
	}
	for _, ret := range analysis.Returns(c.Def.Body()) {
		if t.mentionsConvexAuth(ret) {
			return true
		}
	}
	return false
}

// ---- the checks ----

func checkWorkOSAuthGatesConvex(c *ProjectContext) {
	g := analysis.GraphOf(c.Project)
	a := &gateAnalyzer{g: g, p: c.Project, taints: map[*analysis.Component]*gateTaint{}, returns: map[*analysis.Component]*gateReturn{},
		queries: map[*analysis.Component]*analysis.HookCall{}, visitQ: map[*analysis.Component]bool{}}
	reported := map[[2]any]bool{}
	report := func(f *project.File, start, end int, msg string, opts ...Option) {
		key := [2]any{f, start}
		if reported[key] {
			return
		}
		reported[key] = true
		c.Report(f, start, end, msg, opts...)
	}
	for _, ff := range a.files() {
		for _, comp := range ff.Components {
			t := a.taintOf(comp, 0)
			if t.empty() {
				continue
			}
			a.checkQueryArgs(comp, t, report)
			a.checkRenders(comp, t, report)
			a.checkEffects(comp, t, report)
		}
	}
}

// files are the seeds and the files that use hooks returning WorkOS auth state (custom
// hooks, barrels re-exporting useAuth) without importing a Convex or WorkOS package. When a
// few files are linted, only those are looked at: findings are reported in the component that
// reads auth state, from facts reached outward (hooks it calls, components it renders).
func (a *gateAnalyzer) files() []*analysis.FileFacts {
	if !a.p.Narrow() {
		return a.filesOf(a.p.Files, a.g.Seeds(), a.authHookNames())
	}
	return a.filesOf(a.p.Targets, a.g.SeedsOf(a.p.Targets), nil)
}

// filesOf is files among files, whose seeds are given. A file that is not a seed is one of
// them when it mentions useAuth or one of the seeds' hooks that return auth state (names);
// when names is nil they are looked for (in every seed) only if such a file could read auth
// state at all.
func (a *gateAnalyzer) filesOf(files []*project.File, seeds []*analysis.FileFacts, names map[string]bool) []*analysis.FileFacts {
	out := append([]*analysis.FileFacts(nil), seeds...)
	isSeed := map[*project.File]bool{}
	for _, ff := range seeds {
		isSeed[ff.File] = true
	}
	for _, f := range files {
		if f.Kind != project.KindJS || isSeed[f] {
			continue
		}
		src, err := f.Content()
		if err != nil {
			continue
		}
		if !analysis.Mentions(f, "useAuth") {
			if names == nil && !a.mayReadAuth(f) {
				continue // cannot be tainted, whatever the seeds' hooks are
			}
			if names == nil {
				names = a.authHookNames()
			}
			if !analysis.ContainsAnyKey(src, names) {
				continue
			}
		}
		if ff := a.g.Facts(f); ff != nil {
			out = append(out, ff)
		}
	}
	return out
}

// authHookNames are the names of the seeds' hooks that return auth state.
func (a *gateAnalyzer) authHookNames() map[string]bool {
	words := map[string]bool{}
	for _, ff := range a.g.Seeds() {
		for _, comp := range ff.Components {
			if comp.IsHook && comp.Name != "" && a.returnsOf(comp, 0) != nil {
				words[comp.Name] = true
			}
		}
	}
	return words
}

// mayReadAuth reports whether a component of f calls a hook that taintOf could take auth
// state from: WorkOS's useAuth, or a hook of the project.
func (a *gateAnalyzer) mayReadAuth(f *project.File) bool {
	ff := a.g.Facts(f)
	if ff == nil {
		return false
	}
	for _, comp := range ff.Components {
		for _, h := range comp.Hooks {
			if wkIsWorkOSUseAuth(h) {
				return true
			}
			if _, isPkg := h.Origin(); isPkg {
				continue
			}
			if df, d, ok := h.Def(); ok {
				if hc := a.g.ComponentOf(df, d); hc != nil && hc.IsHook {
					return true
				}
			}
		}
	}
	return false
}

type gateReport func(f *project.File, start, end int, msg string, opts ...Option)

func (s *gateSource) related() Option {
	return WithRelated(s.file, s.start, s.end, "WorkOS useAuth() from "+s.module)
}

const gateFix = "gate it on Convex's own auth state: useConvexAuth()'s isAuthenticated, or <Authenticated> from convex/react"

// (a) a query's args or "skip" decided by auth state.
func (a *gateAnalyzer) checkQueryArgs(c *analysis.Component, t *gateTaint, report gateReport) {
	for _, h := range c.Hooks {
		arg, ok := wkQueryArg(h)
		if !ok || arg.Data == nil || t.mentionsConvexAuth(arg) {
			continue
		}
		hit := t.mentions(c.Facts.Tree, arg)
		if hit == nil {
			continue
		}
		report(c.File, hit.start, hit.end, fmt.Sprintf(
			"`%s` from WorkOS useAuth() decides the arguments of %s: WorkOS reports the user before Convex has "+
				"validated the token, so the query runs unauthenticated; %s (`isAuthenticated ? args : \"skip\"`)",
			hit.name, h.Name, gateFix), hit.src.related())
	}
}

// (b) a condition on auth state that renders a subtree calling a Convex query hook.
func (a *gateAnalyzer) checkRenders(c *analysis.Component, t *gateTaint, report gateReport) {
	tree := c.Facts.Tree
	for _, el := range c.Elements {
		if wkUnderConvexGate(el) || el.Conds == nil || el.Conds.Truncated {
			continue
		}
		safe := false
		var hits []*gateHit
		for _, cond := range el.Conds.Slice() {
			if t.mentionsConvexAuth(cond.Test) {
				safe = true
				break
			}
			if hit := t.mentions(tree, cond.Test); hit != nil {
				hits = append(hits, hit)
			}
		}
		if safe || len(hits) == 0 {
			continue
		}
		target := el.Target()
		if target == nil {
			continue
		}
		a.visitQ = map[*analysis.Component]bool{}
		q := a.queryIn(target, 0)
		if q == nil {
			continue
		}
		where := ""
		if q.Owner.File != c.File {
			where = " in " + q.Owner.File.Rel
		}
		for _, hit := range hits {
			report(c.File, hit.start, hit.end, fmt.Sprintf(
				"`%s` from WorkOS useAuth() decides whether <%s> renders, and it calls %s%s: WorkOS reports the user "+
					"before Convex has validated the token, so the query runs unauthenticated; %s",
				hit.name, el.TagName, q.Name, where, gateFix),
				hit.src.related(), WithRelated(q.Owner.File, q.Start, q.End, "the Convex query"))
		}
	}
}

// queryIn finds a Convex query hook call in c or the components it renders and the custom
// hooks it calls, skipping what is gated on Convex's own auth state.
func (a *gateAnalyzer) queryIn(c *analysis.Component, depth int) *analysis.HookCall {
	if q, ok := a.queries[c]; ok {
		return q
	}
	if depth > 8 || a.visitQ[c] {
		return nil
	}
	a.visitQ[c] = true
	t := a.taintOf(c, 0)
	var found *analysis.HookCall
	for _, h := range c.Hooks {
		if arg, ok := wkQueryArg(h); ok {
			if arg.Data == nil || !t.mentionsConvexAuth(arg) {
				found = h
				break
			}
			continue
		}
		if _, isPkg := h.Origin(); isPkg {
			continue
		}
		if f, d, ok := h.Def(); ok {
			if hc := a.g.ComponentOf(f, d); hc != nil {
				if q := a.queryIn(hc, depth+1); q != nil {
					found = q
					break
				}
			}
		}
	}
	if found == nil {
	elements:
		for _, el := range c.Elements {
			if wkUnderConvexGate(el) {
				continue
			}
			for n := el.Conds; n != nil; n = n.Up {
				if t.mentionsConvexAuth(n.Cond.Test) {
					continue elements
				}
			}
			if target := el.Target(); target != nil {
				if q := a.queryIn(target, depth+1); q != nil {
					found = q
					break
				}
			}
		}
	}
	a.queries[c] = found
	return found
}

// (c) a Convex mutation/action call in an effect, guarded by auth state.
func (a *gateAnalyzer) checkEffects(c *analysis.Component, t *gateTaint, report gateReport) {
	tree := c.Facts.Tree
	callers := map[shim.Ref]bool{} // const store = useMutation(...)
	clients := map[shim.Ref]bool{} // const convex = useConvex()
	for _, h := range c.Hooks {
		imp, ok := h.Origin()
		if !ok {
			continue
		}
		id, isID := h.Result.Data.(*shim.BIdentifier)
		if !isID {
			continue
		}
		switch {
		case (imp.Name == "useMutation" || imp.Name == "useAction") && slices.Contains([]string{analysis.ConvexReact, "convex-helpers/react"}, imp.Module),
			(imp.Name == "useConvexMutation" || imp.Name == "useConvexAction") && imp.Module == analysis.ConvexReactQuery:
			callers[id.Ref] = true
		case imp.Name == "useConvex" && imp.Module == analysis.ConvexReact:
			clients[id.Ref] = true
		}
	}
	if len(callers) == 0 && len(clients) == 0 {
		return
	}
	for _, h := range c.Hooks {
		if h.Name != "useEffect" && h.Name != "useLayoutEffect" || len(h.Call.Args) == 0 {
			continue
		}
		fn, arrow := analysis.FuncOf(tree, h.Call.Args[0])
		var body []shim.Stmt
		switch {
		case fn != nil:
			body = fn.Body.Block.Stmts
		case arrow != nil:
			body = arrow.Body.Block.Stmts
		default:
			continue
		}
		analysis.WalkConds(body, func(e shim.Expr, conds *analysis.CondList) bool {
			call, ok := e.Data.(*shim.ECall)
			if !ok || conds == nil || conds.Truncated {
				return true
			}
			what := ""
			switch v := call.Target.Data.(type) {
			case *shim.EIdentifier:
				if callers[v.Ref] {
					what = shim.SymbolName(tree, v.Ref)
				}
			case *shim.EDot:
				if id, ok := v.Target.Data.(*shim.EIdentifier); ok && clients[id.Ref] &&
					(v.Name == "mutation" || v.Name == "action" || v.Name == "query") {
					what = shim.SymbolName(tree, id.Ref) + "." + v.Name
				}
			}
			if what == "" {
				return true
			}
			var hit *gateHit
			for _, cond := range conds.Slice() {
				if t.mentionsConvexAuth(cond.Test) {
					return true
				}
				if hit == nil {
					hit = t.mentions(tree, cond.Test)
				}
			}
			if hit != nil {
				report(c.File, hit.start, hit.end, fmt.Sprintf(
					"`%s` from WorkOS useAuth() guards the Convex call %s in an effect: the effect fires once WorkOS "+
						"has a user, before Convex has validated the token, so the call runs unauthenticated; %s",
					hit.name, what, gateFix), hit.src.related())
			}
			return true
		})
	}
}
