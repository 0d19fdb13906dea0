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
		Applies:  notTestPath,
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
				"are not reported. The fix, offered in the auth config, replaces a whole-string literal with " +
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
	for _, m := range ids {
		start, end := m[0], m[1]
		id := c.Source[start:end]
		msg := fmt.Sprintf("WorkOS client ID %s is hardcoded: read it from the environment "+
			"(process.env.WORKOS_CLIENT_ID, set per deployment with `npx convex env set`)", id)
		var opts []Option
		if isAuthConfig && start > 0 && end < len(c.Source) {
			if q := c.Source[start-1]; (q == '"' || q == '\'') && c.Source[end] == q {
				opts = append(opts, WithFix("Read the client ID from process.env.WORKOS_CLIENT_ID",
					Replace(c.File, start-1, end+1, "process.env.WORKOS_CLIENT_ID")))
			}
		}
		c.Report(start, end, msg, opts...)
	}
}
