package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "auth-config-env-fallback",
		Title:    "Fallback on an env var in the Convex auth config, which fails the push instead of running",
		Severity: Warning,
		Fixable:  true,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		// Every finding is on a process.env read, or on a name bound to one in the same file.
		Triggers: []string{"process.env"},
		Applies:  isAuthConfigOrItsImport,
		Doc: Doc{
			Why: "Convex evaluates `convex/auth.config.ts` on the deployment when you push, and reading a " +
				"variable the deployment does not have throws: the push fails with `Environment variable X " +
				"is used in auth config file but its value was not set` (convex-backend, the auth config " +
				"isolate's `environmentVariable` op, error `AuthConfigMissingEnvironmentVariable`, reported " +
				"by the CLI in convex 1.45). So `process.env.X ?? y`, `process.env.X || y`, `X ? [...] : []`, " +
				"`X && {...}`, `if (X) { providers.push(…) }` or a destructuring default never use their fallback: they only hide which " +
				"variable each deployment needs, and read like an optional provider that cannot exist.\n\n" +
				"Checked in the auth config, and at the top level of modules it imports from the functions " +
				"directory. A read inside `try { … } catch` is left alone (that is how an auth config makes a " +
				"variable optional), and so are a guard that only throws and Convex's system variables " +
				"`CONVEX_CLOUD_URL` and `CONVEX_SITE_URL`, which every deployment has. A fallback that is a real client ID is reported by hardcoded-client-id " +
				"instead.\n\n" +
				"The fix drops a string fallback after `??` or `||` (`process.env.X ?? \"\"` becomes " +
				"`process.env.X`); ternaries, `&&` and defaults need a decision and get no fix, and so does a " +
				"TypeScript file that names `AuthConfig` (convex/server types `domain` and `issuer` as " +
				"`string`, so the bare read would fail the typecheck before the push).",
			Bad: "const clientId = process.env.WORKOS_CLIENT_ID ?? \"\";\n\nexport default {\n" +
				"  providers: clientId ? [workosSSO(clientId), workosUM(clientId)] : [],\n};\n",
			Good: "// npx convex env set WORKOS_CLIENT_ID client_01…  (on each deployment)\n" +
				"const clientId = process.env.WORKOS_CLIENT_ID;\n\nexport default {\n" +
				"  providers: [workosSSO(clientId), workosUM(clientId)],\n};\n",
			Lang:  "ts",
			Guide: "Set WORKOS_CLIENT_ID in Convex Dashboard.",
		},
		CheckFile: checkAuthConfigEnvFallback,
	})
}

// isAuthConfigOrItsImport accepts the auth config and the other files of its functions
// directory that it imports. Asked before the file is parsed: in a backend of many modules that
// read process.env, only the few the auth config imports are.
func isAuthConfigOrItsImport(p *project.Project, f *project.File) bool {
	r := f.Root
	if r == nil || r.AuthConfig == nil || analysis.IsTestPath(f.Path) {
		return false
	}
	return r.AuthConfig == f || isWithin(f.Path, r.FunctionsDir) && importedByAuthConfig(p, f)
}

func isWithin(path, dir string) bool {
	return len(path) > len(dir) && path[:len(dir)] == dir && path[len(dir)] == filepath.Separator
}

// importedByAuthConfig reports whether the root's auth config imports f directly.
func importedByAuthConfig(p *project.Project, f *project.File) bool {
	ac := f.Root.AuthConfig
	tree, _ := ac.AST()
	if tree == nil {
		return false
	}
	for _, rec := range tree.ImportRecords {
		if analysis.ResolveImport(p, ac, rec.Path.Text) == f {
			return true
		}
	}
	return false
}

func checkAuthConfigEnvFallback(c *FileContext) {
	isConfig := c.File.Root.AuthConfig == c.File // else a module it imports (Applies)
	where := filepath.Base(c.File.Path)
	if !isConfig {
		where = "a module " + filepath.Base(c.File.Root.AuthConfig.Path) + " imports"
	}
	// envOf: the variable an expression reads, directly or through a const bound to a read.
	bound := map[shim.Ref]string{}
	envOf := func(e shim.Expr) (string, bool) {
		e = analysis.Unwrap(e)
		if name, ok := analysis.ProcessEnv(c.AST, e); ok {
			return name, true
		}
		if id, ok := e.Data.(*shim.EIdentifier); ok {
			name, ok := bound[id.Ref]
			return name, ok
		}
		return "", false
	}
	report := func(at shim.Expr, name, shape string, opts ...Option) {
		if convexSystemEnv[name] {
			return // always set on a deployment: the fallback is dead, but nothing fails
		}
		s, e := int(at.Loc.Start), int(at.Loc.Start)
		if r, ok := analysis.EnvReadOf(c.AST, c.Source, analysis.Unwrap(at)); ok {
			s, e = r.Start, r.End
		} else {
			s, e = analysis.IdentRange(c.Source, s)
		}
		advice := fmt.Sprintf("read it without a fallback and set it on each deployment with `npx convex env set %s`", name)
		if shape == ifShape {
			advice = fmt.Sprintf("set it on each deployment with `npx convex env set %s`, or, for an optional provider, "+
				"read it inside try { … } catch", name)
		}
		c.Report(s, e, fmt.Sprintf("%s on %s in %s never runs: Convex evaluates the auth config when you push, "+
			"and an unset %s fails the push (\"Environment variable %s is used in auth config file but its value "+
			"was not set\"); %s", shape, name, where, name, name, advice), opts...)
	}
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		if !isConfig && insideFunction(cur) {
			return false // runs only when called, which the auth config may never do
		}
		if inTryBlock(cur) {
			return false
		}
		switch v := n.(type) {
		case shim.Stmt:
			// `if (mockJwk) { providers.push(…) }`: the statement form of the ternary. A guard that
			// only throws is left alone (dead, but it names the variable), and so is one holding a
			// client ID (hardcoded-client-id).
			if st, ok := v.Data.(*shim.SIf); ok {
				if name, ok, at := envTest(envOf, st.Test); ok && !onlyThrows(st.Yes) && !onlyThrows(st.NoOrNil) && !stmtHoldsClientID(v) {
					report(at, name, ifShape)
				}
				return true
			}
			local, ok := v.Data.(*shim.SLocal)
			if !ok {
				return true
			}
			for _, d := range local.Decls {
				if id, ok := d.Binding.Data.(*shim.BIdentifier); ok && local.Kind == shim.LocalConst {
					if name, ok := analysis.ProcessEnv(c.AST, analysis.Unwrap(d.ValueOrNil)); ok {
						bound[id.Ref] = name
					}
				}
				// const { WORKOS_CLIENT_ID = "…" } = process.env
				if ob, ok := d.Binding.Data.(*shim.BObject); ok && isProcessEnvObject(c.AST, d.ValueOrNil) {
					for _, p := range ob.Properties {
						k, isStr := p.Key.Data.(*shim.EString)
						if !isStr || p.DefaultValueOrNil.Data == nil || holdsClientID(p.DefaultValueOrNil) || convexSystemEnv[shim.StringValue(k)] {
							continue
						}
						name := shim.StringValue(k)
						s, e := analysis.IdentRange(c.Source, int(p.Key.Loc.Start))
						c.Report(s, e, fmt.Sprintf("the default of %s destructured from process.env in %s never applies: "+
							"Convex evaluates the auth config when you push, and an unset %s fails the push "+
							"(\"Environment variable %s is used in auth config file but its value was not set\"); "+
							"drop the default and set it on each deployment with `npx convex env set %s`", name, where, name, name, name))
					}
				}
			}
		case shim.Expr:
			switch e := v.Data.(type) {
			case *shim.EBinary:
				var shape string
				switch e.Op {
				case shim.BinOpNullishCoalescing:
					shape = "the ?? fallback"
				case shim.BinOpLogicalOr:
					shape = "the || fallback"
				case shim.BinOpLogicalAnd:
					shape = "the && condition"
				default:
					return true
				}
				if name, ok := envOf(e.Left); ok && !holdsClientID(e.Right) {
					report(e.Left, name, shape, dropFallbackFix(c, e)...)
				}
			case *shim.EIf:
				if name, ok, at := envTest(envOf, e.Test); ok && !holdsClientID(e.Yes) && !holdsClientID(e.No) {
					report(at, name, "the ternary")
				}
			}
		}
		return true
	})
}

// dropFallbackFix removes ` ?? "y"` or ` || "y"` after an env read or a name bound to one:
// only for a string literal fallback with nothing but spaces and the operator between the two
// operands (no parentheses, casts, `!` or comments whose removal would be a judgement call).
func dropFallbackFix(c *FileContext, b *shim.EBinary) []Option {
	// Typed against convex/server's AuthConfig (domain, issuer: string), `string | undefined`
	// would fail the typecheck `npx convex dev` runs before pushing.
	if b.Op == shim.BinOpLogicalAnd || strings.Contains(c.Source, "AuthConfig") && !strings.HasSuffix(c.File.Path, ".js") {
		return nil
	}
	if _, isStr := b.Right.Data.(*shim.EString); !isStr {
		return nil
	}
	leftEnd := -1
	if r, ok := analysis.EnvReadOf(c.AST, c.Source, b.Left); ok {
		leftEnd = r.End
	} else if _, ok := b.Left.Data.(*shim.EIdentifier); ok {
		_, leftEnd = analysis.IdentRange(c.Source, int(b.Left.Loc.Start))
	}
	rs := shim.RangeOfString(c.Source, b.Right.Loc)
	start, end := int(rs.Loc.Start), int(rs.Loc.Start+rs.Len)
	if leftEnd < 0 || leftEnd > start || end > len(c.Source) || start != int(b.Right.Loc.Start) {
		return nil
	}
	if op := strings.TrimSpace(c.Source[leftEnd:start]); op != "??" && op != "||" {
		return nil
	}
	left := c.Source[b.Left.Loc.Start:leftEnd]
	return []Option{WithFix("Remove the fallback: read "+left+" alone", Replace(c.File, leftEnd, end, ""))}
}

// envTest matches the test of a ternary on an env read: x, !x, x === undefined, typeof x, ….
func envTest(envOf func(shim.Expr) (string, bool), test shim.Expr) (string, bool, shim.Expr) {
	test = analysis.Unwrap(test)
	if name, ok := envOf(test); ok {
		return name, true, test
	}
	switch t := test.Data.(type) {
	case *shim.EUnary:
		if t.Op == shim.UnOpNot || t.Op == shim.UnOpTypeof {
			return envTest(envOf, t.Value)
		}
	case *shim.EBinary:
		switch t.Op {
		case shim.BinOpStrictEq, shim.BinOpStrictNe, shim.BinOpLooseEq, shim.BinOpLooseNe:
			if name, ok, at := envTest(envOf, t.Left); ok {
				return name, ok, at
			}
			return envTest(envOf, t.Right)
		}
	}
	return "", false, shim.Expr{}
}

func isProcessEnvObject(tree *shim.AST, e shim.Expr) bool {
	d, ok := analysis.Unwrap(e).Data.(*shim.EDot)
	if !ok || d.Name != "env" {
		return false
	}
	id, ok := d.Target.Data.(*shim.EIdentifier)
	return ok && shim.SymbolName(tree, id.Ref) == "process"
}

// holdsClientID reports a real WorkOS client ID in the strings of e: hardcoded-client-id
// reports that fallback.
func holdsClientID(e shim.Expr) bool {
	if e.Data == nil {
		return false
	}
	found := false
	parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok || found {
			return !found
		}
		switch s := x.Data.(type) {
		case *shim.EString:
			found = len(analysis.FindClientIDs(shim.StringValue(s))) > 0
		case *shim.ETemplate:
			if v, ok := analysis.StaticString(x); ok {
				found = len(analysis.FindClientIDs(v)) > 0
			}
		}
		return !found
	})
	return found
}

// ifShape names the `if (process.env.X)` form in the message.
const ifShape = "the if's branch for an unset value"

// convexSystemEnv are the variables Convex sets on every deployment (docs: Environment
// Variables, System environment variables); an auth config may read them without a push failing.
var convexSystemEnv = map[string]bool{"CONVEX_CLOUD_URL": true, "CONVEX_SITE_URL": true}

// onlyThrows reports a statement that is a throw, or a block of nothing but throws.
func onlyThrows(st shim.Stmt) bool {
	switch v := st.Data.(type) {
	case *shim.SThrow:
		return true
	case *shim.SBlock:
		if len(v.Stmts) == 0 {
			return false
		}
		for _, s := range v.Stmts {
			if !onlyThrows(s) {
				return false
			}
		}
		return true
	}
	return false
}

// stmtHoldsClientID is holdsClientID for the expressions of a statement.
func stmtHoldsClientID(st shim.Stmt) bool {
	found := false
	parser.InspectStmts([]shim.Stmt{st}, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok && !found && holdsClientID(e) {
			found = true
		}
		return !found
	})
	return found
}

// insideFunction reports a node within a function or arrow body.
func insideFunction(c *parser.Cursor) bool {
	for _, a := range c.Ancestors() {
		switch n := a.(type) {
		case shim.Expr:
			switch n.Data.(type) {
			case *shim.EArrow, *shim.EFunction:
				return true
			}
		case shim.Stmt:
			if _, ok := n.Data.(*shim.SFunction); ok {
				return true
			}
		}
	}
	return false
}

// inTryBlock reports a node within the block of a try statement (not its catch or finally),
// without a function boundary in between.
func inTryBlock(c *parser.Cursor) bool { return len(enclosingTries(c)) > 0 }

// enclosingTries are the try statements whose block (not catch or finally) holds the node,
// innermost first, up to the nearest function boundary.
func enclosingTries(c *parser.Cursor) []*shim.STry {
	var out []*shim.STry
	anc := c.Ancestors()
	for i := len(anc) - 1; i > 0; i-- {
		switch n := anc[i].(type) {
		case shim.Expr:
			switch n.Data.(type) {
			case *shim.EArrow, *shim.EFunction:
				return out
			}
		case shim.Stmt:
			if _, ok := n.Data.(*shim.SFunction); ok {
				return out
			}
			if b, ok := n.Data.(*shim.SBlock); ok {
				if p, ok := anc[i-1].(shim.Stmt); ok {
					if t, ok := p.Data.(*shim.STry); ok && b == &t.Block {
						out = append(out, t)
					}
				}
			}
		}
	}
	return out
}
