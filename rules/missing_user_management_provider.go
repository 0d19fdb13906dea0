package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "missing-user-management-provider",
		Title:    "Auth config has the WorkOS SSO provider but not the user_management one",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "WorkOS issues tokens under two issuers: `https://api.workos.com/` for SSO and " +
				"`https://api.workos.com/user_management/<client ID>` for AuthKit. The access tokens that " +
				"AuthKit hands the browser (and that `ConvexProviderWithAuthKit` sends to Convex) carry the " +
				"second one. With only the SSO provider in `convex/auth.config.ts`, Convex finds no provider " +
				"for them: every query runs unauthenticated and `ctx.auth.getUserIdentity()` returns null, " +
				"with \"No auth provider found matching the given token\" in the logs.\n\n" +
				"The rule fires only when the whole providers list is known (no helper call, `.map` or " +
				"conditional spread) and no provider's issuer could be the user_management one. The fix " +
				"appends the provider, reusing the client ID expression the SSO provider reads.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Lang:  "ts",
			Guide: "DON'T: Forget the second provider entry (user_management issuer). DO: Include BOTH provider entries in auth.config.ts (different issuers).",
		},
		CheckFile: checkMissingUserManagementProvider,
	})
}

func checkMissingUserManagementProvider(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil || !ac.ProvidersKnown {
		return
	}
	var sso *project.Provider
	for i, p := range ac.Providers {
		switch p.Role() {
		case project.RoleUserManagement, project.RoleUnknown:
			return // there, or could be
		case project.RoleSSO:
			if sso == nil && p.IsWorkOS() {
				sso = &ac.Providers[i]
			}
		}
	}
	if sso == nil {
		return
	}
	id, q := ac.ClientID(), ac.Quote()
	provider := []project.KV{
		{Key: "type", Value: quoteJS("customJwt", q)},
		{Key: "issuer", Value: id.URL("https://api.workos.com/user_management/", q)},
		{Key: "algorithm", Value: quoteJS("RS256", q)},
		{Key: "jwks", Value: id.URL("https://api.workos.com/sso/jwks/", q)},
	}
	iss, _ := sso.Issuer()
	opts := []Option{WithRelated(c.File, iss.Start, iss.End, "the WorkOS SSO provider")}
	if fix, ok := appendProviderFix(c, ac, *sso, provider); ok {
		opts = append(opts, WithFix("Add the user_management provider", fix))
	}
	start, end := providersRange(ac)
	c.Report(start, end, "the WorkOS user_management provider is missing: AuthKit access tokens (issuer "+
		"https://api.workos.com/user_management/<client ID>) match no provider and every request is "+
		"unauthenticated; add a customJwt provider with that issuer and the same jwks", opts...)
}

// providersRange is where findings about the providers list as a whole point: the
// `providers` key of the default export.
func providersRange(ac *project.AuthConfig) (int, int) {
	f := ac.ProvidersField
	return f.KeyStart, f.KeyEnd
}

// appendProviderFix inserts a provider object after the last element of the providers array,
// formatted like the provider like.
func appendProviderFix(c *FileContext, ac *project.AuthConfig, like project.Provider, props []project.KV) (Edit, bool) {
	arr := ac.ProvidersValue
	if arr.Kind != project.Array || arr.LastEnd < 0 {
		return Edit{}, false
	}
	_, multiline := ac.LineIndent(arr.LastStart)
	at, text := ac.InsertAfter(arr.LastStart, arr.LastEnd, ac.FormatObject(like.Value, props, multiline))
	return Replace(c.File, at, at, text), true
}

// quoteJS writes s as a JavaScript string literal with quote q.
func quoteJS(s string, q byte) string {
	return project.ClientIDRef{Literal: true, Str: s}.Expr(q)
}
