package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "hardcoded-client-id",
		Title:    "WorkOS client ID hardcoded in source",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{"client_"},
		Applies:  holdsClientIDText,
		Doc: Doc{
			Why: "A literal WorkOS client ID ties the code to one WorkOS environment: development and " +
				"production then share it, or production validates tokens against the staging client. " +
				"Fallbacks such as `process.env.WORKOS_CLIENT_ID || \"client_01…\"` hide a missing " +
				"variable the same way. Read the ID from the environment: in `convex/auth.config.ts` from " +
				"`process.env.WORKOS_CLIENT_ID`, set per deployment with `npx convex env set WORKOS_CLIENT_ID`, " +
				"and in the browser from `VITE_WORKOS_CLIENT_ID` / the Next.js env files.\n\n" +
				"A client ID is public, not a secret, so literals are right where no per-deployment env " +
				"exists and are not reported outside the auth config: CLIs (a package with `bin`), files " +
				"running the OAuth device-code flow (`/user_management/authorize/device`), desktop and native " +
				"apps (electron, react-native, expo, tauri, capacitor), published SDK packages (not private, " +
				"with an entry point, no web framework), and files holding several client IDs that configure " +
				"no web client (server-side allow-lists that verify tokens outside Convex, files mirroring a " +
				"backend's list). Literals in the auth config, in files that configure an AuthKit web client, " +
				"and `env || \"client_…\"` fallbacks in web apps are reported.\n\n" +
				"Placeholders that are not real ULIDs (`client_01...`, `client_01XXXXXXXX…`) and test files " +
				"are not reported. The fix, offered in the auth config, drops a fallback after " +
				"`process.env.WORKOS_CLIENT_ID`, makes a literal in the providers list read the variable " +
				"the providers use (a URL string becomes a template), and any other literal " +
				"`process.env.WORKOS_CLIENT_ID`.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID ?? \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\n",
			Lang:  "ts",
			Guide: "DON'T: Hardcode the client ID (use env var).",
		},
		CheckFile: checkHardcodedClientID,
	})
}

// publicClientIDFile reports files outside the auth config where a literal client ID is the
// right thing: code that ships without a build-time env (a CLI, a desktop or native app, an
// SDK package, an OAuth device-code flow), and allow-lists of several client IDs that verify
// tokens outside Convex (or mirror a backend's list) in a file that configures no web client.
func publicClientIDFile(c *FileContext, distinctIDs int) bool {
	if deviceCodeFlow(c.Source) || nonWebPackage(c.File.Root, c.Source) {
		return true
	}
	return distinctIDs >= 2 && !configuresWebClient(c.Source)
}

// deviceCodeFlow reports code that runs the OAuth device authorization grant (RFC 8628),
// which CLIs and devices use: WorkOS's /user_management/authorize/device endpoint, or the
// grant type.
func deviceCodeFlow(src string) bool {
	return strings.Contains(src, "/authorize/device") || strings.Contains(src, "grant-type:device_code") ||
		strings.Contains(src, "device_authorization")
}

// webClientWords mark a file that configures the browser side of AuthKit: its client SDKs and
// the providers that take the client ID. Server imports of authkit-nextjs are not among them.
var webClientWords = []string{"@workos-inc/authkit-react", "@workos-inc/authkit-js", "authkit-nextjs/components",
	"authkit-react-router", "authkit-tanstack", "AuthKitProvider", "ConvexProviderWithAuthKit", "createClient("}

// configuresWebClient reports a file that imports an AuthKit client SDK or renders a provider
// that takes the client ID: a literal there is the browser app's configuration.
func configuresWebClient(src string) bool {
	for _, w := range webClientWords {
		if strings.Contains(src, w) {
			return true
		}
	}
	return false
}

// nativeDeps mark desktop and native apps, which are built and shipped with no server to
// read a per-deployment env from.
var nativeDeps = []string{"electron", "react-native", "expo", "@tauri-apps/api", "@capacitor/core"}

// webFrameworkDeps mark a web app: its env comes from the framework at build time. Bundlers
// (vite, webpack) are left out: libraries build with them too.
var webFrameworkDeps = []string{"next", "vinext", "@tanstack/react-start", "react-scripts",
	"@remix-run/react", "@react-router/dev", "astro", "nuxt", "@sveltejs/kit"}

// nonWebPackage reports a file of a CLI (package.json `bin`), of a desktop or native app, or
// of a published SDK package (not private, an entry point, no web framework) that does not
// itself configure a web client.
func nonWebPackage(r *project.Root, src string) bool {
	if r == nil || r.Package == nil {
		return false
	}
	if _, ok := r.Package.Get("bin"); ok {
		return true
	}
	for _, d := range nativeDeps {
		if r.Deps[d] {
			return true
		}
	}
	for _, d := range webFrameworkDeps {
		if r.Deps[d] {
			return false
		}
	}
	if v, ok := r.Package.Get("private"); ok {
		if b, ok := v.Data.(*shim.EBoolean); ok && b.Value {
			return false
		}
	}
	for _, k := range []string{"exports", "main", "module"} {
		if _, ok := r.Package.Get(k); ok {
			return !configuresWebClient(src)
		}
	}
	return false
}

// notTestPath rejects test files: client IDs in tests are fixtures.
func notTestPath(_ *project.Project, f *project.File) bool { return !analysis.IsTestPath(f.Path) }

// holdsClientIDText is notTestPath for files whose text holds a real-looking client ID: asked
// before the file is parsed, since "client_" alone is common (OAuth's client_id, MCP clients).
func holdsClientIDText(p *project.Project, f *project.File) bool {
	if !notTestPath(p, f) {
		return false
	}
	src, err := f.Content()
	return err == nil && len(analysis.FindClientIDs(src)) > 0
}

func checkHardcodedClientID(c *FileContext) {
	comments := parser.ScanComments(c.Source)
	inComment := func(off int) bool {
		i := sort.Search(len(comments), func(i int) bool { return comments[i].End > off })
		return i < len(comments) && comments[i].Start <= off
	}
	isAuthConfig := c.File.Root != nil && c.File.Root.AuthConfig == c.File
	var ids [][2]int
	distinct := map[string]bool{}
	for _, m := range analysis.FindClientIDs(c.Source) {
		if !inComment(m[0]) {
			ids = append(ids, m)
			distinct[c.Source[m[0]:m[1]]] = true
		}
	}
	if len(ids) == 0 || !isAuthConfig && publicClientIDFile(c, len(distinct)) {
		return
	}
	fixes := authConfigClientIDFixes(c)
	for _, m := range ids {
		start, end := m[0], m[1]
		id := c.Source[start:end]
		msg := fmt.Sprintf("WorkOS client ID %s is hardcoded: read it from the environment (%s)", id, clientIDSource(c))
		var opts []Option
		if e, ok := fixes[start-1]; ok {
			opts = append(opts, WithFix(e.msg, Replace(c.File, e.start, e.end, e.text)))
		}
		c.Report(start, end, msg, opts...)
	}
}

type clientIDFix struct {
	start, end int
	text, msg  string
}

// authConfigClientIDFixes are the fixes of the auth config's client ID string literals (whole
// strings only), by the literal's start: `process.env.X || "client_…"` loses the fallback; a
// literal in the providers list reads the client ID expression the providers use when that is
// not a literal (`clientId`); any other literal becomes process.env.WORKOS_CLIENT_ID. The
// fallback of another expression (`process.env["X"] ?? "client_…"`, `cfg.id || "client_…"`)
// is left alone: which value should win is the author's call.
func authConfigClientIDFixes(c *FileContext) map[int]clientIDFix {
	ac := project.AuthConfigFor(c.File)
	if ac == nil || c.AST == nil {
		return nil
	}
	out := map[int]clientIDFix{}
	fallback := map[int]bool{}
	strStarts := map[int]bool{} // where string literals start
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		x, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		if _, isStr := x.Data.(*shim.EString); isStr {
			strStarts[int(x.Loc.Start)] = true
		}
		b, ok := x.Data.(*shim.EBinary)
		if !ok || b.Op != shim.BinOpLogicalOr && b.Op != shim.BinOpNullishCoalescing {
			return true
		}
		lit, ok := b.Right.Data.(*shim.EString)
		if !ok {
			return true
		}
		start := int(b.Right.Loc.Start)
		fallback[start] = true
		dot, isDot := b.Left.Data.(*shim.EDot)
		if _, env := analysis.ProcessEnv(c.AST, b.Left); !env || !isDot {
			return true
		}
		if end := start + len(shim.StringValue(lit)) + 2; end <= len(c.Source) {
			leftEnd := int(dot.NameLoc.Start) + len(dot.Name)
			out[start] = clientIDFix{leftEnd, end, "", "Remove the hardcoded fallback: read " + c.Source[b.Left.Loc.Start:leftEnd] + " alone"}
		}
		return true
	})
	// In the providers list, the expression the other providers read (say `clientId`); a
	// module constant must not read itself, so elsewhere the env var.
	inList := ""
	if id := ac.ClientID(); !id.Literal && id.Text != "" && ac.ProvidersValue.End > ac.ProvidersValue.Start {
		inList = id.Text
	}
	for _, m := range analysis.FindClientIDs(c.Source) {
		start, end := m[0]-1, m[1]+1
		if start < 0 || end > len(c.Source) || fallback[start] {
			continue
		}
		if q := c.Source[start]; (q == '"' || q == '\'') && c.Source[end-1] == q {
			repl := "process.env.WORKOS_CLIENT_ID"
			if inList != "" && start >= ac.ProvidersValue.Start && end <= ac.ProvidersValue.End {
				repl = inList
			}
			out[start] = clientIDFix{start, end, repl, "Read the client ID from " + repl}
			continue
		}
		// Inside a URL string of the providers list: a template with the providers' variable.
		if inList == "" || m[0] < ac.ProvidersValue.Start || m[1] > ac.ProvidersValue.End {
			continue
		}
		if open, close, ok := plainString(c.Source, m[0], m[1]); ok && strStarts[open] {
			text := "`" + c.Source[open+1:m[0]] + "${" + inList + "}" + c.Source[m[1]:close] + "`"
			out[start] = clientIDFix{open, close + 1, text, "Read the client ID from " + inList}
		}
	}
	return out
}

// clientIDSource says where the file's code gets the client ID from: the deployment's env in
// Convex functions and the auth config, the app's env file elsewhere (Vite exposes only
// VITE_-prefixed variables to the browser).
func clientIDSource(c *FileContext) string {
	r := c.File.Root
	if c.Project.InFunctionsDir(c.File.Path) || r != nil && r.AuthConfig == c.File {
		return "process.env.WORKOS_CLIENT_ID, set per deployment with `npx convex env set`"
	}
	if r != nil && r.Deps["vite"] && !r.Deps["next"] {
		return "import.meta.env.VITE_WORKOS_CLIENT_ID, set in .env.local"
	}
	return "process.env.WORKOS_CLIENT_ID, set in .env.local"
}

// plainString finds the quotes of the one-line string literal around [start, end): none
// when it holds a backslash, a backtick or `${`, which a template would read differently.
func plainString(src string, start, end int) (open, close int, ok bool) {
	open = strings.LastIndexAny(src[:start], "\"'\n")
	if open < 0 || src[open] == '\n' {
		return 0, 0, false
	}
	close = strings.IndexAny(src[end:], "\"'\n")
	if close < 0 || src[end+close] != src[open] {
		return 0, 0, false
	}
	close += end
	body := src[open+1 : close]
	if strings.ContainsAny(body, "\\`") || strings.Contains(body, "${") {
		return 0, 0, false
	}
	return open, close, true
}
