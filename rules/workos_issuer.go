package rules

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "workos-issuer",
		Title:    "WorkOS provider issuer has the wrong shape",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "Convex accepts a token only when its `iss` claim matches a provider's `issuer`. WorkOS " +
				"uses two issuers: `https://api.workos.com/` (SSO) and " +
				"`https://api.workos.com/user_management/<client ID>` (AuthKit). Near misses fail silently, " +
				"every user appearing signed out: `http:`, a missing client ID segment, extra path segments, " +
				"or paths from other WorkOS endpoints such as `/sso/oidc/user_management/...` or a jwks URL.\n\n" +
				"Trailing slashes are not reported: the Convex backend strips them from both the provider's " +
				"issuer and the token's `iss` before comparing (get-convex/convex-backend " +
				"crates/authentication/src/lib.rs, `trim_end_matches('/')`, since #38491 of June 2025; " +
				"crates/common/src/auth.rs does the same for OIDC domains). " +
				"Only issuers written with the host `api.workos.com` are checked; custom auth domains (a " +
				"host from an env var or another host) are the app's own business. The fix, offered for an " +
				"issuer written inline whose only fault is `http:`, makes it `https:`; the other near misses " +
				"need the author to say which provider was meant.",
			Bad:   "issuer: `https://api.workos.com/sso/oidc/user_management/${clientId}`,\n// ...\nissuer: \"https://api.workos.com/user_management/\",\n",
			Good:  "issuer: \"https://api.workos.com/\",\n// ...\nissuer: `https://api.workos.com/user_management/${clientId}`,\n",
			Lang:  "ts",
			Guide: "Troubleshooting: Token validation fails — Wrong issuer — Check BOTH providers in auth.config.ts.",
		},
		CheckFile: checkWorkOSIssuer,
	})
}

const (
	ssoIssuer = "https://api.workos.com/"
	umIssuer  = "https://api.workos.com/user_management/<client ID>"
)

func checkWorkOSIssuer(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	for iss := range ac.WorkOSURLs("issuer") { // custom auth domains and hosts from variables are left out
		msg := issuerProblem(iss.Scheme, iss.Path)
		if msg == "" {
			continue
		}
		v := iss.Value
		var opts []Option
		if v.SrcStart != v.Start {
			opts = append(opts, WithRelated(c.File, v.SrcStart, v.SrcEnd, "the issuer is defined here"))
		}
		if s := v.Start + 1; strings.HasPrefix(msg, "the issuer uses ") && v.SrcStart == v.Start &&
			s+len("http://") <= len(c.Source) && strings.ContainsRune("\"'`", rune(c.Source[v.Start])) &&
			c.Source[s:s+len("http://")] == "http://" {
			opts = append(opts, WithFix("Use https", Replace(c.File, s, s+len("http"), "https")))
		}
		c.Report(v.Start, v.End, msg+"; no token's iss claim matches it, so every user appears signed out", opts...)
	}
}

// issuerProblem says what is wrong with an api.workos.com issuer, or "". Trailing slashes
// are dropped first, as the Convex backend does on both sides of its comparison.
func issuerProblem(scheme, path string) string {
	path = strings.TrimRight(path, "/")
	if i := strings.Index(path, "/user_management"); i >= 0 {
		want := "AuthKit tokens carry iss " + umIssuer
		before, after := path[:i], path[i+len("/user_management"):]
		seg := strings.TrimPrefix(after, "/")
		switch {
		case before != "":
			return "the issuer has " + quoted(before) + " before /user_management: " + want
		case after == "":
			return "the issuer lacks the client ID after /user_management/: " + want
		case !strings.HasPrefix(after, "/"):
			return "the issuer's path is not /user_management/<client ID>: " + want
		case strings.Contains(seg, "/"):
			return "the issuer has extra path segments: " + want
		case scheme != "https":
			return "the issuer uses " + scheme + ": " + want
		}
		return ""
	}
	want := "WorkOS SSO tokens carry iss " + ssoIssuer
	switch {
	case path == "":
		if scheme != "https" {
			return "the issuer uses " + scheme + ": " + want
		}
	case strings.HasPrefix(path, "/sso/jwks"):
		return "the issuer is the jwks URL: the SSO provider's issuer is " + ssoIssuer + " and the AuthKit one " + umIssuer
	}
	return ""
}

// quoted shows a path fragment, holes as ${…}.
func quoted(s string) string {
	return "\"" + strings.ReplaceAll(s, project.Hole, "${…}") + "\""
}
