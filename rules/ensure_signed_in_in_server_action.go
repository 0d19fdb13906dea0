package rules

import (
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "ensure-signed-in-in-server-action",
		Title:    "Server Action that redirects signed-out users to AuthKit",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		// Every finding is in a 'use server' file or function.
		Triggers: []string{"use server"},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "A Server Action is called with `fetch` from the page. When it answers with a redirect to " +
				"AuthKit (`withAuth({ ensureSignedIn: true })` for a signed-out user, or " +
				"`redirect(await getSignInUrl())`), the browser has to follow a cross-origin redirect for a " +
				"fetch and blocks it with a CORS error: the user sees nothing happen (workos/authkit-nextjs " +
				"#68, which added the README's \"server actions\" warning). authkit-nextjs's own actions " +
				"avoid it: `getAuthAction({ ensureSignedIn: true })` (actions.ts, 3.0.1 and 4.x) returns a " +
				"`signInUrl` for the client to navigate to instead of redirecting.\n\n" +
				"Check the user with `withAuth()` and return a result the client acts on " +
				"(`window.location.href = signInUrl`), or protect the page that renders the form. Reported " +
				"in `'use server'` files and in functions with a `'use server'` directive.",
			Bad: "'use server';\n\nexport async function save(data: FormData) {\n" +
				"  const { user } = await withAuth({ ensureSignedIn: true });\n  await db.save(user.id, data);\n}\n",
			Good: "'use server';\n\nexport async function save(data: FormData) {\n  const { user } = await withAuth();\n" +
				"  if (!user) return { signInUrl: await getSignInUrl() };\n  await db.save(user.id, data);\n}\n",
			Lang: "ts",
		},
		CheckFile: checkEnsureSignedInInServerAction,
	})
}

func checkEnsureSignedInInServerAction(c *FileContext) {
	fileAction := false
	for _, d := range c.AST.Directives {
		if d == "use server" {
			fileAction = true
		}
	}
	im := analysis.ImportsOf(c.AST)
	// Names bound to `await getSignInUrl()`, for redirect(signInUrl).
	signInURLs := map[shim.Ref]string{}
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		if st, ok := n.(shim.Stmt); ok {
			if local, ok := st.Data.(*shim.SLocal); ok {
				for _, d := range local.Decls {
					if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
						if name, _ := analysis.SignInCall(im, awaited(d.ValueOrNil)); name == "getSignInUrl" || name == "getSignUpUrl" {
							signInURLs[id.Ref] = name
						}
					}
				}
			}
		}
		return true
	})
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		call, ok := e.Data.(*shim.ECall)
		if !ok {
			return true
		}
		what := ""
		if name, _ := analysis.SignInCall(im, e); name == "withAuth" {
			what = "withAuth({ ensureSignedIn: true }) redirects signed-out users to AuthKit"
		} else if (im.Is(call.Target, "redirect", "next/navigation") || im.Is(call.Target, "permanentRedirect", "next/navigation")) && len(call.Args) > 0 {
			arg := awaited(call.Args[0])
			if name, _ := analysis.SignInCall(im, arg); name == "getSignInUrl" || name == "getSignUpUrl" {
				what = "redirect(await " + name + "()) sends the action's caller to AuthKit"
			} else if id, ok := arg.Data.(*shim.EIdentifier); ok && signInURLs[id.Ref] != "" {
				what = "this redirect to the URL from " + signInURLs[id.Ref] + "() sends the action's caller to AuthKit"
			}
		}
		if what == "" || !fileAction && !inUseServerFunction(cur) {
			return true
		}
		s, end := analysis.IdentRange(c.Source, int(call.Target.Loc.Start))
		c.Report(s, end, what+" from a Server Action, which the page calls with fetch: the browser blocks the "+
			"cross-origin redirect (CORS) and nothing happens; call withAuth() and return a sign-in URL for the "+
			"client to navigate to (or protect the page that renders the form)")
		return true
	})
}

// awaited drops an await.
func awaited(e shim.Expr) shim.Expr {
	e = analysis.Unwrap(e)
	if a, ok := e.Data.(*shim.EAwait); ok {
		return analysis.Unwrap(a.Value)
	}
	return e
}

// inUseServerFunction reports a node inside a function whose body starts with 'use server'.
func inUseServerFunction(c *parser.Cursor) bool {
	for _, a := range c.Ancestors() {
		var body []shim.Stmt
		switch n := a.(type) {
		case shim.Expr:
			switch f := n.Data.(type) {
			case *shim.EArrow:
				body = f.Body.Block.Stmts
			case *shim.EFunction:
				body = f.Fn.Body.Block.Stmts
			}
		case shim.Stmt:
			if f, ok := n.Data.(*shim.SFunction); ok {
				body = f.Fn.Body.Block.Stmts
			}
		}
		for _, st := range body {
			d, ok := st.Data.(*shim.SDirective)
			if !ok {
				break
			}
			if string(utf16.Decode(d.Value)) == "use server" {
				return true
			}
		}
	}
	return false
}
