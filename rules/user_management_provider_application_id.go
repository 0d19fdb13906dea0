package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:    "user-management-provider-application-id",
		Title: "WorkOS user_management provider sets applicationID, which AuthKit tokens match only with a custom aud claim",
		// A warning: a WorkOS JWT template can add the aud claim, and that setting is in the dashboard,
		// not in the repository.
		Severity: Warning,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "AuthKit access tokens (issuer `https://api.workos.com/user_management/<client ID>`) carry " +
				"no `aud` claim by default: the client ID is already in the issuer. When the user_management " +
				"provider sets `applicationID`, Convex requires an `aud` equal to it, so unless the WorkOS JWT " +
				"template adds `\"aud\"` with the client ID (Convex's AuthKit troubleshooting page, \"Missing aud " +
				"claim\"), every AuthKit token fails the check and the logs say \"No auth provider found matching " +
				"the given token\". Convex's AuthKit docs and templates (template-nextjs-authkit, " +
				"template-react-vite-authkit) leave it out; many apps copied it from the SSO provider, which " +
				"is the only one that needs it. A warning, not an error: the JWT template lives in the WorkOS " +
				"dashboard, where the linter cannot see it.\n\n" +
				"The fix deletes the property; that is safe with or without an aud claim, since the issuer " +
				"already names the client ID.",
			Bad:   "{\n  type: \"customJwt\",\n  issuer: `https://api.workos.com/user_management/${clientId}`,\n  algorithm: \"RS256\",\n  applicationID: clientId,\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Good:  "{\n  type: \"customJwt\",\n  issuer: `https://api.workos.com/user_management/${clientId}`,\n  algorithm: \"RS256\",\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Lang:  "ts",
			Guide: "Required Configuration: the user_management provider has no `applicationID` (only the `https://api.workos.com/` one does).",
		},
		CheckFile: checkUserManagementProviderApplicationID,
	})
}

func checkUserManagementProviderApplicationID(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	// WorkOSProviders leaves out the OIDC domain form: it needs applicationID, and
	// workos-provider-shape reports the form.
	for p := range ac.WorkOSProviders(project.RoleUserManagement) {
		app, ok := p.Field("applicationID")
		if !ok {
			continue
		}
		var opts []Option
		// A property spread in from a shared object may serve other providers: no fix there.
		if app.Start >= p.SrcStart && app.End <= p.SrcEnd {
			start, end := ac.RemoveField(app)
			opts = append(opts, WithFix("Remove applicationID", Replace(c.File, start, end, "")))
		}
		c.Report(app.Start, app.End, "applicationID on the WorkOS user_management provider makes Convex require an "+
			"aud claim, which AuthKit access tokens carry only when your WorkOS JWT template adds one; without it "+
			"every token is rejected: remove it (the issuer already names the client ID; only the "+
			"https://api.workos.com/ provider needs applicationID)",
			opts...)
	}
}
