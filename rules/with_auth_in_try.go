package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "with-auth-in-try",
		Title:    "withAuth({ ensureSignedIn: true }) inside a try whose catch swallows Next's redirect",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Triggers: []string{"ensureSignedIn"},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "For a signed-out user `withAuth({ ensureSignedIn: true })` sends them to AuthKit by calling " +
				"Next.js `redirect()` (authkit-nextjs 3 and 4, `redirectToSignIn` in `session.ts`), and " +
				"`redirect()` works by throwing a `NEXT_REDIRECT` error. A `catch` around the call that does " +
				"not rethrow catches that error: the user is not redirected, the page renders the catch " +
				"branch (or an error), and authkit-nextjs's README lists this as the cause of `NEXT_REDIRECT` " +
				"errors.\n\n" +
				"A catch that rethrows (any `throw`, or `unstable_rethrow(error)` from next/navigation) and " +
				"`try … finally` without a catch are fine.",
			Bad: "try {\n  const { user } = await withAuth({ ensureSignedIn: true });\n  return <Dashboard user={user} />;\n" +
				"} catch {\n  return <p>Something went wrong</p>;\n}\n",
			Good: "const { user } = await withAuth({ ensureSignedIn: true });\ntry {\n  return <Dashboard data={await load(user)} />;\n" +
				"} catch (error) {\n  unstable_rethrow(error);\n  return <p>Something went wrong</p>;\n}\n",
			Lang: "tsx",
		},
		CheckFile: checkWithAuthInTry,
	})
}

func checkWithAuthInTry(c *FileContext) {
	im := analysis.ImportsOf(c.AST)
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		name, call := analysis.SignInCall(im, e)
		if name != "withAuth" {
			return true
		}
		for _, t := range enclosingTries(cur) {
			if t.Catch == nil {
				continue // try … finally: the redirect propagates
			}
			if catchRethrows(im, t.Catch.Block.Stmts) {
				return true // an outer try cannot see it either
			}
			s, end := analysis.IdentRange(c.Source, int(call.Target.Loc.Start))
			c.Report(s, end, "withAuth({ ensureSignedIn: true }) redirects signed-out users by throwing Next's redirect "+
				"error, and this catch swallows it: call withAuth before the try, or rethrow in the catch "+
				"(`unstable_rethrow(error)` from next/navigation)",
				WithRelated(c.File, int(t.Catch.Loc.Start), int(t.Catch.Loc.Start)+len("catch"), "the catch that swallows the redirect"))
			return true
		}
		return true
	})
}

// catchRethrows reports a catch body with a throw or an unstable_rethrow call outside nested
// functions.
func catchRethrows(im analysis.Imports, stmts []shim.Stmt) bool {
	found := false
	parser.InspectStmts(stmts, func(n parser.Node, _ *parser.Cursor) bool {
		if found {
			return false
		}
		switch v := n.(type) {
		case shim.Stmt:
			switch v.Data.(type) {
			case *shim.SThrow:
				found = true
			case *shim.SFunction:
				return false
			}
		case shim.Expr:
			switch x := v.Data.(type) {
			case *shim.EArrow, *shim.EFunction:
				return false
			case *shim.ECall:
				if im.Is(x.Target, "unstable_rethrow", "next/navigation") {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
