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
		ID:       "missing-env-var",
		Title:    "WorkOS variable read in code but defined in no env file",
		Severity: Warning,
		Tags:     []string{"correctness", "config", "env"},
		Kinds:    KindJS,
		// authkitMiddleware: TanStack Start's kit reads its WORKOS_* variables itself.
		Triggers: []string{"WORKOS_", "authkitMiddleware"},
		Applies:  outsideConvexAndTests,
		Doc: Doc{
			Why: "When code reads `process.env.WORKOS_API_KEY` (or `WORKOS_CLIENT_ID`, " +
				"`WORKOS_COOKIE_PASSWORD`, `WORKOS_REDIRECT_URI`, `NEXT_PUBLIC_WORKOS_REDIRECT_URI`, " +
				"`import.meta.env.VITE_WORKOS_*`, but not the optional API hostname, port, https and dev-mode " +
				"settings, which have defaults) and no env file of the project defines it, a fresh " +
				"checkout starts with the value `undefined`: AuthKit throws at the first request, or Vite " +
				"inlines `undefined` into the bundle and sign-in redirects to `…/undefined`. A template " +
				"(`.env.example`, `.env.local.example`) with the variable and a placeholder tells the next " +
				"developer, and CI, what to set.\n\n" +
				"Defined means: assigned (even empty) in an env file or template of the file's project " +
				"root or of an enclosing root (a monorepo's top level), or provisioned by `convex.json` " +
				"`authKit.<env>.localEnvVars`. A project with no env file at all is not reported: its " +
				"variables come from elsewhere (the hosting platform, CI secrets). Not reported either: code in the Convex functions directory (it " +
				"reads deployment variables, set with `npx convex env set`), reads with a fallback " +
				"(`process.env.X ?? …`, or a later link of a chain such as `cfg.X ?? process.env.X ?? null`), test files, and Vite apps whose config sets `envDir`.\n\n" +
				"TanStack Start apps never read these variables themselves: `authkitMiddleware()` of " +
				"`@workos/authkit-tanstack-react-start` (0.11.0) has `@workos/authkit-session` (0.7) read " +
				"WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_COOKIE_PASSWORD and WORKOS_REDIRECT_URI (not needed " +
				"when the call passes `redirectUri`), so the rule reports the ones no env file defines at " +
				"that call, in projects whose env files or localEnvVars set some `WORKOS_*` variable.",
			Bad:   "// app/api/auth.ts, and no env file mentions WORKOS_API_KEY\nexport const workos = new WorkOS(process.env.WORKOS_API_KEY);\n",
			Good:  "# .env.example\nWORKOS_API_KEY=sk_test_your_api_key_here\nWORKOS_CLIENT_ID=client_your_client_id_here\n",
			Lang:  "ts",
			Guide: "Environment Variables: `.env.local` (Next.js) holds WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_COOKIE_PASSWORD and NEXT_PUBLIC_WORKOS_REDIRECT_URI; `.env.local` (Vite) holds VITE_WORKOS_CLIENT_ID and VITE_WORKOS_REDIRECT_URI.",
		},
		CheckFile: checkMissingEnvVar,
	})
}

// watchedProcessEnv are the process.env variables the guide's setups need from env files.
var watchedProcessEnv = map[string]bool{
	"WORKOS_CLIENT_ID": true, "WORKOS_API_KEY": true, "WORKOS_COOKIE_PASSWORD": true,
	"WORKOS_REDIRECT_URI": true, "NEXT_PUBLIC_WORKOS_REDIRECT_URI": true,
}

// outsideConvexAndTests rejects Convex functions (their variables live on the deployment)
// and test code.
func outsideConvexAndTests(p *project.Project, f *project.File) bool {
	return !p.InFunctionsDir(f.Path) && !analysis.InTestTree(p, f.Path)
}

func checkMissingEnvVar(c *FileContext) {
	path := c.File.Path
	if viteEnvDirSet(c) {
		return
	}
	reads := map[string]analysis.EnvRead{}
	var order []string
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		r, ok := analysis.EnvReadOf(c.AST, c.Source, e)
		if !ok || r.ImportMeta && (!strings.HasPrefix(r.Name, "VITE_WORKOS_") || optionalWorkOSSetting(r.Name)) ||
			!r.ImportMeta && !watchedProcessEnv[r.Name] {
			return true
		}
		if _, seen := reads[r.Name]; !seen && !hasFallback(e, cur) {
			reads[r.Name] = r
			order = append(order, r.Name)
		}
		return false
	})
	kit := analysis.KitEnvReads(c.AST, c.Source)
	if len(order) == 0 && len(kit) == 0 {
		return
	}
	files := analysis.EnvFilesFor(c.Project, path)
	if len(files) == 0 {
		return // env comes from elsewhere (the platform, CI secrets): no evidence either way
	}
	defined := analysis.LocalEnvVarNames(c.Project, path)
	var names []string
	for _, f := range files {
		names = append(names, f.Rel)
		for _, e := range f.Parsed.Entries {
			defined[e.Key] = true
		}
	}
	where := "none of " + strings.Join(names, ", ")
	if len(names) == 1 {
		where = names[0] + " does not"
	}
	for _, name := range order {
		if defined[name] {
			continue
		}
		r := reads[name]
		c.Report(r.Start, r.End, fmt.Sprintf("%s is read here but %s define %s: add it to "+
			".env.local, and with a placeholder to .env.example so that a fresh checkout knows to set it", r.Form, where, name))
	}
	// The kit's variables are judged only where the env files write WorkOS settings down at all;
	// without any, they come from the shell or the platform.
	documented := false
	for k := range defined {
		documented = documented || strings.HasPrefix(k, "WORKOS_")
	}
	for _, k := range kit {
		if !documented {
			break
		}
		var missing []string
		for _, name := range k.Names {
			if !defined[name] {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			continue
		}
		it := "it"
		if len(missing) > 1 {
			it = "them"
		}
		c.Report(k.Start, k.End, fmt.Sprintf("authkitMiddleware() reads %s from the environment (AuthKit throws \"Missing "+
			"required configuration value\" at the first request without %s), but %s define %s: add %s to .env.local, and "+
			"with a placeholder to .env.example", strings.Join(missing, ", "), it, where, it, it))
	}
}

// optionalWorkOSSetting reports a variable for a client option that has a default when unset:
// authkit-js's createClient takes apiHostname = "api.workos.com", https = true, no port, and
// devMode by the page's host. Apps read them to allow a custom domain or a local proxy.
func optionalWorkOSSetting(name string) bool {
	for _, s := range []string{"_API_HOSTNAME", "_API_PORT", "_API_HTTPS", "_DEV_MODE", "_DEVMODE"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// hasFallback reports reads whose missing value the code replaces: the left side of ?? or ||,
// or a later link of such a chain (`projectEnv.X ?? process.env.X ?? null`, `a || process.env.X
// || ""`), also behind `cond && process.env.X` inside it. A read that is only the last link
// (`a ?? process.env.X`) is not: it is the value used when everything else is missing.
func hasFallback(e shim.Expr, cur *parser.Cursor) bool {
	anc := cur.Ancestors()
	child := e.Data
	for i := len(anc) - 1; i >= 0; i-- {
		p, ok := anc[i].(shim.Expr)
		if !ok {
			return false
		}
		b, ok := p.Data.(*shim.EBinary)
		if !ok {
			return false
		}
		switch {
		case (b.Op == shim.BinOpNullishCoalescing || b.Op == shim.BinOpLogicalOr) && b.Left.Data == child:
			return true
		case (b.Op == shim.BinOpNullishCoalescing || b.Op == shim.BinOpLogicalOr || b.Op == shim.BinOpLogicalAnd) && b.Right.Data == child:
			child = p.Data // the read is this link's value: look for a fallback after the link
		default:
			return false
		}
	}
	return false
}

// viteEnvDirSet reports Vite apps that load env files from elsewhere (`envDir` in vite.config).
func viteEnvDirSet(c *FileContext) bool {
	for _, r := range c.Project.Roots {
		if !strings.HasPrefix(c.File.Path, r.Dir+string(filepath.Separator)) || !r.Deps["vite"] {
			continue
		}
		if f := analysis.ViteConfig(c.Project, r); f != nil {
			if src, err := f.Content(); err == nil && strings.Contains(src, "envDir") {
				return true
			}
		}
	}
	return false
}
