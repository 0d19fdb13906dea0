package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// authKitPackages are the packages that mean "this app signs in with WorkOS AuthKit".
var authKitPackages = []string{"@workos-inc/authkit-react", "@workos-inc/authkit-nextjs", "@convex-dev/workos"}

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
				"to push it.\n\nThe rule looks at every Convex functions directory under the lint root " +
				"(monorepos included) and stays silent when the project has no Convex backend at all.",
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
		Triggers:     []string{"@workos-inc/authkit-", "@convex-dev/workos"},
		CheckProject: checkMissingAuthConfig,
	})
}

func checkMissingAuthConfig(c *ProjectContext) {
	hasConvex := false
	for _, r := range c.Project.Roots {
		if r.AuthConfig != nil {
			return
		}
		hasConvex = hasConvex || r.HasConvex
	}
	if !hasConvex {
		return // no Convex backend under the lint root: nothing to check against
	}
	for _, r := range c.Project.Roots {
		if r.Package == nil || !r.Deps["convex"] {
			continue
		}
		for _, pkg := range authKitPackages {
			if !r.Deps[pkg] {
				continue
			}
			start, end := dependencyKey(r.Package, pkg)
			c.Report(r.Package.File, start, end, fmt.Sprintf("this app uses Convex with %s, but no Convex functions "+
				"directory has an auth.config.ts: add one with both WorkOS providers so Convex accepts AuthKit tokens", pkg))
			break
		}
	}
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
