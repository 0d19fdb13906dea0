package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "ignored-force-refresh-token",
		Title:    "fetchAccessToken ignores forceRefreshToken and returns a cached token",
		Severity: Error,
		Tags:     []string{"correctness", "react"},
		Doc: Doc{
			Why: "Convex calls `fetchAccessToken({ forceRefreshToken })` with `forceRefreshToken: true` when " +
				"the server rejected the token it has, typically because it expired. An adapter that " +
				"ignores the argument and hands back a cached token (a ref's `.current`, a state value " +
				"such as `accessToken`, a module variable) returns the same stale token again; Convex " +
				"gives up and the user is signed out of Convex for good while WorkOS still shows them " +
				"signed in. An older official Next.js example did exactly this (`return " +
				"stableAccessToken.current`), and many apps copied it.\n\n" +
				"Read `forceRefreshToken` and, when it is true, fetch a new token: with " +
				"`@workos-inc/authkit-nextjs` call `refresh()` from `useAccessToken()`, with " +
				"`@workos-inc/authkit-react` call `getAccessToken({ forceRefresh: true })`. Adapters that " +
				"call a getter on every call (`return await getAccessToken()`, as the official " +
				"`@convex-dev/workos` provider does) are not reported, nor is a cached token returned as " +
				"a fallback inside `catch`.",
			Bad: "const stableAccessToken = useRef<string | null>(null);\nif (accessToken && !tokenError) {\n" +
				"  stableAccessToken.current = accessToken;\n}\nconst fetchAccessToken = useCallback(async () => {\n" +
				"  if (stableAccessToken.current && !tokenError) {\n    return stableAccessToken.current;\n  }\n" +
				"  return null;\n}, [tokenError]);\n",
			Good: "const { getAccessToken, refresh } = useAccessToken();\nconst fetchAccessToken = useCallback(\n" +
				"  async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {\n" +
				"    const token = forceRefreshToken ? await refresh() : await getAccessToken();\n" +
				"    return token ?? null;\n  },\n  [getAccessToken, refresh],\n);\n",
			Lang:  "tsx",
			Guide: "Client Setup, Next.js App Router: the `useAuthFromAuthKit` adapter's `fetchAccessToken`.",
		},
		// No Triggers: the fetcher reported in may be a function imported from any module.
		CheckProject: checkIgnoredForceRefreshToken,
	})
}

func checkIgnoredForceRefreshToken(c *ProjectContext) {
	a := analysis.NewAdapters(c.Project)
	seen := map[any]bool{}
	hooks := adapterHooks(c, a, func(fn *analysis.Func) bool {
		if len(a.Fetchers(fn)) > 0 {
			return true // a hook: its fetchers may be anywhere
		}
		if _, ignored := forceRefreshIgnored(fn); ignored {
			_, _, cached := cachedReturn(a, fn)
			return cached // a fetcher with a finding, whichever hook returns it
		}
		return false
	})
	for _, hook := range hooks {
		for _, fe := range a.Fetchers(hook) {
			fn := fe.Fn
			if fn == nil || seen[fn.ID] {
				continue
			}
			seen[fn.ID] = true
			why, ignored := forceRefreshIgnored(fn)
			if !ignored {
				continue
			}
			leaf, what, ok := cachedReturn(a, fn)
			if !ok {
				continue
			}
			ff := fn.Scope
			c.Report(ff.File, int(leaf.Loc.Start), ff.ExprEnd(leaf), fmt.Sprintf("fetchAccessToken %s and returns %s: "+
				"when the token expires Convex asks again with { forceRefreshToken: true }, gets the same stale token "+
				"and the user is signed out of Convex. Take ({ forceRefreshToken }) and, when it is true, return a "+
				"freshly fetched token (authkit-nextjs: await refresh() from useAccessToken(); authkit-react: "+
				"await getAccessToken({ forceRefresh: true }))", why, what),
				WithRelated(hook.Scope.File, fe.At[0], fe.At[1], "fetchAccessToken of "+hook.DisplayName()))
		}
	}
}

// forceRefreshIgnored says whether fn never reads the forceRefreshToken field of its argument,
// and how it misses it.
func forceRefreshIgnored(fn *analysis.Func) (why string, ignored bool) {
	if usesArguments(fn) {
		return "", false
	}
	if len(fn.Args) == 0 {
		return "takes no argument (it is called with { forceRefreshToken })", true
	}
	switch b := fn.Args[0].Binding.Data.(type) {
	case *shim.BIdentifier:
		var others []string
		read := false
		uses := 0
		parser.InspectStmts(fn.Body, func(n parser.Node, c *parser.Cursor) bool {
			e, ok := n.(shim.Expr)
			if !ok || read {
				return !read
			}
			id, ok := e.Data.(*shim.EIdentifier)
			if !ok || id.Ref != b.Ref {
				return true
			}
			uses++
			if name, ok := memberOfUse(c.Parent(), id); ok {
				if name == "forceRefreshToken" {
					read = true
				} else {
					others = append(others, name)
				}
				return true
			}
			if keys, ok := destructuredFromUse(c.Parent(), id); ok {
				for _, k := range keys {
					if k == "forceRefreshToken" || k == "..." {
						read = true
					}
				}
				if !read {
					others = append(others, keys...)
				}
				return true
			}
			read = true // passed on whole, spread, compared: assume it is used
			return false
		})
		switch {
		case read:
			return "", false
		case uses == 0:
			return "never reads its { forceRefreshToken } argument", true
		case len(others) > 0:
			return fmt.Sprintf("reads %s, but Convex passes forceRefreshToken,", strings.Join(dedupeStrings(others), ", ")), true
		}
		return "never reads forceRefreshToken", true
	case *shim.BObject:
		var others []string
		for _, p := range b.Properties {
			k, ok := p.Key.Data.(*shim.EString)
			if p.IsSpread || p.IsComputed || !ok {
				return "", false
			}
			key := shim.StringValue(k)
			if key != "forceRefreshToken" {
				others = append(others, key)
				continue
			}
			id, ok := p.Value.Data.(*shim.BIdentifier)
			if !ok || refUsed(fn.Body, id.Ref) {
				return "", false
			}
			return "never uses the forceRefreshToken it destructures", true
		}
		if len(others) > 0 {
			return fmt.Sprintf("reads %s, but Convex passes forceRefreshToken,", strings.Join(others, ", ")), true
		}
		return "never reads forceRefreshToken", true
	}
	return "", false
}

// memberOfUse gives the property read when the identifier is the target of `x.name` or
// `x["name"]`.
func memberOfUse(parent parser.Node, id *shim.EIdentifier) (string, bool) {
	pe, ok := parent.(shim.Expr)
	if !ok {
		return "", false
	}
	target, name, ok := analysis.Member(pe)
	if t, isID := target.Data.(*shim.EIdentifier); ok && isID && t == id {
		return name, true
	}
	return "", false
}

// destructuredFromUse gives the keys of `const { a, b } = x` when the identifier is x.
func destructuredFromUse(parent parser.Node, id *shim.EIdentifier) ([]string, bool) {
	ps, ok := parent.(shim.Stmt)
	if !ok {
		return nil, false
	}
	local, ok := ps.Data.(*shim.SLocal)
	if !ok {
		return nil, false
	}
	for _, d := range local.Decls {
		if t, ok := d.ValueOrNil.Data.(*shim.EIdentifier); !ok || t != id {
			continue
		}
		obj, ok := d.Binding.Data.(*shim.BObject)
		if !ok {
			return nil, false
		}
		var keys []string
		for _, p := range obj.Properties {
			if k, ok := p.Key.Data.(*shim.EString); ok && !p.IsSpread && !p.IsComputed {
				keys = append(keys, shim.StringValue(k))
			} else {
				keys = append(keys, "...")
			}
		}
		return keys, true
	}
	return nil, false
}

// refUsed reports whether ref is read anywhere in body.
func refUsed(body []shim.Stmt, ref shim.Ref) bool {
	used := false
	parser.InspectStmts(body, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok {
			if id, ok := e.Data.(*shim.EIdentifier); ok && id.Ref == ref {
				used = true
			}
		}
		return !used
	})
	return used
}

// usesArguments reports whether a non-arrow function reads `arguments`.
func usesArguments(fn *analysis.Func) bool {
	if _, isArrow := fn.ID.(*shim.EArrow); isArrow {
		return false
	}
	used := false
	parser.InspectStmts(fn.Body, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok {
			if id, ok := e.Data.(*shim.EIdentifier); ok && shim.SymbolName(fn.Scope.Tree, id.Ref) == "arguments" {
				used = true
			}
		}
		return !used
	})
	return used
}

func dedupeStrings(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// cachedReturn finds the first return of fn that can hand back a cached token before any
// token getter ran: returns inside catch blocks are fallbacks and do not count.
func cachedReturn(a *analysis.Adapters, fn *analysis.Func) (leaf shim.Expr, what string, ok bool) {
	var scan func(stmts []shim.Stmt, fetched, inCatch bool) bool
	scan = func(stmts []shim.Stmt, fetched, inCatch bool) bool {
		for _, s := range stmts {
			if ok {
				return fetched
			}
			switch v := s.Data.(type) {
			case *shim.SReturn:
				if !fetched && !inCatch && v.ValueOrNil.Data != nil {
					leaf, what, ok = cachedValue(a, fn, v.ValueOrNil, 0)
				}
				return fetched
			case *shim.SIf:
				scan([]shim.Stmt{v.Yes}, fetched, inCatch)
				if v.NoOrNil.Data != nil {
					scan([]shim.Stmt{v.NoOrNil}, fetched, inCatch)
				}
			case *shim.SBlock:
				fetched = scan(v.Stmts, fetched, inCatch)
			case *shim.STry:
				after := scan(v.Block.Stmts, fetched, inCatch)
				if v.Catch != nil {
					scan(v.Catch.Block.Stmts, fetched, true)
				}
				if v.Finally != nil {
					scan(v.Finally.Block.Stmts, fetched, inCatch)
				}
				fetched = after
			default:
				if callsTokenGetter(fn.Scope, s) {
					fetched = true
				}
			}
		}
		return fetched
	}
	scan(fn.Body, false, false)
	return leaf, what, ok
}

// callsTokenGetter reports whether a statement calls something that fetches or refreshes a token
// (getAccessToken, refresh, fetch, getSession...), outside nested functions.
func callsTokenGetter(tf *analysis.FileScope, s shim.Stmt) bool {
	found := false
	parser.InspectStmts([]shim.Stmt{s}, func(n parser.Node, _ *parser.Cursor) bool {
		if _, _, _, isFn := analysis.FuncNode(n); isFn || found {
			return false
		}
		if e, ok := n.(shim.Expr); ok {
			if call, ok := e.Data.(*shim.ECall); ok && isGetterName(tf.Callee(call.Target)) {
				found = true
			}
		}
		return true
	})
	return found
}

// isGetterName matches method names that fetch a token: getAccessToken, refresh, getToken,
// fetchToken, getSession; not storage reads such as getItem.
func isGetterName(name string) bool {
	l := strings.ToLower(name)
	if l == "getitem" || l == "get" {
		return false
	}
	return strings.Contains(l, "token") || strings.Contains(l, "refresh") || strings.Contains(l, "session") ||
		strings.HasPrefix(l, "get") || strings.HasPrefix(l, "fetch")
}

// cachedValue reports whether a returned value can be a token cached outside this call: a ref's
// .current, a token value captured at render, a mutable module variable.
func cachedValue(a *analysis.Adapters, fn *analysis.Func, e shim.Expr, depth int) (shim.Expr, string, bool) {
	if depth > analysis.MaxDepth {
		return shim.Expr{}, "", false
	}
	tf := fn.Scope
	for _, leaf := range analysis.ValueLeaves(e, nil) {
		switch v := leaf.Data.(type) {
		case *shim.EDot:
			text := tf.Text(int(leaf.Loc.Start), tf.ExprEnd(leaf))
			if v.Name == "current" {
				return leaf, "the ref value " + text, true
			}
			if analysis.Tokenish(v.Name) && rootIsModuleVar(tf, v.Target) {
				return leaf, "the module-level " + text, true
			}
		case *shim.EIdentifier:
			d := tf.Decls[v.Ref]
			if d == nil || d.Kind != analysis.DeclVar {
				continue
			}
			switch {
			case d.Owner == fn.ID:
				// `const token = tokenRef.current; return token;`
				if len(d.Path) == 0 && d.Init.Data != nil {
					if _, what, ok := cachedValue(a, fn, d.Init, depth+1); ok {
						return leaf, d.Name + ", which holds " + what + ",", true
					}
				}
			case d.Owner == nil:
				if d.Local != shim.LocalConst {
					return leaf, "the module variable " + d.Name, true
				}
			case a.TokenValue(tf, d, 0):
				return leaf, d.Name + ", the token captured when the hook last rendered", true
			}
		}
	}
	return shim.Expr{}, "", false
}

// rootIsModuleVar reports whether a member chain starts at a module-level binding.
func rootIsModuleVar(tf *analysis.FileScope, e shim.Expr) bool {
	for {
		switch v := e.Data.(type) {
		case *shim.EDot:
			e = v.Target
			continue
		case *shim.EIdentifier:
			d := tf.Decls[v.Ref]
			return d != nil && d.Owner == nil && d.Kind == analysis.DeclVar
		}
		return false
	}
}
