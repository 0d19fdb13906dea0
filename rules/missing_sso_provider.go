package rules

import (
	"strings"

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
				"the client ID expression the existing provider reads.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Lang:  "ts",
			Guide: "DO: Include BOTH provider entries in auth.config.ts (different issuers). Note: WorkOS requires TWO provider entries for different JWT issuers.",
		},
		CheckFile: checkMissingSSOProvider,
	})
}

func checkMissingSSOProvider(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil || !ac.ProvidersKnown {
		return
	}
	var um *project.Provider
	for i, p := range ac.Providers {
		switch p.Role() {
		case project.RoleSSO, project.RoleUnknown:
			return
		case project.RoleUserManagement:
			if um == nil && onWorkOSHost(p) {
				um = &ac.Providers[i]
			}
		}
	}
	if um == nil {
		return
	}
	id, q := ac.ClientID(), ac.Quote()
	provider := []project.KV{
		{Key: "type", Value: quoteJS("customJwt", q)},
		{Key: "issuer", Value: quoteJS("https://api.workos.com/", q)},
		{Key: "algorithm", Value: quoteJS("RS256", q)},
		{Key: "applicationID", Value: id.Expr(q)},
		{Key: "jwks", Value: id.URL("https://api.workos.com/sso/jwks/", q)},
	}
	iss, _ := um.Issuer()
	opts := []Option{WithRelated(c.File, iss.Start, iss.End, "the WorkOS user_management provider")}
	if fix, ok := appendProviderFix(c, ac, *um, provider); ok {
		opts = append(opts, WithFix("Add the WorkOS SSO provider", fix))
	}
	start, end := providersRange(ac)
	c.Report(start, end, "the WorkOS SSO provider is missing: tokens with issuer https://api.workos.com/ match "+
		"no provider; add a customJwt provider with issuer \"https://api.workos.com/\", applicationID set to "+
		"the client ID, and the same jwks", opts...)
}

// onWorkOSHost reports whether the provider's issuer is written with the literal host
// api.workos.com (not a custom auth domain).
func onWorkOSHost(p project.Provider) bool {
	iss, ok := p.Issuer()
	if !ok {
		return false
	}
	pat, _, _ := iss.Value.Pattern()
	_, host, _, ok := project.SplitURL(pat)
	return ok && host == project.WorkOSHost && !strings.Contains(host, project.Hole)
}
