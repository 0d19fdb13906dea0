package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
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
				"the server rejected the token it has or the token is about to expire (`AuthTokenFetcher` in " +
				"convex 1.45, `src/browser/sync/authentication_manager.ts`), and it counts an answer equal to " +
				"the token it already has as a failed refresh (`isNewAuth`). An adapter that hands back a " +
				"cached token (a ref's `.current`, a state value such as `accessToken`, a prop, loader data, " +
				"a module variable) on such a call returns the same stale token again; Convex gives up and " +
				"the user is signed out of Convex for good while WorkOS still shows them signed in. An older " +
				"official Next.js example did exactly this (`return stableAccessToken.current`), and many apps " +
				"copied it.\n\n" +
				"Reported: a fetcher that ignores the argument and returns a cached token, and one that reads " +
				"it but still returns a cached token on some path where it is true: a refresh only in a " +
				"corner case (`if (!accessToken && forceRefreshToken) ...; return accessToken`), or a refresh " +
				"whose result is thrown away (`if (forceRefreshToken) await refresh(); return " +
				"tokenRef.current`, where an effect updates the ref only after the next render). The rule " +
				"follows the hook given to `ConvexProviderWithAuth` into other files, through other hooks and " +
				"React context to the component that builds the object, and reads the fetchers apps pass to " +
				"`convex.setAuth(...)` (or `convexQueryClient.convexClient.setAuth(...)`) themselves under a " +
				"plain `ConvexProvider`.\n\n" +
				"When `forceRefreshToken` is true, return a freshly fetched token: with " +
				"`@workos-inc/authkit-nextjs` or `@workos/authkit-tanstack-react-start` the result of " +
				"`refresh()` from `useAccessToken()` (as the get-convex/templates Next.js and TanStack Start " +
				"AuthKit templates do), with `@workos-inc/authkit-react` `getAccessToken({ forceRefresh: true " +
				"})`. Adapters that call a getter on every call (`return await getAccessToken()`, as the " +
				"official `@convex-dev/workos` provider does) are not reported, nor is a cached token returned " +
				"as a fallback inside `catch`, nor `ConvexHttpClient.setAuth(token)`, which takes a string for " +
				"one server-side request.",
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
		_, ok := staleForcedReturn(a, fn, "fetchAccessToken")
		return ok // a fetcher with a finding, whichever hook returns it
	})
	for _, hook := range hooks {
		for _, fe := range a.Fetchers(hook) {
			fn := fe.Fn
			if fn == nil || seen[fn.ID] {
				continue
			}
			seen[fn.ID] = true
			msg, ok := staleForcedReturn(a, fn, "fetchAccessToken")
			if !ok {
				continue
			}
			reportStaleFetcher(c, fn, msg,
				WithRelated(fe.Hook.Scope.File, fe.At[0], fe.At[1], "fetchAccessToken of "+fe.Hook.DisplayName()))
		}
	}
	checkSetAuthFetchers(c, a, seen)
}

// staleMessage is a finding of a fetcher: where, and what it does.
type staleMessage struct {
	leaf shim.Expr
	text string
	todo string
}

// staleForcedReturn says whether fn, called with { forceRefreshToken: true }, can return a
// cached token, and describes how.
func staleForcedReturn(a *analysis.Adapters, fn *analysis.Func, subject string) (staleMessage, bool) {
	why, ignored, known := forceRefreshIgnored(fn)
	if !known {
		return staleMessage{}, false
	}
	r := forcedStaleReturn(a, fn)
	if r == nil {
		return staleMessage{}, false
	}
	var text string
	todo := "When it is true, return the token the refresh gives"
	switch {
	case ignored:
		todo = "Take ({ forceRefreshToken }) and, when it is true, return a freshly fetched token"
		text = fmt.Sprintf("%s %s and returns %s", subject, why, r.what)
	case r.getter != "":
		text = fmt.Sprintf("%s calls %s when forceRefreshToken is true but throws the new token "+
			"away and returns %s", subject, r.getter, r.what)
	case r.skipped != "" && len(r.skipped) <= 80:
		text = fmt.Sprintf("%s refreshes only when %s: otherwise a call with forceRefreshToken "+
			"true still returns %s", subject, r.skipped, r.what)
	default:
		text = fmt.Sprintf("%s reads forceRefreshToken, but a call with it true can still return %s", subject, r.what)
	}
	return staleMessage{leaf: r.leaf, text: text, todo: todo}, true
}

// reportStaleFetcher reports a stale return with the advice for the app's AuthKit SDK.
func reportStaleFetcher(c *ProjectContext, fn *analysis.Func, m staleMessage, opts ...Option) {
	ff := fn.Scope
	c.Report(ff.File, int(m.leaf.Loc.Start), ff.ExprEnd(m.leaf), m.text+": when the token expires Convex asks "+
		"again with { forceRefreshToken: true }, gets the same stale token and the user is signed out of Convex. "+
		m.todo+refreshAdvice(c, ff.File), opts...)
}

// refreshAdvice names the refresh call of the AuthKit SDK the app depends on, and only that one.
func refreshAdvice(c *ProjectContext, f *project.File) string {
	var sdks []string
	for _, r := range c.Project.Roots {
		if f.Path != r.Dir && !strings.HasPrefix(f.Path, r.Dir+string(filepath.Separator)) {
			continue
		}
		for _, s := range []struct{ dep, advice string }{
			{"@workos-inc/authkit-nextjs", "authkit-nextjs: await refresh() from useAccessToken()"},
			{"@workos/authkit-tanstack-react-start", "authkit-tanstack-react-start: await refresh() from useAccessToken()"},
			{"@workos-inc/authkit-react", "authkit-react: await getAccessToken({ forceRefresh: true })"},
		} {
			if r.Deps[s.dep] && !slices.Contains(sdks, s.advice) {
				sdks = append(sdks, s.advice)
			}
		}
	}
	if len(sdks) == 0 {
		return ""
	}
	return " (" + strings.Join(sdks, "; ") + ")"
}

// forceRefreshIgnored says whether fn never reads the forceRefreshToken field of its argument,
// and how it misses it; known is false when the argument is read in a way the analysis does
// not follow (`arguments`, a spread or computed key in its pattern).
func forceRefreshIgnored(fn *analysis.Func) (why string, ignored, known bool) {
	if usesArguments(fn) {
		return "", false, false
	}
	if len(fn.Args) == 0 {
		return "takes no argument (it is called with { forceRefreshToken })", true, true
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
			return "", false, true
		case uses == 0:
			return "never reads its { forceRefreshToken } argument", true, true
		case len(others) > 0:
			return fmt.Sprintf("reads %s, but Convex passes forceRefreshToken,", strings.Join(dedupeStrings(others), ", ")), true, true
		}
		return "never reads forceRefreshToken", true, true
	case *shim.BObject:
		var others []string
		for _, p := range b.Properties {
			k, ok := p.Key.Data.(*shim.EString)
			if p.IsSpread || p.IsComputed || !ok {
				return "", false, false
			}
			key := shim.StringValue(k)
			if key != "forceRefreshToken" {
				others = append(others, key)
				continue
			}
			id, ok := p.Value.Data.(*shim.BIdentifier)
			if !ok {
				return "", false, false
			}
			if refUsed(fn.Body, id.Ref) {
				return "", false, true
			}
			return "never uses the forceRefreshToken it destructures", true, true
		}
		if len(others) > 0 {
			return fmt.Sprintf("reads %s, but Convex passes forceRefreshToken,", strings.Join(others, ", ")), true, true
		}
		return "never reads forceRefreshToken", true, true
	}
	return "", false, false
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

// checkSetAuthFetchers judges the fetchers apps hand to the client themselves, under a plain
// ConvexProvider: `convex.setAuth(async () => token)`, `convexQueryClient.convexClient.setAuth(...)`.
// Only fetchers written in the same file are read, so a file's findings never depend on others.
func checkSetAuthFetchers(c *ProjectContext, a *analysis.Adapters, seen map[any]bool) {
	files := analysis.AppFiles(c.Project)
	if c.Project.Narrow() {
		files = c.Project.Targets
	}
	for _, f := range files {
		if f.Kind != KindJS || !analysis.Mentions(f, "setAuth") {
			continue
		}
		tf := a.Scope(f)
		if tf == nil {
			continue
		}
		parser.Inspect(tf.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			e, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := e.Data.(*shim.ECall)
			if !ok || len(call.Args) == 0 {
				return true
			}
			dot, ok := call.Target.Data.(*shim.EDot)
			if !ok || dot.Name != "setAuth" || !convexClientExpr(tf, dot.Target) {
				return true
			}
			fn := a.ReadableFunc(tf, call.Args[0])
			if fn == nil || fn.Scope != tf || seen[fn.ID] {
				return true // a string (ConvexHttpClient.setAuth), or a function of another file
			}
			seen[fn.ID] = true
			if msg, ok := staleForcedReturn(a, fn, "the token fetcher given to setAuth"); ok {
				start := int(dot.NameLoc.Start)
				reportStaleFetcher(c, fn, msg, WithRelated(f, start, start+len("setAuth"), "the client's setAuth"))
			}
			return true
		})
	}
}

// convexClientExpr reports whether e is a Convex client by its name: `convex`, `convexClient`,
// `client` from useConvex(), `convexQueryClient.convexClient`.
func convexClientExpr(tf *analysis.FileScope, e shim.Expr) bool {
	switch v := e.Data.(type) {
	case *shim.EDot:
		return strings.Contains(strings.ToLower(v.Name), "convex")
	case *shim.EIdentifier:
		d := tf.Decls[v.Ref]
		if d == nil {
			return false
		}
		if strings.Contains(strings.ToLower(d.Name), "convex") {
			return true
		}
		if call, ok := d.Init.Data.(*shim.ECall); ok && d.Kind == analysis.DeclVar {
			return tf.Callee(call.Target) == "useConvex"
		}
		if n, ok := d.Init.Data.(*shim.ENew); ok && d.Kind == analysis.DeclVar {
			return strings.HasPrefix(analysis.CalleeName(tf.Tree, n.Target), "Convex")
		}
	case *shim.EImportIdentifier:
		return strings.Contains(strings.ToLower(shim.SymbolName(tf.Tree, v.Ref)), "convex")
	}
	return false
}
