package rules

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "sso-provider-missing-application-id",
		Title:    "WorkOS SSO provider has no applicationID, so the token audience is not checked",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "The issuer `https://api.workos.com/` is shared by every WorkOS application; what names " +
				"yours in an SSO token is its `aud` claim, your client ID. Convex checks `aud` only when the " +
				"provider has `applicationID`: without it nothing but the signing keys ties the token to your " +
				"application, which Convex's documentation calls often insecure, and the guide's " +
				"troubleshooting table lists the \"Missing `aud` claim\" problem. Set `applicationID` to the " +
				"client ID, read from the same variable as the jwks URL.\n\n" +
				"Providers built with an unknown spread (`...base`) are not reported: the spread may set it. " +
				"The fix adds `applicationID` after the issuer, reusing the client ID expression of the jwks.",
			Bad:   "{\n  type: \"customJwt\",\n  issuer: \"https://api.workos.com/\",\n  algorithm: \"RS256\",\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Good:  "{\n  type: \"customJwt\",\n  issuer: \"https://api.workos.com/\",\n  algorithm: \"RS256\",\n  applicationID: clientId,\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Lang:  "ts",
			Guide: "Required Configuration: the `https://api.workos.com/` provider sets `applicationID: clientId`. Troubleshooting: Missing `aud` claim.",
		},
		CheckFile: checkSSOProviderMissingApplicationID,
	})
}

func checkSSOProviderMissingApplicationID(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	// WorkOSProviders leaves out the OIDC domain form: it requires applicationID anyway.
	for p, iss := range ac.WorkOSProviders(project.RoleSSO) {
		if has, known := p.Has("applicationID"); has || !known {
			continue
		}
		id := ac.ClientID()
		at, text := ac.InsertAfter(iss.Start, iss.End, "applicationID: "+id.Expr(ac.Quote()))
		c.Report(iss.Start, iss.End, "the WorkOS SSO provider has no applicationID, so Convex does not check the "+
			"token's aud claim (the issuer https://api.workos.com/ is shared by all WorkOS applications); set "+
			"applicationID to the WorkOS client ID",
			WithFix("Add applicationID: "+id.Text, Replace(c.File, at, at, text)))
	}
}
