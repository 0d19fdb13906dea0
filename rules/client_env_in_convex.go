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
				"variables are only inlined into client builds by Vite and Next.js. The deployment never reads " +
				"the app's `.env` files, so there such a name is undefined unless someone also set a variable of " +
				"that very name on the deployment (nothing does it for you, and the prefix means nothing to Convex): " +
				"`auth.config.ts` then ends up with an issuer of `…/user_management/undefined` " +
				"and every token is rejected. Set the value on the deployment under a server name " +
				"(`npx convex env set WORKOS_CLIENT_ID client_…`) and read `process.env.WORKOS_CLIENT_ID`.\n\n" +
				"A browser name read only as a later fallback after a server name " +
				"(`process.env.WORKOS_CLIENT_ID ?? process.env.NEXT_PUBLIC_WORKOS_CLIENT_ID`, in code shared " +
				"with the client) is not reported: the server name is the one the deployment reads.",
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
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		if name, ok := analysis.ProcessEnv(c.AST, e); ok && isBrowserEnvName(name) {
			server := strings.TrimPrefix(strings.TrimPrefix(name, "VITE_"), "NEXT_PUBLIC_")
			if fallbackAfterServerEnv(c.AST, e, cur.Ancestors()) || pairedWithServerName(c.AST, cur.Ancestors(), server) {
				return false
			}
			end, _ := analysis.MemberEnd(c.Source, e)
			c.Report(int(e.Loc.Start), end, fmt.Sprintf("process.env.%s is a browser build variable: the Convex "+
				"deployment never reads your .env files, so it is undefined there unless set on the deployment under "+
				"that very name; set %s with `npx convex env set` and read process.env.%s", name, server, server))
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

func isBrowserEnvName(name string) bool {
	return strings.HasPrefix(name, "VITE_") || strings.HasPrefix(name, "NEXT_PUBLIC_")
}

// fallbackAfterServerEnv reports e as a later source of a ?? / || chain whose earlier sources
// read a server variable (`process.env.X_CLIENT_ID ?? process.env.NEXT_PUBLIC_X_CLIENT_ID`):
// the server name is what the deployment uses, the browser name a default for shared code.
func fallbackAfterServerEnv(tree *shim.AST, e shim.Expr, ancestors []parser.Node) bool {
	child := e
	for i := len(ancestors) - 1; i >= 0; i-- {
		a, ok := ancestors[i].(shim.Expr)
		if !ok {
			return false
		}
		b, ok := a.Data.(*shim.EBinary)
		if !ok || b.Op != shim.BinOpNullishCoalescing && b.Op != shim.BinOpLogicalOr {
			return false
		}
		if b.Right.Data == child.Data && readsServerEnv(tree, b.Left) {
			return true
		}
		child = a
	}
	return false
}

// pairedWithServerName reports a browser-name read inside a condition that also reads the
// server name (`process.env.VERCEL_ENV !== "production" && process.env.VITE_VERCEL_ENV !==
// "production"`): the deployment's variable is read, and the browser one only adds a case.
func pairedWithServerName(tree *shim.AST, ancestors []parser.Node, server string) bool {
	// Up through comparisons, `!`, `&&`, and `||` between booleans; a `??`/`||` chain of values
	// is an order of precedence, which fallbackAfterServerEnv judges.
	var top shim.Expr
	boolean := false // top is a comparison, a negation or a conjunction
	for i := len(ancestors) - 1; i >= 0; i-- {
		a, ok := ancestors[i].(shim.Expr)
		if !ok {
			break
		}
		switch v := a.Data.(type) {
		case *shim.EBinary:
			switch v.Op {
			case shim.BinOpStrictEq, shim.BinOpStrictNe, shim.BinOpLooseEq, shim.BinOpLooseNe, shim.BinOpLogicalAnd:
				top, boolean = a, true
				continue
			case shim.BinOpLogicalOr:
				if boolean {
					top = a
					continue
				}
			}
		case *shim.EUnary:
			if v.Op == shim.UnOpNot {
				top, boolean = a, true
				continue
			}
		}
		break
	}
	if top.Data == nil {
		return false
	}
	found := false
	parser.InspectExpr(top, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok {
			if name, ok := analysis.ProcessEnv(tree, x); ok {
				found = found || name == server
				return false
			}
		}
		return !found
	})
	return found
}

// readsServerEnv reports a process.env read of a name without a browser prefix in e.
func readsServerEnv(tree *shim.AST, e shim.Expr) bool {
	found := false
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok {
			if name, ok := analysis.ProcessEnv(tree, x); ok {
				found = found || !isBrowserEnvName(name)
				return false
			}
		}
		return !found
	})
	return found
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
