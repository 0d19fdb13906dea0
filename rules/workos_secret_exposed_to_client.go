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
		ID:               "workos-secret-exposed-to-client",
		Title:            "WorkOS API key or cookie password reaches the browser",
		Severity:         Error,
		Tags:             []string{"security", "secrets", "env"},
		SecuritySeverity: 8.0,
		Kinds:            KindEnv | KindJS | KindJSON,
		Triggers:         []string{"WORKOS_", "COOKIE_PASSWORD", "=sk_", "= sk_", "\"sk_", "'sk_"},
		Applies:          exposableFile,
		Doc: Doc{
			Why: "`NEXT_PUBLIC_*`, `VITE_*` (and `REACT_APP_*`, `EXPO_PUBLIC_*`, `PUBLIC_*`) variables are " +
				"copied into the JavaScript bundle that every visitor downloads. The WorkOS API key " +
				"controls the whole WorkOS environment (users, organizations, sessions), and the cookie " +
				"password decrypts and forges AuthKit session cookies: in the browser, anyone can take " +
				"over any account. Both belong to server code only (`WORKOS_API_KEY`, " +
				"`WORKOS_COOKIE_PASSWORD` without a public prefix, read in route handlers, server actions, " +
				"middleware). The browser needs only the client ID and the redirect URI.\n\n" +
				"Reported: a public variable whose name holds `COOKIE_PASSWORD`, or `WORKOS` with " +
				"`API_KEY`/`SECRET`, or whose value is an `sk_` key or interpolates `WORKOS_API_KEY` / the " +
				"cookie password; `process.env.WORKOS_API_KEY` / `WORKOS_COOKIE_PASSWORD` read in a " +
				"`'use client'` file or in Vite client code (files that read `import.meta.env`, or `src/` " +
				"of a Vite app that is not an SSR framework), never in the Convex functions directory, " +
				"`\"use server\"` files, `*.server.*`, `server/`, `api/` or files importing Node-only modules. " +
				"Other public `API_KEY` names (`NEXT_PUBLIC_FIREBASE_API_KEY`) are public by design and not " +
				"reported. If such a key was ever deployed, rotate it in the WorkOS dashboard.\n\n" +
				"`convex.json` `authKit.dev.localEnvVars` is read too: the Convex CLI (convex 1.45, " +
				"`resolveTemplate`) writes each entry into `.env.local`, so `${authEnv.WORKOS_API_KEY}` " +
				"mapped to a `VITE_`, `NEXT_PUBLIC_` or `EXPO_PUBLIC_` name puts the provisioned API key in " +
				"the browser bundle.",
			Bad:   "NEXT_PUBLIC_WORKOS_API_KEY=sk_live_…\nVITE_WORKOS_COOKIE_PASSWORD=…\n",
			Good:  "WORKOS_API_KEY=sk_live_…\nWORKOS_COOKIE_PASSWORD=…\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=https://app.example.com/callback\n",
			Lang:  "dotenv",
			Guide: "Environment Variables: only `VITE_WORKOS_CLIENT_ID`, `VITE_WORKOS_REDIRECT_URI` and `NEXT_PUBLIC_WORKOS_REDIRECT_URI` are public; `WORKOS_API_KEY` and `WORKOS_COOKIE_PASSWORD` are server-only.",
		},
		CheckFile: checkWorkOSSecretExposedToClient,
	})
}

// serverSecretVars are the variables that must never reach the browser.
var serverSecretVars = map[string]bool{"WORKOS_API_KEY": true, "WORKOS_COOKIE_PASSWORD": true}

// exposableFile accepts env files and client code: not tests, not Convex functions (which run
// on the deployment, where secrets belong).
func exposableFile(p *project.Project, f *project.File) bool {
	return !analysis.InTestTree(p, f.Path) && (f.Kind == KindEnv || !p.InFunctionsDir(f.Path))
}

func checkWorkOSSecretExposedToClient(c *FileContext) {
	if c.Env != nil {
		checkExposedEnvFile(c)
		return
	}
	if c.AST != nil {
		checkExposedReads(c)
		return
	}
	if c.File.Kind == KindJSON && isConvexJSON(c.Project, c.File) {
		checkExposedLocalEnvVars(c)
	}
}

// checkExposedLocalEnvVars reads convex.json authKit.dev.localEnvVars, which the Convex CLI
// writes into .env.local: a public name there is a public env var.
func checkExposedLocalEnvVars(c *FileContext) {
	vars, ok := c.File.Root.ConvexJSON.Get("authKit", "dev", "localEnvVars")
	o, isObj := vars.Data.(*shim.EObject)
	if !ok || !isObj {
		return
	}
	for _, p := range o.Properties {
		k, isStr := p.Key.Data.(*shim.EString)
		v, vIsStr := p.ValueOrNil.Data.(*shim.EString)
		if !isStr || !vIsStr {
			continue
		}
		name, value := shim.StringValue(k), shim.StringValue(v)
		prefix := analysis.PublicEnvPrefix(name)
		if prefix == "" {
			continue
		}
		what := publicSecretName(name)
		if strings.Contains(value, "${authEnv.WORKOS_API_KEY}") {
			what = "the provisioned WorkOS API key (${authEnv.WORKOS_API_KEY})"
		} else if strings.HasPrefix(value, "sk_") {
			what = "a secret API key (" + analysis.Mask(value) + ")"
		}
		if what == "" {
			continue
		}
		r := shim.RangeOfString(c.Source, p.Key.Loc)
		c.Report(int(r.Loc.Start), int(r.Loc.Start+r.Len), fmt.Sprintf("authKit.dev.localEnvVars.%s maps %s to a public name: "+
			"the Convex CLI writes it into .env.local and the %s prefix inlines it into the browser bundle; "+
			"map it to WORKOS_API_KEY (no prefix) and read it only in server code", name, what, prefix))
	}
}

// publicSecretName says why a public variable's name marks a secret, or "".
func publicSecretName(name string) string {
	prefix := analysis.PublicEnvPrefix(name)
	if prefix == "" {
		return ""
	}
	rest := name[len(prefix):]
	switch {
	case strings.Contains(rest, "COOKIE_PASSWORD"):
		return "a cookie password"
	case strings.Contains(rest, "WORKOS") && strings.Contains(rest, "API_KEY"):
		return "the WorkOS API key"
	case strings.Contains(rest, "WORKOS") && strings.Contains(rest, "SECRET"):
		return "a WorkOS secret"
	}
	return ""
}

func checkExposedEnvFile(c *FileContext) {
	name := analysis.EnvDisplayName(c.Env)
	for _, e := range c.Env.Parsed.Entries {
		prefix := analysis.PublicEnvPrefix(e.Key)
		if prefix == "" {
			continue
		}
		what := publicSecretName(e.Key)
		if what == "" && !e.Interpolated && strings.HasPrefix(e.Value, "sk_") {
			what = "a secret API key (" + analysis.Mask(e.Value) + ")"
		}
		if what == "" && e.Interpolated {
			for _, ref := range analysis.EnvRefs(e.Value) {
				if serverSecretVars[ref] || analysis.IsCookiePasswordVar(ref) {
					what = "the value of " + ref
					break
				}
			}
		}
		if what == "" {
			continue
		}
		c.Report(e.KeyStart, e.KeyEnd, fmt.Sprintf("%s in %s holds %s, and the %s prefix inlines it into the "+
			"browser bundle where anyone can read it: drop the prefix, read it only in server code, and rotate "+
			"the secret if it was ever deployed", e.Key, name, what, prefix))
	}
}

func checkExposedReads(c *FileContext) {
	client, why := isClientFile(c)
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		r, ok := analysis.EnvReadOf(c.AST, c.Source, e)
		if !ok {
			return true
		}
		name, form, start, end := r.Name, r.Form, r.Start, r.End
		if what := publicSecretName(name); what != "" {
			c.Report(start, end, fmt.Sprintf("%s is %s under a public name: the %s prefix inlines it into the "+
				"browser bundle; rename it without the prefix, read it only in server code, and rotate it if it "+
				"was ever deployed", form, what, analysis.PublicEnvPrefix(name)))
			return false
		}
		if serverSecretVars[name] && client {
			c.Report(start, end, fmt.Sprintf("%s is read in browser code (%s): the secret must never reach the "+
				"client, where it is either undefined or bundled for every visitor; read it in a server route, "+
				"server action or server function and pass the browser only what it needs", form, why))
			return false
		}
		return false
	})
}

// ssrFrameworks run Vite for both server and client code: src/ is not client-only there.
var ssrFrameworks = []string{
	"@tanstack/react-start", "@tanstack/solid-start", "@tanstack/start", "@remix-run/dev",
	"@react-router/dev", "@sveltejs/kit", "astro", "nuxt", "vike", "vite-plugin-ssr",
	"@analogjs/platform", "waku", "vinxi", "@solidjs/start", "@builder.io/qwik-city", "@qwik.dev/router",
}

// serverDirs hold server code in any layout.
var serverDirs = map[string]bool{
	"server": true, "api": true, "functions": true, "backend": true, "scripts": true,
	"worker": true, "workers": true, "netlify": true, "supabase": true, "edge": true,
}

// nodeOnlyModules mark a file as server code when imported.
var nodeOnlyModules = map[string]bool{
	"@workos-inc/node": true, "fs": true, "path": true, "crypto": true, "child_process": true,
	"http": true, "https": true, "express": true, "hono": true, "fastify": true, "koa": true,
	"server-only": true, "next/headers": true,
}

// isClientFile decides whether a JS file runs in the browser, with the evidence for the message.
func isClientFile(c *FileContext) (bool, string) {
	for _, d := range c.AST.Directives {
		switch d {
		case "use client":
			return true, "a 'use client' file"
		case "use server":
			return false, ""
		}
	}
	if isServerPath(c.File) {
		return false, ""
	}
	for _, rec := range c.AST.ImportRecords {
		if p := rec.Path.Text; nodeOnlyModules[p] || strings.HasPrefix(p, "node:") {
			return false, ""
		}
	}
	r := c.File.Root
	if r == nil || !r.Deps["vite"] {
		return false, ""
	}
	for _, fw := range ssrFrameworks {
		if r.Deps[fw] {
			return false, ""
		}
	}
	if strings.HasPrefix(c.File.Path, filepath.Join(r.Dir, "src")+string(filepath.Separator)) {
		return true, "src/ of a Vite app"
	}
	if strings.Contains(c.Source, "import.meta.env") {
		return true, "Vite client code that reads import.meta.env"
	}
	return false, ""
}

// isServerPath reports config files and server directories/suffixes.
func isServerPath(f *project.File) bool {
	base := filepath.Base(f.Path)
	stem := base[:len(base)-len(filepath.Ext(base))]
	if strings.Contains(base, ".server.") || strings.Contains(base, ".config.") ||
		stem == "server" || stem == "middleware" || stem == "proxy" || stem == "instrumentation" {
		return true
	}
	dir := filepath.Dir(f.Path)
	if f.Root != nil {
		if rel, err := filepath.Rel(f.Root.Dir, dir); err == nil {
			dir = rel
		}
	}
	for _, part := range strings.Split(filepath.ToSlash(dir), "/") {
		if serverDirs[part] {
			return true
		}
	}
	return false
}
