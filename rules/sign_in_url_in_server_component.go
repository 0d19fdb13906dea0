package rules

import (
	"path/filepath"
	"strings"
	"unicode"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "sign-in-url-in-server-component",
		Title:    "getSignInUrl() or ensureSignedIn while a Server Component renders (authkit-nextjs 3+)",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Triggers: []string{"getSignInUrl", "getSignUpUrl", "ensureSignedIn"},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "Since authkit-nextjs 3.0 every sign-in carries OAuth state that the callback verifies " +
				"against a cookie, so `getSignInUrl()` and `getSignUpUrl()` set that cookie " +
				"(`getAuthURLAndSetPKCECookie` → `cookies().set` in `auth.ts`/`pkce.ts`, 3.0 to 4.3), and " +
				"so does `withAuth({ ensureSignedIn: true })` before it redirects (`redirectToSignIn` in " +
				"`session.ts`). Next.js lets only a Server Action or a Route Handler set cookies: called while " +
				"a page, layout or a Server Component they render is rendering, they throw \"Cookies can only " +
				"be modified in a Server Action or Route Handler\" and signed-out users get a 500 " +
				"(workos/authkit-nextjs #482 reproduces it on 4.3.1 with Next.js 16.2).\n\n" +
				"Link to a sign-in route handler instead (`app/sign-in/route.ts` returning " +
				"`redirect(await getSignInUrl())`), and let the middleware's `middlewareAuth` protect pages. " +
				"Route handlers, `'use server'` functions, `'use client'` components and the modules only " +
				"they import are not reported; `withAuth({ ensureSignedIn: true })` is not reported when " +
				"the middleware enables `middlewareAuth` (it then redirects before the page renders). Only " +
				"apps whose authkit-nextjs range is 3 or later are checked.",
			Bad: "// app/page.tsx\nexport default async function Home() {\n  const { user } = await withAuth();\n" +
				"  if (!user) return <a href={await getSignInUrl()}>Sign in</a>;\n  return <Dashboard user={user} />;\n}\n",
			Good: "// app/page.tsx\nexport default async function Home() {\n  const { user } = await withAuth();\n" +
				"  if (!user) return <a href=\"/sign-in\">Sign in</a>;\n  return <Dashboard user={user} />;\n}\n\n" +
				"// app/sign-in/route.ts\nexport async function GET() {\n  return redirect(await getSignInUrl());\n}\n",
			Lang: "tsx",
		},
		CheckFile: checkSignInURLInServerComponent,
	})
}

// serverRenderStems are the App Router files that render on the server as part of a page.
var serverRenderStems = map[string]bool{"page": true, "layout": true, "template": true, "default": true, "not-found": true}

func checkSignInURLInServerComponent(c *FileContext) {
	if hasDirective(c.AST, "use client") || hasDirective(c.AST, "use server") {
		return
	}
	if analysis.PackageAtLeast(c.Project, c.File.Root, analysis.AuthKitNext, analysis.Version{Major: 3}) != analysis.Yes {
		return
	}
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil || a.AppDir == "" {
		return
	}
	entry := isServerRenderFile(a, c.File)
	im := analysis.ImportsOf(c.AST)
	type hit struct {
		name string
		call *shim.ECall
	}
	var hits []hit
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		name, call := analysis.SignInCall(im, e)
		if name == "" || inUseServerFunction(cur) || !entry && !inComponent(c.AST, cur) {
			return true
		}
		hits = append(hits, hit{name, call})
		return true
	})
	if len(hits) == 0 || !entry && !renderedByServer(c.Project, a, c.File) {
		return
	}
	for _, h := range hits {
		if h.name == "withAuth" && middlewareAuthMayBeOn(a) {
			continue
		}
		s, e := analysis.IdentRange(c.Source, int(h.call.Target.Loc.Start))
		what := h.name + "() sets the sign-in state cookie"
		fix := "link to a sign-in route handler instead (" + a.RouteFileFor("/sign-in", "route.ts") + ": `return redirect(await getSignInUrl())`)"
		if h.name == "withAuth" {
			what = "withAuth({ ensureSignedIn: true }) sets the sign-in state cookie before it redirects"
			fix = "protect the page with middlewareAuth in the middleware, or redirect to a sign-in route handler (" +
				a.RouteFileFor("/sign-in", "route.ts") + ")"
		}
		c.Report(s, e, what+" (authkit-nextjs 3+), and Next.js lets only Server Actions and Route Handlers set cookies: "+
			"while this Server Component renders for a signed-out user it throws (\"Cookies can only be modified in a "+
			"Server Action or Route Handler\") and the page answers 500; "+fix)
	}
}

func hasDirective(tree *shim.AST, d string) bool {
	for _, x := range tree.Directives {
		if x == d {
			return true
		}
	}
	return false
}

// isServerRenderFile reports a page, layout, template, default or not-found file of the app.
func isServerRenderFile(a *analysis.NextApp, f *project.File) bool {
	if !isWithin(f.Path, a.AppDir) {
		return false
	}
	base := filepath.Base(f.Path)
	return serverRenderStems[strings.TrimSuffix(base, filepath.Ext(base))]
}

// inComponent reports a node inside a function named like a component (capitalized), the
// only code of an imported module that rendering surely runs.
func inComponent(tree *shim.AST, c *parser.Cursor) bool {
	anc := c.Ancestors()
	for i := len(anc) - 1; i >= 0; i-- {
		a, name := anc[i], ""
		switch n := a.(type) {
		case shim.Stmt:
			switch s := n.Data.(type) {
			case *shim.SFunction:
				if s.Fn.Name != nil {
					name = shim.SymbolName(tree, s.Fn.Name.Ref)
				}
			case *shim.SExportDefault:
				return true // export default …: the module's component
			}
		case shim.Expr:
			switch n.Data.(type) {
			case *shim.EArrow, *shim.EFunction:
				// const Card = async () => …: the name is on the declaration around it
				if i > 0 {
					if st, ok := anc[i-1].(shim.Stmt); ok {
						if local, ok := st.Data.(*shim.SLocal); ok {
							for _, d := range local.Decls {
								if id, ok := d.Binding.Data.(*shim.BIdentifier); ok && analysis.Unwrap(d.ValueOrNil).Data == n.Data {
									name = shim.SymbolName(tree, id.Ref)
								}
							}
						}
					}
				}
				if f, ok := n.Data.(*shim.EFunction); ok && f.Fn.Name != nil {
					name = shim.SymbolName(tree, f.Fn.Name.Ref)
				}
			}
		}
		if name != "" {
			return unicode.IsUpper([]rune(name)[0])
		}
	}
	return false
}

type serverRenderedKey struct{}

// renderedByServer reports whether f is imported, through local imports that cross no
// 'use client' boundary, by a page, layout, template, default or not-found file.
func renderedByServer(p *project.Project, a *analysis.NextApp, f *project.File) bool {
	set := a.Root.Memo(serverRenderedKey{}, func() any {
		seen := map[*project.File]bool{}
		var queue []*project.File
		for _, g := range p.Files {
			if g.Kind == project.KindJS && isServerRenderFile(a, g) {
				seen[g] = true
				queue = append(queue, g)
			}
		}
		for depth := 0; depth < 6 && len(queue) > 0; depth++ {
			var next []*project.File
			for _, g := range queue {
				m := analysis.ModuleOf(g)
				if m == nil {
					continue
				}
				for _, rec := range m.Tree.ImportRecords {
					h, kind := a.Resolve(g, rec.Path.Text)
					if kind != analysis.ModLocal || seen[h] {
						continue
					}
					seen[h] = true
					if hm := analysis.ModuleOf(h); hm != nil && !hasDirective(hm.Tree, "use client") && !hasDirective(hm.Tree, "use server") {
						next = append(next, h)
					}
				}
			}
			queue = next
		}
		return seen
	}).(map[*project.File]bool)
	return set[f]
}

// middlewareAuthMayBeOn reports a middleware whose AuthKit call may enable middlewareAuth:
// signed-out users are then redirected before pages render.
func middlewareAuthMayBeOn(a *analysis.NextApp) bool {
	mw := a.Middleware()
	if mw == nil {
		return false
	}
	if mw.AuthKit != analysis.Yes {
		return mw.AuthKit == analysis.Unknown
	}
	for _, call := range mw.Calls {
		if call.Name == "authkit" {
			return true // composable: the app redirects itself, as it likes
		}
		if len(call.Call.Args) == 0 {
			continue
		}
		ma, _, found, known := analysis.ObjectProp(call.Module.Const(call.Call.Args[0]), "middlewareAuth")
		if !known {
			return true
		}
		if !found {
			continue
		}
		en, _, found, known := analysis.ObjectProp(call.Module.Const(ma), "enabled")
		if !known || found {
			if b, ok := analysis.Unwrap(en).Data.(*shim.EBoolean); !ok || b.Value {
				return true
			}
		}
	}
	return len(mw.Calls) == 0
}
