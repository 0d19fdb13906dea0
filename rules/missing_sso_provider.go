package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "missing-sso-provider",
		Title:    "Auth config has the WorkOS user_management provider but not the SSO one",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "WorkOS signs tokens under two issuers, and the guide's auth config lists both: " +
				"`https://api.workos.com/` (SSO, with `applicationID` so that the `aud` claim is checked) " +
				"and `https://api.workos.com/user_management/<client ID>` (AuthKit). Tokens whose `iss` is " +
				"`https://api.workos.com/`, such as those of an SSO connection, match no provider when only " +
				"the user_management one is configured, and Convex treats those users as signed out.\n\n" +
				"The rule fires only when the whole providers list is known and no provider's issuer could " +
				"be the SSO one; custom auth domains are left alone. The fix appends the provider, reusing " +
				"the client ID expression, layout and key order of the existing provider.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Lang:  "ts",
			Guide: "DO: Include BOTH provider entries in auth.config.ts (different issuers). Note: WorkOS requires TWO provider entries for different JWT issuers.",
		},
		CheckFile: missingSSOProvider.check,
	})
}

// missingSSOProvider: a lone user_management provider, and the SSO provider the fix appends.
var missingSSOProvider = missingProvider{
	have:    project.RoleUserManagement,
	missing: project.RoleSSO,
	label:   "the WorkOS user_management provider",
	provider: func(id project.ClientIDRef, q byte) []project.KV {
		return []project.KV{
			{Key: "type", Value: quoteJS("customJwt", q)},
			{Key: "issuer", Value: quoteJS("https://api.workos.com/", q)},
			{Key: "algorithm", Value: quoteJS("RS256", q)},
			{Key: "applicationID", Value: id.Expr(q)},
			{Key: "jwks", Value: id.URL("https://api.workos.com/sso/jwks/", q)},
		}
	},
	fix: "Add the WorkOS SSO provider",
	message: "the WorkOS SSO provider is missing: tokens with issuer https://api.workos.com/ match " +
		"no provider; add a customJwt provider with issuer \"https://api.workos.com/\", applicationID set to " +
		"the client ID, and the same jwks",
}
