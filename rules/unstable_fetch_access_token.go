package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "unstable-fetch-access-token",
		Title:    "fetchAccessToken of the Convex auth adapter changes identity while the user stays signed in",
		Severity: Error,
		Tags:     []string{"correctness", "react"},
		Fixable:  true,
		Doc: Doc{
			Why: "`ConvexProviderWithAuth` calls `client.setAuth(fetchAccessToken)` again every time the " +
				"`fetchAccessToken` returned by its `useAuth` hook is a different function. Each call " +
				"throws away the current authentication and starts over: the client asks for a token, " +
				"re-authenticates the WebSocket, `useConvexAuth()` goes back to loading, and authenticated " +
				"queries reload. A function created inline in the hook is new on every render; a " +
				"`useCallback` that depends on the token string is new on every token refresh, and one " +
				"that depends on an object or function created in the render body is new on every render. " +
				"The result is flicker, `isAuthenticated` flapping, and in the worst case a loop of " +
				"renders and token requests.\n\n" +
				"Keep `fetchAccessToken` stable: `useCallback` over refs with `[]`, or over values and " +
				"functions returned by hooks (`getAccessToken`, `refresh`, `user`), and fetch the token " +
				"inside the callback. The rule follows the hook given to `ConvexProviderWithAuth` into " +
				"other files, through `useMemo` wrappers such as the one `@convex-dev/workos` uses, and through " +
				"other hooks and React context to the provider component that builds the object.\n\n" +
				"The fix wraps `const fetchAccessToken = async (...) => ...` in `useCallback` when the " +
				"dependencies are mechanical: the hook-body values it reads, none of them a token value, " +
				"a parameter or an object created in the render, and no early return before it.",
			Bad: "function useAuthFromAuthKit() {\n  const { user, loading } = useAuth();\n" +
				"  const { accessToken } = useAccessToken();\n" +
				"  const fetchAccessToken = useCallback(async () => accessToken ?? null, [accessToken]);\n" +
				"  return { isLoading: loading, isAuthenticated: !!user, fetchAccessToken };\n}\n",
			Good: "function useAuthFromAuthKit() {\n  const { user, loading } = useAuth();\n" +
				"  const { getAccessToken, refresh } = useAccessToken();\n" +
				"  const fetchAccessToken = useCallback(\n" +
				"    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) =>\n" +
				"      (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null,\n" +
				"    [getAccessToken, refresh],\n  );\n" +
				"  return { isLoading: loading, isAuthenticated: !!user, fetchAccessToken };\n}\n",
			Lang:  "tsx",
			Guide: "Client Setup: the `useAuthFromAuthKit` adapter wraps `fetchAccessToken` in `useCallback`.",
		},
		// Reported in the adapter hook, whose returned object has the fetchAccessToken key.
		Triggers:     []string{"fetchAccessToken", "ConvexProviderWithAuth"},
		CheckProject: checkUnstableFetchAccessToken,
	})
}

func checkUnstableFetchAccessToken(c *ProjectContext) {
	a := analysis.NewAdapters(c.Project)
	hooks := adapterHooks(c, a, func(fn *analysis.Func) bool { return len(a.Fetchers(fn)) > 0 })
	type at struct {
		f     *project.File
		start int
	}
	seen := map[at]bool{}
	for _, hook := range hooks {
		for _, fe := range a.Fetchers(hook) {
			// Two adapter hooks can reach one object (a context's value, a shared inner hook).
			if k := (at{fe.Hook.Scope.File, fe.At[0]}); !seen[k] {
				seen[k] = true
				reportUnstableFetcher(a, c, fe)
			}
		}
	}
}

// adapterHooks are the adapter hooks to check: those of every ConvexProviderWithAuth, or, when
// a few files are linted, those of the linted files' own providers. That is enough unless a
// linted file exports a function that a provider elsewhere could take as its hook or fetcher
// with a finding in the linted file: exposed says whether such an entry (analysis.Entries)
// would matter, and then every provider is read.
func adapterHooks(c *ProjectContext, a *analysis.Adapters, exposed func(*analysis.Func) bool) []*analysis.Func {
	p := c.Project
	if !p.Narrow() {
		return a.Hooks()
	}
	for _, f := range p.Targets {
		if f.Kind != KindJS {
			continue
		}
		if a.BuildsContextAdapter(f) {
			return a.Hooks() // its adapter object reaches a provider through context
		}
		for _, fn := range a.Entries(f) {
			if exposed(fn) {
				return a.Hooks()
			}
		}
	}
	return a.HooksOf(p.Targets)
}

func reportUnstableFetcher(a *analysis.Adapters, c *ProjectContext, fe *analysis.Fetcher) {
	tf := fe.Hook.Scope
	switch fe.Kind {
	case analysis.FetcherInline:
		var opts []Option
		if edits, ok := useCallbackFix(a, fe); ok {
			opts = append(opts, WithFix("Wrap fetchAccessToken in useCallback", edits...))
		}
		c.Report(tf.File, fe.At[0], fe.At[1], fmt.Sprintf("fetchAccessToken is a new function on every render of %s: "+
			"ConvexProviderWithAuth calls setAuth again whenever it changes, which restarts authentication "+
			"(isAuthenticated flaps, queries reload). Wrap it in useCallback with stable dependencies (refs, "+
			"getAccessToken/refresh from the AuthKit hooks) or define it at module scope", fe.Hook.DisplayName()), opts...)
	case analysis.FetcherMemo:
		if fe.Deps.Data == nil {
			start := int(fe.Memo.Target.Loc.Start)
			c.Report(tf.File, start, tf.ExprEnd(fe.Memo.Target), fmt.Sprintf("%s without a dependency list gives a new "+
				"fetchAccessToken on every render, so ConvexProviderWithAuth calls setAuth again and restarts "+
				"authentication each time: pass the dependency list (e.g. [getAccessToken])", fe.MemoName))
			return
		}
		arr, ok := fe.Deps.Data.(*shim.EArray)
		if !ok {
			return // a computed dependency list: unknown
		}
		for _, item := range arr.Items {
			kind, d := unstableDep(a, fe.Hook, item)
			if kind == "" {
				continue
			}
			dep := tf.Text(int(item.Loc.Start), tf.ExprEnd(item))
			var msg string
			if kind == "token" {
				msg = fmt.Sprintf("fetchAccessToken changes whenever %s, the token value, changes (it is a %s "+
					"dependency): every token refresh makes ConvexProviderWithAuth call setAuth again and restart "+
					"authentication. Drop it from the dependencies and get the token inside the callback "+
					"(await getAccessToken()) or read it from a ref", dep, fe.MemoName)
			} else {
				msg = fmt.Sprintf("fetchAccessToken changes on every render: its %s depends on %s, which %s "+
					"creates anew on each render, so ConvexProviderWithAuth calls setAuth again and restarts "+
					"authentication each time. Depend on stable values (refs, functions returned by hooks) or "+
					"create %s once (useMemo, useRef or module scope)", fe.MemoName, dep, fe.Hook.DisplayName(), dep)
			}
			c.Report(tf.File, int(item.Loc.Start), tf.ExprEnd(item), msg,
				WithRelated(tf.File, d.Start, d.End, dep+" is declared here"))
		}
	}
}

// unstableDep says whether a dependency changes while the user stays signed in: "token" for the
// token value, "created" for an object or function the hook body creates, "" otherwise.
func unstableDep(a *analysis.Adapters, hook *analysis.Func, dep shim.Expr) (string, *analysis.Decl) {
	tf := hook.Scope
	switch v := dep.Data.(type) {
	case *shim.EIdentifier:
		d := tf.Decls[v.Ref]
		if d == nil || d.Owner != hook.ID {
			return "", nil // outer scopes are fixed for the hook's lifetime; params are unknown
		}
		if a.TokenValue(tf, d, 0) {
			return "token", d
		}
		if analysis.RenderCreated(d) {
			return "created", d
		}
	case *shim.EDot:
		// `session.accessToken` of a hook result declared in the hook.
		if !analysis.Tokenish(v.Name) {
			return "", nil
		}
		root := v.Target
		for {
			if inner, ok := root.Data.(*shim.EDot); ok {
				root = inner.Target
				continue
			}
			break
		}
		if id, ok := root.Data.(*shim.EIdentifier); ok {
			if d := tf.Decls[id.Ref]; d != nil && d.Owner == hook.ID && d.Kind == analysis.DeclVar {
				return "token", d
			}
		}
	}
	return "", nil
}
