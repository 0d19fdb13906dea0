package rules

// Shared predicates of the secret and env-file rules: placeholders, API key literals, redirect
// URIs, public (browser-inlined) variable prefixes, and which env files apply to a file.

import (
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// placeholderAngle matches `<your-api-key>`, `<32-char-random-string>`.
var placeholderAngle = regexp.MustCompile(`<[^<>]+>`)

// placeholderYour matches "your" starting a word: your_key, YOUR-WORKOS-CLIENT-ID, sk_yourkey.
var placeholderYour = regexp.MustCompile(`(?:^|[^a-z0-9])your`)

// placeholderWords never occur in a random secret; they are what docs and templates write.
var placeholderWords = []string{
	"changeme", "change_me", "change-me", "replaceme", "replace_me", "replace-me",
	"placeholder", "example", "sample", "dummy", "generate",
}

// IsPlaceholder reports values that documentation and templates write where a real value
// belongs: `your_32_char_minimum_password_here`, `sk_test_...`, `client_01...`,
// `<your-api-key>`, `sk_test_your_api_key_here`, `YOUR-WORKOS-CLIENT-ID`, `xxx`, `changeme`,
// and a single character repeated. The empty string is not a placeholder (callers decide
// what an empty value means).
func IsPlaceholder(value string) bool {
	v := strings.TrimSpace(value)
	if v == "" {
		return false
	}
	if strings.Contains(v, "...") || strings.Contains(v, "…") || placeholderAngle.MatchString(v) {
		return true
	}
	l := strings.ToLower(v)
	if placeholderYour.MatchString(l) || strings.HasSuffix(l, "_here") || strings.HasSuffix(l, "-here") {
		return true
	}
	if strings.Contains(v, "xxx") || strings.Contains(v, "XXX") {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	if len(v) >= 3 && strings.Count(v, v[:1]) == len(v) {
		return true
	}
	return false
}

// apiKeyPattern finds `sk_test_`/`sk_live_` and a base62 body, not inside a longer identifier.
// A following `_` or `-` means an identifier such as sk_test_your_api_key_here, not a key.
var apiKeyPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(sk_(?:test|live)_[A-Za-z0-9]+)(?:$|[^A-Za-z0-9_\-])`)

// minKeyBody is the shortest body taken for a key. WorkOS keys are ~70 base62 characters (the
// base64 of "key_<ULID>,<secret>"); 20 still admits older and truncated-but-real keys.
const minKeyBody = 20

// FindAPIKeys returns the byte ranges of real-looking secret API keys (`sk_test_`/`sk_live_`
// and a random base62 body of 20+ characters) in s. Placeholders such as `sk_test_...`,
// `sk_test_your_api_key_here` or `sk_live_XXXXXXXXXXXXXXXXXXXXXXXX` are not keys. Stripe
// uses the same prefixes: see IsWorkOSKeyBody and the callers for telling them apart.
func FindAPIKeys(s string) [][2]int {
	if !strings.Contains(s, "sk_") {
		return nil
	}
	var out [][2]int
	// The pattern consumes the character after a key, so scan from each match's key end.
	for from := 0; from < len(s); {
		m := apiKeyPattern.FindStringSubmatchIndex(s[from:])
		if m == nil {
			break
		}
		start, end := from+m[2], from+m[3]
		if looksRandomKey(s[start:end]) {
			out = append(out, [2]int{start, end})
		}
		from = end
	}
	return out
}

// looksRandomKey checks a key's body: long enough, mixed character classes, no placeholder
// words and no runs (AAAA, 12345) that a random key next to never holds.
func looksRandomKey(key string) bool {
	body := key[len(APIKeyPrefix(key)):]
	if len(body) < minKeyBody || IsPlaceholder(body) || IsPlaceholderULID(body) {
		return false
	}
	var upper, lower, digit bool
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit} {
		if b {
			classes++
		}
	}
	return classes >= 2
}

// APIKeyPrefix is "sk_test_" or "sk_live_" when v starts with it, "" otherwise.
func APIKeyPrefix(v string) string {
	for _, p := range []string{"sk_test_", "sk_live_"} {
		if strings.HasPrefix(v, p) {
			return p
		}
	}
	return ""
}

// IsWorkOSKeyBody reports keys whose body is the base64 of "key_…", the shape of WorkOS API
// keys (sk_test_a2V5XzAx…); Stripe keys, which share the sk_ prefixes, never start so.
func IsWorkOSKeyBody(key string) bool {
	return strings.HasPrefix(key[len(APIKeyPrefix(key)):], "a2V5Xz")
}

// IsWorkOSKeyContext decides whether the key at [start, end) of src is a WorkOS key rather
// than another service's sk_ key: its body says so, or its line or the line before it
// mentions WorkOS, or the file mentions WorkOS and never Stripe.
func IsWorkOSKeyContext(src string, start, end int) bool {
	if IsWorkOSKeyBody(src[start:end]) {
		return true
	}
	lineStart := strings.LastIndexAny(src[:start], "\n\r") + 1
	prevStart := 0
	if lineStart > 1 {
		prevStart = strings.LastIndexAny(src[:lineStart-1], "\n\r") + 1
	}
	lineEnd := len(src)
	if i := strings.IndexAny(src[end:], "\n\r"); i >= 0 {
		lineEnd = end + i
	}
	if strings.Contains(strings.ToLower(src[prevStart:lineEnd]), "workos") {
		return true
	}
	l := strings.ToLower(src)
	return strings.Contains(l, "workos") && !strings.Contains(l, "stripe")
}

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

// topRootDir is the outermost project root holding path (the lint root for a plain
// directory), or "" when none does.
func topRootDir(p *project.Project, path string) string {
	for _, r := range p.Roots { // parents first
		if strings.HasPrefix(path, r.Dir+string(filepath.Separator)) {
			return r.Dir
		}
	}
	return ""
}

// InTestTree is IsTestPath judged from the project root down, so that a checkout that itself
// lives under a directory named "tests" is not all test code.
func InTestTree(p *project.Project, path string) bool {
	if top := topRootDir(p, path); top != "" {
		if rel, err := filepath.Rel(top, path); err == nil {
			return IsTestPath(rel)
		}
	}
	return IsTestPath(path)
}

// EnvFilesFor returns the env files that apply to code at path: those of every project root
// holding it (an app's own files, and the monorepo's top-level ones), test fixtures excluded.
func EnvFilesFor(p *project.Project, path string) []*project.EnvFile {
	var out []*project.EnvFile
	for _, r := range p.Roots {
		if !strings.HasPrefix(path, r.Dir+string(filepath.Separator)) {
			continue
		}
		for _, e := range r.EnvFiles {
			if !InTestTree(p, e.Path) {
				out = append(out, e)
			}
		}
	}
	return out
}

// LocalEnvVarNames are the variables convex.json `authKit.<env>.localEnvVars` of the roots
// holding path provision into .env.local.
func LocalEnvVarNames(p *project.Project, path string) map[string]bool {
	out := map[string]bool{}
	for _, r := range p.Roots {
		if r.ConvexJSON == nil || !strings.HasPrefix(path, r.Dir+string(filepath.Separator)) {
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

// envDisplayName is how messages name an env file: its base name.
func envDisplayName(e *project.EnvFile) string { return filepath.Base(e.Path) }

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
