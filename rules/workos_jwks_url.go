package rules

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "workos-jwks-url",
		Title:    "WorkOS provider jwks is not https://api.workos.com/sso/jwks/<client ID>",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "Convex fetches the keys that verify a token from the provider's `jwks` URL. For WorkOS " +
				"both providers, SSO and user_management, use the same key set: " +
				"`https://api.workos.com/sso/jwks/<client ID>`. Other URLs (`.../user_management/jwks`, " +
				"`.../sso/jwks` without the client ID, `http:`, the issuer pasted as jwks) return no keys " +
				"or the wrong ones, and every token fails verification.\n\n" +
				"Only jwks URLs written with the host `api.workos.com` are checked (custom auth domains " +
				"are left alone). The fix writes the URL with the client ID expression the provider " +
				"already uses.",
			Bad:   "jwks: `https://api.workos.com/user_management/jwks/${clientId}`,\n",
			Good:  "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n",
			Lang:  "ts",
			Guide: "Required Configuration: both providers use jwks: `https://api.workos.com/sso/jwks/${clientId}`.",
		},
		CheckFile: checkWorkOSJWKSURL,
	})
}

const jwksPrefix = "https://api.workos.com/sso/jwks/"

func checkWorkOSJWKSURL(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	for jwks := range ac.WorkOSURLs("jwks") {
		seg, prefixed := strings.CutPrefix(jwks.Pattern, jwksPrefix)
		if prefixed && seg != "" && !strings.Contains(seg, "/") {
			continue // https://api.workos.com/sso/jwks/<one segment>: a hole or a literal client ID
		}
		// The client ID the fix writes: this URL's own hole when it has exactly one, else
		// the one the providers use.
		id := ac.ClientID()
		if len(jwks.Holes) == 1 {
			if t := strings.TrimSpace(ac.Text(jwks.Holes[0].Start, jwks.Holes[0].End)); t != "" {
				id = project.ClientIDRef{Text: t}
			}
		}
		v := jwks.Value
		fixed := id.URL(jwksPrefix, ac.Quote())
		var opts []Option
		if v.SrcStart != v.Start {
			opts = append(opts, WithRelated(c.File, v.SrcStart, v.SrcEnd, "the jwks URL is defined here"))
		}
		opts = append(opts, WithFix("Use "+fixed, Replace(c.File, v.Start, v.End, fixed)))
		c.Report(v.Start, v.End, "WorkOS serves the signing keys of both providers at "+
			"https://api.workos.com/sso/jwks/<client ID> and Convex cannot verify tokens with the keys of "+
			"another URL; set jwks to "+fixed, opts...)
	}
}
