package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// The reverse of checkCustomAuthDomainIssuer: every issuer is on a custom domain, but a client
// of the deployment signs users in through api.workos.com. Tokens from there carry iss on
// api.workos.com (a sandbox environment, which cannot have a custom domain, always does), and
// WorkOS says a production environment with a custom domain must be reached through it.

// customOnlyIssuers reports the custom host of the auth config's AuthKit issuers when every
// provider's issuer host is written out and none is api.workos.com, and where to report.
func customOnlyIssuers(p *project.Project, ac *project.AuthConfig, own map[string]bool) (string, issuerSite, bool) {
	if !ac.ProvidersKnown || len(ac.Providers) == 0 {
		return "", issuerSite{}, false
	}
	host, site := "", issuerSite{}
	for _, prov := range ac.Providers {
		u, ok := prov.IssuerURL()
		if !ok || strings.Contains(u.Host, project.Hole) || u.OnWorkOSHost() {
			return "", issuerSite{}, false // unknown, or api.workos.com is accepted
		}
		if prov.Role() != project.RoleUserManagement {
			continue // SSO on the custom domain, or another identity provider
		}
		h, ok := customHost(u.Host)
		if !ok || own[h] || host != "" && h != host {
			return "", issuerSite{}, false // local, the app's own proxy, or two custom domains
		}
		if host == "" {
			host, site = h, issuerSite{start: u.Value.Start, end: u.Value.End}
		}
	}
	return host, site, host != ""
}

// defaultHostClient is an AuthKitProvider known to talk to api.workos.com.
type defaultHostClient struct {
	file       *project.File
	start, end int
}

// defaultHostClients lists the AuthKitProvider elements of deployment d's clients that talk to
// api.workos.com: no apiHostname (authkit-react's default), or apiHostname="api.workos.com",
// and no spread, port or https prop that could point them elsewhere. A client is a package
// that depends on convex and hands tokens to it (a ConvexProviderWithAuth… in its files);
// tests and Storybook stories render providers that never reach the deployment.
func defaultHostClients(p *project.Project, d *project.Root) []defaultHostClient {
	var out []defaultHostClient
	sends := map[*project.Root]bool{}
	sendsTokens := func(r *project.Root) bool {
		v, ok := sends[r]
		if !ok {
			v = dependsOnConvex(r) && slices.ContainsFunc(p.Files, func(f *project.File) bool {
				return f.Root == r && f.Kind == project.KindJS && analysis.Mentions(f, "ConvexProviderWithAuth")
			})
			sends[r] = v
		}
		return v
	}
	client := func(r *project.Root) bool {
		return r != nil && analysis.BackendOf(p, r) == d && sendsTokens(r)
	}
	clientAuthKitProviders(p, client, func(f *project.File, src string, el *analysis.Element) {
		if isStory(f.Path) || el.HasSpread() {
			return
		}
		if _, _, has := el.Prop("port"); has {
			return
		}
		if _, _, has := el.Prop("https"); has {
			return
		}
		if v, _, has := el.Prop("apiHostname"); has {
			s, _, _, ok := analysis.JSXString(src, v)
			if !ok || !strings.EqualFold(strings.TrimSpace(s), project.WorkOSHost) {
				return
			}
		}
		out = append(out, defaultHostClient{file: f, start: el.Start, end: el.End})
	})
	return out
}

// checkDefaultHostClient reports, on the AuthKit issuer, an auth config that accepts tokens
// only from a custom domain while a client of its deployment gets them from api.workos.com.
func checkDefaultHostClient(c *ProjectContext, d *project.Root, ac *project.AuthConfig) {
	p := c.Project
	clients := defaultHostClients(p, d)
	if len(clients) == 0 {
		return
	}
	var own map[string]bool
	if r := clients[0].file.Root; r != nil {
		own = ownHosts(analysis.EnvFilesOf(p, r))
	}
	host, at, ok := customOnlyIssuers(p, ac, own)
	if !ok {
		return
	}
	first := clients[0]
	msg := fmt.Sprintf("every WorkOS issuer here is on the custom AuthKit API domain %s, but AuthKitProvider in %s "+
		"has no apiHostname and signs users in through %s: tokens from there carry iss on %s (a sandbox "+
		"environment's always do) and match no provider, so every user appears signed out of Convex. Set "+
		"apiHostname=\"%s\" on the AuthKitProvider (WorkOS: once a custom domain is set, call the API through it), "+
		"or also accept issuers on %s for environments without the custom domain",
		host, first.file.Rel, project.WorkOSHost, project.WorkOSHost, host, project.WorkOSHost)
	var opts []Option
	for _, cl := range clients {
		opts = append(opts, WithRelated(cl.file, cl.start, cl.end, "this AuthKitProvider talks to "+project.WorkOSHost))
	}
	c.Report(ac.File, at.start, at.end, msg, opts...)
}

// dependsOnConvex reports a package (or a workspace root above it) that lists convex.
func dependsOnConvex(r *project.Root) bool {
	for _, o := range r.Chain() {
		if o.Deps["convex"] {
			return true
		}
	}
	return false
}

// isStory reports a Storybook story file (Button.stories.tsx, Button.story.tsx).
func isStory(path string) bool {
	base := filepath.Base(path)
	return strings.Contains(base, ".stories.") || strings.Contains(base, ".story.")
}
