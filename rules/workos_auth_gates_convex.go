package rules

import (
	"fmt"
	"slices"
	"strings"

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
				"The rule reports the gate: where a WorkOS value decides whether Convex work runs (a query's " +
				"arguments or `\"skip\"`, the condition around a subtree that calls a query hook, the guard of a " +
				"mutation or action in an effect, and a wrapper that renders its `children` only when WorkOS says so, " +
				"placed around a layout's pages or a router's routes). It follows values derived from `useAuth()` " +
				"(renames, `!!user`, ternaries, object arguments, custom hooks that return them) and components into " +
				"other files (relative imports, tsconfig path aliases, index re-exports), but not the results of Convex " +
				"queries, callbacks such as display filters (`list.filter((x) => x.owner === user?.id)`), or subtrees " +
				"that wait for UI state (a dialog's `open ? args : \"skip\"`, an effect that calls Convex once a typed " +
				"search is long enough, also through values derived from that state; a flag the effect sets itself " +
				"does not count); a child's conditional query counts when " +
				"the prop that decides it is a WorkOS value. A condition that also waits for Convex " +
				"is gated correctly: Convex's auth state (`isAuthenticated` or `isRefreshing`, also handed down through " +
				"props or context; neither authkit-react 0.16 nor authkit-nextjs 4 returns members of those names), " +
				"`<Authenticated>` or `<AuthRefreshing>`, or the app's own wrapper that renders its children only by " +
				"Convex's auth state (both `isRefreshing` and `<AuthRefreshing>` since convex " +
				"1.40.0), data a Convex query returned, or a token read from the Convex client. For an effect's Convex " +
				"call the data must be there on the path (`unread?.length`, `me !== undefined`, `me === null`): " +
				"`if (user && !currentUser) createUser()` fires while the query is still loading, so it is reported. " +
				"Several gates in one " +
				"component on the same `useAuth()` call are one finding, the others listed as related locations. " +
				"WorkOS's `useAuth()` is that of `@workos-inc/authkit-react`, `@workos-inc/authkit-nextjs/components` " +
				"and TanStack Start's `@workos/authkit-tanstack-react-start/client` (0.11.0); the kit's server " +
				"`getAuth()` in a loader or `beforeLoad` is not client auth state. " +
				"A local hook named `useAuth` that wraps `useConvexAuth`, and `useAuth` from Clerk or other packages, " +
				"are not WorkOS's. An app whose browser Convex client never authenticates (it renders only a plain " +
				"`ConvexProvider` and calls no `setAuth`) is not judged: every query there runs unauthenticated " +
				"whatever gates it, and `missing-convex-auth-provider` reports that root cause.",
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

// wkGatingComponents render their children by Convex's own auth state (AuthRefreshing since
// convex 1.40.0: it renders only while authenticated).
var wkGatingComponents = []string{"Authenticated", "Unauthenticated", "AuthLoading", "AuthRefreshing"}

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

// underConvexGate reports an element that is, or sits inside, <Authenticated>,
// <Unauthenticated>, <AuthLoading> or <AuthRefreshing> in its component. Answers are kept per
// element, so asking for every element of a deeply nested tree costs one step per element.
func (a *gateAnalyzer) underConvexGate(el *analysis.Element) bool {
	var path []*analysis.Element
	v := false
	for e := el; e != nil; e = e.Parent {
		a.steps++
		if known, ok := a.gated[e]; ok {
			v = known
			break
		}
		if wkIsConvexGate(e) {
			v = true
			path = append(path, e)
			break
		}
		path = append(path, e)
	}
	for _, e := range path {
		a.gated[e] = v
	}
	return v
}

func wkIsConvexGate(e *analysis.Element) bool {
	if e.TagName == "" || !isUpperASCII(e.TagName) {
		return false // fragments and intrinsic elements
	}
	for _, name := range wkGatingComponents {
		if e.Is(name, analysis.ConvexReact) {
			return true
		}
	}
	return false
}

func isUpperASCII(name string) bool {
	return name[0] >= 'A' && name[0] <= 'Z' || strings.Contains(name, ".")
}

// ---- the checks ----

// gateAnalyzer runs the rule over one project.
type gateAnalyzer struct {
	g        *analysis.Graph
	p        *project.Project
	taints   map[*analysis.Component]*gateTaint
	sources  map[*analysis.Component]*taintSources // taints before propagate; nil while computed
	returns  map[*analysis.Component]*gateReturn
	queries  map[*analysis.Component]*analysis.HookCall
	visitQ   map[*analysis.Component]bool
	children map[*analysis.Component]*childQuery
	gated    map[*analysis.Element]bool   // underConvexGate's answers
	steps    int                          // elements visited by the tree walks (a work counter for tests)
	seenHits map[*hitList]bool            // the current component's hit lists already turned into gates
	wrappers map[*analysis.Component]bool // convexWrapper's answers
	anon     map[*project.File]bool       // files of apps whose Convex client never authenticates
	anonRoot map[*project.Root]bool       // and those apps' roots; nil until first asked
}

// gate is one place where WorkOS auth state decides whether Convex work runs.
type gate struct {
	hit  *gateHit
	msg  string   // the finding, when this gate is the first of its useAuth() call
	also string   // the related location's message otherwise
	opts []Option // its own related locations
}

// maxRelatedGates bounds the other gates listed under one finding.
const maxRelatedGates = 10

func checkWorkOSAuthGatesConvex(c *ProjectContext) {
	newGateAnalyzer(c.Project).run(func(comp *analysis.Component, gates []*gate) { reportGates(c, comp, gates) })
}

func newGateAnalyzer(p *project.Project) *gateAnalyzer {
	return &gateAnalyzer{g: analysis.GraphOf(p), p: p, taints: map[*analysis.Component]*gateTaint{},
		sources: map[*analysis.Component]*taintSources{}, returns: map[*analysis.Component]*gateReturn{},
		queries: map[*analysis.Component]*analysis.HookCall{}, visitQ: map[*analysis.Component]bool{},
		children: map[*analysis.Component]*childQuery{}, gated: map[*analysis.Element]bool{},
		wrappers: map[*analysis.Component]bool{}}
}

// run collects the gates of each component that reads WorkOS auth state.
func (a *gateAnalyzer) run(report func(*analysis.Component, []*gate)) {
	for _, ff := range a.files() {
		for _, comp := range ff.Components {
			// Most components read no WorkOS value: that is known before the taint is
			// propagated through their bodies, which only a component with one needs here.
			if s := a.sourcesOf(comp, 0); s.t.empty() || a.anonymous(comp.File) {
				continue
			}
			t := a.taintOf(comp, 0)
			var gates []*gate
			seen := map[int]bool{}
			a.seenHits = map[*hitList]bool{}
			add := func(gt *gate) {
				if !seen[gt.hit.start] {
					seen[gt.hit.start] = true
					gates = append(gates, gt)
				}
			}
			a.checkQueryArgs(comp, t, add)
			a.checkRenders(comp, t, add)
			a.checkSlots(comp, t, add)
			a.checkEffects(comp, t, add)
			report(comp, gates)
		}
	}
}

// waitsForUI reports conditions that read a useState value (directly or through a derived
// value) which the effect itself does not set: UI state such as a typed query or an open
// dialog. A flag the effect sets (`if (user && !stored) { store(); setStored(true) }`) is its
// own bookkeeping, and the effect still fires at sign-in.
func waitsForUI(t *gateTaint, conds *analysis.CondList, body []shim.Stmt) bool {
	var bases []shim.Ref
	for l := conds; l != nil; l = l.Up {
		bases = append(bases, t.stateBasesIn(l.Cond.Test)...)
	}
	if len(bases) == 0 {
		return false
	}
	set := map[shim.Ref]bool{}
	parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok {
			if call, ok := e.Data.(*shim.ECall); ok {
				if id, ok := call.Target.Data.(*shim.EIdentifier); ok {
					set[id.Ref] = true
				}
			}
		}
		return true
	})
	for _, b := range bases {
		if s, ok := t.setter[b]; !ok || !set[s] {
			return true
		}
	}
	return false
}

// anonymous reports a file whose app's Convex client never authenticates (only plain
// ConvexProvider, see missing-convex-auth-provider, which reports that root cause): there every
// query runs unauthenticated whatever gates it, and gating on useConvexAuth() would never let
// it run, so a WorkOS gate is the app's design, not this rule's mistake.
func (a *gateAnalyzer) anonymous(f *project.File) bool {
	if a.anonRoot == nil {
		a.anon, a.anonRoot = map[*project.File]bool{}, map[*project.Root]bool{}
		if !namesPlainConvexProvider(a.p) {
			return false // no app renders a plain provider: grouping the seeds (a parse of each) is not needed
		}
		authed := map[*project.File]bool{}
		for _, app := range analysis.Apps(a.g) {
			anon := anonymousConvexApp(a.p, app)
			a.anonRoot[app.Root] = anon
			for _, f := range app.Sources {
				if anon {
					a.anon[f] = true
				} else {
					authed[f] = true
				}
			}
		}
		for f := range authed {
			a.anon[f] = false // rendered by an app that does authenticate too
		}
	}
	if v, ok := a.anon[f]; ok {
		return v
	}
	return f.Root != nil && a.anonRoot[f.Root]
}

// namesPlainConvexProvider reports whether a file that mentions convex/react names
// ConvexProvider other than as the start of ConvexProviderWith…: a plain provider element is
// imported (or re-exported) from convex/react by name, so without such a file no app is
// anonymous. A text test, so that a saved file's run does not parse its whole package.
func namesPlainConvexProvider(p *project.Project) bool {
	for _, f := range analysis.AppFiles(p) {
		if f.Kind != project.KindJS || !analysis.Mentions(f, analysis.ConvexReact) {
			continue
		}
		src, err := f.Content()
		if err != nil {
			return true // unknown: ask the full question
		}
		for rest := src; ; {
			i := strings.Index(rest, "ConvexProvider")
			if i < 0 {
				break
			}
			rest = rest[i+len("ConvexProvider"):]
			if !strings.HasPrefix(rest, "With") {
				return true
			}
		}
	}
	return false
}

// reportGates reports, for each useAuth() call, the first gate it decides in the component,
// with the others as related locations: one root cause, one finding.
func reportGates(c *ProjectContext, comp *analysis.Component, gates []*gate) {
	slices.SortStableFunc(gates, func(x, y *gate) int { return x.hit.start - y.hit.start })
	done := map[*gateSource]bool{}
	for i, first := range gates {
		src := first.hit.src
		if done[src] {
			continue
		}
		done[src] = true
		var rest []*gate
		for _, o := range gates[i+1:] {
			if o.hit.src == src {
				rest = append(rest, o)
			}
		}
		msg := first.msg
		if len(rest) > 0 {
			msg += fmt.Sprintf(" (and %d more %s on the same useAuth() value, listed as related locations)",
				len(rest), plural(len(rest), "gate", "gates"))
		}
		opts := append([]Option{src.related()}, first.opts...)
		for j, o := range rest {
			if j == maxRelatedGates {
				break
			}
			opts = append(opts, WithRelated(comp.File, o.hit.start, o.hit.end, o.also))
		}
		c.Report(comp.File, first.hit.start, first.hit.end, msg, opts...)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// files are the seeds and the files that use hooks returning WorkOS auth state (custom
// hooks, barrels re-exporting useAuth) without importing a Convex or WorkOS package. When a
// few files are linted, only those are looked at: findings are reported in the component that
// reads auth state, from facts reached outward (hooks it calls, components it renders).
func (a *gateAnalyzer) files() []*analysis.FileFacts {
	if !a.p.Narrow() {
		seeds, names := a.startSeeds()
		return a.filesOf(analysis.AppFiles(a.p), seeds, names)
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
	for _, f := range a.g.SeedFiles(files) {
		isSeed[f] = true // those not among seeds were left out on purpose (startSeeds)
	}
	for _, f := range files {
		if f.Kind != project.KindJS || isSeed[f] {
			continue
		}
		// A component may also take WorkOS state as an isAuthenticated/isRefreshing prop. The
		// words come from the engine's scan, which may have dropped the text since.
		if !analysis.Mentions(f, "useAuth") && !analysis.Mentions(f, "isAuthenticated") && !analysis.Mentions(f, "isRefreshing") {
			if names == nil && !a.mayReadAuth(f) {
				continue // cannot be tainted, whatever the seeds' hooks are
			}
			if names == nil {
				names = a.authHookNames()
			}
			if !analysis.ContainsAnyKeyIn(f, names) {
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

type gateAdd func(*gate)

func (s *gateSource) related() Option {
	return WithRelated(s.file, s.start, s.end, "WorkOS useAuth() from "+s.module)
}

const gateFix = "gate it on Convex's own auth state: useConvexAuth()'s isAuthenticated, or <Authenticated> from convex/react"

const gateWhy = "WorkOS reports the user before Convex has validated the token, so the query runs unauthenticated"

// (a) a query's args or "skip" decided by auth state.
func (a *gateAnalyzer) checkQueryArgs(c *analysis.Component, t *gateTaint, add gateAdd) {
	for _, h := range c.Hooks {
		arg, ok := wkQueryArg(h)
		if !ok || arg.Data == nil || t.convexGate(arg) {
			continue
		}
		hit := t.mentions(arg)
		if hit == nil {
			continue
		}
		add(&gate{hit: hit,
			msg: fmt.Sprintf("`%s` from WorkOS useAuth() decides the arguments of %s: %s; %s (`isAuthenticated ? args : \"skip\"`)",
				hit.name, h.Name, gateWhy, gateFix),
			also: fmt.Sprintf("`%s` also decides the arguments of %s", hit.name, h.Name)})
	}
}

// (b) a condition on auth state that renders a subtree calling a Convex query hook.
func (a *gateAnalyzer) checkRenders(c *analysis.Component, t *gateTaint, add gateAdd) {
	for _, el := range c.Elements {
		if el.Conds == nil || el.Conds.Truncated || a.underConvexGate(el) {
			continue
		}
		f := t.fold(el.Conds)
		if f.convex || f.hits == nil || a.underConvexWrapper(el) {
			continue
		}
		var q *analysis.HookCall
		if target := el.Target(); target != nil {
			a.visitQ = map[*analysis.Component]bool{}
			if q = a.queryIn(target, 0); q == nil {
				q = a.propDecidedQuery(el, target, t)
			}
		} else if el.Is("Outlet", routerOutlets...) {
			q = a.routesQuery(c.File) // a layout route rendering its child routes
		}
		if q == nil {
			continue
		}
		where := ""
		if q.Owner.File != c.File {
			where = " in " + q.Owner.File.Rel
		}
		for _, hit := range a.fresh(f.hits) {
			add(&gate{hit: hit,
				msg: fmt.Sprintf("`%s` from WorkOS useAuth() decides whether <%s> renders, and it calls %s%s: %s; %s",
					hit.name, el.TagName, q.Name, where, gateWhy, gateFix),
				also: fmt.Sprintf("`%s` also decides whether <%s> renders", hit.name, el.TagName),
				opts: []Option{WithRelated(q.Owner.File, q.Start, q.End, "the Convex query")}})
		}
	}
}

// wkConditional reports query arguments that can be "skip": such a query waits for its own
// condition (a dialog's `open ? args : "skip"`), which its own component answers for.
func wkConditional(tree *shim.AST, arg shim.Expr) bool {
	found := false
	inspectValue(tree, arg, func(x shim.Expr) bool {
		if found {
			return false
		}
		if s, ok := x.Data.(*shim.EString); ok && shim.StringValue(s) == "skip" {
			found = true
		}
		return !found
	})
	return found
}

// propDecidedQuery is a conditional query of target whose args are decided by a prop that el
// gives a WorkOS value: `{user && <Profile userId={user.id} />}` over `useQuery(api.x, userId ?
// { userId } : "skip")` runs once WorkOS has a user. (queryIn leaves conditional queries to
// their own component, which cannot see where its props come from.)
func (a *gateAnalyzer) propDecidedQuery(el *analysis.Element, target *analysis.Component, t *gateTaint) *analysis.HookCall {
	args := target.Def.Args()
	if len(args) == 0 || target.IsHook {
		return nil
	}
	props, ok := args[0].Binding.Data.(*shim.BObject)
	if !ok {
		return nil
	}
	fromWorkOS := map[shim.Ref]bool{} // the target's bindings of props el gives WorkOS values
	for _, p := range props.Properties {
		k, isStr := p.Key.Data.(*shim.EString)
		if p.IsSpread || !isStr {
			continue
		}
		if v, _, ok := el.Prop(shim.StringValue(k)); ok && v.Data != nil && t.mentions(v) != nil {
			for _, ref := range analysis.BindingRefs(p.Value, nil) {
				fromWorkOS[ref] = true
			}
		}
	}
	if len(fromWorkOS) == 0 {
		return nil
	}
	tt := a.taintOf(target, 0)
	for _, h := range target.Hooks {
		if arg, ok := wkQueryArg(h); ok && arg.Data != nil && !tt.convexGate(arg) && tt.mentionsRefs(arg, fromWorkOS) {
			return h
		}
	}
	return nil
}

// queryIn finds a Convex query hook call that runs as soon as c renders: in c, the custom
// hooks it calls and the components it renders, skipping what waits for Convex (its auth
// state or its data), for UI state (a dialog opened later) or for a query's own condition.
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
			if arg.Data == nil || !t.convexGate(arg) && !wkConditional(c.Facts.Tree, arg) {
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
		for _, el := range c.Elements {
			if a.underConvexGate(el) || el.Conds != nil && el.Conds.Truncated {
				continue
			}
			if f := t.fold(el.Conds); f.convex || f.state {
				continue
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
func (a *gateAnalyzer) checkEffects(c *analysis.Component, t *gateTaint, add gateAdd) {
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
			f := t.fold(conds)
			if f.hits == nil || f.convex && t.effectWaitsForConvex(conds) {
				return true // also waits for Convex: its auth state, its data, the client's token
			}
			if f.state && waitsForUI(t, conds, body) {
				return true // runs once the user acts (opens a dialog, types a query), not at sign-in
			}
			for _, hit := range a.fresh(f.hits) {
				add(&gate{hit: hit,
					msg: fmt.Sprintf("`%s` from WorkOS useAuth() guards the Convex call %s in an effect: the effect fires once WorkOS "+
						"has a user, before Convex has validated the token, so the call runs unauthenticated; %s",
						hit.name, what, gateFix),
					also: fmt.Sprintf("`%s` also guards the Convex call %s", hit.name, what)})
			}
			return true
		})
	}
}
