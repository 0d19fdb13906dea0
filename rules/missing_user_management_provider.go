package rules

import (
	"slices"

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
				"appends the provider in the SSO provider's layout and key order, reusing the client ID expression it reads.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    {\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      applicationID: clientId,\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n    {\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],\n};\n",
			Lang:  "ts",
			Guide: "DON'T: Forget the second provider entry (user_management issuer). DO: Include BOTH provider entries in auth.config.ts (different issuers).",
		},
		CheckFile: missingUserManagementProvider.check,
	})
}

// missingUserManagementProvider: a lone SSO provider, and the user_management provider the fix
// appends.
var missingUserManagementProvider = missingProvider{
	have:    project.RoleSSO,
	missing: project.RoleUserManagement,
	label:   "the WorkOS SSO provider",
	provider: func(id project.ClientIDRef, q byte) []project.KV {
		return []project.KV{
			{Key: "type", Value: quoteJS("customJwt", q)},
			{Key: "issuer", Value: id.URL("https://api.workos.com/user_management/", q)},
			{Key: "algorithm", Value: quoteJS("RS256", q)},
			{Key: "jwks", Value: id.URL("https://api.workos.com/sso/jwks/", q)},
		}
	},
	fix: "Add the user_management provider",
	message: "the WorkOS user_management provider is missing: AuthKit access tokens (issuer " +
		"https://api.workos.com/user_management/<client ID>) match no provider and every request is " +
		"unauthenticated; add a customJwt provider with that issuer and the same jwks",
}

// missingProvider is the check of missing-sso-provider and missing-user-management-provider:
// the auth config has WorkOS's provider of one role and not the one of the other
// (AuthConfig.LoneProvider). The finding points at the providers key, with the provider there
// as related location and a fix that appends the missing one, formatted like it.
type missingProvider struct {
	have, missing project.Role
	label         string // of the related location, the provider of role have
	// provider is the properties of the provider the fix appends, with the client ID
	// expression the providers use and the file's quote character.
	provider func(id project.ClientIDRef, q byte) []project.KV
	fix      string // the fix's title
	message  string
}

func (m missingProvider) check(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	have, ok := ac.LoneProvider(m.have, m.missing)
	if !ok {
		return
	}
	iss, _ := have.Issuer()
	opts := []Option{WithRelated(c.File, iss.Start, iss.End, m.label)}
	props := inKeyOrder(m.provider(ac.ClientID(), ac.Quote()), have.Value.Fields)
	if fix, ok := appendProviderFix(c, ac, have, props); ok {
		opts = append(opts, WithFix(m.fix, fix))
	}
	start, end := providersRange(ac)
	c.Report(start, end, m.message, opts...)
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

// inKeyOrder orders the properties of a new provider as the existing provider orders its keys
// (written `{ issuer, type, jwks, algorithm }`, the new one is too); a key the existing one
// lacks (applicationID) follows the key it follows in props, the guide's order.
func inKeyOrder(props []project.KV, like []project.Field) []project.KV {
	var out []project.KV
	placed := map[string]bool{}
	for _, f := range like {
		for _, p := range props {
			if p.Key == f.Key && !placed[p.Key] {
				out, placed[p.Key] = append(out, p), true
			}
		}
	}
	for i, p := range props {
		if placed[p.Key] {
			continue
		}
		at := 0 // after the nearest key before it in props that is placed
		for j := i - 1; j >= 0; j-- {
			if k := slices.IndexFunc(out, func(q project.KV) bool { return q.Key == props[j].Key }); k >= 0 {
				at = k + 1
				break
			}
		}
		out = slices.Insert(out, at, p)
		placed[p.Key] = true
	}
	return out
}
