package rules

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "custom-auth-domain-issuer",
		Title:    "The AuthKit API host the client gets tokens from has no issuer in the auth config (custom domain vs api.workos.com)",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Doc: Doc{
			Why: "With a custom WorkOS Authentication API domain, the AuthKit SDKs send every call, the " +
				"token exchange and refreshes included, to that host: `apiHostname` of " +
				"`@workos-inc/authkit-react` (0.16, \"your custom Authentication API domain\"; " +
				"`@workos-inc/authkit-js` builds `https://<apiHostname>`), and `WORKOS_API_HOSTNAME` for " +
				"`@workos-inc/authkit-nextjs` (4.3) and `@workos/authkit-tanstack-react-start`. The access " +
				"tokens WorkOS mints there carry the custom domain in `iss`: " +
				"`@convex-dev/workos-authkit` 0.2.5+ moves both issuers to `https://<apiHostname>/` and " +
				"`https://<apiHostname>/user_management/<client ID>` for that reason (get-convex/workos-authkit " +
				"#49, #52), and WorkOS's authkit-react-router now expects `iss` on the API host it talks to " +
				"(workos/authkit-react-router #83, #85). Convex picks a provider by comparing `iss` with each " +
				"`issuer` as text, trailing slashes aside (get-convex/convex-backend crates/common/src/auth.rs), " +
				"so when every issuer is on `api.workos.com` no provider matches: \"No auth provider found " +
				"matching the given token\", and every user appears signed out.\n\n" +
				"Keep the `api.workos.com` providers if a WorkOS environment without the custom domain (a " +
				"staging one) still signs users in, and add the same two on the custom domain. The `jwks` can " +
				"stay `https://api.workos.com/sso/jwks/<client ID>` (what the component writes) or move to the " +
				"custom domain (what `@workos-inc/node`'s `getJwksUrl` builds): both serve the keys.\n\n" +
				"Reported on the auth config when a client of the deployment is known to use the custom " +
				"domain: a literal `apiHostname` (or a `const` holding one), one read from a `VITE_`/" +
				"`NEXT_PUBLIC_` variable that an env file sets (`?? \"api.workos.com\"` fallbacks included), or " +
				"`WORKOS_API_HOSTNAME` in the env files of a Next.js or TanStack Start app. Silent when a " +
				"value is unknown (a variable no env file sets, a spread of props, a helper), when an issuer's host is not written out or is not `api.workos.com` (a custom " +
				"domain already configured), and for localhost, IP addresses, ports, `https={false}` and the " +
				"host of the app's own redirect URI: proxies to api.workos.com, whose tokens keep its iss.\n\n" +
				"The reverse is reported too: every WorkOS issuer on one custom domain, while an " +
				"`AuthKitProvider` of the deployment's client (a package that depends on convex and hands it tokens " +
				"through a `ConvexProviderWithAuth…`; not a test or a Storybook story) has no `apiHostname` (or " +
				"`api.workos.com`), so it " +
				"talks to `api.workos.com`, the default of `@workos-inc/authkit-js` `createClient` " +
				"(`DEFAULT_HOSTNAME`). Tokens from there carry `iss` on `api.workos.com`; a sandbox environment, " +
				"which cannot have a custom domain, always talks there, and WorkOS says a production environment " +
				"with a custom domain must be called through it (docs: Custom Domains, Authentication API). Silent " +
				"when the `apiHostname` is any other expression, the props come from a spread, the client is a " +
				"server-side SDK (authkit-nextjs or TanStack Start read `WORKOS_API_HOSTNAME`, which the hosting " +
				"platform may set), an issuer's host is not written out, or an issuer is on `api.workos.com`.",
			Bad: "// src/main.tsx\n<AuthKitProvider clientId={clientId} apiHostname=\"auth.acme.dev\">\n\n" +
				"// convex/auth.config.ts\nissuer: `https://api.workos.com/user_management/${clientId}`,\n" +
				"jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n\n" +
				"// or the reverse: the issuers on the custom domain, the client on api.workos.com\n" +
				"<AuthKitProvider clientId={clientId}>\n" +
				"issuer: `https://auth.acme.dev/user_management/${clientId}`,\n",
			Good: "// convex/auth.config.ts: the api.workos.com providers, and\n" +
				"issuer: `https://auth.acme.dev/user_management/${clientId}`,\n" +
				"jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n\n" +
				"// and the client on the same domain\n" +
				"<AuthKitProvider clientId={clientId} apiHostname=\"auth.acme.dev\">\n",
			Lang:  "ts",
			Guide: "Troubleshooting: Token validation fails — Wrong issuer — Check BOTH providers in auth.config.ts.",
		},
		// Reported in the auth config, whose default export has providers.
		Triggers:     []string{"providers"},
		CheckProject: checkCustomAuthDomainIssuer,
	})
}

// mintSource is where the files say a client gets its Convex tokens from a custom host.
type mintSource struct {
	host       string // lower case
	what       string // "apiHostname of AuthKitProvider in src/main.tsx"
	file       *project.File
	start, end int
}

func checkCustomAuthDomainIssuer(c *ProjectContext) {
	p := c.Project
	for _, d := range p.Deployments() {
		ac := d.EvalAuthConfig()
		if ac == nil || !ac.Parsed || !p.IsTarget(ac.File.Path) {
			continue
		}
		at, ok := workOSOnlyIssuers(p, d, ac)
		if !ok {
			checkDefaultHostClient(c, d, ac)
			continue
		}
		sources := customHostSources(p, d)
		var hosts []string
		byHost := map[string][]mintSource{}
		for _, s := range sources {
			if byHost[s.host] == nil {
				hosts = append(hosts, s.host)
			}
			byHost[s.host] = append(byHost[s.host], s)
		}
		for _, h := range hosts {
			first := byHost[h][0]
			msg := fmt.Sprintf("tokens minted through the custom AuthKit API domain %s (%s) carry iss on that domain, "+
				"but every issuer here is on %s: Convex finds no provider for them and every user appears signed out. "+
				"Add providers with issuer https://%s/user_management/<client ID> (and https://%s/ for SSO); their "+
				"jwks can stay on %s", h, first.what, project.WorkOSHost, h, h, project.WorkOSHost)
			var opts []Option
			for _, s := range byHost[h] {
				opts = append(opts, WithRelated(s.file, s.start, s.end, "the client gets its tokens from "+h+" here"))
			}
			opts = append(opts, at.related...)
			c.Report(ac.File, at.start, at.end, msg, opts...)
		}
	}
}

// issuerSite is where the finding goes in the auth config.
type issuerSite struct {
	start, end int
	related    []Option
}

// workOSOnlyIssuers reports whether every provider of the auth config is known to have its
// issuer (or OIDC domain) written with the host api.workos.com, and where to report: the
// AuthKit provider's issuer, else the first. `providers: authKit.getAuthConfigProviders()` of
// @convex-dev/workos-authkit counts when the AuthKit has no apiHostname option (0.2.7
// src/client/index.ts getAuthConfigProviders).
func workOSOnlyIssuers(p *project.Project, d *project.Root, ac *project.AuthConfig) (issuerSite, bool) {
	if site, ok := componentIssuers(p, d, ac); ok {
		return site, true
	}
	if !ac.ProvidersKnown || len(ac.Providers) == 0 {
		return issuerSite{}, false
	}
	var site issuerSite
	found, authKit := false, false
	for _, prov := range ac.Providers {
		u, ok := prov.IssuerURL()
		if !ok || !u.OnWorkOSHost() {
			return issuerSite{}, false // unknown, or another host: maybe the custom domain already
		}
		if um := prov.Role() == project.RoleUserManagement; !found || um && !authKit {
			site, found, authKit = issuerSite{start: u.Value.Start, end: u.Value.End}, true, um
		}
	}
	return site, true
}

// componentIssuers reads `providers: x.getAuthConfigProviders()` where x is an AuthKit of
// @convex-dev/workos-authkit whose options are a literal without apiHostname.
func componentIssuers(p *project.Project, d *project.Root, ac *project.AuthConfig) (issuerSite, bool) {
	pv := ac.ProvidersValue
	if ac.ProvidersField == nil || pv.Kind != project.Unknown ||
		!strings.HasSuffix(strings.Join(strings.Fields(ac.Text(pv.Start, pv.End)), ""), ".getAuthConfigProviders()") {
		return issuerSite{}, false
	}
	dep := analysis.AuthKitDeploymentOf(p, d)
	if dep == nil {
		return issuerSite{}, false
	}
	for _, inst := range dep.Instances {
		for _, call := range inst.CallsOf("getAuthConfigProviders") {
			if call.File != ac.File || call.Start < pv.Start || call.End > pv.End {
				continue
			}
			if _, has := inst.Option("apiHostname"); has || !inst.OptionsKnown {
				return issuerSite{}, false
			}
			return issuerSite{start: call.Start, end: call.End, related: []Option{WithRelated(inst.File, inst.Start, inst.End,
				"this AuthKit has no apiHostname: getAuthConfigProviders() puts both issuers on "+project.WorkOSHost)}}, true
		}
	}
	return issuerSite{}, false
}

// customHostSources lists what the clients of deployment d say about a custom AuthKit API
// host: AuthKitProvider apiHostname values, and WORKOS_API_HOSTNAME in the env files of
// Next.js and TanStack Start apps.
func customHostSources(p *project.Project, d *project.Root) []mintSource {
	var out []mintSource
	clientOf := func(r *project.Root) bool {
		return r != nil && analysis.BackendOf(p, r) == d && dependsOnConvex(r)
	}
	clientAuthKitProviders(p, clientOf, func(f *project.File, src string, el *analysis.Element) {
		out = append(out, providerHostSources(p, f, src, el)...)
	})
	for _, r := range p.Roots {
		if (r.Deps[analysis.AuthKitNext] || r.Deps[analysis.AuthKitTanStack]) && clientOf(r) {
			out = append(out, envHostSources(p, r)...)
		}
	}
	return out
}

// clientAuthKitProviders calls yield with each AuthKitProvider of authkit-react in client code
// (not tests, not the functions directory) of the packages client accepts, and its file's text.
func clientAuthKitProviders(p *project.Project, client func(*project.Root) bool, yield func(*project.File, string, *analysis.Element)) {
	for _, ff := range analysis.GraphOf(p).SeedsMentioning(p.Files, "AuthKitProvider") {
		f := ff.File
		if analysis.InTestTree(p, f.Path) || p.InFunctionsDir(f.Path) || !client(f.Root) {
			continue
		}
		src, err := f.Content()
		if err != nil {
			continue
		}
		for _, el := range ff.Elements {
			if el.Is("AuthKitProvider", analysis.AuthKitReact) {
				yield(f, src, el)
			}
		}
	}
}

// providerHostSources reads the host an AuthKitProvider element talks to, when it is a custom
// one the files make certain.
func providerHostSources(p *project.Project, f *project.File, src string, el *analysis.Element) []mintSource {
	if el.HasSpread() {
		return nil // any prop may come from the spread
	}
	if _, _, has := el.Prop("port"); has {
		return nil // a local proxy
	}
	if v, _, has := el.Prop("https"); has {
		if b, ok := v.Data.(*shim.EBoolean); !ok || !b.Value {
			return nil
		}
	}
	v, _, has := el.Prop("apiHostname")
	if !has {
		return nil // api.workos.com
	}
	envs := analysis.EnvFilesOf(p, f.Root)
	own := ownHosts(envs)
	if s, start, end, ok := analysis.JSXString(src, v); ok {
		if h, ok := customHost(s); ok && !own[h] {
			return []mintSource{{host: h, what: "apiHostname of AuthKitProvider in " + f.Rel, file: f, start: start, end: end}}
		}
		return nil
	}
	if s, def, ok := constString(p, f, v); ok {
		h, ok := customHost(s)
		defSrc, err := def.File.Content()
		if !ok || own[h] || err != nil {
			return nil
		}
		r := shim.RangeOfString(defSrc, analysis.Unwrap(def.Value).Loc)
		return []mintSource{{host: h, what: def.Name + ", AuthKitProvider's apiHostname in " + f.Rel,
			file: def.File, start: int(r.Loc.Start), end: int(r.Loc.Start + r.Len)}}
	}
	tree, _ := f.AST()
	// `env ?? "api.workos.com"` and `env || …` take the variable's value wherever an env file sets
	// it; where none does, the hosting platform may, so the fallback proves nothing.
	if b, ok := v.Data.(*shim.EBinary); ok && (b.Op == shim.BinOpNullishCoalescing || b.Op == shim.BinOpLogicalOr) {
		v = b.Left
	}
	read, ok := analysis.EnvReadOf(tree, src, v)
	if !ok || analysis.PublicEnvPrefix(read.Name) == "" {
		return nil // not inlined into the browser bundle: unknown there
	}
	var out []mintSource
	for _, e := range envs {
		entry, ok := usableEnvEntry(e, read.Name)
		if !ok {
			continue
		}
		if h, ok := customHost(entry.Value); ok && !own[h] {
			out = append(out, mintSource{host: h, what: read.Name + " in " + filepath.Base(e.Path) + ", AuthKitProvider's apiHostname in " + f.Rel,
				file: e.File, start: entry.KeyStart, end: entry.ValueEnd})
		}
	}
	return out
}

// constString is the string a `const` binding (local or imported) of a literal holds.
func constString(p *project.Project, f *project.File, v shim.Expr) (string, analysis.Definition, bool) {
	switch v.Data.(type) {
	case *shim.EIdentifier, *shim.EImportIdentifier:
	default:
		return "", analysis.Definition{}, false
	}
	_, def, ok := analysis.ResolveExpr(p, f, v)
	if !ok || def.Value.Data == nil {
		return "", analysis.Definition{}, false
	}
	local, isLocal := def.Stmt.Data.(*shim.SLocal)
	str, isStr := analysis.Unwrap(def.Value).Data.(*shim.EString)
	if !isLocal || local.Kind != shim.LocalConst || !isStr {
		return "", analysis.Definition{}, false
	}
	return shim.StringValue(str), def, true
}

// envHostSources reads WORKOS_API_HOSTNAME, which authkit-nextjs and authkit-tanstack-react-start
// pass to the WorkOS client that exchanges codes and refreshes sessions.
func envHostSources(p *project.Project, r *project.Root) []mintSource {
	envs := analysis.EnvFilesOf(p, r)
	for _, e := range envs {
		if _, ok := usableEnvEntry(e, "WORKOS_API_PORT"); ok {
			return nil // a local proxy or mock
		}
		if entry, ok := usableEnvEntry(e, "WORKOS_API_HTTPS"); ok && strings.TrimSpace(entry.Value) != "true" {
			return nil
		}
	}
	own := ownHosts(envs)
	var out []mintSource
	for _, e := range envs {
		entry, ok := usableEnvEntry(e, "WORKOS_API_HOSTNAME")
		if !ok {
			continue
		}
		if h, ok := customHost(entry.Value); ok && !own[h] {
			out = append(out, mintSource{host: h, what: "WORKOS_API_HOSTNAME in " + filepath.Base(e.Path),
				file: e.File, start: entry.KeyStart, end: entry.ValueEnd})
		}
	}
	return out
}

// usableEnvEntry is the value an env file that is loaded (not a template, not a test one)
// gives a variable, when it is literal text.
func usableEnvEntry(e *project.EnvFile, name string) (parser.EnvEntry, bool) {
	if e.Template || e.Parsed == nil || e.Env == project.EnvTest {
		return parser.EnvEntry{}, false
	}
	entry, ok := e.Parsed.Lookup(name)
	if !ok || entry.Interpolated {
		return parser.EnvEntry{}, false
	}
	return entry, true
}

// ownHosts are the hosts of the app's redirect URIs: an apiHostname there is a same-origin
// proxy to api.workos.com, not a WorkOS custom domain.
func ownHosts(envs []*project.EnvFile) map[string]bool {
	out := map[string]bool{}
	for _, e := range envs {
		if e.Parsed == nil {
			continue
		}
		for _, entry := range e.Parsed.Entries {
			if !analysis.IsRedirectURIVar(entry.Key) {
				continue
			}
			if u, err := url.Parse(strings.TrimSpace(entry.Value)); err == nil && u.Hostname() != "" {
				out[strings.ToLower(u.Hostname())] = true
			}
		}
	}
	return out
}

// customHost reads an API hostname value as a WorkOS custom Authentication API domain: a bare
// public host name other than api.workos.com. Local hosts, IP addresses, ports, schemes, paths
// and placeholders are not.
func customHost(raw string) (string, bool) {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(raw)), ".")
	if h == "" || h == project.WorkOSHost || strings.ContainsAny(h, "/:$ @?#{}<>\\") || !strings.Contains(h, ".") ||
		net.ParseIP(h) != nil || analysis.IsLocalhost(h) || analysis.IsPlaceholder(h) {
		return "", false
	}
	return h, true
}
