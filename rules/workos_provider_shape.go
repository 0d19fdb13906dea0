package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "workos-provider-shape",
		Title:    "WorkOS provider is not a customJwt provider with RS256 and the keys Convex reads",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		// WORKOS: an OIDC-form provider may name WorkOS only in its env var (WORKOS_AUTHKIT_DOMAIN).
		Triggers: []string{project.WorkOSHost, "WORKOS"},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "Convex knows two provider forms. The OIDC form (`domain`, `applicationID`) expects " +
				"OpenID ID tokens whose `aud` is the application ID; AuthKit access tokens are not that. " +
				"WorkOS providers must use the custom JWT form: `type: \"customJwt\"`, `issuer`, `jwks`, " +
				"`algorithm: \"RS256\"` (WorkOS signs with RS256) and, on the SSO provider, `applicationID`. " +
				"A provider without `type: \"customJwt\"`, with another algorithm, without `jwks` or " +
				"`algorithm`, or with keys Convex does not read (`jwksUri`, `audience`, `issuerUrl`, " +
				"`applicationId`...) does not validate the tokens it was meant for: Convex does not read a " +
				"misspelled key, so the setting it was meant to make is missing.\n\n" +
				"A provider in the OIDC form whose domain is read from a variable named for WorkOS " +
				"(`domain: process.env.WORKOS_AUTHKIT_DOMAIN, applicationID: \"convex\"`) is a WorkOS " +
				"provider in the wrong form and is reported too; other custom domains are not.\n\n" +
				"Providers with an unknown spread (`...base`) are not reported for missing keys.",
			Bad:   "{\n  domain: \"https://api.workos.com/\",\n  applicationId: clientId,\n  jwksUri: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Good:  "{\n  type: \"customJwt\",\n  issuer: \"https://api.workos.com/\",\n  algorithm: \"RS256\",\n  applicationID: clientId,\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n}\n",
			Lang:  "ts",
			Guide: "Required Configuration: each provider has `type: 'customJwt'`, `issuer`, `algorithm: 'RS256'` and `jwks`.",
		},
		CheckFile: checkWorkOSProviderShape,
	})
}

// providerKeys are the keys Convex reads in an auth provider (customJwt and OIDC forms).
var providerKeys = map[string]bool{
	"type": true, "issuer": true, "jwks": true, "algorithm": true, "applicationID": true, "domain": true,
}

// keyFixes are the usual misspellings of those keys.
var keyFixes = map[string]string{
	"applicationId": "applicationID", "appId": "applicationID", "appID": "applicationID",
	"clientId": "applicationID", "clientID": "applicationID", "client_id": "applicationID",
	"audience": "applicationID", "aud": "applicationID",
	"jwksUri": "jwks", "jwksUrl": "jwks", "jwksURL": "jwks", "jwksURI": "jwks", "jwks_uri": "jwks", "jwkUrl": "jwks",
	"issuerUrl": "issuer", "issuerURL": "issuer", "iss": "issuer",
	"alg": "algorithm", "algorithms": "algorithm",
}

// workOSNamedDomain finds an OIDC-form provider (a domain, no type) whose domain is read from
// a variable named for WorkOS (`domain: process.env.WORKOS_AUTHKIT_DOMAIN`): a WorkOS provider
// in the wrong form, not a custom auth domain the app configures on its own terms.
func workOSNamedDomain(p project.Provider) (project.Field, string, bool) {
	d, ok := p.Field("domain")
	if !ok {
		return project.Field{}, "", false
	}
	if _, hasType := p.Field("type"); hasType {
		return project.Field{}, "", false
	}
	_, holes, ok := d.Value.Pattern()
	if !ok {
		return project.Field{}, "", false
	}
	for _, h := range holes {
		if h.Kind == project.EnvVar && strings.Contains(strings.ToUpper(h.Env), "WORKOS") {
			return d, h.Env, true
		}
	}
	return project.Field{}, "", false
}

func checkWorkOSProviderShape(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	for _, p := range ac.Providers {
		if !p.IsWorkOS() {
			if d, env, ok := workOSNamedDomain(p); ok {
				c.Report(d.KeyStart, d.KeyEnd, fmt.Sprintf("this provider's domain comes from %s, so it is WorkOS, but it "+
					"uses the OIDC domain form, which expects ID tokens whose aud is the applicationID; AuthKit access "+
					"tokens need type: \"customJwt\" with issuer https://api.workos.com/user_management/<client ID>, "+
					"jwks https://api.workos.com/sso/jwks/<client ID> and algorithm: \"RS256\"", env))
			}
			continue
		}
		for _, f := range p.Fields {
			if providerKeys[f.Key] {
				continue
			}
			msg := fmt.Sprintf("Convex does not read %q in an auth provider", f.Key)
			if to, ok := keyFixes[f.Key]; ok {
				msg += fmt.Sprintf(": use %q", to)
			} else {
				msg += ": a customJwt provider takes type, issuer, jwks, algorithm and applicationID"
			}
			c.Report(f.KeyStart, f.KeyEnd, msg)
		}
		if d, ok := p.Field("domain"); ok {
			c.Report(d.KeyStart, d.KeyEnd, "the WorkOS provider uses the OIDC domain form, which expects ID tokens "+
				"with an aud claim; AuthKit access tokens need type: \"customJwt\" with issuer, jwks and algorithm: \"RS256\"")
			continue
		}
		anchor, ok := p.Field("type")
		if !ok {
			if anchor, ok = p.Field("issuer"); !ok {
				anchor, _ = p.Field("jwks")
			}
		}
		if t, ok := p.Field("type"); ok {
			if t.Value.Kind == project.String && t.Value.Str != "customJwt" {
				c.Report(t.Value.Start, t.Value.End, fmt.Sprintf("type %q is not a Convex provider type for WorkOS: use \"customJwt\"", t.Value.Str))
			}
		} else if _, known := p.Has("type"); known {
			c.Report(anchor.KeyStart, anchor.KeyEnd, "the WorkOS provider has no type: \"customJwt\"; without it Convex "+
				"expects the OIDC form (domain and applicationID) and does not use issuer and jwks")
		}
		if a, ok := p.Field("algorithm"); ok {
			if a.Value.Kind == project.String && a.Value.Str != "RS256" {
				c.Report(a.Value.Start, a.Value.End, fmt.Sprintf("algorithm %q: WorkOS signs its tokens with RS256; set algorithm: \"RS256\"", a.Value.Str))
			}
		} else if _, known := p.Has("algorithm"); known {
			c.Report(anchor.KeyStart, anchor.KeyEnd, "the WorkOS provider has no algorithm: a customJwt provider needs one; add algorithm: \"RS256\"")
		}
		for _, k := range []string{"issuer", "jwks"} {
			if has, known := p.Has(k); !has && known {
				c.Report(anchor.KeyStart, anchor.KeyEnd, fmt.Sprintf("the WorkOS provider has no %s: a customJwt provider needs issuer and jwks", k))
			}
		}
	}
}
