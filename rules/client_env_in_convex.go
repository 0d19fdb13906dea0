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
		ID:       "client-env-in-convex",
		Title:    "Convex function reads a browser-only environment variable",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		Triggers: []string{"import.meta", "VITE_", "NEXT_PUBLIC_"},
		Applies:  inConvexFunctions,
		Doc: Doc{
			Why: "Code in the Convex functions directory runs on the Convex deployment, not in the " +
				"browser bundle. `import.meta.env` does not exist there, and `VITE_*` / `NEXT_PUBLIC_*` " +
				"variables are only inlined into client builds by Vite and Next.js: on the deployment they " +
				"are undefined, so `auth.config.ts` ends up with an issuer of `…/user_management/undefined` " +
				"and every token is rejected. Set the value on the deployment " +
				"(`npx convex env set WORKOS_CLIENT_ID client_…`) and read `process.env.WORKOS_CLIENT_ID`.",
			Bad:   "// convex/auth.config.ts\nconst clientId = import.meta.env.VITE_WORKOS_CLIENT_ID;\n",
			Good:  "// convex/auth.config.ts\nconst clientId = process.env.WORKOS_CLIENT_ID;\n",
			Lang:  "ts",
			Guide: "DO: Set WORKOS_CLIENT_ID in Convex Dashboard.",
		},
		CheckFile: checkClientEnvInConvex,
	})
}

// inConvexFunctions accepts the non-test files of a Convex functions directory: `import.meta`
// and NEXT_PUBLIC_ are common in client code, which the rule never reports in.
func inConvexFunctions(p *project.Project, f *project.File) bool {
	return p.InFunctionsDir(f.Path) && !analysis.IsTestPath(f.Path)
}

func checkClientEnvInConvex(c *FileContext) {
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		if name, ok := analysis.ProcessEnv(c.AST, e); ok && (strings.HasPrefix(name, "VITE_") || strings.HasPrefix(name, "NEXT_PUBLIC_")) {
			server := strings.TrimPrefix(strings.TrimPrefix(name, "VITE_"), "NEXT_PUBLIC_")
			end, _ := analysis.MemberEnd(c.Source, e)
			c.Report(int(e.Loc.Start), end, fmt.Sprintf("process.env.%s is a browser build variable and is "+
				"undefined on the Convex deployment: set %s with `npx convex env set` and read process.env.%s", name, server, server))
			return false
		}
		if isImportMetaEnv(e) {
			end, _ := analysis.MemberEnd(c.Source, e)
			c.Report(int(e.Loc.Start), end, "import.meta.env does not exist in Convex functions: "+
				"set the variable on the deployment with `npx convex env set` and read it with process.env")
			return false
		}
		return true
	})
}

// isImportMetaEnv matches `import.meta.env` and any member of it.
func isImportMetaEnv(e shim.Expr) bool {
	if _, ok := analysis.ImportMetaEnv(e); ok {
		return true
	}
	target, name, ok := analysis.Member(e)
	if !ok || name != "env" {
		return false
	}
	_, isMeta := target.Data.(*shim.EImportMeta)
	return isMeta
}
