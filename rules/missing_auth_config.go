package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// authKitPackages are the packages that mean "this app signs in with WorkOS AuthKit".
var authKitPackages = []string{"@workos-inc/authkit-react", "@workos-inc/authkit-nextjs", "@convex-dev/workos", analysis.AuthKitTanStack}

func init() {
	Register(&Rule{
		ID:       "missing-auth-config",
		Title:    "WorkOS AuthKit app without a Convex auth config",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Doc: Doc{
			Why: "Convex only accepts the access tokens that `convex/auth.config.ts` describes. An app " +
				"that signs users in with WorkOS AuthKit and talks to Convex, but whose Convex functions " +
				"directory has no auth config, sends tokens the backend cannot validate: " +
				"`ctx.auth.getUserIdentity()` is always null and `useConvexAuth()` never becomes " +
				"authenticated. Add the auth config with both WorkOS providers and run `npx convex dev` " +
				"to push it.\n\nEach package is checked against the Convex deployment it talks to: the " +
				"package's own functions directory, else the one whose `_generated/api` its code imports " +
				"(relative, through a tsconfig path or a workspace package), else the one its workspace provides. Another " +
				"app's auth config never counts, and a package whose backend is unknown is not reported. " +
				"Nor is an app that visibly does not use Convex auth: it renders a plain `ConvexProvider`, no app file hands Convex a token " +
				"(`ConvexProviderWithAuth`/`…WithAuthKit`, `setAuth`, a `fetchAccessToken`, a token given to " +
				"`convex/nextjs`) and no function of the deployment reads the caller (`ctx.auth`, " +
				"`getUserIdentity`, `getAuthUser`): an auth config would change nothing there (when such an app " +
				"renders AuthKitProvider, `missing-convex-auth-provider` reports the plain provider). " +
				"The AuthKit packages it knows: `@workos-inc/authkit-react`, `@workos-inc/authkit-nextjs`, " +
				"`@convex-dev/workos` and TanStack Start's `@workos/authkit-tanstack-react-start` (0.11.0).",
			Bad: "// package.json has convex and @workos-inc/authkit-react,\n// convex/ has no auth.config.ts\n",
			Good: "// convex/auth.config.ts\nconst clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n" +
				"  providers: [\n    { type: \"customJwt\", issuer: \"https://api.workos.com/\", algorithm: \"RS256\",\n" +
				"      applicationID: clientId, jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n" +
				"    { type: \"customJwt\", issuer: `https://api.workos.com/user_management/${clientId}`,\n" +
				"      algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n  ],\n};\n",
			Lang:  "ts",
			Guide: "Required Configuration: 1. auth.config.ts.",
		},
		// Reported in a package.json, at the key of its AuthKit dependency.
		Triggers:     []string{"@workos-inc/authkit-", "@convex-dev/workos", analysis.AuthKitTanStack},
		CheckProject: checkMissingAuthConfig,
	})
}

func checkMissingAuthConfig(c *ProjectContext) {
	for _, r := range c.Project.Roots {
		// Reported in the package.json only: the backend of other packages is not looked up.
		if r.Package == nil || !r.Deps["convex"] || !c.Project.IsTarget(r.Package.Path) {
			continue
		}
		d := analysis.BackendOf(c.Project, r)
		if d == nil || d.AuthConfig != nil {
			continue // no known backend to check against, or it has an auth config
		}
		if !convexAuthUsed(c.Project, r, d) {
			continue // no token is ever sent and no function asks who calls: Convex auth is not in use
		}
		for _, pkg := range authKitPackages {
			if !r.Deps[pkg] {
				continue
			}
			where := "its Convex functions directory"
			// Named from the top of the app's workspace: the same from every working directory.
			if rel, err := filepath.Rel(r.Top().Dir, d.FunctionsDir); err == nil {
				where += " (" + filepath.ToSlash(rel) + ")"
			}
			var opts []Option
			if d != r && d.Package != nil {
				opts = append(opts, WithRelated(d.Package.File, 0, 0, "the Convex deployment this app talks to"))
			}
			start, end := dependencyKey(r.Package, pkg)
			c.Report(r.Package.File, start, end, fmt.Sprintf("this app uses Convex with %s, but %s has no auth.config.ts: "+
				"add one with both WorkOS providers so Convex accepts AuthKit tokens", pkg, where), opts...)
			break
		}
	}
}

// identityWords are how Convex functions read the caller (ctx.auth.getUserIdentity, and the
// helpers of @convex-dev/workos-authkit and @convex-dev/auth built on it).
var identityWords = []string{"getUserIdentity", "ctx.auth", "getAuthUser", "getAuthUserId"}

// convexAuthUsed reports whether the app may rely on Convex auth. It does not only with
// evidence: some app file renders a plain <ConvexProvider>, no app file hands Convex a token
// (an auth-aware provider, setAuth, a fetchAccessToken, a token passed to convex/nextjs), and
// no file of the deployment's functions directory reads the caller's identity. Then an auth
// config would change nothing. Only the app's workspace counts: other projects in the run
// lend it nothing.
func convexAuthUsed(p *project.Project, r, d *project.Root) bool {
	dir := d.FunctionsDir + string(filepath.Separator)
	plain := false
	for _, f := range analysis.AppFiles(p) {
		inDeployment := strings.HasPrefix(f.Path, dir)
		if f.Kind != project.KindJS || !inDeployment && (f.Root == nil || f.Root.Top() != r.Top()) {
			continue
		}
		src, err := f.Content()
		if err != nil {
			return true // unreadable: assume it might
		}
		if inDeployment {
			for _, w := range identityWords {
				if parser.Contains(src, w) {
					return true
				}
			}
			continue
		}
		if parser.Contains(src, "ConvexProviderWith") || parser.Contains(src, "setAuth") || parser.Contains(src, "fetchAccessToken") ||
			strings.Contains(src, "convex/nextjs") && strings.Contains(src, "token") {
			return true
		}
		plain = plain || parser.Contains(src, "<ConvexProvider")
	}
	return !plain
}

// dependencyKey is the range of a dependency's key in package.json (the file start if absent).
func dependencyKey(pkg *project.JSONFile, name string) (int, int) {
	for _, section := range []string{"dependencies", "devDependencies", "peerDependencies"} {
		if deps, ok := pkg.Get(section); ok {
			if _, keyOff, ok := parser.Prop(deps, name); ok {
				return keyOff, keyOff + len(name) + 2
			}
		}
	}
	return 0, 0
}
