package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "server-import-in-client-component",
		Title:    "Server-only authkit-nextjs function imported in a 'use client' file",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Triggers: []string{analysis.AuthKitNext},
		Applies:  mayImportNextMainInClient,
		Doc: Doc{
			Why: "The main entry of `@workos-inc/authkit-nextjs` is server code: `withAuth`, " +
				"`getSignInUrl`, `signOut`, `handleAuth`, `authkitMiddleware` and the rest read request " +
				"headers and cookies, seal sessions with `iron-session` and import `node:crypto`. " +
				"Imported into a `'use client'` component, the build fails (\"UnhandledSchemeError: " +
				"Reading from node:crypto\") or the call breaks at runtime. Client components use the " +
				"hooks from `@workos-inc/authkit-nextjs/components`: `useAuth()` (user, `signOut`, " +
				"`refreshAuth`), `useAccessToken()`; or receive data from a server component, route " +
				"handler or server action.",
			Bad: "'use client';\nimport { withAuth } from '@workos-inc/authkit-nextjs';\n\n" +
				"export function Profile() {\n  const { user } = withAuth();\n  return <p>{user?.email}</p>;\n}\n",
			Good: "'use client';\nimport { useAuth } from '@workos-inc/authkit-nextjs/components';\n\n" +
				"export function Profile() {\n  const { user } = useAuth();\n  return <p>{user?.email}</p>;\n}\n",
			Lang:  "tsx",
			Guide: "Next.js App Router: client components import `useAuth`, `useAccessToken` and `AuthKitProvider` from `@workos-inc/authkit-nextjs/components`.",
		},
		CheckFile: checkServerImportInClientComponent,
	})
}

// nxServerOnly are the server-only value exports of authkit-nextjs's main entry, with what a
// client component uses instead.
var nxServerOnly = map[string]string{
	"withAuth":             "useAuth() from @workos-inc/authkit-nextjs/components",
	"signOut":              "the signOut function of useAuth() from @workos-inc/authkit-nextjs/components",
	"refreshSession":       "the refreshAuth function of useAuth() from @workos-inc/authkit-nextjs/components",
	"getSignInUrl":         "a sign-in route, or a URL computed in a server component and passed as a prop",
	"getSignUpUrl":         "a sign-up route, or a URL computed in a server component and passed as a prop",
	"switchToOrganization": "the switchToOrganization function of useAuth() from @workos-inc/authkit-nextjs/components",
	"handleAuth":           "a route handler (app/callback/route.ts)",
	"authkitMiddleware":    "middleware.ts",
	"authkitProxy":         "proxy.ts",
	"authkit":              "middleware.ts or proxy.ts",
	"getWorkOS":            "a server component, route handler or server action",
	"saveSession":          "a route handler or server action",
	"validateApiKey":       "a route handler",
}

func checkServerImportInClientComponent(c *FileContext) {
	if !nxIsClient(c.AST) {
		return
	}
	for _, part := range c.AST.Parts {
		for _, st := range part.Stmts {
			s, ok := st.Data.(*shim.SImport)
			if !ok || shim.ImportPath(c.AST, s.ImportRecordIndex) != analysis.AuthKitNext || s.Items == nil {
				continue
			}
			for _, it := range *s.Items {
				if alt, ok := nxServerOnly[it.Alias]; ok {
					r := shim.RangeOfIdentifier(c.Source, it.AliasLoc)
					c.Report(int(r.Loc.Start), int(r.Loc.Start+r.Len), nxServerOnlyMessage(it.Alias, alt))
				}
			}
		}
	}
	// import * as AuthKit from '@workos-inc/authkit-nextjs'; AuthKit.withAuth()
	im := analysis.ImportsOf(c.AST)
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		d, ok := x.Data.(*shim.EDot)
		if !ok {
			return true
		}
		if imp, ok := im.Resolve(x); ok && imp.Module == analysis.AuthKitNext {
			if ns, _ := im.Resolve(d.Target); ns.Name == "*" {
				if alt, ok := nxServerOnly[imp.Name]; ok {
					r := shim.RangeOfIdentifier(c.Source, d.NameLoc)
					c.Report(int(r.Loc.Start), int(r.Loc.Start+r.Len), nxServerOnlyMessage(imp.Name, alt))
				}
			}
		}
		return true
	})
}

func nxServerOnlyMessage(name, alt string) string {
	return fmt.Sprintf("%s from @workos-inc/authkit-nextjs is server-only and this is a 'use client' file: "+
		"the import pulls server code (cookies, node:crypto) into the browser bundle; use %s instead", name, alt)
}

// nxIsClient reports a module with a top-level 'use client' directive.
// mayImportNextMainInClient reports, from the text, a 'use client' file that names the main
// entry of authkit-nextjs (the module string closes right after it, not at /components): asked
// before the file is parsed, since most files naming the package import its /components.
func mayImportNextMainInClient(_ *project.Project, f *project.File) bool {
	src, err := f.Content()
	return err == nil && strings.Contains(src, "use client") &&
		(strings.Contains(src, analysis.AuthKitNext+`"`) || strings.Contains(src, analysis.AuthKitNext+`'`))
}

func nxIsClient(tree *shim.AST) bool {
	for _, d := range tree.Directives {
		if d == "use client" {
			return true
		}
	}
	return false
}
