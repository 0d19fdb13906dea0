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
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "Convex accepts a token only when its `iss` claim equals a provider's `issuer` exactly, " +
				"character for character. WorkOS uses two issuers: `https://api.workos.com/` (SSO, with the " +
				"trailing slash) and `https://api.workos.com/user_management/<client ID>` (AuthKit, without " +
				"one). Near misses are easy to write and fail silently, every user appearing signed out: " +
				"`https://api.workos.com` without the slash, a trailing slash after the client ID, `http:`, " +
				"a missing client ID segment, or paths from other WorkOS endpoints such as " +
				"`/sso/oidc/user_management/...` or a jwks URL.\n\n" +
				"Only issuers written with the host `api.workos.com` are checked; custom auth domains (a " +
				"host from an env var or another host) are the app's own business.",
			Bad:   "issuer: \"https://api.workos.com\",\n// ...\nissuer: `https://api.workos.com/user_management/${clientId}/`,\n",
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
		c.Report(v.Start, v.End, msg+"; Convex compares the token's iss claim with it exactly, so no token matches", opts...)
	}
}

// issuerProblem says what is wrong with an api.workos.com issuer, or "".
func issuerProblem(scheme, path string) string {
	if i := strings.Index(path, "/user_management"); i >= 0 {
		want := "AuthKit tokens carry iss " + umIssuer
		before, after := path[:i], path[i+len("/user_management"):]
		seg := strings.TrimPrefix(after, "/")
		switch {
		case before != "":
			return "the issuer has " + quoted(before) + " before /user_management: " + want
		case after == "" || after == "/":
			return "the issuer lacks the client ID after /user_management/: " + want
		case !strings.HasPrefix(after, "/"):
			return "the issuer's path is not /user_management/<client ID>: " + want
		case strings.Contains(strings.TrimSuffix(seg, "/"), "/"):
			return "the issuer has extra path segments: " + want
		case strings.HasSuffix(seg, "/"):
			return "the issuer ends with a slash after the client ID: " + want + ", with no trailing slash"
		case scheme != "https":
			return "the issuer uses " + scheme + ": " + want
		}
		return ""
	}
	want := "WorkOS SSO tokens carry iss " + ssoIssuer
	switch {
	case path == "":
		return "the issuer lacks the trailing slash: " + want
	case path == "/":
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
