package analysis

// Env-file facts shared by the env and secret rules: the variables AuthKit reads, public
// (browser-inlined) prefixes, redirect URIs, dotenv interpolation, and which env files apply
// to a file.

import (
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// IsRedirectURIVar reports the variables AuthKit reads its redirect URI from:
// WORKOS_REDIRECT_URI, NEXT_PUBLIC_WORKOS_REDIRECT_URI, VITE_WORKOS_REDIRECT_URI.
func IsRedirectURIVar(name string) bool { return strings.HasSuffix(name, "WORKOS_REDIRECT_URI") }

// IsClientIDVar reports WORKOS_CLIENT_ID with any prefix (VITE_, NEXT_PUBLIC_, …).
func IsClientIDVar(name string) bool { return strings.HasSuffix(name, "WORKOS_CLIENT_ID") }

// IsCookiePasswordVar reports variables holding a session cookie password.
func IsCookiePasswordVar(name string) bool { return strings.Contains(name, "COOKIE_PASSWORD") }

// publicPrefixes are the variable prefixes that bundlers inline into browser code.
var publicPrefixes = []string{"NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "GATSBY_", "PUBLIC_"}

// PublicEnvPrefix returns the browser-inlined prefix of a variable name (NEXT_PUBLIC_, VITE_,
// REACT_APP_, EXPO_PUBLIC_, PUBLIC_ …), or "".
func PublicEnvPrefix(name string) string {
	for _, p := range publicPrefixes {
		if strings.HasPrefix(name, p) {
			return p
		}
	}
	return ""
}

// RedirectKind classifies a redirect URI value.
type RedirectKind int

const (
	RedirectUnknown RedirectKind = iota // placeholder, interpolated, private network, tunnel, not a URL
	RedirectLocal                       // localhost, 127.0.0.1, [::1], *.localhost
	RedirectRemote                      // https on a public host name
)

// tunnelHosts serve a developer's machine or a preview build over https: an https URL there
// says nothing about production.
var tunnelHosts = []string{
	"ngrok.io", "ngrok.app", "ngrok-free.app", "ngrok.dev", "trycloudflare.com", "loca.lt",
	"localtunnel.me", "github.dev", "gitpod.io", "csb.app", "codesandbox.io", "replit.dev",
	"repl.co", "devtunnels.ms", "vercel.app", "netlify.app", "pages.dev",
}

// ClassifyRedirectURI says whether a redirect URI points at the developer's machine or at a
// deployed site. Placeholders (https://your-domain.com/callback) are unknown.
func ClassifyRedirectURI(v string) RedirectKind {
	if v == "" || IsPlaceholder(v) || strings.Contains(v, "$") {
		return RedirectUnknown
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return RedirectUnknown
	}
	host := strings.ToLower(u.Hostname())
	if IsLocalhost(host) {
		return RedirectLocal
	}
	if u.Scheme != "https" || net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return RedirectUnknown
	}
	for _, t := range tunnelHosts {
		if host == t || strings.HasSuffix(host, "."+t) {
			return RedirectUnknown
		}
	}
	for _, suf := range []string{".local", ".test", ".internal", ".lan", ".example", ".invalid"} {
		if strings.HasSuffix(host, suf) {
			return RedirectUnknown
		}
	}
	return RedirectRemote
}

// IsLocalhost reports host names of the local machine.
func IsLocalhost(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "0.0.0.0" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// UTF16Len is a string's length as JavaScript counts it (what `password.length` checks).
func UTF16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// EnvRefs lists the variables a dotenv value interpolates ($NAME, ${NAME}, ${NAME:-default}).
func EnvRefs(raw string) []string {
	var out []string
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] != '$' || i > 0 && raw[i-1] == '\\' {
			continue
		}
		j := i + 1
		if raw[j] == '{' {
			j++
		}
		k := j
		for k < len(raw) && (raw[k] == '_' || raw[k] >= 'A' && raw[k] <= 'Z' || raw[k] >= 'a' && raw[k] <= 'z' || k > j && raw[k] >= '0' && raw[k] <= '9') {
			k++
		}
		if k > j {
			out = append(out, raw[j:k])
		}
		i = k - 1
	}
	return out
}

// EnvFilesFor returns the env files that apply to code at path: those of its package and of
// the workspace roots that list it (a monorepo's top level), outermost first, test fixtures
// excluded. An unrelated project above the package (a folder of checkouts) lends it none.
func EnvFilesFor(p *project.Project, path string) []*project.EnvFile {
	return EnvFilesOf(p, p.RootOf(path))
}

// EnvFilesOf is EnvFilesFor for the code of the package r.
func EnvFilesOf(p *project.Project, r *project.Root) []*project.EnvFile {
	var out []*project.EnvFile
	chain := r.Chain()
	for i := len(chain) - 1; i >= 0; i-- {
		for _, e := range chain[i].EnvFiles {
			if !InTestTree(p, e.Path) {
				out = append(out, e)
			}
		}
	}
	return out
}

// LocalEnvVarNames are the variables that convex.json `authKit.<env>.localEnvVars`
// provision into .env.local: those of the convex.json of path's package, of its workspace
// roots, and of the deployment the package talks to.
func LocalEnvVarNames(p *project.Project, path string) map[string]bool {
	out := map[string]bool{}
	root := p.RootOf(path)
	roots := root.Chain()
	if d := BackendOf(p, root); d != nil {
		roots = append(roots, d)
	}
	for _, r := range roots {
		if r.ConvexJSON == nil {
			continue
		}
		for _, env := range []string{"dev", "preview", "prod"} {
			v, ok := r.ConvexJSON.Get("authKit", env, "localEnvVars")
			if !ok {
				continue
			}
			forEachProp(v, func(key string) { out[key] = true })
		}
	}
	return out
}

// IsDevEnv reports development env files (.env.local, .env.development*), by name.
func IsDevEnv(e *project.EnvFile) bool { return e.Env == project.EnvDev }

// IsProdEnv reports production env files (.env.production*), by name.
func IsProdEnv(e *project.EnvFile) bool { return e.Env == project.EnvProd }

// EnvDisplayName is how messages name an env file: its base name.
func EnvDisplayName(e *project.EnvFile) string { return filepath.Base(e.Path) }

// forEachProp calls fn with each string key of an object literal.
func forEachProp(v shim.Expr, fn func(key string)) {
	o, ok := v.Data.(*shim.EObject)
	if !ok {
		return
	}
	for _, prop := range o.Properties {
		if k, ok := prop.Key.Data.(*shim.EString); ok {
			fn(shim.StringValue(k))
		}
	}
}
