package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
)

func init() {
	Register(&Rule{
		ID:       "signout-get-handler",
		Title:    "GET route handler that calls signOut",
		Severity: Warning,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Triggers: []string{"signOut"},
		Applies:  inNextRoot,
		Doc: Doc{
			Why: "GET requests are supposed to be safe, and the web treats them so: `<Link>` prefetches " +
				"them, browsers preload them, crawlers and link previewers follow them. A `GET` route " +
				"handler that calls `signOut()` from authkit-nextjs signs the user out whenever any of " +
				"these touches the URL, for example as soon as a sign-out link scrolls into view in " +
				"production. Sign out from a `POST` handler, or from a server action " +
				"(`<form action={signOut}>`), or the `signOut` of `useAuth()` in a client component.\n\n" +
				"The rule reads the `GET` export of `app/**/route.*` files (a function, an arrow, " +
				"`export { handler as GET }`) and the local functions it calls.",
			Bad: "// app/sign-out/route.ts\nimport { signOut } from '@workos-inc/authkit-nextjs';\n\n" +
				"export async function GET() {\n  await signOut();\n}\n",
			Good: "// app/sign-out/route.ts\nimport { signOut } from '@workos-inc/authkit-nextjs';\n\n" +
				"export async function POST() {\n  await signOut();\n}\n",
			Lang: "ts",
		},
		CheckFile: checkSignoutGetHandler,
	})
}

func checkSignoutGetHandler(c *FileContext) {
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil || a.AppDir == "" {
		return
	}
	r, ok := analysis.RouteOf(a.AppDir, c.File)
	if !ok || r.Kind != analysis.RouteHandler {
		return
	}
	fi := analysis.ModuleOf(c.File)
	if fi == nil {
		return
	}
	get, ok := fi.Exports.Names["GET"]
	if !ok {
		return
	}
	code, ok := fi.Code(get)
	if !ok {
		return
	}
	calls := fi.CallsIn(code, func(imp analysis.Import) bool {
		return imp.Module == analysis.AuthKitNext && imp.Name == "signOut"
	})
	getStart, getEnd := analysis.IdentRange(c.Source, int(get.Loc.Start))
	for _, call := range calls {
		start, end := fi.NameRange(call.Target)
		c.Report(start, end, fmt.Sprintf("the GET handler of %s calls signOut(): link prefetching, browser preloads and crawlers "+
			"send GET requests and sign users out; export it as POST (and submit a form) or sign out from a server action",
			r.Path), WithRelated(c.File, getStart, getEnd, "the GET export"))
	}
}
